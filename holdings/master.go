package holdings

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"unsafe"

	"github.com/investscreen/investscreen/internal/table"
)

// Type is the type of a security.
type Type string

// The security types a security master can name.
const (
	Equity      Type = "equity"
	ADR         Type = "adr"
	GDR         Type = "gdr"
	Bond        Type = "bond"
	Option      Type = "option"
	Future      Type = "future"
	Warrant     Type = "warrant"
	ETF         Type = "etf"
	Fund        Type = "fund"
	Swap        Type = "swap"
	Convertible Type = "convertible"
)

// typeNames holds the types, each mapped to itself: the constant for a
// value read.
var typeNames = map[Type]Type{Equity: Equity, ADR: ADR, GDR: GDR, Bond: Bond, Option: Option, Future: Future,
	Warrant: Warrant, ETF: ETF, Fund: Fund, Swap: Swap, Convertible: Convertible}

// issuerNames interns the issuer names of a master as it is read: one string
// per name, apart from the rows it was read in, so that the rows' text
// is not kept and the securities of one issuer share its name (which
// makes comparing their names cheap).
type issuerNames map[string]string

func (n issuerNames) of(s string) string {
	if s == "" {
		return ""
	}
	if v, ok := n[s]; ok {
		return v
	}
	v := strings.Clone(s)
	n[v] = v
	return v
}

// ErrConflict is matched when two securities of a master claim the same
// identifier.
var ErrConflict = errors.New("identifier names two securities")

// Security is one security of a security master: its identifiers, its
// issuer and, for depositary receipts and derivatives, its underlying.
type Security struct {
	// Line is the 1-based line of its row in the master file; 0 if not
	// read from a file.
	Line int
	// IDs are its identifiers, canonical, in the order ISIN, CUSIP,
	// SEDOL, FIGI, Ticker.
	IDs []ID
	// Issuer is the issuer's legal name.
	Issuer string
	// Type is the security type; Equity when not given.
	Type Type
	// Underlying identifies the underlying security of an ADR, GDR or
	// derivative; zero if none.
	Underlying ID
	// IssueDate and Maturity are the security's issue and maturity dates
	// (zero if not given; shares have no maturity). The EU and UK Russia
	// securities rules read them.
	IssueDate, Maturity Date
}

// Master is a security master: securities looked up by any of their
// identifiers. Build it with NewMaster or ReadMaster; it is then
// immutable and safe for concurrent use. A nil *Master is an empty master.
type Master struct {
	secs []*Security // in input order, pointing into one backing array
	// values holds every identifier's value, one after the other: the
	// Values of the securities' IDs are substrings of it.
	values string
	// byKind maps each kind's canonical values to security numbers (the
	// index in secs): one table per kind, keys inline (see idTable).
	byKind [Ticker + 1]*idTable
}

// NewMaster indexes securities by every identifier, and also by the
// CUSIP inside a US or CA ISIN and the SEDOL inside a GB or IE ISIN. An
// identifier that two securities claim is an error wrapping ErrConflict;
// an identifier of no known kind, one matching ErrInvalidID. The slice is
// copied (the identifiers' values into one block of memory).
func NewMaster(secs []Security) (*Master, error) {
	all := make([]Security, len(secs))
	copy(all, secs)
	nids := 0
	for i := range secs {
		nids += len(secs[i].IDs)
	}
	ids := make([]ID, 0, nids) // the caller's IDs slices are not ours to rewrite
	ptrs := make([]*Security, len(all))
	for i := range all {
		lo := len(ids)
		ids = append(ids, all[i].IDs...)
		all[i].IDs = ids[lo:len(ids):len(ids)]
		ptrs[i] = &all[i]
	}
	return newMaster(ptrs)
}

// newMaster indexes secs, which it takes for its own (NewMaster's copy,
// or ReadMaster's rows, which nobody else holds): their IDs' values are
// rewritten to point into the Master's one block of values.
func newMaster(secs []*Security) (*Master, error) {
	m := &Master{secs: secs}
	// Every identifier's value is copied into one block, in input order,
	// so that the securities' values lie together.
	size, nids := 0, 0
	for _, s := range secs {
		for _, id := range s.IDs {
			size += len(id.Value)
			nids++
		}
	}
	var block strings.Builder
	block.Grow(size)
	for _, s := range secs {
		for _, id := range s.IDs {
			block.WriteString(id.Value)
		}
	}
	m.values = block.String()
	offs := make([]uint32, 0, nids)
	perKind := [Ticker + 1]int{}
	// An identifier of no kind is an error where it stands, as a conflict
	// is: the first of either, in the securities' order, is returned.
	first := idError{n: -1}
	at := 0
	for _, s := range secs {
		for j := range s.IDs {
			id := &s.IDs[j]
			if (id.Kind == 0 || int(id.Kind) >= len(perKind)) && first.n < 0 {
				first = idError{len(offs), fmt.Errorf("%w: %s (line %d)", ErrInvalidID, *id, s.Line)}
			}
			id.Value = m.values[at : at+len(id.Value)]
			offs = append(offs, uint32(at))
			at += len(id.Value)
			if int(id.Kind) < len(perKind) {
				perKind[id.Kind]++
			}
		}
		if len(s.IDs) == 0 {
			s.IDs = nil
		}
		if s.Type == "" {
			s.Type = Equity
		}
	}
	// The CUSIPs and SEDOLs inside ISINs, mostly a security's own too,
	// grow the tables as they come.
	for k := range m.byKind {
		if k != 0 {
			m.byKind[k] = newIDTable(perKind[k])
		}
	}
	// The tables are apart: each group of them is filled on a goroutine of
	// its own, in the securities' order, which is all that decides what a
	// conflict names.
	groups := [][]Kind{{ISIN}, {CUSIP, SEDOL}, {FIGI, Ticker}}
	errs := make([]idError, len(groups))
	if nids < parallelFill {
		for g, kinds := range groups {
			errs[g] = m.fill(kinds, offs)
		}
	} else {
		var wg sync.WaitGroup
		for g, kinds := range groups {
			wg.Add(1)
			go func(g int, kinds []Kind) {
				defer wg.Done()
				errs[g] = m.fill(kinds, offs)
			}(g, kinds)
		}
		wg.Wait()
	}
	for _, e := range errs {
		if e.n >= 0 && (first.n < 0 || e.n < first.n) {
			first = e
		}
	}
	if first.n >= 0 {
		return nil, first.err
	}
	return m, nil
}

// parallelFill is the fewest identifiers worth filling the tables of a
// master on goroutines of their own.
const parallelFill = 1 << 14

// idError is the error of the identifier at position n of a master's
// identifiers (in the securities' order); n is -1 for none.
type idError struct {
	n   int
	err error
}

// fill inserts the identifiers of the given kinds into their tables (at
// offs in the block of values), in the securities' order, and then, when
// kinds holds the CUSIPs and SEDOLs, those inside ISINs. It returns the
// first conflict.
func (m *Master) fill(kinds []Kind, offs []uint32) idError {
	var mine [Ticker + 1]bool
	for _, k := range kinds {
		mine[k] = true
	}
	n := 0
	for i, s := range m.secs {
		for _, id := range s.IDs {
			n++
			if int(id.Kind) >= len(mine) || !mine[id.Kind] {
				continue
			}
			if o := m.byKind[id.Kind].insert(id.Value, int32(i), offs[n-1]); o >= 0 && o != i {
				return idError{n - 1, fmt.Errorf("%w: %s (lines %d and %d)", ErrConflict, id, m.secs[o].Line, s.Line)}
			}
		}
	}
	if !mine[CUSIP] {
		return idError{n: -1}
	}
	// The last security to embed an identifier has it, unless a security
	// has it as its own: from the last, each inserted where none is.
	for i := len(m.secs) - 1; i >= 0; i-- {
		ids := m.secs[i].IDs
		for j := len(ids) - 1; j >= 0; j-- {
			n--
			if c, ok := CUSIPFromISIN(ids[j]); ok {
				m.byKind[CUSIP].insert(c.Value, int32(i), offs[n]+2)
			}
			if c, ok := SEDOLFromISIN(ids[j]); ok {
				m.byKind[SEDOL].insert(c.Value, int32(i), offs[n]+4)
			}
		}
	}
	return idError{n: -1}
}

func (m *Master) table(k Kind) *idTable {
	if int(k) < len(m.byKind) {
		return m.byKind[k]
	}
	return nil
}

// Lookup returns the security that id names, or nil.
func (m *Master) Lookup(id ID) *Security {
	if i := m.Index(id); i >= 0 {
		return m.secs[i]
	}
	return nil
}

// Index returns the number of the security that id names, its index in
// Securities() (0 to Len()-1), or -1. Callers keep what they know of each
// security in a slice indexed by it.
func (m *Master) Index(id ID) int {
	if m == nil {
		return -1
	}
	if t := m.table(id.Kind); t != nil {
		return t.get(id.Value)
	}
	return -1
}

// Find parses text as an identifier of kind k (ParseID) and returns it
// with the number of the security it names (see Index), or -1. It does
// not allocate for a ticker the master knows in any accepted notation:
// the ID it returns is then the master's own.
func (m *Master) Find(k Kind, text string) (ID, int, error) {
	if k == Ticker && m != nil {
		var out [maxFastTicker + 8]byte
		if n, t, ok := tickerCanon(text, &out); ok {
			if id, i, ok := m.findTicker(out[:n], t); ok {
				return id, i, nil
			}
		}
	}
	id, err := ParseID(k, text)
	if err != nil {
		return ID{}, -1, err
	}
	return id, m.Index(id), nil
}

// findTicker finds the canonical ticker v, which input gave as in: the
// ID is in, or the master's own value (the master's copy of its bytes).
func (m *Master) findTicker(v []byte, in string) (ID, int, bool) {
	t := m.byKind[Ticker]
	if len(v) == 0 || len(v) > idKeyLen {
		return ID{}, -1, false
	}
	// v is canonical: no zero byte, so it packs as it is.
	if len(v) > shortKeyLen {
		var k [idKeyLen]byte
		copy(k[:], v)
		s := t.findWide(&k)
		if s == nil {
			return ID{}, -1, false
		}
		return ID{Kind: Ticker, Value: m.values[s.off : int(s.off)+len(v)]}, int(s.sec - 1), true
	}
	var k [shortKeyLen]byte
	copy(k[:], v)
	s := t.findShort(&k)
	if s == nil {
		return ID{}, -1, false
	}
	i := int(s.sec - 1)
	if string(v) == in {
		return ID{Kind: Ticker, Value: in}, i, true // canonical already: the input itself
	}
	// The slot holds the canonical value itself: the ID's value is those
	// bytes, which the table, written only while the Master is built,
	// keeps unchanged for as long as the string refers to them.
	return ID{Kind: Ticker, Value: unsafe.String(&s.key[0], len(v))}, i, true
}

// At returns security number i (see Index); it panics unless
// 0 <= i < Len().
func (m *Master) At(i int) *Security { return m.secs[i] }

// Len returns the number of securities.
func (m *Master) Len() int {
	if m == nil {
		return 0
	}
	return len(m.secs)
}

// LoadMaster reads a security master CSV file; see ReadMaster.
func LoadMaster(path string) (*Master, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadMaster(f, path)
}

// ReadMaster reads a security master in CSV from r; file names r in
// errors. Columns (header row; case-insensitive, any order, unknown
// columns ignored): isin, cusip, sedol, figi, ticker (any subset; all name
// one security), issuer (the issuer's legal name), type (equity, adr, gdr,
// bond, option, future, warrant, etf, fund, swap, convertible; default
// equity), underlying (any identifier of the underlying security),
// issue_date and maturity (YYYY-MM-DD, for the EU/UK securities rules). Every
// identifier must be valid: reference data with a wrong check digit is an
// error, not a guess. Errors are *ParseError values joined with
// errors.Join (up to 50).
func ReadMaster(r io.Reader, file string) (*Master, error) {
	return Limits{}.ReadMaster(r, file)
}

// masterChunk is how many rows ReadMaster keeps per chunk.
const masterChunk = 4096

// ReadMaster is the package-level ReadMaster under l.
func (l Limits) ReadMaster(r io.Reader, file string) (*Master, error) {
	// Fields are kept (as substrings of the row's string), the row's
	// slice of them is not: it is reused.
	t, err := table.Open(r, table.Options{Limits: l.table(), ReuseRecord: true})
	if err != nil {
		return nil, tableError(file, err)
	}
	defer t.ReadAhead()()
	if !t.Has("isin") && !t.Has("cusip") && !t.Has("sedol") && !t.Has("figi") && !t.Has("ticker") {
		return nil, &ParseError{File: file, Line: 1, Err: fmt.Errorf("%w: no identifier column (isin, cusip, sedol, figi or ticker)", ErrInput)}
	}
	// Rows are written in place into chunks, their identifiers into
	// blocks of IDs, and the Master points into both: no row is copied or
	// allocated on its own.
	var chunks [][]Security
	var idBlock []ID
	issuers := issuerNames{}
	rows := 0
	issuerCol, typeCol, underlyingCol := t.Index("issuer"), t.Index("type"), t.Index("underlying")
	dateCols := [2]int{t.Index("issue_date"), t.Index("maturity")}
	var idCol [Ticker + 1]int
	for _, k := range []Kind{ISIN, CUSIP, SEDOL, FIGI, Ticker} {
		idCol[k] = t.Index(k.String())
	}
	errs := t.Rows(maxErrors, func(err error) error { return tableError(file, err) }, func(row table.Row) error {
		var errs []error // every bad field of the row
		if len(chunks) == 0 || len(chunks[len(chunks)-1]) == cap(chunks[len(chunks)-1]) {
			chunks = append(chunks, make([]Security, 0, masterChunk))
		}
		chunk := &chunks[len(chunks)-1]
		*chunk = append(*chunk, Security{Line: row.Line, Issuer: issuers.of(row.Field(issuerCol)), Type: Type(strings.ToLower(row.Field(typeCol)))})
		s := &(*chunk)[len(*chunk)-1]
		if cap(idBlock)-len(idBlock) < len(idCol) {
			idBlock = make([]ID, 0, masterChunk*2)
		}
		lo := len(idBlock)
		bad := false
		for _, k := range []Kind{ISIN, CUSIP, SEDOL, FIGI, Ticker} {
			v := row.Field(idCol[k])
			if v == "" {
				continue
			}
			id, err := ParseID(k, v)
			if err != nil {
				errs = append(errs, &ParseError{File: file, Line: row.Line, Field: k.String(), Err: err})
				bad = true
				continue
			}
			idBlock = append(idBlock, id)
		}
		if len(idBlock) > lo {
			s.IDs = idBlock[lo:len(idBlock):len(idBlock)]
		}
		if s.Type == "" {
			s.Type = Equity
		}
		if t, ok := typeNames[s.Type]; ok {
			s.Type = t // the constant, not a part of the row's string
		} else {
			errs = append(errs, fieldError(file, row.Line, "type", "unknown security type %q", s.Type))
			bad = true
		}
		for i, c := range [2]struct {
			col string
			d   *Date
		}{{"issue_date", &s.IssueDate}, {"maturity", &s.Maturity}} {
			if v := row.Field(dateCols[i]); v != "" {
				d, err := ParseDate(v)
				if err != nil {
					errs = append(errs, &ParseError{File: file, Line: row.Line, Field: c.col, Err: fmt.Errorf("%w: %w", ErrInput, err)})
					bad = true
				}
				*c.d = d
			}
		}
		if u := row.Field(underlyingCol); u != "" {
			id, err := ParseAny(u)
			if err != nil {
				errs = append(errs, &ParseError{File: file, Line: row.Line, Field: "underlying", Err: err})
				bad = true
			}
			s.Underlying = ID{Kind: id.Kind, Value: strings.Clone(id.Value)}
		}
		if len(s.IDs) == 0 && !bad {
			errs = append(errs, fieldError(file, row.Line, "isin/cusip/sedol/figi/ticker", "the row has no identifier"))
			bad = true
		}
		if bad { // the row is not kept: its slots are taken by the next
			*chunk = (*chunk)[:len(*chunk)-1]
			idBlock = idBlock[:lo]
		} else {
			rows++
		}
		return errors.Join(errs...)
	})
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	secs := make([]*Security, 0, rows)
	for _, c := range chunks {
		for i := range c {
			secs = append(secs, &c[i])
		}
	}
	m, err := newMaster(secs)
	if err != nil {
		return nil, &ParseError{File: file, Err: err}
	}
	return m, nil
}

// Securities returns the securities in input order. The slice is a copy;
// the Securities are shared and read-only.
func (m *Master) Securities() []*Security {
	if m == nil {
		return nil
	}
	return append([]*Security(nil), m.secs...)
}
