package table

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// TestLineEnds reads the same rows with CR LF, LF and CR line ends, whole
// and one byte at a time (a CR LF split across reads), and checks the
// values and the line numbers.
func TestLineEnds(t *testing.T) {
	for _, nl := range []string{"\r\n", "\n", "\r"} {
		in := "a,b" + nl + "1,2" + nl + nl + "3,\"x" + nl + "y\"" + nl + "5,6" + nl
		for _, oneByte := range []bool{false, true} {
			var r io.Reader = strings.NewReader(in)
			if oneByte {
				r = iotest.OneByteReader(r)
			}
			tr, err := New(r, Limits{}.WithDefaults(), "a")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for {
				row, err := tr.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%q: %v", nl, err)
				}
				got = append(got, row.Get("a")+"/"+strings.ReplaceAll(row.Get("b"), "\n", "|")+"@"+string(rune('0'+row.Line)))
			}
			want := "1/2@2 3/x|y@4 5/6@6"
			if strings.Join(got, " ") != want {
				t.Errorf("%q one byte %v: %q, want %q", nl, oneByte, strings.Join(got, " "), want)
			}
		}
	}
}

func TestLimitsAndEncoding(t *testing.T) {
	_, err := New(strings.NewReader("\xff\xfea\x00"), Limits{})
	if !errors.Is(err, ErrEncoding) {
		t.Errorf("UTF-16: %v", err)
	}
	tr, err := New(strings.NewReader("a\nxxxxxxxxxx\n"), Limits{MaxLineBytes: 5})
	if err == nil {
		_, err = tr.Next()
	}
	var te *Error
	if !errors.As(err, &te) || !errors.Is(err, ErrLimit) || te.Line != 2 {
		t.Errorf("line limit: %v", err)
	}
	if _, err := New(strings.NewReader(""), Limits{}); err == nil {
		t.Error("empty file accepted")
	}
}
