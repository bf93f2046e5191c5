package compliance

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/strictjson"
)

// MaxRequestItems is how many orders, positions or holdings one decoded
// request may hold; more is an error matching holdings.ErrLimit.
const MaxRequestItems = 10000

// The JSON contract. Keys are matched exactly: case-sensitive, without
// Unicode folding, at most once, and no unknown key is accepted, so that a
// request means one thing to every system that reads it (encoding/json
// alone would let "US_PERSON", "uſ_perſon" or a second "us_person" change
// the order screened). Every decoding error is a *holdings.ParseError
// whose Field is the path of the field ("orders[2].quantity") and whose
// cause matches holdings.ErrInput; its text never repeats a value from
// the request.

// OrderRequest is the body of a pre-trade check: {"orders": [...],
// "positions": [...]}. An order is {"account", "isin", "cusip", "sedol",
// "figi", "ticker", "name", "side", "quantity" (a decimal in a JSON
// string), "trade_date" (YYYY-MM-DD), "us_person" (a boolean; default
// true), "regimes" (a string: us, eu, uk, |-separated, e.g. "eu|uk";
// default the policy's)}; a position is a holding (see PortfolioRequest).
type OrderRequest struct {
	// Orders are the orders, Line being the 1-based index in the request.
	Orders []Order
	// Positions are what the accounts hold before the orders; nil when the
	// request gives none.
	Positions *holdings.Portfolio
}

// PortfolioRequest is the body of a portfolio check: {"as_of":
// "YYYY-MM-DD", "holdings": [...]}. A holding is {"account", "isin",
// "cusip", "sedol", "figi", "ticker", "name", "quantity" (a decimal in a
// JSON string), "market_value", "currency", "acquired" (YYYY-MM-DD), "regimes" (as for
// an order)}.
type PortfolioRequest struct {
	// AsOf is the evaluation date; zero when the request gives none.
	AsOf holdings.Date
	// Portfolio holds the holdings, Line being the 1-based index.
	Portfolio *holdings.Portfolio
}

// DecodeOrderRequest reads an OrderRequest from r, strictly (see the JSON
// contract above). It reads only what r gives: bound r (for example with
// http.MaxBytesReader), whose read errors are returned wrapped. At least
// one order is required.
func DecodeOrderRequest(r io.Reader) (*OrderRequest, error) {
	req := &OrderRequest{}
	err := strictjson.Decode(r, func(key string, raw json.RawMessage) error {
		switch key {
		case "orders":
			return strictjson.Array(raw, MaxRequestItems, holdings.ErrLimit, func(i int, raw json.RawMessage) error {
				var o Order
				if err := o.UnmarshalJSON(raw); err != nil {
					return err
				}
				o.Line = i + 1
				req.Orders = append(req.Orders, o)
				return nil
			})
		case "positions":
			p, err := decodeHoldings(raw, "positions")
			req.Positions = p
			return err
		}
		return strictjson.ErrUnknown
	})
	if err != nil {
		return nil, err
	}
	if len(req.Orders) == 0 {
		return nil, strictjson.At("orders", errors.New("no orders: want one order or more"))
	}
	return req, nil
}

// DecodePortfolioRequest reads a PortfolioRequest from r, strictly (see the
// JSON contract above); r is bounded by the caller as for
// DecodeOrderRequest. An acquired date after as_of is an error.
func DecodePortfolioRequest(r io.Reader) (*PortfolioRequest, error) {
	req := &PortfolioRequest{Portfolio: &holdings.Portfolio{Source: "request"}}
	err := strictjson.Decode(r, func(key string, raw json.RawMessage) error {
		switch key {
		case "as_of":
			d, err := jsonDate(raw)
			if err == nil {
				err = holdings.CheckDateWindow(d, holdings.TodayNY())
			}
			req.AsOf = d
			return err
		case "holdings":
			p, err := decodeHoldings(raw, "request")
			if p != nil {
				req.Portfolio = p
			}
			return err
		}
		return strictjson.ErrUnknown
	})
	if err != nil {
		return nil, err
	}
	return req, nil
}

// Date returns the evaluation date of the request: AsOf, or today when the
// request gives none. A holding acquired after it is an error naming the
// holding ("holdings[3].acquired"): a book cannot hold, on a date, a lot
// bought later.
func (r *PortfolioRequest) Date(today holdings.Date) (holdings.Date, error) {
	d := r.AsOf
	if d.IsZero() {
		d = today
	}
	for i, h := range r.Portfolio.Holdings {
		if !h.Acquired.IsZero() && h.Acquired.After(d) {
			return d, strictjson.At(fmt.Sprintf("holdings[%d].acquired", i), fmt.Errorf("%w: after the evaluation date %s", holdings.ErrDate, d))
		}
	}
	return d, nil
}

func decodeHoldings(raw json.RawMessage, source string) (*holdings.Portfolio, error) {
	p := &holdings.Portfolio{Source: source}
	err := strictjson.Array(raw, MaxRequestItems, holdings.ErrLimit, func(i int, raw json.RawMessage) error {
		h, err := decodeHolding(raw)
		if err != nil {
			return err
		}
		h.Line = i + 1
		p.Holdings = append(p.Holdings, h)
		return nil
	})
	return p, err
}

func decodeHolding(data []byte) (holdings.Holding, error) {
	var h holdings.Holding
	quantity := false
	err := strictjson.Object(data, func(key string, raw json.RawMessage) error {
		if refKey(&h.Ref, key) {
			return setString(raw, refField(&h.Ref, key))
		}
		var err error
		switch key {
		case "account":
			return setString(raw, &h.Account)
		case "currency":
			return setString(raw, &h.Currency)
		case "quantity":
			quantity = true
			h.Quantity, err = jsonQuantity(raw)
		case "market_value":
			var v decimal.Decimal
			if v, err = jsonQuantity(raw); err == nil {
				h.MarketValue = decimal.NullDecimal{Decimal: v, Valid: true}
			}
		case "acquired":
			h.Acquired, err = jsonDate(raw)
		case "regimes":
			h.Regimes, err = jsonRegimes(raw)
		default:
			return strictjson.ErrUnknown
		}
		return err
	})
	if err != nil {
		return h, err
	}
	if err := h.Ref.Validate(); err != nil {
		return h, strictjson.At("", err)
	}
	if !quantity {
		return h, strictjson.At("quantity", errors.New("missing: want a decimal number in a JSON string"))
	}
	return h, nil
}

// UnmarshalJSON decodes an order strictly, as the JSON contract above
// says; Line is left as it was. Errors are *holdings.ParseError values
// naming the field.
func (o *Order) UnmarshalJSON(data []byte) error {
	n := Order{Line: o.Line}
	var side, quantity, date bool
	err := strictjson.Object(data, func(key string, raw json.RawMessage) error {
		if refKey(&n.Ref, key) {
			return setString(raw, refField(&n.Ref, key))
		}
		var err error
		switch key {
		case "account":
			return setString(raw, &n.Account)
		case "side":
			side = true
			var s string
			if err = setString(raw, &s); err == nil {
				if n.Side, err = ParseSide(s); err != nil {
					return errors.New("unknown side: want buy, sell, sell short or buy to cover")
				}
			}
		case "quantity":
			quantity = true
			if n.Quantity, err = jsonQuantity(raw); err == nil && !n.Quantity.IsPositive() {
				err = errors.New("not a positive decimal number")
			}
		case "trade_date":
			date = true
			if n.TradeDate, err = jsonDate(raw); err == nil {
				err = holdings.CheckDateWindow(n.TradeDate, holdings.TodayNY())
			}
		case "us_person":
			var us bool
			us, err = strictjson.Bool(raw)
			n.NonUSPerson = !us
		case "regimes":
			n.Regimes, err = jsonRegimes(raw)
		default:
			return strictjson.ErrUnknown
		}
		return err
	})
	if err != nil {
		return err
	}
	if err := n.Ref.Validate(); err != nil {
		return strictjson.At("", err)
	}
	for _, f := range []struct {
		name string
		ok   bool
	}{{"side", side}, {"quantity", quantity}, {"trade_date", date}} {
		if !f.ok {
			return strictjson.At(f.name, errors.New("missing"))
		}
	}
	*o = n
	return nil
}

// MarshalJSON encodes an order in the form UnmarshalJSON reads (empty
// fields left out; quantity as a string; us_person only when false).
func (o Order) MarshalJSON() ([]byte, error) {
	type wire struct {
		Account   string         `json:"account,omitempty"`
		ISIN      string         `json:"isin,omitempty"`
		CUSIP     string         `json:"cusip,omitempty"`
		SEDOL     string         `json:"sedol,omitempty"`
		FIGI      string         `json:"figi,omitempty"`
		Ticker    string         `json:"ticker,omitempty"`
		Name      string         `json:"name,omitempty"`
		Side      Side           `json:"side"`
		Quantity  string         `json:"quantity"`
		TradeDate *holdings.Date `json:"trade_date,omitempty"`
		USPerson  *bool          `json:"us_person,omitempty"`
		Regimes   string         `json:"regimes,omitempty"`
	}
	w := wire{Account: o.Account, ISIN: o.ISIN, CUSIP: o.CUSIP, SEDOL: o.SEDOL, FIGI: o.FIGI, Ticker: o.Ticker, Name: o.Name,
		Side: o.Side, Quantity: o.Quantity.String()}
	if !o.TradeDate.IsZero() {
		d := o.TradeDate
		w.TradeDate = &d
	}
	if o.NonUSPerson {
		f := false
		w.USPerson = &f
	}
	w.Regimes = joinRegimes(o.Regimes)
	return json.Marshal(w)
}

func refKey(r *holdings.Ref, key string) bool { return refField(r, key) != nil }

func refField(r *holdings.Ref, key string) *string {
	switch key {
	case "isin":
		return &r.ISIN
	case "cusip":
		return &r.CUSIP
	case "sedol":
		return &r.SEDOL
	case "figi":
		return &r.FIGI
	case "ticker":
		return &r.Ticker
	case "name":
		return &r.Name
	}
	return nil
}

func setString(raw json.RawMessage, dst *string) error {
	s, err := strictjson.String(raw)
	if err != nil {
		return err
	}
	*dst = s
	return nil
}

func jsonQuantity(raw json.RawMessage) (decimal.Decimal, error) {
	s, err := strictjson.String(raw)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%w (a decimal number in a JSON string, e.g. \"25.5\")", err)
	}
	return holdings.ParseQuantity(s)
}

func jsonDate(raw json.RawMessage) (holdings.Date, error) {
	s, err := strictjson.String(raw)
	if err != nil {
		return holdings.Date{}, fmt.Errorf("%w (a date YYYY-MM-DD in a JSON string)", err)
	}
	d, err := holdings.ParseDate(s)
	if err != nil {
		return d, fmt.Errorf("%w: not a calendar date in YYYY-MM-DD form", holdings.ErrDate)
	}
	return d, nil
}

func jsonRegimes(raw json.RawMessage) ([]Regime, error) {
	s, err := strictjson.String(raw)
	if err != nil {
		return nil, fmt.Errorf("%w (regimes in a JSON string, e.g. \"eu|uk\")", err)
	}
	return holdings.ParseRegimes(s)
}
