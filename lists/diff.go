package lists

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Changes is what differs between two releases of one list: the entries
// that appeared, the entries that went, and the fields that changed on the
// entries both hold. Diff returns it.
type Changes struct {
	// Old and New describe the two releases compared.
	Old, New Release
	// Added are the entries of New that Old does not hold, Removed the
	// entries of Old that New does not hold, both ordered by list code
	// and then numeric id. They are the lists' own entries: shared and
	// read-only.
	Added, Removed []*Entry
	// Changed are the entries both releases hold whose fields differ, in
	// the same order.
	Changed []EntryChange
	// Notes say what could not be compared because one release lacks a
	// file of its set that the other has, e.g. "old release has no
	// cons_alt.csv: aliases from the alias file are not compared". They
	// are not differences: Empty ignores them.
	Notes []string
}

// Empty reports whether the releases hold the same entries with the same
// fields (as far as they could be compared; see Changes.Notes). A nil
// *Changes is empty.
func (c *Changes) Empty() bool {
	return c == nil || len(c.Added)+len(c.Removed)+len(c.Changed) == 0
}

// EntryChange is one entry held by both releases whose fields differ.
type EntryChange struct {
	// ID and List identify the entry; Name is its name in the new release.
	ID   string
	List Code
	Name string
	// Fields are the fields that differ, in a fixed order (see
	// FieldChange), remarks last.
	Fields []FieldChange
}

// FieldChange is one field of an entry that differs between two releases.
//
// Field is one of, in this order: "type", "name", "programs", "isins",
// "securities", "tickers", "issuer names", "aliases", "cmic.listing",
// "cmic.effective", "cmic.divestment", "target type", "ids", "linked to",
// "title", "call sign", "vessel type", "tonnage", "grt", "vessel flag",
// "vessel owner", "addresses", "listed", "removed", "remarks".
//
// Scalar fields (type, name, the CMIC dates as YYYY-MM-DD, target type,
// the vessel columns, listed, removed, remarks) set Old and New. The
// others are sets, compared without regard to order or repeats; they set
// Added (the values that appeared) and Removed (the values that went), in
// the order the releases give them, each value once. Set values are
// written as text: a ticker as published ("600677  CN"), an alias as its
// type and name ("aka ACME LTD", "weak aka AMW"), a security identifier
// as "kind value", an identifier as "type value (country)", an address as
// its non-empty parts joined with ", ".
type FieldChange struct {
	// Field names the field.
	Field string
	// Old and New are a scalar field's values; empty for a set.
	Old, New string
	// Added and Removed are what appeared in and disappeared from a
	// set-valued field; empty for a scalar.
	Added, Removed []string
}

// remarksCut is the most characters OFAC's legacy CSV primary file holds
// in the remarks column; the rest continues in the comments file.
const remarksCut = 1000

// remarksCutSlack allows for the white space that the reader trims from a
// remark cut at remarksCut characters.
const remarksCutSlack = 10

// entryKey identifies an entry across releases: its list code and id, and
// which occurrence of that pair it is within its release (0 but for
// lists that hold one entry twice).
type entryKey struct {
	list Code
	id   string
	n    int
}

func (k entryKey) less(o entryKey) bool {
	if k.list != o.list {
		return k.list < o.list
	}
	if k.id != o.id {
		return idLess(k.id, o.id)
	}
	return k.n < o.n
}

// idLess orders ids numerically where both are numbers, numbers before
// other ids, and other ids as strings.
func idLess(a, b string) bool {
	x, errA := strconv.ParseUint(a, 10, 64)
	y, errB := strconv.ParseUint(b, 10, 64)
	switch {
	case errA == nil && errB == nil && x != y:
		return x < y
	case errA == nil && errB != nil:
		return true
	case errA != nil && errB == nil:
		return false
	}
	return a < b
}

// keyed returns the keys of entries in order, and the entries by key.
func keyed(entries []*Entry) ([]entryKey, map[entryKey]*Entry) {
	keys := make([]entryKey, 0, len(entries))
	by := make(map[entryKey]*Entry, len(entries))
	count := map[entryKey]int{}
	for _, e := range entries {
		if e == nil {
			continue
		}
		p := entryKey{list: e.List, id: e.ID}
		k := entryKey{list: e.List, id: e.ID, n: count[p]}
		count[p]++
		keys = append(keys, k)
		by[k] = e
	}
	return keys, by
}

// scope says which fields Diff compares, from the files of the two
// releases.
type scope struct {
	skipFileAliases bool // one release lacks the alias file
	skipAddresses   bool // one release lacks the address file
	cutOld, cutNew  bool // the old (new) release lacks the comments file the other has
	notes           []string
	commentsNote    string // the note for the comments file, completed with the count
}

// ofacFiles returns the OFAC set a release was read from and the
// lower-case names of its files; ok is false if it is not an OFAC legacy
// CSV release.
func ofacFiles(r Release) (set ofacSet, have map[string]bool, ok bool) {
	if r.Format != FormatOFACCSV {
		return ofacSet{}, nil, false
	}
	have = make(map[string]bool, len(r.Files))
	for _, f := range r.Files {
		have[strings.ToLower(f.Name)] = true
	}
	for _, s := range ofacSets {
		if have[s.prim] {
			return s, have, true
		}
	}
	return ofacSet{}, nil, false
}

func newScope(old, new Release) scope {
	var sc scope
	oset, oh, ok1 := ofacFiles(old)
	nset, nh, ok2 := ofacFiles(new)
	if !ok1 || !ok2 {
		return sc
	}
	// lacks reports which release, if either, lacks the file the other
	// has, and that file's name.
	lacks := func(of, nf string) (side, file string) {
		switch {
		case !oh[of] && nh[nf]:
			return "old", of
		case oh[of] && !nh[nf]:
			return "new", nf
		}
		return "", ""
	}
	if side, file := lacks(oset.alt, nset.alt); side != "" {
		sc.skipFileAliases = true
		sc.notes = append(sc.notes, fmt.Sprintf("%s release has no %s: aliases from the alias file are not compared", side, file))
	}
	if side, file := lacks(oset.add, nset.add); side != "" {
		sc.skipAddresses = true
		sc.notes = append(sc.notes, fmt.Sprintf("%s release has no %s: addresses are not compared", side, file))
	}
	if side, file := lacks(oset.comments, nset.comments); side != "" {
		sc.cutOld, sc.cutNew = side == "old", side == "new"
		sc.commentsNote = fmt.Sprintf("%s release has no %s: remarks that fill the %d characters of the primary file (%%d entries) are compared only up to that length, with the fields they give", side, file, remarksCut)
	}
	return sc
}

// Diff compares two releases of one list. Entries are matched by list code
// and id; an entry on both whose fields differ is reported with each field
// that differs (see FieldChange). Set-valued fields compare as sets:
// reordering or repeating a value is not a change. A nil list counts as
// empty.
//
// When one OFAC legacy CSV release lacks a file of its set that the other
// has (see Release.Files), the fields that come only from that file are
// not compared, and Changes.Notes says so: without the alias file, the
// aliases it gives (those with an Alias.ID); without the address file, the
// addresses; without the comments file, the continuation of remarks cut
// at 1000 characters (the remarks and the fields read from them are then
// compared up to the cut).
//
// Diff refuses, with an *UnstableIDError matching ErrUnstableID, a
// release whose ids cannot be matched across releases: positional ids
// (Release.IDScheme IDPosition), an entry without an id, or two entries
// with the same list code and id.
//
// Diff is pure: it only reads old and new, and is safe for concurrent use
// on shared lists. The returned Changes and its slices are the caller's;
// the entries in Added and Removed are the lists' own, shared and
// read-only.
func Diff(old, new *List) (*Changes, error) {
	for _, l := range []*List{old, new} {
		if err := checkStable(l); err != nil {
			return nil, err
		}
	}
	c := &Changes{}
	var oldEntries, newEntries []*Entry
	if old != nil {
		c.Old = copyRelease(old.Release)
		oldEntries = old.Entries
	}
	if new != nil {
		c.New = copyRelease(new.Release)
		newEntries = new.Entries
	}
	sc := newScope(c.Old, c.New)
	oldKeys, oldBy := keyed(oldEntries)
	newKeys, newBy := keyed(newEntries)

	var added, removed, changed []entryKey
	fields := map[entryKey][]FieldChange{}
	cut := 0
	for _, k := range newKeys {
		o, ok := oldBy[k]
		if !ok {
			added = append(added, k)
			continue
		}
		n := newBy[k]
		switch {
		case sc.cutOld && maybeCut(o):
			n, cut = cutRemarks(n), cut+1
		case sc.cutNew && maybeCut(n):
			o, cut = cutRemarks(o), cut+1
		}
		if f := diffEntry(o, n, sc); len(f) > 0 {
			changed = append(changed, k)
			fields[k] = f
		}
	}
	for _, k := range oldKeys {
		if _, ok := newBy[k]; !ok {
			removed = append(removed, k)
		}
	}
	for _, ks := range [][]entryKey{added, removed, changed} {
		sort.Slice(ks, func(i, j int) bool { return ks[i].less(ks[j]) })
	}
	for _, k := range added {
		c.Added = append(c.Added, newBy[k])
	}
	for _, k := range removed {
		c.Removed = append(c.Removed, oldBy[k])
	}
	for _, k := range changed {
		c.Changed = append(c.Changed, EntryChange{ID: k.id, List: k.list, Name: newBy[k].Name, Fields: fields[k]})
	}
	c.Notes = sc.notes
	if sc.commentsNote != "" {
		c.Notes = append(c.Notes, fmt.Sprintf(sc.commentsNote, cut))
	}
	return c, nil
}

func copyRelease(r Release) Release {
	r.Files = append([]File(nil), r.Files...)
	r.Warnings = append([]string(nil), r.Warnings...)
	return r
}

// maybeCut reports whether e's remarks, read without the comments file,
// may have been cut at remarksCut characters.
func maybeCut(e *Entry) bool {
	return utf8.RuneCountInString(e.Remarks) >= remarksCut-remarksCutSlack
}

// cutRemarks returns e as a release without the comments file would give
// it: its remarks cut at remarksCut characters, and the fields read from
// the remarks read again from what is left. It returns e itself when its
// remarks are no longer than that, and never modifies e.
func cutRemarks(e *Entry) *Entry {
	r := []rune(e.Remarks)
	if len(r) <= remarksCut {
		return e
	}
	c := *e
	c.Remarks = string(r[:remarksCut])
	c.ISINs, c.Tickers, c.IssuerNames, c.IDs, c.LinkedTo = nil, nil, nil, nil, nil
	c.CMIC, c.TargetType = nil, ""
	c.Aliases = nil
	for _, a := range e.Aliases {
		if !a.Weak {
			c.Aliases = append(c.Aliases, a)
		}
	}
	// Only the last segment, the one cut, can fail to parse (the whole
	// text parsed when the list was read); the fields before it are set.
	_ = parseRemarks(&c)
	return &c
}

// diffEntry returns the fields that differ between o and n, in the order
// FieldChange documents.
func diffEntry(o, n *Entry, sc scope) []FieldChange {
	var fs []FieldChange
	scalar := func(field, a, b string) {
		if a != b {
			fs = append(fs, FieldChange{Field: field, Old: a, New: b})
		}
	}
	set := func(field string, a, b []string) {
		if add, rem := setDiff(a, b); len(add)+len(rem) > 0 {
			fs = append(fs, FieldChange{Field: field, Added: add, Removed: rem})
		}
	}
	scalar("type", o.Type, n.Type)
	scalar("name", o.Name, n.Name)
	set("programs", o.Programs, n.Programs)
	set("isins", o.ISINs, n.ISINs)
	set("securities", securityStrings(o), securityStrings(n))
	set("tickers", tickerStrings(o), tickerStrings(n))
	set("issuer names", o.IssuerNames, n.IssuerNames)
	set("aliases", aliasStrings(o, sc.skipFileAliases), aliasStrings(n, sc.skipFileAliases))
	oc, nc := cmicOf(o), cmicOf(n)
	scalar("cmic.listing", oc.Listing.String(), nc.Listing.String())
	scalar("cmic.effective", oc.Effective.String(), nc.Effective.String())
	scalar("cmic.divestment", oc.Divestment.String(), nc.Divestment.String())
	scalar("target type", o.TargetType, n.TargetType)
	set("ids", idStrings(o), idStrings(n))
	set("linked to", o.LinkedTo, n.LinkedTo)
	scalar("title", o.Title, n.Title)
	scalar("call sign", o.CallSign, n.CallSign)
	scalar("vessel type", o.VesselType, n.VesselType)
	scalar("tonnage", o.Tonnage, n.Tonnage)
	scalar("grt", o.GRT, n.GRT)
	scalar("vessel flag", o.VesselFlag, n.VesselFlag)
	scalar("vessel owner", o.VesselOwner, n.VesselOwner)
	if !sc.skipAddresses {
		set("addresses", addressStrings(o), addressStrings(n))
	}
	scalar("listed", o.Listed.String(), n.Listed.String())
	scalar("removed", o.Removed.String(), n.Removed.String())
	scalar("remarks", o.Remarks, n.Remarks)
	return fs
}

// setDiff returns the values of b not in a and the values of a not in b,
// each once, in the order of b and a.
func setDiff(a, b []string) (added, removed []string) {
	in := func(s []string) map[string]bool {
		m := make(map[string]bool, len(s))
		for _, v := range s {
			m[v] = true
		}
		return m
	}
	inA, inB := in(a), in(b)
	for _, v := range b {
		if !inA[v] {
			added = append(added, v)
			inA[v] = true // once
		}
	}
	for _, v := range a {
		if !inB[v] {
			removed = append(removed, v)
			inB[v] = true
		}
	}
	return added, removed
}

func cmicOf(e *Entry) CMICDates {
	if e.CMIC == nil {
		return CMICDates{}
	}
	return *e.CMIC
}

func securityStrings(e *Entry) []string {
	var s []string
	for _, id := range e.Securities {
		s = append(s, id.String())
	}
	return s
}

func tickerStrings(e *Entry) []string {
	var s []string
	for _, t := range e.Tickers {
		s = append(s, t.Raw)
	}
	return s
}

// aliasStrings writes e's aliases as text; with onlyRemarks, only those
// that come from the remarks (no Alias.ID).
func aliasStrings(e *Entry, onlyRemarks bool) []string {
	var s []string
	for _, a := range e.Aliases {
		if onlyRemarks && a.ID != "" {
			continue
		}
		v := strings.TrimSpace(a.Type + " " + a.Name)
		if a.Weak {
			v = "weak " + v
		}
		s = append(s, v)
	}
	return s
}

func idStrings(e *Entry) []string {
	var s []string
	for _, id := range e.IDs {
		v := strings.TrimSpace(id.Type + " " + id.Value)
		if id.Country != "" {
			v += " (" + id.Country + ")"
		}
		s = append(s, v)
	}
	return s
}

func addressStrings(e *Entry) []string {
	var s []string
	for _, a := range e.Addresses {
		var parts []string
		for _, p := range []string{a.Street, a.City, a.Country} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		v := strings.Join(parts, ", ")
		if a.Remarks != "" {
			v += " (" + a.Remarks + ")"
		}
		s = append(s, v)
	}
	return s
}
