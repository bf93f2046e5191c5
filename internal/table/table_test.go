package table

import (
	"errors"
	"io"
	"strconv"
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

// TestOptions pins the modes the list readers use: fixed columns without
// a header, the end marker, Latin-1, Windows-1252 C1 repair and a
// repeated header.
func TestOptions(t *testing.T) {
	read := func(in string, o Options) ([]string, *Reader, error) {
		tr, err := Open(strings.NewReader(in), o)
		if err != nil {
			return nil, nil, err
		}
		var got []string
		for {
			row, err := tr.Next()
			if err == io.EOF {
				return got, tr, nil
			}
			if err != nil {
				return got, tr, err
			}
			got = append(got, row.Raw("a")+"|"+row.Get("b")+"@"+strconv.Itoa(row.Line))
		}
	}
	tests := []struct {
		name, in string
		o        Options
		want     string
		wantErr  error
		marker   bool
	}{
		{"fixed columns", "1, x \r\n2,y\r\n", Options{Columns: []string{"a", "b"}}, "1|x@1 2|y@2", nil, false},
		{"fixed columns, too many", "1,x\r\n2,y,z\r\n", Options{Columns: []string{"a", "b"}}, "1|x@1", ErrLimit, false},
		{"fixed columns, too few", "1,x\r\n2\r\n", Options{Columns: []string{"a", "b"}}, "1|x@1", ErrRecord, false},
		{"end marker", "1,x\r\n\x1a", Options{Columns: []string{"a", "b"}, EndMarker: true}, "1|x@1", nil, true},
		{"end marker and blanks", "1,x\r\n\x1a\r\n \r\n", Options{Columns: []string{"a", "b"}, EndMarker: true}, "1|x@1", nil, true},
		{"no end marker", "1,x\r\n", Options{Columns: []string{"a", "b"}, EndMarker: true}, "1|x@1", nil, false},
		{"data after end marker", "1,x\r\n\x1a2,y\r\n", Options{Columns: []string{"a", "b"}, EndMarker: true}, "1|x@1", ErrEndMarker, true},
		{"end marker inside quotes", "1,\"x\r\n\x1a", Options{Columns: []string{"a", "b"}, EndMarker: true}, "", ErrRecord, true},
		{"0x1A without the option", "1,x\x1a\r\n", Options{Columns: []string{"a", "b"}}, "", ErrInvisible, false},
		{"latin-1", "a,b\n\xe9t\xe9,x\n", Options{Latin1: true}, "\u00e9t\u00e9|x@2", nil, false},
		{"latin-1 C1 control", "a,b\n\x9b,x\n", Options{Latin1: true}, "", ErrInvisible, false},
		{"not UTF-8", "a,b\n\xe9t\xe9,x\n", Options{}, "", ErrEncoding, false},
		{"windows-1252 C1", "a,b\nXi\u0092an,x\n", Options{C1AsWindows1252: true}, "Xi\u2019an|x@2", nil, false},
		{"undefined C1", "a,b\nXi\u0081an,x\n", Options{C1AsWindows1252: true}, "", ErrInvisible, false},
		{"repeated header", "a,b\na,b\n1,2\n", Options{SkipRepeatedHeader: true}, "1|2@3", nil, false},
		{"repeated header kept", "a,b\na,b\n", Options{}, "a|b@2", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, tr, err := read(tc.in, tc.o)
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("rows %q, want %q", strings.Join(got, " "), tc.want)
			}
			if tr != nil && tr.EndMarker() != tc.marker {
				t.Errorf("EndMarker = %v, want %v", tr.EndMarker(), tc.marker)
			}
		})
	}
}

// TestPlaces: errors name the line a record starts on, and the line and
// column of a bad character.
func TestPlaces(t *testing.T) {
	tests := []struct {
		name, in        string
		lim             Limits
		wantLine, wantC int
		wantCol         string
		want            error
	}{
		{"unterminated quote", "a,b\n\"x,1\ny\n", Limits{}, 2, 0, "", ErrRecord},
		{"bare quote", "a,b\n1,x\"y\n", Limits{}, 2, 4, "column 4", ErrRecord},
		{"zero-width space", "a,b\n1,2\n3,x\u200by\n", Limits{}, 3, 4, "b", ErrInvisible},
		{"byte order mark in a field", "a,b\n\ufeffx,1\n", Limits{}, 2, 1, "a", ErrInvisible},
		{"bidi override after a multi-line field", "a,b\n\"p\nq\",\u202ex\n", Limits{}, 3, 4, "b", ErrInvisible},
		{"bad UTF-8", "a,b\n1,\xffx\n", Limits{}, 2, 3, "b", ErrEncoding},
		{"record too long", "a,b\n1,\"" + strings.Repeat("x\n", 10) + "\"\n", Limits{MaxRecordBytes: 8}, 2, 0, "", ErrLimit},
		{"too many fields", "a,b\n1,2,3,4\n", Limits{MaxFields: 3}, 2, 0, "", ErrLimit},
		{"header too wide", "a,b,c,d\n", Limits{MaxFields: 3}, 1, 0, "", ErrLimit},
		{"file too large", "a,b\n1,2\n3,4\n", Limits{MaxFileBytes: 6}, 0, 0, "", ErrLimit},
		{"too many rows", "a,b\n1,2\n3,4\n", Limits{MaxRows: 1}, 3, 0, "", ErrLimit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := New(strings.NewReader(tc.in), tc.lim.WithDefaults())
			for err == nil {
				_, err = tr.Next()
			}
			var te *Error
			if !errors.Is(err, tc.want) || !errors.As(err, &te) {
				t.Fatalf("err = %v, want an *Error matching %v", err, tc.want)
			}
			if te.Line != tc.wantLine || te.Col != tc.wantC || te.Column != tc.wantCol {
				t.Errorf("at line %d col %d column %q, want line %d col %d column %q (%v)", te.Line, te.Col, te.Column, tc.wantLine, tc.wantC, tc.wantCol, err)
			}
			if !Fatal(err) && tc.want != ErrRecord {
				t.Errorf("Fatal(%v) = false", err)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	for in, want := range map[string]string{
		"short":                  `"short"`,
		"\x1b[31mred":            `"\x1b[31mred"`,
		strings.Repeat("é", 30):  `"` + strings.Repeat(`\u00e9`, 20) + `"...`,
		"zero\u200bwidth":        `"zero\u200bwidth"`,
		strings.Repeat("a", 100): `"` + strings.Repeat("a", 40) + `"...`,
	} {
		if got := Excerpt(in); got != want {
			t.Errorf("Excerpt(%q) = %s, want %s", in, got, want)
		}
	}
}
