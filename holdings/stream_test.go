package holdings_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/gen"
)

// bookCSV writes n generated holdings (internal/gen, no list) as a
// holdings CSV, every column filled in on some row.
func bookCSV(t testing.TB, n int) []byte {
	t.Helper()
	b := gen.NewBook(7, n, n/10+1, 0, nil)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"account", "isin", "cusip", "sedol", "figi", "ticker", "name", "quantity", "market_value", "currency", "acquired", "regimes"})
	for i, h := range b.Portfolio.Holdings {
		value, cur, regimes := "", "", ""
		if i%3 == 0 {
			value, cur = h.Quantity.Mul(decimal.NewFromInt(12)).String(), "USD"
		}
		if i%5 == 0 {
			regimes = "eu|uk"
		}
		_ = w.Write([]string{h.Account, h.ISIN, h.CUSIP, h.SEDOL, h.FIGI, h.Ticker, h.Name, h.Quantity.String(), value, cur, h.Acquired.String(), regimes})
	}
	w.Flush()
	return buf.Bytes()
}

func TestHoldingReaderIsReadPortfolio(t *testing.T) {
	data := bookCSV(t, 3000)
	p, err := holdings.ReadPortfolio(bytes.NewReader(data), "book.csv")
	if err != nil {
		t.Fatal(err)
	}
	hr, err := holdings.NewHoldingReader(bytes.NewReader(data), "book.csv")
	if err != nil {
		t.Fatal(err)
	}
	var got []holdings.Holding
	var h holdings.Holding
	for hr.Next(&h) == nil {
		got = append(got, h)
	}
	if err := hr.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3000 {
		t.Fatalf("%d holdings, want 3000", len(got))
	}
	if d := cmp.Diff(p.Holdings, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) && a.Exponent() == b.Exponent() })); d != "" {
		t.Fatal(d)
	}
	// The generated values survive the round trip through the file.
	want := gen.NewBook(7, 3000, 301, 0, nil).Portfolio.Holdings
	for i := range want {
		if !got[i].Quantity.Equal(want[i].Quantity) || got[i].Acquired != want[i].Acquired || got[i].Account != want[i].Account || got[i].Line != i+2 {
			t.Fatalf("row %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

// A bad row late in a book: the good rows before and after it are read,
// and Err names the bad row's file, line and field.
func TestHoldingReaderLateBadRow(t *testing.T) {
	tests := []struct {
		name, bad, field string
		cause            error
	}{
		{"quantity", `A1,US0378331005,"1,000",`, "quantity", holdings.ErrNumber},
		{"acquired", "A1,US0378331005,10,2023-02-29", "acquired", holdings.ErrDate},
		{"no security", "A1,,10,", holdings.RefField, holdings.ErrNoSecurity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("account,isin,quantity,acquired\n")
			for i := 0; i < 1000; i++ {
				b.WriteString("A1,US0378331005,10,2023-01-02\n")
			}
			b.WriteString(tt.bad + "\n")
			b.WriteString("A1,US0378331005,10,\n")
			hr, err := holdings.NewHoldingReader(strings.NewReader(b.String()), "late.csv")
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			var h holdings.Holding
			for {
				err := hr.Next(&h)
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
			if n != 1001 {
				t.Fatalf("%d good rows, want 1001", n)
			}
			err = hr.Err()
			var pe *holdings.ParseError
			if !errors.As(err, &pe) || pe.File != "late.csv" || pe.Line != 1002 || pe.Field != tt.field {
				t.Fatalf("err %v, want late.csv line 1002 %s", err, tt.field)
			}
			if !errors.Is(err, tt.cause) || !errors.Is(err, holdings.ErrInput) {
				t.Fatalf("err %v does not match its cause", err)
			}
			if _, err := holdings.ReadPortfolio(strings.NewReader(b.String()), "late.csv"); !errors.As(err, &pe) || pe.Line != 1002 {
				t.Fatalf("ReadPortfolio: %v", err)
			}
		})
	}
}

// Fifty bad rows end the reading, as ReadPortfolio's cap.
func TestHoldingReaderErrorCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("isin,quantity\n")
	for i := 0; i < 60; i++ {
		b.WriteString("US0378331005,x\n")
	}
	b.WriteString("US0378331005,1\n")
	hr, err := holdings.NewHoldingReader(strings.NewReader(b.String()), "cap.csv")
	if err != nil {
		t.Fatal(err)
	}
	var h holdings.Holding
	if err := hr.Next(&h); err != io.EOF {
		t.Fatalf("Next = %v, want io.EOF after 50 errors", err)
	}
	if hr.Errors() != 50 {
		t.Fatalf("%d errors, want 50", hr.Errors())
	}
}

func TestParseQuantityFastPath(t *testing.T) {
	for _, s := range []string{"0", "-0", "+5", "007", ".5", "5.", "1.50", "-123.456", "999999999999999999", "1000000000000000000", "0.000000000000000001", "-99999999999999999.9", "12345678901234567890.5"} {
		t.Run(s, func(t *testing.T) {
			got, err := holdings.ParseQuantity(s)
			if err != nil {
				t.Fatal(err)
			}
			want, err := decimal.NewFromString(s)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) || got.Exponent() != want.Exponent() || got.String() != want.String() {
				t.Fatalf("%s: %s (exp %d), want %s (exp %d)", s, got, got.Exponent(), want, want.Exponent())
			}
		})
	}
}

// FuzzParseQuantity: the fast path gives what decimal.NewFromString gives.
func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"1", "-1.5", "+.5", "1,000", "1e5", "NaN", "12345678901234567890"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := holdings.ParseQuantity(s)
		if err != nil {
			if !errors.Is(err, holdings.ErrNumber) {
				t.Fatalf("%q: %v does not match ErrNumber", s, err)
			}
			return
		}
		want, err := decimal.NewFromString(s)
		if err != nil {
			t.Fatalf("%q accepted, NewFromString refuses it: %v", s, err)
		}
		if !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("%q: %s, want %s", s, got, want)
		}
	})
}

// FuzzParseDate: the fast path agrees with time.Parse.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "0000-01-01", "2024-13-01", "2024-04-31", "2024-1-01", "+024-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := holdings.ParseDate(s)
		tm, terr := time.Parse("2006-01-02", s)
		ok := terr == nil && len(s) == 10 && s[4] == '-' && s[7] == '-'
		if (err == nil) != ok {
			t.Fatalf("%q: ParseDate %v, time.Parse %v", s, err, terr)
		}
		if err != nil {
			if !errors.Is(err, holdings.ErrDate) {
				t.Fatalf("%q: %v does not match ErrDate", s, err)
			}
			return
		}
		if d != holdings.DateOf(tm) {
			t.Fatalf("%q: %v, want %v", s, d, holdings.DateOf(tm))
		}
	})
}

// BenchmarkHoldingReader reads a generated CSV book from memory, one
// holding at a time; BenchmarkReadPortfolio reads it into a Portfolio.
// Compare B/op and allocs/op per holding at the two sizes.
func BenchmarkHoldingReader(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		data := bookCSV(b, n)
		b.Run(fmt.Sprintf("holdings=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			for i := 0; i < b.N; i++ {
				hr, err := holdings.NewHoldingReader(bytes.NewReader(data), "book.csv")
				if err != nil {
					b.Fatal(err)
				}
				var h holdings.Holding
				k := 0
				for hr.Next(&h) == nil {
					k++
				}
				if hr.Err() != nil || k != n {
					b.Fatal(hr.Err(), k)
				}
			}
			runtime.ReadMemStats(&ms1)
			b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(b.N)/float64(n), "B/holding")
			b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(b.N)/float64(n), "allocs/holding")
		})
	}
}

func BenchmarkReadPortfolio(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		data := bookCSV(b, n)
		b.Run(fmt.Sprintf("holdings=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			for i := 0; i < b.N; i++ {
				p, err := holdings.ReadPortfolio(bytes.NewReader(data), "book.csv")
				if err != nil || len(p.Holdings) != n {
					b.Fatal(err)
				}
			}
			runtime.ReadMemStats(&ms1)
			b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(b.N)/float64(n), "B/holding")
			b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(b.N)/float64(n), "allocs/holding")
		})
	}
}

func ExampleHoldingReader() {
	book := "account,isin,quantity,acquired\n" +
		"A1,US0378331005,100,2024-01-02\n" +
		"A1,US0378331005,1e3,2024-01-02\n" + // a bad row: no exponents
		"A2,HK0941009539,-5.50,\n"
	hr, err := holdings.NewHoldingReader(strings.NewReader(book), "book.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	var h holdings.Holding
	for hr.Next(&h) == nil {
		fmt.Printf("%d %s %s %s [%s]\n", h.Line, h.Account, h.ISIN, h.Quantity, h.Acquired)
	}
	if err := hr.Err(); err != nil {
		fmt.Println("the book is bad:", err)
	}
	// Output:
	// 2 A1 US0378331005 100 [2024-01-02]
	// 4 A2 HK0941009539 -5.5 []
	// the book is bad: book.csv:3: quantity: bad input: not a decimal number (digits with an optional sign and decimal point)
}

// Equal accounts and currencies are one string, equal regimes fields one
// slice, whether the rows follow each other or not.
func TestHoldingReaderInterns(t *testing.T) {
	book := "account,isin,quantity,currency,regimes\n" +
		"A1,US0378331005,1,USD,eu|uk\n" +
		"A1,US0378331005,2,USD,eu|uk\n" +
		"B2,US0378331005,3,EUR,us\n" +
		"A1,US0378331005,4,USD,eu|uk\n"
	p, err := holdings.ReadPortfolio(strings.NewReader(book), "book.csv")
	if err != nil {
		t.Fatal(err)
	}
	h := p.Holdings
	same := func(a, b string) bool { return unsafe.StringData(a) == unsafe.StringData(b) }
	if !same(h[0].Account, h[1].Account) || !same(h[0].Account, h[3].Account) || !same(h[0].Currency, h[3].Currency) {
		t.Fatal("equal accounts or currencies are separate strings")
	}
	if &h[0].Regimes[0] != &h[3].Regimes[0] || h[2].Account != "B2" || h[2].Currency != "EUR" || len(h[2].Regimes) != 1 || h[2].Regimes[0] != holdings.RegimeUS {
		t.Fatalf("regimes or values wrong: %+v", h)
	}
}

// Past the bound of interned strings, accounts are still read right.
func TestHoldingReaderInternBound(t *testing.T) {
	var b strings.Builder
	b.WriteString("account,isin,quantity\n")
	const n = 1<<16 + 100
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "ACC%d,US0378331005,1\n", i)
	}
	b.WriteString("ACC7,US0378331005,1\n")
	p, err := holdings.ReadPortfolio(strings.NewReader(b.String()), "book.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Holdings) != n+1 {
		t.Fatalf("%d holdings", len(p.Holdings))
	}
	for i, h := range p.Holdings[:n] {
		if h.Account != fmt.Sprintf("ACC%d", i) {
			t.Fatalf("row %d: account %q", i, h.Account)
		}
	}
	if p.Holdings[n].Account != "ACC7" {
		t.Fatalf("last account %q", p.Holdings[n].Account)
	}
}
