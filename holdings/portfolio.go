package holdings

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/shopspring/decimal"
)

// Holding is one position of a portfolio, as given. Identifiers are kept
// as written; the checker parses and validates them, so a holding with a
// bad identifier is reported, not lost.
type Holding struct {
	// Line is the 1-based line of the row in its file (the header is line
	// 1); 0 for a holding not read from a file.
	Line int
	// Account is the account holding the position.
	Account string
	// Ref names the security: identifiers as written, and a name.
	Ref
	// Quantity is the number of units held (negative for a short).
	Quantity decimal.Decimal
	// MarketValue is the position's value in Currency; Valid is false
	// when not given.
	MarketValue decimal.NullDecimal
	// Currency is the ISO 4217 code of MarketValue.
	Currency string
	// Acquired is the acquisition (trade) date of the lot; zero if not
	// given.
	Acquired Date
	// Regimes are the regimes that bind the account for this row (the
	// optional "regimes" column, "eu|uk"); nil: the policy's default.
	Regimes []Regime
}

// Given is an identifier as written in an input file, with the kind its
// column says it is.
type Given struct {
	Kind Kind
	Text string
}

// Portfolio is a list of holdings. It is plain data: safe for concurrent
// reads, not for concurrent modification.
type Portfolio struct {
	// Source names where the holdings came from (a file name).
	Source string
	// Holdings are the positions in input order.
	Holdings []Holding
}

// LoadPortfolio reads a holdings CSV file; see ReadPortfolio.
func LoadPortfolio(path string) (*Portfolio, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadPortfolio(f, path)
}

// ReadPortfolio reads holdings in CSV from r; file names r in errors. The
// first row is a header; column names are case-insensitive, in any order,
// and unknown columns are ignored: account, isin, cusip, sedol, figi,
// ticker, name, quantity (required), market_value, currency, acquired
// (YYYY-MM-DD). Each row needs at least one of isin, cusip, sedol, figi,
// ticker or name. Every bad row is reported (up to 50) as a *ParseError
// naming file, line and column, joined with errors.Join; on any error no
// Portfolio is returned.
func ReadPortfolio(r io.Reader, file string) (*Portfolio, error) {
	return Limits{}.ReadPortfolio(r, file)
}

// ReadPortfolio is the package-level ReadPortfolio under l. It reads
// through a HoldingReader: account and currency strings are interned,
// and rows with equal regimes share one Regimes slice.
func (l Limits) ReadPortfolio(r io.Reader, file string) (*Portfolio, error) {
	hr, err := l.NewHoldingReader(r, file)
	if err != nil {
		return nil, err
	}
	defer hr.ReadAhead()() // the bytes checked on another core
	// Holdings are gathered in chunks and copied once into a slice of
	// the exact length: growing one slice by append would allocate
	// about five times the book (append grows a large slice by a
	// quarter at a time).
	var chunks [][]Holding
	chunk := make([]Holding, 0, 1024)
	n := 0
	var h Holding
	for hr.Next(&h) == nil {
		if len(chunk) == cap(chunk) {
			chunks = append(chunks, chunk)
			chunk = make([]Holding, 0, min(2*cap(chunk), 1<<16))
		}
		chunk = append(chunk, h)
		n++
	}
	if err := hr.Err(); err != nil {
		return nil, err
	}
	p := &Portfolio{Source: file}
	if n > 0 {
		p.Holdings = make([]Holding, 0, n)
		for _, c := range append(chunks, chunk) {
			p.Holdings = append(p.Holdings, c...)
		}
	}
	return p, nil
}

// CheckAcquired returns an error naming the line of every holding (up to
// 50) whose lot was acquired after asOf: a book cannot hold, on a date, a
// lot bought later, and the purchase rules would silently skip it. The
// errors are *ParseError values matching ErrDate, joined.
func (p *Portfolio) CheckAcquired(asOf Date) error {
	var errs []error
	for i := range p.Holdings {
		h := &p.Holdings[i]
		if !h.Acquired.IsZero() && h.Acquired.After(asOf) {
			errs = append(errs, &ParseError{File: p.Source, Line: h.Line, Field: "acquired",
				Err: fmt.Errorf("%w: %w: after the evaluation date %s", ErrInput, ErrDate, asOf)})
			if len(errs) == maxErrors {
				break
			}
		}
	}
	return errors.Join(errs...)
}
