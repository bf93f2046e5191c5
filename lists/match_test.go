package lists

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/internal/nameindex"
)

// sdnDir is the real SDN list of July 2021 (OFAC's legacy CSV files), a
// copy of shared/data/ofac/sdn-2021-07 kept in the repository.
const sdnDir = "testdata/sdn-2021-07"

// labelled is one row of testdata/names/labelled.csv; id may name
// several entries, separated by "|", any of which the query names.
type labelled struct {
	line                  int
	query, id, kind, note string
}

func readLabelled(tb testing.TB) []labelled {
	tb.Helper()
	f, err := os.Open("testdata/names/labelled.csv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	if got, want := recs[0], []string{"query", "expected_entry_id", "kind", "note"}; !cmp.Equal(got, want) {
		tb.Fatalf("header = %q, want %q", got, want)
	}
	var rows []labelled
	for i, r := range recs[1:] {
		rows = append(rows, labelled{line: i + 2, query: r[0], id: r[1], kind: r[2], note: r[3]})
	}
	return rows
}

// exactKinds are the kinds of variant that must normalise to a listed
// name: SearchName must find them Exact.
var exactKinds = map[string]bool{"case": true, "punctuation": true, "legal-form": true, "full-width": true}

// loadSDN returns the SDN list of July 2021.
func loadSDN(tb testing.TB) *List {
	tb.Helper()
	l, err := LoadOFAC(sdnDir)
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

// TestSearchNameLabelled runs the labelled set against the embedded list
// and against the SDN list of July 2021
// with it (testdata/sdn-2021-07). Every true variant must be found (Exact, or Score at least
// DefaultMinScore) within the default limit, and the variants of the
// kinds in exactKinds must be Exact; no negative may be Exact. It logs
// recall, the negatives that reach review, and the score margins that
// DefaultMinScore sits between.
func TestSearchNameLabelled(t *testing.T) {
	rows := readLabelled(t)
	if len(rows) < 120 {
		t.Errorf("labelled set has %d rows, want at least 120", len(rows))
	}
	emb, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	inEmb := map[string]bool{}
	for _, e := range emb.Entries {
		inEmb[e.ID] = true
	}
	sets := []struct {
		name string
		set  *Set
		all  bool // rows of entries not in the embedded list too
	}{{"embedded", NewSet(emb), false}, {"embedded+SDN 2021-07", NewSet(emb, loadSDN(t)), true}}
	for _, s := range sets {
		t.Run(s.name, func(t *testing.T) {
			var pos, found, neg, negReview, negExact, skipped int
			minFound, maxNeg := 1.0, 0.0
			var minRow, maxRow string
			var posScores, negScores []string // the margins, for the log
			for _, r := range rows {
				cands := s.set.SearchName(r.query, SearchOptions{})
				if r.id == "" {
					neg++
					if all := s.set.SearchName(r.query, SearchOptions{MinScore: 0.01, Limit: 1}); len(all) > 0 {
						negScores = append(negScores, fmt.Sprintf("%.3f %s", all[0].Score, r.query))
					}
					for _, c := range cands {
						if c.Exact {
							negExact++
							t.Errorf("line %d: negative %q is Exact for %s %s %q (%s)", r.line, r.query, c.Entry.List, c.Entry.ID, c.Value, r.note)
						}
					}
					if len(cands) > 0 {
						negReview++
						c := cands[0]
						t.Logf("line %d: negative %q at review: %.3f %s %s %q", r.line, r.query, c.Score, c.Entry.List, c.Entry.ID, c.Key)
						if c.Score > maxNeg {
							maxNeg, maxRow = c.Score, r.query
						}
					}
					continue
				}
				ids := strings.Split(r.id, "|") // any of them
				if !inEmb[ids[0]] && !s.all {
					skipped++
					continue
				}
				pos++
				var hit *Candidate
				for i := range cands {
					if slices.Contains(ids, cands[i].Entry.ID) {
						hit = &cands[i]
						break
					}
				}
				switch {
				case hit == nil:
					best := "nothing"
					if len(cands) > 0 {
						best = fmt.Sprintf("%.3f %s %q", cands[0].Score, cands[0].Entry.ID, cands[0].Key)
					}
					t.Errorf("line %d: %s %q: entry %s not found (best: %s)", r.line, r.kind, r.query, r.id, best)
				case exactKinds[r.kind] && !hit.Exact:
					t.Errorf("line %d: %s %q: entry %s found at %.3f (%q), want Exact", r.line, r.kind, r.query, r.id, hit.Score, hit.Key)
				default:
					found++
					if !hit.Exact {
						posScores = append(posScores, fmt.Sprintf("%.3f %s", hit.Score, r.query))
						if hit.Score < minFound {
							minFound, minRow = hit.Score, r.query
						}
					}
				}
			}
			t.Logf("recall %d/%d = %.1f%% (%d rows need the SDN list); negatives %d: %d at review, %d exact",
				found, pos, 100*float64(found)/float64(pos), skipped, neg, negReview, negExact)
			t.Logf("lowest true variant not exact: %.3f (%q); highest negative: %.3f (%q); DefaultMinScore %.2f",
				minFound, minRow, maxNeg, maxRow, DefaultMinScore)
			// Issue 15's targets on this set: no true variant missed (checked
			// row by row above), review noise on at most 5% of negatives, and
			// every true variant found at or above the review threshold.
			if neg > 0 && float64(negReview) > 0.05*float64(neg) {
				t.Errorf("review noise %d of %d negatives (%.1f%%), want at most 5%%", negReview, neg, 100*float64(negReview)/float64(neg))
			}
			if found > 0 && minFound < DefaultMinScore && minFound < 1 {
				t.Errorf("a true variant scored %.3f (%q), below the review threshold %.2f", minFound, minRow, DefaultMinScore)
			}
			sort.Strings(posScores)
			sort.Sort(sort.Reverse(sort.StringSlice(negScores)))
			if testing.Verbose() {
				t.Logf("true variants found not exact, lowest first: %q", posScores)
				t.Logf("negatives' best scores, highest first: %q", negScores)
			}
		})
	}
}

// testList is a small hand-made list for the scoring tests.
func testList(name string, entries ...*Entry) *List {
	return &List{Release: Release{Name: name}, Entries: entries}
}

func ent(id, name string, aliases ...Alias) *Entry {
	return &Entry{List: SDN, ID: id, Type: "entity", Name: name, Aliases: aliases}
}

func TestSearchNameScore(t *testing.T) {
	// Four names: "alpha beta", "alpha gamma", "delta", "greatwall
	// works". N = 4; alpha is in two.
	s := NewSet(testList("t",
		ent("1", "ALPHA BETA LTD"),
		ent("2", "Alpha Gamma Corp"),
		ent("3", "DELTA", Alias{Name: "DELTA", Weak: true}),
		ent("4", "GREATWALL WORKS"),
	))
	w := func(df float64) float64 { return math.Log(1 + 4/df) }
	wa, wb, wu := w(2), w(1), w(1) // alpha, beta, an unseen word
	tests := []struct {
		name, query string
		opt         SearchOptions
		want        []Candidate
		reason      string
	}{{
		name:   "exact",
		query:  "Alpha Beta Limited",
		want:   []Candidate{{Key: "alpha beta", Score: 1, Exact: true, Match: true, Strength: StrengthName, Tokens: []string{"alpha", "beta"}}},
		reason: "equal after normalisation, Limited is Ltd: Exact, Score 1, a match as written",
	}, {
		name:   "word order",
		query:  "Beta, Alpha",
		want:   []Candidate{{Key: "alpha beta", Score: nameindex.OrderScale, Tokens: []string{"beta", "alpha"}}},
		reason: "all words aligned in another order: 0.96",
	}, {
		name:   "extra query word",
		query:  "alpha beta omega",
		opt:    SearchOptions{MinScore: 0.5},
		want:   []Candidate{{Key: "alpha beta", Score: 2 * (wa + wb) / (wa + wb + wu + wa + wb), Tokens: []string{"alpha", "beta"}}},
		reason: "omega is unseen: it weighs as a word in one name and is unmatched",
	}, {
		name:  "missing key word",
		query: "alpha",
		opt:   SearchOptions{MinScore: 0.3},
		want: []Candidate{
			{Key: "alpha beta", Score: 2 * wa / (wa + wa + wb), Tokens: []string{"alpha"}},
			{Key: "alpha gamma", Score: 2 * wa / (wa + wa + wb), Tokens: []string{"alpha"}},
		},
		reason: "equal scores: ordered by entry ID",
	}, {
		name:   "typo",
		query:  "alpha betta",
		opt:    SearchOptions{MinScore: 0.5},
		want:   []Candidate{{Key: "alpha beta", Score: (2*wa + nameindex.JaroWinkler("betta", "beta")*2*wb) / (2 * (wa + wb)), Notes: []Note{{NoteSpelling, "Betta", "Beta"}}, Tokens: []string{"alpha", "betta"}}},
		reason: "betta is one edit from beta: similarity is their Jaro-Winkler, weight beta's",
	}, {
		name:   "joined words",
		query:  "Great Wall Works",
		want:   []Candidate{{Key: "greatwall works", Score: (nameindex.JoinSim*(2*wu+wu) + 2*wu) / (2*wu + wu + wu + wu), Notes: []Note{{NoteJoined, "Great Wall", "Greatwall"}}, Tokens: []string{"great", "wall", "works"}}},
		reason: "great and wall, unseen, count both and greatwall as much again, times nameindex.JoinSim",
	}, {
		name:   "weak alias",
		query:  "Delta",
		want:   []Candidate{{Key: "delta", Score: 1, Exact: true, Match: true, Strength: StrengthName, Tokens: []string{"delta"}}},
		reason: "name and weak alias have one key: the primary name wins",
	}, {
		name:   "nothing",
		query:  "omega",
		want:   nil,
		reason: "no word in common",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := s.SearchName(tc.query, tc.opt)
			for i := range got {
				got[i].Hit = Hit{}
			}
			if diff := cmp.Diff(tc.want, got, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-9 })); diff != "" {
				t.Errorf("SearchName(%q) mismatch (-want +got), %s:\n%s", tc.query, tc.reason, diff)
			}
		})
	}
}

func TestSearchNameOrderAndHits(t *testing.T) {
	a := testList("a",
		ent("10", "ACME ROCKETS"),
		ent("9", "Acme Rockets Co", Alias{Name: "ACME ROCKET WORKS"}),
		ent("11", "ZETA", Alias{Name: "ACME ROCKETS", Weak: true}),
	)
	b := testList("b", ent("1", "ACME ROCKETS LIMITED"))
	s := NewSet(b, a)
	got := s.SearchName("Acme Rockets", SearchOptions{})
	type row struct {
		List, ID string
		By       By
		Value    string
		Exact    bool
	}
	var rows []row
	for _, c := range got {
		rows = append(rows, row{c.List.Release.Name, c.Entry.ID, c.By, c.Value, c.Exact})
	}
	want := []row{
		{"b", "1", ByName, "ACME ROCKETS LIMITED", true},
		{"a", "9", ByName, "Acme Rockets Co", true},
		{"a", "10", ByName, "ACME ROCKETS", true},
		{"a", "11", ByWeakAlias, "ACME ROCKETS", true},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("order (-want +got): lists in Set order, then entry IDs numerically; one candidate per entry:\n%s", diff)
	}

	if got := s.SearchName("Acme Rockets", SearchOptions{Limit: 2}); len(got) != 2 {
		t.Errorf("Limit 2: got %d candidates", len(got))
	}
	if got := s.SearchName("Acme Rocket Works", SearchOptions{Limit: -1, MinScore: 0.1}); len(got) != 4 || got[0].Entry.ID != "9" || !got[0].Exact || got[0].By != ByAlias {
		t.Errorf("alias: got %+v, want entry 9 first, Exact by alias, and every entry", got)
	}
	if got := s.SearchName("  ", SearchOptions{}); got != nil {
		t.Errorf("blank query: got %+v", got)
	}
	if got := (&Set{}).SearchName("Acme", SearchOptions{}); got != nil {
		t.Errorf("zero Set: got %+v", got)
	}

	// The result is the caller's.
	first := s.SearchName("Acme Rockets", SearchOptions{})
	first[0].Tokens[0] = "changed"
	first[1] = Candidate{}
	if again := s.SearchName("Acme Rockets", SearchOptions{}); again[0].Tokens[0] != "acme" || again[1].Entry == nil {
		t.Errorf("a second search sees the first caller's changes: %+v", again[:2])
	}
}

func TestSearchNameConcurrent(t *testing.T) {
	emb, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	var queries []string
	for _, r := range readLabelled(t) {
		queries = append(queries, r.query)
	}
	for _, r := range readDisplay(t) {
		queries = append(queries, r.query)
	}
	want := make([][]Candidate, len(queries))
	ref := NewSet(emb)
	for i, q := range queries {
		want[i] = ref.SearchName(q, SearchOptions{})
	}
	// A Set no one has searched yet: the goroutines fill its caches of
	// the query words' matches together.
	s := NewSet(emb)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := range queries {
				j := (i + g*17) % len(queries)
				got := s.SearchName(queries[j], SearchOptions{})
				if !sameCandidates(got, want[j]) {
					errs <- fmt.Sprintf("goroutine %d: %q differs", g, queries[j])
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// sameCandidates compares candidates by entry identity, not by the
// entries' contents.
func sameCandidates(a, b []Candidate) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Entry != y.Entry || x.List != y.List || x.By != y.By || x.Value != y.Value || x.Key != y.Key ||
			x.Score != y.Score || x.Exact != y.Exact || x.Match != y.Match || x.Strength != y.Strength ||
			!cmp.Equal(x.Tokens, y.Tokens) || !cmp.Equal(x.Notes, y.Notes) {
			return false
		}
	}
	return true
}

// TestSearchNameFindsWhatBruteForceFinds checks the postings and the
// bounds of SearchName against a scan of every key with the same
// scoring: the index must not lose an entry with a name that scores
// MinScore or more, nor score it lower.
func TestSearchNameFindsWhatBruteForceFinds(t *testing.T) {
	emb, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	s := NewSet(emb)
	var queries []string
	for _, r := range readLabelled(t) {
		queries = append(queries, r.query)
	}
	for _, r := range readDisplay(t) {
		queries = append(queries, r.query)
	}
	for _, min := range []float64{0.5, 0.7, DefaultMinScore} {
		for _, query := range queries {
			got := map[*Entry]float64{}
			strong := map[*Entry]bool{} // a Match, kept for its Strength over a higher-scoring name
			for _, c := range s.SearchName(query, SearchOptions{MinScore: min, Limit: -1}) {
				got[c.Entry] = c.Score
				strong[c.Entry] = c.Strength > StrengthSimilar
			}
			for e, score := range scanAll(s, query, min) {
				if g, ok := got[e]; !ok || g < score-1e-9 && !strong[e] {
					t.Errorf("MinScore %.2f, %q: entry %s %q scores %.3f by a scan, %.3f (found %v) by SearchName", min, query, e.ID, e.Name, score, g, ok)
				}
			}
		}
	}
}

// scanAll scores every key of s against the ways SearchName reads query
// (nameForms) the way SearchName does but without the postings and the
// bounds (nameindex.Index.Scan), and returns the entries with a key
// reaching min, with their best score.
func scanAll(s *Set, query string, min float64) map[*Entry]float64 {
	out := map[*Entry]float64{}
	_, forms := nameForms(query)
	for _, f := range forms {
		if f.alias {
			continue // SearchName keeps what only an alias form finds, below 1
		}
		for _, r := range s.search.Scan(f.key, min) {
			for _, h := range s.names[s.keys[r.Key]] {
				score := r.Score
				if score >= 1 && s.keys[r.Key] != NormalizeName(query) {
					score = math.Nextafter(1, 0) // only Exact scores 1
				}
				if score > out[h.Entry] {
					out[h.Entry] = score
				}
			}
		}
	}
	return out
}

func TestNormalizeNameSpellings(t *testing.T) {
	// Each pair spells one name two ways; both must normalise alike.
	pairs := [][2]string{
		{"Ｈｕａｗｅｉ Ｔｅｃｈｎｏｌｏｇｉｅｓ", "Huawei Technologies"},
		{"Société Générale S.A.", "SOCIETE GENERALE"},
		{"Müller & Söhne GmbH", "MULLER AND SOHNE"},
		{"ПАО «Газпром»", "PUBLIC JOINT STOCK COMPANY GAZPROM"},
		{"Рособоронэкспорт", "ROSOBORONEKSPORT OAO"},
		{"Petróleos de Venezuela, S.A.", "PETROLEOS DE VENEZUELA S A"},
		{"中国移动通信集团有限公司", "中国移动通信集团公司"},
		{"Xi\u2019an Aircraft", "XI'AN AIRCRAFT"},
	}
	for _, p := range pairs {
		if a, b := NormalizeName(p[0]), NormalizeName(p[1]); a != b || strings.TrimSpace(a) == "" {
			t.Errorf("NormalizeName(%q) = %q, NormalizeName(%q) = %q, want equal", p[0], a, p[1], b)
		}
	}
}

func TestWords(t *testing.T) {
	key := "china satellite communications group"
	fields := strings.Fields(key)
	for i := 0; i < len(fields); i++ {
		for n := 1; i+n <= len(fields); n++ {
			if got, want := words(key, i, n), strings.Join(fields[i:i+n], " "); got != want {
				t.Errorf("words(%q, %d, %d) = %q, want %q", key, i, n, got, want)
			}
		}
	}
	if got := words("one", 0, 1); got != "one" {
		t.Errorf("words(one, 0, 1) = %q", got)
	}
}
