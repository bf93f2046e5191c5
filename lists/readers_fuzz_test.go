package lists_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/investscreen/investscreen/lists"
)

// fuzzReader is the shape of the single-file list readers.
type fuzzReader func(r *bytes.Reader, file string) (*lists.List, error)

// fuzzList feeds data to read: it must not panic; an error must be a
// *ParseError naming the file; a list must have a complete Release and
// entries with a list code, an id (unique per list) and a name or an
// identifier, that index; an official list is never empty, an empty
// in-house list says so.
func fuzzList(t *testing.T, read fuzzReader, data []byte) {
	l, err := read(bytes.NewReader(data), "fuzz.in")
	if err != nil {
		var pe *lists.ParseError
		if !errors.As(err, &pe) || pe.File != "fuzz.in" {
			t.Fatalf("err = %#v, want a *ParseError for fuzz.in", err)
		}
		if !errors.Is(err, lists.ErrFormat) {
			t.Fatalf("err = %v, want it to match ErrFormat", err)
		}
		return
	}
	if len(l.Entries) == 0 && l.Release.Format != lists.FormatInHouse {
		t.Fatalf("an official release with no entries loaded (%s)", l.Release.Format)
	}
	if len(l.Entries) == 0 && len(l.Release.Warnings) == 0 {
		t.Fatal("an empty in-house list loaded without a warning")
	}
	if err := lists.CheckShrink(l, l, 0); err != nil {
		t.Fatalf("a release lost entries against itself: %v", err)
	}
	if len(l.Release.Files) != 1 || l.Release.Files[0].Size != int64(len(data)) || l.Release.SHA256 != l.Release.Files[0].SHA256 || len(l.Release.SHA256) != 64 {
		t.Fatalf("release = %+v for %d bytes", l.Release, len(data))
	}
	seen := map[string]bool{}
	for _, e := range l.Entries {
		if e.List == "" || e.ID == "" {
			t.Fatalf("entry without a list or id: %+v", e)
		}
		if seen[string(e.List)+" "+e.ID] {
			t.Fatalf("entry %s %s twice", e.List, e.ID)
		}
		seen[string(e.List)+" "+e.ID] = true
		if e.Name == "" && len(e.ISINs)+len(e.Securities)+len(e.Tickers)+len(e.IDs) == 0 {
			t.Fatalf("entry %s has neither a name nor an identifier", e.ID)
		}
		if !e.Removed.IsZero() && e.Removed.Before(e.Listed) {
			t.Fatalf("entry %s removed %v before listed %v", e.ID, e.Removed, e.Listed)
		}
	}
	s := lists.NewSet(l)
	for _, e := range l.Entries {
		s.ByName(e.Name)
	}
}

// fuzzSeeds adds the files of a fixture directory to f.
func fuzzSeeds(f *testing.F, dir string, extra ...string) {
	names, err := filepath.Glob(filepath.Join("testdata", dir, "*"))
	if err != nil || len(names) == 0 {
		f.Fatalf("no fixtures in testdata/%s: %v", dir, err)
	}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range extra {
		f.Add([]byte(s))
	}
}

func FuzzReadCSL(f *testing.F) {
	fuzzSeeds(f, "csl",
		"_id,source,name,ids\n1,Specially Designated Nationals (SDN) - Treasury Department,A,\"ISIN, X; Listing Date (CMIC), 2021-06-03\"\n",
		"\xef\xbb\xbf_id,source,name\n_id,source,name\n",
		"entity_number,source,name,addresses\n1,Capta List (CAP) - Treasury Department,\xe9,\", CN; CN\"\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzList(t, func(r *bytes.Reader, file string) (*lists.List, error) { return lists.ReadCSL(r, file) }, data)
	})
}

func FuzzReadUN(f *testing.F) {
	fuzzSeeds(f, "un",
		`<CONSOLIDATED_LIST dateGenerated="2026-02-27"><ENTITIES><ENTITY><DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME><LISTED_ON>2001-01-01Z</LISTED_ON></ENTITY></ENTITIES></CONSOLIDATED_LIST>`,
		`<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FOURTH_NAME>D</FOURTH_NAME><INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>x</ALIAS_NAME></INDIVIDUAL_ALIAS></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>`)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzList(t, func(r *bytes.Reader, file string) (*lists.List, error) { return lists.ReadUN(r, file) }, data)
	})
}

func FuzzReadDoD1260H(f *testing.F) {
	fuzzSeeds(f, "dod",
		"Name,Start date,End date\nA (B)*,2021-06-03,2024-01-31\nA,2024-01-31,\nA,2026-06-08,2026-06-08\n",
		"Clean Name,Alias,Previous Name,Start date\nX Co. Ltd.,Y;Z,W,2025-01-07\nX Co., Ltd.,,,2021-06-03\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzList(t, func(r *bytes.Reader, file string) (*lists.List, error) { return lists.ReadDoD1260H(r, file) }, data)
	})
}

func FuzzReadInHouse(f *testing.F) {
	fuzzSeeds(f, "inhouse",
		"list,name,isin,ticker,lei,added,removed\nrestricted,A,US0378331005,941 HK,HWUPKR0MPOU8FGXBT394,2024-01-01,2024-01-01\n",
		"LIST,cusip,sedol,figi\nwatch,037833100;037833100,0263494,BBG000B9XRY4\n")
	if b, err := os.ReadFile(filepath.Join("testdata", "inhouse", "example.csv")); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzList(t, func(r *bytes.Reader, file string) (*lists.List, error) { return lists.ReadInHouse(r, file) }, data)
	})
}

// TestReadersPassReaderErrors checks that an error of the reader itself,
// at the start or in the middle of a file, comes back as the reader's
// error (in a *ParseError naming the file), not as a format error.
func TestReadersPassReaderErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	readers := []struct {
		name   string
		read   func(io.Reader, string) (*lists.List, error)
		prefix string
	}{
		{"csl", lists.ReadCSL, "_id,source,name\n1,Entity List (EL) - Bureau of Industry and Security,A\n"},
		{"un", lists.ReadUN, "<CONSOLIDATED_LIST><ENTITIES><ENTITY><DATAID>1</DATAID>"},
		{"dod", lists.ReadDoD1260H, "Name,Start date\nA,2021-06-03\n"},
		{"inhouse", lists.ReadInHouse, "list,name\nrestricted,A\n"},
	}
	for _, r := range readers {
		for _, prefix := range []string{"", r.prefix} {
			_, err := r.read(io.MultiReader(strings.NewReader(prefix), iotest.ErrReader(boom)), "f")
			var pe *lists.ParseError
			if !errors.Is(err, boom) || !errors.As(err, &pe) || pe.File != "f" || errors.Is(err, lists.ErrFormat) {
				t.Errorf("%s after %d bytes: err = %v, want the reader's error in a *ParseError, not ErrFormat", r.name, len(prefix), err)
			}
		}
	}
}
