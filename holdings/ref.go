package holdings

import "errors"

// ErrNoSecurity is matched (errors.Is) when a holding or an order names no
// security: none of isin, cusip, sedol, figi, ticker or name is given.
var ErrNoSecurity = errors.New("names no security: give isin, cusip, sedol, figi, ticker or name")

// Ref names a security as input gives it: identifiers as written (each
// column says which kind it is) and a name. It is shared by holdings and
// orders (embedded in both), so that one validation serves every reader:
// the CSV readers, the JSON decoders and embedders' own values. Identifiers
// are kept as written; the checker parses them, so that a bad one is
// reported as unresolved, never lost.
type Ref struct {
	// ISIN, CUSIP, SEDOL, FIGI and Ticker are the identifiers as written;
	// any of them may be empty.
	ISIN, CUSIP, SEDOL, FIGI, Ticker string
	// Name is the security's or issuer's name as written.
	Name string
}

// Identifiers returns the non-empty identifier fields as (kind, text)
// pairs, in the order ISIN, CUSIP, SEDOL, FIGI, Ticker.
func (r *Ref) Identifiers() []Given {
	var out []Given
	for _, g := range [...]Given{{ISIN, r.ISIN}, {CUSIP, r.CUSIP}, {SEDOL, r.SEDOL}, {FIGI, r.FIGI}, {Ticker, r.Ticker}} {
		if g.Text != "" {
			out = append(out, g)
		}
	}
	return out
}

// Validate reports whether r names a security at all: an error matching
// ErrNoSecurity (and ErrInput) when every field is empty. It does not
// parse the identifiers: a bad check digit is the checker's to report.
func (r *Ref) Validate() error {
	if r.ISIN == "" && r.CUSIP == "" && r.SEDOL == "" && r.FIGI == "" && r.Ticker == "" && r.Name == "" {
		return errNoSecurity
	}
	return nil
}

var errNoSecurity = joinedError{ErrInput, ErrNoSecurity}

// joinedError matches both of its sentinels and says the second.
type joinedError [2]error

func (e joinedError) Error() string   { return e[1].Error() }
func (e joinedError) Unwrap() []error { return e[:] }

// String names r by its first given identifier ("isin US0378331005"), or
// by its name ("name SenseTime Group").
func (r *Ref) String() string {
	for _, g := range r.Identifiers() {
		return g.Kind.String() + " " + g.Text
	}
	return "name " + r.Name
}

// RefFrom returns the Ref whose fields get gives by column name or JSON key
// (isin, cusip, sedol, figi, ticker, name): the one mapping of input
// columns onto a Ref.
func RefFrom(get func(column string) string) Ref {
	return Ref{ISIN: get("isin"), CUSIP: get("cusip"), SEDOL: get("sedol"), FIGI: get("figi"), Ticker: get("ticker"), Name: get("name")}
}

// RefField is the field name errors give for a Ref that names no security.
const RefField = "isin/cusip/sedol/figi/ticker/name"
