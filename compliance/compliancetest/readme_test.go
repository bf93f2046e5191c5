package compliancetest_test

import (
	"testing"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/compliancetest"
	"github.com/investscreen/investscreen/holdings"
)

// TestReadme is the test README.md shows, as written there.
func TestReadme(t *testing.T) {
	d := holdings.MustDate
	kit := compliancetest.New(t)
	kit.NSCMIC("SENSETIME GROUP LIMITED", d("2021-12-10"), d("2022-02-08"), d("2022-12-10")).ID("33114")
	kit.Security("SenseTime Group Inc.", "0020 HK")
	kit.Security("Tencent Holdings Ltd", "KYG875721634")
	lot := kit.Hold("FUND-A", compliancetest.Ticker("0020.HK"), "150000").Acquired(d("2022-03-01"))
	tencent := kit.Hold("FUND-A", compliancetest.ISIN("KYG875721634"), "2000")

	rep := kit.Checker().CheckPortfolio(kit.Book(), d("2022-06-30"))
	compliancetest.Flagged(t, rep, lot.Line(), compliance.RuleCMICPurchase, "33114")
	compliancetest.NotFlagged(t, rep, tencent.Line())
}
