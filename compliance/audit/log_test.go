package audit_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/audit"
	"github.com/investscreen/investscreen/compliance/audit/auditdb"
	"github.com/investscreen/investscreen/holdings"
)

func TestRecordOrders(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		now := time.Date(2026, 11, 23, 14, 30, 0, 123456789, time.FixedZone("EST", -5*3600))
		l := open(t, dsn, audit.Options{Now: fixedClock(&now)})
		rep, orders, src := sample(t)
		seqs, err := l.RecordOrders(ctx, src, rep, orders)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]int64{1, 2, 3, 4}, seqs); diff != "" {
			t.Fatalf("seqs (-want +got):\n%s", diff)
		}
		if st := l.Stats(); st != (audit.Stats{Commits: 1, Records: 4}) {
			t.Errorf("stats %+v: want one commit of the four orders", st)
		}
		page, err := l.Query(ctx, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Decisions) != 4 || page.Next != "" {
			t.Fatalf("got %d records, next %q; want 4 and no next page", len(page.Decisions), page.Next)
		}
		type plain struct {
			Seq                                      int64
			Account, Security, Side, Quantity, Actor string
			Trade, Due                               string
			Decision                                 compliance.Decision
			Rules, Entities                          []string
		}
		var got []plain
		for _, r := range page.Decisions {
			got = append(got, plain{r.Seq, r.Account, r.Security, r.Side, r.Quantity, r.Actor, r.TradeDate.String(), r.ReportDue.String(), r.Decision, r.Rules, r.Entities})
			if !r.Time.Equal(now.Truncate(time.Microsecond)) || r.Time.Location() != time.UTC {
				t.Errorf("record %d: time %v, want %v in UTC", r.Seq, r.Time, now)
			}
			if r.RequestDigest != audit.Digest(src.Request) || r.PolicyDigest != src.Policy || r.Kind != audit.KindOrder {
				t.Errorf("record %d: digests %s %s kind %s", r.Seq, r.RequestDigest, r.PolicyDigest, r.Kind)
			}
		}
		want := []plain{ // newest first
			{4, "W1", "HK0941009539", "buy", "100", "desk-1", "2026-11-23", "", compliance.Allow, []string{"ns-cmic/purchase"}, []string{"NS-CMIC:30923"}},
			{3, "A1", "XS0000000000", "buy", "100", "desk-1", "2026-11-20", "", compliance.Block, []string{"unresolved"}, []string{}},
			{2, "A2", "HK0941009539", "sell", "100", "desk-1", "2021-09-01", "", compliance.Warn, []string{"ns-cmic/divestment"}, []string{"NS-CMIC:30923"}},
			// Trade Friday 2026-11-20; Thanksgiving 11-26 is not a business day.
			{1, "A1", "HK0941009539", "buy", "100", "desk-1", "2026-11-20", "2026-12-07", compliance.Block, []string{"ns-cmic/purchase"}, []string{"NS-CMIC:30923"}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("records (-want +got):\n%s", diff)
		}
		// The detail keeps the library's own JSON of the result, the
		// list releases and the waiver applied.
		var d struct {
			Index   int                    `json:"index"`
			Result  compliance.OrderResult `json:"result"`
			Lists   []compliance.ListInfo  `json:"lists"`
			Waivers []compliance.Waiver    `json:"waivers"`
		}
		if err := json.Unmarshal(page.Decisions[0].Detail, &d); err != nil {
			t.Fatal(err)
		}
		if d.Index != 3 || len(d.Result.Violations) == 0 || !d.Result.Violations[0].Waived || len(d.Waivers) != 1 || d.Waivers[0].Approver != "cco" {
			t.Errorf("detail of the waived order: %+v", d)
		}
		if len(d.Lists) == 0 || len(d.Lists[0].SHA256) != 64 {
			t.Errorf("detail lists: %+v", d.Lists)
		}
		// A DBA reads the plain columns with plain SQL.
		var decision, account, trade, rules string
		if err := l.DB().QueryRow(`SELECT decision, account, trade_date, rules FROM decisions WHERE seq = 1`).Scan(&decision, &account, &trade, &rules); err != nil {
			t.Fatal(err)
		}
		if decision != "block" || account != "A1" || trade != "2026-11-20" || rules != "ns-cmic/purchase" {
			t.Errorf("plain columns: %s %s %s %s", decision, account, trade, rules)
		}
		if _, err := l.Verify(ctx); err != nil {
			t.Errorf("verify: %v", err)
		}
	})
}

func TestRecordMismatch(t *testing.T) {
	l := open(t, "sqlite:"+t.TempDir()+"/d.db", audit.Options{})
	rep, orders, src := sample(t)
	_, err := l.RecordOrders(context.Background(), src, rep, orders[:2])
	if !errors.Is(err, audit.ErrRecord) {
		t.Fatalf("got %v, want ErrRecord: a report that does not match its orders is not recorded", err)
	}
	if _, err := l.Append(context.Background(), audit.Record{Kind: "trade", Decision: compliance.Allow}); !errors.Is(err, audit.ErrRecord) {
		t.Errorf("unknown kind: got %v, want ErrRecord", err)
	}
	if _, err := l.Append(context.Background(), audit.Record{Kind: audit.KindOrder, Decision: "maybe"}); !errors.Is(err, audit.ErrRecord) {
		t.Errorf("unknown decision: got %v, want ErrRecord", err)
	}
}

func TestRecordPortfolio(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		l := open(t, dsn, audit.Options{})
		rep := &compliance.Report{AsOf: holdings.MustDate("2026-11-24"), Holdings: 2,
			Violations: []compliance.Finding{{Rule: compliance.RuleSDNBlocked, RuleVersion: "1", Severity: compliance.Violation, Account: "F1", Entity: compliance.Entity{List: "SDN", ID: "12345", Name: "X"}, Path: compliance.Path{{Text: "name \"X\""}, {Text: "SDN 12345 X"}}}},
			Unresolved: []compliance.Unresolved{{Line: 3, Account: "F2", Reason: "unknown ISIN", Severity: compliance.Violation}},
			Counts:     compliance.Counts{Holdings: 2, Violations: 1, Unresolved: 1}}
		seq, err := l.RecordPortfolio(ctx, audit.Source{Actor: "alice", Request: []byte("portfolio.csv bytes")}, rep)
		if err != nil {
			t.Fatal(err)
		}
		page, err := l.Query(ctx, audit.Filter{Kind: audit.KindPortfolio})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Decisions) != 1 || page.Decisions[0].Seq != seq {
			t.Fatalf("got %+v", page)
		}
		r := page.Decisions[0]
		if r.Decision != compliance.Block || r.TradeDate != rep.AsOf || strings.Join(r.Rules, ",") != "sdn/blocked,unresolved" || strings.Join(r.Entities, ",") != "SDN:12345" {
			t.Errorf("record: %+v", r)
		}
		var d struct {
			Report     compliance.Report `json:"report"`
			Unresolved []string          `json:"unresolved"`
		}
		if err := json.Unmarshal(r.Detail, &d); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(*rep, d.Report); diff != "" || len(d.Unresolved) != 1 {
			t.Errorf("report round trip (-want +got):\n%s %v", diff, d.Unresolved)
		}
	})
}

func TestPortfolioDecision(t *testing.T) {
	tests := []struct {
		name string
		rep  compliance.Report
		want compliance.Decision
	}{
		{"clean", compliance.Report{}, compliance.Allow},
		{"warning", compliance.Report{Counts: compliance.Counts{Warnings: 1}}, compliance.Warn},
		{"violation", compliance.Report{Counts: compliance.Counts{Violations: 1}}, compliance.Block},
		{"unresolved violation", compliance.Report{Unresolved: []compliance.Unresolved{{Severity: compliance.Violation}}}, compliance.Block},
		{"unresolved allowed", compliance.Report{Unresolved: []compliance.Unresolved{{Severity: compliance.Warning}}}, compliance.Warn},
		{"unresolved waived", compliance.Report{Unresolved: []compliance.Unresolved{{Severity: compliance.Violation, Waived: true}}}, compliance.Allow},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := audit.PortfolioRecord(time.Now(), audit.Source{}, &tc.rep)
			if err != nil {
				t.Fatal(err)
			}
			if r.Decision != tc.want {
				t.Errorf("decision %s, want %s", r.Decision, tc.want)
			}
		})
	}
}

func TestPolicyDigest(t *testing.T) {
	a, _ := audit.PolicyDigest(&compliance.Policy{Severity: map[string]compliance.Severity{"watch": compliance.Violation, "dod-1260h": compliance.Violation}}, nil)
	b, _ := audit.PolicyDigest(&compliance.Policy{Severity: map[string]compliance.Severity{"dod-1260h": compliance.Violation, "watch": compliance.Violation}}, nil)
	c, _ := audit.PolicyDigest(&compliance.Policy{Severity: map[string]compliance.Severity{"dod-1260h": compliance.Violation}}, nil)
	z, _ := audit.PolicyDigest(nil, nil)
	zz, _ := audit.PolicyDigest(&compliance.Policy{}, []compliance.Waiver{})
	w1 := compliance.Waiver{Rule: "watch", Account: "A", Reason: "r", Approver: "x", Expires: holdings.MustDate("2030-01-01")}
	w2 := compliance.Waiver{Rule: "watch", Account: "B", Reason: "r", Approver: "x", Expires: holdings.MustDate("2030-01-01")}
	p, _ := audit.PolicyDigest(nil, []compliance.Waiver{w1, w2})
	q, _ := audit.PolicyDigest(nil, []compliance.Waiver{w2, w1})
	switch {
	case a != b:
		t.Error("map order changed the digest")
	case a == c:
		t.Error("a different severity map gave the same digest")
	case z != zz:
		t.Error("nil policy and zero policy differ")
	case p != q:
		t.Error("waiver order changed the digest")
	case p == z:
		t.Error("waivers did not change the digest")
	case len(a) != 64:
		t.Errorf("digest %q is not SHA-256 hex", a)
	}
}

// appendN appends n order records, one per call.
func appendN(t testing.TB, l *audit.Log, n int, actor string) {
	t.Helper()
	for i := 0; i < n; i++ {
		if _, err := l.Append(context.Background(), audit.Record{Kind: audit.KindOrder, Actor: actor, Account: "A" + string(rune('0'+i%10)), Decision: compliance.Allow, TradeDate: holdings.MustDate("2026-11-02").AddDays(i % 28)}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestVerifyDetects(t *testing.T) {
	tests := []struct {
		name   string
		tamper []string // SQL run on a log of records 1..5
		head   bool     // verify with the head taken before tampering
		want   *audit.ChainError
	}{
		{"intact", nil, true, nil},
		{"decision edited", []string{`UPDATE decisions SET decision = 'block' WHERE seq = 3`}, false, &audit.ChainError{Seq: 3, Problem: audit.Edited}},
		{"detail edited", []string{`UPDATE decisions SET detail = '{"x":1}' WHERE seq = 2`}, false, &audit.ChainError{Seq: 2, Problem: audit.Edited}},
		{"account edited", []string{`UPDATE decisions SET account = 'Z9' WHERE seq = 5`}, false, &audit.ChainError{Seq: 5, Problem: audit.Edited}},
		{"rules edited", []string{`UPDATE decisions SET rules = 'sdn/blocked' WHERE seq = 1`}, false, &audit.ChainError{Seq: 1, Problem: audit.Edited}},
		{"trade date garbled", []string{`UPDATE decisions SET trade_date = '2026-13-01' WHERE seq = 4`}, false, &audit.ChainError{Seq: 4, Problem: audit.Edited}},
		{"middle deleted", []string{`DELETE FROM decisions WHERE seq = 3`}, false, &audit.ChainError{Seq: 4, Problem: audit.Deleted}},
		{"first deleted", []string{`DELETE FROM decisions WHERE seq = 1`}, false, &audit.ChainError{Seq: 2, Problem: audit.Deleted}},
		{"reordered", []string{`UPDATE decisions SET seq = -2 WHERE seq = 2`, `UPDATE decisions SET seq = 2 WHERE seq = 3`, `UPDATE decisions SET seq = 3 WHERE seq = -2`}, false, &audit.ChainError{Seq: 2, Problem: audit.Reordered}},
		{"tail cut", []string{`DELETE FROM decisions WHERE seq >= 4`}, true, &audit.ChainError{Seq: 3, Problem: audit.Truncated}},
		{"tail cut, no head to compare", []string{`DELETE FROM decisions WHERE seq >= 4`}, false, nil},
		{"anchor forged", []string{`DELETE FROM decisions WHERE seq <= 2`, `UPDATE decisions_meta SET value = (SELECT prev_hash FROM decisions WHERE seq = 3) WHERE key = 'anchor_hash'`, `UPDATE decisions_meta SET value = '2' WHERE key = 'anchor_seq'`}, false, &audit.ChainError{Seq: 3, Problem: audit.Deleted}},
	}
	eachDB(t, func(t *testing.T, dsn string) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				ctx := context.Background()
				// A new log for each case.
				var d string
				if strings.HasPrefix(dsn, "sqlite:") {
					d = "sqlite:" + t.TempDir() + "/d.db"
				} else {
					d = pg.Database(t)
				}
				l := open(t, d, audit.Options{})
				appendN(t, l, 5, "v")
				head, err := l.Head(ctx)
				if err != nil || head.Seq != 5 || len(head.Hash) != 64 {
					t.Fatalf("head %+v, %v", head, err)
				}
				for _, q := range tc.tamper {
					if _, err := l.DB().Exec(q); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}
				var heads []string
				if tc.head {
					heads = append(heads, head.Hash)
				}
				sum, err := l.Verify(ctx, heads...)
				if tc.want == nil {
					if err != nil {
						t.Fatalf("verify: %v", err)
					}
					return
				}
				var ce *audit.ChainError
				if !errors.As(err, &ce) || !errors.Is(err, audit.ErrChain) {
					t.Fatalf("verify = %+v, %v; want %v", sum, err, tc.want)
				}
				ce.Head = ""
				if *ce != *tc.want {
					t.Errorf("got %+v, want %+v", *ce, *tc.want)
				}
			})
		}
	})
}

func TestConcurrentWriters(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		// Two Logs on one database: as two processes or two replicas.
		logs := []*audit.Log{open(t, dsn, audit.Options{}), open(t, dsn, audit.Options{})}
		const writers, each = 8, 40
		var wg sync.WaitGroup
		seen := make(chan int64, 2*writers*each)
		for i := 0; i < 2*writers; i++ {
			wg.Add(1)
			go func(l *audit.Log) {
				defer wg.Done()
				for j := 0; j < each; j++ {
					seqs, err := l.Append(ctx, audit.Record{Kind: audit.KindOrder, Decision: compliance.Block})
					if err != nil {
						t.Error(err)
						return
					}
					seen <- seqs[0]
				}
			}(logs[i%2])
		}
		wg.Wait()
		close(seen)
		got := map[int64]bool{}
		for s := range seen {
			if got[s] {
				t.Fatalf("seq %d acknowledged twice", s)
			}
			got[s] = true
		}
		sum, err := logs[0].Verify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n := int64(2 * writers * each); sum.Records != n || sum.First != 1 || sum.Last != n || len(got) != int(n) {
			t.Errorf("summary %+v, %d acknowledged; want %d records in one chain", sum, len(got), n)
		}
	})
}

func TestSchema(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		l := open(t, dsn, audit.Options{})
		appendN(t, l, 3, "s")
		l.Close()
		// Reopening migrates nothing and keeps the records.
		l = open(t, dsn, audit.Options{})
		if sum, err := l.Verify(ctx); err != nil || sum.Records != 3 {
			t.Fatalf("after reopen: %+v, %v", sum, err)
		}
		if _, err := l.DB().Exec(`UPDATE decisions_meta SET value = '99' WHERE key = 'schema_version'`); err != nil {
			t.Fatal(err)
		}
		l.Close()
		_, err := auditdb.Open(ctx, dsn, audit.Options{})
		var se *audit.SchemaError
		if !errors.As(err, &se) || !errors.Is(err, audit.ErrSchemaTooNew) || se.Found != 99 || se.Known != audit.SchemaVersion {
			t.Fatalf("open of a newer schema: %v, want *SchemaError{99, %d}", err, audit.SchemaVersion)
		}
	})
}

func TestDSN(t *testing.T) {
	for _, dsn := range []string{"", "sqlite:", "sqlite:a?b", "mysql://x", "/tmp/x.db", "sqlite://x"} {
		if _, err := auditdb.Open(context.Background(), dsn, audit.Options{}); !errors.Is(err, auditdb.ErrDSN) {
			t.Errorf("Open(%q) = %v, want ErrDSN", dsn, err)
		}
	}
	if _, err := auditdb.Open(context.Background(), "sqlite:"+t.TempDir()+"/no/such/dir/d.db", audit.Options{}); !errors.Is(err, audit.ErrUnavailable) {
		t.Errorf("open in a missing directory: %v, want ErrUnavailable", err)
	}
}

// TestInterleavedWriters: two Logs on one database take turns; each must
// append after the other's last record (the SQLite writer must notice the
// other's commit), keeping one chain.
func TestInterleavedWriters(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, b := open(t, dsn, audit.Options{}), open(t, dsn, audit.Options{})
		var got []int64
		for i, l := range []*audit.Log{a, b, a, a, b, a} {
			seqs, err := l.Append(ctx, audit.Record{Kind: audit.KindOrder, Decision: compliance.Allow})
			if err != nil {
				t.Fatalf("append %d: %v", i, err)
			}
			got = append(got, seqs...)
		}
		if diff := cmp.Diff([]int64{1, 2, 3, 4, 5, 6}, got); diff != "" {
			t.Errorf("seqs (-want +got):\n%s", diff)
		}
		if sum, err := b.Verify(ctx); err != nil || sum.Records != 6 {
			t.Errorf("verify: %+v, %v", sum, err)
		}
	})
}
