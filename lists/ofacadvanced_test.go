package lists_test

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

func TestReadOFACAdvancedCMIC(t *testing.T) {
	data := ofxRead(t, advCMICFixture)
	l, err := lists.ReadOFACAdvanced(bytes.NewReader(data), advCMICFixture)
	if err != nil {
		t.Fatal(err)
	}
	// Every entry is also on the "Consolidated List": the consolidated file.
	ofxWantRelease(t, l.Release, "OFAC Consolidated (non-SDN) List", lists.FormatOFACAdvanced, advCMICFixture, holdings.MustDate("2025-12-19"), data)
	if got := ofxListCounts(l); !cmp.Equal(got, map[lists.Code]int{lists.NSCMIC: 3}) {
		t.Errorf("lists = %v, want 3 NS-CMIC", got)
	}
	want := &lists.Entry{
		List:     lists.NSCMIC,
		ID:       "33114",
		Type:     "entity",
		Name:     "SENSETIME GROUP LIMITED",
		Programs: []string{"CMIC-EO13959"},
		// Alias.ID is the DocumentedName ID.
		Aliases:   []lists.Alias{{ID: "80002", Type: "aka", Name: "SENSETIME GROUP LTD"}},
		IDs:       []lists.Identifier{{Type: "C.R. No.", Value: "2162198", Country: "Hong Kong"}},
		CMIC:      &lists.CMICDates{Listing: holdings.MustDate("2021-12-10"), Effective: holdings.MustDate("2022-02-08"), Divestment: holdings.MustDate("2022-12-10")},
		Addresses: []lists.Address{{ID: "49789", Street: "Block 1, 1F & 2F Harbour View, 12 Science Park, West Avenue", City: "Hong Kong New Territories, Hong Kong SAR", Country: "China"}},
	}
	if diff := cmp.Diff(want, ofxEntry(t, l, "33114")); diff != "" {
		t.Errorf("SenseTime (-want +got):\n%s", diff)
	}
	cm := ofxEntry(t, l, "30923")
	if diff := cmp.Diff([]string{"CHINA MOBILE COMMUNICATIONS GROUP CO., LTD"}, cm.LinkedTo); diff != "" {
		t.Errorf("China Mobile LinkedTo, from a ProfileRelationship (-want +got):\n%s", diff)
	}
	if cm.TargetType != "Public Company" {
		t.Errorf("China Mobile Target Type = %q, want the DetailReference label Public Company", cm.TargetType)
	}
}

// TestReadOFACAdvancedVariants changes the fixture the way other releases
// differ from it.
func TestReadOFACAdvancedVariants(t *testing.T) {
	data := string(ofxRead(t, advCMICFixture))
	read := func(t *testing.T, s, file string) *lists.List {
		t.Helper()
		l, err := lists.ReadOFACAdvanced(strings.NewReader(s), file)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	t.Run("weak alias", func(t *testing.T) {
		s := strings.Replace(data, `AliasTypeID="1403" Primary="false" LowQuality="false">`+"\r\n"+`            <DocumentedName ID="80006"`,
			`AliasTypeID="1401" Primary="false" LowQuality="true">`+"\r\n"+`            <DocumentedName ID="80006"`, 1)
		got := ofxEntry(t, read(t, s, "cons.xml"), "30944").Aliases
		if diff := cmp.Diff([]lists.Alias{{ID: "80006", Type: "fka", Name: "CHINA MOBILE", Weak: true}}, got); diff != "" {
			t.Errorf("LowQuality f.k.a. (-want +got):\n%s", diff)
		}
	})
	t.Run("unknown list", func(t *testing.T) {
		s := strings.Replace(data, ">Non-SDN CMIC List<", ">Non-SDN Future Measures List<", 1)
		e := ofxEntry(t, read(t, s, "cons_advanced.xml"), "33114")
		if e.List != lists.NonSDN {
			t.Errorf("list = %q, want %q", e.List, lists.NonSDN)
		}
		if diff := cmp.Diff(lists.Identifier{Type: "Sanctions List", Value: "Non-SDN Future Measures List"}, e.IDs[len(e.IDs)-1]); diff != "" {
			t.Errorf("label not recorded (-want +got):\n%s", diff)
		}
	})
	t.Run("SDN file", func(t *testing.T) {
		// An entry on the SDN List and another list of a file that is not
		// the consolidated one is SDN.
		s := strings.NewReplacer(`ListID="1550"`, `ListID="91512"`, ">Consolidated List<", ">Something Else<").Replace(data)
		l := read(t, s, "sdn_advanced.xml")
		if got := ofxListCounts(l); !cmp.Equal(got, map[lists.Code]int{lists.SDN: 3}) || l.Release.Name != "OFAC SDN List" {
			t.Errorf("lists = %v, name %q; want 3 SDN, OFAC SDN List", got, l.Release.Name)
		}
		// The same in a file named as the consolidated one: the non-SDN
		// list wins, as in cons_prim.csv.
		l = read(t, s, "cons_advanced.xml")
		if got := ofxListCounts(l); !cmp.Equal(got, map[lists.Code]int{lists.NSCMIC: 3}) {
			t.Errorf("lists = %v, want 3 NS-CMIC", got)
		}
	})
	t.Run("individual", func(t *testing.T) {
		// Last and first name parts make "LAST, First"; PartySubType
		// "Unknown" takes the PartyType's label.
		s := strings.NewReplacer(
			`<Profile ID="33114" PartySubTypeID="4">`, `<Profile ID="33114" PartySubTypeID="1">`,
			`<NamePartValue NamePartGroupID="70001" ScriptID="215" ScriptStatusID="1" Acronym="false">SENSETIME GROUP LIMITED</NamePartValue>`,
			`<NamePartValue NamePartGroupID="70001" ScriptID="215" ScriptStatusID="1" Acronym="false">DOE</NamePartValue></DocumentedNamePart><DocumentedNamePart><NamePartValue NamePartGroupID="70002" ScriptID="215" ScriptStatusID="1" Acronym="false">John</NamePartValue>`,
			`<NamePartGroup ID="70001" NamePartTypeID="1520" />`, `<NamePartGroup ID="70001" NamePartTypeID="1525" />`,
			`<NamePartGroup ID="70002" NamePartTypeID="1520" />`, `<NamePartGroup ID="70002" NamePartTypeID="1521" />`,
		).Replace(data)
		e := ofxEntry(t, read(t, s, "cons.xml"), "33114")
		if e.Name != "DOE, John" || e.Type != "individual" {
			t.Errorf("name %q type %q, want DOE, John / individual", e.Name, e.Type)
		}
	})
}

// ofxView is what an entry says in every OFAC format: the fields the
// formats carry alike (not Remarks: the legacy CSV writes every field
// there; not alias IDs: the advanced XML numbers names apart).
type ofxView struct {
	Name, Type  string
	List        lists.Code
	Programs    []string
	ISINs       []string
	Tickers     []lists.Ticker
	IssuerNames []string
	CMIC        *lists.CMICDates
	TargetType  string
	IDs         []lists.Identifier
	LinkedTo    []string
	Aliases     []string
	Addresses   []lists.Address
}

func ofxViewOf(e *lists.Entry) ofxView {
	v := ofxView{Name: e.Name, List: e.List, Type: e.Type, Programs: e.Programs, ISINs: e.ISINs, Tickers: e.Tickers,
		IssuerNames: e.IssuerNames, CMIC: e.CMIC, TargetType: e.TargetType, IDs: e.IDs, LinkedTo: e.LinkedTo, Addresses: e.Addresses}
	for _, a := range e.Aliases {
		v.Aliases = append(v.Aliases, fmt.Sprintf("%s %q weak=%v", a.Type, a.Name, a.Weak))
	}
	return v
}

// TestOFACFormatsAgree is the point of the shared field mapping: the
// NS-CMIC entries read from the advanced XML and from the simple XML are
// the entries the embedded legacy CSV gives.
func TestOFACFormatsAgree(t *testing.T) {
	csv, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	simple, err := lists.ReadOFACXML(bytes.NewReader(ofxRead(t, ofxCMICFixture)), ofxCMICFixture)
	if err != nil {
		t.Fatal(err)
	}
	adv, err := lists.ReadOFACAdvanced(bytes.NewReader(ofxRead(t, advCMICFixture)), advCMICFixture)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"33114", "30923", "30944"} {
		want := ofxEntry(t, csv, id)
		for _, got := range []struct {
			format string
			list   *lists.List
		}{{"simple XML", simple}, {"advanced XML", adv}} {
			if diff := cmp.Diff(ofxViewOf(want), ofxViewOf(ofxEntry(t, got.list, id))); diff != "" {
				t.Errorf("entry %s from the %s differs from the legacy CSV (-csv +xml):\n%s", id, got.format, diff)
			}
		}
		// The simple XML's aka uid is the CSV's alt_num.
		if diff := cmp.Diff(want.Aliases, ofxEntry(t, simple, id).Aliases); diff != "" {
			t.Errorf("entry %s: simple XML aliases (-csv +xml):\n%s", id, diff)
		}
	}
}

func TestReadOFACAdvancedShared(t *testing.T) {
	p := ofxShared(t, "cons_advanced-2020-03.xml")
	data := ofxRead(t, p)
	l, err := lists.ReadOFACAdvanced(bytes.NewReader(data), p)
	if err != nil {
		t.Fatal(err)
	}
	ofxWantRelease(t, l.Release, "OFAC Consolidated (non-SDN) List", lists.FormatOFACAdvanced, p, holdings.MustDate("2020-03-17"), data)
	// One entry per DistinctParty (each has one Profile): counted here
	// apart from the reader.
	if got, want, elems := len(l.Entries), 375, bytes.Count(data, []byte("<DistinctParty ")); got != want || elems != want {
		t.Errorf("entries = %d, <DistinctParty> elements = %d, want %d", got, elems, want)
	}
	// 290 SSI = 287 on SSI alone + 3 also on the SDN List; 78 NS-PLC =
	// 77 + 1 also SDN; 6 FSE = 1 + 5 also SDN; the one CAPTA entry.
	wantLists := map[lists.Code]int{lists.SSI: 290, lists.NSPLC: 78, lists.FSE: 6, lists.Part561: 1}
	if diff := cmp.Diff(wantLists, ofxListCounts(l)); diff != "" {
		t.Errorf("entries per list (-want +got):\n%s", diff)
	}

	// Entries unchanged from 2020 to the embedded 2025-12 legacy CSV are
	// equal to its rows: an individual with an address and the CAPTA
	// (561) entry with SWIFT/BIC ids and addresses.
	csv, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"9641", "15268"} {
		if diff := cmp.Diff(ofxViewOf(ofxEntry(t, csv, id)), ofxViewOf(ofxEntry(t, l, id))); diff != "" {
			t.Errorf("entry %s (-csv2025 +advanced2020):\n%s", id, diff)
		}
	}
	// 9659 is on the SDN List and the NS-PLC list: in the consolidated
	// file it is NS-PLC, as cons_prim.csv has it, and its region-only
	// address is written as the legacy formats write it. (OFAC upper-cased
	// its aliases after 2020.)
	got, want := ofxViewOf(ofxEntry(t, l, "9659")), ofxViewOf(ofxEntry(t, csv, "9659"))
	got.Aliases, want.Aliases = nil, nil
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entry 9659 (-csv2025 +advanced2020):\n%s", diff)
	}
}

// TestReadOFACAdvancedAgreesWithSimpleXML compares every entry of the
// 2020 advanced XML with the same entry of the 2018 simple XML: the two
// readers build names, aliases, relationships and vessels alike. What
// differs is what OFAC changed in those two years.
func TestReadOFACAdvancedAgreesWithSimpleXML(t *testing.T) {
	advPath, simplePath := ofxShared(t, "cons_advanced-2020-03.xml"), ofxShared(t, "consolidated-2018-04.xml")
	adv, err := lists.ReadOFACAdvanced(bytes.NewReader(ofxRead(t, advPath)), advPath)
	if err != nil {
		t.Fatal(err)
	}
	simple, err := lists.ReadOFACXML(bytes.NewReader(ofxRead(t, simplePath)), simplePath)
	if err != nil {
		t.Fatal(err)
	}
	upper := func(ss []string) []string {
		out := []string{}
		for _, s := range ss {
			out = append(out, strings.ToUpper(s))
		}
		sort.Strings(out)
		return out
	}
	type view struct {
		Name, Type           string
		List                 lists.Code
		Programs             []string
		Aliases, IDs, Linked []string
		Addresses            []string
		Vessel               [6]string
	}
	viewOf := func(e *lists.Entry) view {
		v := view{Name: strings.ToUpper(e.Name), Type: e.Type, List: e.List, Programs: upper(e.Programs), Linked: upper(e.LinkedTo),
			Vessel: [6]string{e.CallSign, e.VesselType, e.VesselFlag, e.VesselOwner, e.Tonnage, e.GRT}}
		var al, ids, addrs []string
		for _, a := range e.Aliases {
			al = append(al, fmt.Sprintf("%s|%s|%v", a.Type, a.Name, a.Weak))
		}
		for _, id := range e.IDs {
			if id.Type == "SWIFT/BIC" {
				id.Value = strings.ReplaceAll(id.Value, " ", "") // OFAC wrote them with spaces in 2020
			}
			ids = append(ids, id.Type+"|"+id.Value+"|"+id.Country)
		}
		for _, a := range e.Addresses {
			addrs = append(addrs, a.ID+"|"+a.Street+"|"+a.City+"|"+a.Country)
		}
		v.Aliases, v.IDs, v.Addresses = upper(al), upper(ids), upper(addrs)
		return v
	}
	// What OFAC changed between the releases.
	changed := map[string]string{
		"15268": "program 561List renamed 561-Related (list NON-SDN -> 561)",
		"18299": "VENEZUELA-EO13850 added in 2019 with two ids; an address rewritten",
	}
	common := 0
	for _, a := range adv.Entries {
		var s *lists.Entry
		for _, e := range simple.Entries {
			if e.ID == a.ID {
				s = e
			}
		}
		if s == nil {
			continue
		}
		common++
		diff := cmp.Diff(viewOf(s), viewOf(a))
		if reason, ok := changed[a.ID]; ok {
			if diff == "" {
				t.Errorf("entry %s is the same in both, want a difference: %s", a.ID, reason)
			}
			continue
		}
		if diff != "" {
			t.Errorf("entry %s (-simple2018 +advanced2020):\n%s", a.ID, diff)
		}
	}
	if common != 373 {
		t.Errorf("entries in both = %d, want 373", common)
	}
}

func TestReadOFACAdvancedErrors(t *testing.T) {
	data := string(ofxRead(t, advCMICFixture))
	sub := func(old, new string) string {
		if !strings.Contains(data, old) {
			t.Fatalf("fixture lacks %q", old)
		}
		return strings.Replace(data, old, new, 1)
	}
	cm := "DistinctParty[FixedRef=30923]/Profile[ID=30923]"
	tests := []ofxErrCase{
		{"truncated", "the file ends inside a party", data[:len(data)/2], 0, "Sanctions/DistinctParties/DistinctParty*"},
		{"wrong root", "a simple XML file is not an advanced one", `<sdnList xmlns="http://tempuri.org/sdnList.xsd"></sdnList>`, 1, "sdnList"},
		{"missing DateOfIssue", "the release date is required", sub("<DateOfIssue CalendarTypeID=\"7\"><Year>2025</Year><Month>12</Month><Day>19</Day></DateOfIssue>", ""), 0, "DateOfIssue"},
		{"bad DateOfIssue", "there is no 31 November", sub("<Month>12</Month><Day>19</Day></DateOfIssue>", "<Month>11</Month><Day>31</Day></DateOfIssue>"), 7, "DateOfIssue"},
		{"unresolved FeatureType", "an ID not in the reference sets", sub(`<FeatureType ID="8" `, `<FeatureType ID="88" `), 0,
			cm + "/Feature[ID=900015]/@FeatureTypeID"},
		{"unresolved List", "an ID not in the reference sets", sub(`<List ID="91507">`, `<List ID="91508">`), 0,
			"SanctionsEntries/SanctionsEntry[ID=10033114]/@ListID"},
		{"unresolved IDRegDocType", "an ID not in the reference sets", sub(`<IDRegDocType ID="1596">`, `<IDRegDocType ID="1597">`), 0,
			"IDRegDocuments/IDRegDocument[ID=60001]/@IDRegDocTypeID"},
		{"unresolved Country", "an ID not in the reference sets", sub(`<Country ID="11065" `, `<Country ID="11066" `), 0,
			"IDRegDocuments/IDRegDocument[ID=60001]/@IssuedBy-CountryID"},
		{"unresolved AliasType", "an ID not in the reference sets", sub(`<AliasType ID="1400">`, `<AliasType ID="1404">`), 0,
			"DistinctParty[FixedRef=33114]/Profile[ID=33114]/Identity[ID=50001]/Alias/@AliasTypeID"},
		{"unresolved PartySubType", "an ID not in the reference sets", sub(`<Profile ID="33114" PartySubTypeID="4">`, `<Profile ID="33114" PartySubTypeID="9">`), 0,
			"DistinctParty[FixedRef=33114]/Profile[ID=33114]/@PartySubTypeID"},
		{"unresolved SanctionsType", "an ID not in the reference sets", sub(`<SanctionsType ID="1705">`, `<SanctionsType ID="1706">`), 0,
			"SanctionsEntries/SanctionsEntry[ID=70033114]/SanctionsMeasure[ID=72033114]/@SanctionsTypeID"},
		{"unresolved Location", "a VersionLocation must name a Location", sub(`<VersionLocation LocationID="49789" />`, `<VersionLocation LocationID="49788" />`), 0,
			"DistinctParty[FixedRef=33114]/Profile[ID=33114]/Feature[ID=900004]/FeatureVersion[ID=1000004]/VersionLocation/@LocationID"},
		{"unresolved identity", "an ID document belongs to a party of the file", sub(`IdentityID="50001" IssuedBy`, `IdentityID="50009" IssuedBy`), 0,
			"IDRegDocuments/IDRegDocument[ID=60001]/@IdentityID"},
		{"unresolved profile", "a sanctions entry belongs to a party of the file", sub(`ProfileID="33114" ListID="1550"`, `ProfileID="33115" ListID="1550"`), 0,
			"SanctionsEntries/SanctionsEntry[ID=70033114]/@ProfileID"},
		{"unresolved name part group", "a name part has a type", sub(`<NamePartGroup ID="70001" `, `<NamePartGroup ID="70099" `), 0,
			"DistinctParty[FixedRef=33114]/Profile[ID=33114]/Identity[ID=50001]/Alias/DocumentedName[ID=80001]/DocumentedNamePart/NamePartValue/@NamePartGroupID"},
		{"bad CMIC date", "a date period with month 13", sub("<Year>2022</Year><Month>2</Month><Day>8</Day></From>", "<Year>2022</Year><Month>13</Month><Day>8</Day></From>"), 0,
			"DistinctParty[FixedRef=33114]/Profile[ID=33114]/Feature[ID=900001]/FeatureVersion[ID=1000001]/DatePeriod"},
		{"missing profile ID", "the profile ID is the entry's ID", sub(`<Profile ID="33114" `, `<Profile `), 0, "DistinctParty[FixedRef=33114]/Profile/@ID"},
		{"duplicate profile", "a profile appears once", sub(`<Profile ID="30923" `, `<Profile ID="33114" `), 0, "DistinctParty[FixedRef=30923]/Profile[ID=33114]"},
		{"deep nesting", "nesting is bounded", sub("<DistinctParty FixedRef=\"33114\">\r\n      <Comment />", "<DistinctParty FixedRef=\"33114\">"+strings.Repeat("<Comment>", 70)+strings.Repeat("</Comment>", 70)), 0, "Sanctions/DistinctParties/DistinctParty/Comment/.../Comment/Comment"},
		{"long text", "element text is bounded", sub("<DistinctParty FixedRef=\"33114\">\r\n      <Comment />", "<DistinctParty FixedRef=\"33114\"><Comment>"+strings.Repeat("x", 2<<20)+"</Comment>"), 0, "Sanctions/DistinctParties/DistinctParty/Comment"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := lists.ReadOFACAdvanced(strings.NewReader(tc.input), "cons_advanced.xml")
			ofxCheckErr(t, err, "cons_advanced.xml", tc)
		})
	}
}

func BenchmarkReadOFACAdvanced(b *testing.B) {
	data := ofxRead(b, ofxShared(b, "cons_advanced-2020-03.xml"))
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := lists.ReadOFACAdvanced(bytes.NewReader(data), "cons_advanced.xml"); err != nil {
			b.Fatal(err)
		}
	}
}
