package compliance_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/gen"
	"github.com/investscreen/investscreen/lists"
)

// release builds a one-entry list whose release hash names it and whose
// entry blocks (restricted) or does not list the security at all.
func release(n int, listed bool) *lists.List {
	l := &lists.List{Release: lists.Release{Name: "house", SHA256: fmt.Sprintf("release-%d", n)}}
	if listed {
		l.Entries = append(l.Entries, &lists.Entry{List: lists.Restricted, ID: "L2", Name: "ACME", ISINs: []string{"US0378331005"}})
	} else {
		l.Entries = append(l.Entries, &lists.Entry{List: lists.Restricted, ID: "L2", Name: "OTHER", ISINs: []string{"US5949181045"}})
	}
	return l
}

// TestLiveSwapUnderLoad runs checks from many goroutines while the lists
// are swapped, and checks that every answer came from one whole release:
// its decision agrees with the release its report names.
func TestLiveSwapUnderLoad(t *testing.T) {
	build := func(n int) func() (*compliance.Checker, error) {
		return func() (*compliance.Checker, error) {
			return compliance.NewWithOptions(lists.NewSet(release(n, n%2 == 0)), nil, compliance.Options{Policy: compliance.Policy{AllowUnresolved: true}})
		}
	}
	c0, _ := build(0)()
	live := compliance.NewLive(c0)
	const workers, checks, swaps = 8, 300, 60
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := compliance.Order{Ref: holdings.Ref{ISIN: "US0378331005"}, Side: compliance.Buy, Quantity: decimal.NewFromInt(1), TradeDate: holdings.MustDate("2024-01-02")}
			for i := 0; i < checks; i++ {
				chk := live.Checker()
				rep := chk.CheckOrders([]compliance.Order{o}, nil)
				var n int
				if _, err := fmt.Sscanf(rep.Lists[0].SHA256, "release-%d", &n); err != nil {
					errs <- err
					return
				}
				want := compliance.Warn // not on that release's list: unresolved, allowed by policy
				if n%2 == 0 {
					want = compliance.Block
				}
				if rep.Decision != want {
					errs <- fmt.Errorf("release %d answered %s, want %s: a mixed answer", n, rep.Decision, want)
					return
				}
			}
		}()
	}
	for i := 1; i <= swaps; i++ {
		if err := live.Update(build(i)); err != nil {
			t.Fatal(err)
		}
		if i%10 == 0 {
			// A failed update keeps the old lists in service.
			before := live.Checker()
			if err := live.Update(func() (*compliance.Checker, error) { return nil, errors.New("corrupt file") }); err == nil {
				t.Fatal("failed update reported no error")
			}
			if live.Checker() != before {
				t.Fatal("a failed update replaced the checker")
			}
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := live.Update(func() (*compliance.Checker, error) { return nil, nil }); !errors.Is(err, compliance.ErrNoChecker) {
		t.Errorf("nil checker: %v", err)
	}
}

func TestStaleness(t *testing.T) {
	l, _ := lists.Embedded() // snapshot of 2025-12-19
	set := lists.NewSet(l)
	tests := []struct {
		name   string
		policy compliance.Policy
		asOf   string
		want   string // "" for no warning
	}{
		{"fresh", compliance.Policy{}, "2026-01-18", ""},
		{"31 days", compliance.Policy{}, "2026-01-19", "31 days before"},
		{"a year", compliance.Policy{}, "2026-11-24", "340 days before"},
		{"configured age", compliance.Policy{MaxListAge: 400}, "2026-11-24", ""},
		{"skipped", compliance.Policy{SkipStaleCheck: true}, "2026-11-24", ""},
		{"list newer than the date", compliance.Policy{}, "2022-03-01", "after the evaluation date"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			chk, _ := compliance.NewWithOptions(set, nil, compliance.Options{Policy: tc.policy})
			rep := chk.CheckPortfolio(&holdings.Portfolio{}, holdings.MustDate(tc.asOf))
			if tc.want == "" {
				if len(rep.Warnings) != 0 {
					t.Errorf("warnings %q", rep.Warnings)
				}
				return
			}
			if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], tc.want) {
				t.Errorf("warnings %q, want one with %q", rep.Warnings, tc.want)
			}
		})
	}
	undated := &lists.List{Release: lists.Release{Name: "x", Source: "x.csv"}, Entries: []*lists.Entry{{List: lists.Restricted, ID: "1", Name: "X"}}}
	rep := compliance.New(lists.NewSet(undated), nil).CheckOrders(nil, nil)
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "no known release date") {
		t.Errorf("undated list: %q", rep.Warnings)
	}
}

// TestParallelDeterminism: a book large enough to be screened on several
// goroutines gives byte-identical JSON whatever the schedule, and the same
// as on one core.
func TestParallelDeterminism(t *testing.T) {
	l, _ := lists.Embedded()
	book := gen.NewBook(7, 30000, 3000, 0.02, l)
	m, err := holdings.NewMaster(book.Securities)
	if err != nil {
		t.Fatal(err)
	}
	chk := compliance.New(lists.NewSet(l), m)
	d := holdings.MustDate("2024-05-02")
	prev := runtime.GOMAXPROCS(1)
	one, _ := json.Marshal(chk.CheckPortfolio(book.Portfolio, d))
	runtime.GOMAXPROCS(4)
	defer runtime.GOMAXPROCS(prev)
	for i := 0; i < 3; i++ {
		many, _ := json.Marshal(chk.CheckPortfolio(book.Portfolio, d))
		if !bytes.Equal(one, many) {
			t.Fatalf("run %d: parallel report differs from the one-core report", i)
		}
	}
	var rep compliance.Report
	if err := json.Unmarshal(one, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Counts.Flagged == 0 || rep.Counts.Holdings != 30000 {
		t.Errorf("counts %+v", rep.Counts)
	}
}
