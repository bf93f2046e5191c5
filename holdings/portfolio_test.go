package holdings_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/holdings"
)

func TestReadPortfolio(t *testing.T) {
	in := "\ufeffQuantity,Ticker,ACCOUNT,unknown,isin,Name,acquired,market_value,currency\n" +
		"100,0020 HK,A1,x,,,2021-11-02,24750.50,HKD\n" +
		"\n" +
		"-5.25,,A2,,HK0941009539,\"China Mobile, Ltd\",,,\n"
	p, err := holdings.ReadPortfolio(strings.NewReader(in), "book.csv")
	if err != nil {
		t.Fatal(err)
	}
	want := []holdings.Holding{
		{Line: 2, Account: "A1", Ref: holdings.Ref{Ticker: "0020 HK"}, Quantity: decimal.RequireFromString("100"),
			MarketValue: decimal.NullDecimal{Decimal: decimal.RequireFromString("24750.50"), Valid: true}, Currency: "HKD", Acquired: holdings.MustDate("2021-11-02")},
		{Line: 4, Account: "A2", Ref: holdings.Ref{ISIN: "HK0941009539", Name: "China Mobile, Ltd"}, Quantity: decimal.RequireFromString("-5.25")},
	}
	if diff := cmp.Diff(want, p.Holdings); diff != "" {
		t.Errorf("holdings (-want +got):\n%s", diff)
	}
	if p.Source != "book.csv" {
		t.Errorf("source = %q", p.Source)
	}
}

func TestReadPortfolioErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantLine  int
		wantField string
	}{
		{"empty file", "", 1, ""},
		{"no quantity column", "isin,name\nX,Y\n", 1, "quantity"},
		{"duplicate column", "quantity,isin,ISIN\n1,a,b\n", 1, "isin"},
		{"no security", "account,isin,quantity\nA,,10\n", 2, "isin/cusip/sedol/figi/ticker/name"},
		{"missing quantity", "isin,quantity\nHK0941009539,\n", 2, "quantity"},
		{"thousands separator", "isin,quantity\nHK0941009539,\"1,000\"\n", 2, "quantity"},
		{"NaN", "isin,quantity\nHK0941009539,NaN\n", 2, "quantity"},
		{"exponent", "isin,quantity\nHK0941009539,1e9\n", 2, "quantity"},
		{"bad market value", "isin,quantity,market_value\nHK0941009539,1,abc\n", 2, "market_value"},
		{"date in another format", "isin,quantity,acquired\nHK0941009539,1,11/02/2021\n", 2, "acquired"},
		{"impossible date", "isin,quantity,acquired\nHK0941009539,1,2023-02-29\n", 2, "acquired"},
		{"wrong column count", "isin,quantity\nHK0941009539,1,extra\n", 2, ""},
		{"unbalanced quote", "isin,quantity\n\"HK0941009539,1\n", 2, "column 17"},
		{"latin-1 byte", "name,quantity\nCaf\xe9,1\n", 2, "name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := holdings.ReadPortfolio(strings.NewReader(tc.in), "book.csv")
			if err == nil {
				t.Fatalf("no error; holdings %+v", p.Holdings)
			}
			if p != nil {
				t.Error("a portfolio was returned with an error")
			}
			var pe *holdings.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if !errors.Is(err, holdings.ErrInput) {
				t.Errorf("err = %v, want it to match ErrInput", err)
			}
			if pe.File != "book.csv" || pe.Line != tc.wantLine || pe.Field != tc.wantField {
				t.Errorf("place = %s:%d %q, want book.csv:%d %q (%v)", pe.File, pe.Line, pe.Field, tc.wantLine, tc.wantField, err)
			}
		})
	}
}

func TestReadPortfolioReportsEveryBadRow(t *testing.T) {
	in := "isin,quantity\nHK0941009539,x\nHK0941009539,1\nHK0941009539,y\n"
	_, err := holdings.ReadPortfolio(strings.NewReader(in), "book.csv")
	var lines []int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var pe *holdings.ParseError
		if errors.As(e, &pe) {
			lines = append(lines, pe.Line)
		}
	}
	if diff := cmp.Diff([]int{2, 4}, lines); diff != "" {
		t.Errorf("error lines (-want +got):\n%s", diff)
	}
}

func TestErrorsKeepQuantitiesOut(t *testing.T) {
	_, err := holdings.ReadPortfolio(strings.NewReader("account,isin,quantity\nSECRET-ACCT,HK0941009539,123456789x\n"), "book.csv")
	if err == nil || strings.Contains(err.Error(), "123456789") || strings.Contains(err.Error(), "SECRET-ACCT") {
		t.Errorf("error text carries the position or account: %v", err)
	}
}

func TestReadMaster(t *testing.T) {
	in := "ISIN,ticker,issuer,type,underlying\n" +
		"HK0941009539,941 HK,China Mobile Ltd,,\n" +
		"US16941M1099,CHL US,China Mobile Ltd,ADR,HK0941009539\n" +
		",0020.HK,SenseTime Group Inc.,equity,\n"
	m, err := holdings.ReadMaster(strings.NewReader(in), "sec.csv")
	if err != nil {
		t.Fatal(err)
	}
	if m.Len() != 3 {
		t.Fatalf("Len = %d, want 3", m.Len())
	}
	for _, q := range []string{"941 HK", "0941.HK", "XHKG:941"} {
		id, err := holdings.ParseTicker(q)
		if err != nil {
			t.Fatal(err)
		}
		if s := m.Lookup(id); s == nil || s.Issuer != "China Mobile Ltd" || s.Type != holdings.Equity || s.Line != 2 {
			t.Errorf("Lookup(%s) = %+v", q, s)
		}
	}
	// A CUSIP is derived from the US ISIN.
	cusip, _ := holdings.ParseCUSIP("16941M109")
	adr := m.Lookup(cusip)
	if adr == nil || adr.Type != holdings.ADR || adr.Underlying != (holdings.ID{Kind: holdings.ISIN, Value: "HK0941009539"}) {
		t.Errorf("Lookup(cusip) = %+v", adr)
	}
	var nilMaster *holdings.Master
	if nilMaster.Lookup(cusip) != nil || nilMaster.Len() != 0 {
		t.Error("nil master is not empty")
	}
}

func TestReadMasterErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantLine  int
		wantField string
		wantErr   error
	}{
		{"no identifier column", "issuer,type\nA,equity\n", 1, "", holdings.ErrInput},
		{"bad check digit", "isin,issuer\nHK0941009538,A\n", 2, "isin", holdings.ErrCheckDigit},
		{"unknown type", "isin,issuer,type\nHK0941009539,A,stock\n", 2, "type", holdings.ErrInput},
		{"bad underlying", "isin,issuer,underlying\nHK0941009539,A,941\n", 2, "underlying", holdings.ErrInvalidID},
		{"no identifier", "isin,ticker,issuer\n,,A\n", 2, "isin/cusip/sedol/figi/ticker", holdings.ErrInput},
		{"one identifier, two securities", "isin,ticker,issuer\nHK0941009539,941 HK,A\n,0941.HK,B\n", 0, "", holdings.ErrConflict},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := holdings.ReadMaster(strings.NewReader(tc.in), "sec.csv")
			var pe *holdings.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("err = %v, want it to match %v", err, tc.wantErr)
			}
			if pe.File != "sec.csv" || pe.Line != tc.wantLine || pe.Field != tc.wantField {
				t.Errorf("place = %s:%d %q, want sec.csv:%d %q (%v)", pe.File, pe.Line, pe.Field, tc.wantLine, tc.wantField, err)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    holdings.Date
		wantErr bool
	}{
		{"2022-02-08", holdings.Date{Year: 2022, Month: 2, Day: 8}, false},
		{"2024-02-29", holdings.Date{Year: 2024, Month: 2, Day: 29}, false},
		{"2023-02-29", holdings.Date{}, true},
		{"2022-2-8", holdings.Date{}, true},
		{"08 Feb 2022", holdings.Date{}, true},
		{"", holdings.Date{}, true},
	}
	for _, tc := range tests {
		got, err := holdings.ParseDate(tc.in)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
		if err != nil && !errors.Is(err, holdings.ErrDate) {
			t.Errorf("ParseDate(%q) error %v does not match ErrDate", tc.in, err)
		}
	}
	e, d := holdings.MustDate("2022-02-08"), holdings.MustDate("2022-12-10")
	if !e.Before(d) || d.Before(e) || e.Compare(e) != 0 || e.After(d) || e.AddDays(-1).String() != "2022-02-07" {
		t.Error("comparisons are wrong")
	}
	if s := holdings.MustDate("2021-12-31").AddDays(1).String(); s != "2022-01-01" {
		t.Errorf("AddDays across a year = %s", s)
	}
	var z holdings.Date
	if !z.IsZero() || z.String() != "" {
		t.Error("zero date")
	}
	b, _ := e.MarshalText()
	var back holdings.Date
	if err := back.UnmarshalText(b); err != nil || back != e {
		t.Errorf("text round trip: %v %v", back, err)
	}
}
