package holdings

import (
	"errors"
	"io"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/internal/table"
)

// HoldingReader reads the holdings of a CSV book one at a time, in input
// order, holding no more than one row: the streaming form of
// ReadPortfolio, for books too large to hold. The format, the limits and
// the errors are ReadPortfolio's.
//
// A bad row does not stop the reading: Next skips it, keeps its error
// and goes on, so that one pass names every bad row (up to 50, as
// ReadPortfolio does). Next returns io.EOF at the end of the file, after
// the 50th error, or after an error no further row can be trusted past
// (a limit, an invisible character, a read error). After io.EOF, Err
// returns the errors; a non-nil Err means the book was not read in full,
// and whatever was made of the holdings Next returned must not be taken
// for the book's (a screen of it must not pass).
//
// Account and currency strings are interned (one string per distinct
// value, up to a bound), and the regimes of equal "regimes" fields share
// one slice: a Holding's Regimes must not be modified. A HoldingReader is
// not safe for concurrent use.
type HoldingReader struct {
	t    *table.Reader
	file string
	errs []error
	done bool

	account, isin, cusip, sedol, figi, ticker, name, quantity, value, currency, acquired, regimes int

	strs  map[string]string   // interned accounts and currencies
	rsets map[string][]Regime // parsed regimes fields
	last  [2]string           // the last account and currency interned (books come grouped by account)
}

// maxReaderStrings bounds the strings a HoldingReader interns, so that a book
// of all-distinct accounts cannot grow the table without end.
const maxReaderStrings = 1 << 16

// NewHoldingReader reads the header of the holdings CSV in r (file
// names r in errors) under the default Limits; see ReadPortfolio for the
// format.
func NewHoldingReader(r io.Reader, file string) (*HoldingReader, error) {
	return Limits{}.NewHoldingReader(r, file)
}

// NewHoldingReader is the package-level NewHoldingReader under l.
func (l Limits) NewHoldingReader(r io.Reader, file string) (*HoldingReader, error) {
	t, err := table.Open(r, table.Options{Limits: l.table(), Required: []string{"quantity"}, ReuseRecord: true})
	if err != nil {
		return nil, tableError(file, err)
	}
	return &HoldingReader{t: t, file: file,
		account: t.Index("account"), isin: t.Index("isin"), cusip: t.Index("cusip"), sedol: t.Index("sedol"),
		figi: t.Index("figi"), ticker: t.Index("ticker"), name: t.Index("name"), quantity: t.Index("quantity"),
		value: t.Index("market_value"), currency: t.Index("currency"), acquired: t.Index("acquired"), regimes: t.Index("regimes"),
		strs: map[string]string{}, rsets: map[string][]Regime{}}, nil
}

// Next reads the next good holding into *h, skipping bad rows (their
// errors are kept for Err). It returns io.EOF when there is none left to
// read (see HoldingReader).
func (hr *HoldingReader) Next(h *Holding) error {
	for !hr.done {
		if len(hr.errs) >= maxErrors {
			hr.done = true
			break
		}
		row, err := hr.t.Next()
		if err == io.EOF {
			hr.done = true
			break
		}
		if err != nil {
			hr.errs = append(hr.errs, tableError(hr.file, err))
			if table.Fatal(err) {
				hr.done = true // nothing more can be read
			}
			continue
		}
		if err := hr.holding(row, h); err != nil {
			hr.errs = append(hr.errs, err)
			continue
		}
		return nil
	}
	return io.EOF
}

// ReadAhead makes the reader check the file's bytes (encoding, invisible
// characters, limits) on a goroutine of its own, ahead of the rows: see
// the internal table reader. Rows and errors are those read without it.
// stop must be called once the reader is no longer read; call ReadAhead
// before the first Next.
func (hr *HoldingReader) ReadAhead() (stop func()) { return hr.t.ReadAhead() }

// Err returns the errors of the bad rows read so far, joined with
// errors.Join (each a *ParseError naming file, line and field), or nil.
func (hr *HoldingReader) Err() error { return errors.Join(hr.errs...) }

// Errors returns how many bad rows have been read so far.
func (hr *HoldingReader) Errors() int { return len(hr.errs) }

// File returns the file name the reader names in errors.
func (hr *HoldingReader) File() string { return hr.file }

// holding makes *h from row, or returns the row's error.
func (hr *HoldingReader) holding(row table.Row, h *Holding) error {
	*h = Holding{Line: row.Line, Account: hr.intern(0, row.Field(hr.account)),
		Ref: Ref{ISIN: row.Field(hr.isin), CUSIP: row.Field(hr.cusip), SEDOL: row.Field(hr.sedol), FIGI: row.Field(hr.figi),
			Ticker: row.Field(hr.ticker), Name: row.Field(hr.name)},
		Currency: hr.intern(1, row.Field(hr.currency))}
	if err := h.Ref.Validate(); err != nil {
		return &ParseError{File: hr.file, Line: row.Line, Field: RefField, Err: err}
	}
	q, err := ParseQuantity(row.Field(hr.quantity))
	if err != nil {
		return fieldError(hr.file, row.Line, "quantity", "%w", err)
	}
	h.Quantity = q
	if s := row.Field(hr.value); s != "" {
		v, err := ParseQuantity(s)
		if err != nil {
			return fieldError(hr.file, row.Line, "market_value", "%w", err)
		}
		h.MarketValue = decimal.NullDecimal{Decimal: v, Valid: true}
	}
	if s := row.Field(hr.acquired); s != "" {
		d, err := ParseDate(s)
		if err != nil {
			return fieldError(hr.file, row.Line, "acquired", "%w", err)
		}
		h.Acquired = d
	}
	if s := row.Field(hr.regimes); s != "" {
		rs, ok := hr.rsets[s]
		if !ok {
			if rs, err = ParseRegimes(s); err != nil {
				return &ParseError{File: hr.file, Line: row.Line, Field: "regimes", Err: err}
			}
			if len(hr.rsets) < maxReaderStrings {
				hr.rsets[strings.Clone(s)] = rs
			}
		}
		h.Regimes = rs
	}
	return nil
}

// intern returns the one copy of s the reader keeps, so that a value
// repeated on every row is not a string of each row's; past the bound,
// s itself. which says whether s is an account (0) or a currency (1):
// the last of each is kept at hand.
func (hr *HoldingReader) intern(which int, s string) string {
	if s == "" {
		return ""
	}
	if s == hr.last[which] {
		return hr.last[which]
	}
	v, ok := hr.strs[s]
	if !ok {
		if len(hr.strs) >= maxReaderStrings {
			return s
		}
		v = strings.Clone(s)
		hr.strs[v] = v
	}
	hr.last[which] = v
	return v
}
