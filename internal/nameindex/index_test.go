package nameindex

import (
	"math"
	"slices"
	"testing"
)

// testKeys are normalised names, as lists.NormalizeName writes them.
var testKeys = []string{
	"hangzhou hikvision digital technology",
	"china satellite communications",
	"china mobile",
	"china mobile communications group",
	"sensetime group",
	"lukoil",
	"alpha beta",
	"inner mongolia first machinery group",
	"shanghai alpha",
}

func testPlace(words []string) int {
	switch {
	case len(words) >= 2 && words[0] == "inner" && words[1] == "mongolia":
		return 2
	case len(words) >= 1 && (words[0] == "hangzhou" || words[0] == "shanghai" || words[0] == "beijing"):
		return 1
	}
	return 0
}

func find(rs []Result, k int32) *Result {
	for i := range rs {
		if rs[i].Key == k {
			return &rs[i]
		}
	}
	return nil
}

func TestSearch(t *testing.T) {
	x := Build(testKeys, Options{Place: testPlace})
	tests := []struct {
		name, query string
		key         int32
		kinds       []Kind // Complete with these kinds
		exact       bool
		keyPlace    int
		queryPlace  int
	}{
		{"exact", "china mobile", 2, []Kind{Equal}, true, 0, 0},
		{"place of the key left out", "hikvision digital technology", 0, []Kind{Equal}, false, 1, 0},
		{"two-word place left out", "first machinery group", 7, []Kind{Equal}, false, 2, 0},
		{"truncated last word", "china satellite communicati", 1, []Kind{Equal, Truncation}, false, 0, 0},
		{"abbreviation", "china mobile comms grp", 3, []Kind{Equal, Abbreviation}, false, 0, 0},
		{"place of the query left out", "beijing sensetime group", 4, []Kind{Equal}, false, 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rs := x.Search(tc.query, 0.5)
			r := find(rs, tc.key)
			if r == nil {
				t.Fatalf("Search(%q): key %q not found in %+v", tc.query, testKeys[tc.key], rs)
			}
			if r.Exact != tc.exact || r.KeyPlace != tc.keyPlace || r.QueryPlace != tc.queryPlace || !r.Complete(tc.kinds...) {
				t.Errorf("Search(%q) = %+v, want Exact %v, KeyPlace %d, QueryPlace %d, complete with %v", tc.query, *r, tc.exact, tc.keyPlace, tc.queryPlace, tc.kinds)
			}
			if tc.exact != (r.Score == 1) {
				t.Errorf("Search(%q): score %v, Exact %v", tc.query, r.Score, r.Exact)
			}
		})
	}
}

func TestSearchPlacesOnBothSides(t *testing.T) {
	// "beijing alpha" and "shanghai alpha": different places, neither
	// left out.
	x := Build(testKeys, Options{Place: testPlace})
	r := find(x.Search("beijing alpha", 0.1), 8)
	if r == nil || r.QueryPlace != 0 || r.KeyPlace != 0 || r.Complete(Equal) {
		t.Errorf("beijing alpha against shanghai alpha: %+v, want both places counted", r)
	}
}

func TestSearchAddedGenericWordCountsInFull(t *testing.T) {
	// International weighs 1 where it is aligned, but a query that adds
	// it to LUKOIL pays its inverse document frequency.
	keys := append(append([]string(nil), testKeys...), "x international", "y international")
	x := Build(keys, Options{})
	n := float64(len(keys))
	wl, wi := math.Log(1+n/1), math.Log(1+n/2)
	r := find(x.Search("lukoil international", 0.1), 5)
	if want := 2 * wl / (wl + wi + wl); r == nil || math.Abs(r.Score-want) > 1e-12 || wi <= descriptorWeight {
		t.Errorf("lukoil international: %+v, want score %.4f (international %.3f in full)", r, want, wi)
	}
}

// TestSearchIsScan: Search finds what Scan finds, with the same scores,
// at several thresholds.
func TestSearchIsScan(t *testing.T) {
	x := Build(testKeys, Options{Place: testPlace})
	queries := []string{"china", "china mobile group", "hikvision", "hangzhou hikvison digital tech", "sense time", "first machinery",
		"china satellite communicat", "alpha", "shanghai beta", "lukoil international"}
	for _, min := range []float64{0.3, 0.6, 0.86} {
		for _, q := range queries {
			got := x.Search(q, min)
			for _, want := range x.Scan(q, min) {
				g := find(got, want.Key)
				if g == nil || math.Abs(g.Score-want.Score) > 1e-12 || !slices.Equal(g.Tokens, want.Tokens) {
					t.Errorf("MinScore %.2f %q: Scan %+v, Search %+v", min, q, want, g)
				}
			}
		}
	}
}
