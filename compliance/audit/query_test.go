package audit_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/audit"
	"github.com/investscreen/investscreen/holdings"
)

// queryLog holds the sample basket recorded three times (12 records:
// seqs 1-4, 5-8, 9-12, each basket in sample order).
func queryLog(t *testing.T, dsn string) *audit.Log {
	l := open(t, dsn, audit.Options{})
	rep, orders, src := sample(t)
	for i := 0; i < 3; i++ {
		if _, err := l.RecordOrders(context.Background(), src, rep, orders); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

func seqsOf(p audit.Page) []int64 {
	out := []int64{}
	for _, r := range p.Decisions {
		out = append(out, r.Seq)
	}
	return out
}

func TestQuery(t *testing.T) {
	tests := []struct {
		name   string
		filter audit.Filter
		want   []int64
	}{
		{"all, newest first", audit.Filter{}, []int64{12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}},
		{"account", audit.Filter{Account: "A1"}, []int64{11, 9, 7, 5, 3, 1}},
		{"account exact, not a prefix", audit.Filter{Account: "A"}, []int64{}},
		{"decision", audit.Filter{Decision: compliance.Warn}, []int64{10, 6, 2}},
		{"rule", audit.Filter{Rule: compliance.RuleCMICPurchase}, []int64{12, 9, 8, 5, 4, 1}},
		{"rule exact, not a prefix", audit.Filter{Rule: "ns-cmic"}, []int64{}},
		{"rule unresolved", audit.Filter{Rule: compliance.RuleUnresolved}, []int64{11, 7, 3}},
		{"entity with list", audit.Filter{Entity: "NS-CMIC:30923"}, []int64{12, 10, 9, 8, 6, 5, 4, 2, 1}},
		{"entity id alone", audit.Filter{Entity: "30923"}, []int64{12, 10, 9, 8, 6, 5, 4, 2, 1}},
		{"entity other list", audit.Filter{Entity: "SDN:30923"}, []int64{}},
		{"entity id suffix is not the id", audit.Filter{Entity: "0923"}, []int64{}},
		{"trade date range inclusive", audit.Filter{From: holdings.MustDate("2026-11-20"), To: holdings.MustDate("2026-11-20")}, []int64{11, 9, 7, 5, 3, 1}},
		{"from only", audit.Filter{From: holdings.MustDate("2026-11-21")}, []int64{12, 8, 4}},
		{"to only", audit.Filter{To: holdings.MustDate("2021-12-31")}, []int64{10, 6, 2}},
		{"combined", audit.Filter{Account: "A1", Decision: compliance.Block, Rule: compliance.RuleCMICPurchase}, []int64{9, 5, 1}},
		{"kind", audit.Filter{Kind: audit.KindPortfolio}, []int64{}},
	}
	eachDB(t, func(t *testing.T, dsn string) {
		l := queryLog(t, dsn)
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				p, err := l.Query(context.Background(), tc.filter)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tc.want, seqsOf(p)); diff != "" {
					t.Errorf("seqs (-want +got):\n%s", diff)
				}
			})
		}
		t.Run("paging", func(t *testing.T) {
			var got []int64
			f := audit.Filter{Account: "A1", Limit: 4}
			pages := 0
			for {
				p, err := l.Query(context.Background(), f)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				got = append(got, seqsOf(p)...)
				if p.Next == "" {
					break
				}
				f.Cursor = p.Next
			}
			if diff := cmp.Diff([]int64{11, 9, 7, 5, 3, 1}, got); diff != "" || pages != 2 {
				t.Errorf("pages %d, seqs (-want +got):\n%s", pages, diff)
			}
		})
		t.Run("exact page", func(t *testing.T) {
			p, err := l.Query(context.Background(), audit.Filter{Decision: compliance.Warn, Limit: 3})
			if err != nil || p.Next != "" || len(p.Decisions) != 3 {
				t.Errorf("a page holding exactly the rest has no next: %q, %d, %v", p.Next, len(p.Decisions), err)
			}
		})
	})
}

func TestQueryErrors(t *testing.T) {
	l := queryLog(t, "sqlite:"+t.TempDir()+"/q.db")
	tests := []struct {
		name  string
		query string
		field string
	}{
		{"bad decision", "decision=deny", "decision"},
		{"bad kind", "kind=trade", "kind"},
		{"bad date", "from=2026-02-30", "from"},
		{"to before from", "from=2026-02-03&to=2026-02-01", "to"},
		{"limit not a number", "limit=ten", "limit"},
		{"limit too large", "limit=1001", "limit"},
		{"negative limit", "limit=-1", "limit"},
		{"forged cursor", "cursor=MTIz", "cursor"},
		{"cursor not base64", "cursor=!!", "cursor"},
		{"unknown parameter", "acount=A1", "acount"},
		{"repeated", "account=A1&account=A2", "account"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			_, err = audit.ParseFilter(q)
			var qe *audit.QueryError
			if !errors.As(err, &qe) || !errors.Is(err, audit.ErrQuery) || qe.Field != tc.field {
				t.Errorf("ParseFilter(%s) = %v, want a QueryError on %s", tc.query, err, tc.field)
			}
		})
	}
	if _, err := l.Query(context.Background(), audit.Filter{Cursor: "nonsense"}); !errors.Is(err, audit.ErrQuery) {
		t.Errorf("Query with a bad cursor: %v, want ErrQuery", err)
	}
	q, _ := url.ParseQuery("account=A1&entity=NS-CMIC:30923&rule=ns-cmic/purchase&decision=block&kind=order&from=2026-01-01&to=2026-12-31&limit=2")
	f, err := audit.ParseFilter(q)
	want := audit.Filter{Account: "A1", Entity: "NS-CMIC:30923", Rule: "ns-cmic/purchase", Decision: compliance.Block, Kind: audit.KindOrder,
		From: holdings.MustDate("2026-01-01"), To: holdings.MustDate("2026-12-31"), Limit: 2}
	if diff := cmp.Diff(want, f); err != nil || diff != "" {
		t.Fatalf("ParseFilter: %v (-want +got):\n%s", err, diff)
	}
	p, err := l.Query(context.Background(), f)
	if err != nil || p.Next == "" || len(p.Decisions) != 2 {
		t.Fatalf("page %+v, %v", p, err)
	}
	// The JSON answer of GET /v1/decisions.
	b, _ := json.Marshal(p)
	var shape map[string]json.RawMessage
	if err := json.Unmarshal(b, &shape); err != nil || len(shape) != 2 || shape["decisions"] == nil || shape["next"] == nil {
		t.Errorf("page JSON keys: %s", b)
	}
}

func TestRejects(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		l := queryLog(t, dsn)
		tests := []struct {
			name     string
			from, to string
			want     []int64
		}{
			{"due day inclusive", "2026-12-07", "2026-12-07", []int64{1, 5, 9}},
			{"open window", "", "", []int64{1, 5, 9}},
			{"window before", "2026-11-01", "2026-12-06", []int64{}},
			{"window after", "2026-12-08", "", []int64{}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				var from, to holdings.Date
				if tc.from != "" {
					from = holdings.MustDate(tc.from)
				}
				if tc.to != "" {
					to = holdings.MustDate(tc.to)
				}
				rs, err := l.Rejects(ctx, from, to)
				if err != nil {
					t.Fatal(err)
				}
				got := []int64{}
				for _, r := range rs {
					got = append(got, r.Seq)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("seqs (-want +got):\n%s", diff)
				}
			})
		}
		rs, err := l.Rejects(ctx, holdings.Date{}, holdings.Date{})
		if err != nil || len(rs) == 0 {
			t.Fatal(err)
		}
		r := rs[0]
		if r.Rule != compliance.RuleCMICPurchase || r.Entity.ID != "30923" || r.Account != "A1" || r.Quantity != "100" || r.Side != "buy" || r.Reason == "" || len(r.Hash) != 64 {
			t.Errorf("reject %+v", r)
		}
		var buf bytes.Buffer
		if err := audit.WriteRejectsCSV(&buf, rs); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		wantHeader := []string{"seq", "time", "actor", "account", "security", "side", "quantity", "trade_date", "report_due", "rule", "entity_list", "entity_id", "entity_name", "reason", "hash"}
		if diff := cmp.Diff(wantHeader, rows[0]); diff != "" || len(rows) != 4 {
			t.Errorf("CSV: %d rows, header (-want +got):\n%s", len(rows), diff)
		}
		if rows[1][0] != "1" || rows[1][7] != "2026-11-20" || rows[1][8] != "2026-12-07" || rows[1][10] != "NS-CMIC" {
			t.Errorf("CSV row: %v", rows[1])
		}
		buf.Reset()
		if err := audit.WriteRejectsJSON(&buf, holdings.MustDate("2026-12-01"), holdings.MustDate("2026-12-31"), rs); err != nil {
			t.Fatal(err)
		}
		var doc audit.RejectsJSON
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Calendar != audit.Calendar || len(doc.Rejects) != 3 || doc.Rejects[0].ReportDue != holdings.MustDate("2026-12-07") || doc.From != holdings.MustDate("2026-12-01") {
			t.Errorf("JSON: %s", buf.Bytes())
		}
	})
}
