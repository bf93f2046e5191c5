package lists_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

func ExampleEmbedded() {
	l, err := lists.Embedded()
	if err != nil {
		fmt.Println(err)
		return
	}
	cmic := 0
	for _, e := range l.Entries {
		if e.List == lists.NSCMIC {
			cmic++
		}
	}
	fmt.Println(l.Release.Name, l.Release.Date, len(l.Entries), cmic)
	// Output:
	// OFAC Consolidated (non-SDN) List 2025-12-19 442 68
}

func ExampleSet_ByID() {
	l, _ := lists.Embedded()
	set := lists.NewSet(l)
	id, _ := holdings.ParseTicker("0941.HK")
	for _, h := range set.ByID(id) {
		fmt.Println(h.Entry.List, h.Entry.ID, h.Entry.Name, h.By, h.Value, h.Entry.CMIC.Effective)
	}
	// Output:
	// NS-CMIC 30923 CHINA MOBILE LIMITED ticker 941 HK 2021-08-02
}

func ExampleNormalizeName() {
	fmt.Println(lists.NormalizeName("SenseTime Group Inc."))
	fmt.Println(lists.NormalizeName("SENSETIME GROUP LIMITED"))
	fmt.Println(lists.NormalizeName("CHINA UNITED NETWORK COMMUNICATIONS GROUP CO., LTD."))
	// Output:
	// sensetime group
	// sensetime group
	// china united network communications group
}

func ExampleDiff() {
	old := &lists.List{Entries: []*lists.Entry{
		{List: lists.NSCMIC, ID: "1", Name: "ACME LIMITED", ISINs: []string{"US0378331005"}},
		{List: lists.NSCMIC, ID: "2", Name: "GONE LIMITED"},
	}}
	new := &lists.List{Entries: []*lists.Entry{
		{List: lists.NSCMIC, ID: "1", Name: "ACME LIMITED", ISINs: []string{"US0378331005", "US5949181045"}},
		{List: lists.NSCMIC, ID: "3", Name: "NEW LIMITED"},
	}}
	c, err := lists.Diff(old, new)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range c.Added {
		fmt.Println("added", e.ID, e.Name)
	}
	for _, e := range c.Removed {
		fmt.Println("removed", e.ID, e.Name)
	}
	for _, ch := range c.Changed {
		for _, f := range ch.Fields {
			fmt.Println("changed", ch.ID, f.Field, f.Added, f.Removed)
		}
	}
	// Output:
	// added 3 NEW LIMITED
	// removed 2 GONE LIMITED
	// changed 1 isins [US5949181045] []
}

func ExampleCheckShrink() {
	entries := func(ids ...string) *lists.List {
		l := &lists.List{Release: lists.Release{Source: strings.Join(ids, "+")}}
		for _, id := range ids {
			l.Entries = append(l.Entries, &lists.Entry{List: lists.SDN, ID: id, Name: "ENTRY " + id})
		}
		return l
	}
	prev := entries("1", "2", "3", "4")
	// One of four lost: 25%, more than DefaultMaxLoss.
	err := lists.CheckShrink(prev, entries("1", "2", "3", "9"), lists.DefaultMaxLoss)
	var se *lists.ShrinkError
	fmt.Println(errors.Is(err, lists.ErrShrunk), errors.As(err, &se) && se.Lost == 1 && se.Total == 4)
	// The caller accepts a loss of up to half.
	fmt.Println(lists.CheckShrink(prev, entries("1", "2", "3"), 0.5))
	// Output:
	// true true
	// <nil>
}

func ExampleMergeWith() {
	release := func(date string, names ...string) *lists.List {
		l := &lists.List{Release: lists.Release{Name: "house", Source: "house@" + date, Date: holdings.MustDate(date), IDScheme: lists.IDContent}}
		for _, n := range names {
			l.Entries = append(l.Entries, &lists.Entry{List: lists.Restricted, ID: n, Name: n})
		}
		return l
	}
	jan := release("2025-01-02", "ACME", "BETA")
	jun := release("2025-06-02", "ACME")
	// Strict by default: losing BETA is half of the list.
	_, err := lists.MergeWith(lists.MergeOptions{}, jan, jun)
	fmt.Println(errors.Is(err, lists.ErrShrunk))
	// Accepted explicitly, BETA is in force until the June release.
	h, err := lists.MergeWith(lists.MergeOptions{AcceptShrink: true}, jan, jun)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range h.Entries {
		fmt.Println(e.Name, e.InForce(holdings.MustDate("2025-06-01")), e.InForce(holdings.MustDate("2025-06-02")))
	}
	// Output:
	// true
	// ACME true true
	// BETA true false
}
