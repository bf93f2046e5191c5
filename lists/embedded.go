package lists

import (
	"embed"
	"io/fs"
	"sync"

	"github.com/investscreen/investscreen/holdings"
)

//go:embed snapshot/ofac-consolidated-2025-12/*.csv
var snapshot embed.FS

const (
	embeddedDir  = "snapshot/ofac-consolidated-2025-12"
	embeddedName = "ofac-consolidated-2025-12"
)

// embeddedDate is the day the embedded snapshot was taken. OFAC's legacy
// CSV carries no date of its own.
var embeddedDate = holdings.MustDate("2025-12-19")

var embedded struct {
	once sync.Once
	list *List
	err  error
}

// Embedded returns the list compiled into the library: OFAC's consolidated
// non-SDN list (legacy CSV, snapshot of 2025-12-19, 442 entries, 68 of
// them NS-CMIC), so that screening works offline with no configuration.
// Release.Date is the snapshot date and Release.SHA256 the hash of the
// embedded files. It is read once; every call returns the same List,
// which is shared and read-only. Safe for concurrent use.
func Embedded() (*List, error) {
	embedded.once.Do(func() {
		sub, err := fs.Sub(snapshot, embeddedDir)
		if err != nil {
			embedded.err = err
			return
		}
		l, err := ReadOFAC(sub)
		if err != nil {
			embedded.err = err
			return
		}
		l.Release.Source = "embedded:" + embeddedName
		l.Release.Date = embeddedDate
		embedded.list = l
	})
	return embedded.list, embedded.err
}
