package compliancetest_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/compliancetest"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

var d = holdings.MustDate

// senseTime adds SenseTime Group Limited as OFAC lists it (ent 33114,
// with its published dates and its alias and C.R. No.) and the security
// master row that names its shares.
func senseTime(kit *compliancetest.Kit) {
	kit.NSCMIC("SENSETIME GROUP LIMITED", d("2021-12-10"), d("2022-02-08"), d("2022-12-10")).
		ID("33114").Alias("SENSETIME GROUP LTD").Identifier("C.R. No.", "2162198", "Hong Kong")
	kit.Security("SenseTime Group Inc.", "0020 HK")
}

// TestKitAgreesWithEmbedded screens the same holdings against SenseTime
// and China Mobile built with the kit and against the embedded OFAC
// snapshot: the findings must be the same on every boundary date of
// RULES.md, so a user's kit-built list behaves as OFAC's does.
func TestKitAgreesWithEmbedded(t *testing.T) {
	kit := compliancetest.New(t)
	senseTime(kit)
	kit.NSCMIC("CHINA MOBILE LIMITED", d("2021-06-03"), d("2021-08-02"), d("2022-06-03")).
		ID("30923").Alias("CHINA MOBILE LTD").ISIN("US16941M1099", "HK0941009539").Ticker("941 HK").IssuerName("China Mobile Limited", "China Mobile Ltd")
	kit.Hold("A1", compliancetest.Ticker("0020.HK"), "100")
	kit.Hold("A1", compliancetest.Name("SenseTime Group Ltd."), "100").Acquired(d("2022-02-08"))
	kit.Hold("A2", compliancetest.CUSIP("16941M109"), "100")
	kit.Hold("A2", compliancetest.ISIN("HK0941009539"), "100").Acquired(d("2021-08-01"))
	kit.Hold("A2", compliancetest.Ticker("0941.HK"), "100").Acquired(d("2021-08-02"))
	own := kit.Checker()

	emb, err := lists.Embedded()
	require.NoError(t, err)
	ref := compliancetest.New(t)
	ref.Load(emb)
	ref.Security("SenseTime Group Inc.", "0020 HK")
	official := ref.Checker()

	for _, asOf := range []string{"2021-06-02", "2021-06-03", "2021-08-01", "2021-08-02", "2021-12-09", "2021-12-10", "2022-02-07",
		"2022-02-08", "2022-06-02", "2022-06-03", "2022-12-09", "2022-12-10", "2023-01-05"} {
		t.Run(asOf, func(t *testing.T) {
			// A lot acquired after the evaluation date is unresolved by
			// design: the book holds only the lots bought by then.
			book := kit.Book()
			lots := book.Holdings[:0]
			for _, h := range book.Holdings {
				if !h.Acquired.After(d(asOf)) {
					lots = append(lots, h)
				}
			}
			book.Holdings = lots
			got := own.CheckPortfolio(book, d(asOf))
			want := official.CheckPortfolio(book, d(asOf))
			var wants []compliancetest.Want
			for _, f := range want.Violations {
				if f.Entity.ID == "33114" || f.Entity.ID == "30923" {
					wants = append(wants, compliancetest.Want{Rule: f.Rule, Severity: f.Severity, List: lists.Code(f.Entity.List), ID: f.Entity.ID})
				}
			}
			if asOf >= "2021-06-03" {
				require.NotEmpty(t, wants, "the embedded list flags the book from the Annex listing date")
			}
			compliancetest.Findings(t, got.Violations, wants, "as of %s", asOf)
			require.Empty(t, got.Unresolved)
		})
	}
}

// TestFundAdminBook is the test a fund administrator writes: a book with
// a prohibited lot, a holding through an ADR's underlying, one through an
// ETF, a restricted name, a watched name, an SDN found by alias and a
// clean holding.
func TestFundAdminBook(t *testing.T) {
	kit := compliancetest.New(t)
	senseTime(kit)
	kit.NSCMIC("CHINA UNICOM (HONG KONG) LIMITED", d("2021-06-03"), d("2021-08-02"), d("2022-06-03")).ID("30924").Ticker("762 HK")
	kit.SDN("BLOCKED BANK PJSC", "RUSSIA-EO14024").ID("9001").Alias("BLOCKED BANK").Identifier("SWIFT/BIC", "BLBKRUMM", "Russia")
	kit.Restricted("Acme Holdings plc").ISIN("GB0002634946")
	kit.Watch("Globex Corp").ISIN("US5949181045")
	kit.Security("No Such Issuer Ltd", "9999 HK").Type(holdings.ADR).Underlying("0762 HK")
	kit.Security("Apple Inc.", "US0378331005")
	kit.Fund("US4642872349").Holds("0020 HK", "0.5").Holds("US0378331005", "99.5")

	lot := kit.Hold("FUND-A", compliancetest.Ticker("0020 HK"), "1000").Acquired(d("2022-03-01"))
	adr := kit.Hold("FUND-A", compliancetest.Ticker("9999 HK"), "10")
	etf := kit.Hold("FUND-A", compliancetest.ISIN("US4642872349"), "10")
	restricted := kit.Hold("FUND-A", compliancetest.ISIN("GB0002634946"), "10")
	watched := kit.Hold("FUND-A", compliancetest.ISIN("US5949181045"), "10")
	sdn := kit.Hold("FUND-B", compliancetest.Name("Blocked Bank"), "10")
	clean := kit.Hold("FUND-B", compliancetest.ISIN("US0378331005"), "10")

	rep := kit.Checker().CheckPortfolio(kit.Book(), d("2022-06-30"))
	compliancetest.Flagged(t, rep, lot.Line(), compliance.RuleCMICPurchase, "33114")
	compliancetest.Flagged(t, rep, lot.Line(), compliance.RuleCMICDivestment, "33114")
	compliancetest.Flagged(t, rep, adr.Line(), compliance.RuleCMICLocked, "30924")
	compliancetest.Flagged(t, rep, etf.Line(), compliance.RuleCMICDivestment, "33114")
	compliancetest.Flagged(t, rep, restricted.Line(), compliance.RuleRestricted, "")
	compliancetest.Flagged(t, rep, watched.Line(), compliance.RuleWatch, "")
	compliancetest.Flagged(t, rep, sdn.Line(), compliance.RuleSDNBlocked, "9001")
	compliancetest.NotFlagged(t, rep, clean.Line())
	require.True(t, rep.HasViolation())

	var viaFund, viaADR bool
	for _, f := range rep.Violations {
		viaFund = viaFund || f.Line == etf.Line() && len(f.Via) == 2 && f.Weight == "0.5"
		for _, s := range f.Path {
			viaADR = viaADR || f.Line == adr.Line() && s.Kind == compliance.StepUnderlying
		}
	}
	require.True(t, viaFund, "the ETF finding names the fund and its constituent:\n%s", compliancetest.Describe(rep))
	require.True(t, viaADR, "the ADR finding goes through the underlying:\n%s", compliancetest.Describe(rep))
}

// TestOwnership: the SDN 50 Percent Rule over stakes made with Owns: 30%
// and 25% by two SDNs block; 49% does not (RULES.md).
func TestOwnership(t *testing.T) {
	tests := []struct {
		name    string
		stakes  [][3]string
		blocked bool
	}{
		{"30 and 25 by two SDNs", [][3]string{{"OLIGARCH HOLDINGS LTD", "Target Co", "30"}, {"253400WSS48YWMBUA688", "Target Co", "25"}}, true},
		{"49 by one SDN", [][3]string{{"OLIGARCH HOLDINGS LTD", "Target Co", "49"}}, false},
		{"exactly 50", [][3]string{{"OLIGARCH HOLDINGS LTD", "Target Co", "50"}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kit := compliancetest.New(t)
			kit.SDN("OLIGARCH HOLDINGS LTD", "RUSSIA-EO14024").ID("1")
			kit.SDN("LEI TARGET", "RUSSIA-EO14024").ID("2").LEI("253400WSS48YWMBUA688")
			kit.Security("Target Co", "US0378331005")
			for _, s := range tc.stakes {
				kit.Owns(s[0], s[1], s[2])
			}
			res := kit.Checker().CheckOrder(kit.Order("A1", compliancetest.ISIN("US0378331005"), compliance.Buy, "1", d("2024-01-02")), kit.Quantity("0"))
			if tc.blocked {
				compliancetest.Decision(t, res, compliance.Block)
				compliancetest.Findings(t, res.Violations, []compliancetest.Want{{Rule: compliance.RuleSDNOwnership, Severity: compliance.Violation}})
			} else {
				compliancetest.Decision(t, res, compliance.Allow)
				compliancetest.Findings(t, res.Violations, nil)
			}
		})
	}
}
