package compliancetest_test

import (
	"fmt"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/compliancetest"
	"github.com/investscreen/investscreen/holdings"
)

// exampleT stands in, in these examples, for the *testing.T a test is
// given: it prints that an assertion failed.
type exampleT struct{}

func (exampleT) Errorf(string, ...any) { fmt.Println("FAIL") }
func (exampleT) FailNow()              { fmt.Println("FAIL NOW") }

// A fund administrator's test of a book: SenseTime as OFAC lists it, the
// security master row that names its shares, a lot bought after the
// effective date and a clean holding.
func Example() {
	t := exampleT{} // in a test: the *testing.T
	d := holdings.MustDate

	kit := compliancetest.New(t)
	kit.NSCMIC("SENSETIME GROUP LIMITED", d("2021-12-10"), d("2022-02-08"), d("2022-12-10")).ID("33114")
	kit.Security("SenseTime Group Inc.", "0020 HK")
	kit.Security("Tencent Holdings Ltd", "KYG875721634", "700 HK")
	lot := kit.Hold("FUND-A", compliancetest.Ticker("0020.HK"), "150000").Acquired(d("2022-03-01"))
	tencent := kit.Hold("FUND-A", compliancetest.ISIN("KYG875721634"), "2000")
	rep := kit.Checker().CheckPortfolio(kit.Book(), d("2022-06-30"))

	fmt.Println(compliancetest.Flagged(t, rep, lot.Line(), compliance.RuleCMICPurchase, "33114"))
	fmt.Println(compliancetest.NotFlagged(t, rep, tencent.Line()))
	fmt.Println(compliancetest.Clean(t, rep)) // fails: the lot is flagged
	// Output:
	// true
	// true
	// FAIL
	// false
}

// Describe is what a failing assertion prints: every finding with its
// rule, severity, entity, matched_by and path, every unresolved holding
// with its reason, and the report's warnings.
func ExampleDescribe() {
	t := exampleT{}
	d := holdings.MustDate
	kit := compliancetest.New(t)
	kit.Release("OFAC NS-CMIC", d("2022-06-15")).
		NSCMIC("SENSETIME GROUP LIMITED", d("2021-12-10"), d("2022-02-08"), d("2022-12-10")).ID("33114")
	kit.Hold("FUND-A", compliancetest.Name("SenseTime Group Ltd."), "150000").Acquired(d("2022-03-01"))
	kit.Hold("FUND-A", compliancetest.ISIN("KYG875721635"), "10")
	rep := kit.Checker().CheckPortfolio(kit.Book(), d("2022-06-30"))
	fmt.Println(compliancetest.Describe(rep))
	// Output:
	// report as of 2022-06-30: 2 holdings, 2 findings (1 violations, 1 warnings, 0 waived), 1 unresolved
	// findings:
	//   line 2 account FUND-A: ns-cmic/divestment warning
	//       entity:     NS-CMIC 33114 "SENSETIME GROUP LIMITED"
	//       matched_by: name
	//       path:       name "SenseTime Group Ltd." -> name "sensetime group" -> name "SENSETIME GROUP LIMITED" -> NS-CMIC 33114 SENSETIME GROUP LIMITED
	//       message:    may be sold solely to divest until 2022-12-09; sales prohibited from 2022-12-10 (EO 13959 as amended by EO 14032; 31 CFR part 586; OFAC FAQ 1046)
	//   line 2 account FUND-A: ns-cmic/purchase violation
	//       entity:     NS-CMIC 33114 "SENSETIME GROUP LIMITED"
	//       matched_by: name
	//       path:       name "SenseTime Group Ltd." -> name "sensetime group" -> name "SENSETIME GROUP LIMITED" -> NS-CMIC 33114 SENSETIME GROUP LIMITED
	//       message:    lot acquired 2022-03-01, on or after the effective date 2022-02-08: prohibited purchase (EO 13959 as amended by EO 14032; 31 CFR part 586)
	// unresolved:
	//   line 3 account FUND-A (violation): isin: invalid isin "KYG875721635": check digit is 5, want 4
}

// Orders on the boundary dates of an Annex entity (China Mobile, as OFAC
// lists it): the effective date blocks purchases, the divestment date
// sales.
func ExampleDecision() {
	t := exampleT{}
	d := holdings.MustDate
	kit := compliancetest.New(t)
	kit.NSCMIC("CHINA MOBILE LIMITED", d("2021-06-03"), d("2021-08-02"), d("2022-06-03")).ID("30923").ISIN("HK0941009539").Ticker("941 HK")
	chk := kit.Checker()
	held := kit.Quantity("500")
	for _, o := range []*compliance.Order{
		kit.Order("A1", compliancetest.Ticker("0941.HK"), compliance.Buy, "100", d("2021-08-01")),
		kit.Order("A1", compliancetest.Ticker("0941.HK"), compliance.Buy, "100", d("2021-08-02")),
		kit.Order("A1", compliancetest.ISIN("HK0941009539"), compliance.Sell, "100", d("2022-06-02")),
		kit.Order("A1", compliancetest.ISIN("HK0941009539"), compliance.Sell, "100", d("2022-06-03")),
	} {
		res := chk.CheckOrder(o, held)
		fmt.Println(o.TradeDate, o.Side, res.Decision, compliancetest.Decision(t, res, res.Decision))
	}
	fmt.Println(compliancetest.Decision(t, chk.CheckOrder(kit.Order("A1", compliancetest.Ticker("941 HK"), compliance.Buy, "1", d("2023-01-05")), held), compliance.Allow))
	// Output:
	// 2021-08-01 buy warn true
	// 2021-08-02 buy block true
	// 2022-06-02 sell warn true
	// 2022-06-03 sell block true
	// FAIL
	// false
}

// Two releases of an in-house list become a history: an entry the later
// release dropped is in force before it only.
func ExampleKit_Release() {
	t := exampleT{}
	d := holdings.MustDate
	kit := compliancetest.New(t)
	jan := kit.Release("House restricted list", d("2024-01-02"))
	jan.Restricted("Initech Ltd").ISIN("US5949181045")
	kit.Release("House restricted list", d("2024-06-03")).Restricted("Acme Holdings plc").ISIN("GB0002634946")
	chk := kit.Checker()
	for _, day := range []string{"2024-06-02", "2024-06-03"} {
		res := chk.CheckOrder(kit.Order("A1", compliancetest.ISIN("US5949181045"), compliance.Buy, "10", d(day)), kit.Quantity("0"))
		fmt.Println(day, res.Decision)
	}
	fmt.Println(chk.Lists()[0].Name, chk.Lists()[0].Date)
	// Output:
	// 2024-06-02 block
	// 2024-06-03 allow
	// House restricted list 2024-06-03
}
