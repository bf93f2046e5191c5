package lists_test

import (
	"testing"

	"github.com/investscreen/investscreen/lists"
)

// BenchmarkLoadLists reads and indexes the full SDN set (2021-07, 8,976
// entries) and the consolidated set (2025-12, 442 entries) from disk.
func BenchmarkLoadLists(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sdn, err := lists.LoadOFAC("testdata/sdn-2021-07")
		if err != nil {
			b.Fatal(err)
		}
		cons, err := lists.LoadOFAC("snapshot/ofac-consolidated-2025-12")
		if err != nil {
			b.Fatal(err)
		}
		if s := lists.NewSet(sdn, cons); s.Len() != 8976+442 {
			b.Fatalf("indexed %d entries", s.Len())
		}
	}
}

// BenchmarkReadOFACSDN streams the full SDN set (2021-07) through the
// legacy CSV reader alone, without indexing.
func BenchmarkReadOFACSDN(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		l, err := lists.LoadOFAC("testdata/sdn-2021-07")
		if err != nil || len(l.Entries) != 8976 {
			b.Fatalf("%v, %d entries", err, len(l.Entries))
		}
	}
}

// BenchmarkReadCSL reads the real 2023-11 Consolidated Screening List
// (4,226 records, 2.7 MB).
func BenchmarkReadCSL(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		l, err := lists.Load("csl:testdata/real/csl-2023-11/consolidated_screening_list.csv")
		if err != nil || len(l.Entries) != 4226 {
			b.Fatalf("%v, %d entries", err, len(l.Entries))
		}
	}
}
