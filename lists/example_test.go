package lists_test

import (
	"fmt"

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
