package compliance

import (
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/gen"
	"github.com/investscreen/investscreen/lists"
)

// TestMemoChangesNothing: resolving through the memo built with the
// Checker gives the same whole findings (rule, entity, match, path, via,
// weight) as walking every security anew, and a memo built on one core the
// same as one built on every core, over a generated book with funds.
func TestMemoChangesNothing(t *testing.T) {
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	book := gen.NewBook(3, 20000, 4000, 0.05, l)
	m, err := holdings.NewMaster(book.Securities)
	if err != nil {
		t.Fatal(err)
	}
	// Funds over the generated securities: every 40th security is a fund
	// of the next three, the fund after it among them (nested funds), and
	// one fund only the funds data knows, held on the book's last lines.
	secs := m.Securities()
	byFund := map[holdings.ID][]holdings.Constituent{}
	for i := 0; i+4 < len(secs); i += 40 {
		var cs []holdings.Constituent
		for k := 1; k <= 3; k++ {
			cs = append(cs, holdings.Constituent{ID: secs[i+k].IDs[0], Weight: decimal.NewFromInt(int64(10 * k)), Line: i + k})
		}
		if i+40 < len(secs) {
			cs = append(cs, holdings.Constituent{ID: secs[i+40].IDs[0], Weight: decimal.NewFromInt(5), Line: i})
		}
		byFund[secs[i].IDs[0]] = cs
	}
	outside := gen.CUSIP("ZZFUND00")
	byFund[outside] = []holdings.Constituent{{ID: secs[0].IDs[0], Weight: decimal.NewFromInt(50), Line: 1}}
	funds, err := holdings.NewFunds(byFund)
	if err != nil {
		t.Fatal(err)
	}
	book.Portfolio.Holdings = append(book.Portfolio.Holdings, holdings.Holding{Line: 99999, Ref: holdings.Ref{CUSIP: outside.String()}, Quantity: decimal.NewFromInt(1)})
	opts := Options{Funds: funds}
	build := func() *Checker {
		c, err := NewWithOptions(lists.NewSet(l), m, opts)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	memo := build()
	fresh := build()
	fresh.res.fresh = true
	prev := runtime.GOMAXPROCS(1)
	single := build()
	runtime.GOMAXPROCS(prev)
	date := holdings.MustDate("2026-11-24")
	want := fresh.CheckPortfolio(book.Portfolio, date)
	if want.Counts.Flagged < 100 {
		t.Fatalf("only %d holdings flagged: the book does not test resolution", want.Counts.Flagged)
	}
	for name, c := range map[string]*Checker{"memo": memo, "memo built on one core": single} {
		got := c.CheckPortfolio(book.Portfolio, date)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s differs from a fresh walk (-fresh +%s):\n%s", name, name, diff)
		}
	}
	via := 0
	for _, f := range want.Violations {
		if len(f.Via) > 1 {
			via++
		}
	}
	if via == 0 {
		t.Error("no finding through funds: the test does not test look-through")
	}
}

// TestCheckOrderAllocatesNothing: an order named by an identifier of the
// master that reaches no list allocates nothing (the pre-trade hot path):
// by ISIN, by CUSIP, and by ticker in every accepted form.
func TestCheckOrderAllocatesNothing(t *testing.T) {
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	book := gen.NewBook(5, 100, 1000, 0, l)
	secs := append([]holdings.Security(nil), book.Securities...)
	for _, tk := range []string{"471 HK", "605999 CN", "QZXB US", "QZXK/B US", "LONGSYMBOLFORTEST US"} {
		id, err := holdings.ParseTicker(tk)
		if err != nil {
			t.Fatal(err)
		}
		secs = append(secs, holdings.Security{Line: len(secs) + 2, IDs: []holdings.ID{id}})
	}
	m, err := holdings.NewMaster(secs)
	if err != nil {
		t.Fatal(err)
	}
	c := New(lists.NewSet(l), m)
	for _, tc := range []struct {
		name string
		ref  holdings.Ref
	}{
		{"isin", holdings.Ref{ISIN: book.Securities[10].IDs[0].Value}},
		{"cusip", holdings.Ref{CUSIP: book.Securities[11].IDs[1].Value}},
		{"isin and ticker", holdings.Ref{ISIN: book.Securities[12].IDs[0].Value, Ticker: book.Securities[12].IDs[2].Value}},
		{"ticker bloomberg", holdings.Ref{Ticker: "471 HK"}},
		{"ticker leading zero", holdings.Ref{Ticker: "0471 HK"}},
		{"ticker suffix", holdings.Ref{Ticker: "0471.HK"}},
		{"ticker exchange name", holdings.Ref{Ticker: "HKEX:471"}},
		{"ticker mic", holdings.Ref{Ticker: "XHKG:0471"}},
		{"ticker yellow key", holdings.Ref{Ticker: "471 HK Equity"}},
		{"ticker lower case", holdings.Ref{Ticker: "0471 hk equity"}},
		{"ticker two spaces", holdings.Ref{Ticker: "471  HK"}},
		{"ticker code as prefix", holdings.Ref{Ticker: "HK:471"}},
		{"ticker bloomberg exchange code", holdings.Ref{Ticker: "605999 CH"}},
		{"ticker run-on code", holdings.Ref{Ticker: "605999CN"}},
		{"ticker shanghai suffix", holdings.Ref{Ticker: "605999.SS"}},
		{"ticker bare", holdings.Ref{Ticker: "QZXB"}},
		{"ticker nyse suffix", holdings.Ref{Ticker: "QZXB.N"}},
		{"ticker us exchange code", holdings.Ref{Ticker: "QZXB UN"}},
		{"ticker share class dot", holdings.Ref{Ticker: "QZXK.B"}},
		{"ticker share class space", holdings.Ref{Ticker: "QZXK B"}},
		{"ticker share class prefix", holdings.Ref{Ticker: "NYSE:QZXK.B"}},
		{"ticker wide", holdings.Ref{Ticker: "LONGSYMBOLFORTEST UN"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := Order{Account: "A1", Ref: tc.ref, Side: Buy, Quantity: decimal.NewFromInt(1), TradeDate: holdings.MustDate("2024-05-02")}
			if res := c.CheckOrder(&o, decimal.Zero); res.Decision != Allow || res.Unresolved != "" {
				t.Fatalf("decision %s %q: the order must resolve and reach nothing", res.Decision, res.Unresolved)
			}
			if n := testing.AllocsPerRun(100, func() { c.CheckOrder(&o, decimal.Zero) }); n != 0 {
				t.Errorf("CheckOrder allocates %.1f times per order, want 0", n)
			}
		})
	}
}
