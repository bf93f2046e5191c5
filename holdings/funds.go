package holdings

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/internal/table"
)

// Constituent is one holding of a fund or ETF.
type Constituent struct {
	// ID identifies the constituent security.
	ID ID
	// Weight is its weight in the fund, in percent (0 < Weight <= 100).
	Weight decimal.Decimal
	// Line is its line in the funds file (0 if not read from one).
	Line int
}

// Funds maps funds and ETFs to their constituents. Build it with NewFunds
// or ReadFunds; it is then immutable and safe for concurrent use. A nil
// *Funds holds no funds.
type Funds struct {
	byFund map[ID][]Constituent
}

// ErrWeights is matched when a fund's weights add up to more than 100%.
var ErrWeights = errors.New("weights exceed 100%")

// NewFunds indexes constituents by fund. A fund whose weights add up to
// more than 100 (percent) is an error wrapping ErrWeights. The map is
// copied.
func NewFunds(byFund map[ID][]Constituent) (*Funds, error) {
	f := &Funds{byFund: make(map[ID][]Constituent, len(byFund))}
	hundred := decimal.NewFromInt(100)
	for fund, cs := range byFund {
		sum := decimal.Zero
		for _, c := range cs {
			sum = sum.Add(c.Weight)
		}
		if sum.GreaterThan(hundred) {
			return nil, fmt.Errorf("%w: fund %s: %s%%", ErrWeights, fund, sum)
		}
		f.byFund[fund] = append([]Constituent(nil), cs...)
	}
	return f, nil
}

// Constituents returns the constituents of the fund id names, in input
// order; nil if id is not a fund. The slice is shared: do not modify it.
func (f *Funds) Constituents(id ID) []Constituent {
	if f == nil {
		return nil
	}
	return f.byFund[id]
}

// Len returns the number of funds.
func (f *Funds) Len() int {
	if f == nil {
		return 0
	}
	return len(f.byFund)
}

// LoadFunds reads a funds CSV file; see ReadFunds.
func LoadFunds(path string) (*Funds, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return ReadFunds(file, path)
}

// ReadFunds reads fund constituents in CSV from r (file names r in
// errors): a header row with fund, constituent (any identifier of each:
// ISIN, CUSIP, SEDOL, FIGI, ticker, or kind:value) and weight (percent,
// 0 < weight <= 100). Every bad row is reported as a *ParseError naming
// file, line and column.
func ReadFunds(r io.Reader, file string) (*Funds, error) {
	return Limits{}.ReadFunds(r, file)
}

// ReadFunds is the package-level ReadFunds under l.
func (l Limits) ReadFunds(r io.Reader, file string) (*Funds, error) {
	t, err := table.New(r, l.table(), "fund", "constituent", "weight")
	if err != nil {
		return nil, tableError(file, err)
	}
	byFund := map[ID][]Constituent{}
	hundred := decimal.NewFromInt(100)
	errs := t.Rows(maxErrors, func(err error) error { return tableError(file, err) }, func(row table.Row) error {
		fund, err := ParseAny(row.Get("fund"))
		if err != nil {
			return &ParseError{File: file, Line: row.Line, Field: "fund", Err: err}
		}
		c, err := ParseAny(row.Get("constituent"))
		if err != nil {
			return &ParseError{File: file, Line: row.Line, Field: "constituent", Err: err}
		}
		w, err := ParseQuantity(row.Get("weight"))
		if err != nil || !w.IsPositive() || w.GreaterThan(hundred) {
			return fieldError(file, row.Line, "weight", "want a percentage above 0 and at most 100")
		}
		byFund[fund] = append(byFund[fund], Constituent{ID: c, Weight: w, Line: row.Line})
		return nil
	})
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	f, err := NewFunds(byFund)
	if err != nil {
		return nil, &ParseError{File: file, Field: "weight", Err: fmt.Errorf("%w: %w", ErrInput, err)}
	}
	return f, nil
}

// Stake is one owner's direct share of another company.
type Stake struct {
	// Owner and Owned are issuer names or LEIs, as written.
	Owner, Owned string
	// Percent is the share owned, in percent (0 < Percent <= 100).
	Percent decimal.Decimal
	// Line is its line in the ownership file (0 if not read from one).
	Line int
}

// LoadOwnership reads an ownership CSV file; see ReadOwnership.
func LoadOwnership(path string) ([]Stake, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return ReadOwnership(file, path)
}

// ReadOwnership reads direct ownership stakes in CSV from r (file names r
// in errors): a header row with owner, owned (issuer names or LEIs) and
// percent (0 < percent <= 100). Every bad row is reported as a
// *ParseError naming file, line and column.
func ReadOwnership(r io.Reader, file string) ([]Stake, error) {
	return Limits{}.ReadOwnership(r, file)
}

// ReadOwnership is the package-level ReadOwnership under l.
func (l Limits) ReadOwnership(r io.Reader, file string) ([]Stake, error) {
	t, err := table.New(r, l.table(), "owner", "owned", "percent")
	if err != nil {
		return nil, tableError(file, err)
	}
	var out []Stake
	hundred := decimal.NewFromInt(100)
	errs := t.Rows(maxErrors, func(err error) error { return tableError(file, err) }, func(row table.Row) error {
		s := Stake{Owner: row.Get("owner"), Owned: row.Get("owned"), Line: row.Line}
		switch {
		case s.Owner == "":
			return fieldError(file, row.Line, "owner", "empty")
		case s.Owned == "":
			return fieldError(file, row.Line, "owned", "empty")
		}
		p, err := ParseQuantity(row.Get("percent"))
		if err != nil || !p.IsPositive() || p.GreaterThan(hundred) {
			return fieldError(file, row.Line, "percent", "want a percentage above 0 and at most 100")
		}
		s.Percent = p
		out = append(out, s)
		return nil
	})
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}
