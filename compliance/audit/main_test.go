package audit_test

import (
	"context"
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

// pg is the PostgreSQL server of this test run; nil when none is
// installed (and none is required).
var pg *pgtest.Server

// childDSN names, for a child process of TestKill9, the log to write.
const childDSN = "INVESTSCREEN_AUDIT_CHILD_DSN"

// childName names a writer child, in the actors of its records.
const childName = "INVESTSCREEN_AUDIT_CHILD_NAME"

func TestMain(m *testing.M) {
	if os.Getenv(childDSN) != "" { // a writer child of TestKill9: no server of its own
		os.Exit(m.Run())
	}
	for _, a := range os.Args {
		if strings.HasPrefix(a, "-test.fuzzworker") { // fuzzing needs no database
			os.Exit(m.Run())
		}
	}
	os.Exit(pgtest.Main(m, "the decision log", func(s *pgtest.Server) { pg = s }))
}

// eachDB runs f on a new SQLite log and on a new PostgreSQL database.
func eachDB(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { f(t, "sqlite:"+filepath.Join(t.TempDir(), "decisions.db")) })
	t.Run("postgres", func(t *testing.T) {
		if pg == nil {
			t.Skip("PostgreSQL is not installed")
		}
		f(t, pg.Database(t))
	})
}

func open(t testing.TB, dsn string, opts audit.Options) *audit.Log {
	t.Helper()
	l, err := auditdb.Open(context.Background(), dsn, opts)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// sample checks a basket of real orders against the embedded lists:
// a blocked NS-CMIC purchase (a reject to report), a divestment sale
// (allowed, warned), an unresolved security (blocked) and a waived block.
func sample(t testing.TB) (*compliance.OrderReport, []compliance.Order, audit.Source) {
	t.Helper()
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	waiver, err := compliance.NewWaiver(compliance.Waiver{Rule: compliance.RuleCMICPurchase, Account: "W1", Reason: "licence 123", Approver: "cco", Expires: holdings.MustDate("2030-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	chk, err := compliance.NewWithOptions(lists.NewSet(l), nil, compliance.Options{Waivers: []compliance.Waiver{waiver}})
	if err != nil {
		t.Fatal(err)
	}
	q := decimal.NewFromInt(100)
	orders := []compliance.Order{
		{Account: "A1", Ref: holdings.Ref{ISIN: "HK0941009539"}, Side: compliance.Buy, Quantity: q, TradeDate: holdings.MustDate("2026-11-20")},
		{Account: "A2", Ref: holdings.Ref{ISIN: "HK0941009539"}, Side: compliance.Sell, Quantity: q, TradeDate: holdings.MustDate("2021-09-01")},
		{Account: "A1", Ref: holdings.Ref{ISIN: "XS0000000000"}, Side: compliance.Buy, Quantity: q, TradeDate: holdings.MustDate("2026-11-20")},
		{Account: "W1", Ref: holdings.Ref{Ticker: "0941.HK", ISIN: "HK0941009539"}, Side: compliance.Buy, Quantity: q, TradeDate: holdings.MustDate("2026-11-23")},
	}
	pol, err := audit.PolicyDigest(&compliance.Policy{}, []compliance.Waiver{waiver})
	if err != nil {
		t.Fatal(err)
	}
	book := &holdings.Portfolio{Holdings: []holdings.Holding{{Line: 2, Account: "A2", Ref: holdings.Ref{ISIN: "HK0941009539"}, Quantity: decimal.NewFromInt(1000)}}}
	return chk.CheckOrders(orders, book), orders, audit.Source{Actor: "desk-1", Request: []byte(`{"orders":[...]}`), Policy: pol}
}

// fixedClock returns a clock for Options.Now that reads *now.
func fixedClock(now *time.Time) func() time.Time { return func() time.Time { return *now } }
