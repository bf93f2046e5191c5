package gen

import (
	"bytes"
	"testing"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// TestWriteCSV reads the written files back with the library's readers:
// they must give NewBook's holdings, row for row, and its master.
func TestWriteCSV(t *testing.T) {
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name        string
		n, distinct int
		hitRate     float64
	}{
		{"small", 50, 20, 0.2},
		{"mostly listed", 2000, 300, 0.5},
		{"unlisted", 500, 1000, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := NewBook(7, tc.n, tc.distinct, tc.hitRate, l)
			var book, master bytes.Buffer
			if err := WriteCSV(&book, &master, 7, tc.n, tc.distinct, tc.hitRate, l); err != nil {
				t.Fatal(err)
			}
			p, err := holdings.ReadPortfolio(&book, "book.csv")
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Holdings) != tc.n {
				t.Fatalf("%d holdings read, want %d", len(p.Holdings), tc.n)
			}
			for i := range p.Holdings {
				got, w := p.Holdings[i], want.Portfolio.Holdings[i]
				if !got.Quantity.Equal(w.Quantity) {
					t.Fatalf("row %d: quantity %s, want %s", i, got.Quantity, w.Quantity)
				}
				got.Quantity = w.Quantity // equal values; the exponent may differ
				if got.Line != w.Line || got.Account != w.Account || got.Ref != w.Ref || got.Acquired != w.Acquired ||
					got.Currency != w.Currency || got.MarketValue.Valid != w.MarketValue.Valid {
					t.Fatalf("row %d:\n got %+v\nwant %+v", i, got, w)
				}
			}
			m, err := holdings.ReadMaster(&master, "securities.csv")
			if err != nil {
				t.Fatal(err)
			}
			if m.Len() != len(want.Securities) {
				t.Fatalf("%d securities read, want %d", m.Len(), len(want.Securities))
			}
			for i, s := range m.Securities() {
				w := want.Securities[i]
				if s.Issuer != w.Issuer || s.Type != w.Type || len(s.IDs) != len(w.IDs) {
					t.Fatalf("security %d:\n got %+v\nwant %+v", i, *s, w)
				}
				for j := range s.IDs {
					if s.IDs[j] != w.IDs[j] {
						t.Fatalf("security %d: id %d is %s, want %s", i, j, s.IDs[j], w.IDs[j])
					}
				}
			}
		})
	}
}
