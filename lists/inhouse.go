package lists

import (
	"fmt"
	"io"
	"strings"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/table"
)

// maxIDBytes bounds one identifier of an in-house list (a ticker with its
// exchange is the longest, far below it).
const maxIDBytes = 40

// FormatInHouse names the in-house list CSV in Release.Format.
const FormatInHouse = "inhouse"

// EmptyInHouseWarning is the Release.Warnings entry of an in-house list
// with no entries.
const EmptyInHouseWarning = "in-house list has no entries: nothing on it is restricted or watched"

// inHouseColumns are the columns of an in-house list.
var inHouseColumns = map[string]bool{
	"list": true, "id": true, "name": true, "isin": true, "cusip": true, "sedol": true, "figi": true,
	"ticker": true, "lei": true, "added": true, "removed": true, "reason": true,
}

// ReadInHouse reads an in-house list (a restricted list, a watch list,
// or any list of the firm's own) from r; file names it in errors and in
// the Release. The file is CSV with a header row whose columns, matched
// case-insensitively and in any order, are: list (required), id, name,
// isin, cusip, sedol, figi, ticker, lei, added, removed (YYYY-MM-DD) and
// reason. A column not among these is an error, so that a misspelt
// column cannot drop identifiers unnoticed. An identifier cell may hold
// several values separated by ";".
//
// Each row is one Entry with Type "entity". Its ID is what matches it
// across releases (Merge, Diff), never its place in the file: the id
// column where the file has one (every row must then fill it;
// Release.IDScheme IDColumn), else the key ContentID derives from the
// row's list code, normalised name and identifiers (IDContent), which
// stays the same however rows are inserted, removed or reordered. Two
// rows with the same list code and id are an error. List is
// the list column in lower case: "restricted" (Restricted: trades are
// blocked) or "watch" (Watch: allowed, with a warning to compliance), or
// a name of the firm's own. ISINs go to ISINs, CUSIPs, SEDOLs and FIGIs
// to Securities, tickers to Tickers and LEIs to IDs (type "Legal Entity
// Number"), all validated with their check digits: this is reference
// data, and a wrong identifier is an error naming its line and column
// (matching holdings.ErrInvalidID, and holdings.ErrCheckDigit for a
// wrong check digit), never a silently missed match. added gives Listed and removed Removed; a removed date before
// the added one is an error. reason is Remarks. A row needs a name or an
// identifier.
//
// An in-house list may be empty (a header and no rows: nothing is
// restricted today); it then loads with no entries and with
// EmptyInHouseWarning in Release.Warnings, for the report to show. A file
// without even a header is an error matching ErrEmpty.
//
// ReadInHouse streams r to its end within the ReadMax bounds; every error
// is a *ParseError matching ErrFormat (or the reader's own error), naming
// the line the record starts on. The List returned is complete
// and read-only, and then safe for concurrent use.
func ReadInHouse(r io.Reader, file string) (*List, error) {
	in, err := openCSV(r, file, table.Options{})
	if err != nil {
		return nil, err
	}
	for _, c := range in.t.Columns() {
		if !inHouseColumns[c] {
			return nil, in.errorf(1, table.SafeName(c), "unknown column %s in the header", excerpt(c))
		}
	}
	if !in.t.Has("list") {
		return nil, in.errorf(1, "list", "no \"list\" column in the header")
	}
	named := false
	for _, c := range []string{"name", "isin", "cusip", "sedol", "figi", "ticker", "lei"} {
		named = named || in.t.Has(c)
	}
	if !named {
		return nil, in.errorf(1, "name", "no name or identifier column in the header")
	}
	idCol := in.t.Has("id")
	l := &List{}
	seen := map[entryKey]int{} // list code and id -> line
	err = in.each(func(row table.Row) error {
		line := row.Line
		e, err := inHouseEntry(in, row)
		if err != nil {
			return err
		}
		if !idCol {
			e.ID = ContentID(e)
		} else if e.ID == "" {
			return in.errorf(line, "id", "empty id: with an id column, every row needs one")
		}
		k := entryKey{list: e.List, id: e.ID}
		if first, dup := seen[k]; dup {
			if idCol {
				return in.errorf(line, "id", "id %s of list %s is also on line %d", excerpt(e.ID), e.List, first)
			}
			return in.errorf(line, "", "same list, name and identifiers as line %d: give the file an id column to tell the rows apart", first)
		}
		seen[k] = line
		l.Entries = append(l.Entries, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	l.Release = in.release("In-house list", FormatInHouse)
	if len(l.Entries) == 0 {
		l.Release.Warnings = append(l.Release.Warnings, EmptyInHouseWarning)
	}
	l.Release.IDScheme = IDContent
	if idCol {
		l.Release.IDScheme = IDColumn
	}
	return l, nil
}

func inHouseEntry(in *csvInput, row table.Row) (*Entry, error) {
	get, line := row.Get, row.Line
	fail := func(c string, err error) *ParseError {
		return &ParseError{File: in.file, Line: line, Field: c, Err: fmt.Errorf("%w: %w", ErrFormat, err)}
	}
	e := &Entry{
		List:    Code(strings.ToLower(get("list"))),
		ID:      get("id"),
		Type:    "entity",
		Name:    get("name"),
		Remarks: get("reason"),
	}
	if e.List == "" {
		return nil, in.errorf(line, "list", "empty list name (restricted, watch or a list of your own)")
	}
	ids := 0
	// An identifier is short: a longer value is refused before it is
	// parsed, so that no error quotes more than an excerpt of it.
	for _, c := range []string{"isin", "cusip", "sedol", "figi", "ticker", "lei"} {
		for _, v := range splitNonEmpty(get(c), ";") {
			if len(v) > maxIDBytes {
				return nil, fail(c, fmt.Errorf("%w: %s value of %d bytes: %s", holdings.ErrInvalidID, c, len(v), excerpt(v)))
			}
		}
	}
	for _, v := range splitNonEmpty(get("isin"), ";") {
		id, err := holdings.ParseISIN(v)
		if err != nil {
			return nil, fail("isin", err)
		}
		if !inStrings(e.ISINs, id.Value) {
			e.ISINs = append(e.ISINs, id.Value)
		}
		ids++
	}
	for _, k := range []holdings.Kind{holdings.CUSIP, holdings.SEDOL, holdings.FIGI} {
		for _, v := range splitNonEmpty(get(k.String()), ";") {
			id, err := holdings.ParseID(k, v)
			if err != nil {
				return nil, fail(k.String(), err)
			}
			e.Securities = append(e.Securities, id)
			ids++
		}
	}
	for _, v := range splitNonEmpty(get("ticker"), ";") {
		id, err := holdings.ParseTicker(v)
		if err != nil {
			return nil, fail("ticker", err)
		}
		e.Tickers = append(e.Tickers, Ticker{Raw: v, ID: id})
		ids++
	}
	for _, v := range splitNonEmpty(get("lei"), ";") {
		lei, err := parseLEI(v)
		if err != nil {
			return nil, fail("lei", err)
		}
		e.IDs = append(e.IDs, Identifier{Type: "Legal Entity Number", Value: lei})
		ids++
	}
	if e.Name == "" && ids == 0 {
		return nil, in.errorf(line, "", "a row needs a name or an identifier")
	}
	for _, d := range []struct {
		col string
		to  *holdings.Date
	}{{"added", &e.Listed}, {"removed", &e.Removed}} {
		if v := get(d.col); v != "" {
			t, err := holdings.ParseDate(v)
			if err != nil {
				return nil, fail(d.col, err)
			}
			*d.to = t
		}
	}
	if !e.Removed.IsZero() && e.Removed.Before(e.Listed) {
		return nil, in.errorf(line, "removed", "removed %s is before added %s", e.Removed, e.Listed)
	}
	return e, nil
}

// parseLEI checks a Legal Entity Identifier (ISO 17442): 20 letters and
// digits, the last two digits, with the whole read as a number (A=10 ..
// Z=35) equal to 1 modulo 97 (ISO 7064 MOD 97-10). It returns the LEI
// upper-cased; errors match holdings.ErrInvalidID (and
// holdings.ErrCheckDigit for wrong check digits).
func parseLEI(s string) (string, error) {
	v := strings.ToUpper(strings.TrimSpace(s))
	if len(v) != 20 {
		return "", fmt.Errorf("%w: lei %s has %d characters, want 20", holdings.ErrInvalidID, excerpt(s), len(v))
	}
	rem := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z' && i < 18:
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return "", fmt.Errorf("%w: lei %q: character %d is not a letter or digit (the last two must be digits)", holdings.ErrInvalidID, v, i+1)
		}
	}
	if rem != 1 {
		return "", fmt.Errorf("%w: %w: lei %q", holdings.ErrInvalidID, holdings.ErrCheckDigit, v)
	}
	return v, nil
}
