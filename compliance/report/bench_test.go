package report_test

import (
	"fmt"
	"io"
	"sync"
	"testing"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/report"
)

// bigReport repeats the findings of smallReport n times over distinct
// lines and accounts.
func bigReport(n int) *compliance.Report {
	base := smallReport()
	r := *base
	r.Violations = make([]compliance.Finding, 0, n*len(base.Violations))
	for i := 0; i < n; i++ {
		for _, f := range base.Violations {
			f.Line = i + 2
			f.Account = fmt.Sprintf("ACCT-%04d", i%1000)
			r.Violations = append(r.Violations, f)
		}
	}
	return &r
}

func BenchmarkWrite(b *testing.B) {
	for _, n := range []int{100, 10000} {
		rep := bigReport(n)
		for _, bc := range []struct {
			name  string
			write func(io.Writer) error
		}{
			{"text", func(w io.Writer) error { return report.WriteText(w, "book.csv", rep) }},
			{"csv", func(w io.Writer) error { return report.WriteCSV(w, rep) }},
			{"html", func(w io.Writer) error { return report.WriteHTML(w, "book.csv", rep) }},
			{"json", func(w io.Writer) error { return report.WriteJSON(w, rep) }},
		} {
			b.Run(fmt.Sprintf("%s/findings=%d", bc.name, len(rep.Violations)), func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					if err := bc.write(io.Discard); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestConcurrentWriters writes one report in every format from several
// goroutines at once (run with -race): the writers only read it.
func TestConcurrentWriters(t *testing.T) {
	rep, orep := smallReport(), smallOrderReport()
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, err := range []error{report.WriteText(io.Discard, "x", rep), report.WriteCSV(io.Discard, rep), report.WriteHTML(io.Discard, "x", rep),
				report.WriteOrdersText(io.Discard, "x", orep), report.WriteJSON(io.Discard, rep)} {
				if err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
}
