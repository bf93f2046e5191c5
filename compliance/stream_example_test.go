package compliance_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/report"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

func ExampleChecker_ScreenCSV() {
	l, _ := lists.Embedded()
	master, _ := holdings.ReadMaster(strings.NewReader("ticker,issuer\n0020 HK,SenseTime Group Inc.\n"), "securities.csv")
	chk := compliance.New(lists.NewSet(l), master)
	book := "account,ticker,isin,quantity,acquired\n" +
		"FUND-A,0020.HK,,150000,2022-03-01\n" +
		"FUND-A,,US0378331005,10,2022-03-01\n" +
		"FUND-B,,XS0000000000,5,2022-03-01\n"
	sum, err := chk.ScreenCSV(strings.NewReader(book), "book.csv", holdings.MustDate("2022-06-30"), compliance.StreamOptions{},
		func(e compliance.Event) error {
			for _, f := range e.Findings {
				fmt.Println("line", e.Line, f.Rule, f.Entity.ID)
			}
			if e.Unresolved != nil {
				fmt.Println("line", e.Line, "unresolved")
			}
			return nil
		})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sum.Holdings, "holdings,", sum.Counts.Violations, "violation,", sum.Counts.Unresolved, "unresolved; fails:", sum.HasViolation())
	// Output:
	// line 2 ns-cmic/divestment 33114
	// line 2 ns-cmic/purchase 33114
	// line 3 unresolved
	// line 4 unresolved
	// 3 holdings, 1 violation, 2 unresolved; fails: true
}

// A streamed screen written as a report: the events go to a
// report.Stream as they come, and the report is written once the book
// is read in full (and, on an input error, never).
func Example_streamedReport() {
	l, _ := lists.Embedded()
	chk := compliance.New(lists.NewSet(l), nil)
	book := "account,isin,quantity\nA1,HK0941009539,100\nA2,US0378331005,5\n"
	rs, _ := report.NewStream(report.FormatCSV, "book.csv", "")
	defer rs.Close()
	sum, err := chk.ScreenCSV(strings.NewReader(book), "book.csv", holdings.MustDate("2022-06-30"), compliance.StreamOptions{}, rs.Add)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := rs.Finish(os.Stdout, sum); err != nil {
		fmt.Println(err)
	}
	// Output:
	// kind,line,account,rule,rule_version,severity,waived,list,entity_id,entity_name,matched_by,path,via,weight,message,release_sha256
	// finding,2,A1,ns-cmic/locked,1,warning,false,NS-CMIC,30923,CHINA MOBILE LIMITED,isin,"isin HK0941009539 -> listed isin ""HK0941009539"" -> NS-CMIC 30923 CHINA MOBILE LIMITED",,,divestment date 2022-06-03 passed: can no longer be bought or sold without an OFAC license; holding it is lawful (EO 13959 as amended by EO 14032; 31 CFR part 586; OFAC FAQ 1046),8c11b5ad75609093743298202b69015fb54a2485ae067aa626fa9537c69feeff
	// unresolved,3,A2,unresolved,,violation,false,,,,,,,,"isin US0378331005: not in the security master and on no list, and no name given: its issuer is unknown, so it could not be screened",
	// warning,,,,,,,,,,,,,,"list ""OFAC Consolidated (non-SDN) List"" (embedded:ofac-consolidated-2025-12) is of 2025-12-19, after the evaluation date 2022-06-30: entries removed before it are not known unless a history of releases is loaded",
}
