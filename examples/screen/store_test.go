package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/audit"
	"github.com/investscreen/investscreen/compliance/audit/auditdb"
	"github.com/investscreen/investscreen/lists"
	"github.com/investscreen/investscreen/lists/source"
)

// storeWithReleases builds a release store the way examples/update does,
// from a local server standing in for OFAC: the consolidated list's
// primary file of 2025-03 without SenseTime's row (fetched 2025-03-14),
// then that of 2025-12, which lists it (fetched 2025-12-19), then the same
// again (unchanged: no new release), and, with three, that of 2025-12
// without SenseTime again (fetched 2026-01-05).
func storeWithReleases(t *testing.T, three bool) string {
	t.Helper()
	old, err := os.ReadFile("../../lists/testdata/real/ofac/consolidated-2025-03/cons_prim.csv")
	if err != nil {
		t.Fatal(err)
	}
	var kept [][]byte
	for _, line := range bytes.SplitAfter(old, []byte("\r\n")) {
		if !bytes.HasPrefix(line, []byte("33114,")) {
			kept = append(kept, line)
		}
	}
	old = bytes.Join(kept, nil)
	now, err := os.ReadFile("../../lists/testdata/real/ofac/consolidated-2025-12/cons_prim.csv")
	if err != nil {
		t.Fatal(err)
	}
	var dropped [][]byte
	for _, line := range bytes.SplitAfter(now, []byte("\r\n")) {
		if !bytes.HasPrefix(line, []byte("33114,")) {
			dropped = append(dropped, line)
		}
	}
	later := bytes.Join(dropped, nil)
	var serving atomic.Value
	serving.Store(old)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(serving.Load().([]byte))
	}))
	defer srv.Close()
	dir := t.TempDir()
	st, err := source.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	src := source.Source{Name: "ofac-cons", Format: lists.FormatOFACCSV, Files: []source.File{{Name: "cons_prim.csv", Upstream: "CONS_PRIM.CSV", URL: srv.URL + "/CONS_PRIM.CSV"}}}
	steps := []struct {
		body []byte
		at   string
		want source.Status
	}{{old, "2025-03-14T15:00:00Z", source.New}, {now, "2025-12-19T15:00:00Z", source.New}, {now, "2025-12-22T15:00:00Z", source.Unchanged}}
	if three {
		steps = append(steps, struct {
			body []byte
			at   string
			want source.Status
		}{later, "2026-01-05T15:00:00Z", source.New})
	}
	for i, step := range steps {
		serving.Store(step.body)
		at, _ := time.Parse(time.RFC3339, step.at)
		f := &source.Fetcher{Client: srv.Client(), Now: func() time.Time { return at }}
		res, err := f.Fetch(context.Background(), st, src)
		if err != nil || res.Status != step.want {
			t.Fatalf("fetch %d: %v %+v", i, err, res)
		}
	}
	return dir
}

// TestRunStore: -store screens against the store's history, so the same
// book as of two dates sees the release in force on each; -changes prints
// only what the newest release changed, and exits 1 when it added a
// violation.
func TestRunStore(t *testing.T) {
	store := storeWithReleases(t, false)
	book := filepath.Join(t.TempDir(), "book.csv")
	if err := os.WriteFile(book, []byte("account,ticker,quantity,acquired\nA,0020 HK,100,2022-03-01\nA,0700 HK,100,2022-03-01\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		asOf   string
		code   int
		listed bool
	}{{"2025-06-30", 0, false}, {"2025-12-20", 1, true}} {
		var out, errb bytes.Buffer
		code := run([]string{"-store", store, "-portfolio", book, "-securities", "../data/securities.csv", "-as-of", tc.asOf, "-format", "json"}, &out, &errb)
		var rep compliance.Report
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil || code != tc.code {
			t.Fatalf("as of %s: exit %d (want %d), %v; stderr %s", tc.asOf, code, tc.code, err, errb.String())
		}
		found := false
		for _, f := range rep.Violations {
			found = found || f.Entity.ID == "33114"
		}
		if found != tc.listed || len(rep.Lists) != 1 || !strings.HasPrefix(rep.Lists[0].Source, "history:") {
			t.Errorf("as of %s: SenseTime found %v, want %v; lists %+v", tc.asOf, found, tc.listed, rep.Lists)
		}
	}
	var out, errb bytes.Buffer
	code := run([]string{"-store", store, "-changes", "-portfolio", book, "-securities", "../data/securities.csv", "-as-of", "2025-12-20", "-format", "json"}, &out, &errb)
	var ch compliance.ChangeReport
	if err := json.Unmarshal(out.Bytes(), &ch); err != nil || code != 1 {
		t.Fatalf("-changes: exit %d (want 1: a violation added), %v; stderr %s", code, err, errb.String())
	}
	if len(ch.Changes) != 1 || ch.Changes[0].Line != 2 || len(ch.Changes[0].Added) == 0 || len(ch.Changes[0].Removed) != 0 {
		t.Errorf("changes = %+v, want SenseTime's line 2 with findings added", ch.Changes)
	}
	out.Reset()
	if code := run([]string{"-store", store, "-changes", "-portfolio", book, "-securities", "../data/securities.csv", "-as-of", "2025-12-20"}, &out, &errb); code != 1 ||
		!strings.Contains(out.String(), "line 2 (A):") || !strings.Contains(out.String(), "+ VIOLATION ns-cmic/purchase") {
		t.Errorf("-changes text: exit %d:\n%s", code, out.String())
	}
	for _, args := range [][]string{{"-changes"}, {"-store", filepath.Join(t.TempDir(), "none")}, {"-store", store, "-changes", "-orders", book}} {
		errb.Reset()
		if code := run(append(args, "-portfolio", book), &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2; stderr %s", args, code, errb.String())
		}
	}
}

// TestRunStoreThreeReleases: across three releases (without SenseTime,
// with it, without it again) the store's history gives each date the
// release in force, and -changes shows the newest release's removal: the
// findings removed, no violation added (exit 0).
func TestRunStoreThreeReleases(t *testing.T) {
	store := storeWithReleases(t, true)
	book := filepath.Join(t.TempDir(), "book.csv")
	if err := os.WriteFile(book, []byte("account,ticker,quantity,acquired\nA,0020 HK,100,2022-03-01\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		asOf   string
		listed bool
	}{{"2025-06-30", false}, {"2025-12-20", true}, {"2026-01-06", false}} {
		var out, errb bytes.Buffer
		run([]string{"-store", store, "-portfolio", book, "-securities", "../data/securities.csv", "-as-of", tc.asOf, "-format", "json"}, &out, &errb)
		var rep compliance.Report
		if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
			t.Fatalf("as of %s: %v; stderr %s", tc.asOf, err, errb.String())
		}
		found := false
		for _, f := range rep.Violations {
			found = found || f.Entity.ID == "33114"
		}
		if found != tc.listed {
			t.Errorf("as of %s: SenseTime found %v, want %v", tc.asOf, found, tc.listed)
		}
	}
	var out, errb bytes.Buffer
	code := run([]string{"-store", store, "-changes", "-portfolio", book, "-securities", "../data/securities.csv", "-as-of", "2026-01-06", "-format", "json"}, &out, &errb)
	var ch compliance.ChangeReport
	if err := json.Unmarshal(out.Bytes(), &ch); err != nil || code != 0 {
		t.Fatalf("-changes: exit %d (want 0: findings only removed), %v; stderr %s", code, err, errb.String())
	}
	if len(ch.Changes) != 1 || len(ch.Changes[0].Removed) == 0 || len(ch.Changes[0].Added) != 0 {
		t.Errorf("changes %+v, want SenseTime's findings removed", ch.Changes)
	}
}

// TestRunDecisionLog: a run is recorded in the decision log before its
// report is written (the portfolio run and each order, with the OS user as
// the actor), and a log that cannot be written stops the run with exit 2
// and no report.
func TestRunDecisionLog(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "decisions.db")
	var out, errb bytes.Buffer
	if code := run([]string{"-log", dsn, "-portfolio", "../data/portfolio.csv", "-securities", "../data/securities.csv", "-as-of", "2026-11-24"}, &out, &errb); code != 1 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if code := run([]string{"-log", dsn, "-orders", "../data/orders.csv", "-securities", "../data/securities.csv"}, &out, &errb); code != 1 {
		t.Fatalf("orders: exit %d: %s", code, errb.String())
	}
	l, err := auditdb.Open(context.Background(), dsn, audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	page, err := l.Query(context.Background(), audit.Filter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[audit.Kind]int{}
	for _, r := range page.Decisions {
		kinds[r.Kind]++
		if r.Actor == "" || r.RequestDigest == "" {
			t.Errorf("record %+v lacks the actor or the request digest", r)
		}
	}
	if kinds[audit.KindPortfolio] != 1 || kinds[audit.KindOrder] != 8 {
		t.Errorf("records by kind %v, want 1 portfolio run and the 8 orders", kinds)
	}
	if _, err := l.Verify(context.Background()); err != nil {
		t.Errorf("verify: %v", err)
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"-log", "sqlite:" + filepath.Join(t.TempDir(), "no", "such", "dir", "d.db"), "-portfolio", "../data/portfolio.csv", "-securities", "../data/securities.csv", "-as-of", "2026-11-24"}, &out, &errb); code != 2 || out.Len() != 0 {
		t.Errorf("an unwritable log: exit %d (want 2), %d bytes of report (want none); stderr %s", code, out.Len(), errb.String())
	}
	if code := run([]string{"-log", "mysql://x", "-portfolio", "../data/portfolio.csv"}, &out, &errb); code != 2 {
		t.Errorf("a bad DSN: exit %d, want 2", code)
	}
}
