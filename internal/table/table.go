// Package table reads CSV files that have a header row: column names are
// matched case-insensitively and in any order, unknown columns are
// ignored, and every record knows its line. It is shared by the readers
// of holdings and compliance.
package table

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Error is an error at a place in the file: Line is 1-based (0 for the
// whole file), Column the header name ("" for the whole record).
type Error struct {
	Line   int
	Column string
	Err    error
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s: %v", e.Line, e.Column, e.Err) }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// ErrHeader is the cause when the header is missing or lacks a required
// column.
var ErrHeader = errors.New("bad header")

// ErrRecord is the cause of a malformed record (quotes, column count).
var ErrRecord = errors.New("malformed record")

// ErrEncoding is the cause when a field is not valid UTF-8.
var ErrEncoding = errors.New("not valid UTF-8")

// Reader reads the records of one CSV file with a header.
type Reader struct {
	cr    *csv.Reader
	cols  map[string]int
	width int
	lim   Limits
	rows  int
}

// ErrLimit is the cause when a file breaks one of its Limits.
var ErrLimit = errors.New("limit exceeded")

// Limits bound what a Reader accepts, so that hostile input cannot
// exhaust memory. Zero fields mean no bound (see WithDefaults).
type Limits struct {
	MaxFileBytes int64
	MaxLineBytes int
	MaxRows      int
}

// The default limits.
const (
	DefaultMaxFileBytes = 4 << 30
	DefaultMaxLineBytes = 1 << 20
	DefaultMaxRows      = 50_000_000
)

// WithDefaults returns l with every zero field set to its default.
func (l Limits) WithDefaults() Limits {
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = DefaultMaxFileBytes
	}
	if l.MaxLineBytes <= 0 {
		l.MaxLineBytes = DefaultMaxLineBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultMaxRows
	}
	return l
}

// New reads the header from r. Every name in required must be a column.
// A UTF-8 byte order mark is skipped; UTF-16 text is refused; lines may
// end in CR LF, LF or CR alone.
func New(r io.Reader, lim Limits, required ...string) (*Reader, error) {
	br, err := prepare(r, lim)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{Line: 1, Err: fmt.Errorf("%w: empty file, want a header row", ErrHeader)}
	}
	if err != nil {
		return nil, wrap(err)
	}
	t := &Reader{cr: cr, cols: map[string]int{}, width: len(head), lim: lim}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		if _, dup := t.cols[h]; dup && h != "" {
			return nil, &Error{Line: 1, Column: h, Err: fmt.Errorf("%w: column %q appears twice", ErrHeader, h)}
		}
		t.cols[h] = i
	}
	for _, c := range required {
		if _, ok := t.cols[c]; !ok {
			return nil, &Error{Line: 1, Column: c, Err: fmt.Errorf("%w: no %q column", ErrHeader, c)}
		}
	}
	return t, nil
}

// Has reports whether the header names column c.
func (t *Reader) Has(c string) bool { _, ok := t.cols[c]; return ok }

// Row is one record.
type Row struct {
	// Line is the 1-based line the record starts on.
	Line int
	t    *Reader
	rec  []string
}

// Next returns the next record, or io.EOF after the last. A record with
// a different number of fields than the header, or with a field that is
// not UTF-8, is an *Error. Blank lines are skipped.
func (t *Reader) Next() (Row, error) {
	rec, err := t.cr.Read()
	if err != nil {
		if err == io.EOF {
			return Row{}, io.EOF
		}
		return Row{}, wrap(err)
	}
	line, _ := t.cr.FieldPos(0)
	t.rows++
	if t.lim.MaxRows > 0 && t.rows > t.lim.MaxRows {
		return Row{}, &Error{Line: line, Err: fmt.Errorf("%w: more than %d rows", ErrLimit, t.lim.MaxRows)}
	}
	if len(rec) != t.width {
		return Row{}, &Error{Line: line, Err: fmt.Errorf("%w: %d fields, header has %d", ErrRecord, len(rec), t.width)}
	}
	for i, f := range rec {
		if !utf8.ValidString(f) {
			return Row{}, &Error{Line: line, Column: t.name(i), Err: ErrEncoding}
		}
	}
	return Row{Line: line, t: t, rec: rec}, nil
}

func (t *Reader) name(i int) string {
	for k, v := range t.cols {
		if v == i {
			return k
		}
	}
	return fmt.Sprintf("column %d", i+1)
}

// Get returns the trimmed value of column c, or "" if there is no such
// column.
func (r Row) Get(c string) string {
	i, ok := r.t.cols[c]
	if !ok {
		return ""
	}
	return strings.TrimSpace(r.rec[i])
}

func wrap(err error) error {
	var le *limitError
	if errors.As(err, &le) {
		return &Error{Line: le.line, Err: le.err}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{Line: pe.Line, Column: fmt.Sprintf("column %d", pe.Column), Err: fmt.Errorf("%w: %v", ErrRecord, pe.Err)}
	}
	return err
}

// prepare checks the start of r for a byte order mark (skipping UTF-8's,
// refusing UTF-16) and wraps it to enforce lim and turn lone CRs into
// line ends.
func prepare(r io.Reader, lim Limits) (io.Reader, error) {
	var head [3]byte
	n, err := io.ReadFull(r, head[:])
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	b := head[:n]
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		b = nil
	case bytes.HasPrefix(b, []byte("\xff\xfe")), bytes.HasPrefix(b, []byte("\xfe\xff")):
		return nil, &Error{Line: 1, Err: fmt.Errorf("%w: UTF-16 text: save the file as UTF-8", ErrEncoding)}
	}
	return &guard{r: io.MultiReader(bytes.NewReader(b), r), lim: lim, line: 1}, nil
}

// limitError carries a limit breach through encoding/csv, which returns
// reader errors as they are.
type limitError struct {
	line int
	err  error
}

func (e *limitError) Error() string { return e.err.Error() }

// guard counts bytes and line lengths, and turns a CR not followed by LF
// into LF (so that old Mac files read line by line) and CR LF into LF.
type guard struct {
	r       io.Reader
	lim     Limits
	total   int64
	lineLen int
	line    int
	skipLF  bool // the last byte was a CR, already given out as LF
	err     error
}

func (g *guard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	g.total += int64(n)
	if g.lim.MaxFileBytes > 0 && g.total > g.lim.MaxFileBytes {
		g.err = &limitError{g.line, fmt.Errorf("%w: file larger than %d bytes", ErrLimit, g.lim.MaxFileBytes)}
		return 0, g.err
	}
	out := 0
	for i := 0; i < n; i++ {
		c := p[i]
		if g.skipLF {
			g.skipLF = false
			if c == '\n' {
				continue // the LF of a CR LF
			}
		}
		switch c {
		case '\r':
			c, g.skipLF = '\n', true
			fallthrough
		case '\n':
			g.line++
			g.lineLen = 0
		default:
			g.lineLen++
			if g.lim.MaxLineBytes > 0 && g.lineLen > g.lim.MaxLineBytes {
				g.err = &limitError{g.line, fmt.Errorf("%w: line longer than %d bytes", ErrLimit, g.lim.MaxLineBytes)}
				return 0, g.err
			}
		}
		p[out] = c
		out++
	}
	if out == 0 && n > 0 && err == nil {
		return g.Read(p) // only a dropped LF: read on
	}
	return out, err
}

// Rows calls fn for every record until the end of the file, collecting
// what goes wrong: a malformed record, or the error fn returns for a
// record, is passed through wrap, kept, and reading goes on with the next
// record; an I/O error ends the reading. It stops after max errors.
func (t *Reader) Rows(max int, wrap func(error) error, fn func(Row) error) []error {
	var errs []error
	for len(errs) < max {
		row, err := t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, wrap(err))
			var te *Error
			if !errors.As(err, &te) {
				break // an I/O error: nothing more can be read
			}
			continue
		}
		if err := fn(row); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}
