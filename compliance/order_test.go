package compliance_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/compliancetest"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

type decided struct {
	Decision compliance.Decision
	Rules    []string
}

func summarizeOrder(r compliance.OrderResult) decided {
	d := decided{Decision: r.Decision}
	for _, f := range r.Violations {
		d.Rules = append(d.Rules, f.Rule)
	}
	return d
}

// TestOrderBoundaries pins the order rules on the day before, of and after
// the effective date E and the divestment date D, for SenseTime (E
// 2022-02-08, D 2022-12-10) and an Annex entity, China Mobile (E
// 2021-08-02, D 2022-06-03).
func TestOrderBoundaries(t *testing.T) {
	chk := compliance.New(embeddedSet(t), nil)
	sense := compliance.Order{Ref: holdings.Ref{Name: "SenseTime Group Inc."}, Quantity: dec("100")}
	mobile := compliance.Order{Ref: holdings.Ref{ISIN: "HK0941009539"}, Quantity: dec("100")}
	held := dec("1000")
	tests := []struct {
		name     string
		order    compliance.Order
		side     compliance.Side
		date     string
		position decimal.Decimal
		want     decided
	}{
		{"sense buy before listing", sense, compliance.Buy, "2021-12-09", held, decided{compliance.Allow, nil}},
		{"sense buy on listing", sense, compliance.Buy, "2021-12-10", held, decided{compliance.Warn, []string{"ns-cmic/pending"}}},
		{"sense buy day before E", sense, compliance.Buy, "2022-02-07", held, decided{compliance.Warn, []string{"ns-cmic/pending"}}},
		{"sense buy on E", sense, compliance.Buy, "2022-02-08", held, decided{compliance.Block, []string{"ns-cmic/purchase"}}},
		{"sense buy day after E", sense, compliance.Buy, "2022-02-09", held, decided{compliance.Block, []string{"ns-cmic/purchase"}}},
		{"sense buy to cover after E", sense, compliance.BuyToCover, "2022-02-09", held, decided{compliance.Block, []string{"ns-cmic/purchase"}}},
		{"sense sell day before E", sense, compliance.Sell, "2022-02-07", held, decided{compliance.Warn, []string{"ns-cmic/pending"}}},
		{"sense sell on E", sense, compliance.Sell, "2022-02-08", held, decided{compliance.Warn, []string{"ns-cmic/divestment"}}},
		{"sense sell day before D", sense, compliance.Sell, "2022-12-09", held, decided{compliance.Warn, []string{"ns-cmic/divestment"}}},
		{"sense sell on D", sense, compliance.Sell, "2022-12-10", held, decided{compliance.Block, []string{"ns-cmic/sale-after-deadline"}}},
		{"sense sell day after D", sense, compliance.Sell, "2022-12-11", held, decided{compliance.Block, []string{"ns-cmic/sale-after-deadline"}}},
		{"sense buy after D", sense, compliance.Buy, "2022-12-11", held, decided{compliance.Block, []string{"ns-cmic/purchase"}}},
		{"sense sell beyond the position", sense, compliance.Sell, "2022-03-01", dec("40"), decided{compliance.Block, []string{"ns-cmic/purchase"}}},
		{"sense sell with nothing held", sense, compliance.Sell, "2022-03-01", decimal.Zero, decided{compliance.Block, []string{"ns-cmic/purchase"}}},
		{"sense sell exactly the position", sense, compliance.Sell, "2022-03-01", dec("100"), decided{compliance.Warn, []string{"ns-cmic/divestment"}}},
		{"sense short sale", sense, compliance.SellShort, "2022-03-01", held, decided{compliance.Block, []string{"ns-cmic/purchase"}}},
		// A sale on or after D beyond the position is a sale after the
		// deadline as well as a purchase-side exposure (issue 11 item 8).
		{"sense sell beyond the position on D", sense, compliance.Sell, "2022-12-10", dec("40"), decided{compliance.Block, []string{"ns-cmic/purchase", "ns-cmic/sale-after-deadline"}}},
		{"sense sell with nothing held after D", sense, compliance.Sell, "2023-01-05", decimal.Zero, decided{compliance.Block, []string{"ns-cmic/purchase", "ns-cmic/sale-after-deadline"}}},
		{"sense short sale on D", sense, compliance.SellShort, "2022-12-10", held, decided{compliance.Block, []string{"ns-cmic/purchase", "ns-cmic/sale-after-deadline"}}},
		{"sense short sale day before D", sense, compliance.SellShort, "2022-12-09", held, decided{compliance.Block, []string{"ns-cmic/purchase"}}},
		{"mobile sell beyond the position day after D", mobile, compliance.Sell, "2022-06-04", dec("1"), decided{compliance.Block, []string{"ns-cmic/purchase", "ns-cmic/sale-after-deadline"}}},
		{"mobile sell beyond the position day before D", mobile, compliance.Sell, "2022-06-02", dec("1"), decided{compliance.Block, []string{"ns-cmic/purchase"}}},
		{"mobile buy day before E", mobile, compliance.Buy, "2021-08-01", held, decided{compliance.Warn, []string{"ns-cmic/pending"}}},
		{"mobile buy on E", mobile, compliance.Buy, "2021-08-02", held, decided{compliance.Block, []string{"ns-cmic/purchase"}}},
		{"mobile sell on E", mobile, compliance.Sell, "2021-08-02", held, decided{compliance.Warn, []string{"ns-cmic/divestment"}}},
		{"mobile sell day before D", mobile, compliance.Sell, "2022-06-02", held, decided{compliance.Warn, []string{"ns-cmic/divestment"}}},
		{"mobile sell on D", mobile, compliance.Sell, "2022-06-03", held, decided{compliance.Block, []string{"ns-cmic/sale-after-deadline"}}},
		{"mobile sell day after D", mobile, compliance.Sell, "2022-06-04", held, decided{compliance.Block, []string{"ns-cmic/sale-after-deadline"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := tc.order
			o.Side, o.TradeDate, o.Line = tc.side, holdings.MustDate(tc.date), 2
			res := chk.CheckOrder(&o, tc.position)
			compliancetest.Decision(t, res, tc.want.Decision)
			var rules []compliancetest.Want
			for _, r := range tc.want.Rules {
				rules = append(rules, compliancetest.Want{Rule: r, List: lists.NSCMIC})
			}
			compliancetest.Findings(t, res.Violations, rules)
			if (res.Decision == compliance.Block) != (res.Reject != nil) {
				t.Errorf("decision %s but reject record %+v", res.Decision, res.Reject)
			}
		})
	}
}

func TestNonUSPersonAllowed(t *testing.T) {
	chk := compliance.New(embeddedSet(t), nil)
	o := compliance.Order{Account: "OFFSHORE", Ref: holdings.Ref{Name: "SenseTime Group Inc."}, Side: compliance.Buy, Quantity: dec("1"), TradeDate: holdings.MustDate("2023-01-05"), NonUSPerson: true}
	if res := chk.CheckOrder(&o, decimal.Zero); res.Decision != compliance.Allow || len(res.Violations) != 0 {
		t.Errorf("non-US person order: %+v", res)
	}
	// The same account marked non-US by policy.
	o.NonUSPerson = false
	pol, _ := compliance.NewWithOptions(embeddedSet(t), nil, compliance.Options{Policy: compliance.Policy{NonUSAccounts: map[string]bool{"OFFSHORE": true}}})
	if res := pol.CheckOrder(&o, decimal.Zero); res.Decision != compliance.Allow {
		t.Errorf("policy non-US account: %+v", res)
	}
	// A US person is blocked.
	if res := chk.CheckOrder(&o, decimal.Zero); res.Decision != compliance.Block {
		t.Errorf("US person: %+v", res)
	}
}

func TestRejectRecord(t *testing.T) {
	chk := compliance.New(embeddedSet(t), nil)
	// Friday 2023-01-06: ten business days later is Friday 2023-01-20.
	o := compliance.Order{Line: 5, Account: "A1", Ref: holdings.Ref{Ticker: "0941.HK"}, Side: compliance.Buy, Quantity: dec("300"), TradeDate: holdings.MustDate("2023-01-06")}
	res := chk.CheckOrder(&o, decimal.Zero)
	if res.Reject == nil {
		t.Fatalf("no reject record: %+v", res)
	}
	r := res.Reject
	if r.ReportDue != holdings.MustDate("2023-01-20") || r.Rule != "ns-cmic/purchase" || r.Security != "ticker 0941.HK" || r.Quantity != "300" || r.Entity.ID != "30923" || r.Account != "A1" {
		t.Errorf("reject record = %+v", r)
	}
}

func TestBasket(t *testing.T) {
	chk := compliance.New(embeddedSet(t), master(t, exampleMaster))
	book := &holdings.Portfolio{Holdings: []holdings.Holding{
		{Line: 2, Account: "A1", Ref: holdings.Ref{ISIN: "HK0941009539"}, Quantity: dec("150")},
		{Line: 3, Account: "A2", Ref: holdings.Ref{Ticker: "941 HK"}, Quantity: dec("1000")},
	}}
	d := holdings.MustDate("2022-03-01") // China Mobile: divestment period
	orders := []compliance.Order{
		{Line: 2, Account: "A1", Ref: holdings.Ref{Ticker: "0941 HK"}, Side: compliance.Sell, Quantity: dec("100"), TradeDate: d},  // within the 150 held
		{Line: 3, Account: "A1", Ref: holdings.Ref{Ticker: "XHKG:941"}, Side: compliance.Sell, Quantity: dec("100"), TradeDate: d}, // only 50 left: partly short
		{Line: 4, Account: "A3", Ref: holdings.Ref{ISIN: "KYG875721634"}, Side: compliance.Buy, Quantity: dec("10"), TradeDate: d}, // Tencent
	}
	rep := chk.CheckOrders(orders, book)
	var got []decided
	for _, r := range rep.Orders {
		// Only CHINA MOBILE LIMITED (30923): the issuer name "China Mobile
		// Ltd" also equals the alias "CHINA MOBILE" of its parent, 30944.
		d := decided{Decision: r.Decision}
		for _, f := range r.Violations {
			if f.Entity.ID == "30923" {
				d.Rules = append(d.Rules, f.Rule)
			}
		}
		got = append(got, d)
	}
	want := []decided{
		{compliance.Warn, []string{"ns-cmic/divestment"}},
		{compliance.Block, []string{"ns-cmic/purchase"}},
		{compliance.Allow, nil},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("orders (-want +got):\n%s", diff)
	}
	if rep.Decision != compliance.Block {
		t.Errorf("basket decision %s, want the strictest, block", rep.Decision)
	}
	if !strings.Contains(rep.Orders[1].Violations[0].Message, "beyond the position") {
		t.Errorf("message = %q", rep.Orders[1].Violations[0].Message)
	}
	// Without the first sale the second is within the position.
	rep = chk.CheckOrders(orders[1:2], book)
	if rep.Decision != compliance.Warn {
		t.Errorf("single sale decision %s, want warn", rep.Decision)
	}
}

func TestUnresolvedOrder(t *testing.T) {
	o := compliance.Order{Ref: holdings.Ref{ISIN: "US5949181045"}, Side: compliance.Buy, Quantity: dec("1"), TradeDate: holdings.MustDate("2023-01-05")}
	strict := compliance.New(embeddedSet(t), nil)
	if res := strict.CheckOrder(&o, decimal.Zero); res.Decision != compliance.Block || res.Unresolved == "" {
		t.Errorf("strict: %+v", res)
	}
	lax, _ := compliance.NewWithOptions(embeddedSet(t), nil, compliance.Options{Policy: compliance.Policy{AllowUnresolved: true}})
	if res := lax.CheckOrder(&o, decimal.Zero); res.Decision != compliance.Warn {
		t.Errorf("AllowUnresolved: %+v", res)
	}
}

func TestPolicySeverity(t *testing.T) {
	p := &holdings.Portfolio{Holdings: []holdings.Holding{{Line: 2, Ref: holdings.Ref{Name: "SenseTime Group Inc."}}}}
	d := holdings.MustDate("2023-01-05")
	if rep := compliance.New(embeddedSet(t), nil).CheckPortfolio(p, d); rep.HasViolation() {
		t.Errorf("locked is a warning by law: %+v", rep.Violations)
	}
	chk, _ := compliance.NewWithOptions(embeddedSet(t), nil, compliance.Options{Policy: compliance.Policy{Severity: map[string]compliance.Severity{"ns-cmic/locked": compliance.Violation}}})
	rep := chk.CheckPortfolio(p, d)
	if !rep.HasViolation() || rep.Violations[0].Severity != compliance.Violation {
		t.Errorf("raised severity: %+v", rep.Violations)
	}
}

func TestWaivers(t *testing.T) {
	ws, err := compliance.ReadWaivers(strings.NewReader("rule,account,security,reason,approver,expires\n"+
		"ns-cmic/purchase,A1,HK0941009539,legacy lot under OFAC license,J. Doe,2023-01-31\n"), "waivers.csv")
	if err != nil {
		t.Fatal(err)
	}
	chk, err := compliance.NewWithOptions(embeddedSet(t), master(t, exampleMaster), compliance.Options{Waivers: ws})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		account  string
		ticker   string
		date     string
		waived   bool
		decision compliance.Decision
	}{
		// Waived: the purchase no longer blocks. The issuer name "China
		// Mobile Ltd" also meets the parent's alias CHINA MOBILE once "Ltd"
		// is dropped, which the closer match to CHINA MOBILE LIMITED
		// outranks: a review, so the order warns (issue 15).
		{"before expiry", "A1", "941 HK", "2023-01-30", true, compliance.Warn},
		{"on expiry day", "A1", "941 HK", "2023-01-31", true, compliance.Warn},
		{"day after expiry", "A1", "941 HK", "2023-02-01", false, compliance.Block},
		{"other account", "A2", "941 HK", "2023-01-30", false, compliance.Block},
		{"other security", "A1", "0020 HK", "2023-01-30", false, compliance.Block},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := compliance.Order{Account: tc.account, Ref: holdings.Ref{Ticker: tc.ticker}, Side: compliance.Buy, Quantity: dec("1"), TradeDate: holdings.MustDate(tc.date)}
			res := chk.CheckOrder(&o, decimal.Zero)
			var purchase *compliance.Finding
			for i := range res.Violations {
				if res.Violations[i].Rule == "ns-cmic/purchase" {
					purchase = &res.Violations[i]
				}
			}
			if purchase == nil {
				t.Fatalf("the finding is no longer reported: %+v", res.Violations)
			}
			if purchase.Waived != tc.waived || (tc.waived && (purchase.Waiver == nil || purchase.Waiver.Approver != "J. Doe")) {
				t.Errorf("waived = %v (%+v), want %v", purchase.Waived, purchase.Waiver, tc.waived)
			}
			if res.Decision != tc.decision {
				t.Errorf("decision = %s, want %s", res.Decision, tc.decision)
			}
		})
	}
	// A waiver of a rule the checker does not know is refused.
	_, err = compliance.NewWithOptions(nil, nil, compliance.Options{Waivers: []compliance.Waiver{{Rule: "ns-cmic/purchse", Account: "A", Reason: "r", Approver: "a", Expires: holdings.MustDate("2030-01-01")}}})
	if !errors.Is(err, compliance.ErrWaiver) {
		t.Errorf("unknown rule: err = %v", err)
	}
}

func TestReadWaiversErrors(t *testing.T) {
	tests := []struct{ name, in, field string }{
		{"no expiry column", "rule,account,reason,approver\nx,A,r,a\n", "expires"},
		{"bad date", "rule,account,reason,approver,expires\nwatch,A,r,a,31/01/2023\n", "expires"},
		{"covers everything", "rule,account,reason,approver,expires\nwatch,,r,a,2023-01-31\n", ""},
		{"bad security", "rule,security,reason,approver,expires\nwatch,941,r,a,2023-01-31\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := compliance.ReadWaivers(strings.NewReader(tc.in), "w.csv")
			var pe *holdings.ParseError
			if !errors.As(err, &pe) || pe.File != "w.csv" || pe.Field != tc.field {
				t.Errorf("err = %v (%+v), want a ParseError on field %q", err, pe, tc.field)
			}
		})
	}
}

func TestReadOrders(t *testing.T) {
	in := "Account,Ticker,Side,Quantity,Trade_Date,US_Person\nA1,0020 HK,Buy,100,2022-03-01,\nA2,941 HK,sell short,5.5,2022-03-01,false\n"
	got, err := compliance.ReadOrders(strings.NewReader(in), "orders.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []compliance.Order{
		{Line: 2, Account: "A1", Ref: holdings.Ref{Ticker: "0020 HK"}, Side: compliance.Buy, Quantity: dec("100"), TradeDate: holdings.MustDate("2022-03-01")},
		{Line: 3, Account: "A2", Ref: holdings.Ref{Ticker: "941 HK"}, Side: compliance.SellShort, Quantity: dec("5.5"), TradeDate: holdings.MustDate("2022-03-01"), NonUSPerson: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	bad := []struct{ name, row, field string }{
		{"side", "A,941 HK,hold,1,2022-03-01,true", "side"},
		{"quantity zero", "A,941 HK,buy,0,2022-03-01,true", "quantity"},
		{"quantity negative", "A,941 HK,buy,-3,2022-03-01,true", "quantity"},
		{"quantity exponent", "A,941 HK,buy,1e3,2022-03-01,true", "quantity"},
		{"date", "A,941 HK,buy,1,03/01/2022,true", "trade_date"},
		{"us_person", "A,941 HK,buy,1,2022-03-01,maybe", "us_person"},
		{"no security", "A,,buy,1,2022-03-01,true", "isin/cusip/sedol/figi/ticker/name"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := compliance.ReadOrders(strings.NewReader("account,ticker,side,quantity,trade_date,us_person\n"+tc.row+"\n"), "orders.csv")
			var pe *holdings.ParseError
			if !errors.As(err, &pe) || pe.Line != 2 || pe.Field != tc.field {
				t.Errorf("err = %v, want line 2 field %q", err, tc.field)
			}
		})
	}
}

func TestFindingsCarryRuleVersionAndRelease(t *testing.T) {
	set := embeddedSet(t)
	rep := compliance.New(set, nil).CheckPortfolio(&holdings.Portfolio{Holdings: []holdings.Holding{{Line: 2, Ref: holdings.Ref{ISIN: "HK0941009539"}}}}, holdings.MustDate("2023-01-05"))
	l, _ := lists.Embedded()
	if len(rep.Violations) == 0 {
		t.Fatal("no finding: China Mobile as of 2023-01-05 is locked")
	}
	for _, f := range rep.Violations {
		if f.RuleVersion == "" || f.Release.SHA256 != l.Release.SHA256 || f.Release.Name != l.Release.Name {
			t.Errorf("finding lacks rule version or release: %+v", f)
		}
	}
	// The same inputs give byte-identical JSON.
	a, _ := json.Marshal(rep)
	for i := 0; i < 5; i++ {
		b, _ := json.Marshal(compliance.New(lists.NewSet(l), nil).CheckPortfolio(&holdings.Portfolio{Holdings: []holdings.Holding{{Line: 2, Ref: holdings.Ref{ISIN: "HK0941009539"}}}}, holdings.MustDate("2023-01-05")))
		if !bytes.Equal(a, b) {
			t.Fatalf("JSON differs:\n%s\n%s", a, b)
		}
	}
}

func TestCustomRule(t *testing.T) {
	big := compliance.NewRule(compliance.RuleInfo{ID: "house/large-cmic-order", Version: "1", Description: "NS-CMIC orders over 1000 units", Source: "house policy"},
		func(m *compliance.Match) (compliance.Outcome, bool) {
			if m.Order == nil || m.Entry.List != lists.NSCMIC || m.Order.Quantity.LessThanOrEqual(dec("1000")) {
				return compliance.Outcome{}, false
			}
			return compliance.Outcome{Severity: compliance.Warning, Message: "large order"}, true
		})
	chk, err := compliance.NewWithOptions(embeddedSet(t), nil, compliance.Options{Rules: []compliance.Rule{big}})
	if err != nil {
		t.Fatal(err)
	}
	o := compliance.Order{Ref: holdings.Ref{ISIN: "HK0941009539"}, Side: compliance.Sell, Quantity: dec("5000"), TradeDate: holdings.MustDate("2022-03-01")}
	res := chk.CheckOrder(&o, dec("5000"))
	if diff := cmp.Diff(decided{compliance.Warn, []string{"house/large-cmic-order", "ns-cmic/divestment"}}, summarizeOrder(res)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	ids := map[string]bool{}
	for _, r := range compliance.Rules() {
		info := r.Info()
		if info.Version == "" || info.Description == "" || info.Source == "" {
			t.Errorf("rule %s lacks version, description or source", info.ID)
		}
		ids[info.ID] = true
	}
	for _, want := range []string{"ns-cmic/pending", "ns-cmic/purchase", "ns-cmic/divestment", "ns-cmic/sale-after-deadline", "ns-cmic/locked",
		"sdn/blocked", "sdn/ownership", "restricted", "watch", "review", "dod-1260h", "eu-833/art5", "uk-russia/reg16"} {
		if !ids[want] {
			t.Errorf("catalogue lacks %s", want)
		}
	}
}

// TestOtherLists checks the rules of the other list types on entries
// built in memory.
func TestOtherLists(t *testing.T) {
	d := holdings.MustDate
	entries := func(kit *compliancetest.Kit) {
		kit.Restricted("RESTRICTED CO").ID("L2").ISIN("US0378331005")
		kit.Watch("WATCHED CO").ID("L3").ISIN("US5949181045")
		kit.Entry(lists.DoD1260H, "Tencent Holdings Ltd").ID("D1")
		kit.Entry(compliance.ListEU833, "SBERBANK").ID("E1").ISIN("RU0009029540")
		kit.SDN("BLOCKED BANK").ID("S1").ISIN("US16941M1099")
		kit.Restricted("GONE CO").ID("L9").ISIN("US88032Q1094").Removed(d("2022-01-01"))
	}
	kit := compliancetest.New(t)
	entries(kit)
	kit.Security("Sberbank", "RU0009029540").Issued(d("2007-07-19"))
	kit.Security("Tencent Holdings Ltd", "KYG875721634")
	chk := kit.Checker()
	tests := []struct {
		isin string
		want decided
	}{
		{"US0378331005", decided{compliance.Block, []string{"restricted"}}},
		{"US5949181045", decided{compliance.Warn, []string{"watch"}}},
		{"KYG875721634", decided{compliance.Warn, []string{"dod-1260h"}}},
		{"RU0009029540", decided{compliance.Allow, nil}}, // issued 2007: before the EU dates
		{"US16941M1099", decided{compliance.Block, []string{"sdn/blocked"}}},
		{"US88032Q1094", decided{compliance.Allow, nil}}, // removed from the list in 2022: identified, not in force
	}
	for _, tc := range tests {
		res := chk.CheckOrder(kit.Order("", compliancetest.ISIN(tc.isin), compliance.Buy, "1", d("2023-01-05")), decimal.Zero)
		if diff := cmp.Diff(tc.want, summarizeOrder(res)); diff != "" {
			t.Errorf("%s (-want +got):\n%s\n%s", tc.isin, diff, compliancetest.DescribeOrder(res))
		}
	}
	// A new Sberbank bond issued after 2022-04-12 is caught by EU 833.
	kit2 := compliancetest.New(t)
	entries(kit2)
	kit2.Security("Sberbank", "RU0009029540").Issued(d("2022-05-01")).Matures(d("2022-05-20"))
	res := kit2.Checker().CheckOrder(kit2.Order("", compliancetest.ISIN("RU0009029540"), compliance.Buy, "1", d("2023-01-05")), decimal.Zero)
	compliancetest.Decision(t, res, compliance.Block)
	compliancetest.Findings(t, res.Violations, []compliancetest.Want{{Rule: compliance.RuleEU833, List: compliance.ListEU833, ID: "E1"}})
}
