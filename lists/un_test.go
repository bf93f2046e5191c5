package lists_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

func TestReadUN(t *testing.T) {
	l, data, path := readFixture(t, lists.ReadUN, "testdata", "un", "consolidated.xml")
	wantRelease(t, l.Release, "UN Security Council Consolidated List", lists.FormatUN, path, data)
	if got, want := l.Release.Date, holdings.MustDate("2026-02-27"); got != want {
		t.Errorf("release date = %v, want %v (dateGenerated)", got, want)
	}
	var ids []string
	for _, e := range l.Entries {
		ids = append(ids, e.Type+" "+e.ID)
	}
	if diff := cmp.Diff([]string{"individual 1000001", "individual 1000002", "entity 2000001", "entity 2000002"}, ids); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
	const dprk = "Democratic People's Republic of Korea"
	want := &lists.Entry{
		List: lists.UN,
		ID:   "1000001",
		Type: "individual",
		// The four name parts, white space made single.
		Name:     "JOHN QUINCY PUBLIC EXAMPLE DOE",
		Programs: []string{"DPRK"},
		Title:    "Doctor; Colonel",
		Remarks:  "Example remarks & more.",
		Aliases: []lists.Alias{
			{Type: "aka", Name: "존 도"}, // NAME_ORIGINAL_SCRIPT
			{Type: "aka", Name: "Jon Doe"},
			{Type: "aka", Name: "JD", Weak: true}, // QUALITY Low
		},
		IDs: []lists.Identifier{
			{Type: "UN Reference Number", Value: "KPi.001"},
			{Type: "Passport", Value: "PD123456", Country: dprk},
		},
		// The empty address is dropped.
		Addresses: []lists.Address{{Street: "1 Example Street", City: "Pyongyang, Central District", Country: dprk, Remarks: "as of 2015"}},
		// LISTED_ON 2015-04-07-04:00: the time zone does not move the date.
		Listed: holdings.MustDate("2015-04-07"),
	}
	if diff := cmp.Diff(want, find(t, l, "1000001")); diff != "" {
		t.Errorf("individual (-want +got):\n%s", diff)
	}
	roe := find(t, l, "1000002")
	if diff := cmp.Diff([]lists.Alias{{Type: "aka", Name: "Mary Roe-Smith"}, {Type: "fka", Name: "Mary Smith"}}, roe.Aliases); diff != "" {
		t.Errorf("a.k.a. and f.k.a. aliases (-want +got):\n%s", diff)
	}
	ent := find(t, l, "2000001")
	wantEnt := &lists.Entry{
		List:      lists.UN,
		ID:        "2000001",
		Type:      "entity",
		Name:      "EXAMPLE TRADING CORPORATION",
		Programs:  []string{"DPRK"},
		Remarks:   "Main arms dealer of the example.",
		Aliases:   []lists.Alias{{Type: "aka", Name: "EXTRACO"}, {Type: "aka", Name: "ETC", Weak: true}},
		IDs:       []lists.Identifier{{Type: "UN Reference Number", Value: "KPe.001"}},
		Addresses: []lists.Address{{City: "Pyongyang", Country: dprk}},
		Listed:    holdings.MustDate("2009-04-24"),
	}
	if diff := cmp.Diff(wantEnt, ent); diff != "" {
		t.Errorf("entity (-want +got):\n%s", diff)
	}
	if e := find(t, l, "2000002"); e.Name != "EXAMPLE SHIPPING COMPANY LIMITED" || e.InForce(holdings.MustDate("2008-03-02")) || !e.InForce(holdings.MustDate("2008-03-03")) {
		t.Errorf("entity with an unknown element: %+v", e)
	}
	s := lists.NewSet(l)
	if _, hits := s.ByName("Example Trading Corp."); len(hits) != 1 || hits[0].Entry.ID != "2000001" {
		t.Errorf("ByName(Example Trading Corp.) = %v", hits)
	}
}

func TestReadUNErrors(t *testing.T) {
	const open = `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">` + "\n"
	ind := func(body string) string {
		return open + "<INDIVIDUALS>\n<INDIVIDUAL>\n" + body + "\n</INDIVIDUAL>\n</INDIVIDUALS>\n</CONSOLIDATED_LIST>\n"
	}
	const path = "CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL[1]"
	tests := []struct {
		name      string
		reason    string
		in        string
		wantLine  int
		wantField string
	}{
		{"empty file", "no root element", "", 0, ""},
		{"wrong root", "not the UN list", `<sdnList><sdnEntry/></sdnList>`, 1, ""},
		{"truncated", "the file ends inside an entry", ind("<DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME>")[:len(open)+40], 5, path + "/DATAID"},
		{"mismatched end tag", "not well-formed", ind("<DATAID>1</FIRST_NAME>"), 5, path + "/DATAID"},
		{"bad LISTED_ON", "not a date", ind("<DATAID>1</DATAID>\n<FIRST_NAME>A</FIRST_NAME>\n<LISTED_ON>2015-02-30</LISTED_ON>"), 7, path + "/LISTED_ON"},
		{"bad LISTED_ON zone", "not a time zone", ind("<DATAID>1</DATAID>\n<FIRST_NAME>A</FIRST_NAME>\n<LISTED_ON>2015-02-03+4</LISTED_ON>"), 7, path + "/LISTED_ON"},
		{"bad dateGenerated", "the release date must read", `<CONSOLIDATED_LIST dateGenerated="yesterday"></CONSOLIDATED_LIST>`, 1, "CONSOLIDATED_LIST@dateGenerated"},
		{"no DATAID", "an entry has an id", ind("<FIRST_NAME>A</FIRST_NAME>"), 6, path},
		{"no name", "an entry has a name", ind("<DATAID>1</DATAID>"), 6, path},
		{"duplicate DATAID", "one entry per id", open + "<ENTITIES>\n<ENTITY><DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME></ENTITY>\n<ENTITY><DATAID>1</DATAID><FIRST_NAME>B</FIRST_NAME></ENTITY>\n</ENTITIES></CONSOLIDATED_LIST>", 5, "CONSOLIDATED_LIST/ENTITIES/ENTITY[2]"},
		{"too deep", "nesting is bounded", open + strings.Repeat("<X>", 70) + strings.Repeat("</X>", 70) + "</CONSOLIDATED_LIST>", 3, "CONSOLIDATED_LIST" + strings.Repeat("/X", 63)},
		{"text over 1 MiB", "memory is bounded", ind("<DATAID>1</DATAID><FIRST_NAME>" + strings.Repeat("A", 1<<20+1) + "</FIRST_NAME>"), 5, path + "/FIRST_NAME"},
		{"comment over 1 MiB", "memory is bounded", open + "<!--" + strings.Repeat("<", 1<<20) + "-->", 3, "CONSOLIDATED_LIST"},
		{"second root", "one document", `<CONSOLIDATED_LIST></CONSOLIDATED_LIST><CONSOLIDATED_LIST>`, 1, ""},
		{"text after the root", "nothing after the document", `<CONSOLIDATED_LIST></CONSOLIDATED_LIST>junk`, 1, ""},
		{"other encoding", "UTF-8 only", `<?xml version="1.0" encoding="ISO-8859-1"?><CONSOLIDATED_LIST/>`, 1, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := lists.ReadUN(strings.NewReader(tc.in), "un.xml")
			if err == nil {
				t.Fatalf("%s: no error", tc.reason)
			}
			wantParseError(t, err, "un.xml", tc.wantLine, tc.wantField)
		})
	}
}

func TestReadUNSharedData(t *testing.T) {
	path := realFile(t, "un", "consolidated-2026-02-27.xml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	l, err := lists.ReadUN(bytes.NewReader(data), path)
	if err != nil {
		t.Fatal(err)
	}
	wantRelease(t, l.Release, "UN Security Council Consolidated List", lists.FormatUN, path, data)
	if got, want := l.Release.Date, holdings.MustDate("2026-02-27"); got != want {
		t.Errorf("release date = %v, want %v", got, want)
	}
	// Counted independently with python3's xml.etree over the same file.
	counts := map[string]int{}
	for _, e := range l.Entries {
		counts[e.Type]++
		counts["program "+strings.Join(e.Programs, "+")]++
		if e.List != lists.UN || e.Name == "" || e.Listed.IsZero() || len(e.IDs) == 0 || e.IDs[0].Type != "UN Reference Number" {
			t.Errorf("entry %s: list %q name %q listed %v ids %v", e.ID, e.List, e.Name, e.Listed, e.IDs)
		}
		for _, a := range e.Aliases {
			switch {
			case a.Weak:
				counts["weak alias"]++
			default:
				counts[a.Type]++
			}
		}
		counts["document"] += len(e.IDs) - 1
	}
	want := map[string]int{
		"individual": 730, "entity": 273,
		"program Al-Qaida": 341, "program DPRK": 155, "program Taliban": 140, "program Iran": 121, "program Iraq": 75,
		"program DRC": 53, "program Libya": 30, "program Somalia": 24, "program CAR": 15, "program Haiti": 11,
		"program Yemen": 11, "program GB": 10, "program Sudan": 9, "program SouthSudan": 8,
		"aka":        2118 + 378, // aliases of quality Good, a.k.a. or none; names in original script
		"fka":        19,
		"weak alias": 615, // quality Low
		"document":   454, // INDIVIDUAL_DOCUMENTs with a NUMBER
	}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	komid := find(t, l, "690735")
	if komid.Name != "KOREA MINING DEVELOPMENT TRADING CORPORATION" || komid.Listed != holdings.MustDate("2009-04-24") || len(komid.Aliases) != 4 {
		t.Errorf("KOMID = %q listed %v aliases %v", komid.Name, komid.Listed, komid.Aliases)
	}
	// The time zone of LISTED_ON (2015-04-07-04:00) is read, not kept.
	n := 0
	for _, e := range l.Entries {
		if e.Listed == holdings.MustDate("2015-04-07") {
			n++
		}
	}
	if n == 0 {
		t.Error("no entry listed on 2015-04-07")
	}
}
