package agreement

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
)

// A listFault turns a good OFAC legacy CSV set in dir into a bad one.
type listFault struct {
	name  string
	apply func(t *testing.T, dir string)
}

func writeBytes(t *testing.T, path string, b []byte) {
	t.Helper()
	os.Remove(path)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

var listFaults = []listFault{
	{"0-byte primary file", func(t *testing.T, dir string) { writeBytes(t, filepath.Join(dir, "cons_prim.csv"), nil) }},
	{"every file 0 bytes", func(t *testing.T, dir string) {
		for _, f := range []string{"cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"} {
			writeBytes(t, filepath.Join(dir, f), nil)
		}
	}},
	{"primary cut at a line boundary, no end marker", func(t *testing.T, dir string) {
		p := filepath.Join(dir, "cons_prim.csv")
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		cut := bytes.Index(b[len(b)/3:], []byte("\r\n")) + len(b)/3 + 2
		writeBytes(t, p, b[:cut])
	}},
	{"primary is /dev/zero", func(t *testing.T, dir string) {
		p := filepath.Join(dir, "cons_prim.csv")
		os.Remove(p)
		if err := os.Symlink("/dev/zero", p); err != nil {
			t.Fatal(err)
		}
	}},
	{"primary is a 2 GB sparse file", func(t *testing.T, dir string) {
		p := filepath.Join(dir, "cons_prim.csv")
		writeBytes(t, p, nil)
		if err := os.Truncate(p, 2<<30); err != nil {
			t.Fatal(err)
		}
	}},
	{"a 10-million-column primary row", func(t *testing.T, dir string) {
		p := filepath.Join(dir, "cons_prim.csv")
		row := "1" + strings.Repeat(`,"x"`, 10_000_000) + "\r\n\x1a"
		writeBytes(t, p, []byte(row))
	}},
}

// copyDir copies the files of src into a new temporary directory.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		writeBytes(t, filepath.Join(dst, e.Name()), b)
	}
	return dst
}

// TestFailClosedLists: every broken list release ends in an error through
// the library, exit 2 through the command line, and through the service a
// refused reload (500) with the old lists still serving and still
// blocking — the process survives every one, and a reload racing a file
// that is rewritten under it never serves a partial list (issue 12).
func TestFailClosedLists(t *testing.T) {
	bin := t.TempDir()
	screen, pretrade := build(t, bin, "screen"), build(t, bin, "pretrade")
	live := copyDir(t, snapshot)
	spec := live + "@2025-12-19"
	base := serve(t, pretrade, []string{"-list", spec, "-securities", "testdata/securities.csv"})
	want := listsOf(t, base)
	if len(want.Lists) != 1 || want.Lists[0].Entries != 442 {
		t.Fatalf("lists in service: %+v", want)
	}
	blocked := func(when string) {
		t.Helper()
		rep := post[compliance.OrderReport](t, base+"/v1/orders/check", map[string]any{"orders": []map[string]any{
			{"ticker": "0020 HK", "side": "buy", "quantity": "100", "trade_date": "2022-03-01"}}})
		if rep.Decision != compliance.Block {
			t.Errorf("%s: a SenseTime buy is %s, want block", when, rep.Decision)
		}
	}
	blocked("at start")
	for _, f := range listFaults {
		t.Run(f.name, func(t *testing.T) {
			bad := copyDir(t, snapshot)
			f.apply(t, bad)
			start := time.Now()
			if _, err := (compliance.Config{Lists: []string{bad + "@2025-12-19"}}).Build(); err == nil {
				t.Errorf("library: Build succeeded")
			}
			var errb bytes.Buffer
			cmd := exec.Command(screen, "-list", bad+"@2025-12-19", "-portfolio", "testdata/portfolio.csv", "-as-of", "2022-03-01")
			cmd.Stderr = &errb
			var ee *exec.ExitError
			if err := cmd.Run(); !errors.As(err, &ee) || ee.ExitCode() != 2 {
				t.Errorf("command line: %v, want exit 2; stderr %s", err, errb.String())
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("refusing took %s", d)
			}
			// The service reads the same path on reload: break it there.
			f.apply(t, live)
			status, body := reload(t, base)
			if status != http.StatusInternalServerError {
				t.Errorf("service: reload answered %d, want 500: %s", status, body)
			}
			if got := listsOf(t, base); got.Lists[0].SHA256 != want.Lists[0].SHA256 || got.Lists[0].Entries != 442 {
				t.Errorf("service: after a failed reload the lists are %+v, want the old ones", got.Lists)
			}
			blocked("after the failed reload")
			restore(t, live)
		})
	}
	t.Run("file rewritten during reloads", func(t *testing.T) {
		good, err := os.ReadFile(filepath.Join(snapshot, "cons_prim.csv"))
		if err != nil {
			t.Fatal(err)
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := filepath.Join(live, "cons_prim.csv")
			for i := 0; ; i++ {
				select {
				case <-stop:
					writeBytes(t, p, good)
					return
				default:
				}
				b := good
				if i%2 == 1 {
					b = good[:len(good)/2]
				}
				f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC|os.O_CREATE, 0o644)
				if err != nil {
					t.Error(err)
					return
				}
				f.Write(b)
				f.Close()
			}
		}()
		for i := 0; i < 20; i++ {
			status, body := reload(t, base)
			var got listsAnswer
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatalf("reload %d: %s", i, body)
			}
			switch {
			case status == http.StatusOK && got.Lists[0].Entries == 442:
			case status == http.StatusInternalServerError && got.Lists[0].Entries == 442:
			default:
				t.Errorf("reload %d: %d with %+v: a partial list is in service", i, status, got.Lists)
			}
		}
		close(stop)
		wg.Wait()
		blocked("after racing reloads")
	})
}

type listsAnswer struct {
	Lists []compliance.ListInfo `json:"lists"`
}

func listsOf(t *testing.T, base string) listsAnswer {
	t.Helper()
	resp, err := http.Get(base + "/v1/lists")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out listsAnswer
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Lists) == 0 {
		t.Fatalf("GET /v1/lists: %v %+v", err, out)
	}
	return out
}

func reload(t *testing.T, base string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/v1/lists/reload", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	c := &http.Client{Timeout: 60 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("reload: %v (has the service died?)", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, b
}

// restore puts the good release back in dir.
func restore(t *testing.T, dir string) {
	t.Helper()
	for _, f := range []string{"cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"} {
		b, err := os.ReadFile(filepath.Join(snapshot, f))
		if err != nil {
			t.Fatal(err)
		}
		writeBytes(t, filepath.Join(dir, f), b)
	}
}

// TestFailClosedRequests: requests that would flip a block into an allow
// through encoding/json's lax matching, or that carry dates no list can
// judge, are refused: 400 from the service naming the field, exit 2 from
// the command line, an error from the library (issue 12).
func TestFailClosedRequests(t *testing.T) {
	bin := t.TempDir()
	screen, pretrade := build(t, bin, "screen"), build(t, bin, "pretrade")
	base := serve(t, pretrade, []string{"-securities", "testdata/securities.csv"})
	const buy = `"ticker": "0020 HK", "side": "buy", "quantity": "100", "trade_date": "2022-03-01"`
	for _, tc := range []struct{ name, body, field string }{
		{"duplicate us_person", `{"orders": [{` + buy + `, "us_person": true, "us_person": false}]}`, "orders[0].us_person"},
		{"US_PERSON", `{"orders": [{` + buy + `, "US_PERSON": false}]}`, "orders[0].US_PERSON"},
		{"folded key", `{"orders": [{` + buy + `, "uſ_perſon": false}]}`, `orders[0].u\u017f_per\u017fon`},
		{"Ticker beside ticker", `{"orders": [{` + buy + `, "Ticker": "0700 HK"}]}`, "orders[0].Ticker"},
		{"trade date 0000-01-01", `{"orders": [{"ticker": "0020 HK", "side": "buy", "quantity": "100", "trade_date": "0000-01-01"}]}`, "orders[0].trade_date"},
		{"as_of 9999-12-31", `{"as_of": "9999-12-31", "holdings": [{"ticker": "0020 HK", "quantity": "1"}]}`, "as_of"},
		{"lot acquired after as_of", `{"as_of": "2022-03-01", "holdings": [{"ticker": "0020 HK", "quantity": "1", "acquired": "9999-12-31"}]}`, "holdings[0].acquired"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url := base + "/v1/orders/check"
			if strings.Contains(tc.body, "holdings") {
				url = base + "/v1/portfolio/check"
			}
			resp, err := http.Post(url, "application/json", strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var e struct{ Error, Field string }
			json.NewDecoder(resp.Body).Decode(&e)
			if resp.StatusCode != http.StatusBadRequest || e.Field != tc.field {
				t.Errorf("status %d, field %q (%s); want 400 naming %q", resp.StatusCode, e.Field, e.Error, tc.field)
			}
		})
	}
	dir := t.TempDir()
	for _, tc := range []struct{ name, flag, file, body string }{
		{"order trade date 0000-01-01", "-orders", "orders.csv", "ticker,side,quantity,trade_date\n0020 HK,buy,100,0000-01-01\n"},
		{"order trade date 9999-12-31", "-orders", "orders.csv", "ticker,side,quantity,trade_date\n0020 HK,buy,100,9999-12-31\n"},
		{"lot acquired after the as-of date", "-portfolio", "book.csv", "ticker,quantity,acquired\n0020 HK,100,9999-12-31\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.file)
			writeBytes(t, p, []byte(tc.body))
			var errb bytes.Buffer
			cmd := exec.Command(screen, tc.flag, p, "-securities", "testdata/securities.csv", "-as-of", "2022-03-01")
			cmd.Stderr = &errb
			var ee *exec.ExitError
			if err := cmd.Run(); !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(errb.String(), ":2:") {
				t.Errorf("%v, stderr %s; want exit 2 naming line 2", err, errb.String())
			}
		})
	}
	// The library blocks an order with an implausible date built in code.
	chk, err := (compliance.Config{Lists: []string{snapshot + "@2025-12-19"}}).Build()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []holdings.Date{{}, holdings.MustDate("0001-01-01"), holdings.MustDate("9999-12-31")} {
		o := compliance.Order{Ref: holdings.Ref{Name: "Apple Inc."}, Side: compliance.Buy, Quantity: decimal.NewFromInt(1), TradeDate: d}
		if got := chk.CheckOrder(&o, decimal.Zero); got.Decision != compliance.Block || got.Unresolved == "" {
			t.Errorf("an order dated %v: %s (%q), want block", d, got.Decision, got.Unresolved)
		}
	}
}
