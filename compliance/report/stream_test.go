package report_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/report"
)

// asStream splits r into what a streamed screen gives: events by line, in
// line order (findings before the unresolved entry of their line), and a
// summary.
func asStream(r *compliance.Report) ([]compliance.Event, *compliance.Summary) {
	sum := &compliance.Summary{AsOf: r.AsOf, Lists: r.Lists, Warnings: r.Warnings, Holdings: r.Holdings, Counts: r.Counts, Rules: r.Rules, Regimes: r.Regimes}
	var events []compliance.Event
	i, j := 0, 0
	for i < len(r.Violations) || j < len(r.Unresolved) {
		line := 0
		switch {
		case j == len(r.Unresolved):
			line = r.Violations[i].Line
		case i == len(r.Violations):
			line = r.Unresolved[j].Line
		default:
			line = min(r.Violations[i].Line, r.Unresolved[j].Line)
		}
		e := compliance.Event{Line: line}
		for i < len(r.Violations) && r.Violations[i].Line == line {
			e.Findings = append(e.Findings, r.Violations[i])
			i++
		}
		if j < len(r.Unresolved) && r.Unresolved[j].Line == line {
			u := r.Unresolved[j]
			e.Unresolved = &u
			if u.Severity == compliance.Violation && !u.Waived {
				sum.FailingUnresolved++
			}
			j++
		}
		events = append(events, e)
	}
	return events, sum
}

// TestStreamIsWrite: for every format, a Stream fed a report's events
// writes what the format's writer writes for the report, byte for byte.
func TestStreamIsWrite(t *testing.T) {
	hostileRep, _ := filled(hostile)
	onlyUnresolved := *smallReport()
	onlyUnresolved.Violations = []compliance.Finding{} // as CheckPortfolio gives it
	onlyUnresolved.Unresolved = []compliance.Unresolved{{Line: 3, Account: "A", Reason: "no such security", Severity: compliance.Violation},
		{Line: 9, Reason: "bad ISIN", Severity: compliance.Warning}}
	empty := *smallReport()
	empty.Violations, empty.Unresolved, empty.Rules = []compliance.Finding{}, []compliance.Unresolved{}, []compliance.RuleInfo{}
	reports := map[string]*compliance.Report{
		"example":         exampleReport(t),
		"small":           smallReport(),
		"big":             bigReport(300),
		"hostile":         hostileRep,
		"only unresolved": &onlyUnresolved,
		"empty":           &empty,
	}
	writers := map[string]func(*bytes.Buffer, *compliance.Report) error{
		report.FormatText: func(b *bytes.Buffer, r *compliance.Report) error { return report.WriteText(b, "book.csv", r) },
		report.FormatJSON: func(b *bytes.Buffer, r *compliance.Report) error { return report.WriteJSON(b, r) },
		report.FormatCSV:  func(b *bytes.Buffer, r *compliance.Report) error { return report.WriteCSV(b, r) },
		report.FormatHTML: func(b *bytes.Buffer, r *compliance.Report) error { return report.WriteHTML(b, "book.csv", r) },
	}
	for name, rep := range reports {
		for format, write := range writers {
			t.Run(name+"/"+format, func(t *testing.T) {
				var want bytes.Buffer
				if err := write(&want, rep); err != nil {
					t.Fatal(err)
				}
				dir := t.TempDir()
				s, err := report.NewStream(format, "book.csv", dir)
				if err != nil {
					t.Fatal(err)
				}
				events, sum := asStream(rep)
				for _, e := range events {
					if err := s.Add(e); err != nil {
						t.Fatal(err)
					}
				}
				var got bytes.Buffer
				if err := s.Finish(&got, sum); err != nil {
					t.Fatal(err)
				}
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(want.String(), got.String()); d != "" {
					t.Fatalf("streamed %s differs (-want +got):\n%s", format, d)
				}
				if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
					t.Fatalf("temporary files left: %v", left)
				}
			})
		}
	}
}

func TestStreamFormat(t *testing.T) {
	if _, err := report.NewStream("xml", "book.csv", ""); !errors.Is(err, report.ErrFormat) {
		t.Fatalf("err %v, want ErrFormat", err)
	}
	s, err := report.NewStream(report.FormatJSON, "book.csv", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Finish(&bytes.Buffer{}, nil); !errors.Is(err, report.ErrNoReport) {
		t.Fatalf("err %v, want ErrNoReport", err)
	}
}

// A Stream whose directory cannot take files fails on the first event
// that needs one, and says so.
func TestStreamSpoolError(t *testing.T) {
	s, err := report.NewStream(report.FormatCSV, "book.csv", filepath.Join(t.TempDir(), "missing"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.Add(compliance.Event{Line: 2, Unresolved: &compliance.Unresolved{Line: 2, Reason: "x", Severity: compliance.Violation}})
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err %v, want a missing directory", err)
	}
}
