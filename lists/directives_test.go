package lists_test

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// TestEmbeddedDirectives counts the directives the parser finds in the
// embedded snapshot: the counts of the remark texts themselves (grep -c on
// cons_prim.csv and cons_comments.csv gives the same).
func TestEmbeddedDirectives(t *testing.T) {
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	ssi := 0
	for _, e := range l.Entries {
		if e.List == lists.SSI {
			ssi++
		}
		for _, r := range e.Restrictions {
			k := r.Authority + " " + r.Measure
			got[k]++
			if !r.Effective.IsZero() {
				got[k+" effective "+r.Effective.String()]++
			}
			if !r.Listed.IsZero() {
				got[k+" listed "+r.Listed.String()]++
			}
		}
	}
	want := map[string]int{
		"EO 13662 Directive 1": 124,
		"EO 13662 Directive 2": 54,
		"EO 13662 Directive 3": 42,
		"EO 13662 Directive 4": 86,
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d entries, want %d", k, got[k], n)
		}
	}
	if ssi != 286 {
		t.Errorf("SSI entries: %d, want 286", ssi)
	}
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%-60s %d", k, got[k])
	}
}

func TestDirectiveRemarks(t *testing.T) {
	sber := mustEntry(t, "17018")
	d3 := sber.Restriction(lists.EO14024, "Directive 3")
	if d3 == nil || d3.Effective != holdings.MustDate("2022-03-26") || d3.Listed != holdings.MustDate("2022-02-24") {
		t.Fatalf("Sberbank EO 14024 Directive 3 = %+v", d3)
	}
	if sber.Restriction(lists.EO13662, "Directive 1") == nil {
		t.Fatal("Sberbank: no EO 13662 Directive 1")
	}
	cbr := mustEntry(t, "31695")
	d1a := cbr.Restriction(lists.EO14024, "Directive 1A")
	if d1a == nil || d1a.Effective != holdings.MustDate("2022-03-01") || d1a.Listed != holdings.MustDate("2022-02-22") {
		t.Fatalf("Central Bank Directive 1a = %+v", d1a)
	}
	if cbr.Restriction(lists.EO14024, "Directive 4") == nil {
		t.Fatal("Central Bank: no Directive 4")
	}
}

func mustEntry(t *testing.T, id string) *lists.Entry {
	t.Helper()
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range l.Entries {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("no entry %s", id)
	return nil
}

// A directive date OFAC's reader cannot read refuses the list: a misread
// date could move a cut-off.
func TestDirectiveBadDate(t *testing.T) {
	for name, remark := range map[string]string{
		"month":  "Effective Date (EO 14024 Directive 3): 26 Mer 2022",
		"number": "Listing Date (EO 14024 Directive x): 24 Feb 2022",
		"colon":  "Listing Date (EO 14024 Directive 3) 24 Feb 2022",
	} {
		t.Run(name, func(t *testing.T) {
			prim := fmt.Sprintf("1,\"TEST BANK\",-0- ,\"RUSSIA-EO14024\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"%s.\"\r\n\x1a", remark)
			_, err := lists.ReadOFAC(mapFS("cons_prim.csv", prim))
			var pe *lists.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, lists.ErrFormat) {
				t.Fatalf("err = %v, want a ParseError of ErrFormat", err)
			}
			if !strings.Contains(pe.Field, "remarks") {
				t.Errorf("field %q does not name the remarks (%v)", pe.Field, err)
			}
		})
	}
}

// The CSL gives the directive texts as identifiers: the same restrictions.
func TestDirectivesFromCSL(t *testing.T) {
	l, err := lists.Load("csl:testdata/csl/ssi.csv")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range l.Entries {
		if e.ID == "17013" {
			if e.Restriction(lists.EO13662, "Directive 1") == nil {
				t.Fatalf("VTB from the CSL: restrictions %+v", e.Restrictions)
			}
		}
		n += len(e.Restrictions)
	}
	if n == 0 {
		t.Fatal("no directive read from the CSL")
	}
}

func TestDirectiveDatesFromCSL(t *testing.T) {
	l, err := lists.Load("csl:testdata/csl/ssi.csv")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range l.Entries {
		if r := e.Restriction(lists.EO14024, "Directive 3"); r != nil && r.Effective == holdings.MustDate("2022-03-26") && r.Listed == holdings.MustDate("2022-02-24") {
			found = true
		}
	}
	if !found {
		t.Fatal("no EO 14024 Directive 3 with its CSL dates")
	}
}

// Every OFAC format gives the directives: the XML formats and the CSL as
// identifiers, the legacy CSV in the remarks (counts of the real files).
func TestDirectivesEveryFormat(t *testing.T) {
	for _, c := range []struct {
		path string
		want map[string]int
	}{
		{"testdata/real/ofac/format-reference/cons_advanced-2020-03.xml", map[string]int{"EO 13662 Directive 1": 128, "EO 13662 Directive 2": 54, "EO 13662 Directive 3": 42, "EO 13662 Directive 4": 86}},
		{"testdata/real/ofac/format-reference/consolidated-2018-04.xml", map[string]int{"EO 13662 Directive 1": 129, "EO 13662 Directive 2": 53, "EO 13662 Directive 3": 42, "EO 13662 Directive 4": 85}},
		{"testdata/real/csl-2023-11/consolidated_screening_list.csv", map[string]int{"EO 13662 Directive 1": 128, "EO 13662 Directive 2": 56, "EO 13662 Directive 3": 42, "EO 13662 Directive 4": 88,
			"EO 14024 Directive 1a dated": 3, "EO 14024 Directive 2 dated": 14, "EO 14024 Directive 3 dated": 15, "EO 14024 Directive 4": 3}},
	} {
		t.Run(c.path, func(t *testing.T) {
			l, err := lists.Load(c.path)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, e := range l.Entries {
				for _, r := range e.Restrictions {
					k := r.Authority + " " + r.Measure
					if !r.Effective.IsZero() {
						k += " dated"
					}
					got[k]++
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
}
