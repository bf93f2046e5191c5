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
}

// New reads the header from r. Every name in required must be a column.
// A UTF-8 byte order mark is skipped.
func New(r io.Reader, required ...string) (*Reader, error) {
	br := bufioReader(r)
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
	t := &Reader{cr: cr, cols: map[string]int{}, width: len(head)}
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
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{Line: pe.Line, Column: fmt.Sprintf("column %d", pe.Column), Err: fmt.Errorf("%w: %v", ErrRecord, pe.Err)}
	}
	return err
}

// bufioReader strips a leading UTF-8 byte order mark.
func bufioReader(r io.Reader) io.Reader {
	var head [3]byte
	n, _ := io.ReadFull(r, head[:])
	b := head[:n]
	if bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		return r
	}
	return io.MultiReader(bytes.NewReader(b), r)
}
