package lists

import (
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/investscreen/investscreen/internal/nameindex"
)

// benchLists returns the consolidated list (embedded) and the SDN list of
// July 2021.
func benchLists(b *testing.B) []*List {
	b.Helper()
	sdn := loadSDN(b)
	emb, err := Embedded()
	if err != nil {
		b.Fatal(err)
	}
	return []*List{emb, sdn}
}

// benchQueries are the queries of the labelled set, in file order.
func benchQueries(b *testing.B) []string {
	b.Helper()
	var qs []string
	for _, r := range readLabelled(b) {
		qs = append(qs, r.query)
	}
	return qs
}

// bruteName is one name of the brute-force baseline, normalised.
type bruteName struct {
	key   string
	entry *Entry
	by    By
}

// bruteNames normalises every name, alias (weak ones too) and issuer
// name of the lists, as the baseline's index.
func bruteNames(ls []*List) []bruteName {
	var out []bruteName
	add := func(e *Entry, name string, by By) {
		if k := NormalizeName(name); k != "" {
			out = append(out, bruteName{k, e, by})
		}
	}
	for _, l := range ls {
		for _, e := range l.Entries {
			add(e, e.Name, ByName)
			for _, a := range e.Aliases {
				by := ByAlias
				if a.Weak {
					by = ByWeakAlias
				}
				add(e, a.Name, by)
			}
			for _, n := range e.IssuerNames {
				add(e, n, ByIssuerName)
			}
		}
	}
	return out
}

// bruteHit is a result of the baseline.
type bruteHit struct {
	name  *bruteName
	score float64
}

// bruteSearch is the baseline: the normalised query scored against every
// normalised name with Jaro-Winkler over the whole strings, the way
// moov-io/watchman scores names, keeping the best name of each entry
// that reaches min, best first, at most limit.
func bruteSearch(names []bruteName, query string, min float64, limit int) []bruteHit {
	q := NormalizeName(query)
	if q == "" {
		return nil
	}
	best := map[*Entry]int{}
	var hits []bruteHit
	for i := range names {
		s := nameindex.JaroWinkler(q, names[i].key)
		if s < min {
			continue
		}
		if j, ok := best[names[i].entry]; ok {
			if s > hits[j].score {
				hits[j] = bruteHit{&names[i], s}
			}
			continue
		}
		best[names[i].entry] = len(hits)
		hits = append(hits, bruteHit{&names[i], s})
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return lessID(hits[i].name.entry.ID, hits[j].name.entry.ID)
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// BenchmarkNameSearchBruteForce is the baseline for issue 6: each
// operation is one query of the labelled set scored against every name,
// alias and issuer name of the SDN and consolidated lists (about 23,000
// names) with Jaro-Winkler over the whole normalised strings.
func BenchmarkNameSearchBruteForce(b *testing.B) {
	names := bruteNames(benchLists(b))
	qs := benchQueries(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bruteSearch(names, qs[i%len(qs)], DefaultMinScore, 10)
	}
}

// BenchmarkNameSearchIndexed is SearchName on the same queries and lists:
// one query per operation. It reports the 50th and 99th percentiles of
// the operations' times (p50-ns, p99-ns), each query timed on its own
// once every query has been searched once (warm).
func BenchmarkNameSearchIndexed(b *testing.B) {
	s := NewSet(benchLists(b)...)
	qs := append(benchQueries(b), displayQueries(b)...)
	for _, q := range qs {
		s.SearchName(q, SearchOptions{})
	}
	timeQueries(b, s, qs)
}

// displayQueries are the queries of testdata/names/display.csv.
func displayQueries(b *testing.B) []string {
	var qs []string
	for _, r := range readDisplay(b) {
		qs = append(qs, r.query)
	}
	return qs
}

// timeQueries runs b.N searches of qs in turn, timing each, and reports
// the percentiles and the CPU time per search (cpu-ns/op, the process's
// user and system time, garbage collection included).
func timeQueries(b *testing.B, s *Set, qs []string) {
	times := make([]time.Duration, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		s.SearchName(qs[i%len(qs)], SearchOptions{})
		times[i] = time.Since(t0)
	}
	cpu := cpuTime() - cpu0
	b.StopTimer()
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns")
}

// BenchmarkNewSet builds the Set over the SDN and consolidated lists,
// with the identifier, name and SearchName indexes.
func BenchmarkNewSet(b *testing.B) {
	ls := benchLists(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		NewSet(ls...)
	}
}

// coldNames returns n names no one has searched for: words of 5 to 10
// letters drawn from a fixed pseudo-random sequence (so the same every
// run), one to three of them, with a legal form or a generic word half of
// the time. Hardly any word of them is in the lists' vocabulary, so each
// query meets the near-word search uncached.
func coldNames(n int) []string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	tails := []string{"", "", "", " Co Ltd", " Technology Co., Ltd.", " Group Holdings", " International Corp", " Industries Inc"}
	state := uint64(0x9e3779b97f4a7c15)
	next := func() uint64 { // xorshift64*
		state ^= state >> 12
		state ^= state << 25
		state ^= state >> 27
		return state * 0x2545f4914f6cdd1d
	}
	out := make([]string, n)
	buf := make([]byte, 0, 64)
	for i := range out {
		buf = buf[:0]
		words := 1 + int(next()%3)
		for w := 0; w < words; w++ {
			if w > 0 {
				buf = append(buf, ' ')
			}
			l := 5 + int(next()%6)
			for j := 0; j < l; j++ {
				c := letters[next()%26]
				if j == 0 {
					c -= 'a' - 'A'
				}
				buf = append(buf, c)
			}
		}
		out[i] = string(buf) + tails[next()%uint64(len(tails))]
	}
	return out
}

// BenchmarkNameSearchCold is SearchName on names never queried before
// (coldNames), over the SDN and consolidated lists: each operation is a
// new name, so no near-word cache helps. It reports the percentiles as
// BenchmarkNameSearchIndexed does.
func BenchmarkNameSearchCold(b *testing.B) {
	s := NewSet(benchLists(b)...)
	qs := coldNames(1 << 20)
	if b.N > len(qs) {
		b.Fatalf("b.N %d beyond the %d cold names: use a shorter -benchtime", b.N, len(qs))
	}
	timeQueries(b, s, qs)
}

// BenchmarkNormalizeName normalises the queries of the labelled sets,
// one per operation.
func BenchmarkNormalizeName(b *testing.B) {
	qs := append(benchQueries(b), displayQueries(b)...)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		NormalizeName(qs[i%len(qs)])
	}
}

// BenchmarkNameSearchFirst is the first query of each name of the
// labelled sets on a Set that has not searched it (nor anything else
// since it was built): every operation is a name the Set meets for the
// first time, its words' near words not yet found. A new Set is built,
// with the timer stopped, after each pass over the names. It reports the
// percentiles as BenchmarkNameSearchIndexed does.
func BenchmarkNameSearchFirst(b *testing.B) {
	ls := benchLists(b)
	qs := append(benchQueries(b), displayQueries(b)...)
	times := make([]time.Duration, b.N)
	var s *Set
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%len(qs) == 0 {
			b.StopTimer()
			s = NewSet(ls...)
			b.StartTimer()
		}
		t0 := time.Now()
		s.SearchName(qs[i%len(qs)], SearchOptions{})
		times[i] = time.Since(t0)
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "p50-ns")
	b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns")
}
