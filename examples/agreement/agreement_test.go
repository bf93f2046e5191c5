// Package agreement holds the test that keeps the programs from drifting
// apart: a table of cases run through the library, the command line
// (examples/screen) and the HTTP service (examples/pretrade), asserting
// identical decisions and findings.
package agreement

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// A case is one configuration: the flags both programs take, and the
// Config the library is given for them.
type agreementCase struct {
	name   string
	lists  []string // -list values; none for the embedded snapshot
	accept bool     // -accept-shrink
	files  map[string]string
	asOf   []string // evaluation dates of the portfolio check
}

const (
	snapshot = "../../lists/snapshot/ofac-consolidated-2025-12"
	sdn      = "../../lists/testdata/sdn-2021-07"
)

var cases = []agreementCase{
	{name: "embedded snapshot, security master, waivers", files: map[string]string{"securities": "testdata/securities.csv", "waivers": "testdata/waivers.csv"},
		asOf: []string{"2022-03-01", "2023-01-05"}},
	{name: "funds looked through", files: map[string]string{"securities": "testdata/securities.csv", "funds": "testdata/funds.csv"},
		asOf: []string{"2022-03-01"}},
	{name: "history of an in-house list whose rows move", lists: []string{snapshot + "@2025-12-19", "testdata/restricted-2024-01.csv@2024-01-02", "testdata/restricted-2024-06.csv@2024-06-03"},
		files: map[string]string{"securities": "testdata/securities.csv", "waivers": "testdata/waivers.csv"}, asOf: []string{"2024-03-01", "2024-07-01", "2025-01-02"}, accept: true},
	{name: "SDN ownership", lists: []string{sdn + "@2021-07-01", snapshot + "@2025-12-19"},
		files: map[string]string{"securities": "testdata/securities.csv", "ownership": "testdata/ownership.csv", "funds": "testdata/funds.csv"}, asOf: []string{"2022-03-01"}},
}

func (tc agreementCase) flags() []string {
	var out []string
	for _, l := range tc.lists {
		out = append(out, "-list", l)
	}
	for _, k := range []string{"securities", "funds", "ownership", "waivers"} {
		if f := tc.files[k]; f != "" {
			out = append(out, "-"+k, f)
		}
	}
	if tc.accept {
		out = append(out, "-accept-shrink")
	}
	return out
}

func (tc agreementCase) config(t *testing.T) compliance.Config {
	cfg := compliance.Config{Lists: tc.lists, SecuritiesFile: tc.files["securities"], FundsFile: tc.files["funds"],
		OwnershipFile: tc.files["ownership"], WaiversFile: tc.files["waivers"], AcceptShrink: tc.accept}
	if len(tc.lists) == 0 {
		l, err := lists.Embedded()
		if err != nil {
			t.Fatal(err)
		}
		cfg.Loaded = []*lists.List{l}
	}
	return cfg
}

// build compiles a program of this module into dir.
func build(t *testing.T, dir, pkg string) string {
	t.Helper()
	out := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-o", out, "github.com/investscreen/investscreen/examples/"+pkg)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
	return out
}

// TestProgramsAgree runs every case through the library, the command line
// and the service, on the same files, and compares the whole answers:
// decision, every finding (rule and version, severity, entity, match,
// path, via, weight, message, release, waiver) and every unresolved
// reason. The service numbers orders and holdings from 1 in the request,
// the files from 2 (the header is line 1): that is the only difference
// allowed, and it is mapped before comparing.
func TestProgramsAgree(t *testing.T) {
	bin := t.TempDir()
	screen, pretrade := build(t, bin, "screen"), build(t, bin, "pretrade")
	book, err := holdings.LoadPortfolio("testdata/portfolio.csv")
	if err != nil {
		t.Fatal(err)
	}
	orders, err := compliance.LoadOrders("testdata/orders.csv")
	if err != nil {
		t.Fatal(err)
	}
	holdingsJSON := csvAsJSON(t, "testdata/portfolio.csv")
	ordersJSON := csvAsJSON(t, "testdata/orders.csv")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			chk, err := tc.config(t).Build()
			if err != nil {
				t.Fatal(err)
			}
			base := serve(t, pretrade, tc.flags())
			for _, asOf := range tc.asOf {
				lib := chk.CheckPortfolio(book, holdings.MustDate(asOf))
				cli := run[compliance.Report](t, screen, append(tc.flags(), "-portfolio", "testdata/portfolio.csv", "-as-of", asOf, "-format", "json"), lib.HasViolation())
				svc := post[compliance.Report](t, base+"/v1/portfolio/check", map[string]any{"as_of": asOf, "holdings": holdingsJSON})
				for i := range svc.Violations {
					svc.Violations[i].Line++
				}
				for i := range svc.Unresolved {
					svc.Unresolved[i].Line++
				}
				compare(t, "portfolio as of "+asOf, lib, cli, svc)
				if len(lib.Violations) == 0 {
					t.Errorf("as of %s: no finding at all: the case tests nothing", asOf)
				}
			}
			lib := chk.CheckOrders(orders, book)
			cli := run[compliance.OrderReport](t, screen, append(tc.flags(), "-orders", "testdata/orders.csv", "-portfolio", "testdata/portfolio.csv", "-format", "json"), lib.Decision == compliance.Block)
			svc := post[compliance.OrderReport](t, base+"/v1/orders/check", map[string]any{"orders": ordersJSON, "positions": holdingsJSON})
			for i := range svc.Orders {
				svc.Orders[i].Line++
				for k := range svc.Orders[i].Violations {
					svc.Orders[i].Violations[k].Line++
				}
			}
			compare(t, "orders", lib, cli, svc)
			decisions := map[compliance.Decision]int{}
			for _, o := range lib.Orders {
				decisions[o.Decision]++
			}
			if decisions[compliance.Block] == 0 || decisions[compliance.Allow]+decisions[compliance.Warn] == 0 {
				t.Errorf("decisions %v: the case needs both blocked and passed orders", decisions)
			}
		})
	}
}

// compare compares the three answers in their JSON form, the contract.
func compare[T any](t *testing.T, what string, lib, cli, svc *T) {
	t.Helper()
	l, c, s := plain(t, lib), plain(t, cli), plain(t, svc)
	if diff := cmp.Diff(l, c); diff != "" {
		t.Errorf("%s: the command line differs from the library (-library +cli):\n%s", what, diff)
	}
	if diff := cmp.Diff(l, s); diff != "" {
		t.Errorf("%s: the service differs from the library (-library +service):\n%s", what, diff)
	}
}

// plain is v's JSON form as plain values.
func plain(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// run runs the command line and decodes its JSON; its exit status must be
// 1 when the library found a violation (or blocked an order), else 0.
func run[T any](t *testing.T, bin string, args []string, violation bool) *T {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	want := 0
	if violation {
		want = 1
	}
	if code != want {
		t.Fatalf("screen %s: exit %d, want %d; stderr %s", strings.Join(args, " "), code, want, errb.String())
	}
	return decode[T](t, out.Bytes())
}

func decode[T any](t *testing.T, b []byte) *T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decoding %T: %v\n%s", v, err, b)
	}
	return &v
}

// serve starts the service on a loopback port chosen by the system and
// returns its base URL; it is stopped when the test ends.
func serve(t *testing.T, bin string, flags []string) string {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"}, flags...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
	})
	found := make(chan string, 1)
	var log bytes.Buffer
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			log.WriteString(line + "\n")
			var l struct{ Msg, URL string }
			if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "listening" {
				found <- l.URL
			}
		}
		close(found)
	}()
	select {
	case url, ok := <-found:
		if !ok {
			t.Fatalf("pretrade exited before listening:\n%s", log.String())
		}
		return url
	case <-time.After(60 * time.Second):
		t.Fatal("pretrade did not start listening within 60 s")
	}
	return ""
}

func post[T any](t *testing.T, url string, body any) *T {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %d %s", url, resp.StatusCode, out)
	}
	return decode[T](t, out)
}

// csvAsJSON turns a CSV file's rows into the objects the service takes:
// the header's names as keys, empty cells left out, us_person a boolean.
func csvAsJSON(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, row := range rows[1:] {
		m := map[string]any{}
		for i, v := range row {
			switch k := rows[0][i]; {
			case v == "":
			case k == "us_person":
				m[k] = v == "true"
			default:
				m[k] = v
			}
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		t.Fatal(fmt.Errorf("%s: no rows", path))
	}
	return out
}
