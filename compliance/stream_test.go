package compliance_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/gen"
	"github.com/investscreen/investscreen/lists"
)

// writeBookCSV writes book's holdings as a holdings CSV (the columns
// holdings.ReadPortfolio reads); every 7th row binds its account to the
// EU and UK only, and every 11th is acquired after 2024-12-31 when late.
func writeBookCSV(w io.Writer, book *gen.Book) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"account", "isin", "cusip", "sedol", "figi", "ticker", "name", "quantity", "acquired", "regimes"}); err != nil {
		return err
	}
	for i := range book.Portfolio.Holdings {
		h := &book.Portfolio.Holdings[i]
		regimes := ""
		if i%7 == 3 {
			regimes = "eu|uk"
		}
		if err := cw.Write([]string{h.Account, h.ISIN, h.CUSIP, h.SEDOL, h.FIGI, h.Ticker, h.Name, h.Quantity.String(), h.Acquired.String(), regimes}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// streamed runs ScreenCSV over data and puts the events back into a
// Report, for comparison with CheckPortfolio's.
func streamed(t testing.TB, chk *compliance.Checker, data []byte, asOf holdings.Date, opt compliance.StreamOptions) (*compliance.Report, *compliance.Summary, error) {
	t.Helper()
	var fs []compliance.Finding
	var us []compliance.Unresolved
	last := 0
	sum, err := chk.ScreenCSV(bytes.NewReader(data), "book.csv", asOf, opt, func(e compliance.Event) error {
		if e.Line <= last {
			t.Fatalf("event for line %d after line %d", e.Line, last)
		}
		last = e.Line
		fs = append(fs, e.Findings...)
		if e.Unresolved != nil {
			us = append(us, *e.Unresolved)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	rep := sum.Head()
	rep.Violations = append(rep.Violations, fs...)
	rep.Unresolved = append(rep.Unresolved, us...)
	return rep, sum, nil
}

func TestScreenCSVIsCheckPortfolio(t *testing.T) {
	set, cons := testLists(t)
	book := gen.NewBook(3, 20000, 3000, 0.05, cons)
	chk, data := streamBook(t, book, set, compliance.Policy{SkipStaleCheck: true,
		Regimes: map[string][]compliance.Regime{"ACC-00007": {compliance.RegimeEU}}})
	p, err := holdings.ReadPortfolio(bytes.NewReader(data), "book.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, asOf := range []string{"2024-12-31", "2021-06-30"} { // after every lot; before some
		d := holdings.MustDate(asOf)
		want := chk.CheckPortfolio(p, d)
		if want.Counts.Flagged == 0 || len(want.Regimes) == 0 {
			t.Fatalf("as of %s: the book reaches no list entry", asOf)
		}
		if asOf == "2021-06-30" && want.Counts.Unresolved == 0 {
			t.Fatal("no lot acquired after the evaluation date")
		}
		wantJSON, _ := json.Marshal(want)
		for _, procs := range []int{1, 2} {
			for _, workers := range []int{0, 1, 3} {
				t.Run(fmt.Sprintf("%s/GOMAXPROCS=%d/workers=%d", asOf, procs, workers), func(t *testing.T) {
					defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
					got, sum, err := streamed(t, chk, data, d, compliance.StreamOptions{Workers: workers})
					if err != nil {
						t.Fatal(err)
					}
					gotJSON, _ := json.Marshal(got)
					if d := cmp.Diff(string(wantJSON), string(gotJSON)); d != "" {
						t.Fatalf("streamed report differs from CheckPortfolio's (-want +got):\n%s", d)
					}
					if sum.HasViolation() != want.HasViolation() {
						t.Fatalf("HasViolation %v, CheckPortfolio's %v", sum.HasViolation(), want.HasViolation())
					}
				})
			}
		}
	}
}

// A bad row late in the book: Screen returns the error naming file, line
// and field and no Summary, and emitted nothing past the bad row.
func TestScreenCSVLateBadRow(t *testing.T) {
	set, cons := testLists(t)
	book := gen.NewBook(5, 5000, 500, 0.2, cons)
	chk, data := streamBook(t, book, set, compliance.Policy{SkipStaleCheck: true})
	good := string(data)
	tests := []struct {
		name, row, field string
		opt              compliance.StreamOptions
		cause            error
	}{
		{"quantity", `A1,US0378331005,,,,,,"1,000",,`, "quantity", compliance.StreamOptions{}, holdings.ErrNumber},
		{"acquired", "A1,US0378331005,,,,,,10,2023-02-30,", "acquired", compliance.StreamOptions{}, holdings.ErrDate},
		{"later lot", "A1,US0378331005,,,,,,10,2025-03-01,", "acquired", compliance.StreamOptions{RefuseLaterLots: true}, holdings.ErrDate},
		{"regimes", "A1,US0378331005,,,,,,10,,mars", "regimes", compliance.StreamOptions{}, holdings.ErrInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The bad row is line 4002; good rows follow it.
			lines := strings.SplitAfter(good, "\n")
			data := strings.Join(lines[:4001], "") + tt.row + "\n" + strings.Join(lines[4001:], "")
			last := 0
			sum, err := chk.ScreenCSV(strings.NewReader(data), "late.csv", holdings.MustDate("2024-12-31"), tt.opt, func(e compliance.Event) error {
				last = e.Line
				return nil
			})
			if sum != nil {
				t.Fatal("a summary of a book read in part")
			}
			var pe *holdings.ParseError
			if !errors.As(err, &pe) || pe.File != "late.csv" || pe.Line != 4002 || pe.Field != tt.field || !errors.Is(err, tt.cause) {
				t.Fatalf("err %v, want late.csv line 4002 %s matching %v", err, tt.field, tt.cause)
			}
			if last >= 4002 {
				t.Fatalf("an event for line %d, at or after the bad row", last)
			}
		})
	}
}

// An error from emit stops the screen and is returned.
func TestScreenEmitError(t *testing.T) {
	set, cons := testLists(t)
	book := gen.NewBook(5, 50000, 500, 0.2, cons)
	chk, data := streamBook(t, book, set, compliance.Policy{SkipStaleCheck: true})
	buf := bytes.NewReader(data)
	errFull := errors.New("disk full")
	n := 0
	sum, err := chk.ScreenCSV(buf, "book.csv", holdings.MustDate("2024-12-31"), compliance.StreamOptions{}, func(compliance.Event) error {
		n++
		if n == 3 {
			return errFull
		}
		return nil
	})
	if !errors.Is(err, errFull) || sum != nil || n != 3 {
		t.Fatalf("err %v, summary %v, %d events; want the emit error after 3", err, sum, n)
	}
}

// BenchmarkScreenStream screens a generated CSV book (100,000 distinct
// securities, about 1% listed) read from an io.Reader at two sizes: the
// same 100,000 rows once and ten times over, so that the inputs held
// (lists, master, the rows' bytes) are the same. The bytes allocated per
// holding and the peak heap above the inputs stay flat as the book grows
// tenfold.
func BenchmarkScreenStream(b *testing.B) {
	set, cons := testLists(b)
	book := gen.NewBook(1, 100000, 100000, 0.01, cons)
	chk, data := streamBook(b, book, set, compliance.Policy{SkipStaleCheck: true})
	nl := bytes.IndexByte(data, '\n') + 1
	header, body := data[:nl], data[nl:]
	book = nil
	for _, times := range []int{1, 10} {
		n := 100000 * times
		b.Run(fmt.Sprintf("holdings=%d", n), func(b *testing.B) {
			runtime.GC()
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			before := ms0.HeapAlloc
			peak := sampleHeap()
			livePeak := sampleLive()
			b.SetBytes(int64(len(header) + times*len(body)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				parts := []io.Reader{bytes.NewReader(header)}
				for k := 0; k < times; k++ {
					parts = append(parts, bytes.NewReader(body))
				}
				flagged := 0
				sum, err := chk.ScreenCSV(io.MultiReader(parts...), "book.csv", holdings.MustDate("2024-12-31"), compliance.StreamOptions{}, func(e compliance.Event) error {
					if len(e.Findings) > 0 {
						flagged++
					}
					return nil
				})
				if err != nil || flagged == 0 || sum.Counts.Flagged != flagged || sum.Holdings != n {
					b.Fatal(err, flagged)
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&ms1)
			top, live := peak(), livePeak()
			b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(b.N)/float64(n), "B/holding")
			b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(b.N)/float64(n), "allocs/holding")
			b.ReportMetric(float64(top-min(top, before))/1e6, "peak-heap-over-inputs-MB")
			b.ReportMetric(float64(live-min(live, before))/1e6, "peak-live-over-inputs-MB")
		})
	}
}

// testLists loads the full SDN list (2021-07, in lists/testdata) and the
// embedded consolidated list.
func testLists(t testing.TB) (*lists.Set, *lists.List) {
	t.Helper()
	sdn, err := lists.LoadOFAC("../lists/testdata/sdn-2021-07")
	if err != nil {
		t.Fatal(err)
	}
	cons, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return lists.NewSet(sdn, cons), cons
}

// streamBook builds a Checker under policy over a generated book's master
// and the test lists, and writes the book as CSV.
func streamBook(t testing.TB, book *gen.Book, set *lists.Set, policy compliance.Policy) (*compliance.Checker, []byte) {
	t.Helper()
	m, err := holdings.NewMaster(book.Securities)
	if err != nil {
		t.Fatal(err)
	}
	chk, err := compliance.NewWithOptions(set, m, compliance.Options{Policy: policy})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeBookCSV(&buf, book); err != nil {
		t.Fatal(err)
	}
	return chk, buf.Bytes()
}

// sampleLive samples the live heap (as of the last GC,
// /gc/heap/live:bytes) every 5 ms until the returned function is called,
// which returns the highest value seen: what the program holds, where
// the heap's peak also counts garbage not yet collected.
func sampleLive() func() uint64 {
	stop := make(chan struct{})
	done := make(chan uint64)
	go func() {
		var top uint64
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			if s[0].Value.Kind() == metrics.KindUint64 && s[0].Value.Uint64() > top {
				top = s[0].Value.Uint64()
			}
			select {
			case <-stop:
				done <- top
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(stop); return <-done }
}

// FuzzScreenCSV: on any input, ScreenCSV fails exactly when
// holdings.ReadPortfolio does, with the same error text, and otherwise
// gives CheckPortfolio's report.
func FuzzScreenCSV(f *testing.F) {
	f.Add([]byte("account,isin,ticker,name,quantity,acquired,regimes\nA1,HK0941009539,,,100,2021-01-04,\nA2,,0020 HK,,5,,eu\nA3,,,Huawei,1,2030-01-01,\n"))
	f.Add([]byte("isin,quantity\nUS0378331005,1e3\nHK0941009539,1\n"))
	f.Add([]byte("isin,quantity\n\"HK0941009539\",\"1,0\"\n"))
	l, err := lists.Embedded()
	if err != nil {
		f.Fatal(err)
	}
	chk, err := compliance.NewWithOptions(lists.NewSet(l), nil, compliance.Options{Policy: compliance.Policy{SkipStaleCheck: true}})
	if err != nil {
		f.Fatal(err)
	}
	asOf := holdings.MustDate("2024-06-28")
	f.Fuzz(func(t *testing.T, b []byte) {
		p, perr := holdings.ReadPortfolio(bytes.NewReader(b), "book.csv")
		got, _, serr := streamed(t, chk, b, asOf, compliance.StreamOptions{Workers: 2})
		if (perr == nil) != (serr == nil) || perr != nil && perr.Error() != serr.Error() {
			t.Fatalf("ReadPortfolio: %v\nScreenCSV: %v", perr, serr)
		}
		if perr != nil {
			return
		}
		want, _ := json.Marshal(chk.CheckPortfolio(p, asOf))
		if gotJSON, _ := json.Marshal(got); !bytes.Equal(want, gotJSON) {
			t.Fatalf("CheckPortfolio:\n%s\nScreenCSV:\n%s", want, gotJSON)
		}
	})
}
