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

// benchLists loads the full SDN list (2021-07, in lists/testdata) and the
// embedded consolidated list.
func benchLists(b *testing.B) (*lists.Set, *lists.List) {
	b.Helper()
	sdn, err := lists.LoadOFAC("../lists/testdata/sdn-2021-07")
	if err != nil {
		b.Fatal(err)
	}
	cons, err := lists.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	return lists.NewSet(sdn, cons), cons
}

func benchChecker(b *testing.B, n, distinct int) (*compliance.Checker, *gen.Book) {
	set, cons := benchLists(b)
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

// BenchmarkCheckPortfolio: a book of 1,000,000 holdings over 100,000
// distinct securities, about 1% of them listed.
func BenchmarkCheckPortfolio(b *testing.B) {
	for _, size := range []struct{ n, distinct int }{{10000, 1000}, {1000000, 100000}} {
		b.Run(fmt.Sprintf("holdings=%d", size.n), func(b *testing.B) {
			chk, book := benchChecker(b, size.n, size.distinct)
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
			b.ReportMetric(float64(before)/1e6, "inputs-MB")
			b.ReportMetric(float64(top)/1e6, "peak-heap-MB")
		})
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

// BenchmarkCheckOrderByTicker: one order by ticker, in
// the security master, not listed.
func BenchmarkCheckOrderByTicker(b *testing.B) {
	chk, _ := benchChecker(b, 10, 1000)
	o := compliance.Order{Account: "A1", Ref: holdings.Ref{Ticker: "X0500 US"}, Side: compliance.Buy, Quantity: decimal.NewFromInt(100), TradeDate: holdings.MustDate("2024-05-02")}
	if res := chk.CheckOrder(&o, decimal.Zero); res.Decision != compliance.Allow {
		b.Fatalf("decision %s: %+v", res.Decision, res)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		chk.CheckOrder(&o, decimal.Zero)
	}
}

// BenchmarkChanges: re-screening a 1M-holding book (100k securities)
// after a one-entry change of the consolidated list (an NS-CMIC entry the
// book holds, removed), against a full screening of the same book:
// compare with BenchmarkCheckPortfolio/holdings=1000000.
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
