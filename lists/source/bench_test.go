package source_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/investscreen/investscreen/lists/source"
)

// BenchmarkFetch fetches the real 2025-12 consolidated set (4 files,
// 354 KB) from a local server: into an empty store (download, whole-list
// check, atomic write), and again when unchanged (with and without
// validators).
func BenchmarkFetch(b *testing.B) {
	for _, mode := range []string{"new", "unchanged-304", "unchanged-200"} {
		b.Run(mode, func(b *testing.B) {
			u := newUpstream(b)
			u.etags = mode == "unchanged-304"
			u.serve(b, "/exports/", "testdata/cons-2025-12", true)
			src, err := source.Lookup("ofac-cons")
			if err == nil {
				src, err = src.WithURL(u.srv.URL + "/exports/")
			}
			if err != nil {
				b.Fatal(err)
			}
			st, err := source.Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			f := &source.Fetcher{}
			if mode != "new" {
				if _, err := f.Fetch(context.Background(), st, src); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if mode == "new" {
					b.StopTimer()
					if st, err = source.Open(b.TempDir()); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				res, err := f.Fetch(context.Background(), st, src)
				if err != nil {
					b.Fatal(err)
				}
				if want := map[bool]source.Status{true: source.New, false: source.Unchanged}[mode == "new"]; res.Status != want {
					b.Fatalf("got %v, want %v", res.Status, want)
				}
			}
		})
	}
}

// BenchmarkHistory reads a store of n releases of the consolidated
// primary file back as one history.
func BenchmarkHistory(b *testing.B) {
	for _, n := range []int{1, 10} {
		b.Run(fmt.Sprintf("releases=%d", n), func(b *testing.B) {
			u := newUpstream(b)
			prim := readFile(b, "testdata/cons-2025-12/cons_prim.csv")
			st, err := source.Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			day := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
			for i := 0; i < n; i++ {
				body := append(append([]byte(nil), prim...), make([]byte, i)...)
				for j := len(prim); j < len(body); j++ {
					body[j] = '\n'
				}
				u.set("/exports/CONS_PRIM.CSV", body)
				when := day.AddDate(0, 0, i)
				f := &source.Fetcher{Now: func() time.Time { return when }}
				if _, err := f.Fetch(context.Background(), st, primSource(u)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				h, err := st.History("ofac-cons")
				if err != nil || len(h.Entries) != 442 {
					b.Fatalf("got %v, %v", h, err)
				}
			}
		})
	}
}
