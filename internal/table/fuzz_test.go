package table

import (
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReader: no input makes a Reader panic, read past its limits or give
// a row out of order; every error is an *Error (or the reader's own), and
// every value it returns is valid UTF-8 with no invisible character.
func FuzzReader(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n", "a,b\r\n\"x\r\ny\",2\r\n", "1,\"-0- \",x\r\n\x1a", "a\n\ufeffx\n", "a,b\nXi\u0092an,1\n",
		"a,b\n\"x,1\ny\n", "a,b\na,b\n1,2\n", "\xe9,\x9b\n",
	} {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(s), uint8(0xff))
	}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		o := Options{
			Limits:             Limits{MaxLineBytes: 64, MaxRecordBytes: 128, MaxFields: 8, MaxRows: 16, MaxFileBytes: 4096},
			Latin1:             mode&1 != 0,
			EndMarker:          mode&2 != 0,
			C1AsWindows1252:    mode&4 != 0,
			SkipRepeatedHeader: mode&8 != 0,
		}
		if mode&16 != 0 {
			o.Columns = []string{"a", "b", "c"}
		}
		tr, err := Open(strings.NewReader(string(data)), o)
		if err != nil {
			checkErr(t, err)
			return
		}
		last := 0
		for n := 0; ; n++ {
			row, err := tr.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				checkErr(t, err)
				if Fatal(err) {
					return
				}
				continue
			}
			if n >= 16 {
				t.Fatalf("row %d read past MaxRows", n+1)
			}
			if row.Line <= last {
				t.Fatalf("row at line %d after line %d", row.Line, last)
			}
			last = row.Line
			for _, c := range tr.Columns() {
				v := row.Raw(c)
				if !utf8.ValidString(v) || invisibleIndex(v) >= 0 {
					t.Fatalf("value %q: not clean text", v)
				}
				if len(v) > 128 {
					t.Fatalf("value of %d bytes past MaxRecordBytes", len(v))
				}
			}
		}
	})
}

func checkErr(t *testing.T, err error) {
	var te *Error
	if !errors.As(err, &te) {
		t.Fatalf("error %v is not an *Error", err)
	}
	if te.Line < 0 || te.Col < 0 {
		t.Fatalf("error at line %d col %d", te.Line, te.Col)
	}
}

// FuzzGuardFastPath: the fast paths of the guard (runs of plain bytes,
// commas) read every input as the byte-by-byte path does: the same rows
// and the same errors, whatever the reads' sizes.
func FuzzGuardFastPath(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n", "a,b\r\n\"x\r\ny\",2\r\n", "a,b,c\n1,2,3,4\n", "a,b\n" + strings.Repeat("x", 70) + ",1\n",
		"a,b\n\"q\"\"q\",2\n", "a,b\n x,\" y\"\n", "a,b\n\xe9t\xc3\xa9,1\n", "a,b\n1,2\x1a\n",
	} {
		f.Add([]byte(s), uint8(0), uint8(0))
		f.Add([]byte(s), uint8(0xff), uint8(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, mode, chunk uint8) {
		read := func(slow bool) string {
			o := Options{
				Limits:          Limits{MaxLineBytes: 64, MaxRecordBytes: 128, MaxFields: 8, MaxRows: 16, MaxFileBytes: 4096},
				Latin1:          mode&1 != 0,
				EndMarker:       mode&2 != 0,
				C1AsWindows1252: mode&4 != 0,
				slow:            slow,
			}
			if mode&16 != 0 {
				o.Columns = []string{"a", "b", "c"}
			}
			var r io.Reader = strings.NewReader(string(data))
			if chunk > 0 { // the same reads for both: what the guard checks depends on what the header has set
				r = &chunked{r: r, n: int(chunk)}
			}
			var b strings.Builder
			tr, err := Open(r, o)
			if err != nil {
				return "open: " + err.Error()
			}
			for {
				row, err := tr.Next()
				if err == io.EOF {
					return b.String()
				}
				if err != nil {
					b.WriteString("error: " + err.Error() + "\n")
					if Fatal(err) {
						return b.String()
					}
					continue
				}
				b.WriteString(strings.Join(append([]string{string(rune('0' + row.Line%10))}, row.rec...), "|") + "\n")
			}
		}
		if fast, slow := read(false), read(true); fast != slow {
			t.Fatalf("fast path:\n%s\nbyte by byte:\n%s", fast, slow)
		}
	})
}

// chunked reads at most n bytes at a time.
type chunked struct {
	r io.Reader
	n int
}

func (c *chunked) Read(p []byte) (int, error) {
	if len(p) > c.n {
		p = p[:c.n]
	}
	return c.r.Read(p)
}
