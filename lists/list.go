package lists

import "github.com/investscreen/investscreen/holdings"

// List is one loaded release of a list file set: its entries and where
// they came from. A List returned by this package is complete and must be
// treated as read-only; it is then safe for concurrent use.
type List struct {
	// Release says where the entries came from.
	Release Release
	// Entries are the entries in file order.
	Entries []*Entry
}

// Release describes one loaded release of a list: enough to say which
// data a finding came from and to reproduce it.
type Release struct {
	// Name is the list's name, e.g. "OFAC Consolidated (non-SDN) List".
	Name string
	// Format is the file format read (FormatOFACCSV, ...).
	Format string
	// Source is the path it was loaded from, or "embedded:" and the
	// snapshot's name for the embedded default.
	Source string
	// Date is the release date the file states or, where the format
	// carries none (OFAC's legacy CSV), the date of the snapshot if
	// known; zero if unknown.
	Date holdings.Date
	// SHA256 is the hex SHA-256 of the bytes of all files read, in
	// reading order (for OFAC CSV: primary, aliases, addresses, comments).
	SHA256 string
	// Files are the files read, in reading order.
	Files []File
	// IDScheme says where the entries' ids come from (see IDScheme):
	// IDPublisher for the official lists, IDColumn or IDContent for
	// in-house lists, IDContent for the DoD list. Empty for a List built
	// by hand, whose ids are then taken as given.
	IDScheme IDScheme
	// Warnings are what a report must show about the release although it
	// loaded: an in-house list with no entries, a file of an OFAC set
	// without its end marker, characters read with a publisher's quirk.
	// Empty when there is nothing to say.
	Warnings []string
}

// File is one file of a release.
type File struct {
	// Name is the file's base name.
	Name string
	// Size is its length in bytes.
	Size int64
	// SHA256 is the hex SHA-256 of its bytes.
	SHA256 string
}
