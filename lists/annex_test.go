package lists_test

import (
	"encoding/csv"
	"os"
	"testing"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// TestAnnexNamesMeetTheList: each of the 59 names of the Annex to EO 14032
// (as the executive order wrote them, 2021-06-03) reaches the embedded
// NS-CMIC entry listed that day, by an equal name or a similar one, and
// together they reach all 59 such entries.
func TestAnnexNamesMeetTheList(t *testing.T) {
	f, err := os.Open("testdata/annex/eo14032_annex.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	set := lists.NewSet(l)
	annexDay := holdings.MustDate("2021-06-03")
	want := map[string]bool{}
	for _, e := range l.Entries {
		if e.List == lists.NSCMIC && e.CMIC.Listing == annexDay {
			want[e.ID] = true
		}
	}
	got := map[string]bool{}
	exact, similar := 0, 0
	for _, r := range rows[1:] {
		name := r[1]
		var found *lists.Entry
		if _, hits := set.ByName(name); len(hits) > 0 {
			// Several entries may share a name (an entry's primary name is
			// another's alias): the primary name decides.
			rank := map[lists.By]int{lists.ByName: 0, lists.ByAlias: 1, lists.ByIssuerName: 2, lists.ByWeakAlias: 3}
			best := 99
			for _, h := range hits {
				if want[h.Entry.ID] && rank[h.By] < best {
					found, best = h.Entry, rank[h.By]
				}
			}
			if found != nil {
				exact++
			}
		}
		if found == nil {
			for _, c := range set.SearchName(name, lists.SearchOptions{}) {
				if want[c.Entry.ID] {
					found = c.Entry
					similar++
					break
				}
			}
		}
		if found == nil {
			t.Errorf("annex %s %q reaches no entry listed on %s", r[0], name, annexDay)
			continue
		}
		got[found.ID] = true
	}
	if len(rows)-1 != 59 || len(want) != 59 || len(got) != 59 {
		t.Errorf("annex names %d, entries listed that day %d, reached %d; want 59 each", len(rows)-1, len(want), len(got))
	}
	t.Logf("%d annex names equal an entry's name after normalisation, %d only similar", exact, similar)
}
