package compliancetest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// Names of the kit's default releases: entries made with the Kit's own
// NSCMIC, SDN, Restricted, Watch and Entry go to the first for the
// publishers' list codes, to the second for in-house codes.
const (
	OfficialRelease = "OFAC lists"
	InHouseRelease  = "In-house list"
)

// publisher are the list codes that official publishers give; any other
// code is an in-house one, which the checker refuses unless a rule reads
// it (compliance.ErrUnreadList).
var publisher = map[lists.Code]bool{
	lists.SDN: true, lists.NSCMIC: true, lists.SSI: true, lists.NSPLC: true, lists.NSMBS: true, lists.FSE: true,
	lists.Part561: true, lists.UN: true, lists.DoD1260H: true, lists.NonSDN: true,
}

// ListBuilder builds one release of a list: its entries, its name and its
// date. Its List is built once, on the first call of List (or of the
// Kit's Checker, Config or Lists); the entries can no longer change after
// that.
type ListBuilder struct {
	k       *Kit
	name    string
	date    holdings.Date
	entries []*EntryBuilder
	list    *lists.List
}

// Release starts a release of a list called name, of date (the zero Date
// for a release whose date is unknown; reports then warn of it). Releases
// of one name with distinct dates are merged into a history by the
// Checker, as lists.Histories does, so that a check as of a date sees the
// entries in force then; two of one name and one date fail the build.
func (k *Kit) Release(name string, date holdings.Date) *ListBuilder {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	k.frozen("a release")
	if name == "" {
		k.fail("Release: a release needs a name")
	}
	b := &ListBuilder{k: k, name: name, date: date}
	k.releases = append(k.releases, b)
	return b
}

// defaults returns the kit's default release for entries of code.
func (k *Kit) defaults(code lists.Code) *ListBuilder {
	if publisher[code] {
		if k.official == nil {
			k.official = &ListBuilder{k: k, name: OfficialRelease}
		}
		return k.official
	}
	if k.inHouse == nil {
		k.inHouse = &ListBuilder{k: k, name: InHouseRelease}
	}
	return k.inHouse
}

// Add adds an entry built by hand to the kit's default release for its
// list code; see ListBuilder.Add.
func (k *Kit) Add(e *lists.Entry) *Kit {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	if e == nil {
		k.fail("Add: nil entry")
		return k
	}
	k.defaults(e.List).Add(e)
	return k
}

// NSCMIC adds an NS-CMIC entry to the kit's default release; see
// ListBuilder.NSCMIC.
func (k *Kit) NSCMIC(name string, listing, effective, divestment holdings.Date) *EntryBuilder {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	return k.defaults(lists.NSCMIC).NSCMIC(name, listing, effective, divestment)
}

// SDN adds an SDN entry to the kit's default release; see ListBuilder.SDN.
func (k *Kit) SDN(name string, programs ...string) *EntryBuilder {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	return k.defaults(lists.SDN).SDN(name, programs...)
}

// Restricted adds an entry of the in-house restricted list to the kit's
// default in-house release; see ListBuilder.Restricted.
func (k *Kit) Restricted(name string) *EntryBuilder {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	return k.defaults(lists.Restricted).Restricted(name)
}

// Watch adds an entry of the in-house watch list to the kit's default
// in-house release; see ListBuilder.Watch.
func (k *Kit) Watch(name string) *EntryBuilder {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	return k.defaults(lists.Watch).Watch(name)
}

// Entry adds an entry of any list code to the kit's default release for
// that code; see ListBuilder.Entry.
func (k *Kit) Entry(code lists.Code, name string) *EntryBuilder {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	return k.defaults(code).Entry(code, name)
}

// NSCMIC adds an entry of OFAC's NS-CMIC list with the three dates OFAC
// publishes on it: "Listing Date (CMIC)", "Effective Date (CMIC)" and
// "Purchase/Sales For Divestment Date (CMIC)". All three are required and
// must be in that order: give the dates OFAC published for the entity
// (the 59 Annex entities of EO 14032: 2021-06-03, 2021-08-02,
// 2022-06-03; SenseTime Group Limited: 2021-12-10, 2022-02-08,
// 2022-12-10), never dates worked out from the listing date (OFAC's
// "60 days" and "365 days" are its own reckoning). An entry without
// published dates, which the rules read in the strictest way, is built
// as a lists.Entry and added with Add.
func (b *ListBuilder) NSCMIC(name string, listing, effective, divestment holdings.Date) *EntryBuilder {
	if h, ok := b.k.t.(tHelper); ok {
		h.Helper()
	}
	if listing.IsZero() || effective.IsZero() || divestment.IsZero() {
		b.k.fail("NSCMIC(%q): give the listing, effective and divestment dates OFAC published (got %s, %s, %s)", name, listing, effective, divestment)
	}
	if effective.Before(listing) || divestment.Before(effective) {
		b.k.fail("NSCMIC(%q): dates out of order: listing %s, effective %s, divestment %s", name, listing, effective, divestment)
	}
	e := b.Entry(lists.NSCMIC, name)
	e.e.Programs = []string{"CMIC-EO13959"}
	e.e.CMIC = &lists.CMICDates{Listing: listing, Effective: effective, Divestment: divestment}
	return e
}

// SDN adds an entry of OFAC's SDN list under the given sanctions programs
// (e.g. "RUSSIA-EO14024"); add aliases and identifiers on the result.
func (b *ListBuilder) SDN(name string, programs ...string) *EntryBuilder {
	if h, ok := b.k.t.(tHelper); ok {
		h.Helper()
	}
	e := b.Entry(lists.SDN, name)
	e.e.Programs = append([]string(nil), programs...)
	return e
}

// Restricted adds an entry of the in-house restricted list: trades are
// blocked (rule "restricted").
func (b *ListBuilder) Restricted(name string) *EntryBuilder {
	if h, ok := b.k.t.(tHelper); ok {
		h.Helper()
	}
	return b.Entry(lists.Restricted, name)
}

// Watch adds an entry of the in-house watch list: trades are allowed with
// a warning (rule "watch").
func (b *ListBuilder) Watch(name string) *EntryBuilder {
	if h, ok := b.k.t.(tHelper); ok {
		h.Helper()
	}
	return b.Entry(lists.Watch, name)
}

// Entry adds an entry of list code with a primary name (empty for an entry
// named by identifiers only). Its id is the one given with
// EntryBuilder.ID or, when none is, lists.ContentID of the entry as it is
// when the list is built: what lists.ReadInHouse gives a row of a file
// without an id column.
func (b *ListBuilder) Entry(code lists.Code, name string) *EntryBuilder {
	if h, ok := b.k.t.(tHelper); ok {
		h.Helper()
	}
	b.k.frozen("an entry")
	b.open()
	if code == "" {
		b.k.fail("Entry(%q): an entry needs a list code", name)
	}
	e := &EntryBuilder{l: b, e: &lists.Entry{List: code, Type: "entity", Name: name}}
	b.entries = append(b.entries, e)
	return e
}

// Add adds an entry built by hand, as is (its id must be set). The entry
// must not be modified afterwards.
func (b *ListBuilder) Add(e *lists.Entry) *ListBuilder {
	if h, ok := b.k.t.(tHelper); ok {
		h.Helper()
	}
	b.k.frozen("an entry")
	b.open()
	if e == nil || e.ID == "" || e.List == "" {
		b.k.fail("Add: an entry built by hand needs a list code and an id")
	}
	b.entries = append(b.entries, &EntryBuilder{l: b, e: e, given: true})
	return b
}

// open fails the test if the list is built already.
func (b *ListBuilder) open() {
	if h, ok := b.k.t.(tHelper); ok {
		h.Helper()
	}
	if b.list != nil {
		b.k.fail("release %q changed after its list was built", b.name)
	}
}

// List returns the release built: entries in the order added, each with
// its id; Release with the name and date given, Source "compliancetest:"
// and the name, Format lists.FormatInHouse when an entry carries an
// in-house code (so that the checker refuses a code no rule reads), and
// SHA256 the SHA-256 of the release's name, date and entries, so that
// releases of different content differ. Two entries of one list code and
// id fail the test. Every call returns the same List, shared and
// read-only.
func (b *ListBuilder) List() *lists.List {
	if h, ok := b.k.t.(tHelper); ok {
		h.Helper()
	}
	if b.list != nil {
		return b.list
	}
	l := &lists.List{Release: lists.Release{Name: b.name, Source: "compliancetest:" + b.name, Date: b.date}}
	seen := map[[2]string]bool{}
	for _, eb := range b.entries {
		e := eb.e
		if e.Name == "" && len(e.ISINs)+len(e.Securities)+len(e.Tickers)+len(e.IDs) == 0 {
			b.k.fail("release %q: an entry of list %s has neither a name nor an identifier", b.name, e.List)
		}
		if e.ID == "" {
			e.ID = lists.ContentID(e)
		}
		key := [2]string{string(e.List), e.ID}
		if seen[key] {
			b.k.fail("release %q: two entries of list %s have the id %q", b.name, e.List, e.ID)
		}
		seen[key] = true
		if !publisher[e.List] {
			l.Release.Format = lists.FormatInHouse
		}
		l.Entries = append(l.Entries, e)
	}
	content, err := json.Marshal(struct {
		Name    string
		Date    holdings.Date
		Entries []*lists.Entry
	}{b.name, b.date, l.Entries})
	b.k.noError(err, "release %q", b.name)
	sum := sha256.Sum256(content)
	l.Release.SHA256 = hex.EncodeToString(sum[:])
	b.list = l
	return l
}
