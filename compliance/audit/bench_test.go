package audit_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/investscreen/investscreen/compliance/audit"
)

// benchDSN returns a new log's DSN for db, skipping PostgreSQL when it
// is not installed.
func benchDSN(b *testing.B, db string) string {
	if db == "sqlite" {
		return "sqlite:" + filepath.Join(b.TempDir(), "bench.db")
	}
	if pg == nil {
		b.Skip("PostgreSQL is not installed")
	}
	return pg.Database(b)
}

// BenchmarkAppend measures durable decisions per second from 8 (and 1,
// and 64) concurrent callers, each appending one real order record (the NS-CMIC
// block of the sample basket, 2-3 KB of JSON) and waiting for its commit,
// and the latency Append adds at p50 and p99.
func BenchmarkAppend(b *testing.B) {
	rep, orders, src := sample(b)
	recs, err := audit.OrderRecords(time.Now(), src, rep, orders)
	if err != nil {
		b.Fatal(err)
	}
	rec := recs[0]
	for _, bc := range []struct {
		db              string
		callers, basket int
	}{{"sqlite", 8, 1}, {"postgres", 8, 1}, {"sqlite", 1, 1}, {"sqlite", 64, 1}, {"postgres", 64, 1}, {"sqlite", 8, 10}, {"postgres", 8, 10}} {
		db := bc.db
		basket := make([]audit.Record, bc.basket)
		for i := range basket {
			basket[i] = rec
		}
		b.Run("db="+db+"/callers="+strconv.Itoa(bc.callers)+"/orders="+strconv.Itoa(bc.basket), func(b *testing.B) {
			l := open(b, benchDSN(b, db), audit.Options{})
			ctx := context.Background()
			b.SetParallelism((bc.callers + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
			var mu sync.Mutex
			var lat []time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cpuTime()
			s0 := l.Stats()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				var mine []time.Duration
				for pb.Next() {
					t0 := time.Now()
					if _, err := l.Append(ctx, basket...); err != nil {
						b.Error(err)
						return
					}
					mine = append(mine, time.Since(t0))
				}
				mu.Lock()
				lat = append(lat, mine...)
				mu.Unlock()
			})
			elapsed := time.Since(start)
			cpu := cpuTime() - cpu0
			b.StopTimer()
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			if len(lat) > 0 {
				b.ReportMetric(float64(len(lat)*len(basket))/elapsed.Seconds(), "decisions/s")
				st := l.Stats()
				b.ReportMetric(float64(st.Records-s0.Records)/float64(st.Commits-s0.Commits), "records/commit")
				b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
				b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
				// The process's CPU time (user and system) per decision:
				// what the log costs whatever else the machine runs.
				b.ReportMetric(float64(cpu.Microseconds())/float64(len(lat)*len(basket)), "cpu-µs/decision")
			}
		})
	}
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkVerify measures Verify over a log of records (10,000; set
// INVESTSCREEN_BENCH_RECORDS=1000000 for a million): one iteration is one
// whole walk of the chain.
func BenchmarkVerify(b *testing.B) {
	n := 10000
	if s := os.Getenv("INVESTSCREEN_BENCH_RECORDS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("INVESTSCREEN_BENCH_RECORDS=%q", s)
		}
		n = v
	}
	rep, orders, src := sample(b)
	recs, err := audit.OrderRecords(time.Now(), src, rep, orders)
	if err != nil {
		b.Fatal(err)
	}
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run("db="+db+"/records="+strconv.Itoa(n), func(b *testing.B) {
			l := open(b, benchDSN(b, db), audit.Options{})
			ctx := context.Background()
			batch := make([]audit.Record, 0, 1000)
			for i := 0; i < n; i += len(batch) {
				batch = batch[:0]
				for j := 0; j < 1000 && i+j < n; j++ {
					batch = append(batch, recs[(i+j)%len(recs)])
				}
				if _, err := l.Append(ctx, batch...); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sum, err := l.Verify(ctx)
				if err != nil || sum.Records != int64(n) {
					b.Fatalf("verify: %+v, %v", sum, err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
