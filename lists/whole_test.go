package lists_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// cutPrim writes the first n records of the real 2025-12 cons_prim.csv to
// a directory of its own, with the end marker if marker, and returns the
// directory.
func cutPrim(t *testing.T, n int, marker bool) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(realNew, "cons_prim.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\r\n"))
	cut := bytes.Join(lines[:n], nil)
	if marker {
		cut = append(cut, 0x1a)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "cons_prim.csv"), cut, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestCheckShrink: the real releases 2025-03 -> 2025-12 lost 1 of 443
// entries and pass DefaultMaxLoss; a release cut to 300 entries does not.
func TestCheckShrink(t *testing.T) {
	old, cur := loadReal(t)
	cut, err := lists.LoadOFAC(cutPrim(t, 300, true))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, reason string
		prev, next   *lists.List
		maxLoss      float64
		lost, total  int // 0, 0: no error
	}{
		{"real releases, default", "one entry of 443 is 0.23%, under 5%", old, cur, lists.DefaultMaxLoss, 0, 0},
		{"real releases, no loss allowed", "FSE 26182 was dropped", old, cur, 0, 1, 443},
		{"cut release", "300 of 442 kept is a loss of 32%", cur, cut, lists.DefaultMaxLoss, 142, 442},
		{"cut release accepted", "a share of 1 accepts any loss", cur, cut, 1, 0, 0},
		{"growth", "entries added are no loss", cut, cur, 0, 0, 0},
		{"all gone", "a nil next release loses everything", cur, nil, lists.DefaultMaxLoss, 442, 442},
		{"nothing before", "a nil previous release loses nothing", nil, cut, 0, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := lists.CheckShrink(tc.prev, tc.next, tc.maxLoss)
			if tc.total == 0 {
				if err != nil {
					t.Fatalf("err = %v, want none (%s)", err, tc.reason)
				}
				return
			}
			var se *lists.ShrinkError
			if !errors.Is(err, lists.ErrShrunk) || !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *ShrinkError (%s)", err, tc.reason)
			}
			if se.Lost != tc.lost || se.Total != tc.total {
				t.Errorf("lost %d of %d, want %d of %d", se.Lost, se.Total, tc.lost, tc.total)
			}
		})
	}
	for _, bad := range []float64{-0.1, 1.5, math.NaN()} {
		if err := lists.CheckShrink(old, cur, bad); err == nil || errors.Is(err, lists.ErrShrunk) {
			t.Errorf("maxLoss %v: err = %v, want an argument error", bad, err)
		}
	}
}

// TestMergeWithShrink: MergeWith's zero options refuse a cut-off release
// in a history; AcceptShrink or a larger MaxLoss accept it; Merge, as
// before, does not check.
func TestMergeWithShrink(t *testing.T) {
	old, cur := loadReal(t)
	old.Release.Date, cur.Release.Date = holdings.MustDate("2025-03-01"), holdings.MustDate("2025-12-19")
	cut, err := lists.LoadOFACRelease(cutPrim(t, 300, true), holdings.MustDate("2026-01-05"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lists.MergeWith(lists.MergeOptions{}, old, cur); err != nil {
		t.Errorf("real releases: %v", err)
	}
	for name, merge := range map[string]func() error{
		"MergeWith":     func() error { _, err := lists.MergeWith(lists.MergeOptions{}, cut, old, cur); return err },
		"HistoriesWith": func() error { _, err := lists.HistoriesWith(lists.MergeOptions{}, old, cur, cut); return err },
		"MaxLoss 10%":   func() error { _, err := lists.MergeWith(lists.MergeOptions{MaxLoss: 0.1}, old, cur, cut); return err },
	} {
		err := merge()
		if !errors.Is(err, lists.ErrShrunk) || !errors.Is(err, lists.ErrMerge) {
			t.Errorf("%s with a cut-off release: err = %v, want ErrShrunk and ErrMerge", name, err)
		}
	}
	for name, merge := range map[string]func() error{
		"AcceptShrink": func() error {
			_, err := lists.MergeWith(lists.MergeOptions{AcceptShrink: true}, old, cur, cut)
			return err
		},
		"MaxLoss 50%": func() error { _, err := lists.MergeWith(lists.MergeOptions{MaxLoss: 0.5}, old, cur, cut); return err },
		"Merge":       func() error { _, err := lists.Merge(old, cur, cut); return err },
	} {
		if err := merge(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestOFACEndMarker: the primary file, and the alias and address files,
// must end with their 0x1A byte; a comments file may lack it (the real
// 2021-07 sdn_comments.csv does), and the release then says so.
func TestOFACEndMarker(t *testing.T) {
	full := filepath.Join(realNew, "cons_prim.csv")
	data, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	noMarker := bytes.TrimSuffix(data, []byte{0x1a})
	copySet := func(t *testing.T, replace map[string][]byte) string {
		dir := t.TempDir()
		for _, f := range []string{"cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"} {
			b, err := os.ReadFile(filepath.Join(realNew, f))
			if err != nil {
				t.Fatal(err)
			}
			if r, ok := replace[f]; ok {
				b = r
			}
			if err := os.WriteFile(filepath.Join(dir, f), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	strip := func(f string) []byte {
		b, err := os.ReadFile(filepath.Join(realNew, f))
		if err != nil {
			t.Fatal(err)
		}
		return bytes.TrimSuffix(b, []byte{0x1a})
	}
	tests := []struct {
		name, reason string
		path         func(t *testing.T) string
		wantFile     string // "" when it loads
		warnings     int
	}{
		{"primary cut at a line boundary", "issue 12: cons_prim.csv alone, 300 of 442 entries, no 0x1A", func(t *testing.T) string { return filepath.Join(cutPrim(t, 300, false), "cons_prim.csv") }, "cons_prim.csv", 0},
		{"primary whole but no marker", "the marker is the proof", func(t *testing.T) string { return copySet(t, map[string][]byte{"cons_prim.csv": noMarker}) }, "cons_prim.csv", 0},
		{"alias file without marker", "every file of a set whose files carry one", func(t *testing.T) string { return copySet(t, map[string][]byte{"cons_alt.csv": strip("cons_alt.csv")}) }, "cons_alt.csv", 0},
		{"address file without marker", "every file of a set whose files carry one", func(t *testing.T) string { return copySet(t, map[string][]byte{"cons_add.csv": strip("cons_add.csv")}) }, "cons_add.csv", 0},
		{"comments file without marker", "OFAC's own 2021-07 sdn_comments.csv has none: loads, with a warning", func(t *testing.T) string {
			return copySet(t, map[string][]byte{"cons_comments.csv": strip("cons_comments.csv")})
		}, "", 1},
		{"comments file cut at a line boundary", "no marker to miss, but entries whose remarks fill 1000 characters are not continued", func(t *testing.T) string {
			b := strip("cons_comments.csv")
			lines := bytes.SplitAfter(b, []byte("\r\n"))
			return copySet(t, map[string][]byte{"cons_comments.csv": bytes.Join(lines[:7], nil)})
		}, "cons_comments.csv", 0},
		{"real 2021-07 SDN set", "its sdn_comments.csv has no marker, but continues every cut remark", func(*testing.T) string { return filepath.Join("testdata", "sdn-2021-07") }, "", 1},
		{"primary file alone", "the remarks cut at 1000 characters stay cut: the release says so", func(*testing.T) string {
			return filepath.Join("testdata", "real", "ofac", "consolidated-2025-03", "cons_prim.csv")
		}, "", 1},
		{"real 2025-12 set", "every file has its marker", func(*testing.T) string { return realNew }, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := lists.LoadOFAC(tc.path(t))
			if tc.wantFile == "" {
				if err != nil {
					t.Fatalf("err = %v (%s)", err, tc.reason)
				}
				if len(l.Release.Warnings) != tc.warnings {
					t.Errorf("warnings %q, want %d", l.Release.Warnings, tc.warnings)
				}
				return
			}
			var pe *lists.ParseError
			if !errors.Is(err, lists.ErrTruncated) || !errors.Is(err, lists.ErrFormat) || !errors.As(err, &pe) || filepath.Base(pe.File) != tc.wantFile {
				t.Fatalf("err = %v, want ErrTruncated naming %s (%s)", err, tc.wantFile, tc.reason)
			}
		})
	}
}

// TestEmptyReleases: an official release with no entries is ErrEmpty
// naming the file; an in-house list may be empty and says so.
func TestEmptyReleases(t *testing.T) {
	official := map[string]func() error{
		"OFAC CSV, 0-byte primary": func() error {
			_, err := lists.ReadOFAC(mapFS("cons_prim.csv", ""))
			return err
		},
		"OFAC CSV, marker only": func() error { _, err := lists.ReadOFAC(mapFS("sdn.csv", "\x1a")); return err },
		"OFAC simple XML": func() error {
			_, err := lists.ReadOFACXML(bytes.NewReader([]byte("<sdnList><publshInformation><Publish_Date>01/02/2025</Publish_Date><Record_Count>0</Record_Count></publshInformation></sdnList>")), "f.xml")
			return err
		},
		"UN": func() error {
			_, err := lists.ReadUN(bytes.NewReader([]byte(`<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:00Z"><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>`)), "f.xml")
			return err
		},
		"CSL, header only": func() error {
			_, err := lists.ReadCSL(bytes.NewReader([]byte("_id,source,name\n")), "f.xml")
			return err
		},
		"CSL, 0 bytes": func() error { _, err := lists.ReadCSL(bytes.NewReader(nil), "f.xml"); return err },
		"DoD, header only": func() error {
			_, err := lists.ReadDoD1260H(bytes.NewReader([]byte("Clean Name,Start date\r\n")), "f.xml")
			return err
		},
	}
	for name, read := range official {
		t.Run(name, func(t *testing.T) {
			err := read()
			var pe *lists.ParseError
			if !errors.Is(err, lists.ErrEmpty) || !errors.Is(err, lists.ErrFormat) || !errors.As(err, &pe) || pe.File == "" {
				t.Errorf("err = %v, want ErrEmpty naming the file", err)
			}
		})
	}
	l, err := lists.ReadInHouse(bytes.NewReader([]byte("list,name,isin\n")), "house.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entries) != 0 || len(l.Release.Warnings) != 1 || l.Release.Warnings[0] != lists.EmptyInHouseWarning {
		t.Errorf("empty in-house list: %d entries, warnings %q", len(l.Entries), l.Release.Warnings)
	}
}

// TestRecordCount: an OFAC simple XML must state its Record_Count, and it
// must equal the entries read.
func TestRecordCount(t *testing.T) {
	const entry = "<sdnEntry><uid>1</uid><lastName>ACME</lastName><sdnType>Entity</sdnType><programList><program>SDGT</program></programList></sdnEntry>"
	doc := func(count string) []byte {
		pub := "<Publish_Date>01/02/2025</Publish_Date>" + count
		return []byte("<sdnList><publshInformation>" + pub + "</publshInformation>" + entry + "</sdnList>")
	}
	for name, tc := range map[string]struct {
		in   []byte
		want error
	}{
		"right count":  {doc("<Record_Count>1</Record_Count>"), nil},
		"count higher": {doc("<Record_Count>2</Record_Count>"), lists.ErrTruncated},
		"no count":     {doc(""), lists.ErrTruncated},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := lists.ReadOFACXML(bytes.NewReader(tc.in), "sdn.xml")
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestCheckShrinkBoundary: of 100 entries, losing 5 is exactly the 5%
// allowed; losing 6 is refused.
func TestCheckShrinkBoundary(t *testing.T) {
	release := func(from, to int) *lists.List {
		l := &lists.List{}
		for i := from; i <= to; i++ {
			l.Entries = append(l.Entries, &lists.Entry{List: lists.SDN, ID: fmt.Sprint(i), Name: "X"})
		}
		return l
	}
	prev := release(1, 100)
	if err := lists.CheckShrink(prev, release(6, 100), 0.05); err != nil {
		t.Errorf("5 of 100 lost at 5%%: %v, want none", err)
	}
	if err := lists.CheckShrink(prev, release(7, 100), 0.05); !errors.Is(err, lists.ErrShrunk) {
		t.Errorf("6 of 100 lost at 5%%: %v, want ErrShrunk", err)
	}
}
