package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/audit"
	"github.com/investscreen/investscreen/compliance/audit/auditdb"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/pgtest"
	"github.com/investscreen/investscreen/lists"
)

var pg *pgtest.Server

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m, "decisions", func(s *pgtest.Server) { pg = s }))
}

// eachDB runs f on a log holding a recorded basket of real orders: a
// blocked NS-CMIC purchase on Friday 2026-11-20 (report due 2026-12-07,
// after Thanksgiving), an allowed divestment sale, an unresolved order;
// records 1 to 3.
func eachDB(t *testing.T, f func(t *testing.T, dsn string, l *audit.Log)) {
	setup := func(t *testing.T, dsn string) {
		l, err := auditdb.Open(context.Background(), dsn, audit.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		set, err := lists.Embedded()
		if err != nil {
			t.Fatal(err)
		}
		chk := compliance.New(lists.NewSet(set), nil)
		q := decimal.NewFromInt(100)
		orders := []compliance.Order{
			{Account: "A1", Ref: holdings.Ref{ISIN: "HK0941009539"}, Side: compliance.Buy, Quantity: q, TradeDate: holdings.MustDate("2026-11-20")},
			{Account: "A2", Ref: holdings.Ref{ISIN: "HK0941009539"}, Side: compliance.Sell, Quantity: q, TradeDate: holdings.MustDate("2021-09-01")},
			{Account: "A1", Ref: holdings.Ref{ISIN: "XS0000000000"}, Side: compliance.Buy, Quantity: q, TradeDate: holdings.MustDate("2026-11-20")},
		}
		book := &holdings.Portfolio{Holdings: []holdings.Holding{{Account: "A2", Ref: holdings.Ref{ISIN: "HK0941009539"}, Quantity: decimal.NewFromInt(500)}}}
		if _, err := l.RecordOrders(context.Background(), audit.Source{Actor: "desk", Request: []byte("orders")}, chk.CheckOrders(orders, book), orders); err != nil {
			t.Fatal(err)
		}
		f(t, dsn, l)
	}
	t.Run("sqlite", func(t *testing.T) { setup(t, "sqlite:"+filepath.Join(t.TempDir(), "d.db")) })
	t.Run("postgres", func(t *testing.T) {
		if pg == nil {
			t.Skip("PostgreSQL is not installed")
		}
		setup(t, pg.Database(t))
	})
}

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestVerifyAndHead(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string, l *audit.Log) {
		code, out, errs := runCmd("-log", dsn, "head")
		if code != exitOK {
			t.Fatalf("head: exit %d: %s", code, errs)
		}
		var seq int64
		var head string
		if _, err := fmt.Sscanf(out, "%d %s", &seq, &head); err != nil || seq != 3 || len(head) != 64 {
			t.Fatalf("head printed %q", out)
		}
		if code, out, errs := runCmd("-log", dsn, "verify", "-head", head); code != exitOK || !strings.HasPrefix(out, "ok: 3 records") {
			t.Fatalf("verify: exit %d: %s %s", code, out, errs)
		}
		if _, err := l.DB().Exec(`UPDATE decisions SET decision = 'allow' WHERE seq = 1`); err != nil {
			t.Fatal(err)
		}
		code, out, _ = runCmd("-log", dsn, "verify")
		if code != exitBad || !strings.Contains(out, "record 1: edited") {
			t.Errorf("verify of an edited log: exit %d, %q; want 1 naming record 1", code, out)
		}
		if _, err := l.DB().Exec(`UPDATE decisions SET decision = 'block' WHERE seq = 1`); err != nil {
			t.Fatal(err)
		}
		if _, err := l.DB().Exec(`DELETE FROM decisions WHERE seq = 3`); err != nil {
			t.Fatal(err)
		}
		if code, _, _ := runCmd("-log", dsn, "verify"); code != exitOK {
			t.Errorf("a cut tail with no head to compare verifies: exit %d", code)
		}
		code, out, _ = runCmd("-log", dsn, "verify", "-head", head)
		if code != exitBad || !strings.Contains(out, "truncated") {
			t.Errorf("verify -head after the tail was cut: exit %d, %q", code, out)
		}
	})
}

func TestList(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string, l *audit.Log) {
		code, out, errs := runCmd("-log", dsn, "list", "-account", "A1", "-limit", "1")
		if code != exitOK {
			t.Fatalf("list: exit %d: %s", code, errs)
		}
		var page struct {
			Decisions []struct {
				Seq      int64    `json:"seq"`
				Account  string   `json:"account"`
				Decision string   `json:"decision"`
				Rules    []string `json:"rules"`
			} `json:"decisions"`
			Next string `json:"next"`
		}
		if err := json.Unmarshal([]byte(out), &page); err != nil {
			t.Fatal(err)
		}
		if len(page.Decisions) != 1 || page.Decisions[0].Seq != 3 || page.Next == "" {
			t.Fatalf("first page: %s", out)
		}
		code, out, _ = runCmd("-log", dsn, "list", "-account", "A1", "-limit", "1", "-cursor", page.Next)
		page.Decisions, page.Next = nil, ""
		if err := json.Unmarshal([]byte(out), &page); code != exitOK || err != nil || len(page.Decisions) != 1 || page.Decisions[0].Seq != 1 || page.Next != "" {
			t.Fatalf("second page: exit %d %s", code, out)
		}
		tests := []struct {
			name string
			args []string
			want []int64
		}{
			{"decision", []string{"-decision", "warn"}, []int64{2}},
			{"rule", []string{"-rule", "ns-cmic/purchase"}, []int64{1}},
			{"entity", []string{"-entity", "NS-CMIC:30923"}, []int64{2, 1}},
			{"dates", []string{"-from", "2021-01-01", "-to", "2021-12-31"}, []int64{2}},
			{"kind", []string{"-kind", "portfolio"}, []int64{}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				code, out, errs := runCmd(append([]string{"-log", dsn, "list"}, tc.args...)...)
				var p struct {
					Decisions []struct {
						Seq int64 `json:"seq"`
					} `json:"decisions"`
				}
				if err := json.Unmarshal([]byte(out), &p); code != exitOK || err != nil {
					t.Fatalf("exit %d %v %s", code, err, errs)
				}
				got := []int64{}
				for _, d := range p.Decisions {
					got = append(got, d.Seq)
				}
				if fmt.Sprint(got) != fmt.Sprint(tc.want) {
					t.Errorf("seqs %v, want %v", got, tc.want)
				}
			})
		}
	})
}

func TestRejects(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string, l *audit.Log) {
		code, out, errs := runCmd("-log", dsn, "rejects", "-from", "2026-12-01", "-to", "2026-12-31")
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errs)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(rows) != 2 || rows[0][0] != "seq" || rows[1][0] != "1" || rows[1][8] != "2026-12-07" {
			t.Fatalf("CSV: %v %q", err, out)
		}
		code, out, _ = runCmd("-log", dsn, "rejects", "-from", "2026-12-08", "-to", "2026-12-31", "-format", "json")
		var doc audit.RejectsJSON
		if err := json.Unmarshal([]byte(out), &doc); code != exitOK || err != nil || len(doc.Rejects) != 0 || doc.Calendar == "" {
			t.Fatalf("JSON of an empty window: exit %d %v %s", code, err, out)
		}
	})
}

func TestPurge(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string, l *audit.Log) {
		if code, _, _ := runCmd("-log", dsn, "purge", "-before", time.Now().Format(time.DateOnly)); code != exitUsage {
			t.Errorf("purge inside the retention period: exit %d, want 2", code)
		}
		code, out, errs := runCmd("-log", dsn, "purge", "-actor", "cco")
		if code != exitOK || !strings.Contains(out, "nothing") {
			t.Fatalf("purge of young records: exit %d %s %s", code, out, errs)
		}
	})
	t.Run("old records", func(t *testing.T) {
		dsn := "sqlite:" + filepath.Join(t.TempDir(), "old.db")
		l, err := auditdb.Open(context.Background(), dsn, audit.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		// Records of 2012 and 2013 are past ten years; the last is not.
		for _, at := range []time.Time{time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC), time.Now()} {
			if _, err := l.Append(context.Background(), audit.Record{Time: at, Kind: audit.KindOrder, Decision: compliance.Block}); err != nil {
				t.Fatal(err)
			}
		}
		code, out, errs := runCmd("-log", dsn, "purge", "-actor", "cco")
		if code != exitOK || !strings.Contains(out, "removed 2 records (through 2); purge recorded as 4") {
			t.Fatalf("purge: exit %d %q %s", code, out, errs)
		}
		if code, out, _ := runCmd("-log", dsn, "verify"); code != exitOK || !strings.HasPrefix(out, "ok: 2 records (3 to 4)") {
			t.Errorf("verify after purge: exit %d %q", code, out)
		}
		code, out, _ = runCmd("-log", dsn, "list", "-kind", "purge")
		if code != exitOK || !strings.Contains(out, `"actor": "cco"`) {
			t.Errorf("the purge is listed: exit %d %s", code, out)
		}
	})
}

func TestUsage(t *testing.T) {
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "none.db")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no command", []string{}, exitUsage},
		{"unknown command", []string{"-log", dsn, "tail"}, exitUsage},
		{"unknown flag", []string{"-log", dsn, "verify", "-x"}, exitUsage},
		{"stray argument", []string{"-log", dsn, "head", "extra"}, exitUsage},
		{"bad DSN", []string{"-log", "mysql://x", "head"}, exitUsage},
		{"bad date", []string{"-log", dsn, "list", "-from", "2026-02-30"}, exitUsage},
		{"bad decision", []string{"-log", dsn, "list", "-decision", "deny"}, exitUsage},
		{"limit too large", []string{"-log", dsn, "list", "-limit", "5000"}, exitUsage},
		{"bad format", []string{"-log", dsn, "rejects", "-format", "xml"}, exitUsage},
		{"window backwards", []string{"-log", dsn, "rejects", "-from", "2026-02-03", "-to", "2026-02-01"}, exitUsage},
		{"missing log", []string{"-log", dsn, "verify"}, exitFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if code, _, _ := runCmd(tc.args...); code != tc.want {
				t.Errorf("exit %d, want %d", code, tc.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(strings.TrimPrefix(dsn, "sqlite:")), "none.db")); !os.IsNotExist(err) {
		t.Errorf("reading a missing log created it: %v", err)
	}
}
