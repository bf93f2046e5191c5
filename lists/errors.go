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
