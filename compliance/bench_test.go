package compliance_test

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/gen"
	"github.com/investscreen/investscreen/lists"
)

func benchChecker(b *testing.B, n, distinct int) (*compliance.Checker, *gen.Book) {
	set, cons := testLists(b)
	book := gen.NewBook(1, n, distinct, 0.01, cons)
	m, err := holdings.NewMaster(book.Securities)
	if err != nil {
		b.Fatal(err)
	}
	chk, err := compliance.NewWithOptions(set, m, compliance.Options{Policy: compliance.Policy{SkipStaleCheck: true}})
	if err != nil {
		b.Fatal(err)
	}
	return chk, book
}

// BenchmarkCheckOrder: one order resolved by identifier (an ISIN in the
// security master, not listed) against the full SDN + consolidated lists.
func BenchmarkCheckOrder(b *testing.B) {
	chk, book := benchChecker(b, 10, 100000)
	s := book.Securities[len(book.Securities)/2]
	o := compliance.Order{Account: "A1", Ref: holdings.Ref{ISIN: s.IDs[0].Value}, Side: compliance.Buy, Quantity: decimal.NewFromInt(100), TradeDate: holdings.MustDate("2024-05-02")}
	if res := chk.CheckOrder(&o, decimal.Zero); res.Decision != compliance.Allow {
		b.Fatalf("decision %s: %+v", res.Decision, res)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		chk.CheckOrder(&o, decimal.Zero)
	}
}

// BenchmarkCheckOrderListed: one order for a listed security (China
// Mobile by ISIN), which builds findings.
func BenchmarkCheckOrderListed(b *testing.B) {
	chk, _ := benchChecker(b, 10, 1000)
	o := compliance.Order{Account: "A1", Ref: holdings.Ref{ISIN: "HK0941009539"}, Side: compliance.Buy, Quantity: decimal.NewFromInt(100), TradeDate: holdings.MustDate("2024-05-02")}
	if res := chk.CheckOrder(&o, decimal.Zero); res.Decision != compliance.Block {
		b.Fatalf("decision %s", res.Decision)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		chk.CheckOrder(&o, decimal.Zero)
	}
}

// BenchmarkCheckOrderByName: one order known only by an issuer name.
func BenchmarkCheckOrderByName(b *testing.B) {
	chk, _ := benchChecker(b, 10, 1000)
	o := compliance.Order{Account: "A1", Ref: holdings.Ref{Name: "Meridian Golden Holdings Ltd"}, Side: compliance.Buy, Quantity: decimal.NewFromInt(100), TradeDate: holdings.MustDate("2024-05-02")}
	if res := chk.CheckOrder(&o, decimal.Zero); res.Decision != compliance.Allow || res.Unresolved != "" {
		b.Fatalf("decision %s: %+v", res.Decision, res)
	}
	listed := compliance.Order{Account: "A1", Ref: holdings.Ref{Name: "SenseTime Group Ltd"}, Side: compliance.Buy, Quantity: decimal.NewFromInt(100), TradeDate: holdings.MustDate("2024-05-02")}
	if res := chk.CheckOrder(&listed, decimal.Zero); res.Decision != compliance.Block {
		b.Fatalf("a listed name: decision %s: the name path does not reach the lists", res.Decision)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		chk.CheckOrder(&o, decimal.Zero)
	}
}

// BenchmarkCheckPortfolio: a book of 1,000,000 holdings, about 1% of
// them listed, over security masters of 1k, 10k and 100k securities: the
// cost per holding (ns/holding) should not grow with the master. Each
// holding has its own copy of its identifier and name strings, laid out
// in book order, as a reader of a holdings file gives them (the generator
// shares one string per security, which would make the first touch of a
// holding's identifier cost a cache miss that grows with the master
// instead of with the book).
func BenchmarkCheckPortfolio(b *testing.B) {
	const n = 1000000
	for _, distinct := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("master=%d", distinct), func(b *testing.B) {
			chk, book := benchChecker(b, n, distinct)
			ownStrings(book.Portfolio)
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			before := ms.HeapAlloc // the book, the master, the lists and the checker
			peak := sampleHeap()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				rep := chk.CheckPortfolio(book.Portfolio, holdings.MustDate("2024-12-31")) // after every lot gen acquires
				if rep.Counts.Flagged == 0 {
					b.Fatal("nothing flagged")
				}
			}
			b.StopTimer()
			top := peak()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/holding")
			b.ReportMetric(float64(before)/1e6, "inputs-MB")
			b.ReportMetric(float64(top)/1e6, "peak-heap-MB")
		})
	}
}

// ownStrings gives every holding of p its own copy of its Ref's strings,
// in book order.
func ownStrings(p *holdings.Portfolio) {
	clone := func(s string) string {
		if s == "" {
			return ""
		}
		return string([]byte(s))
	}
	for i := range p.Holdings {
		r := &p.Holdings[i].Ref
		r.ISIN, r.CUSIP, r.SEDOL, r.FIGI, r.Ticker, r.Name = clone(r.ISIN), clone(r.CUSIP), clone(r.SEDOL), clone(r.FIGI), clone(r.Ticker), clone(r.Name)
	}
}

// sampleHeap samples the heap every 10 ms until the returned
// function is called, which returns the highest value seen.
func sampleHeap() func() uint64 {
	stop := make(chan struct{})
	done := make(chan uint64)
	go func() {
		var top uint64
		var ms runtime.MemStats
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > top {
				top = ms.HeapAlloc
			}
			select {
			case <-stop:
				done <- top
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(stop); return <-done }
}

// tickerSecurities are securities of the benchmark master known by a
// ticker, on no list, and each ticker in the accepted forms
// (holdings.ParseTicker): Bloomberg with and without the yellow key, a
// Bloomberg exchange code, a code run onto the digits, Reuters/Yahoo!
// suffixes, MIC and exchange-name prefixes, lower case, extra spaces,
// leading zeros, a bare US symbol and US share classes.
var tickerSecurities = []struct {
	ticker string
	forms  []string
}{
	{"471 HK", []string{"471 HK", "0471 HK", "0471.HK", "HKEX:471", "XHKG:0471", "471 HK Equity", "0471 hk equity", "471  HK", "HK:471"}},
	{"605999 CN", []string{"605999 CN", "605999 CH", "605999CN", "605999.SS", "SSE:605999", "XSHG:605999", "605999 C1 Equity"}},
	{"QZXB US", []string{"QZXB US", "QZXB UN", "QZXB.N", "NYSE:QZXB", "XNAS:QZXB", "QZXB US Equity", "qzxb", "QZXB"}},
	{"QZXK/B US", []string{"QZXK.B", "QZXK/B", "QZXK-B", "QZXK B", "QZXK/B US", "QZXK.B US Equity", "NYSE:QZXK.B"}},
}

func tickerChecker(b *testing.B, n, distinct int) (*compliance.Checker, *gen.Book, []compliance.Order) {
	set, cons := testLists(b)
	book := gen.NewBook(1, n, distinct, 0.01, cons)
	secs := append([]holdings.Security(nil), book.Securities...)
	var orders []compliance.Order
	for i, ts := range tickerSecurities {
		id, err := holdings.ParseTicker(ts.ticker)
		if err != nil {
			b.Fatal(err)
		}
		secs = append(secs, holdings.Security{Line: len(book.Securities) + 2 + i, IDs: []holdings.ID{id}, Type: holdings.Equity})
		for _, f := range ts.forms {
			orders = append(orders, compliance.Order{Account: "A1", Ref: holdings.Ref{Ticker: f}, Side: compliance.Buy, Quantity: decimal.NewFromInt(100), TradeDate: holdings.MustDate("2024-05-02")})
		}
	}
	m, err := holdings.NewMaster(secs)
	if err != nil {
		b.Fatal(err)
	}
	chk, err := compliance.NewWithOptions(set, m, compliance.Options{Policy: compliance.Policy{SkipStaleCheck: true}})
	if err != nil {
		b.Fatal(err)
	}
	for i := range orders {
		if res := chk.CheckOrder(&orders[i], decimal.Zero); res.Decision != compliance.Allow || res.Unresolved != "" {
			b.Fatalf("ticker %q: decision %s: %+v", orders[i].Ticker, res.Decision, res)
		}
	}
	return chk, book, orders
}

// BenchmarkCheckOrderByTicker: one order by ticker, in the 100k-security
// master, not listed; each iteration the next of the accepted forms
// (tickerSecurities).
func BenchmarkCheckOrderByTicker(b *testing.B) {
	chk, _, orders := tickerChecker(b, 10, 100000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		chk.CheckOrder(&orders[i%len(orders)], decimal.Zero)
	}
}

// BenchmarkMapLookupFloor: the floor an identifier check is measured
// against: a bare lookup of a 12-character string key (an ISIN, not the
// map's own copy of it) in a map of the benchmark master's size (100k).
func BenchmarkMapLookupFloor(b *testing.B) {
	book := gen.NewBook(1, 10, 100000, 0, nil)
	m := make(map[string]*holdings.Security, len(book.Securities))
	for i := range book.Securities {
		m[book.Securities[i].IDs[0].Value] = &book.Securities[i]
	}
	key := string([]byte(book.Securities[len(book.Securities)/2].IDs[0].Value)) // not the map's string
	if len(key) != 12 || m[key] == nil {
		b.Fatalf("key %q", key)
	}
	var sink *holdings.Security
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink = m[key]
	}
	if sink == nil {
		b.Fatal("not found")
	}
}

// BenchmarkChanges: re-screening a 1M-holding book (100k securities)
// after a one-entry change of the consolidated list (an NS-CMIC entry the
// book holds, removed), against a full screening of the same book:
// compare with BenchmarkCheckPortfolio/master=100000.
func BenchmarkChanges(b *testing.B) {
	sdn, err := lists.LoadOFAC("../lists/testdata/sdn-2021-07")
	if err != nil {
		b.Fatal(err)
	}
	cons, err := lists.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	book := gen.NewBook(1, 1000000, 100000, 0.01, cons)
	m, err := holdings.NewMaster(book.Securities)
	if err != nil {
		b.Fatal(err)
	}
	// The newer release lacks one NS-CMIC entry.
	next := *cons
	next.Entries = nil
	dropped := ""
	for _, e := range cons.Entries {
		if dropped == "" && e.List == lists.NSCMIC {
			dropped = e.ID
			continue
		}
		next.Entries = append(next.Entries, e)
	}
	next.Release.SHA256 = "changed"
	build := func(l *lists.List) *compliance.Checker {
		c, err := compliance.Config{Loaded: []*lists.List{sdn, l}, Master: m, Policy: compliance.Policy{SkipStaleCheck: true}}.Build()
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	before, after := build(cons), build(&next)
	date := holdings.MustDate("2024-12-31")
	rep, err := after.Changes(before, book.Portfolio, date)
	if err != nil || len(rep.Changes) == 0 {
		b.Fatalf("dropping %s changed nothing: %v", dropped, err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := after.Changes(before, book.Portfolio, date); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rep.Rescreened), "rescreened")
	b.ReportMetric(float64(len(rep.Changes)), "changed")
}

// BenchmarkNewChecker builds a Checker over a 100,000-security generated
// master and the SDN + consolidated lists: mostly the memo, every
// security resolved once on every core.
func BenchmarkNewChecker(b *testing.B) {
	set, cons := testLists(b)
	book := gen.NewBook(1, 1, 100000, 0.01, cons)
	m, err := holdings.NewMaster(book.Securities)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := compliance.NewWithOptions(set, m, compliance.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
