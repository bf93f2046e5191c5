package audit_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/audit"
	"github.com/investscreen/investscreen/compliance/audit/auditdb"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

func Example() {
	dir, _ := os.MkdirTemp("", "decisions")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	log, err := auditdb.Open(ctx, "sqlite:"+filepath.Join(dir, "decisions.db"), audit.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer log.Close()

	set, _ := lists.Embedded()
	chk := compliance.New(lists.NewSet(set), nil)
	orders := []compliance.Order{
		{Account: "A1", Ref: holdings.Ref{ISIN: "HK0941009539"}, Side: compliance.Buy, Quantity: decimal.NewFromInt(100), TradeDate: holdings.MustDate("2026-11-20")},
	}
	rep := chk.CheckOrders(orders, nil)
	policy, _ := audit.PolicyDigest(&compliance.Policy{}, nil)
	// Record before answering: an error here means answer 503.
	if _, err := log.RecordOrders(ctx, audit.Source{Actor: "desk-7", Request: []byte(`{"orders":[...]}`), Policy: policy}, rep, orders); err != nil {
		fmt.Println("503:", err)
		return
	}

	page, _ := log.Query(ctx, audit.Filter{Account: "A1", Decision: compliance.Block})
	for _, r := range page.Decisions {
		fmt.Println(r.Seq, r.Actor, r.Account, r.Security, r.Decision, r.Rules, r.Entities, "report due", r.ReportDue)
	}
	sum, err := log.Verify(ctx)
	fmt.Println("verified", sum.Records, "records:", err)
	// Output:
	// 1 desk-7 A1 HK0941009539 block [ns-cmic/purchase] [NS-CMIC:30923] report due 2026-12-07
	// verified 1 records: <nil>
}

func ExampleLog_Verify() {
	dir, _ := os.MkdirTemp("", "decisions")
	defer os.RemoveAll(dir)
	ctx := context.Background()
	log, _ := auditdb.Open(ctx, "sqlite:"+filepath.Join(dir, "decisions.db"), audit.Options{})
	defer log.Close()
	for _, d := range []compliance.Decision{compliance.Allow, compliance.Block, compliance.Allow} {
		log.Append(ctx, audit.Record{Kind: audit.KindOrder, Account: "A1", Decision: d})
	}
	// Someone turns the block into an allow behind the log's back.
	log.DB().Exec(`UPDATE decisions SET decision = 'allow' WHERE seq = 2`)
	_, err := log.Verify(ctx)
	fmt.Println(err)
	// Output:
	// decision log record 2: edited
}
