package audit_test

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/audit"
	"github.com/investscreen/investscreen/compliance/audit/auditdb"
)

// TestKill9 runs two writer processes on one log, eight goroutines
// each, and kills both with SIGKILL under load; every record either
// acknowledged must be in the log, and the log must be one chain that
// verifies.
func TestKill9(t *testing.T) {
	if dsn := os.Getenv(childDSN); dsn != "" {
		writerChild(dsn, os.Getenv(childName))
		return
	}
	eachDB(t, func(t *testing.T, dsn string) {
		l := open(t, dsn, audit.Options{})
		l.Close()
		const children, killAfter = 2, 1500
		acked := make([]map[string]bool, children)
		var wg sync.WaitGroup
		for c := 0; c < children; c++ {
			cmd := exec.Command(os.Args[0], "-test.run=^TestKill9$")
			cmd.Env = append(os.Environ(), childDSN+"="+dsn, childName+"=p"+strconv.Itoa(c))
			cmd.Stderr = os.Stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			acked[c] = map[string]bool{}
			wg.Add(1)
			go func(c int) {
				defer wg.Done()
				timeout := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
				defer timeout.Stop()
				sc := bufio.NewScanner(out)
				for sc.Scan() {
					actor, ok := strings.CutPrefix(sc.Text(), "ack ")
					if !ok {
						continue
					}
					acked[c][actor] = true
					if len(acked[c]) == killAfter {
						if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
							t.Error(err)
						}
					}
				}
				// Every ack written before the kill has now been read.
				err := cmd.Wait()
				var ee *exec.ExitError
				if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
					t.Errorf("child %d ended with %v, want killed by SIGKILL", c, err)
				}
			}(c)
		}
		wg.Wait()
		l = open(t, dsn, audit.Options{})
		rows, err := l.DB().Query(`SELECT actor FROM decisions`)
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string]bool{}
		for rows.Next() {
			var a string
			if err := rows.Scan(&a); err != nil {
				t.Fatal(err)
			}
			stored[a] = true
		}
		rows.Close()
		total := 0
		for c := range acked {
			if len(acked[c]) < killAfter {
				t.Errorf("child %d: only %d acknowledged before it ended", c, len(acked[c]))
			}
			lost := 0
			for a := range acked[c] {
				if !stored[a] {
					lost++
				}
			}
			if lost > 0 {
				t.Errorf("child %d: %d of %d acknowledged records lost", c, lost, len(acked[c]))
			}
			total += len(acked[c])
		}
		sum, err := l.Verify(context.Background())
		if err != nil {
			t.Fatalf("verify after kill -9: %v", err)
		}
		if sum.Records < int64(total) || sum.First != 1 || sum.Last != sum.Records {
			t.Errorf("summary %+v: want one chain 1..n holding the %d acknowledged", sum, total)
		}
		t.Logf("%d acknowledged by %d processes, %d in one chain", total, children, sum.Records)
	})
}

// writerChild appends from eight goroutines until killed, printing "ack
// ACTOR" for each record once Append returned. It stops by itself after a
// minute, should the parent be gone.
func writerChild(dsn, name string) {
	l, err := auditdb.Open(context.Background(), dsn, audit.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	var mu sync.Mutex
	stop := time.Now().Add(time.Minute)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; time.Now().Before(stop); i++ {
				actor := fmt.Sprintf("%s-w%d-%d", name, g, i)
				if _, err := l.Append(context.Background(), audit.Record{Kind: audit.KindOrder, Actor: actor, Decision: compliance.Block}); err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(3)
				}
				mu.Lock()
				fmt.Fprintf(os.Stdout, "ack %s\n", actor)
				mu.Unlock()
			}
		}(g)
	}
	wg.Wait()
	os.Exit(4)
}

// TestFailClosed: when the log cannot commit in time (another session
// holds the append lock), Append fails with ErrUnavailable; the record is
// not in the log; appends succeed again once the lock is free.
func TestFailClosed(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		l := open(t, dsn, audit.Options{WriteTimeout: 300 * time.Millisecond})
		appendN(t, l, 2, "before")
		dialect, source, err := auditdb.Parse(dsn)
		if err != nil {
			t.Fatal(err)
		}
		driver, lock := "sqlite", []string{"BEGIN IMMEDIATE"}
		if dialect == audit.Postgres {
			driver, lock = "pgx", []string{"BEGIN", "SELECT value FROM decisions_meta WHERE key = 'lock' FOR UPDATE"}
		}
		other, err := sql.Open(driver, source)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		conn, err := other.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		for _, q := range lock {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		rep, orders, src := sample(t)
		if _, err := l.RecordOrders(ctx, src, rep, orders); !errors.Is(err, audit.ErrUnavailable) {
			t.Fatalf("RecordOrders while the log is locked: %v, want ErrUnavailable", err)
		}
		if st := l.Stats(); st.Failures != 1 || st.Records != 2 {
			t.Errorf("stats %+v: want the failed commit counted and its records not", st)
		}
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			t.Fatal(err)
		}
		if sum, err := l.Verify(ctx); err != nil || sum.Records != 2 {
			t.Fatalf("after the failed write: %+v, %v; want the 2 records before it", sum, err)
		}
		if _, err := l.RecordOrders(ctx, src, rep, orders); err != nil {
			t.Fatalf("after the lock is released: %v", err)
		}
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := l.Append(cctx, audit.Record{Kind: audit.KindOrder, Decision: compliance.Allow}); !errors.Is(err, audit.ErrUnavailable) || !errors.Is(err, context.Canceled) {
			t.Errorf("append with a cancelled context: %v", err)
		}
		l.Close()
		if _, err := l.RecordOrders(ctx, src, rep, orders); !errors.Is(err, audit.ErrClosed) || !errors.Is(err, audit.ErrUnavailable) {
			t.Errorf("RecordOrders after Close: %v, want ErrClosed", err)
		}
		if _, err := l.Purge(ctx, "x", time.Time{}); !errors.Is(err, audit.ErrClosed) {
			t.Errorf("Purge after Close: %v, want ErrClosed", err)
		}
	})
}

func TestPurge(t *testing.T) {
	eachDB(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
		l := open(t, dsn, audit.Options{Now: fixedClock(&now)})
		for _, at := range []string{"2014-01-01", "2015-06-01", "2016-12-02", "2026-11-01"} {
			tm, _ := time.Parse(time.DateOnly, at)
			if _, err := l.Append(ctx, audit.Record{Time: tm, Kind: audit.KindOrder, Decision: compliance.Allow, Actor: at}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := l.Purge(ctx, "cco", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, audit.ErrRetention) {
			t.Fatalf("purge inside the retention period: %v, want ErrRetention", err)
		}
		res, err := l.Purge(ctx, "cco", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if res != (audit.PurgeResult{Removed: 2, ThroughSeq: 2, Seq: 5}) {
			t.Errorf("purge: %+v, want 2 removed through 2, recorded as 5", res)
		}
		sum, err := l.Verify(ctx)
		if err != nil || sum.Records != 3 || sum.First != 3 || sum.Last != 5 {
			t.Fatalf("verify after purge: %+v, %v", sum, err)
		}
		p, err := l.Query(ctx, audit.Filter{Kind: audit.KindPurge})
		if err != nil || len(p.Decisions) != 1 || p.Decisions[0].Actor != "cco" {
			t.Fatalf("the purge is recorded: %+v, %v", p, err)
		}
		if res, err := l.Purge(ctx, "cco", time.Time{}); err != nil || res.Removed != 0 {
			t.Errorf("second purge: %+v, %v; want nothing removed", res, err)
		}
		now = now.AddDate(2, 0, 0)
		if res, err := l.Purge(ctx, "cco", time.Time{}); err != nil || res.Removed != 1 || res.ThroughSeq != 3 {
			t.Errorf("purge two years on: %+v, %v; want record 3 (2016-12-02) removed", res, err)
		}
		appendN(t, l, 2, "after")
		if sum, err := l.Verify(ctx); err != nil || sum.First != 4 || sum.Last != 8 {
			t.Fatalf("verify after two purges and appends: %+v, %v", sum, err)
		}
		// Removing the purge records hides who purged what: detected.
		if _, err := l.DB().Exec(`DELETE FROM decisions WHERE kind = 'purge'`); err != nil {
			t.Fatal(err)
		}
		var ce *audit.ChainError
		if _, err := l.Verify(ctx); !errors.As(err, &ce) {
			t.Errorf("verify without the purge records: %v, want a ChainError", err)
		}
	})
	t.Run("everything", func(t *testing.T) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
		l := open(t, "sqlite:"+t.TempDir()+"/p.db", audit.Options{Now: fixedClock(&now)})
		for _, y := range []int{2010, 2011} {
			if _, err := l.Append(ctx, audit.Record{Time: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), Kind: audit.KindOrder, Decision: compliance.Block}); err != nil {
				t.Fatal(err)
			}
		}
		if res, err := l.Purge(ctx, "cco", time.Time{}); err != nil || res.Removed != 2 || res.Seq != 3 {
			t.Fatalf("purge: %+v, %v", res, err)
		}
		appendN(t, l, 1, "after")
		if sum, err := l.Verify(ctx); err != nil || sum.Records != 2 || sum.First != 3 {
			t.Fatalf("verify: %+v, %v", sum, err)
		}
	})
}
