package holdings_test

import (
	"fmt"
	"strings"

	"github.com/investscreen/investscreen/holdings"
)

// A security master finds a security by any of its identifiers, a ticker
// in any accepted notation, and numbers its securities so that callers can
// keep what they know of each in a slice.
func ExampleMaster_Find() {
	m, err := holdings.ReadMaster(strings.NewReader("isin,ticker,issuer\nHK0941009539,941 HK,China Mobile Ltd\nUS0378331005,AAPL US,Apple Inc.\n"), "master.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, in := range []struct {
		kind holdings.Kind
		text string
	}{{holdings.Ticker, "0941.HK"}, {holdings.Ticker, "XHKG:941"}, {holdings.CUSIP, "037833100"}, {holdings.Ticker, "MSFT US"}} {
		id, i, err := m.Find(in.kind, in.text)
		if err != nil {
			fmt.Println(err)
			continue
		}
		if i < 0 {
			fmt.Printf("%s: not in the master\n", id)
			continue
		}
		fmt.Printf("%s: security %d, %s\n", id, i, m.At(i).Issuer)
	}
	// Output:
	// ticker 941 HK: security 0, China Mobile Ltd
	// ticker 941 HK: security 0, China Mobile Ltd
	// cusip 037833100: security 1, Apple Inc.
	// ticker MSFT US: not in the master
}
