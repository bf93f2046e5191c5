package holdings_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/gen"
	"github.com/investscreen/investscreen/lists"
)

// BenchmarkReadMaster reads the 99,731-row master of procbench's books
// (internal/gen, seed 1, 100,000 distinct securities) from memory.
func BenchmarkReadMaster(b *testing.B) {
	l, err := lists.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	var master bytes.Buffer
	if err := gen.WriteCSV(io.Discard, &master, 1, 1, 100000, 0.01, l); err != nil {
		b.Fatal(err)
	}
	data := master.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m, err := holdings.ReadMaster(bytes.NewReader(data), "securities.csv")
		if err != nil || m.Len() != 99731 {
			b.Fatal(err, m.Len())
		}
	}
}
