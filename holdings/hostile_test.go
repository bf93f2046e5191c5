package holdings_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/investscreen/investscreen/holdings"
)

// TestHostilePortfolios reads each file of testdata/hostile: each gives a
// clear error naming file, line and field, or is read whole: no row is
// dropped silently.
func TestHostilePortfolios(t *testing.T) {
	tests := []struct {
		file      string
		rows      int    // rows read when there is no error
		wantLine  int    // line of the error; 0 when the file reads
		wantField string // field of the error
		wantIs    error  // the error matches this
	}{
		{"truncated.csv", 0, 3, "", holdings.ErrInput}, // a row cut short: fewer fields than the header
		{"bom-crlf.csv", 1, 0, "", nil},
		{"utf16.csv", 0, 1, "", holdings.ErrInput},
		{"latin1.csv", 0, 2, "name", holdings.ErrInput},
		{"cr-only.csv", 2, 0, "", nil},
		{"unbalanced-quote.csv", 0, 2, "column 35", holdings.ErrInput},
		{"wrong-columns.csv", 0, 2, "", holdings.ErrInput},
		{"duplicate-rows.csv", 2, 0, "", nil}, // two lots of one security: both kept
		{"empty.csv", 0, 1, "", holdings.ErrInput},
		{"header-only.csv", 0, 0, "", nil},
		{"nan.csv", 0, 2, "quantity", holdings.ErrInput},
		{"inf.csv", 0, 2, "quantity", holdings.ErrInput},
		{"negative.csv", 1, 0, "", nil}, // a short position
		{"over-precise.csv", 0, 2, "quantity", holdings.ErrInput},
		{"date-us-format.csv", 0, 2, "acquired", holdings.ErrDate},
		{"date-impossible.csv", 0, 2, "acquired", holdings.ErrDate},
		{"bad-check-digit.csv", 1, 0, "", nil}, // kept as written: the checker reports it unresolved
		{"no-identifier.csv", 0, 2, "isin/cusip/sedol/figi/ticker/name", holdings.ErrInput},
		{"no-quantity-column.csv", 0, 1, "quantity", holdings.ErrInput},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			path := filepath.Join("testdata", "hostile", tc.file)
			p, err := holdings.LoadPortfolio(path)
			if tc.wantLine == 0 && tc.wantIs == nil {
				if err != nil {
					t.Fatalf("error %v, want the file read", err)
				}
				if len(p.Holdings) != tc.rows {
					t.Fatalf("%d holdings, want %d", len(p.Holdings), tc.rows)
				}
				return
			}
			var pe *holdings.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if pe.File != path || pe.Line != tc.wantLine || pe.Field != tc.wantField {
				t.Errorf("place %s:%d %q, want %s:%d %q (%v)", pe.File, pe.Line, pe.Field, path, tc.wantLine, tc.wantField, err)
			}
			if !errors.Is(err, tc.wantIs) {
				t.Errorf("err %v does not match %v", err, tc.wantIs)
			}
		})
	}
	// CR-only line ends are read as lines, with the right line numbers.
	p, err := holdings.LoadPortfolio(filepath.Join("testdata", "hostile", "cr-only.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Holdings[1].Line != 3 || p.Holdings[1].Ticker != "0700 HK" {
		t.Errorf("second row = %+v", p.Holdings[1])
	}
}

// endless is a reader of n bytes of one letter and no newline.
type endless struct{ n int }

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	k := len(p)
	if k > e.n {
		k = e.n
	}
	for i := 0; i < k; i++ {
		p[i] = 'a'
	}
	e.n -= k
	return k, nil
}

// TestLimits: a 100 MB single line, a file over its size limit and too
// many rows each stop with an error naming the line; memory stays bounded
// by the limit (the reader stops at the first byte past it).
func TestLimits(t *testing.T) {
	r := io.MultiReader(strings.NewReader("name,quantity\n"), &endless{100 << 20})
	_, err := holdings.ReadPortfolio(r, "huge.csv")
	var pe *holdings.ParseError
	if !errors.As(err, &pe) || !errors.Is(err, holdings.ErrLimit) || pe.Line != 2 {
		t.Errorf("100 MB line: %v", err)
	}
	rows := "isin,quantity\n" + strings.Repeat("HK0941009539,1\n", 10)
	_, err = holdings.Limits{MaxRows: 5}.ReadPortfolio(strings.NewReader(rows), "many.csv")
	if !errors.As(err, &pe) || !errors.Is(err, holdings.ErrLimit) || pe.Line != 7 {
		t.Errorf("rows: %v", err)
	}
	_, err = holdings.Limits{MaxFileBytes: 64}.ReadPortfolio(strings.NewReader(rows), "big.csv")
	if !errors.Is(err, holdings.ErrLimit) {
		t.Errorf("file size: %v", err)
	}
	if _, err := (holdings.Limits{MaxRows: 10}).ReadPortfolio(strings.NewReader(rows), "ok.csv"); err != nil {
		t.Errorf("at the limit: %v", err)
	}
}

func TestHostileFilesExist(t *testing.T) {
	ents, err := os.ReadDir(filepath.Join("testdata", "hostile"))
	if err != nil || len(ents) < 19 {
		t.Fatalf("hostile corpus: %d files, %v", len(ents), err)
	}
}
