package compliance_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
)

// TestDecodeOrderRequestStrict: every key smuggling trick that
// encoding/json accepts (duplicates, other cases, Unicode folding, unknown
// keys) is refused with a *holdings.ParseError naming the field, and the
// message never repeats a value from the request (issue 12).
func TestDecodeOrderRequestStrict(t *testing.T) {
	const order = `"ticker": "0020 HK", "side": "buy", "quantity": "100", "trade_date": "2022-03-01"`
	tests := []struct {
		name, body, field string
		want              error
	}{
		{"duplicate us_person", `{"orders": [{` + order + `, "us_person": true, "us_person": false}]}`, "orders[0].us_person", nil},
		{"upper-case key", `{"orders": [{` + order + `, "US_PERSON": false}]}`, "orders[0].US_PERSON", nil},
		{"unicode folding (long s)", `{"orders": [{` + order + `, "uſ_perſon": false}]}`, `orders[0].u\u017f_per\u017fon`, nil},
		{"Ticker beside ticker", `{"orders": [{` + order + `, "Ticker": "0700 HK"}]}`, "orders[0].Ticker", nil},
		{"duplicate ticker", `{"orders": [{` + order + `, "ticker": "0700 HK"}]}`, "orders[0].ticker", nil},
		{"unknown key", `{"orders": [{` + order + `, "usperson": false}]}`, "orders[0].usperson", nil},
		{"duplicate top-level key", `{"orders": [{` + order + `}], "orders": []}`, "orders", nil},
		{"Orders", `{"Orders": [{` + order + `}]}`, "Orders", nil},
		{"us_person as a string", `{"orders": [{` + order + `, "us_person": "false"}]}`, "orders[0].us_person", nil},
		{"quantity as a number", `{"orders": [{"ticker": "0020 HK", "side": "buy", "quantity": 100, "trade_date": "2022-03-01"}]}`, "orders[0].quantity", nil},
		{"exponent quantity", `{"orders": [{"ticker": "0020 HK", "side": "buy", "quantity": "1e3", "trade_date": "2022-03-01"}]}`, "orders[0].quantity", holdings.ErrNumber},
		{"no trade date", `{"orders": [{"ticker": "0020 HK", "side": "buy", "quantity": "1"}]}`, "orders[0].trade_date", nil},
		{"trade date 0000-01-01", `{"orders": [{"ticker": "0020 HK", "side": "buy", "quantity": "1", "trade_date": "0000-01-01"}]}`, "orders[0].trade_date", holdings.ErrImplausibleDate},
		{"trade date 9999-12-31", `{"orders": [{"ticker": "0020 HK", "side": "buy", "quantity": "1", "trade_date": "9999-12-31"}]}`, "orders[0].trade_date", holdings.ErrImplausibleDate},
		{"no security", `{"orders": [{"side": "buy", "quantity": "1", "trade_date": "2022-03-01"}]}`, "orders[0]", holdings.ErrNoSecurity},
		{"no orders", `{"orders": []}`, "orders", nil},
		{"position key in another case", `{"orders": [{` + order + `}], "positions": [{"ticker": "0020 HK", "Quantity": "5"}]}`, "positions[0].Quantity", nil},
		{"escape sequence in a string", `{"orders": [{` + order + `, "account": "A\u001b[2J"}]}`, "orders[0].account", nil},
		{"right-to-left override in a name", `{"orders": [{` + order + `, "name": "Sense\u202eTime"}]}`, "orders[0].name", nil},
		{"data after the object", `{"orders": [{` + order + `}]} {}`, "", nil},
		{"not an object", `[1]`, "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := compliance.DecodeOrderRequest(strings.NewReader(tc.body))
			var pe *holdings.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (request %+v), want a *holdings.ParseError", err, req)
			}
			if pe.Field != tc.field || !errors.Is(err, holdings.ErrInput) {
				t.Errorf("field %q (err %v), want %q matching ErrInput", pe.Field, err, tc.field)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want one matching %v", err, tc.want)
			}
			for _, v := range []string{"0700", "100", "false\"", "9999", "1e3"} {
				if strings.Contains(pe.Err.Error(), v) {
					t.Errorf("message %q repeats a value from the request (%s)", pe.Err, v)
				}
			}
		})
	}
}

// TestDecodeOrderRequest: what the contract accepts, decoded; and an
// order's JSON form decodes back to the same order.
func TestDecodeOrderRequest(t *testing.T) {
	body := `{"orders": [{"account": "A1", "ticker": "0020 HK", "side": "sell short", "quantity": "100.5", "trade_date": "2022-03-01", "us_person": false},
		{"isin": "HK0941009539", "name": "China Mobile", "side": "buy", "quantity": "1", "trade_date": "2022-03-02"}],
		"positions": [{"account": "A1", "ticker": "0020 HK", "quantity": "-20", "acquired": "2021-01-04"}]}`
	req, err := compliance.DecodeOrderRequest(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	want := []compliance.Order{
		{Line: 1, Account: "A1", Ref: holdings.Ref{Ticker: "0020 HK"}, Side: compliance.SellShort, Quantity: dec("100.5"), TradeDate: holdings.MustDate("2022-03-01"), NonUSPerson: true},
		{Line: 2, Ref: holdings.Ref{ISIN: "HK0941009539", Name: "China Mobile"}, Side: compliance.Buy, Quantity: dec("1"), TradeDate: holdings.MustDate("2022-03-02")},
	}
	if diff := cmp.Diff(want, req.Orders); diff != "" {
		t.Errorf("orders (-want +got):\n%s", diff)
	}
	if req.Positions == nil || len(req.Positions.Holdings) != 1 || !req.Positions.Holdings[0].Quantity.Equal(dec("-20")) || req.Positions.Holdings[0].Line != 1 {
		t.Errorf("positions = %+v", req.Positions)
	}
	for _, o := range want {
		b, err := o.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back compliance.Order
		back.Line = o.Line
		if err := back.UnmarshalJSON(b); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if diff := cmp.Diff(o, back); diff != "" {
			t.Errorf("round trip of %s (-want +got):\n%s", b, diff)
		}
	}
}

// TestDecodePortfolioRequest: holdings decoded strictly; a lot acquired
// after the evaluation date is refused naming the holding.
func TestDecodePortfolioRequest(t *testing.T) {
	req, err := compliance.DecodePortfolioRequest(strings.NewReader(`{"as_of": "2022-03-01", "holdings": [
		{"ticker": "0020 HK", "quantity": "1", "market_value": "10.5", "currency": "HKD", "acquired": "2022-02-01"},
		{"name": "SenseTime", "quantity": "2", "acquired": "2022-03-02"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(req.Portfolio.Holdings) != 2 || req.AsOf != holdings.MustDate("2022-03-01") || !req.Portfolio.Holdings[0].MarketValue.Valid {
		t.Fatalf("request = %+v", req)
	}
	_, err = req.Date(holdings.MustDate("2026-01-01"))
	var pe *holdings.ParseError
	if !errors.As(err, &pe) || pe.Field != "holdings[1].acquired" || !errors.Is(err, holdings.ErrDate) {
		t.Errorf("Date = %v, want an error at holdings[1].acquired", err)
	}
	for _, body := range []string{`{"holdings": [{"ticker": "0020 HK", "quantity": "1", "Acquired": "2022-01-01"}]}`, `{"as_of": "1900-01-01", "holdings": []}`, `{"holdings": [{"ticker": "0020 HK"}]}`} {
		if _, err := compliance.DecodePortfolioRequest(strings.NewReader(body)); !errors.As(err, &pe) {
			t.Errorf("%s: err = %v, want a ParseError", body, err)
		}
	}
}
