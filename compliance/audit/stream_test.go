package audit_test

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/audit"
	"github.com/investscreen/investscreen/holdings"
)

// streamReport is a report with findings of two rules, one waived, and
// two unresolved holdings, one waived.
func streamReport() *compliance.Report {
	w := &compliance.Waiver{Rule: compliance.RuleSDNBlocked, Account: "F3", Reason: "licence 9", Approver: "cco", Expires: holdings.MustDate("2030-01-01")}
	uw := &compliance.Waiver{Rule: compliance.RuleUnresolved, Account: "F4", Reason: "known", Approver: "cco", Expires: holdings.MustDate("2030-01-01")}
	sdn := func(line int, acct, id string) compliance.Finding {
		return compliance.Finding{Rule: compliance.RuleSDNBlocked, RuleVersion: "1", Severity: compliance.Violation, Line: line, Account: acct,
			Entity: compliance.Entity{List: "SDN", ID: id, Name: "X"}, Path: compliance.Path{{Text: "name \"X\""}, {Text: "SDN " + id + " X"}}}
	}
	f3 := sdn(4, "F3", "777")
	f3.Waived, f3.Waiver = true, w
	return &compliance.Report{AsOf: holdings.MustDate("2026-11-24"), Holdings: 9, Lists: []compliance.ListInfo{{Name: "SDN", Source: "sdn.csv", Entries: 3, SHA256: "ab"}},
		Warnings: []string{"old list"},
		Violations: []compliance.Finding{sdn(2, "F1", "12345"),
			{Rule: compliance.RuleCMICPurchase, RuleVersion: "1", Severity: compliance.Warning, Line: 2, Account: "F1", Entity: compliance.Entity{List: "NS-CMIC", ID: "9", Name: "Y"}},
			f3, sdn(6, "F1", "12345")},
		Unresolved: []compliance.Unresolved{{Line: 3, Account: "F2", Reason: "unknown ISIN", Severity: compliance.Violation},
			{Line: 5, Account: "F4", Reason: "bad CUSIP", Severity: compliance.Violation, Waived: true, Waiver: uw}},
		Counts: compliance.Counts{Holdings: 9, Flagged: 3, Violations: 2, Warnings: 1, Waived: 1, Unresolved: 2},
		Rules:  []compliance.RuleInfo{{ID: compliance.RuleCMICPurchase}, {ID: compliance.RuleSDNBlocked}}}
}

// tallied feeds r's findings and unresolved holdings to a tally of max,
// by line, as a streamed screen gives them, and returns r's summary.
func tallied(t *testing.T, r *compliance.Report, max int) (*audit.PortfolioTally, *compliance.Summary) {
	t.Helper()
	tally := audit.NewPortfolioTally(max)
	sum := &compliance.Summary{AsOf: r.AsOf, Lists: r.Lists, Warnings: r.Warnings, Holdings: r.Holdings, Counts: r.Counts, Rules: r.Rules, Regimes: r.Regimes}
	lines := map[int]*compliance.Event{}
	var order []int
	for _, f := range r.Violations {
		if lines[f.Line] == nil {
			lines[f.Line] = &compliance.Event{Line: f.Line}
			order = append(order, f.Line)
		}
		lines[f.Line].Findings = append(lines[f.Line].Findings, f)
	}
	for i, u := range r.Unresolved {
		if lines[u.Line] == nil {
			lines[u.Line] = &compliance.Event{Line: u.Line}
			order = append(order, u.Line)
		}
		lines[u.Line].Unresolved = &r.Unresolved[i]
		if u.Severity == compliance.Violation && !u.Waived {
			sum.FailingUnresolved++
		}
	}
	for i := 1; i < len(order); i++ { // by line
		for j := i; j > 0 && order[j] < order[j-1]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	for _, line := range order {
		if err := tally.Add(*lines[line]); err != nil {
			t.Fatal(err)
		}
	}
	return tally, sum
}

// Under its bound, the streamed record is PortfolioRecord's.
func TestStreamedRecordEmbedded(t *testing.T) {
	rep := streamReport()
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	src := audit.Source{Actor: "alice", Request: []byte("book bytes"), Policy: "p"}
	want, err := audit.PortfolioRecord(now, src, rep)
	if err != nil {
		t.Fatal(err)
	}
	tally, sum := tallied(t, rep, 0)
	if !tally.Embedded() {
		t.Fatal("a small report not embedded")
	}
	// The digest computed as the file was read stands for the bytes.
	got, err := audit.StreamedPortfolioRecord(now, audit.Source{Actor: "alice", RequestDigest: audit.Digest([]byte("book bytes")), Policy: "p"}, sum, tally, audit.Printed{})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("streamed record differs from PortfolioRecord's (-want +got):\n%s", d)
	}
}

// Past its bound, the record keeps the summary and the printed report's
// hash, and the same rules, entities and decision.
func TestStreamedRecordSummary(t *testing.T) {
	tests := []struct {
		name string
		edit func(r *compliance.Report)
		want compliance.Decision
	}{
		{"violation", func(*compliance.Report) {}, compliance.Block},
		{"warning only", func(r *compliance.Report) {
			r.Violations = r.Violations[1:2]
			r.Unresolved = r.Unresolved[1:]
			r.Counts = compliance.Counts{Holdings: 9, Flagged: 1, Warnings: 1, Unresolved: 1}
		}, compliance.Warn},
		{"unresolved allowed", func(r *compliance.Report) {
			r.Violations = r.Violations[2:3]
			r.Unresolved = []compliance.Unresolved{{Line: 3, Severity: compliance.Warning, Reason: "x"}, {Line: 5, Severity: compliance.Warning, Reason: "y"}}
			r.Counts = compliance.Counts{Holdings: 9, Flagged: 1, Waived: 1, Unresolved: 2}
		}, compliance.Warn},
		{"all waived", func(r *compliance.Report) {
			r.Violations = r.Violations[2:3]
			r.Unresolved = r.Unresolved[1:]
			r.Unresolved = append(r.Unresolved, compliance.Unresolved{Line: 7, Severity: compliance.Violation, Waived: true, Reason: "z"})
			r.Counts = compliance.Counts{Holdings: 9, Flagged: 1, Waived: 1, Unresolved: 2}
		}, compliance.Allow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := streamReport()
			tt.edit(rep)
			now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
			src := audit.Source{Actor: "alice", Request: []byte("book bytes"), Policy: "p"}
			old, err := audit.PortfolioRecord(now, src, rep)
			if err != nil {
				t.Fatal(err)
			}
			tally, sum := tallied(t, rep, 1)
			if tally.Embedded() {
				t.Fatal("embedded past the bound")
			}
			printed := audit.Printed{Format: "text", SHA256: audit.Digest([]byte("the report")), Bytes: 10}
			r, err := audit.StreamedPortfolioRecord(now, src, sum, tally, printed)
			if err != nil {
				t.Fatal(err)
			}
			if r.Decision != tt.want || old.Decision != tt.want {
				t.Fatalf("decision %s (PortfolioRecord's %s), want %s", r.Decision, old.Decision, tt.want)
			}
			if !cmp.Equal(r.Rules, distinct(old.Rules)) || !cmp.Equal(r.Entities, distinct(old.Entities)) || r.RequestDigest != old.RequestDigest || r.TradeDate != old.TradeDate {
				t.Fatalf("columns %v %v %s, want %v %v %s", r.Rules, r.Entities, r.RequestDigest, old.Rules, old.Entities, old.RequestDigest)
			}
			var d struct {
				Summary struct {
					AsOf   string            `json:"as_of"`
					Counts compliance.Counts `json:"counts"`
				} `json:"summary"`
				Printed         audit.Printed     `json:"printed"`
				Waivers         []json.RawMessage `json:"waivers"`
				Unresolved      []string          `json:"unresolved"`
				UnresolvedCount int               `json:"unresolved_count"`
			}
			if err := json.Unmarshal(r.Detail, &d); err != nil {
				t.Fatal(err)
			}
			if d.Summary.Counts != rep.Counts || d.Summary.AsOf != "2026-11-24" || d.Printed != printed || d.UnresolvedCount != len(rep.Unresolved) || len(d.Unresolved) != len(rep.Unresolved) {
				t.Fatalf("detail %s", r.Detail)
			}
			if strings.Contains(string(r.Detail), `"entity"`) {
				t.Fatal("the summary record embeds findings")
			}
		})
	}
}

// Old and streamed records, embedded and summary, verify in one log.
func TestStreamedRecordVerifies(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		l := open(t, dsn, audit.Options{})
		rep := streamReport()
		src := audit.Source{Actor: "alice", Request: []byte("book bytes")}
		if _, err := l.RecordPortfolio(ctx, src, rep); err != nil {
			t.Fatal(err)
		}
		for _, max := range []int{0, 1} {
			tally, sum := tallied(t, rep, max)
			if _, err := l.RecordStreamedPortfolio(ctx, src, sum, tally, audit.Printed{Format: "json", SHA256: audit.Digest(nil)}); err != nil {
				t.Fatal(err)
			}
		}
		sum, err := l.Verify(ctx)
		if err != nil || sum.Records != 3 {
			t.Fatalf("verify: %+v, %v", sum, err)
		}
		page, err := l.Query(ctx, audit.Filter{Kind: audit.KindPortfolio, Entity: "SDN:777"})
		if err != nil || len(page.Decisions) != 3 {
			t.Fatalf("query by a waived finding's entity: %d records, %v", len(page.Decisions), err)
		}
	})
}

// distinct returns the distinct strings of ss, sorted, as the log keeps
// the Rules and Entities columns.
func distinct(ss []string) []string {
	set := map[string]bool{}
	for _, s := range ss {
		set[s] = true
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func TestStreamedRecordNil(t *testing.T) {
	if _, err := audit.StreamedPortfolioRecord(time.Now(), audit.Source{}, nil, nil, audit.Printed{}); !errors.Is(err, audit.ErrRecord) {
		t.Fatalf("err %v, want ErrRecord", err)
	}
}
