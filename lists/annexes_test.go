package lists_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/investscreen/investscreen/lists"
)

func TestEUArticle5Table(t *testing.T) {
	l, err := lists.EUArticle5()
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entries) != 24 || l.Release.Date.String() != "2026-07-17" || l.Release.Format != lists.FormatEUArt5 {
		t.Fatalf("%d entries, release %+v", len(l.Entries), l.Release)
	}
	perAnnex := map[string]int{}
	paragraph := map[string]string{}
	for _, e := range l.Entries {
		if e.List != lists.EUArt5 || len(e.Restrictions) != 1 || e.Restrictions[0].Authority != lists.EU833 {
			t.Fatalf("entry %s: %+v", e.ID, e)
		}
		r := e.Restrictions[0]
		perAnnex[r.Measure]++
		if p, ok := paragraph[r.Measure]; ok && p != r.Paragraph {
			t.Errorf("%s: paragraphs %s and %s", r.Measure, p, r.Paragraph)
		}
		paragraph[r.Measure] = r.Paragraph
		if !strings.Contains(r.Source, "833/2014") || !strings.Contains(r.Source, r.Measure) {
			t.Errorf("%s: source %q does not cite the regulation and annex", e.ID, r.Source)
		}
	}
	want := map[string]int{"Annex III": 5, "Annex V": 3, "Annex VI": 3, "Annex XII": 4, "Annex XIII": 9}
	for k, n := range want {
		if perAnnex[k] != n {
			t.Errorf("%s: %d rows, want %d", k, perAnnex[k], n)
		}
	}
	wantPara := map[string]string{"Annex III": "Art. 5(1)", "Annex V": "Art. 5(2)", "Annex VI": "Art. 5(3)", "Annex XII": "Art. 5(4)", "Annex XIII": "Art. 5(4)"}
	for k, p := range wantPara {
		if paragraph[k] != p {
			t.Errorf("%s: paragraph %s, want %s", k, paragraph[k], p)
		}
	}
}

// The identifiers carried are those OFAC publishes for the same issuer.
func TestAnnexIdentifiersAgreeWithOFAC(t *testing.T) {
	ofac, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*lists.Entry{}
	for _, e := range ofac.Entries {
		byID[e.ID] = e
	}
	for _, get := range []func() (*lists.List, error){lists.EUArticle5, lists.UKSchedule2} {
		l, err := get()
		if err != nil {
			t.Fatal(err)
		}
		carried := 0
		for _, e := range l.Entries {
			var ent string
			for _, id := range e.IDs {
				if id.Type == "OFAC ent_num" {
					ent = id.Value
				}
			}
			for _, id := range e.IDs {
				if id.Type == "OFAC ent_num" {
					continue
				}
				carried++
				o := byID[ent]
				if o == nil {
					t.Fatalf("%s: identifier %s with no OFAC entry", e.ID, id.Value)
				}
				found := false
				for _, oid := range o.IDs {
					found = found || (oid.Value == id.Value && (oid.Type == id.Type || strings.HasPrefix(oid.Type, "Registration")))
				}
				if !found {
					t.Errorf("%s: %s %s is not on OFAC entry %s", e.ID, id.Type, id.Value, ent)
				}
			}
		}
		if carried == 0 {
			t.Fatal("no identifiers carried")
		}
	}
}

func TestUKSchedule2Table(t *testing.T) {
	l, err := lists.UKSchedule2()
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entries) != 11 {
		t.Fatalf("%d entries, want 11", len(l.Entries))
	}
	for i, e := range l.Entries {
		want := "reg. 16(2)"
		if i >= 5 {
			want = "reg. 16(4)"
		}
		if r := e.Restrictions[0]; r.Paragraph != want || r.Authority != lists.UKRussia {
			t.Errorf("%s %s: %+v, want paragraph %s", e.ID, e.Name, r, want)
		}
	}
}

func TestReadAnnexErrors(t *testing.T) {
	hdr := "id,annex,paragraph,name,aliases,swift_bic,ogrn,inn,lei,ofac_ent,identifiers_source,text_source\n"
	for _, c := range []struct{ name, data, field string }{
		{"header", "id,annex,name\nIII-1,III,Sberbank\n", "header"},
		{"annex", hdr + "X-1,IX,Art. 5(1),Sberbank,,,,,,,,Reg\n", "annex"},
		{"empty name", hdr + "III-1,III,Art. 5(1),,,,,,,,,Reg\n", "name"},
		{"repeat id", hdr + "III-1,III,Art. 5(1),A,,,,,,,,Reg\nIII-1,III,Art. 5(1),B,,,,,,,,Reg\n", "id"},
		{"lei", hdr + "III-1,III,Art. 5(1),A,,,,,253400V1H6ART1UQ0N99,,OFAC,Reg\n", "lei"},
		{"id without source", hdr + "III-1,III,Art. 5(1),A,,SABRRUMM,,,,,,Reg\n", "identifiers_source"},
		{"empty alias", hdr + "III-1,III,Art. 5(1),A,B||C,,,,,,,Reg\n", "aliases"},
		{"no rows", hdr, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := lists.ReadEUArticle5(strings.NewReader(c.data), "eu.csv")
			var pe *lists.ParseError
			if !errors.As(err, &pe) || !errors.Is(err, lists.ErrFormat) || pe.File != "eu.csv" || pe.Field != c.field {
				t.Fatalf("err = %v (%+v), want a ParseError of ErrFormat on %q", err, pe, c.field)
			}
		})
	}
}

func FuzzReadEUArticle5(f *testing.F) {
	f.Add("id,annex,paragraph,name,aliases,swift_bic,ogrn,inn,lei,ofac_ent,identifiers_source,text_source\nIII-1,III,Art. 5(1),Sberbank,PJSC Sberbank,SABRRUMM,1027700132195,7707083893,,17018,OFAC,Reg 833\n")
	f.Fuzz(func(t *testing.T, data string) {
		l, err := lists.ReadEUArticle5(strings.NewReader(data), "f.csv")
		if err != nil {
			var pe *lists.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a ParseError", err)
			}
			return
		}
		for _, e := range l.Entries {
			if e.Name == "" || len(e.Restrictions) != 1 {
				t.Fatalf("entry %+v", e)
			}
		}
	})
}
