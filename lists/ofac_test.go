package lists_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

func find(t *testing.T, l *lists.List, id string) *lists.Entry {
	t.Helper()
	for _, e := range l.Entries {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("entry %s not found", id)
	return nil
}

func TestLoadOFACQuirks(t *testing.T) {
	l, err := lists.LoadOFAC("testdata/quirks")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(l.Entries), 3; got != want {
		t.Fatalf("entries = %d, want %d", got, want)
	}
	e := find(t, l, "1")
	tick := func(s string) holdings.ID { return holdings.ID{Kind: holdings.Ticker, Value: s} }
	want := &lists.Entry{
		List:     lists.NSCMIC,
		ID:       "1",
		Type:     "entity",
		Name:     "ACME MISSILE WORKS LIMITED",
		Programs: []string{"CMIC-EO13959"},
		Remarks:  e.Remarks,
		Aliases: []lists.Alias{
			{ID: "101", Type: "aka", Name: "ACME MISSILE WORKS LTD"},
			{ID: "102", Type: "fka", Name: "ACME ROCKETS CO"},
			{Type: "aka", Name: "AMW", Weak: true},
		},
		// The repeated ISIN is kept once.
		ISINs: []string{"CNE1000002V2", "US16941M1099"},
		Tickers: []lists.Ticker{
			{Raw: "600677  CN", ID: tick("600677 CN")},
			{Raw: "603019CN", ID: tick("603019 CN")},
			{Raw: "00883 HK", ID: tick("883 HK")},
			{Raw: "941 HK", ID: tick("941 HK")},
			{Raw: "0728 HK", ID: tick("728 HK")},
		},
		IssuerNames: []string{"Acme Missile Works Co., Ltd"},
		// The USCC's country comes from the comments file: remarks are
		// continued there as is.
		IDs:        []lists.Identifier{{Type: "Unified Social Credit Code (USCC)", Value: "9111000071093019X7", Country: "China"}},
		CMIC:       &lists.CMICDates{Listing: holdings.MustDate("2021-06-03"), Effective: holdings.MustDate("2021-08-02"), Divestment: holdings.MustDate("2022-06-03")},
		TargetType: "Public Company",
		LinkedTo:   []string{"ACME HOLDING GROUP CO., LTD"},
		Addresses:  []lists.Address{{ID: "201", Street: "1 Rocket Road", City: "Beijing 100088", Country: "China"}},
	}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("entry 1 (-want +got):\n%s", diff)
	}
	if !strings.HasSuffix(e.Remarks, "(China); a.k.a. 'AMW'; Linked To: ACME HOLDING GROUP CO., LTD.") || !strings.Contains(e.Remarks, "9111000071093019X7 (China)") {
		t.Errorf("remarks not continued as is: %q", e.Remarks)
	}
	doe := find(t, l, "2")
	if diff := cmp.Diff([]string{"SDGT", "NS-PLC"}, doe.Programs); diff != "" {
		t.Errorf("multi-program (-want +got):\n%s", diff)
	}
	if doe.Type != "individual" || doe.List != lists.NSPLC {
		t.Errorf("entry 2: type %q list %q, want individual NS-PLC", doe.Type, doe.List)
	}
	if e3 := find(t, l, "3"); e3.Remarks != "" || e3.List != lists.SSI {
		t.Errorf("entry 3: remarks %q list %q, want empty (-0-) and SSI", e3.Remarks, e3.List)
	}
	if got := len(l.Release.Files); got != 4 {
		t.Errorf("files read = %d, want 4", got)
	}
}

func TestLoadOFACPrimaryFileOnly(t *testing.T) {
	// Naming the primary file loads its set from the same directory.
	l, err := lists.LoadOFAC(filepath.Join("testdata", "quirks", "cons_prim.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entries) != 3 || len(find(t, l, "1").Aliases) != 3 {
		t.Errorf("got %d entries", len(l.Entries))
	}
}

func TestReadOFACErrors(t *testing.T) {
	prim := `1,"A CO",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` + "\r\n"
	tests := []struct {
		name      string
		files     map[string]string
		wantFile  string
		wantLine  int
		wantField string
	}{
		{"no set", map[string]string{"other.csv": "x"}, "", 0, ""},
		{"short record", map[string]string{"cons_prim.csv": prim + "2,\"B\"\r\n"}, "cons_prim.csv", 2, ""},
		{"bad ent_num", map[string]string{"cons_prim.csv": "x1" + prim[1:]}, "cons_prim.csv", 1, "ent_num"},
		{"duplicate entry", map[string]string{"cons_prim.csv": prim + prim}, "cons_prim.csv", 2, "ent_num"},
		{"alias of unknown entry", map[string]string{"cons_prim.csv": prim, "cons_alt.csv": `7,1,"aka","X",-0- ` + "\r\n"}, "cons_alt.csv", 1, "ent_num"},
		{"bad quote", map[string]string{"cons_prim.csv": prim + `2,"B"x,-0-` + "\r\n"}, "cons_prim.csv", 2, "column 5"},
		{"bad CMIC date", map[string]string{"cons_prim.csv": `1,"A",-0- ,"CMIC-EO13959",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Listing Date (CMIC) 31 Feb 2021."` + "\r\n"}, "cons_prim.csv", 1, "remarks of entry 1: Listing Date (CMIC)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for n, c := range tc.files {
				fsys[n] = &fstest.MapFile{Data: []byte(c + "\x1a")}
			}
			_, err := lists.ReadOFAC(fsys)
			var pe *lists.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if !errors.Is(err, lists.ErrFormat) && !strings.Contains(tc.name, "CMIC") {
				t.Errorf("err = %v, want it to match ErrFormat", err)
			}
			if pe.File != tc.wantFile || pe.Line != tc.wantLine || pe.Field != tc.wantField {
				t.Errorf("place = %q line %d field %q, want %q line %d field %q (%v)", pe.File, pe.Line, pe.Field, tc.wantFile, tc.wantLine, tc.wantField, err)
			}
		})
	}
}

func TestEmbedded(t *testing.T) {
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(l.Entries), 442; got != want {
		t.Errorf("entries = %d, want %d", got, want)
	}
	counts := map[lists.Code]int{}
	for _, e := range l.Entries {
		counts[e.List]++
	}
	if got := counts[lists.NSCMIC]; got != 68 {
		t.Errorf("NS-CMIC entries = %d, want 68", got)
	}
	if got, want := l.Release.Date, holdings.MustDate("2025-12-19"); got != want {
		t.Errorf("snapshot date = %v, want %v", got, want)
	}
	wantFiles := []lists.File{
		{Name: "cons_prim.csv", Size: 238635, SHA256: "7027f6656b7815e38b1a5517e66d7f00ad7bdae814510cddff11771c439f08b2"},
		{Name: "cons_alt.csv", Size: 67809, SHA256: "27f46913036603cb1003fb167e745863f68513ee5f43c03749be7251bf0848e1"},
		{Name: "cons_add.csv", Size: 44777, SHA256: "96c5baf0dd9081dab5a904091898ecf8bb60b6f6e7f9c0cee9252e3d31649531"},
		{Name: "cons_comments.csv", Size: 2754, SHA256: "ca3e37e4d78952e6d8280ee804bc185a9ebcaa7fa5b7216937f45aaab7f8fce6"},
	}
	if diff := cmp.Diff(wantFiles, l.Release.Files); diff != "" {
		t.Errorf("embedded files (-want +got):\n%s", diff)
	}
	if len(l.Release.SHA256) != 64 || l.Release.Source != "embedded:ofac-consolidated-2025-12" {
		t.Errorf("release = %+v", l.Release)
	}
	again, _ := lists.Embedded()
	if again != l {
		t.Error("Embedded loaded twice")
	}
}

// TestEmbeddedCMIC pins the real NS-CMIC entries the rules depend on.
func TestEmbeddedCMIC(t *testing.T) {
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	sense := find(t, l, "33114")
	want := &lists.CMICDates{Listing: holdings.MustDate("2021-12-10"), Effective: holdings.MustDate("2022-02-08"), Divestment: holdings.MustDate("2022-12-10")}
	if diff := cmp.Diff(want, sense.CMIC); diff != "" {
		t.Errorf("SenseTime dates (-want +got):\n%s", diff)
	}
	if sense.Name != "SENSETIME GROUP LIMITED" || len(sense.ISINs) != 0 || len(sense.Tickers) != 0 {
		t.Errorf("SenseTime = %q, ISINs %v, tickers %v", sense.Name, sense.ISINs, sense.Tickers)
	}
	if diff := cmp.Diff([]lists.Identifier{{Type: "C.R. No.", Value: "2162198", Country: "Hong Kong"}}, sense.IDs); diff != "" {
		t.Errorf("SenseTime ids (-want +got):\n%s", diff)
	}
	dates := map[string]int{}
	var badISINs []string
	for _, e := range l.Entries {
		if e.List != lists.NSCMIC {
			continue
		}
		if e.CMIC == nil || e.CMIC.Listing.IsZero() || e.CMIC.Effective.IsZero() || e.CMIC.Divestment.IsZero() {
			t.Errorf("entry %s %s lacks a CMIC date: %+v", e.ID, e.Name, e.CMIC)
			continue
		}
		dates[e.CMIC.Listing.String()+" "+e.CMIC.Effective.String()+" "+e.CMIC.Divestment.String()]++
		for _, tk := range e.Tickers {
			if tk.ID.IsZero() {
				t.Errorf("entry %s: ticker %q did not parse", e.ID, tk.Raw)
			}
		}
		for _, v := range e.ISINs {
			if _, err := holdings.ParseISIN(v); err != nil {
				badISINs = append(badISINs, e.ID+" "+v)
			}
		}
	}
	// OFAC's own data has three ISINs that are not valid: one is 11
	// characters long, two fail the check digit. They are kept and indexed
	// as published; this pins them so that a new release is looked at.
	wantBad := []string{"30926 BRC1EODR004", "30930 CND10002K094", "30930 CND10002G601"}
	if diff := cmp.Diff(wantBad, badISINs); diff != "" {
		t.Errorf("invalid ISINs in the list (-want +got):\n%s", diff)
	}
	wantDates := map[string]int{
		"2021-06-03 2021-08-02 2022-06-03": 59, // the Annex of EO 14032
		"2021-12-10 2022-02-08 2022-12-10": 1,  // SenseTime
		"2021-12-16 2022-02-14 2022-12-16": 8,
	}
	if diff := cmp.Diff(wantDates, dates); diff != "" {
		t.Errorf("CMIC date groups (-want +got):\n%s", diff)
	}
	cccc := find(t, l, "30930")
	if !strings.HasSuffix(cccc.Remarks, "91110000710934369E (China); a.k.a. 'CCCC'.") {
		t.Errorf("CCCC remarks not continued from cons_comments.csv: ...%q", cccc.Remarks[len(cccc.Remarks)-60:])
	}
	var weak []string
	for _, a := range cccc.Aliases {
		if a.Weak {
			weak = append(weak, a.Name)
		}
	}
	if diff := cmp.Diff([]string{"CCCC"}, weak); diff != "" {
		t.Errorf("CCCC weak aliases (-want +got):\n%s", diff)
	}
	cnooc := find(t, l, "30926")
	if got := strings.Count(strings.Join(cnooc.ISINs, " "), "HK0883013259"); got != 1 {
		t.Errorf("CNOOC repeated ISIN kept %d times, want 1", got)
	}
}

func TestLoadOFACSharedData(t *testing.T) {
	// The real SDN release of 2021-07, in testdata.
	dir := filepath.Join("testdata", "sdn-2021-07")
	l, err := lists.LoadOFAC(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(l.Entries), 8976; got != want {
		t.Errorf("SDN entries = %d, want %d", got, want)
	}
	for _, e := range l.Entries {
		if e.List != lists.SDN {
			t.Fatalf("entry %s list %q, want SDN", e.ID, e.List)
		}
	}
}
