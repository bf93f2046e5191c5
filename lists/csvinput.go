package lists

import (
	"errors"
	"fmt"
	"io"

	"github.com/investscreen/investscreen/internal/table"
)

// ErrLimit is matched (errors.Is) by the error for a list file that
// breaks the readers' bounds (ReadMaxFileBytes and the other ReadMax constants): a longer line or record,
// more fields, a larger file or more rows. It is holdings.ErrLimit.
var ErrLimit = table.ErrLimit

// ErrInvisible is matched (errors.Is) by the error for a list file that
// holds an invisible character: a C0 or C1 control but tab and line ends,
// a Unicode format character (zero-width space or joiner, bidirectional
// control, byte order mark, soft hyphen) or a line or paragraph
// separator. The error names the line and column. No value may differ
// from what a person reading the file sees.
var ErrInvisible = table.ErrInvisible

// The bounds of every CSV list reader: a file that breaks one is a
// *ParseError matching ErrLimit and ErrFormat, raised as soon as the
// reader meets it, with no more than one record buffered.
const (
	// ReadMaxFileBytes bounds a list file (1 GiB: the largest official
	// CSV lists are a few MB).
	ReadMaxFileBytes = 1 << 30
	// ReadMaxLineBytes bounds one line (1 MiB).
	ReadMaxLineBytes = 1 << 20
	// ReadMaxRecordBytes bounds one record (1 MiB), whose quoted fields
	// may spread over several lines.
	ReadMaxRecordBytes = maxRecordBytes
	// ReadMaxFields bounds the fields of a record of a file with a
	// header; a file without one (OFAC's legacy CSV) has exactly its
	// format's columns.
	ReadMaxFields = 256
	// ReadMaxRows bounds the records of one file.
	ReadMaxRows = 10_000_000
)

var listLimits = table.Limits{
	MaxFileBytes:   ReadMaxFileBytes,
	MaxLineBytes:   ReadMaxLineBytes,
	MaxRecordBytes: ReadMaxRecordBytes,
	MaxFields:      ReadMaxFields,
	MaxRows:        ReadMaxRows,
}

// csvInput reads the records of one CSV list file through internal/table:
// hashed as it is read, bounded, invisible characters refused.
type csvInput struct {
	file string
	dig  *fileDigest
	t    *table.Reader
}

// openCSV starts reading r, its header read unless o.Columns names the
// columns. Errors are *ParseErrors matching ErrFormat.
func openCSV(r io.Reader, file string, o table.Options) (*csvInput, error) {
	in := &csvInput{file: file, dig: newFileDigest()}
	o.Limits = listLimits
	o.ReuseRecord = true // every reader is done with a row before the next
	t, err := table.Open(io.TeeReader(r, in.dig), o)
	if errors.Is(err, table.ErrNoData) {
		return nil, &ParseError{File: file, Err: fmt.Errorf("%w: %w: an empty file", ErrFormat, ErrEmpty)}
	}
	if err != nil {
		return nil, in.tableError(err)
	}
	in.t = t
	if o.Columns == nil {
		for i, c := range t.Columns() {
			if c == "" {
				return nil, in.errorf(1, fmt.Sprintf("column %d", i+1), "empty column name in the header")
			}
		}
	}
	return in, nil
}

// next returns the next record, or io.EOF after the last. Errors are
// *ParseErrors matching ErrFormat, naming the line the record starts on.
func (in *csvInput) next() (table.Row, error) {
	row, err := in.t.Next()
	if err == io.EOF {
		return row, io.EOF
	}
	if err != nil {
		return row, in.tableError(err)
	}
	return row, nil
}

// each calls fn for every record, stopping at the first error.
func (in *csvInput) each(fn func(table.Row) error) error {
	for {
		row, err := in.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(row); err != nil {
			return err
		}
	}
}

func (in *csvInput) tableError(err error) error {
	var te *table.Error
	if errors.As(err, &te) {
		return &ParseError{File: in.file, Line: te.Line, Column: te.Col, Field: te.Column, Err: fmt.Errorf("%w: %w", ErrFormat, te.Err)}
	}
	return &ParseError{File: in.file, Err: err}
}

// errorf returns a *ParseError at line and field whose cause matches
// ErrFormat.
func (in *csvInput) errorf(line int, field, format string, args ...any) *ParseError {
	return &ParseError{File: in.file, Line: line, Field: field, Err: fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)}
}

// release returns the Release of the file read, once it has been read to
// its end.
func (in *csvInput) release(name, format string) Release {
	return in.dig.release(name, format, in.file)
}

// excerpt returns s for an error message: short, quoted and escaped (see
// table.Excerpt).
func excerpt(s string) string { return table.Excerpt(s) }
