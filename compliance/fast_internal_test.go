package compliance

import (
	"sort"
	"testing"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/gen"
	"github.com/investscreen/investscreen/lists"
)

// TestFastMatchesGeneral: the fast path reaches the same entries, by the
// same fields, as the general resolution, on a generated book.
func TestFastMatchesGeneral(t *testing.T) {
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	book := gen.NewBook(3, 20000, 4000, 0.05, l)
	m, err := holdings.NewMaster(book.Securities)
	if err != nil {
		t.Fatal(err)
	}
	c := New(lists.NewSet(l), m)
	summary := func(r resolution) []string {
		var out []string
		for _, h := range r.hits {
			out = append(out, h.Entry.List+" "+h.Entry.ID+" "+string(h.By))
		}
		sort.Strings(out)
		return out
	}
	fast, hits := 0, 0
	for i := range book.Portfolio.Holdings {
		h := &book.Portfolio.Holdings[i]
		rf, ok := c.fast(h)
		if !ok {
			continue
		}
		fast++
		rg := c.explore(h, nil)
		a, b := summary(rf), summary(rg)
		hits += len(a)
		if rf.resolved != rg.resolved || len(a) != len(b) {
			t.Fatalf("line %d: fast %v %v, general %v %v", h.Line, rf.resolved, a, rg.resolved, b)
		}
		for k := range a {
			if a[k] != b[k] {
				t.Fatalf("line %d: fast %v, general %v", h.Line, a, b)
			}
		}
	}
	if fast < 15000 || hits == 0 {
		t.Errorf("fast path taken %d times with %d hits: the test does not test it", fast, hits)
	}
}
