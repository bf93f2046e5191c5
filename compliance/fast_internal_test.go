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
// master that reaches no list allocates nothing (the pre-trade hot path).
func TestCheckOrderAllocatesNothing(t *testing.T) {
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	book := gen.NewBook(5, 100, 1000, 0, l)
	m, err := holdings.NewMaster(book.Securities)
	if err != nil {
		t.Fatal(err)
	}
	c := New(lists.NewSet(l), m)
	o := Order{Account: "A1", Ref: holdings.Ref{ISIN: book.Securities[10].IDs[0].Value}, Side: Buy, Quantity: decimal.NewFromInt(1), TradeDate: holdings.MustDate("2024-05-02")}
	if res := c.CheckOrder(&o, decimal.Zero); res.Decision != Allow || res.Unresolved != "" {
		t.Fatalf("decision %s %q: the order must resolve and reach nothing", res.Decision, res.Unresolved)
	}
	if n := testing.AllocsPerRun(100, func() { c.CheckOrder(&o, decimal.Zero) }); n != 0 {
		t.Errorf("CheckOrder allocates %.1f times per order, want 0", n)
	}
}
