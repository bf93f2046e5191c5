package holdings

import (
	"github.com/investscreen/investscreen/internal/table"
)

// ErrLimit is matched when an input file breaks its Limits.
var ErrLimit = table.ErrLimit

// Limits bound what the CSV readers accept, so that a hostile or broken
// file cannot exhaust memory: a longer line, a larger file or more rows is
// an error naming the line. A zero field takes its default; the zero
// Limits are the defaults (DefaultMaxFileBytes, DefaultMaxLineBytes,
// DefaultMaxRows). The package-level readers (ReadPortfolio, ...) use
// them.
type Limits struct {
	MaxFileBytes int64
	MaxLineBytes int
	MaxRows      int
}

// The default Limits.
const (
	DefaultMaxFileBytes = table.DefaultMaxFileBytes // 4 GiB
	DefaultMaxLineBytes = table.DefaultMaxLineBytes // 1 MiB
	DefaultMaxRows      = table.DefaultMaxRows      // 50,000,000
)

func (l Limits) table() table.Limits {
	return table.Limits{MaxFileBytes: l.MaxFileBytes, MaxLineBytes: l.MaxLineBytes, MaxRows: l.MaxRows}.WithDefaults()
}
