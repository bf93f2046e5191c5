package compliance

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/table"
)

// Side is the side of an order.
type Side string

// Order sides.
const (
	Buy        Side = "buy"
	Sell       Side = "sell"
	SellShort  Side = "sell short"
	BuyToCover Side = "buy to cover"
)

// ParseSide reads a side as order files write it: "buy", "sell", "sell
// short" (also "short", "sell_short", "SS"), "buy to cover" (also
// "cover", "buy_to_cover", "BC"); case-insensitive.
func ParseSide(s string) (Side, error) {
	switch strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ' ' || r == '_' || r == '-' }), " ") {
	case "buy", "b":
		return Buy, nil
	case "sell", "s":
		return Sell, nil
	case "sell short", "short", "ss", "short sell":
		return SellShort, nil
	case "buy to cover", "cover", "bc":
		return BuyToCover, nil
	}
	return "", fmt.Errorf("unknown side %q (want buy, sell, sell short or buy to cover)", s)
}

// Decision is the outcome of a pre-trade check.
type Decision string

// Decisions, from the most permissive.
const (
	Allow Decision = "allow"
	Warn  Decision = "warn"
	Block Decision = "block"
)

func (d Decision) rank() int {
	switch d {
	case Block:
		return 2
	case Warn:
		return 1
	}
	return 0
}

// Order is an order to check before it is sent. Its zero value is a
// strict one: NonUSPerson false means the account is a US person.
type Order struct {
	// Line is the order's line in its file (0 if not read from one).
	Line int
	// Account is the account the order is for.
	Account string
	// Ref names the security: any one identifier or a name will do.
	holdings.Ref
	// Side is buy, sell, sell short or buy to cover.
	Side Side
	// Quantity is the number of units (positive).
	Quantity decimal.Decimal
	// TradeDate is the trade date the rules are judged on.
	TradeDate holdings.Date
	// NonUSPerson marks an order for a non-US person trading for non-US
	// beneficiaries: the NS-CMIC rules do not apply.
	NonUSPerson bool
	// Regimes are the regimes that bind the account for this order (the
	// optional "regimes" column or key, "eu|uk"); nil: the policy's
	// default. NonUSPerson removes RegimeUS.
	Regimes []Regime
}

// OrderResult is the decision on one order, with every finding.
type OrderResult struct {
	Line     int      `json:"line"`
	Decision Decision `json:"decision"`
	// Violations are all findings, warnings and violations alike.
	Violations []Finding `json:"violations"`
	// Unresolved is why the order's security could not be resolved; empty
	// when it was.
	Unresolved string `json:"unresolved,omitempty"`
	// Reject is the record for OFAC's reject report, for an order blocked
	// under an NS-CMIC rule (OFAC FAQ 1048).
	Reject *RejectRecord `json:"reject_report,omitempty"`
	// Regimes are the regimes applied to the order (see Policy.Regimes).
	// The slice is shared by every result of the same regimes: read-only.
	Regimes []Regime `json:"regimes,omitempty"`
}

// RejectRecord is what a US financial institution reports to OFAC about
// a rejected NS-CMIC transaction (OFAC FAQ 1048; 31 CFR 501.604): the
// transaction is rejected, not blocked, and reported within 10 business
// days.
type RejectRecord struct {
	Rule      string        `json:"rule"`
	Account   string        `json:"account"`
	Security  string        `json:"security"`
	Side      Side          `json:"side"`
	Quantity  string        `json:"quantity"`
	TradeDate holdings.Date `json:"trade_date"`
	Entity    Entity        `json:"entity"`
	Reason    string        `json:"reason"`
	// ReportDue is 10 business days after the trade date (weekends
	// skipped; public holidays are not known to the library and are not
	// skipped, so the date errs early).
	ReportDue holdings.Date `json:"report_due"`
}

// OrderReport is the decision on a basket of orders: the strictest of
// its orders' decisions.
type OrderReport struct {
	Decision Decision      `json:"decision"`
	Lists    []ListInfo    `json:"lists"`
	Warnings []string      `json:"warnings"`
	Orders   []OrderResult `json:"orders"`
	// Rules describe each rule that produced a finding, user rules included, by id.
	Rules []RuleInfo `json:"rules"`
}

// addBusinessDays returns the date n business days (Monday to Friday)
// after d.
func addBusinessDays(d holdings.Date, n int) holdings.Date {
	for n > 0 {
		d = d.AddDays(1)
		if wd := d.Weekday(); wd != 0 && wd != 6 {
			n--
		}
	}
	return d
}

// LoadOrders reads an orders CSV file; see ReadOrders.
func LoadOrders(path string) ([]Order, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadOrders(f, path)
}

// ReadOrders reads orders in CSV from r (file names r in errors): a
// header row with account, isin, cusip, sedol, figi, ticker, name, side,
// quantity, trade_date (YYYY-MM-DD), us_person (true/false; default true),
// regimes (us, eu, uk, |-separated; default the policy's);
// case-insensitive, any order, unknown columns ignored. side, quantity
// and trade_date are required; quantity must be positive. Every bad row
// is reported as a *holdings.ParseError naming file, line and column; the
// text never carries the quantity or account.
func ReadOrders(r io.Reader, file string) ([]Order, error) {
	t, err := table.New(r, table.Limits{}.WithDefaults(), "side", "quantity", "trade_date")
	if err != nil {
		return nil, inputError(file, err)
	}
	var out []Order
	today := holdings.TodayNY()
	bad := func(line int, field, format string, args ...any) error {
		return &holdings.ParseError{File: file, Line: line, Field: field, Err: fmt.Errorf("%w: "+format, append([]any{holdings.ErrInput}, args...)...)}
	}
	errs := t.Rows(50, func(err error) error { return inputError(file, err) }, func(row table.Row) error {
		o := Order{Line: row.Line, Account: row.Get("account"), Ref: holdings.RefFrom(row.Get)}
		if err := o.Ref.Validate(); err != nil {
			return &holdings.ParseError{File: file, Line: row.Line, Field: holdings.RefField, Err: err}
		}
		side, err := ParseSide(row.Get("side"))
		if err != nil {
			return bad(row.Line, "side", "%v", err)
		}
		o.Side = side
		q, err := holdings.ParseQuantity(row.Get("quantity"))
		if err != nil || !q.IsPositive() {
			return bad(row.Line, "quantity", "not a positive decimal number")
		}
		o.Quantity = q
		d, err := holdings.ParseDate(row.Get("trade_date"))
		if err == nil {
			err = holdings.CheckDateWindow(d, today)
		}
		if err != nil {
			return bad(row.Line, "trade_date", "%w", err)
		}
		o.TradeDate = d
		switch strings.ToLower(row.Get("us_person")) {
		case "", "true", "yes", "y", "1":
		case "false", "no", "n", "0":
			o.NonUSPerson = true
		default:
			return bad(row.Line, "us_person", "%q is not true or false", row.Get("us_person"))
		}
		rs, err := holdings.ParseRegimes(row.Get("regimes"))
		if err != nil {
			return &holdings.ParseError{File: file, Line: row.Line, Field: "regimes", Err: err}
		}
		o.Regimes = rs
		out = append(out, o)
		return nil
	})
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}
