package lists

import (
	"embed"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/table"
)

// List codes of the European securities bans' built-in tables. They are
// the codes the rules eu-833/art5 and uk-russia/reg16 read, the same an
// in-house list of these entities uses.
const (
	// EUArt5 are the entities of Council Regulation (EU) No 833/2014,
	// Article 5 (Annexes III, V, VI, XII and XIII).
	EUArt5 Code = "eu-833"
	// UKReg16 are the persons of Schedule 2 to the Russia (Sanctions) (EU
	// Exit) Regulations 2019, referred to in regulation 16.
	UKReg16 Code = "uk-russia"
)

// Formats of the built-in annex tables (Release.Format).
const (
	FormatEUArt5   = "eu-833-art5"
	FormatUKSched2 = "uk-schedule2"
)

//go:embed annexes/*.csv
var annexFS embed.FS

// Versions of the built-in tables: the consolidated legal text each is
// transcribed from (annexes/README.md says how to update them).
var (
	euArt5Version   = holdings.MustDate("2026-07-17")
	ukSched2Version = holdings.MustDate("2025-01-03")
)

// annexColumns are the columns of both tables; the second is "annex" in
// the EU table and "schedule" in the UK one.
var annexColumns = []string{"id", "", "paragraph", "name", "aliases", "swift_bic", "ogrn", "inn", "lei", "ofac_ent", "identifiers_source", "text_source"}

// ReadEUArticle5 reads a table of the entities of Regulation 833/2014
// Article 5 in the form of annexes/eu-833-art5.csv: a header of exactly
// the columns id, annex, paragraph, name, aliases (|-separated),
// swift_bic, ogrn, inn, lei, ofac_ent, identifiers_source, text_source.
// annex is one of III, V, VI, XII, XIII and paragraph the paragraph of
// Article 5 whose windows apply to it. Every entry gets one Restriction
// (EU833, "Annex <annex>", paragraph, text_source). Errors are
// *ParseErrors naming file, line and column.
func ReadEUArticle5(r io.Reader, file string) (*List, error) {
	return readAnnex(r, file, EUArt5, "annex", map[string]bool{"III": true, "V": true, "VI": true, "XII": true, "XIII": true},
		"EU Regulation 833/2014 Article 5 entities", FormatEUArt5, EU833, "Annex ")
}

// ReadUKSchedule2 reads a table of the persons of Schedule 2 to the
// Russia (Sanctions) (EU Exit) Regulations 2019 in the form of
// annexes/uk-schedule2.csv: as ReadEUArticle5, with a schedule column
// ("para 1" to "para 11") for annex; paragraph is the paragraph of
// regulation 16 that names them ("reg. 16(2)", "reg. 16(4)").
func ReadUKSchedule2(r io.Reader, file string) (*List, error) {
	paras := map[string]bool{}
	for i := 1; i <= 11; i++ {
		paras[fmt.Sprintf("para %d", i)] = true
	}
	return readAnnex(r, file, UKReg16, "schedule", paras, "UK Russia Regulations 2019 Schedule 2 persons", FormatUKSched2, UKRussia, "Schedule 2 ")
}

func readAnnex(r io.Reader, file string, code Code, second string, allowed map[string]bool, name, format, authority, measure string) (*List, error) {
	in, err := openCSV(r, file, table.Options{})
	if err != nil {
		return nil, err
	}
	want := append([]string(nil), annexColumns...)
	want[1] = second
	cols := in.t.Columns()
	if strings.Join(cols, ",") != strings.Join(want, ",") {
		return nil, in.errorf(1, "header", "the columns are %s, want %s", excerpt(strings.Join(cols, ",")), strings.Join(want, ","))
	}
	l := &List{}
	seen := map[string]int{}
	err = in.each(func(row table.Row) error {
		get := func(c string) string { return strings.TrimSpace(row.Get(c)) }
		e := &Entry{List: code, ID: get("id"), Type: "entity", Name: get("name")}
		for _, c := range []string{"id", second, "paragraph", "name", "text_source"} {
			if get(c) == "" {
				return in.errorf(row.Line, c, "empty")
			}
		}
		if at, dup := seen[e.ID]; dup {
			return in.errorf(row.Line, "id", "%s repeats the id of line %d", excerpt(e.ID), at)
		}
		seen[e.ID] = row.Line
		if !allowed[get(second)] {
			return in.errorf(row.Line, second, "%s is not one this table knows", excerpt(get(second)))
		}
		if a := get("aliases"); a != "" {
			for _, n := range strings.Split(a, "|") {
				if n = strings.TrimSpace(n); n == "" {
					return in.errorf(row.Line, "aliases", "an empty alias")
				}
				if !strings.EqualFold(n, e.Name) {
					e.Aliases = append(e.Aliases, Alias{Type: "aka", Name: n})
				}
			}
		}
		src := get("identifiers_source")
		for _, c := range []struct{ col, typ string }{{"swift_bic", "SWIFT/BIC"}, {"ogrn", "Registration Number"}, {"inn", "Tax ID No."}, {"lei", "Legal Entity Number"}} {
			if v := get(c.col); v != "" {
				if src == "" {
					return in.errorf(row.Line, "identifiers_source", "identifiers without a source")
				}
				e.IDs = append(e.IDs, Identifier{Type: c.typ, Value: v, Country: "Russia"})
			}
		}
		if v := get("lei"); v != "" && !validLEI(v) {
			return in.errorf(row.Line, "lei", "%s is not an ISO 17442 LEI", excerpt(v))
		}
		if v := get("ofac_ent"); v != "" {
			e.IDs = append(e.IDs, Identifier{Type: "OFAC ent_num", Value: v})
		}
		e.Restrictions = []Restriction{{Authority: authority, Measure: measure + get(second), Paragraph: get("paragraph"), Source: get("text_source")}}
		e.Programs = []string{string(code)}
		l.Entries = append(l.Entries, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(l.Entries) == 0 {
		return nil, &ParseError{File: file, Err: fmt.Errorf("%w: %w", ErrFormat, ErrEmpty)}
	}
	l.Release = in.release(name, format)
	l.Release.IDScheme = IDColumn
	return l, nil
}

// validLEI reports whether s is an ISO 17442 LEI: 18 alphanumerics and two
// check digits, mod 97 = 1.
func validLEI(s string) bool {
	if len(s) != 20 {
		return false
	}
	rem := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z' && i < 18:
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return false
		}
	}
	return rem == 1
}

var builtin struct {
	euOnce, ukOnce sync.Once
	eu, uk         *List
	euErr, ukErr   error
}

// EUArticle5 returns the built-in table of the Article 5 entities of
// Regulation 833/2014 (24 rows: Annex III 5, V 3, VI 3, XII 4, XIII 9),
// transcribed from the consolidated version of 2026-07-17, with the
// identifiers OFAC publishes for the same issuers. Release.Date is that
// version's date. Not loaded unless asked for: add it to the Set. Shared
// and read-only; safe for concurrent use.
func EUArticle5() (*List, error) {
	builtin.euOnce.Do(func() {
		builtin.eu, builtin.euErr = readBuiltin("annexes/eu-833-art5.csv", ReadEUArticle5, euArt5Version)
	})
	return builtin.eu, builtin.euErr
}

// UKSchedule2 returns the built-in table of the eleven persons of Schedule
// 2 to the Russia (Sanctions) (EU Exit) Regulations 2019, as EUArticle5.
func UKSchedule2() (*List, error) {
	builtin.ukOnce.Do(func() {
		builtin.uk, builtin.ukErr = readBuiltin("annexes/uk-schedule2.csv", ReadUKSchedule2, ukSched2Version)
	})
	return builtin.uk, builtin.ukErr
}

func readBuiltin(path string, read func(io.Reader, string) (*List, error), version holdings.Date) (*List, error) {
	f, err := annexFS.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	l, err := read(f, path)
	if err != nil {
		return nil, err
	}
	l.Release.Source = "embedded:" + path
	l.Release.Date = version
	return l, nil
}
