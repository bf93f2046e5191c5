package holdings

import (
	"errors"
	"fmt"

	"github.com/investscreen/investscreen/internal/table"
)

// ErrInput is matched (errors.Is) by every error about the content of a
// portfolio or security master file.
var ErrInput = errors.New("bad input")

// ParseError is an error in an input file, with its place: the one error
// shape of every reader of this module (holdings, orders, waivers and, as
// lists.ParseError, every list format). Its message names the file, line,
// column and field but never carries account numbers or quantities, nor
// more of the file than a short excerpt.
type ParseError struct {
	// File is the file's name as given to the reader.
	File string
	// Line is the 1-based line where the record starts (the header is line
	// 1); 0 for the whole file.
	Line int
	// Column is the 1-based byte column within the line, when known; 0
	// otherwise.
	Column int
	// Field is the column name (or, for lists, the remark field or XML
	// element path); empty for the whole record.
	Field string
	// Err is the cause.
	Err error
}

// Error implements error: "file:line[:column]: field: cause".
func (e *ParseError) Error() string {
	s := e.File
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
		if e.Column > 0 {
			s += fmt.Sprintf(":%d", e.Column)
		}
	}
	if e.Field != "" {
		s += ": " + e.Field
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }

// maxErrors bounds how many row errors a reader gathers before it stops.
const maxErrors = 50

// tableError turns an internal table error into a *ParseError for file.
func tableError(file string, err error) error {
	var te *table.Error
	if errors.As(err, &te) {
		return &ParseError{File: file, Line: te.Line, Field: te.Column, Err: fmt.Errorf("%w: %w", ErrInput, te.Err)}
	}
	return &ParseError{File: file, Err: err}
}

func fieldError(file string, line int, field string, format string, args ...any) error {
	return &ParseError{File: file, Line: line, Field: field, Err: fmt.Errorf("%w: "+format, append([]any{ErrInput}, args...)...)}
}
