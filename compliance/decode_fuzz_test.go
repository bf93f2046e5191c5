package compliance_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
)

// FuzzDecodeOrderRequest: the strict decoder never panics; what it
// accepts is a valid basket (positive quantities, plausible dates, a
// security named), every error is a *holdings.ParseError, and an accepted
// request holds no key the contract does not know, in any case.
func FuzzDecodeOrderRequest(f *testing.F) {
	f.Add([]byte(`{"orders": [{"account": "A", "ticker": "0020 HK", "side": "buy", "quantity": "100", "trade_date": "2022-03-01", "us_person": false}], "positions": [{"ticker": "0020 HK", "quantity": "-5"}]}`))
	f.Add([]byte(`{"orders": [{"ticker": "0020 HK", "side": "buy", "quantity": "1", "trade_date": "2022-03-01", "us_person": true, "uſ_perſon": false}]}`))
	f.Add([]byte(`{"orders": [{"isin": "HK0941009539", "side": "sell", "quantity": "1.5", "trade_date": "2022-03-01", "US_PERSON": false}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		req, err := compliance.DecodeOrderRequest(bytes.NewReader(b))
		if err != nil {
			var pe *holdings.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a ParseError", err)
			}
			return
		}
		if len(req.Orders) == 0 {
			t.Fatal("accepted a request without orders")
		}
		for _, o := range req.Orders {
			if !o.Quantity.IsPositive() || o.Side == "" || o.Ref.Validate() != nil || holdings.CheckDateWindow(o.TradeDate, holdings.TodayNY()) != nil {
				t.Fatalf("accepted a bad order %+v", o)
			}
		}
		// Whatever was accepted, a case-insensitive decode sees the same
		// us_person for every order: no key smuggled a different value.
		var loose struct {
			Orders []map[string]json.RawMessage `json:"orders"`
		}
		if json.Unmarshal(b, &loose) == nil {
			for i, m := range loose.Orders {
				for k := range m {
					if strings.EqualFold(k, "us_person") && k != "us_person" {
						t.Fatalf("order %d: accepted the key %q", i, k)
					}
				}
			}
		}
	})
}

// FuzzDecodePortfolioRequest: no panic; an accepted request's holdings
// each name a security; errors are ParseErrors.
func FuzzDecodePortfolioRequest(f *testing.F) {
	f.Add([]byte(`{"as_of": "2022-03-01", "holdings": [{"ticker": "0020 HK", "quantity": "1", "acquired": "2021-01-01", "market_value": "10", "currency": "HKD"}]}`))
	f.Add([]byte(`{"holdings": [{"name": "SenseTime", "quantity": "1", "Quantity": "2"}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		req, err := compliance.DecodePortfolioRequest(bytes.NewReader(b))
		if err != nil {
			var pe *holdings.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a ParseError", err)
			}
			return
		}
		for _, h := range req.Portfolio.Holdings {
			if h.Ref.Validate() != nil {
				t.Fatalf("accepted a holding naming no security: %+v", h)
			}
		}
	})
}

// FuzzConfigBuild builds a Config over a fuzzed file set (an in-house
// list, a security master, funds, ownership and waivers, split at NUL
// bytes): Build never panics, and a Checker it returns answers an order
// with a decision.
func FuzzConfigBuild(f *testing.F) {
	f.Add([]byte("list,name,isin\nrestricted,Alibaba Group Holding Limited,US01609W1027\n\x00isin,ticker,issuer,type,underlying\nUS01609W1027,BABA US,Alibaba Group Holding Limited,adr,\n\x00fund,constituent,weight\nFOF US,BABA US,40\n\x00owner,owned,percent\nA,B,60\n\x00rule,account,security,reason,approver,expires\nrestricted,A1,,r,a,2030-01-01\n"))
	f.Add([]byte("list,name\nwatch,Xiaomi\n\x00ticker,issuer\n1810 HK,Xiaomi Corporation\n"))
	dir := f.TempDir() // one per process: fuzz inputs run one at a time in it
	f.Fuzz(func(t *testing.T, b []byte) {
		parts := bytes.SplitN(b, []byte{0}, 5)
		names := []string{"list.csv", "securities.csv", "funds.csv", "ownership.csv", "waivers.csv"}
		paths := make([]string, len(names))
		for i := range names {
			var p []byte
			if i < len(parts) {
				p = parts[i]
			}
			paths[i] = writeFile(t, dir, names[i], string(p))
		}
		cfg := compliance.Config{Lists: []string{"inhouse:" + paths[0]}, SecuritiesFile: paths[1], FundsFile: paths[2], OwnershipFile: paths[3], WaiversFile: paths[4]}
		chk, err := cfg.Build()
		if err != nil {
			return
		}
		o := compliance.Order{Ref: holdings.Ref{Ticker: "BABA US", Name: "Alibaba"}, Side: compliance.Buy, Quantity: dec("1"), TradeDate: holdings.MustDate("2024-03-01")}
		if d := chk.CheckOrder(&o, dec("0")).Decision; d != compliance.Allow && d != compliance.Warn && d != compliance.Block {
			t.Fatalf("decision %q", d)
		}
	})
}
