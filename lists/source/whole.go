package source

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/investscreen/investscreen/lists"
)

// ErrRefused is matched (errors.Is) by every error about a download that
// arrived whole but is not accepted as a release: it does not read as a
// list, it holds no entries, it lost too many of the previous release's
// entries, or its OFAC legacy CSV primary file lacks its end marker. The
// error also matches its cause (lists.ErrFormat, ErrEmpty, ErrShrunk,
// ErrTruncated). A refused download leaves the store as it was.
var ErrRefused = errors.New("download refused")

// ErrEmpty is matched by the refusal of a download that reads as a list
// with no entries: it is lists.ErrEmpty.
var ErrEmpty = lists.ErrEmpty

// ErrShrunk is matched by the refusal of a download that lost more than
// the allowed share of the previous release's entries (see
// Fetcher.MaxLoss): it is lists.ErrShrunk.
var ErrShrunk = lists.ErrShrunk

// ErrTruncated is matched by the refusal of an OFAC legacy CSV primary
// file that does not end with OFAC's 0x1A end marker: a file cut short,
// even at a line boundary.
var ErrTruncated = errors.New("file is cut short")

// DefaultMaxLoss is the share of the previous release's entries a new
// release may lose when Fetcher.MaxLoss is zero: 5%. The real OFAC
// consolidated releases of 2025-03 and 2025-12 differ by one entry lost
// of 443 (0.23%) over nine months, while a primary file cut at a line
// boundary (300 of 442 entries) loses 32%.
const DefaultMaxLoss = lists.DefaultMaxLoss

// checkWhole is the whole-list check of a new release against the
// previous one (nil for a first release): next must hold entries, and
// must not lose more than maxLoss of prev's entries (lists.CheckShrink:
// matched by list code and id, refused on strictly more).
func checkWhole(prev, next *lists.List, maxLoss float64) error {
	if next == nil || len(next.Entries) == 0 {
		return ErrEmpty
	}
	return lists.CheckShrink(prev, next, maxLoss)
}

// ofacPrimary are the primary files of OFAC's legacy CSV sets.
var ofacPrimary = map[string]bool{"cons_prim.csv": true, "sdn.csv": true}

// checkEndMarker checks that the OFAC legacy CSV primary file of a
// release in dir ends with OFAC's 0x1A byte (white space may follow).
// Other files are not checked: the real 2021-07 sdn_comments.csv has no
// marker.
func checkEndMarker(src Source, dir string) error {
	if src.Format != lists.FormatOFACCSV {
		return nil
	}
	for _, f := range src.Files {
		if !ofacPrimary[f.Name] {
			continue
		}
		fh, err := os.Open(filepath.Join(dir, f.Name))
		if err != nil {
			return err
		}
		st, err := fh.Stat()
		if err != nil {
			fh.Close()
			return err
		}
		tail := make([]byte, 16)
		off := st.Size() - int64(len(tail))
		if off < 0 {
			off, tail = 0, tail[:st.Size()]
		}
		_, err = fh.ReadAt(tail, off)
		fh.Close()
		if err != nil {
			return err
		}
		if !bytes.HasSuffix(bytes.TrimRight(tail, " \t\r\n"), []byte{0x1a}) {
			return fmt.Errorf("%s: %w: no 0x1A end marker", f.Name, ErrTruncated)
		}
	}
	return nil
}
