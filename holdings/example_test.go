package holdings_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/investscreen/investscreen/holdings"
)

func ExampleParseTicker() {
	for _, s := range []string{"941 HK", "0941 HK", "0941.HK", "XHKG:941", "941 HK Equity"} {
		id, err := holdings.ParseTicker(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-14s -> %s\n", s, id)
	}
	// Output:
	// 941 HK         -> ticker 941 HK
	// 0941 HK        -> ticker 941 HK
	// 0941.HK        -> ticker 941 HK
	// XHKG:941       -> ticker 941 HK
	// 941 HK Equity  -> ticker 941 HK
}

func ExampleParseISIN() {
	id, err := holdings.ParseISIN("us16941m1099")
	fmt.Println(id, err)
	_, err = holdings.ParseISIN("US16941M1098")
	fmt.Println(errors.Is(err, holdings.ErrCheckDigit), err)
	cusip, _ := holdings.CUSIPFromISIN(id)
	fmt.Println(cusip)
	// Output:
	// isin US16941M1099 <nil>
	// true invalid isin "US16941M1098": check digit is 8, want 9
	// cusip 16941M109
}

func ExampleReadMaster() {
	m, err := holdings.ReadMaster(strings.NewReader(`isin,ticker,issuer,type,underlying
HK0941009539,941 HK,China Mobile Ltd,equity,
US16941M1099,CHL US,China Mobile Ltd,adr,HK0941009539
`), "securities.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	id, _ := holdings.ParseCUSIP("16941M109") // inside the ADR's ISIN
	s := m.Lookup(id)
	fmt.Println(s.Issuer, s.Type, s.Underlying)
	// Output:
	// China Mobile Ltd adr isin HK0941009539
}

func ExampleReadPortfolio() {
	_, err := holdings.ReadPortfolio(strings.NewReader("account,isin,quantity\nA1,HK0941009539,1,000\n"), "book.csv")
	var pe *holdings.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.File, pe.Line)
	}
	fmt.Println(err)
	// Output:
	// book.csv 2
	// book.csv:2: bad input: malformed record: 4 fields, header has 3
}
