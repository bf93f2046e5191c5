package lists_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/investscreen/investscreen/lists"
)

// TestFailClosedCorpus loads every file of testdata/failclosed through
// Load, the way the CLI and the service load lists, and asserts its
// outcome: an error (with its sentinel and line) or, for the cases a
// list may hold, what the List says so that a checker or report can act
// on it. Every file of the corpus must have a case.
func TestFailClosedCorpus(t *testing.T) {
	const dir = "testdata/failclosed"
	tests := []struct {
		name, spec, reason string
		want               error // nil: loads
		line               int   // -1: not checked
		check              func(t *testing.T, l *lists.List)
	}{
		{"0-byte OFAC primary", "empty-ofac/cons_prim.csv", "issue 12: a 0-byte OFAC CSV set loaded as a list of 0 entries", lists.ErrEmpty, 0, nil},
		{"0-byte CSL", "csl:empty.csv", "a 0-byte download", lists.ErrEmpty, 0, nil},
		{"0-byte DoD", "dod-1260h:empty.csv", "a 0-byte download", lists.ErrEmpty, 0, nil},
		{"0-byte in-house", "inhouse:empty.csv", "not even a header: not a list", lists.ErrEmpty, 0, nil},
		{"0-byte simple XML", "ofac-xml:empty.csv", "no document at all", lists.ErrFormat, -1, nil},
		{"header-only CSL", "csl-header-only.csv", "issue 12: a header-only CSL loaded as valid", lists.ErrEmpty, 0, nil},
		{"header-only DoD", "dod-header-only.csv", "issue 12: a header-only DoD file loaded as valid", lists.ErrEmpty, 0, nil},
		{"0-entry simple XML", "sdn-empty.xml", "issue 12: a simple XML with no entries loaded as valid", lists.ErrEmpty, 0, nil},
		{"Record_Count higher than the entries", "sdn-count-mismatch.xml", "the file says it holds 2", lists.ErrTruncated, 5, nil},
		{"no Record_Count", "sdn-no-count.xml", "the file cannot prove it is whole", lists.ErrTruncated, 0, nil},
		{"cons_prim cut at a line boundary", "cut-prim/cons_prim.csv", "issue 12: 300 of 442 entries loaded silently", lists.ErrTruncated, 0, nil},
		{"a record after the end marker", "after-marker/cons_prim.csv", "what follows OFAC's 0x1A is not OFAC's", lists.ErrFormat, 4, nil},
		{"conflicting Effective Dates", "conflicting-dates/cons_prim.csv", "issue 12: a duplicated Effective Date (CMIC) let the later date win", lists.ErrConflict, 1, nil},
		{"byte order mark inside a field", "bom-in-field.csv", "issue 12: an invisible character is not part of a value", lists.ErrInvisible, 2, nil},
		{"byte order mark before a list code", "bom-list-code.csv", "issue 12: a code starting with a stray BOM was loaded and counted", lists.ErrInvisible, 2, nil},
		{"zero-width space in a name", "zero-width-name.csv", "a name that looks like SENSETIME but is not", lists.ErrInvisible, 2, nil},
		{"unterminated quote", "unterminated-quote.csv", "issue 12: reported at the line where the record starts", lists.ErrFormat, 2, nil},
		{"the same row twice", "same-row-twice.csv", "two rows no id can tell apart", lists.ErrFormat, 3, nil},
		{"UTF-16 file", "utf16.csv", "not UTF-8", lists.ErrFormat, -1, nil},
		{"truncated CSL", "../csl/truncated.csv", "cut inside its last record", lists.ErrFormat, 13, nil},
		{"header-only in-house list", "inhouse-header-only.csv", "an in-house list may be empty, and says so", nil, 0, func(t *testing.T, l *lists.List) {
			if len(l.Entries) != 0 || len(l.Release.Warnings) != 1 || l.Release.Warnings[0] != lists.EmptyInHouseWarning {
				t.Errorf("%d entries, warnings %q; want none and EmptyInHouseWarning", len(l.Entries), l.Release.Warnings)
			}
		}},
		{"list code restrictd", "restrictd.csv", "loads with the code as written (not read as restricted nor dropped): refusing codes no rule reads is the checker's", nil, 0, func(t *testing.T, l *lists.List) {
			if len(l.Entries) != 1 || l.Entries[0].List != lists.Code("restrictd") || l.Entries[0].List == lists.Restricted {
				t.Errorf("entries %+v, want one on list restrictd", l.Entries)
			}
		}},
	}
	covered := map[string]bool{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spec, path := tc.spec, tc.spec
			if i := strings.IndexByte(spec, ':'); i > 0 {
				path = spec[i+1:]
				spec = spec[:i+1] + filepath.Join(dir, path)
			} else {
				spec = filepath.Join(dir, spec)
			}
			covered[filepath.Clean(filepath.Join(dir, path))] = true
			l, err := lists.Load(spec)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("err = %v, want it to load (%s)", err, tc.reason)
				}
				tc.check(t, l)
				return
			}
			if l != nil {
				t.Errorf("got a list of %d entries with the error", len(l.Entries))
			}
			t.Log(err)
			var pe *lists.ParseError
			if !errors.Is(err, tc.want) || !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError matching %v (%s)", err, tc.want, tc.reason)
			}
			if tc.line >= 0 && pe.Line != tc.line {
				t.Errorf("line %d, want %d (%v)", pe.Line, tc.line, err)
			}
			if pe.File == "" {
				t.Errorf("error names no file: %v", err)
			}
		})
	}
	var missing []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && d.Name() != "README.md" && !covered[filepath.Clean(p)] {
			missing = append(missing, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("files of the corpus without a case: %q", missing)
	}
}
