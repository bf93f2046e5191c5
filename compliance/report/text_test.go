package report_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/report"
	"github.com/investscreen/investscreen/holdings"
)

// smallReport is a portfolio report with one finding of each kind, built
// by hand so that the layout test does not depend on a list release.
func smallReport() *compliance.Report {
	rel := compliance.ReleaseRef{Name: "OFAC Consolidated (non-SDN) List", SHA256: "8c11b5ad75609093aaaabbbbccccddddeeeeffff0000111122223333444455556666"}
	return &compliance.Report{
		AsOf:     holdings.MustDate("2022-06-30"),
		Lists:    []compliance.ListInfo{{Name: rel.Name, Source: "cons_prim.csv", Entries: 442, Date: "2025-12-19", SHA256: rel.SHA256}},
		Warnings: []string{"list is of 2025-12-19, after the evaluation date"},
		Holdings: 3,
		Violations: []compliance.Finding{
			{Rule: "ns-cmic/purchase", RuleVersion: "1", Severity: compliance.Violation, Line: 2, Account: "FUND-A",
				Entity: compliance.Entity{List: "NS-CMIC", ID: "33114", Name: "SENSETIME GROUP LIMITED"}, MatchedBy: "name",
				Path:    compliance.Path{{Text: "ticker 0020 HK"}, {Text: `issuer "SenseTime Group Inc."`}, {Text: "NS-CMIC 33114 SENSETIME GROUP LIMITED"}},
				Message: "lot acquired 2022-03-01, on or after the effective date 2022-02-08 (EO 13959)", Release: rel},
			{Rule: "house/review", RuleVersion: "2", Severity: compliance.Violation, Line: 3, Account: "B",
				Entity: compliance.Entity{List: "NS-CMIC", ID: "30923", Name: "CHINA MOBILE LIMITED"}, MatchedBy: "isin",
				Path: compliance.Path{{Text: "isin HK0941009539"}, {Text: "NS-CMIC 30923 CHINA MOBILE LIMITED"}}, Message: "desk head to review (house policy)", Release: rel,
				Waived: true, Waiver: &compliance.Waiver{Rule: "house/review", Approver: "CCO", Reason: "legacy position", Expires: holdings.MustDate("2026-12-31")}},
		},
		Unresolved: []compliance.Unresolved{{Line: 4, Account: "B", Reason: "ISIN US5949181045: issuer unknown", Severity: compliance.Violation}},
		Counts:     compliance.Counts{Holdings: 3, Flagged: 2, Violations: 1, Waived: 1, Unresolved: 1},
		Rules: []compliance.RuleInfo{
			{ID: "house/review", Version: "2", Description: "every NS-CMIC match is reviewed", Source: "house policy HP-7"},
			{ID: "ns-cmic/purchase", Version: "1", Description: "purchase of an NS-CMIC security on or after the effective date", Source: "EO 13959"},
		},
	}
}

func TestWriteText(t *testing.T) {
	const want = `Screened book.csv as of 2022-06-30
List: OFAC Consolidated (non-SDN) List — cons_prim.csv, 442 entries, sha256 8c11b5ad75609093…
WARNING: list is of 2025-12-19, after the evaluation date
Holdings: 3 screened, 2 flagged, 1 unresolved; findings: 1 violations, 0 warnings, 1 waived

LINE  ACCOUNT  SEVERITY            RULE              LIST ENTRY                             MATCHED BY
2     FUND-A   VIOLATION           ns-cmic/purchase  NS-CMIC 33114 SENSETIME GROUP LIMITED  name
3     B        VIOLATION (waived)  house/review      NS-CMIC 30923 CHINA MOBILE LIMITED     isin

Why:
  line 2 ns-cmic/purchase: lot acquired 2022-03-01, on or after the effective date 2022-02-08 (EO 13959)
      path: ticker 0020 HK -> issuer "SenseTime Group Inc." -> NS-CMIC 33114 SENSETIME GROUP LIMITED
  line 3 house/review: desk head to review (house policy)
      path: isin HK0941009539 -> NS-CMIC 30923 CHINA MOBILE LIMITED

Unresolved (not screened in full):
  line 4 (violation): ISIN US5949181045: issuer unknown

Rules that fired:
  house/review v2: every NS-CMIC match is reviewed
      source: house policy HP-7
  ns-cmic/purchase v1: purchase of an NS-CMIC security on or after the effective date
      source: EO 13959
`
	var buf bytes.Buffer
	if err := report.WriteText(&buf, "book.csv", smallReport()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
}

func TestWriteTextClean(t *testing.T) {
	rep := &compliance.Report{AsOf: holdings.MustDate("2022-06-30"), Holdings: 1, Counts: compliance.Counts{Holdings: 1}, Rules: []compliance.RuleInfo{}}
	const want = "Screened book.csv as of 2022-06-30\nHoldings: 1 screened, 0 flagged, 0 unresolved; findings: 0 violations, 0 warnings, 0 waived\n\nNo findings.\n"
	var buf bytes.Buffer
	if err := report.WriteText(&buf, "book.csv", rep); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
}

func smallOrderReport() *compliance.OrderReport {
	base := smallReport()
	f := base.Violations[0]
	f.Message = "purchase: prohibited on or after the effective date 2022-02-08 (EO 13959)"
	w := base.Violations[1]
	return &compliance.OrderReport{
		Decision: compliance.Block,
		Lists:    base.Lists,
		Warnings: base.Warnings,
		Orders: []compliance.OrderResult{
			{Line: 2, Decision: compliance.Block, Violations: []compliance.Finding{f},
				Reject: &compliance.RejectRecord{Rule: "ns-cmic/purchase", Side: compliance.Buy, Quantity: "10000", Security: "ticker 0020 HK", ReportDue: holdings.MustDate("2022-03-15")}},
			{Line: 3, Decision: compliance.Allow, Violations: []compliance.Finding{w}},
			{Line: 4, Decision: compliance.Block, Unresolved: "ISIN US5949181045: issuer unknown"},
		},
		Rules: base.Rules,
	}
}

func TestWriteOrdersText(t *testing.T) {
	const want = `Checked orders in orders.csv: basket decision BLOCK
List: OFAC Consolidated (non-SDN) List — cons_prim.csv, 442 entries, sha256 8c11b5ad75609093…
WARNING: list is of 2025-12-19, after the evaluation date

line 2: BLOCK
  VIOLATION ns-cmic/purchase — NS-CMIC 33114 SENSETIME GROUP LIMITED
    purchase: prohibited on or after the effective date 2022-02-08 (EO 13959)
    path: ticker 0020 HK -> issuer "SenseTime Group Inc." -> NS-CMIC 33114 SENSETIME GROUP LIMITED
  reject report to OFAC due 2022-03-15 (ns-cmic/purchase, buy 10000 ticker 0020 HK)
line 3: ALLOW
  VIOLATION house/review — NS-CMIC 30923 CHINA MOBILE LIMITED [WAIVED by CCO until 2026-12-31: legacy position]
    desk head to review (house policy)
    path: isin HK0941009539 -> NS-CMIC 30923 CHINA MOBILE LIMITED
line 4: BLOCK
  UNRESOLVED: ISIN US5949181045: issuer unknown

Rules that fired:
  house/review v2: every NS-CMIC match is reviewed
      source: house policy HP-7
  ns-cmic/purchase v1: purchase of an NS-CMIC security on or after the effective date
      source: EO 13959
`
	var buf bytes.Buffer
	if err := report.WriteOrdersText(&buf, "orders.csv", smallOrderReport()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
}

func TestNilReport(t *testing.T) {
	var buf bytes.Buffer
	for name, err := range map[string]error{
		"WriteText":       report.WriteText(&buf, "x", nil),
		"WriteCSV":        report.WriteCSV(&buf, nil),
		"WriteHTML":       report.WriteHTML(&buf, "x", nil),
		"WriteOrdersText": report.WriteOrdersText(&buf, "x", nil),
	} {
		if !errors.Is(err, report.ErrNoReport) {
			t.Errorf("%s(nil) = %v, want ErrNoReport", name, err)
		}
	}
	if buf.Len() != 0 {
		t.Errorf("nil reports wrote %q", buf.String())
	}
}

// failWriter fails every write.
type failWriter struct{}

var errWrite = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWriteError(t *testing.T) {
	rep, orep := smallReport(), smallOrderReport()
	for name, err := range map[string]error{
		"WriteText":       report.WriteText(failWriter{}, "x", rep),
		"WriteCSV":        report.WriteCSV(failWriter{}, rep),
		"WriteHTML":       report.WriteHTML(failWriter{}, "x", rep),
		"WriteOrdersText": report.WriteOrdersText(failWriter{}, "x", orep),
		"WriteJSON":       report.WriteJSON(failWriter{}, rep),
	} {
		if !errors.Is(err, errWrite) {
			t.Errorf("%s to a failing writer = %v, want its error", name, err)
		}
	}
}
