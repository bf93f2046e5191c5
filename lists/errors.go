package lists

import (
	"errors"

	"github.com/investscreen/investscreen/holdings"
)

// ErrFormat is matched (errors.Is) by every error about the content of a
// list file: a wrong column count, a bad date, a missing file of a set.
var ErrFormat = errors.New("malformed list file")

// ParseError is an error in a list file, with its place: the module's one
// error shape (see holdings.ParseError). Field names the column or remark
// field, e.g. "remarks: Listing Date (CMIC)", or the XML element path.
type ParseError = holdings.ParseError

// ErrConflict is matched (errors.Is) by the error for an entry that gives
// one of its dates twice with different values (two "Effective Date
// (CMIC)" remarks): which one the publisher meant cannot be told, so the
// file is refused rather than one of them silently winning.
var ErrConflict = errors.New("conflicting values")

// ErrEmpty is matched (errors.Is) by the error for an official list
// release that holds no entries: a 0-byte or header-only file, a simple
// XML with no sdnEntry. Such a file is a failed download or a truncation,
// never a list that allows everything. The error is a *ParseError naming
// the file. (An in-house list may be empty: it loads, and says so in
// Release.Warnings.)
var ErrEmpty = errors.New("list release has no entries")

// ErrTruncated is matched (errors.Is) by the error for a list file that
// does not prove it is whole: an OFAC legacy CSV file without its 0x1A
// end-of-file byte, an OFAC XML whose Record_Count differs from the
// entries read.
var ErrTruncated = errors.New("list file is not whole")
