// Package compliancetest is a test kit for code that screens with
// investscreen: builders that make lists, a security master, fund
// constituents, ownership stakes, waivers, books and orders in code, as
// the library's own types and with no files, a Checker built from them
// through compliance.Config.Build, assertions in testify's style whose
// failures list the findings they saw, and golden reports.
//
//	func TestSenseTimeLot(t *testing.T) {
//		d := holdings.MustDate
//		kit := compliancetest.New(t)
//		kit.NSCMIC("SenseTime Group Limited", d("2021-12-10"), d("2022-02-08"), d("2022-12-10")).ID("33114").Ticker("0020 HK")
//		lot := kit.Hold("FUND-A", compliancetest.Ticker("0020.HK"), "150000").Acquired(d("2022-03-01"))
//		rep := kit.Checker().CheckPortfolio(kit.Book(), d("2022-06-30"))
//		compliancetest.Flagged(t, rep, lot.Line(), compliance.RuleCMICPurchase, "33114")
//	}
//
// A failing assertion prints every finding of the report with its rule,
// severity, entity (list, id, name), matched_by and path, and every
// unresolved holding with its reason (see Describe).
//
// Builders fail the test at once (t.FailNow) on a value the library's
// readers would refuse: an identifier with a wrong check digit, an NS-CMIC
// entry without the three dates OFAC publishes, a weight above 100%. The
// NS-CMIC dates are never derived from the listing date: give the ones
// OFAC published.
//
// Golden compares a report's JSON with a file under testdata; go test
// -update rewrites the files. The kit registers the -update flag itself
// (see UpdateFlag): a test package that imports it must not define its
// own.
//
// No production code imports this package; it depends on testify and
// go-cmp. A Kit belongs to one test and is not safe for concurrent use;
// the assertions and Describe are pure and safe for concurrent use.
package compliancetest
