package lists_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// TestRemarkDates is issue 12's remark dates: a CMIC date given twice with
// different values is a ParseError naming the entry and its line (never
// the later one silently winning); the same date twice is one date; a
// date that cannot be read is refused with its line.
func TestRemarkDates(t *testing.T) {
	const okRow = `1,"OK CO",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ` + "\r\n"
	primRow := func(id, remarks string) string {
		return id + `,"ACME",-0- ,"CMIC-EO13959",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"` + remarks + `"` + "\r\n"
	}
	const cslHead = "_id,source,entity_number,name,ids\n"
	cslRow := func(ids string) string {
		return `7,"Non-SDN Chinese Military-Industrial Complex Companies List (CMIC) - Treasury Department",7,ACME,"` + ids + "\"\n"
	}
	xmlDoc := func(ids string) string {
		return "<sdnList><publshInformation><Publish_Date>01/02/2025</Publish_Date><Record_Count>1</Record_Count></publshInformation>\n" +
			"<sdnEntry><uid>9</uid><lastName>ACME</lastName><sdnType>Entity</sdnType><programList><program>CMIC-EO13959</program></programList>\n<idList>" + ids + "</idList></sdnEntry></sdnList>"
	}
	xmlID := func(typ, v string) string {
		return "<id><uid>1</uid><idType>" + typ + "</idType><idNumber>" + v + "</idNumber></id>\n"
	}
	tests := []struct {
		name, reason string
		read         func() (*lists.List, error)
		want         error // nil: loads
		line         int
		field        string
	}{
		{"OFAC CSV: two Effective Dates", "issue 12: a duplicated Effective Date (CMIC) let the later date win",
			func() (*lists.List, error) {
				return lists.ReadOFAC(mapFS("cons_prim.csv", okRow+primRow("2", "Effective Date (CMIC) 02 Aug 2021; alt. Effective Date (CMIC) 02 Aug 2022.")+"\x1a"))
			}, lists.ErrConflict, 2, "remarks of entry 2: Effective Date (CMIC)"},
		{"OFAC CSV: the same Effective Date twice", "one date given twice is one date",
			func() (*lists.List, error) {
				return lists.ReadOFAC(mapFS("cons_prim.csv", primRow("2", "Effective Date (CMIC) 02 Aug 2021; alt. Effective Date (CMIC) 02 Aug 2021.")+"\x1a"))
			}, nil, 0, ""},
		{"OFAC CSV: two Listing Dates", "every CMIC date",
			func() (*lists.List, error) {
				return lists.ReadOFAC(mapFS("cons_prim.csv", primRow("5", "Listing Date (CMIC) 03 Jun 2021; Listing Date (CMIC) 04 Jun 2021.")+"\x1a"))
			}, lists.ErrConflict, 1, "remarks of entry 5: Listing Date (CMIC)"},
		{"OFAC CSV: bad remark date", "issue 12: a bad remark date was refused with no line number",
			func() (*lists.List, error) {
				return lists.ReadOFAC(mapFS("cons_prim.csv", okRow+primRow("3", "Purchase/Sales For Divestment Date (CMIC) 31 Feb 2022.")+"\x1a"))
			}, lists.ErrFormat, 2, "remarks of entry 3: Purchase/Sales For Divestment Date (CMIC)"},
		{"CSL: two Effective Dates", "the CSL's ids column, same rule",
			func() (*lists.List, error) {
				return lists.ReadCSL(strings.NewReader(cslHead+cslRow("Effective Date (CMIC), 2021-08-02; Effective Date (CMIC), 2022-08-02")), "csl.csv")
			}, lists.ErrConflict, 2, "ids: Effective Date (CMIC)"},
		{"CSL: bad date", "with its line",
			func() (*lists.List, error) {
				return lists.ReadCSL(strings.NewReader(cslHead+cslRow("Effective Date (CMIC), 2021-02-30")), "csl.csv")
			}, lists.ErrFormat, 2, "ids: Effective Date (CMIC)"},
		{"simple XML: two Effective Dates", "the simple XML's idList, same rule",
			func() (*lists.List, error) {
				return lists.ReadOFACXML(strings.NewReader(xmlDoc(xmlID("Effective Date (CMIC)", "02 Aug 2021")+xmlID("Effective Date (CMIC)", "02 Aug 2022"))), "cons.xml")
			}, lists.ErrConflict, -1, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := tc.read()
			if tc.want == nil {
				if err != nil {
					t.Fatalf("err = %v (%s)", err, tc.reason)
				}
				if got := l.Entries[0].CMIC.Effective; got != holdings.MustDate("2021-08-02") {
					t.Errorf("effective %v", got)
				}
				return
			}
			var pe *lists.ParseError
			if !errors.Is(err, tc.want) || !errors.Is(err, lists.ErrFormat) || !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError matching %v (%s)", err, tc.want, tc.reason)
			}
			if tc.line < 0 {
				// XML: the element path names the entry, the line is the id's.
				if pe.Line < 1 || !strings.Contains(pe.Field, "uid=9") {
					t.Errorf("place line %d field %q, want a line and the entry's path (%v)", pe.Line, pe.Field, err)
				}
				return
			}
			if pe.Line != tc.line || pe.Field != tc.field {
				t.Errorf("place line %d field %q, want line %d field %q (%v)", pe.Line, pe.Field, tc.line, tc.field, err)
			}
		})
	}
}
