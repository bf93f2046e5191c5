package lists_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

const (
	ofxCMICFixture    = "testdata/ofacxml/consolidated-cmic.xml"
	ofxExtractFixture = "testdata/ofacxml/consolidated-2018-04-extract.xml"
	advCMICFixture    = "testdata/advanced/cmic.xml"
)

// ofxShared returns the path of a real OFAC file of the format reference
// in testdata/real.
func ofxShared(tb testing.TB, name string) string {
	tb.Helper()
	return realFile(tb, "ofac", "format-reference", name)
}

func ofxRead(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// ofxEntry returns the entry of l with the given ID.
func ofxEntry(tb testing.TB, l *lists.List, id string) *lists.Entry {
	tb.Helper()
	for _, e := range l.Entries {
		if e.ID == id {
			return e
		}
	}
	tb.Fatalf("entry %s not found", id)
	return nil
}

// ofxWantRelease checks the provenance a reader gives for data read from
// file.
func ofxWantRelease(t *testing.T, got lists.Release, name, format, file string, date holdings.Date, data []byte) {
	t.Helper()
	sum := sha256.Sum256(data)
	hexSum := hex.EncodeToString(sum[:])
	want := lists.Release{
		Name:     name,
		Format:   format,
		Source:   file,
		Date:     date,
		SHA256:   hexSum,
		Files:    []lists.File{{Name: filepath.Base(file), Size: int64(len(data)), SHA256: hexSum}},
		IDScheme: lists.IDPublisher,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("release (-want +got):\n%s", diff)
	}
}

func ofxListCounts(l *lists.List) map[lists.Code]int {
	m := map[lists.Code]int{}
	for _, e := range l.Entries {
		m[e.List]++
	}
	return m
}

func TestReadOFACXMLCMIC(t *testing.T) {
	data := ofxRead(t, ofxCMICFixture)
	l, err := lists.ReadOFACXML(bytes.NewReader(data), ofxCMICFixture)
	if err != nil {
		t.Fatal(err)
	}
	ofxWantRelease(t, l.Release, "OFAC Consolidated (non-SDN) List", lists.FormatOFACXML, ofxCMICFixture, holdings.MustDate("2025-12-19"), data)
	if got := ofxListCounts(l); !cmp.Equal(got, map[lists.Code]int{lists.NSCMIC: 3}) {
		t.Errorf("lists = %v, want 3 NS-CMIC", got)
	}
	tick := func(s string) lists.Ticker {
		id, err := holdings.ParseTicker(s)
		if err != nil {
			t.Fatal(err)
		}
		return lists.Ticker{Raw: s, ID: id}
	}
	e := ofxEntry(t, l, "30923")
	want := &lists.Entry{
		List:     lists.NSCMIC,
		ID:       "30923",
		Type:     "entity",
		Name:     "CHINA MOBILE LIMITED",
		Programs: []string{"CMIC-EO13959"},
		Remarks:  "(Linked To: CHINA MOBILE COMMUNICATIONS GROUP CO., LTD.)",
		Aliases:  []lists.Alias{{ID: "50613", Type: "aka", Name: "CHINA MOBILE LTD"}},
		ISINs:    []string{"US16941M1099", "HK0941009539", "BRC1HLBDR003", "ARDEUT111812"},
		Tickers: []lists.Ticker{tick("CHL US"), tick("941 HK"), tick("CHL RU"), tick("CTMA DE"),
			tick("K3PD SG"), tick("CTM DE"), tick("C1HL34 BR"), tick("CHL AR")},
		IssuerNames: []string{"China Mobile Limited", "China Mobile Ltd"},
		CMIC:        &lists.CMICDates{Listing: holdings.MustDate("2021-06-03"), Effective: holdings.MustDate("2021-08-02"), Divestment: holdings.MustDate("2022-06-03")},
		TargetType:  "Public Company",
		// From the remarks, as the simple XML writes a relationship.
		LinkedTo:  []string{"CHINA MOBILE COMMUNICATIONS GROUP CO., LTD"},
		Addresses: []lists.Address{{ID: "48543", Street: "60th Floor, The Center, 99 Queens Road Central", City: "Hong Kong", Country: "China"}},
	}
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("China Mobile (-want +got):\n%s", diff)
	}
	sense := ofxEntry(t, l, "33114")
	// idCountry becomes the identifier's Country; the state joins the city
	// as in the legacy CSV's address file.
	if diff := cmp.Diff([]lists.Identifier{{Type: "C.R. No.", Value: "2162198", Country: "Hong Kong"}}, sense.IDs); diff != "" {
		t.Errorf("SenseTime ids (-want +got):\n%s", diff)
	}
	if got, want := sense.Addresses[0].City, "Hong Kong New Territories, Hong Kong SAR"; got != want {
		t.Errorf("SenseTime city = %q, want %q", got, want)
	}
}

// TestReadOFACXMLNamespaces: only local names count, whatever namespace
// or prefix a release uses.
func TestReadOFACXMLNamespaces(t *testing.T) {
	data := ofxRead(t, ofxCMICFixture)
	want, err := lists.ReadOFACXML(bytes.NewReader(data), "cons.xml")
	if err != nil {
		t.Fatal(err)
	}
	variants := map[string]string{
		"no namespace": strings.Replace(string(data), ` xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"`, "", 1),
		"prefixed": strings.NewReplacer(
			`<sdnList xmlns:xsi`, `<o:sdnList xmlns:o="http://tempuri.org/sdnList.xsd" xmlns:xsi`,
			`</sdnList>`, `</o:sdnList>`,
			`<sdnEntry>`, `<o:sdnEntry>`, `</sdnEntry>`, `</o:sdnEntry>`,
			`<uid>`, `<o:uid>`, `</uid>`, `</o:uid>`,
		).Replace(string(data)),
	}
	for name, v := range variants {
		t.Run(name, func(t *testing.T) {
			got, err := lists.ReadOFACXML(strings.NewReader(v), "cons.xml")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.Entries, got.Entries); diff != "" {
				t.Errorf("entries (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReadOFACXMLExtract reads four real entries of the 2018
// consolidated.xml: a vessel, an individual, weak aliases, ids with
// countries.
func TestReadOFACXMLExtract(t *testing.T) {
	data := ofxRead(t, ofxExtractFixture)
	l, err := lists.ReadOFACXML(bytes.NewReader(data), ofxExtractFixture)
	if err != nil {
		t.Fatal(err)
	}
	ofxWantRelease(t, l.Release, "OFAC Consolidated (non-SDN) List", lists.FormatOFACXML, ofxExtractFixture, holdings.MustDate("2018-04-06"), data)
	tests := []struct {
		id     string
		reason string
		check  func(e *lists.Entry) any
		want   any
	}{
		{"15036", "vesselInfo fills the vessel fields",
			func(e *lists.Entry) any {
				return []string{e.Type, e.CallSign, e.VesselType, e.VesselFlag, e.VesselOwner, e.Tonnage, e.GRT}
			},
			[]string{"vessel", "T2EU4", "Crude/Oil Products Tanker", "Tanzania", "", "99144", "56068"}},
		{"15036", "the simple XML writes relationships in the remarks, in parentheses",
			func(e *lists.Entry) any { return e.LinkedTo }, []string{"NATIONAL IRANIAN TANKER COMPANY"}},
		{"15036", "f.k.a. is fka; every id is kept",
			func(e *lists.Entry) any { return []any{e.Aliases[0], len(e.IDs), e.IDs[0]} },
			[]any{lists.Alias{ID: "22153", Type: "fka", Name: "ABADAN"}, 7, lists.Identifier{Type: "MMSI", Value: "572469210"}}},
		{"4637", "category weak sets Weak",
			func(e *lists.Entry) any { return e.Aliases },
			[]lists.Alias{{ID: "3556", Type: "aka", Name: "BANK SANAD VA MADAN"}, {ID: "12086", Type: "aka", Name: "BIM", Weak: true}}},
		{"4637", "the postal code follows the city",
			func(e *lists.Entry) any { return e.Addresses[0].City }, "Tehran 1965643511"},
		{"15960", "an individual is LAST, First, with a title",
			func(e *lists.Entry) any { return []string{e.Type, e.Name, e.Title, e.Aliases[0].Name} },
			[]string{"individual", "GHALEBANI, Ahmad", "Managing Director, National Iranian Oil Company; Director, Hong Kong Intertrade Company; Director, Petro Suisse Intertrade Company", "GHALEHBANI, Ahmad"}},
		{"15960", "idCountry is the identifier's country",
			func(e *lists.Entry) any { return e.IDs[0] }, lists.Identifier{Type: "Passport", Value: "H20676140", Country: "Iran"}},
		{"17013", "program UKRAINE-EO13662 is the SSI list in the consolidated file",
			func(e *lists.Entry) any { return []string{string(e.List), e.Programs[0]} }, []string{string(lists.SSI), "UKRAINE-EO13662"}},
		{"17013", "remarks are kept whole",
			func(e *lists.Entry) any { return e.Remarks },
			"For more information on directives, please visit the following link: http://www.treasury.gov/resource-center/sanctions/Programs/Pages/ukraine.aspx#directives."},
	}
	for _, tc := range tests {
		if diff := cmp.Diff(tc.want, tc.check(ofxEntry(t, l, tc.id))); diff != "" {
			t.Errorf("entry %s: %s (-want +got):\n%s", tc.id, tc.reason, diff)
		}
	}
	if got := ofxEntry(t, l, "4637").List; got != lists.NonSDN {
		t.Errorf("IRAN-program entry of the consolidated file: list %q, want %q", got, lists.NonSDN)
	}

	// The same bytes under an SDN file name are the SDN list.
	sdn, err := lists.ReadOFACXML(bytes.NewReader(data), "SDN.XML")
	if err != nil {
		t.Fatal(err)
	}
	if got := ofxListCounts(sdn); !cmp.Equal(got, map[lists.Code]int{lists.SDN: 4}) || sdn.Release.Name != "OFAC SDN List" {
		t.Errorf("as SDN.XML: lists %v, name %q; want 4 SDN, OFAC SDN List", got, sdn.Release.Name)
	}
}

func TestReadOFACXMLShared(t *testing.T) {
	p := ofxShared(t, "consolidated-2018-04.xml")
	data := ofxRead(t, p)
	l, err := lists.ReadOFACXML(bytes.NewReader(data), p)
	if err != nil {
		t.Fatal(err)
	}
	ofxWantRelease(t, l.Release, "OFAC Consolidated (non-SDN) List", lists.FormatOFACXML, p, holdings.MustDate("2018-04-06"), data)
	// Record_Count says 639 (the reader checks it), and so does a count of
	// the elements themselves.
	if got, want, elems := len(l.Entries), 639, bytes.Count(data, []byte("<sdnEntry>")); got != want || elems != want {
		t.Errorf("entries = %d, <sdnEntry> elements = %d, want %d", got, elems, want)
	}
	for _, e := range l.Entries {
		if e.Name == "" || len(e.Programs) == 0 || e.Type == "" {
			t.Errorf("entry %s: name %q programs %v type %q", e.ID, e.Name, e.Programs, e.Type)
		}
	}
	// In 2018 the CAPTA entry's program was "561List", which says no list
	// (NON-SDN); the 265 E.O. 13599 (IRAN) entries are NON-SDN too.
	wantLists := map[lists.Code]int{lists.NonSDN: 265, lists.SSI: 290, lists.NSPLC: 78, lists.FSE: 6}
	if diff := cmp.Diff(wantLists, ofxListCounts(l)); diff != "" {
		t.Errorf("entries per list (-want +got):\n%s", diff)
	}
}

// ofxErrCase is a malformed input and where the error must point.
type ofxErrCase struct {
	name      string
	reason    string
	input     string
	wantLine  int    // 0: not checked
	wantField string // the error's Field, or its prefix when it ends in "*"
}

func ofxCheckErr(t *testing.T, err error, file string, tc ofxErrCase) {
	t.Helper()
	var pe *lists.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want a *ParseError (%s)", err, tc.reason)
	}
	if !errors.Is(err, lists.ErrFormat) {
		t.Errorf("err = %v, want it to match ErrFormat", err)
	}
	field, prefix := strings.CutSuffix(tc.wantField, "*")
	if pe.File != file || (prefix && !strings.HasPrefix(pe.Field, field)) || (!prefix && pe.Field != field) {
		t.Errorf("place = %q field %q, want %q field %q (%v)", pe.File, pe.Field, file, tc.wantField, err)
	}
	if tc.wantLine != 0 && pe.Line != tc.wantLine {
		t.Errorf("line = %d, want %d (%v)", pe.Line, tc.wantLine, err)
	}
}

func TestReadOFACXMLErrors(t *testing.T) {
	head := "<sdnList>\n<publshInformation><Publish_Date>04/06/2018</Publish_Date><Record_Count>1</Record_Count></publshInformation>\n"
	entry := func(body string) string { return head + "<sdnEntry>" + body + "</sdnEntry>\n</sdnList>\n" }
	ok := "<uid>1</uid><lastName>ACME</lastName><sdnType>Entity</sdnType><programList><program>SDGT</program></programList>"
	extract := string(ofxRead(t, ofxExtractFixture))
	tests := []ofxErrCase{
		{"truncated", "the file ends inside an element", extract[:len(extract)/2], 0, "sdnList/sdnEntry*"},
		{"empty", "no root element at all", "", 0, ""},
		{"wrong root", "an advanced XML file is not a simple one", `<?xml version="1.0"?><Sanctions xmlns="http://www.un.org/sanctions/1.0"/>`, 1, "Sanctions"},
		{"missing uid", "uid is required", entry("<lastName>ACME</lastName><programList/>"), 3, "sdnEntry[1]/uid"},
		{"bad uid", "uid is a number", entry("<uid>x1</uid><lastName>ACME</lastName><programList/>"), 3, "sdnEntry[1]/uid"},
		{"duplicate uid", "an entry appears once", strings.Replace(entry(ok), "</sdnEntry>", "</sdnEntry><sdnEntry>"+ok+"</sdnEntry>", 1), 3, "sdnEntry[uid=1]/uid"},
		{"empty name", "lastName is required", entry("<uid>1</uid><lastName> </lastName><programList/>"), 3, "sdnEntry[uid=1]/lastName"},
		{"missing programList", "programList is required", entry("<uid>1</uid><lastName>ACME</lastName>"), 3, "sdnEntry[uid=1]/programList"},
		{"Record_Count mismatch", "the file says how many entries it holds",
			strings.Replace(entry(ok), "<Record_Count>1<", "<Record_Count>2<", 1), 2, "publshInformation/Record_Count"},
		{"bad Record_Count", "a count is a number", strings.Replace(entry(ok), "<Record_Count>1<", "<Record_Count>one<", 1), 2, "publshInformation/Record_Count"},
		{"bad Publish_Date", "04/31/2018 is no date", strings.Replace(entry(ok), "04/06/2018", "04/31/2018", 1), 2, "publshInformation/Publish_Date"},
		{"bad CMIC date", "a CMIC date must read",
			entry(ok + "<idList><id><uid>5</uid><idType>Listing Date (CMIC)</idType><idNumber>31 Feb 2021</idNumber></id></idList>"), 3,
			"sdnEntry[uid=1]/idList/id[uid=5]: Listing Date (CMIC)"},
		{"empty alias", "an aka has a name", entry(ok + "<akaList><aka><uid>9</uid><type>a.k.a.</type><category>strong</category></aka></akaList>"), 3, "sdnEntry[uid=1]/akaList/aka[uid=9]/lastName"},
		{"deep nesting", "nesting is bounded", entry(ok + strings.Repeat("<x>", 70) + strings.Repeat("</x>", 70)), 3, "sdnList/sdnEntry/x/x/.../x/x"},
		{"long text", "element text is bounded", entry(ok + "<remarks>" + strings.Repeat("a", 3<<20) + "</remarks>"), 0, "sdnList/sdnEntry/remarks"},
		{"long text in pieces", "text split by comments is bounded too", entry(ok + "<remarks>" + strings.Repeat(strings.Repeat("a", 1<<10)+"<!---->", 1100) + "</remarks>"), 0, "sdnList/sdnEntry/remarks"},
		{"long attribute", "a tag is bounded", entry(ok + `<x a="` + strings.Repeat("a", 3<<20) + `"/>`), 0, "sdnList/sdnEntry*"},
		{"undefined entity", "no entity but XML's own", entry(ok + "<remarks>&lol;</remarks>"), 3, "sdnList/sdnEntry/remarks"},
		{"mismatched tags", "the XML must be well-formed", entry(ok + "<remarks></title>"), 3, "sdnList/sdnEntry/remarks"},
		{"content after root", "one root element", entry(ok) + "<sdnList/>", 5, "sdnList"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := lists.ReadOFACXML(strings.NewReader(tc.input), "consolidated.xml")
			ofxCheckErr(t, err, "consolidated.xml", tc)
		})
	}
}

// ofxFailingReader returns some bytes, then an I/O error.
type ofxFailingReader struct{ data []byte }

var errOFXDisk = errors.New("disk on fire")

func (r *ofxFailingReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, errOFXDisk
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestReadOFACXMLReadError: an error of the reader is returned as it is,
// not as a format error.
func TestReadOFACXMLReadError(t *testing.T) {
	data := ofxRead(t, ofxExtractFixture)
	_, err := lists.ReadOFACXML(&ofxFailingReader{data: data[:1000]}, "x.xml")
	if !errors.Is(err, errOFXDisk) || errors.Is(err, lists.ErrFormat) {
		t.Errorf("err = %v, want the reader's error, not ErrFormat", err)
	}
	_, err = lists.ReadOFACAdvanced(&ofxFailingReader{data: ofxRead(t, advCMICFixture)[:1000]}, "x.xml")
	if !errors.Is(err, errOFXDisk) || errors.Is(err, lists.ErrFormat) {
		t.Errorf("advanced: err = %v, want the reader's error, not ErrFormat", err)
	}
}

func BenchmarkReadOFACXML(b *testing.B) {
	data := ofxRead(b, ofxShared(b, "consolidated-2018-04.xml"))
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := lists.ReadOFACXML(bytes.NewReader(data), "consolidated.xml"); err != nil {
			b.Fatal(err)
		}
	}
}
