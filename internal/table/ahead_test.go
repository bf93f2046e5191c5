package table

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// readAll reads every row and error of data under o, the reader made of
// data by mk, with or without ReadAhead, as one text to compare.
func readAll(data []byte, o Options, mk func(io.Reader) io.Reader, ahead bool) string {
	var b strings.Builder
	tr, err := Open(mk(strings.NewReader(string(data))), o)
	if err != nil {
		return "open: " + err.Error()
	}
	if ahead {
		stop := tr.ReadAhead()
		defer stop()
	}
	for {
		row, err := tr.Next()
		if err == io.EOF {
			fmt.Fprintf(&b, "EOF marker=%v repaired=%d\n", tr.EndMarker(), tr.Repaired())
			return b.String()
		}
		if err != nil {
			fmt.Fprintf(&b, "error %v\n", err)
			if Fatal(err) {
				return b.String()
			}
			continue
		}
		fmt.Fprintf(&b, "%d %q\n", row.Line, row.rec)
	}
}

// FuzzReadAhead: rows and errors are the same checked ahead on another
// goroutine (in chunks of its own) as read on the caller's, for a file
// read at once or a byte at a time. (How the underlying reader splits the
// file may change which of two errors a bad row gets: the guard knows the
// header's width only once the header is parsed, after the first buffer.)
func FuzzReadAhead(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n", "a,b\r\n\"x\r\ny\",2\r\n", "1,\"-0- \",x\r\n\x1a", "a\n\ufeffx\n", "a,b\nXi\u0092an,1\n",
		"a,b\n\"x,1\ny\n", "a,b\na,b\n1,2\n", "\xe9,\x9b\n", "a,b\n" + strings.Repeat("x,y\n", 2000),
		"a,b\n" + strings.Repeat("x,y\n", 1400) + "1,2,3\n", "a,b\n" + strings.Repeat("x,\u200by\n", 1500),
	} {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(s), uint8(0xff))
	}
	f.Fuzz(func(t *testing.T, data []byte, mode uint8) {
		o := Options{
			Limits:             Limits{MaxLineBytes: 64, MaxRecordBytes: 128, MaxFields: 8, MaxRows: 3000, MaxFileBytes: 6000},
			Latin1:             mode&1 != 0,
			EndMarker:          mode&2 != 0,
			C1AsWindows1252:    mode&4 != 0,
			SkipRepeatedHeader: mode&8 != 0,
			ReuseRecord:        mode&32 != 0,
		}
		if mode&16 != 0 {
			o.Columns = []string{"a", "b", "c"}
		}
		same := func(r io.Reader) io.Reader { return r }
		for _, c := range []struct {
			name string
			mk   func(io.Reader) io.Reader
		}{
			{"at once", same},
			{"a byte at a time", iotest.OneByteReader},
		} {
			want := readAll(data, o, c.mk, false)
			if got := readAll(data, o, c.mk, true); got != want {
				t.Fatalf("%s, read ahead:\n%s\nwant\n%s", c.name, got, want)
			}
		}
	})
}

// TestReadAheadStop: a reader stopped before its end leaves no goroutine
// behind, and reads after the stop fail rather than give rows.
func TestReadAheadStop(t *testing.T) {
	data := "a,b\n" + strings.Repeat("1,2\n", 100000)
	before := runtime.NumGoroutine()
	for i := 0; i < 20; i++ {
		tr, err := Open(strings.NewReader(data), Options{})
		if err != nil {
			t.Fatal(err)
		}
		stop := tr.ReadAhead()
		if _, err := tr.Next(); err != nil {
			t.Fatal(err)
		}
		stop()
		stop() // twice is allowed
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines left behind", n-before)
	}
	// A stopped reader: whatever csv had buffered may still come, then an error, never io.EOF.
	tr, err := Open(strings.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	tr.ReadAhead()()
	for i := 0; ; i++ {
		_, err := tr.Next()
		if err == io.EOF {
			t.Fatalf("io.EOF after %d rows of a stopped reader: a cut file read as whole", i)
		}
		if err != nil {
			break
		}
	}
}
