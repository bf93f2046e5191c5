package lists

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/table"
)

// FormatDoD1260H names the DoD Section 1260H list CSV (as transcribed by
// OpenSanctions from the DoD's PDFs) in Release.Format.
const FormatDoD1260H = "dod-1260h"

// ReadDoD1260H reads the US Department of Defense Section 1260H list of
// Chinese military companies in OpenSanctions' CSV transcription from r;
// file names it in errors and in the Release. The header names the
// columns (any order, case-insensitive; others are ignored): "Start date"
// and "Clean Name" or "Name" are required; "End date", "Alias",
// "Previous Name", "Parent Name" and "Note" are read where present. Each
// row is a company as one edition of the list names it, from its Start
// date (the edition's) to its End date (its removal; empty while listed).
//
// The entries are companies, not rows, so that a company named by several
// editions is one hit, not one per edition. Rows are the same company when
// their names (Clean Name, else Name without its trailing "*") are equal
// after NormalizeName; a name ending in a parenthesised short name
// ("Dawning Information Industry Co., Ltd. (Sugon)") is read as the name
// and an alias. A company's rows are taken in order of Start date: a row
// that starts on or before the end of the period so far (an empty End
// date meaning not ended) continues it, and the period then ends where
// that later row ends, the later edition having the last word; a row that
// starts after it begins a new period. Each period is one Entry with List
// DoD1260H and Type "entity": Listed is its start, Removed its end (zero
// if open), so the entry is in force on the date of every edition that
// names the company and not in a gap between periods. ID is the
// normalised name with "-" for spaces ("huawei-technologies"); when a
// company has several periods, each ID is suffixed "@" and the period's
// start ("cosco-shipping-finance@2025-01-07"). Name is the name in the
// period's latest row, and the period's other names and Alias values are
// aka aliases, Previous Name values (";"-separated) fka aliases, Parent
// Name values LinkedTo, and the distinct Notes the Remarks, one a line.
//
// Release.Date is the date of the newest edition the file holds (its
// latest Start date). ReadDoD1260H reads r to its end; every error is a
// *ParseError matching ErrFormat (or the reader's own error). The List
// returned is complete and read-only, and then safe for concurrent use.
func ReadDoD1260H(r io.Reader, file string) (*List, error) {
	in, err := openCSV(r, file, table.Options{})
	if err != nil {
		return nil, err
	}
	if !in.t.Has("start date") {
		return nil, in.errorf(1, "start date", "no \"Start date\" column in the header")
	}
	if !in.t.Has("name") && !in.t.Has("clean name") {
		return nil, in.errorf(1, "clean name", "no \"Clean Name\" or \"Name\" column in the header")
	}
	var (
		companies = map[string][]dodRow{}
		order     []string
		newest    holdings.Date
	)
	err = in.each(func(rec table.Row) error {
		line, get := rec.Line, rec.Get
		row := dodRow{line: line, name: get("clean name"), note: get("note"), parent: get("parent name")}
		nameCol := "clean name"
		if row.name == "" {
			row.name, nameCol = strings.TrimSpace(strings.TrimRight(get("name"), "*")), "name"
		}
		if row.name == "" {
			return in.errorf(line, nameCol, "empty name")
		}
		if i := strings.LastIndex(row.name, " ("); i > 0 && strings.HasSuffix(row.name, ")") {
			if base := strings.TrimSpace(row.name[:i]); NormalizeName(base) != NormalizeName(row.name) && NormalizeName(base) != "" {
				row.aliases = append(row.aliases, Alias{Type: "aka", Name: row.name[i+2 : len(row.name)-1]})
				row.name = base
			}
		}
		for _, a := range splitNonEmpty(get("alias"), ";") {
			row.aliases = append(row.aliases, Alias{Type: "aka", Name: a})
		}
		for _, a := range splitNonEmpty(get("previous name"), ";") {
			row.aliases = append(row.aliases, Alias{Type: "fka", Name: a})
		}
		var err error
		if row.start, err = dodDate(get("start date")); err != nil || row.start.IsZero() {
			if err == nil {
				err = fmt.Errorf("%w: empty start date", ErrFormat)
			}
			return &ParseError{File: in.file, Line: line, Field: "start date", Err: err}
		}
		if row.end, err = dodDate(get("end date")); err != nil {
			return &ParseError{File: in.file, Line: line, Field: "end date", Err: err}
		}
		if !row.end.IsZero() && row.end.Before(row.start) {
			return in.errorf(line, "end date", "end date %s is before start date %s", row.end, row.start)
		}
		if row.start.After(newest) {
			newest = row.start
		}
		key := NormalizeName(row.name)
		if key == "" {
			return in.errorf(line, nameCol, "name %s has no letters or digits", excerpt(row.name))
		}
		if _, ok := companies[key]; !ok {
			order = append(order, key)
		}
		companies[key] = append(companies[key], row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return nil, &ParseError{File: file, Err: fmt.Errorf("%w: %w: a header and no records", ErrFormat, ErrEmpty)}
	}
	l := &List{}
	for _, key := range order {
		l.Entries = append(l.Entries, dodEntries(strings.ReplaceAll(key, " ", "-"), companies[key])...)
	}
	l.Release = in.release("DoD Section 1260H List (OpenSanctions transcription)", FormatDoD1260H)
	l.Release.Date = newest
	l.Release.IDScheme = IDContent
	return l, nil
}

// dodRow is one row of the DoD 1260H CSV.
type dodRow struct {
	line         int
	name         string
	aliases      []Alias
	parent, note string
	start, end   holdings.Date
}

// dodEntries returns one Entry per listing period of the company with
// these rows (see ReadDoD1260H).
func dodEntries(id string, rows []dodRow) []*Entry {
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].start.Before(rows[j].start) })
	var periods [][]dodRow
	for i, r := range rows {
		if i > 0 {
			p := periods[len(periods)-1]
			if end := p[len(p)-1].end; end.IsZero() || !r.start.After(end) {
				periods[len(periods)-1] = append(p, r)
				continue
			}
		}
		periods = append(periods, []dodRow{r})
	}
	out := make([]*Entry, 0, len(periods))
	for _, p := range periods {
		last := p[len(p)-1]
		e := &Entry{List: DoD1260H, ID: id, Type: "entity", Name: last.name, Listed: p[0].start, Removed: last.end}
		if len(periods) > 1 {
			e.ID += "@" + e.Listed.String()
		}
		addAlias := func(a Alias) {
			if a.Name == e.Name {
				return
			}
			for _, have := range e.Aliases {
				if have.Name == a.Name {
					return
				}
			}
			e.Aliases = append(e.Aliases, a)
		}
		var notes []string
		for _, r := range p {
			addAlias(Alias{Type: "aka", Name: r.name})
			for _, a := range r.aliases {
				addAlias(a)
			}
			if r.parent != "" && !inStrings(e.LinkedTo, r.parent) {
				e.LinkedTo = append(e.LinkedTo, r.parent)
			}
			if r.note != "" && !inStrings(notes, r.note) {
				notes = append(notes, r.note)
			}
		}
		e.Remarks = strings.Join(notes, "\n")
		out = append(out, e)
	}
	return out
}

func dodDate(s string) (holdings.Date, error) {
	if s == "" {
		return holdings.Date{}, nil
	}
	d, err := holdings.ParseDate(s)
	if err != nil {
		return holdings.Date{}, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return d, nil
}

func inStrings(list []string, s string) bool {
	for _, have := range list {
		if have == s {
			return true
		}
	}
	return false
}
