package compliance_test

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

func ExampleChecker_CheckPortfolio() {
	l, _ := lists.Embedded()
	master, _ := holdings.ReadMaster(strings.NewReader("ticker,issuer\n0020 HK,SenseTime Group Inc.\n"), "securities.csv")
	book := &holdings.Portfolio{Holdings: []holdings.Holding{
		{Line: 2, Account: "FUND-A", Ref: holdings.Ref{Ticker: "0020.HK"}, Quantity: decimal.NewFromInt(150000), Acquired: holdings.MustDate("2022-03-01")},
	}}
	chk := compliance.New(lists.NewSet(l), master)
	rep := chk.CheckPortfolio(book, holdings.MustDate("2022-06-30"))
	for _, f := range rep.Violations {
		fmt.Println(f.Rule, f.Severity, f.Entity.ID, f.Entity.Name)
		fmt.Println("  " + f.Path.String())
	}
	// Output:
	// ns-cmic/divestment warning 33114 SENSETIME GROUP LIMITED
	//   ticker 0020.HK -> security master (line 2, equity) -> issuer "SenseTime Group Inc." -> name "sensetime group" -> name "SENSETIME GROUP LIMITED" -> NS-CMIC 33114 SENSETIME GROUP LIMITED
	// ns-cmic/purchase violation 33114 SENSETIME GROUP LIMITED
	//   ticker 0020.HK -> security master (line 2, equity) -> issuer "SenseTime Group Inc." -> name "sensetime group" -> name "SENSETIME GROUP LIMITED" -> NS-CMIC 33114 SENSETIME GROUP LIMITED
}

func ExampleChecker_CheckOrder() {
	l, _ := lists.Embedded()
	chk := compliance.New(lists.NewSet(l), nil)
	for _, o := range []compliance.Order{
		{Account: "A1", Ref: holdings.Ref{ISIN: "HK0941009539"}, Side: compliance.Buy, Quantity: decimal.NewFromInt(100), TradeDate: holdings.MustDate("2021-08-01")},
		{Account: "A1", Ref: holdings.Ref{ISIN: "HK0941009539"}, Side: compliance.Buy, Quantity: decimal.NewFromInt(100), TradeDate: holdings.MustDate("2021-08-02")},
		{Account: "A1", Ref: holdings.Ref{ISIN: "HK0941009539"}, Side: compliance.Sell, Quantity: decimal.NewFromInt(100), TradeDate: holdings.MustDate("2022-06-02")},
		{Account: "A1", Ref: holdings.Ref{ISIN: "HK0941009539"}, Side: compliance.Sell, Quantity: decimal.NewFromInt(100), TradeDate: holdings.MustDate("2022-06-03")},
	} {
		res := chk.CheckOrder(&o, decimal.NewFromInt(500)) // 500 held
		fmt.Println(o.TradeDate, o.Side, res.Decision, res.Violations[0].Rule)
	}
	// Output:
	// 2021-08-01 buy warn ns-cmic/pending
	// 2021-08-02 buy block ns-cmic/purchase
	// 2022-06-02 sell warn ns-cmic/divestment
	// 2022-06-03 sell block ns-cmic/sale-after-deadline
}

func ExampleNewRule() {
	large := compliance.NewRule(compliance.RuleInfo{ID: "house/large-order", Version: "1", Description: "orders over 1,000,000 units of a listed security", Source: "house policy"},
		func(m *compliance.Match) (compliance.Outcome, bool) {
			if m.Order == nil || m.Order.Quantity.LessThanOrEqual(decimal.NewFromInt(1000000)) {
				return compliance.Outcome{}, false
			}
			return compliance.Outcome{Severity: compliance.Warning, Message: "large order on a listed security"}, true
		})
	l, _ := lists.Embedded()
	chk, _ := compliance.NewWithOptions(lists.NewSet(l), nil, compliance.Options{Rules: []compliance.Rule{large}})
	o := compliance.Order{Ref: holdings.Ref{ISIN: "HK0941009539"}, Side: compliance.Sell, Quantity: decimal.NewFromInt(2000000), TradeDate: holdings.MustDate("2022-01-03")}
	res := chk.CheckOrder(&o, decimal.NewFromInt(2000000))
	for _, f := range res.Violations {
		fmt.Println(f.Rule, f.Severity)
	}
	// Output:
	// house/large-order warning
	// ns-cmic/divestment warning
}
