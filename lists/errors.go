package lists

import (
	"errors"
	"fmt"
)

// ErrFormat is matched (errors.Is) by every error about the content of a
// list file: a wrong column count, a bad date, a missing file of a set.
var ErrFormat = errors.New("malformed list file")

// ParseError is an error in a list file, with its place. Its message
// never carries more of the file than the field in question.
type ParseError struct {
	// File is the file's name as given to the reader.
	File string
	// Line is the 1-based line of the record; 0 when the error concerns
	// the whole file.
	Line int
	// Field names the column or remark field, e.g. "remarks: Listing Date
	// (CMIC)"; empty when the error concerns the whole record.
	Field string
	// Err is the cause.
	Err error
}

// Error implements error: "file:line: field: cause".
func (e *ParseError) Error() string {
	s := e.File
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
	}
	if e.Field != "" {
		s += ": " + e.Field
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }
