package compliancetest_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/compliancetest"
)

// screened is a book of three lines screened as of 2022-06-30: line 2 a
// SenseTime lot bought after the effective date (ns-cmic/divestment and
// ns-cmic/purchase), line 3 an ISIN with a wrong check digit
// (unresolved), line 4 a clean holding.
func screened(t *testing.T) (*compliancetest.Kit, *compliance.Checker, *compliance.Report) {
	kit := compliancetest.New(t)
	senseTime(kit)
	kit.Security("Apple Inc.", "US0378331005")
	kit.Hold("FUND-A", compliancetest.Ticker("0020 HK"), "1000").Acquired(d("2022-03-01"))
	kit.Hold("FUND-A", compliancetest.ISIN("US0378331006"), "5")
	kit.Hold("FUND-A", compliancetest.ISIN("US0378331005"), "5")
	chk := kit.Checker()
	rep := chk.CheckPortfolio(kit.Book(), d("2022-06-30"))
	require.Len(t, rep.Violations, 2)
	require.Len(t, rep.Unresolved, 1)
	return kit, chk, rep
}

// TestAssertionMessages runs every assertion against a recording TestingT
// and checks what it reports: nothing when it passes; when it fails, the
// expectation and every finding that was there (rule, severity, entity
// list, id and name, matched_by, path) and every unresolved reason.
func TestAssertionMessages(t *testing.T) {
	_, _, rep := screened(t)
	purchase := rep.Violations[1]
	require.Equal(t, compliance.RuleCMICPurchase, purchase.Rule)
	everything := []string{
		"line 2 account FUND-A: ns-cmic/divestment warning",
		"line 2 account FUND-A: ns-cmic/purchase violation",
		`entity:     NS-CMIC 33114 "SENSETIME GROUP LIMITED"`,
		"matched_by: name",
		"path:       " + purchase.Path.String(),
		"message:    " + purchase.Message,
		"line 3 account FUND-A (violation): " + rep.Unresolved[0].Reason,
	}
	require.Contains(t, rep.Unresolved[0].Reason, "check digit")
	clean := &compliance.Report{AsOf: d("2022-06-30"), Violations: []compliance.Finding{}, Unresolved: []compliance.Unresolved{}}

	tests := []struct {
		name   string
		assert func(rec *recorder) bool
		pass   bool
		want   []string // in the failure message
	}{
		{"clean fails on findings", func(rec *recorder) bool { return compliancetest.Clean(rec, rep) }, false,
			append([]string{"report is not clean", "2 findings (1 violations, 1 warnings, 0 waived), 1 unresolved"}, everything...)},
		{"clean passes", func(rec *recorder) bool { return compliancetest.Clean(rec, clean) }, true, nil},
		{"clean of no report", func(rec *recorder) bool { return compliancetest.Clean(rec, nil) }, false, []string{"no report (nil)"}},
		{"flagged passes", func(rec *recorder) bool {
			return compliancetest.Flagged(rec, rep, 2, compliance.RuleCMICPurchase, "33114")
		}, true, nil},
		{"flagged on any entity", func(rec *recorder) bool { return compliancetest.Flagged(rec, rep, 2, compliance.RuleCMICPurchase, "") }, true, nil},
		{"flagged by another rule", func(rec *recorder) bool {
			return compliancetest.Flagged(rec, rep, 2, compliance.RuleCMICLocked, "33114")
		}, false, append([]string{`line 2 is not flagged by rule "ns-cmic/locked" on entity "33114"`,
			"(line 2 has: ns-cmic/divestment on NS-CMIC 33114, ns-cmic/purchase on NS-CMIC 33114)"}, everything...)},
		{"flagged on another entity", func(rec *recorder) bool {
			return compliancetest.Flagged(rec, rep, 2, compliance.RuleCMICPurchase, "30923")
		}, false, append([]string{`on entity "30923"`}, everything...)},
		{"flagged on a line without findings", func(rec *recorder) bool {
			return compliancetest.Flagged(rec, rep, 4, compliance.RuleCMICPurchase, "33114")
		}, false, append([]string{"(line 4 has no finding)"}, everything...)},
		{"not flagged passes", func(rec *recorder) bool { return compliancetest.NotFlagged(rec, rep, 4) }, true, nil},
		{"not flagged fails on findings", func(rec *recorder) bool { return compliancetest.NotFlagged(rec, rep, 2) }, false,
			append([]string{"line 2 is flagged (2 findings)"}, everything...)},
		{"not flagged fails on an unresolved line", func(rec *recorder) bool { return compliancetest.NotFlagged(rec, rep, 3) }, false,
			append([]string{"line 3 has no finding but is unresolved: it was not screened"}, everything...)},
		{"unresolved passes", func(rec *recorder) bool { return compliancetest.Unresolved(rec, rep, 3) }, true, nil},
		{"unresolved fails", func(rec *recorder) bool { return compliancetest.Unresolved(rec, rep, 2) }, false,
			append([]string{"line 2 is not unresolved"}, everything...)},
		{"findings pass", func(rec *recorder) bool {
			return compliancetest.Findings(rec, rep.Violations, []compliancetest.Want{
				{Rule: compliance.RuleCMICDivestment, Severity: compliance.Warning, List: "NS-CMIC", ID: "33114"},
				{Rule: compliance.RuleCMICPurchase}})
		}, true, nil},
		{"findings differ", func(rec *recorder) bool {
			return compliancetest.Findings(rec, rep.Violations, []compliancetest.Want{{Rule: compliance.RuleCMICLocked, Severity: compliance.Warning}}, "as of %s", "2022-06-30")
		}, false, []string{"as of 2022-06-30", "findings differ: want 1", "  ns-cmic/locked warning * *", "got 2:",
			"! line 2 account FUND-A: ns-cmic/divestment warning", "! line 2 account FUND-A: ns-cmic/purchase violation",
			"path:       " + purchase.Path.String()}},
		{"no findings wanted", func(rec *recorder) bool { return compliancetest.Findings(rec, rep.Violations, nil) }, false,
			[]string{"findings differ: want 0", "got 2:"}},
		{"testify's message", func(rec *recorder) bool { return compliancetest.Clean(rec, rep, "book %s", "FUND-A") }, false,
			[]string{"book FUND-A"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			ok := tc.assert(rec)
			require.Equal(t, tc.pass, ok, "return value")
			if tc.pass {
				rec.passed(t)
				return
			}
			rec.failed(t, tc.want...)
			require.False(t, rec.stopped, "an assertion reports with Errorf and lets the test go on")
			require.Len(t, rec.errors, 1, "one failure, one message")
			require.Positive(t, rec.helpers, "the assertion marks itself a helper, so the failure points at the test")
		})
	}
}

// TestDecisionMessages: Decision passes on the decision wanted and, on
// another, prints the findings, the unresolved reason and the reject
// record.
func TestDecisionMessages(t *testing.T) {
	kit, chk, _ := screened(t)
	buy := chk.CheckOrder(kit.Order("A1", compliancetest.Ticker("0020 HK"), compliance.Buy, "100", d("2022-03-01")), kit.Quantity("0"))
	unknown := chk.CheckOrder(kit.Order("A1", compliancetest.ISIN("US5949181045"), compliance.Buy, "100", d("2022-03-01")), kit.Quantity("0"))
	tests := []struct {
		name string
		res  compliance.OrderResult
		want compliance.Decision
		pass bool
		msg  []string
	}{
		{"block", buy, compliance.Block, true, nil},
		{"block is not allow", buy, compliance.Allow, false, []string{"decision is block, want allow", "ns-cmic/purchase violation",
			`entity:     NS-CMIC 33114 "SENSETIME GROUP LIMITED"`, "matched_by: name", "path:       " + buy.Violations[0].Path.String(),
			"reject report: rule ns-cmic/purchase", "due 2022-03-15"}},
		{"unresolved blocks", unknown, compliance.Block, true, nil},
		{"unresolved is not warn", unknown, compliance.Warn, false, []string{"decision is block, want warn", "findings: none", "unresolved: " + unknown.Unresolved}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			require.Equal(t, tc.pass, compliancetest.Decision(rec, tc.res, tc.want))
			if tc.pass {
				rec.passed(t)
				return
			}
			rec.failed(t, tc.msg...)
		})
	}
	require.NotEmpty(t, unknown.Unresolved)
}

// TestDescribeBounded: a report with more findings than Describe shows
// says how many more there are.
func TestDescribeBounded(t *testing.T) {
	kit := compliancetest.New(t)
	kit.Restricted("Acme Holdings plc").ISIN("GB0002634946")
	for i := 0; i < 150; i++ {
		kit.Hold("A", compliancetest.ISIN("GB0002634946"), "1")
	}
	rep := kit.Checker().CheckPortfolio(kit.Book(), d("2024-01-02"))
	require.Len(t, rep.Violations, 150)
	txt := compliancetest.Describe(rep)
	require.Contains(t, txt, "  ... and 50 more")
	require.Equal(t, 100, strings.Count(txt, ": restricted violation"))
}

// TestWaived: a waived finding is still a finding (Flagged passes, Clean
// does not), and the description names the waiver; the report passes
// (no violation counted).
func TestWaived(t *testing.T) {
	kit := compliancetest.New(t)
	kit.Restricted("Acme Holdings plc").ID("R1").ISIN("GB0002634946")
	kit.Waiver(compliance.Waiver{Rule: compliance.RuleRestricted, Account: "FUND-A", Reason: "legacy lot under review", Approver: "J. Doe", Expires: d("2030-01-31")})
	lot := kit.Hold("FUND-A", compliancetest.ISIN("GB0002634946"), "10")
	rep := kit.Checker().CheckPortfolio(kit.Book(), d("2024-01-02"))
	compliancetest.Flagged(t, rep, lot.Line(), compliance.RuleRestricted, "R1")
	require.False(t, rep.HasViolation())
	rec := &recorder{}
	require.False(t, compliancetest.Clean(rec, rep))
	rec.failed(t, "line 2 account FUND-A: restricted violation, waived by J. Doe until 2030-01-31: legacy lot under review", "1 waived")
}
