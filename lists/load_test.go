package lists_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// TestLoadDetects loads every real list file in testdata through Load,
// with its format detected from the content, and pins the entry counts.
func TestLoadDetects(t *testing.T) {
	tests := []struct {
		path    string
		format  string
		entries int
	}{
		{"real/ofac/consolidated-2025-12", lists.FormatOFACCSV, 442},
		{"real/ofac/consolidated-2025-03/cons_prim.csv", lists.FormatOFACCSV, 443},
		{"sdn-2021-07", lists.FormatOFACCSV, 8976},
		{"real/ofac/format-reference/consolidated-2018-04.xml", lists.FormatOFACXML, 639},
		{"real/ofac/format-reference/cons_advanced-2020-03.xml", lists.FormatOFACAdvanced, 375},
		{"real/un/consolidated-2026-02-27.xml", lists.FormatUN, 1003},
		{"real/csl-2023-11/consolidated_screening_list.csv", lists.FormatCSL, 4226},
		{"real/other/dod_1260h_opensanctions.csv", lists.FormatDoD1260H, 224},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			l, err := lists.Load(filepath.Join("testdata", tc.path))
			if err != nil {
				t.Fatal(err)
			}
			if l.Release.Format != tc.format || len(l.Entries) != tc.entries {
				t.Errorf("format %s, %d entries; want %s, %d", l.Release.Format, len(l.Entries), tc.format, tc.entries)
			}
		})
	}
	// A CSL cut off inside its last record: Load refuses it rather than
	// screen against a partial list, naming the line the record starts on.
	_, err := lists.Load(filepath.Join("testdata", "csl", "truncated.csv"))
	var pe *lists.ParseError
	if !errors.As(err, &pe) || !errors.Is(err, lists.ErrFormat) || pe.Line != 13 {
		t.Errorf("truncated CSL: %v", err)
	}
}

func TestLoadForcedAndUnknown(t *testing.T) {
	if l, err := lists.Load("testdata/inhouse/restricted.csv"); err != nil || l.Release.Format != lists.FormatInHouse {
		t.Errorf("example restricted list: %v", err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "house.csv")
	if err := os.WriteFile(p, []byte("list,name,isin\nrestricted,ACME CORP,US0378331005\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	l, err := lists.Load(p)
	if err != nil || l.Release.Format != lists.FormatInHouse || len(l.Entries) != 1 {
		t.Fatalf("detected: %v %+v", err, l)
	}
	if _, err := lists.Load("inhouse:" + p); err != nil {
		t.Errorf("forced: %v", err)
	}
	odd := filepath.Join(dir, "odd.txt")
	os.WriteFile(odd, []byte("hello, world\n"), 0o600)
	_, err = lists.Load(odd)
	var pe *lists.ParseError
	if !errors.As(err, &pe) || !errors.Is(err, lists.ErrFormat) || pe.File != odd {
		t.Errorf("unknown format: %v", err)
	}
	u16 := filepath.Join(dir, "u16.csv")
	os.WriteFile(u16, []byte("\xff\xfel\x00i\x00"), 0o600)
	if _, err := lists.Load(u16); !errors.Is(err, lists.ErrFormat) {
		t.Errorf("UTF-16: %v", err)
	}
	if _, err := lists.Load(filepath.Join(dir, "missing.csv")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// TestLoadDatedHistory: PATH@YYYY-MM-DD dates a release, and Histories
// merges dated releases of one list so that entries know when they were
// on it.
func TestLoadDatedHistory(t *testing.T) {
	old, err := lists.Load("testdata/history/old@2024-01-02")
	if err != nil {
		t.Fatal(err)
	}
	if old.Release.Date.String() != "2024-01-02" {
		t.Errorf("date %v", old.Release.Date)
	}
	newer, err := lists.Load("testdata/history/new@2025-01-02")
	if err != nil {
		t.Fatal(err)
	}
	undated, err := lists.Load("testdata/inhouse/restricted.csv")
	if err != nil {
		t.Fatal(err)
	}
	hs, err := lists.Histories(old, undated, newer)
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 2 || !strings.HasPrefix(hs[0].Release.Source, "history:") || hs[1] != undated {
		t.Fatalf("histories: %d lists, first %q", len(hs), hs[0].Release.Source)
	}
	var doe *lists.Entry
	for _, e := range hs[0].Entries {
		if e.ID == "2" {
			doe = e
		}
	}
	if doe == nil || doe.Removed.String() != "2025-01-02" || !doe.InForce(holdings.MustDate("2025-01-01")) || doe.InForce(holdings.MustDate("2025-01-02")) {
		t.Errorf("entry 2 after its removal: %+v", doe)
	}
	if _, err := lists.Load("testdata/history/old@2024-13-02"); err == nil {
		t.Error("bad release date accepted")
	}
}

// TestLoadDetectsAdvancedNamespaces: Load recognises OFAC's advanced XML
// in the namespace of sdn_advanced.xsd and in the one the Sanctions List
// Service publishes now, and both read the same entries.
func TestLoadDetectsAdvancedNamespaces(t *testing.T) {
	var got [][]string
	for _, p := range []string{"testdata/advanced/cmic.xml", "testdata/advanced/cmic-sls.xml"} {
		l, err := lists.Load(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if l.Release.Format != lists.FormatOFACAdvanced {
			t.Errorf("%s: format %s, want %s", p, l.Release.Format, lists.FormatOFACAdvanced)
		}
		var ids []string
		for _, e := range l.Entries {
			ids = append(ids, string(e.List)+" "+e.ID+" "+e.Name)
		}
		got = append(got, ids)
	}
	if len(got[0]) != 3 || strings.Join(got[0], "|") != strings.Join(got[1], "|") {
		t.Errorf("entries differ or are not the three: %q and %q", got[0], got[1])
	}
	// A root of another namespace is not taken for it.
	odd := filepath.Join(t.TempDir(), "odd.xml")
	if err := os.WriteFile(odd, []byte(`<?xml version="1.0"?><Sanctions xmlns="urn:example:other"></Sanctions>`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := lists.Load(odd); !errors.Is(err, lists.ErrFormat) {
		t.Errorf("other namespace: err = %v, want ErrFormat", err)
	}
}
