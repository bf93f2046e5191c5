package lists

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSearchName feeds arbitrary names to the reading of names
// (designators, parentheses, cut legal forms, folding) and to SearchName
// against the embedded list: no panic, and what comes back keeps
// SearchName's promises.
func FuzzSearchName(f *testing.F) {
	for _, s := range []string{
		"SENSETIME-W", "CNOOC Ltd - H Shares", "CHINA MOBILE LTD-SPON ADR", "Megvii Technology Limited (Face++)",
		"CHINA SATELLITE COMMUNICATI-A", "ZHONGHANG ELECTRONIC MEASURING INSTRUMENTS CO LT", "((", "-A", "(ADR)",
		"Ｈｕａｗｅｉ", "ПАО «Газпром»", "中国移动通信集团有限公司", "Class A", "a-b-c-d-e-f", "\xff\xfe", "SZ",
	} {
		f.Add(s)
	}
	emb, err := Embedded()
	if err != nil {
		f.Fatal(err)
	}
	set := NewSet(emb)
	f.Fuzz(func(t *testing.T, name string) {
		exact, forms := nameForms(name)
		if exact != NormalizeName(name) {
			t.Fatalf("nameForms(%q) exact %q, NormalizeName %q", name, exact, NormalizeName(name))
		}
		for _, fm := range forms {
			if fm.key == "" || strings.Join(strings.Fields(fm.key), " ") != fm.key || !utf8.ValidString(fm.key) && utf8.ValidString(name) {
				t.Fatalf("nameForms(%q): form %+v", name, fm)
			}
		}
		for _, c := range set.SearchName(name, SearchOptions{Limit: -1}) {
			if c.Score < 0 || c.Score > 1 || math.IsNaN(c.Score) || (c.Score == 1) != c.Exact {
				t.Fatalf("SearchName(%q): %s %q score %v exact %v", name, c.Entry.ID, c.Key, c.Score, c.Exact)
			}
			if c.Match != (c.Strength > StrengthSimilar) && !hasNote(c.Notes, NoteOutranked) {
				t.Fatalf("SearchName(%q): %s Match %v Strength %v", name, c.Entry.ID, c.Match, c.Strength)
			}
		}
	})
}

func hasNote(ns []Note, k NoteKind) bool {
	for _, n := range ns {
		if n.Kind == k {
			return true
		}
	}
	return false
}

// FuzzSearchIsScan holds the index's postings, bounds and word caches to
// a scan of every key (nameindex.Index.Scan) on arbitrary names: the same
// keys, scores and tokens, at two thresholds.
func FuzzSearchIsScan(f *testing.F) {
	for _, s := range []string{
		"China Satellite Comm Co Ltd-A", "China Unicom (Hong Kong) Ltd Sponsored ADR", "Hikvison Digital Tech", "GREATWALL MOTOR",
		"Great Wall Motor", "Shenzhen Sensetime", "rosneft oil co", "AVIC", "Industrial & Commercial Bank of China", "xqzv",
	} {
		f.Add(s)
	}
	emb, err := Embedded()
	if err != nil {
		f.Fatal(err)
	}
	set := NewSet(emb)
	f.Fuzz(func(t *testing.T, name string) {
		_, forms := nameForms(name)
		for _, fm := range forms {
			for _, min := range []float64{0.5, DefaultMinScore} {
				got := set.search.Search(fm.key, min)
				want := set.search.Scan(fm.key, min)
				if len(got) != len(want) {
					t.Fatalf("%q at %v: Search finds %d keys, Scan %d", fm.key, min, len(got), len(want))
				}
				for i := range want {
					g, w := got[i], want[i]
					if g.Key != w.Key || g.Score != w.Score || g.Exact != w.Exact || strings.Join(g.Tokens, " ") != strings.Join(w.Tokens, " ") || len(g.Pairs) != len(w.Pairs) {
						t.Fatalf("%q at %v: Search %+v, Scan %+v", fm.key, min, g, w)
					}
				}
			}
		}
	})
}
