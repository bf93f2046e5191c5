package lists

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/table"
)

// FormatUKSL names the UK Sanctions List CSV (FCDO) in Release.Format.
const FormatUKSL = "uk-sanctions-list-csv"

// UKFreeze is the list code of the UK Sanctions List. Rule uk/asset-freeze
// reads the entries whose "Sanctions Imposed" include "Asset freeze".
const UKFreeze Code = "UK-SL"

// UKSanctionsAuthority is the Restriction authority of the measures of a
// UK Sanctions List entry ("Sanctions Imposed").
const UKSanctionsAuthority = "UK Sanctions List"

// ukColumns are the columns the UK reader needs; the published header
// has 58.
// (The table reader compares column names without regard to case.)
var ukColumns = []string{"unique id", "name 6", "name type", "regime name", "designation type", "sanctions imposed", "date designated"}

// ukMaxPrologue bounds the "Report Date: ..." line.
const ukMaxPrologue = 4096

// ReadUKSanctionsList reads the UK Sanctions List in CSV as the FCDO
// publishes it: a first line "Report Date: <date>" (Release.Date), then a
// header of 58 columns and one row per name of a designation. Rows of one
// "Unique ID" are one Entry of list UKFreeze: the row whose "Name type" is
// "Primary Name" gives Name (Name 1 to Name 5 then Name 6, the surname or
// the entity's name), the others Aliases ("Alias strength" "Low quality"
// weak). "Designation Type" is the Type (Individual, Entity, Ship:
// vessel), "Regime Name" the Programs, each of the |-separated "Sanctions
// Imposed" a Restriction of authority UKSanctionsAuthority, "Date
// Designated" (DD/MM/YYYY) Listed, "Business registration number (s)"
// Identifiers. A designation whose rows disagree on the regime or the
// measures is an error. Errors are *ParseErrors naming file, line (of the
// file, the Report Date line being 1) and column.
func ReadUKSanctionsList(r io.Reader, file string) (*List, error) {
	d := newFileDigest()
	br := hashedInput(r, d)
	first, err := br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) || len(first) > ukMaxPrologue {
		return nil, &ParseError{File: file, Line: 1, Field: "Report Date", Err: fmt.Errorf("%w: the first line is longer than %d bytes", ErrFormat, ukMaxPrologue)}
	}
	if err != nil && err != io.EOF {
		return nil, &ParseError{File: file, Line: 1, Err: err}
	}
	line := strings.TrimSpace(string(bytes.TrimRight(first, "\r\n")))
	rest, ok := strings.CutPrefix(line, "Report Date:")
	if !ok {
		return nil, &ParseError{File: file, Line: 1, Field: "Report Date", Err: fmt.Errorf("%w: the first line is %s, want \"Report Date: ...\"", ErrFormat, excerpt(line))}
	}
	date, err := parseUKDate(strings.Trim(strings.TrimSpace(rest), ","))
	if err != nil {
		return nil, &ParseError{File: file, Line: 1, Field: "Report Date", Err: err}
	}
	in, err := openCSV(br, file, table.Options{Required: ukColumns})
	if err != nil {
		return nil, shiftLine(err)
	}
	l := &List{}
	byID := map[string]*Entry{}
	first1 := map[string]int{}
	err = in.each(func(row table.Row) error {
		get := func(c string) string { return strings.TrimSpace(row.Get(strings.ToLower(c))) }
		id := get("Unique ID")
		if id == "" {
			return in.errorf(row.Line, "Unique ID", "empty")
		}
		var parts []string
		for _, c := range []string{"Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6"} {
			if v := get(c); v != "" {
				parts = append(parts, v)
			}
		}
		name := strings.Join(parts, " ")
		if name == "" {
			return in.errorf(row.Line, "Name 6", "no name")
		}
		var measures []Restriction
		for _, m := range strings.Split(get("Sanctions Imposed"), "|") {
			if m = strings.TrimSpace(m); m != "" {
				measures = append(measures, Restriction{Authority: UKSanctionsAuthority, Measure: m, Source: get("Regime Name")})
			}
		}
		e := byID[id]
		if e == nil {
			e = &Entry{List: UKFreeze, ID: id, Restrictions: measures}
			switch t := strings.ToLower(get("Designation Type")); t {
			case "individual", "entity":
				e.Type = t
			case "ship":
				e.Type = "vessel"
			default:
				return in.errorf(row.Line, "Designation Type", "%s is not Individual, Entity or Ship", excerpt(get("Designation Type")))
			}
			if rg := get("Regime Name"); rg != "" {
				e.Programs = []string{rg}
			}
			if v := get("Date Designated"); v != "" {
				dd, err := parseUKDate(v)
				if err != nil {
					return in.errorf(row.Line, "Date Designated", "%v", err)
				}
				e.Listed = dd
			}
			for _, n := range strings.Split(get("Business registration number (s)"), "|") {
				if n = strings.TrimSpace(n); n != "" {
					e.IDs = append(e.IDs, Identifier{Type: "Business registration number", Value: n})
				}
			}
			byID[id], first1[id] = e, row.Line
			l.Entries = append(l.Entries, e)
		} else if !sameMeasures(e.Restrictions, measures) || (len(e.Programs) == 1) != (get("Regime Name") != "") || (len(e.Programs) == 1 && e.Programs[0] != get("Regime Name")) {
			return in.errorf(row.Line, "Sanctions Imposed", "the rows of %s disagree on the regime or the measures (line %d)", excerpt(id), first1[id]+1)
		}
		if strings.EqualFold(get("Name type"), "Primary Name") && e.Name == "" {
			e.Name = name
			return nil
		}
		e.Aliases = append(e.Aliases, Alias{Type: "aka", Name: name, Weak: strings.EqualFold(get("Alias strength"), "Low quality")})
		return nil
	})
	if err != nil {
		return nil, shiftLine(err)
	}
	for _, e := range l.Entries {
		if e.Name == "" { // no primary-name row: the first alias is the name
			e.Name, e.Aliases = e.Aliases[0].Name, e.Aliases[1:]
		}
	}
	if len(l.Entries) == 0 {
		return nil, &ParseError{File: file, Err: fmt.Errorf("%w: %w", ErrFormat, ErrEmpty)}
	}
	l.Release = d.release("UK Sanctions List", FormatUKSL, file)
	l.Release.Date = date
	l.Release.IDScheme = IDPublisher
	return l, nil
}

// HasMeasure reports whether e carries the UK measure m ("Asset freeze"),
// compared without regard to case.
func (e *Entry) HasMeasure(authority, m string) bool {
	for _, r := range e.Restrictions {
		if r.Authority == authority && strings.EqualFold(r.Measure, m) {
			return true
		}
	}
	return false
}

func sameMeasures(a, b []Restriction) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.EqualFold(a[i].Measure, b[i].Measure) {
			return false
		}
	}
	return true
}

// shiftLine moves the line of a *ParseError of the CSV after the Report
// Date line down by one: the CSV reader counts from the header.
func shiftLine(err error) error {
	var pe *ParseError
	if errors.As(err, &pe) && pe.Line > 0 {
		pe.Line++
	}
	return err
}

// parseUKDate reads a date as the UK list writes it: "28/11/2025",
// "28-Nov-2025", "28 November 2025" or "2025-11-28".
func parseUKDate(s string) (holdings.Date, error) {
	for _, layout := range []string{"02/01/2006", "2/1/2006", "02-Jan-2006", "2-Jan-2006", "02 January 2006", "2 January 2006", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return holdings.DateOf(t), nil
		}
	}
	return holdings.Date{}, fmt.Errorf("%w: %s is not a date like 28/11/2025 or 28-Nov-2025", ErrFormat, excerpt(s))
}
