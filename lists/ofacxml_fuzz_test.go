package lists_test

import (
	"bytes"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/investscreen/investscreen/lists"
)

// ofxFuzzCheck is what every input must give: a list whose provenance
// covers every byte and whose entries have an ID and a name, or a
// *ParseError matching ErrFormat that names the file.
func ofxFuzzCheck(t *testing.T, data []byte, file string, l *lists.List, err error) {
	if err != nil {
		var pe *lists.ParseError
		if !errors.As(err, &pe) || !errors.Is(err, lists.ErrFormat) || pe.File != file {
			t.Fatalf("err = %#v, want a *ParseError for %s matching ErrFormat", err, file)
		}
		return
	}
	if len(l.Release.Files) != 1 || l.Release.Files[0].Size != int64(len(data)) || l.Release.SHA256 != l.Release.Files[0].SHA256 {
		t.Fatalf("release %+v does not cover the %d bytes read", l.Release, len(data))
	}
	for _, e := range l.Entries {
		if e.ID == "" || e.Name == "" || e.List == "" || e.Type == "" {
			t.Fatalf("incomplete entry %+v", e)
		}
	}
}

// ofxSeeds adds the fixtures to the corpus, cut into one document per
// entry with the indentation and comments taken out. Whole, they are tens
// of kilobytes, and the fuzzer spends its time minimizing what it finds
// in so large an input rather than fuzzing; the unit tests read them
// whole. split returns the documents of one fixture.
func ofxSeeds(f *testing.F, split func(doc string) []string, paths ...string) {
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		doc := ofxCompact.Replace(ofxComment.ReplaceAllString(string(b), ""))
		doc = ofxBetweenTags.ReplaceAllString(doc, "><")
		for _, d := range split(doc) {
			f.Add([]byte(d), true)
			f.Add([]byte(d[:len(d)/2]), false)
		}
	}
}

var (
	ofxComment     = regexp.MustCompile(`(?s)<!--.*?-->`)
	ofxBetweenTags = regexp.MustCompile(`>\s+<`)
	ofxCompact     = strings.NewReplacer("\r\n", "\n")
	ofxSDNEntry    = regexp.MustCompile(`(?s)<sdnEntry>.*?</sdnEntry>`)
	// The records of the advanced fixture that belong to one party.
	ofxAdvRecords = regexp.MustCompile(`(?s)<DistinctParty FixedRef="(\d+)">.*?</DistinctParty>|<SanctionsEntry [^>]*ProfileID="(\d+)".*?</SanctionsEntry>|<IDRegDocument [^>]*IdentityID="(\d+)".*?</IDRegDocument>|<ProfileRelationship .*?</ProfileRelationship>`)
)

// ofxSplitSimple makes one simple-XML document of each sdnEntry.
func ofxSplitSimple(doc string) []string {
	start := doc[:strings.Index(doc, "<publshInformation>")]
	var out []string
	for _, e := range ofxSDNEntry.FindAllString(doc, -1) {
		out = append(out, start+e+"</sdnList>")
	}
	return out
}

// ofxSplitAdvanced makes one advanced-XML document of each party of the
// CMIC fixture, keeping the reference sets and locations.
func ofxSplitAdvanced(doc string) []string {
	identity := map[string]string{"33114": "50001", "30923": "50002", "30944": "50003"}
	var out []string
	for _, party := range []string{"33114", "30923", "30944"} {
		out = append(out, ofxAdvRecords.ReplaceAllStringFunc(doc, func(rec string) string {
			m := ofxAdvRecords.FindStringSubmatch(rec)
			if m[1] == party || m[2] == party || (m[3] != "" && m[3] == identity[party]) {
				return rec
			}
			if party == "30923" && m[1]+m[2]+m[3] == "" {
				return rec // the relationship to 30944, which is missing: skipped
			}
			return ""
		}))
	}
	return out
}

// FuzzReadOFACXML: no input makes the simple XML reader panic or return
// anything but a complete list or a placed format error.
func FuzzReadOFACXML(f *testing.F) {
	ofxSeeds(f, ofxSplitSimple, ofxCMICFixture, ofxExtractFixture)
	f.Add([]byte(`<sdnList><publshInformation><Record_Count>1</Record_Count></publshInformation><sdnEntry><uid>1</uid><lastName>A</lastName><programList/><remarks>(Linked To: B); a.k.a. 'C'; ISIN X.</remarks></sdnEntry></sdnList>`), false)
	f.Add([]byte(`<a:sdnList xmlns:a="u"><a:sdnEntry><uid>01</uid><lastName>A</lastName><programList/><idList><id><idType>Listing Date (CMIC)</idType><idNumber>x</idNumber></id></idList></a:sdnEntry></a:sdnList>`), true)
	f.Fuzz(func(t *testing.T, data []byte, cons bool) {
		file := "SDN.XML"
		if cons {
			file = "consolidated.xml"
		}
		l, err := lists.ReadOFACXML(bytes.NewReader(data), file)
		ofxFuzzCheck(t, data, file, l, err)
	})
}

// FuzzReadOFACAdvanced: no input makes the advanced XML reader panic or
// return anything but a complete list or a placed format error.
func FuzzReadOFACAdvanced(f *testing.F) {
	ofxSeeds(f, ofxSplitAdvanced, advCMICFixture)
	f.Add([]byte(`<Sanctions><DateOfIssue><Year>2020</Year><Month>3</Month><Day>17</Day></DateOfIssue><ReferenceValueSets><PartySubTypeValues><PartySubType ID="1" PartyTypeID="2">Unknown</PartySubType></PartySubTypeValues><PartyTypeValues><PartyType ID="2">Entity</PartyType></PartyTypeValues><AliasTypeValues><AliasType ID="3">Name</AliasType></AliasTypeValues><NamePartTypeValues><NamePartType ID="4">Entity Name</NamePartType></NamePartTypeValues></ReferenceValueSets><DistinctParties><DistinctParty FixedRef="5"><Profile ID="5" PartySubTypeID="1"><Identity ID="6" Primary="true"><Alias AliasTypeID="3" Primary="true"><DocumentedName ID="7"><DocumentedNamePart><NamePartValue NamePartGroupID="8">ACME</NamePartValue></DocumentedNamePart></DocumentedName></Alias><NamePartGroups><MasterNamePartGroup><NamePartGroup ID="8" NamePartTypeID="4"/></MasterNamePartGroup></NamePartGroups></Identity></Profile></DistinctParty></DistinctParties><ProfileRelationships><ProfileRelationship From-ProfileID="5" To-ProfileID="5" RelationTypeID="9"/></ProfileRelationships></Sanctions>`), true)
	f.Fuzz(func(t *testing.T, data []byte, cons bool) {
		file := "sdn_advanced.xml"
		if cons {
			file = "cons_advanced.xml"
		}
		l, err := lists.ReadOFACAdvanced(bytes.NewReader(data), file)
		ofxFuzzCheck(t, data, file, l, err)
	})
}
