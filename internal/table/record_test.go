package table

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

// readRecords reads every record with rr, noting each record with
// the position of every field, and each error, as text.
func readRecords(rr recordReader) string {
	var b strings.Builder
	for n := 0; n < 10000; n++ {
		rec, err := rr.Read()
		if err == io.EOF {
			b.WriteString("EOF\n")
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				fmt.Fprintf(&b, "error: start %d line %d column %d: %v\n", pe.StartLine, pe.Line, pe.Column, pe.Err)
			} else {
				fmt.Fprintf(&b, "error: %v\n", err)
			}
			if !errors.As(err, &pe) {
				break
			}
			continue
		}
		for i, f := range rec {
			l, c := rr.FieldPos(i)
			fmt.Fprintf(&b, "%d:%d %q ", l, c, f)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// recordCases are inputs at every turn of csv.Reader's grammar.
var recordCases = []string{
	"", "\n", "a", "a\n", "a,b\n1,2\n", "a,b\r\n1,2\r\n", "a,b\r1,2\r", "a\r", "a\r\n\r\nb", "\n\n\na,b\n\n",
	" a,  b,\t c\n", "a, \n", "a,\t\n", "a,  ", ",,,\n", " , ,\n", "a,\u00a0b,\u3000c\n", "\u2028a,\u0085b\n",
	"\xff,\xe9 x\n", "a\x00b,c\n",
	`"a","b"` + "\n", `"a,b",c` + "\n", `"a""b",c` + "\n", `a"b,c` + "\n", `"a"b,c` + "\n", `"a` + "\n", `"a` + "\nb\nc\"\n",
	"x,\"multi\r\nline\",y\r\nnext,1\r\n", "1,\"two\n\nempty\"\n3\n", "  \"q\",1\n", "\"q\"  ,1\n", "a,\"\"\n",
	"a,b\n\"unterminated\n1,2\n", "a,b\nbad\"quote,1\n1,2\n", "\"x\"\n\"y\"\n\"z", "\"\n\"\n", `""""` + "\n",
	"a,b\n" + strings.Repeat("x", 70000) + ",1\n" + "\"" + strings.Repeat("y", 70000) + "\",2\n3,4\n",
}

// TestRecordsAsEncodingCSV: records gives the records, field positions
// and errors encoding/csv gives, whatever the sizes of the reads.
func TestRecordsAsEncodingCSV(t *testing.T) {
	for _, in := range recordCases {
		compareRecords(t, in, 0)
		compareRecords(t, in, 1)
		compareRecords(t, in, 2)
	}
}

// FuzzRecords: TestRecordsAsEncodingCSV on any input.
func FuzzRecords(f *testing.F) {
	for _, in := range recordCases {
		if len(in) < 1000 {
			f.Add([]byte(in), uint8(0))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		compareRecords(t, string(data), mode)
	})
}

// compareRecords reads in with records and with encoding/csv (mode: bit
// 0 reuses records, bit 1 reads a byte at a time) and fails on any
// difference.
func compareRecords(t *testing.T, in string, mode uint8) {
	t.Helper()
	src := func() io.Reader {
		if mode&2 != 0 {
			return iotest.OneByteReader(strings.NewReader(in))
		}
		return strings.NewReader(in)
	}
	cr := csv.NewReader(src())
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	want := csvRecords{cr}
	got := newRecords(src())
	want.setReuse(mode&1 != 0)
	got.setReuse(mode&1 != 0)
	if d := cmp.Diff(readRecords(want), readRecords(got)); d != "" {
		t.Fatalf("input %.200q, mode %d: records differ from encoding/csv (-csv +records):\n%s", in, mode, d)
	}
}

// TestRecordsReuse: with reuse off, a record is not overwritten by the
// next (a reader may keep it); with reuse on, its slice is reused.
func TestRecordsReuse(t *testing.T) {
	r := newRecords(strings.NewReader("a,b\nc,d\n"))
	first, _ := r.Read()
	second, _ := r.Read()
	if first[0] != "a" || second[0] != "c" {
		t.Fatalf("records without reuse: %q then %q", first, second)
	}
	r = newRecords(strings.NewReader("a,b\nc,d\n"))
	r.setReuse(true)
	first, _ = r.Read()
	second, _ = r.Read()
	if &first[0] != &second[0] || first[0] != "c" {
		t.Fatalf("records with reuse: %q then %q, not one slice", first, second)
	}
}

// BenchmarkRecords splits a book of 100,000 generated-looking rows with
// records and with encoding/csv (the yardstick), reusing records.
func BenchmarkRecords(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("account,isin,cusip,sedol,figi,ticker,name,quantity,market_value,currency,acquired\n")
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&sb, "ACC-%05d,US%09dX,,,,X%d US,,%d,,,2021-09-17\n", i%4000, i, i%9999, i*7%100000)
	}
	data := sb.String()
	for _, rc := range []struct {
		name string
		new  func(io.Reader) recordReader
	}{
		{"reader=records", func(r io.Reader) recordReader { return newRecords(r) }},
		{"reader=encoding-csv", func(r io.Reader) recordReader { return newRecordReader(r, Options{slow: true}) }},
	} {
		b.Run(rc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				rr := rc.new(strings.NewReader(data))
				rr.setReuse(true)
				n := 0
				for {
					rec, err := rr.Read()
					if err == io.EOF {
						break
					}
					if err != nil || len(rec) != 11 {
						b.Fatal(err, rec)
					}
					n++
				}
				if n != 100001 {
					b.Fatal(n)
				}
			}
		})
	}
}
