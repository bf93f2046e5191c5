package lists_test

import (
	"bytes"
	"errors"
	"os"
	"testing"
	"testing/fstest"

	"github.com/investscreen/investscreen/lists"
)

// FuzzReadOFAC feeds arbitrary primary, alias and comments files to the
// OFAC legacy CSV reader: it must never panic, every error is a
// *ParseError, what it accepts has entries and end markers, and it must
// index.
func FuzzReadOFAC(f *testing.F) {
	for _, name := range []string{"cons_prim.csv", "cons_alt.csv", "cons_comments.csv"} {
		b, err := os.ReadFile("testdata/quirks/" + name)
		if err != nil {
			f.Fatal(err)
		}
		if name == "cons_prim.csv" {
			f.Add(b, []byte(nil), []byte(nil))
		}
	}
	prim, _ := os.ReadFile("testdata/quirks/cons_prim.csv")
	alt, _ := os.ReadFile("testdata/quirks/cons_alt.csv")
	com, _ := os.ReadFile("testdata/quirks/cons_comments.csv")
	f.Add(prim, alt, com)
	f.Add([]byte("1,\"A\",-0- ,\"CMIC-EO13959\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Equity Ticker 941 HK; ISIN X; Listing Date (CMIC) 03 Jun 2021.\"\r\n\x1a"), []byte{}, []byte("1,\"x\"\n"))
	f.Fuzz(func(t *testing.T, prim, alt, com []byte) {
		fsys := fstest.MapFS{"cons_prim.csv": {Data: prim}}
		if alt != nil {
			fsys["cons_alt.csv"] = &fstest.MapFile{Data: alt}
		}
		if com != nil {
			fsys["cons_comments.csv"] = &fstest.MapFile{Data: com}
		}
		l, err := lists.ReadOFAC(fsys)
		if err != nil {
			var pe *lists.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, lists.ErrFormat) {
				t.Fatalf("error %v is not a *ParseError matching ErrFormat", err)
			}
			return
		}
		// What loads proves it is whole.
		if len(l.Entries) == 0 {
			t.Fatal("a release with no entries loaded")
		}
		if !bytes.Contains(prim, []byte{0x1a}) || (alt != nil && !bytes.Contains(alt, []byte{0x1a})) {
			t.Fatal("a file without its end marker loaded")
		}
		s := lists.NewSet(l)
		for _, e := range l.Entries {
			if e.Name == "" {
				t.Fatalf("entry %s has no name", e.ID)
			}
			s.ByName(e.Name)
		}
	})
}

func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{"SenseTime Group Inc.", "ＳＥＮＳＥＴＩＭＥ", "中国移动有限公司", "Co., Ltd.", "&&", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := lists.NormalizeName(s)
		if again := lists.NormalizeName(n); again != n {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, n, again)
		}
	})
}
