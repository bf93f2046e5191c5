package report_test

import (
	"os"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/report"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// A portfolio screened with the built-in rules and a house rule of the
// user's own; the report describes both.
func ExampleWriteText() {
	l, _ := lists.Embedded()
	master, _ := holdings.ReadMaster(strings.NewReader("ticker,issuer\n0020 HK,SenseTime Group Inc.\n"), "securities.csv")
	review := compliance.NewRule(compliance.RuleInfo{ID: "house/desk-review", Version: "1", Description: "every NS-CMIC holding is reviewed by the desk head", Source: "house policy HP-7"},
		func(m *compliance.Match) (compliance.Outcome, bool) {
			return compliance.Outcome{Severity: compliance.Warning, Message: "desk head to review"}, m.Entry.List == "NS-CMIC"
		})
	chk, _ := compliance.NewWithOptions(lists.NewSet(l), master, compliance.Options{Rules: []compliance.Rule{review}})
	book := &holdings.Portfolio{Holdings: []holdings.Holding{
		{Line: 2, Account: "FUND-A", Ref: holdings.Ref{Ticker: "0020 HK"}, Quantity: decimal.NewFromInt(150000), Acquired: holdings.MustDate("2022-03-01")},
	}}
	rep := chk.CheckPortfolio(book, holdings.MustDate("2022-06-30"))
	rep.Lists, rep.Warnings = nil, nil // the embedded list's line and its staleness warning: not the point here
	_ = report.WriteText(os.Stdout, "book.csv", rep)
	// Output:
	// Screened book.csv as of 2022-06-30
	// Holdings: 1 screened, 1 flagged, 0 unresolved; findings: 1 violations, 2 warnings, 0 waived
	//
	// LINE  ACCOUNT  SEVERITY   RULE                LIST ENTRY                             MATCHED BY
	// 2     FUND-A   WARNING    house/desk-review   NS-CMIC 33114 SENSETIME GROUP LIMITED  name
	// 2     FUND-A   WARNING    ns-cmic/divestment  NS-CMIC 33114 SENSETIME GROUP LIMITED  name
	// 2     FUND-A   VIOLATION  ns-cmic/purchase    NS-CMIC 33114 SENSETIME GROUP LIMITED  name
	//
	// Why:
	//   line 2 house/desk-review: desk head to review (house policy HP-7)
	//       path: ticker 0020 HK -> security master (line 2, equity) -> issuer "SenseTime Group Inc." -> name "sensetime group" -> name "SENSETIME GROUP LIMITED" -> NS-CMIC 33114 SENSETIME GROUP LIMITED
	//   line 2 ns-cmic/divestment: may be sold solely to divest until 2022-12-09; sales prohibited from 2022-12-10 (EO 13959 as amended by EO 14032; 31 CFR part 586; OFAC FAQ 1046)
	//       path: ticker 0020 HK -> security master (line 2, equity) -> issuer "SenseTime Group Inc." -> name "sensetime group" -> name "SENSETIME GROUP LIMITED" -> NS-CMIC 33114 SENSETIME GROUP LIMITED
	//   line 2 ns-cmic/purchase: lot acquired 2022-03-01, on or after the effective date 2022-02-08: prohibited purchase (EO 13959 as amended by EO 14032; 31 CFR part 586)
	//       path: ticker 0020 HK -> security master (line 2, equity) -> issuer "SenseTime Group Inc." -> name "sensetime group" -> name "SENSETIME GROUP LIMITED" -> NS-CMIC 33114 SENSETIME GROUP LIMITED
	//
	// Rules that fired:
	//   house/desk-review v1: every NS-CMIC holding is reviewed by the desk head
	//       source: house policy HP-7
	//   ns-cmic/divestment v1: on or after the effective date and before the divestment date, an NS-CMIC security may be sold solely to divest
	//       source: EO 13959 as amended by EO 14032; 31 CFR part 586; OFAC FAQ 1046
	//   ns-cmic/purchase v1: purchase (buy, buy to cover, short sale, sale beyond the position) of an NS-CMIC security on or after the effective date; for a holding, a lot acquired on or after it
	//       source: EO 13959 as amended by EO 14032; 31 CFR part 586
}

// Values from input are shown escaped: this account name would clear the
// terminal and print in red.
func ExampleWriteCSV() {
	rep := &compliance.Report{
		Violations: []compliance.Finding{{Rule: "ns-cmic/purchase", RuleVersion: "1", Severity: compliance.Violation, Line: 2,
			Account: "\x1b[2J\x1b[31mFUND-A", Entity: compliance.Entity{List: "NS-CMIC", ID: "33114", Name: "SENSETIME GROUP LIMITED"},
			MatchedBy: "isin", Path: compliance.Path{{Text: "isin KYG8028Q1020"}, {Text: "NS-CMIC 33114 SENSETIME GROUP LIMITED"}}, Message: "purchase prohibited"}},
		Warnings: []string{"=1+1 is not run by a spreadsheet"},
	}
	_ = report.WriteCSV(os.Stdout, rep)
	// Output:
	// kind,line,account,rule,rule_version,severity,waived,list,entity_id,entity_name,matched_by,path,via,weight,message,release_sha256
	// finding,2,\x1b[2J\x1b[31mFUND-A,ns-cmic/purchase,1,violation,false,NS-CMIC,33114,SENSETIME GROUP LIMITED,isin,isin KYG8028Q1020 -> NS-CMIC 33114 SENSETIME GROUP LIMITED,,,purchase prohibited,
	// warning,,,,,,,,,,,,,,'=1+1 is not run by a spreadsheet,
}

// A basket of orders, checked before trading.
func ExampleWriteOrdersText() {
	l, _ := lists.Embedded()
	chk := compliance.New(lists.NewSet(l), nil)
	orders := []compliance.Order{
		{Line: 2, Account: "A1", Ref: holdings.Ref{ISIN: "HK0941009539"}, Side: compliance.Buy, Quantity: decimal.NewFromInt(100), TradeDate: holdings.MustDate("2021-08-02")},
		{Line: 3, Account: "A1", Ref: holdings.Ref{ISIN: "US0378331005"}, Side: compliance.Buy, Quantity: decimal.NewFromInt(100), TradeDate: holdings.MustDate("2021-08-02")},
	}
	rep := chk.CheckOrders(orders, nil)
	rep.Lists, rep.Warnings = nil, nil // the list line and staleness: not the point here
	_ = report.WriteOrdersText(os.Stdout, "orders.csv", rep)
	// Output:
	// Checked orders in orders.csv: basket decision BLOCK
	//
	// line 2: BLOCK
	//   VIOLATION ns-cmic/purchase — NS-CMIC 30923 CHINA MOBILE LIMITED
	//     purchase: prohibited on or after the effective date 2021-08-02 (EO 13959 as amended by EO 14032; 31 CFR part 586)
	//     path: isin HK0941009539 -> listed isin "HK0941009539" -> NS-CMIC 30923 CHINA MOBILE LIMITED
	//   reject report to OFAC due 2021-08-16 (ns-cmic/purchase, buy 100 isin HK0941009539)
	// line 3: BLOCK
	//   UNRESOLVED: isin US0378331005: not in the security master and on no list, and no name given: its issuer is unknown, so it could not be screened
	//
	// Rules that fired:
	//   ns-cmic/purchase v1: purchase (buy, buy to cover, short sale, sale beyond the position) of an NS-CMIC security on or after the effective date; for a holding, a lot acquired on or after it
	//       source: EO 13959 as amended by EO 14032; 31 CFR part 586
}

// JSON is encoding/json's, with the characters that could act on a
// terminal written as \u escapes: here a right-to-left override.
func ExampleWriteJSON() {
	rep := &compliance.OrderReport{Decision: compliance.Allow, Lists: []compliance.ListInfo{}, Orders: []compliance.OrderResult{},
		Warnings: []string{"account \"FUND\u202eA-\" is not a US person"}, Rules: []compliance.RuleInfo{}}
	_ = report.WriteJSON(os.Stdout, rep)
	// Output:
	// {
	//   "decision": "allow",
	//   "lists": [],
	//   "warnings": [
	//     "account \"FUND\u202eA-\" is not a US person"
	//   ],
	//   "orders": [],
	//   "rules": []
	// }
}
