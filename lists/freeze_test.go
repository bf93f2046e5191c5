package lists_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

func TestReadEUSanctions(t *testing.T) {
	l, err := lists.Load("testdata/eu/fsf.xml")
	if err != nil {
		t.Fatal(err)
	}
	if l.Release.Format != lists.FormatEUFSF || l.Release.Date != holdings.MustDate("2025-12-18") || len(l.Entries) != 3 || l.Release.SHA256 == "" {
		t.Fatalf("release %+v, %d entries", l.Release, len(l.Entries))
	}
	psb, veb, putin := l.Entries[0], l.Entries[1], l.Entries[2]
	if psb.List != lists.EUFreeze || psb.ID != "6713" || psb.Name != "Promsvyazbank" || psb.Type != "entity" || len(psb.Aliases) != 2 || !psb.Aliases[1].Weak || psb.Aliases[0].Weak {
		t.Errorf("Promsvyazbank: %+v", psb)
	}
	if r := psb.Restriction("EU FSF", "2022/260 (OJ L42I)"); r == nil || r.Effective != holdings.MustDate("2022-02-23") {
		t.Errorf("Promsvyazbank regulation: %+v", psb.Restrictions)
	}
	if len(psb.Programs) != 1 || psb.Programs[0] != "UKR" || len(psb.Addresses) != 1 {
		t.Errorf("Promsvyazbank programs %v addresses %v", psb.Programs, psb.Addresses)
	}
	ids := map[string]string{}
	for _, id := range veb.IDs {
		ids[id.Type] = id.Value
	}
	if ids["Registration Number"] != "1077711000102" || ids["Tax Identification Number"] != "7750004150" || ids["EU reference number"] != "EU.6715.74" {
		t.Errorf("VEB.RF ids %v", ids)
	}
	if putin.Type != "individual" || putin.Name != "Vladimir Vladimirovich Putin" {
		t.Errorf("person: %+v", putin)
	}
}

func TestReadUKSanctionsList(t *testing.T) {
	l, err := lists.Load("testdata/uk/uk-sanctions-list.csv")
	if err != nil {
		t.Fatal(err)
	}
	if l.Release.Format != lists.FormatUKSL || l.Release.Date != holdings.MustDate("2025-11-28") || len(l.Entries) != 3 {
		t.Fatalf("release %+v, %d entries", l.Release, len(l.Entries))
	}
	vtb := l.Entries[0]
	if vtb.ID != "RUS0234" || vtb.Name != "VTB BANK" || vtb.Type != "entity" || len(vtb.Aliases) != 2 || !vtb.Aliases[1].Weak || vtb.Listed != holdings.MustDate("2022-02-24") {
		t.Errorf("VTB: %+v", vtb)
	}
	if !vtb.HasMeasure(lists.UKSanctionsAuthority, "asset freeze") || !vtb.HasMeasure(lists.UKSanctionsAuthority, "Trust services sanctions") {
		t.Errorf("VTB measures %+v", vtb.Restrictions)
	}
	if p := l.Entries[1]; p.Name != "Vladimir Vladimirovich PUTIN" || p.Type != "individual" {
		t.Errorf("person: %+v", p)
	}
	data, err := os.ReadFile("testdata/uk/uk-sanctions-list.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(strings.SplitN(string(data), "\n", 3)[1], ",") + 1; got != 58 {
		t.Fatalf("fixture header has %d columns, want the published 58", got)
	}
}

func TestReadUKSanctionsListErrors(t *testing.T) {
	data, err := os.ReadFile("testdata/uk/uk-sanctions-list.csv")
	if err != nil {
		t.Fatal(err)
	}
	good := string(data)
	lines := strings.SplitAfter(good, "\r\n")
	for _, c := range []struct {
		name, data string
		line       int
		field      string
	}{
		{"no report date", strings.Join(lines[1:], ""), 1, "Report Date"},
		{"bad report date", "Report Date: 31-Foo-2025\r\n" + strings.Join(lines[1:], ""), 1, "Report Date"},
		{"long first line", "Report Date: " + strings.Repeat("x", 5000) + "\r\n" + strings.Join(lines[1:], ""), 1, "Report Date"},
		{"designation type", strings.Replace(good, ",Entity,UK,", ",Company,UK,", 1), 3, "Designation Type"},
		{"date designated", strings.Replace(good, "24/02/2022", "24/13/2022", 1), 3, "Date Designated"},
		{"rows disagree", strings.Replace(good, "Good quality,,,,,Russia,Entity,UK,Asset freeze|", "Good quality,,,,,Russia,Entity,UK,", 1), 4, "Sanctions Imposed"},
		{"missing column", strings.Replace(good, "Sanctions Imposed", "Sanctions", 1), 2, "sanctions imposed"},
		{"only header", lines[0] + lines[1], 0, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := lists.ReadUKSanctionsList(strings.NewReader(c.data), "uk.csv")
			var pe *lists.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, lists.ErrFormat) || pe.File != "uk.csv" || pe.Line != c.line || pe.Field != c.field {
				t.Fatalf("err = %v (%+v), want a ParseError of ErrFormat at line %d, field %q", err, pe, c.line, c.field)
			}
		})
	}
}

func TestReadEUSanctionsErrors(t *testing.T) {
	data, err := os.ReadFile("testdata/eu/fsf.xml")
	if err != nil {
		t.Fatal(err)
	}
	good := string(data)
	for _, c := range []struct{ name, data string }{
		{"root", strings.Replace(strings.Replace(good, "<export ", "<exports ", 1), "</export>", "</exports>", 1)},
		{"no logicalId", strings.Replace(good, `euReferenceNumber="EU.6713.29" logicalId="6713"`, `euReferenceNumber="EU.6713.29"`, 1)},
		{"repeated logicalId", strings.Replace(good, `logicalId="6715">`, `logicalId="6713">`, 1)},
		{"entry into force", strings.Replace(good, `entryIntoForceDate="2022-02-23"`, `entryIntoForceDate="23.2.2022"`, 1)},
		{"truncated", good[:len(good)/2]},
		{"no entities", `<export generationDate="2025-12-18T17:31:24"></export>`},
		{"generation date", strings.Replace(good, "2025-12-18T", "2025-13-18T", 1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := lists.ReadEUSanctions(strings.NewReader(c.data), "fsf.xml")
			var pe *lists.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, lists.ErrFormat) || pe.File != "fsf.xml" {
				t.Fatalf("err = %v, want a ParseError of ErrFormat", err)
			}
		})
	}
}

func FuzzReadEUSanctions(f *testing.F) {
	if data, err := os.ReadFile("testdata/eu/fsf.xml"); err == nil {
		f.Add(string(data))
	}
	f.Fuzz(func(t *testing.T, data string) {
		l, err := lists.ReadEUSanctions(strings.NewReader(data), "f.xml")
		if err != nil {
			var pe *lists.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a ParseError", err)
			}
			return
		}
		for _, e := range l.Entries {
			if e.ID == "" || e.Name == "" {
				t.Fatalf("entry %+v", e)
			}
		}
	})
}

func FuzzReadUKSanctionsList(f *testing.F) {
	if data, err := os.ReadFile("testdata/uk/uk-sanctions-list.csv"); err == nil {
		f.Add(string(data))
	}
	f.Fuzz(func(t *testing.T, data string) {
		l, err := lists.ReadUKSanctionsList(strings.NewReader(data), "f.csv")
		if err != nil {
			var pe *lists.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a ParseError", err)
			}
			return
		}
		for _, e := range l.Entries {
			if e.ID == "" || e.Name == "" {
				t.Fatalf("entry %+v", e)
			}
		}
	})
}
