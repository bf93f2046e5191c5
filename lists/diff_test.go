package lists_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// acme returns a fresh NS-CMIC entry for the diff tests; edit modifies it.
func acme(edit func(e *lists.Entry)) *lists.Entry {
	tick := func(s string) holdings.ID { return holdings.ID{Kind: holdings.Ticker, Value: s} }
	e := &lists.Entry{
		List:     lists.NSCMIC,
		ID:       "1",
		Type:     "entity",
		Name:     "ACME MISSILE WORKS LIMITED",
		Programs: []string{"CMIC-EO13959", "NS-PLC"},
		ISINs:    []string{"CNE1000002V2", "US16941M1099"},
		Tickers: []lists.Ticker{
			{Raw: "600677  CN", ID: tick("600677 CN")},
			{Raw: "941 HK", ID: tick("941 HK")},
		},
		IssuerNames: []string{"Acme Missile Works Co., Ltd"},
		Aliases: []lists.Alias{
			{ID: "101", Type: "aka", Name: "ACME MISSILE WORKS LTD"},
			{Type: "aka", Name: "AMW", Weak: true},
		},
		CMIC: &lists.CMICDates{
			Listing:    holdings.MustDate("2021-06-03"),
			Effective:  holdings.MustDate("2021-08-02"),
			Divestment: holdings.MustDate("2022-06-03"),
		},
		TargetType: "Public Company",
		IDs:        []lists.Identifier{{Type: "Unified Social Credit Code (USCC)", Value: "9111000071093019X7", Country: "China"}},
		LinkedTo:   []string{"ACME HOLDING GROUP CO., LTD."},
		Addresses:  []lists.Address{{ID: "201", Street: "1 Rocket Road", City: "Beijing 100088", Country: "China"}},
		Remarks:    "ISIN CNE1000002V2; alt. ISIN US16941M1099.",
	}
	if edit != nil {
		edit(e)
	}
	return e
}

func plain(list lists.Code, id, name string) *lists.Entry {
	return &lists.Entry{List: list, ID: id, Type: "entity", Name: name}
}

func release(es ...*lists.Entry) *lists.List {
	return &lists.List{Release: lists.Release{Name: "test list", Source: "mem"}, Entries: es}
}

// summary is the comparable part of Changes: entries as "LIST ID".
type summary struct {
	Added, Removed []string
	Changed        []lists.EntryChange
	Notes          []string
}

func summarize(c *lists.Changes) summary {
	var s summary
	for _, e := range c.Added {
		s.Added = append(s.Added, string(e.List)+" "+e.ID)
	}
	for _, e := range c.Removed {
		s.Removed = append(s.Removed, string(e.List)+" "+e.ID)
	}
	s.Changed = c.Changed
	s.Notes = c.Notes
	return s
}

// mustDiff is lists.Diff for releases whose ids are stable.
func mustDiff(t testing.TB, old, new *lists.List) *lists.Changes {
	t.Helper()
	c, err := lists.Diff(old, new)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name     string
		reason   string
		old, new *lists.List
		want     summary
	}{
		{
			name:   "identical",
			reason: "two equal releases have no changes",
			old:    release(acme(nil), plain(lists.SSI, "2", "B")),
			new:    release(acme(nil), plain(lists.SSI, "2", "B")),
		},
		{
			name:   "added",
			reason: "an entry only the new release holds is added",
			old:    release(acme(nil)),
			new:    release(acme(nil), plain(lists.SSI, "2", "B")),
			want:   summary{Added: []string{"SSI 2"}},
		},
		{
			name:   "removed",
			reason: "an entry only the old release holds is removed",
			old:    release(acme(nil), plain(lists.SSI, "2", "B")),
			new:    release(acme(nil)),
			want:   summary{Removed: []string{"SSI 2"}},
		},
		{
			name:   "renamed",
			reason: "the name is a scalar: old and new",
			old:    release(acme(nil)),
			new:    release(acme(func(e *lists.Entry) { e.Name = "ACME MISSILE WORKS LTD" })),
			want: summary{Changed: []lists.EntryChange{{ID: "1", List: lists.NSCMIC, Name: "ACME MISSILE WORKS LTD", Fields: []lists.FieldChange{
				{Field: "name", Old: "ACME MISSILE WORKS LIMITED", New: "ACME MISSILE WORKS LTD"},
			}}}},
		},
		{
			name:   "isin added and removed",
			reason: "ISINs are a set: what appeared and what went",
			old:    release(acme(nil)),
			new:    release(acme(func(e *lists.Entry) { e.ISINs = []string{"CNE1000002V2", "HK0000000001"} })),
			want: summary{Changed: []lists.EntryChange{{ID: "1", List: lists.NSCMIC, Name: "ACME MISSILE WORKS LIMITED", Fields: []lists.FieldChange{
				{Field: "isins", Added: []string{"HK0000000001"}, Removed: []string{"US16941M1099"}},
			}}}},
		},
		{
			name:   "cmic date moved",
			reason: "a CMIC date is a scalar written YYYY-MM-DD",
			old:    release(acme(nil)),
			new: release(acme(func(e *lists.Entry) {
				e.CMIC = &lists.CMICDates{Listing: e.CMIC.Listing, Effective: holdings.MustDate("2021-08-03"), Divestment: e.CMIC.Divestment}
			})),
			want: summary{Changed: []lists.EntryChange{{ID: "1", List: lists.NSCMIC, Name: "ACME MISSILE WORKS LIMITED", Fields: []lists.FieldChange{
				{Field: "cmic.effective", Old: "2021-08-02", New: "2021-08-03"},
			}}}},
		},
		{
			name:   "cmic dates appear",
			reason: "a nil CMIC compares as three unknown dates",
			old:    release(acme(func(e *lists.Entry) { e.CMIC = nil })),
			new:    release(acme(func(e *lists.Entry) { e.CMIC = &lists.CMICDates{Listing: holdings.MustDate("2021-06-03")} })),
			want: summary{Changed: []lists.EntryChange{{ID: "1", List: lists.NSCMIC, Name: "ACME MISSILE WORKS LIMITED", Fields: []lists.FieldChange{
				{Field: "cmic.listing", New: "2021-06-03"},
			}}}},
		},
		{
			name:   "alias added",
			reason: "aliases are a set of type and name",
			old:    release(acme(nil)),
			new: release(acme(func(e *lists.Entry) {
				e.Aliases = append(e.Aliases, lists.Alias{ID: "102", Type: "fka", Name: "ACME ROCKETS CO"}, lists.Alias{Type: "aka", Name: "ACME", Weak: true})
			})),
			want: summary{Changed: []lists.EntryChange{{ID: "1", List: lists.NSCMIC, Name: "ACME MISSILE WORKS LIMITED", Fields: []lists.FieldChange{
				{Field: "aliases", Added: []string{"fka ACME ROCKETS CO", "weak aka ACME"}},
			}}}},
		},
		{
			name:   "order only",
			reason: "reordering the values of set-valued fields is no change",
			old:    release(acme(nil)),
			new: release(acme(func(e *lists.Entry) {
				e.Programs = []string{"NS-PLC", "CMIC-EO13959"}
				e.ISINs = []string{"US16941M1099", "CNE1000002V2"}
				e.Tickers = []lists.Ticker{e.Tickers[1], e.Tickers[0]}
				e.Aliases = []lists.Alias{e.Aliases[1], e.Aliases[0]}
			})),
		},
		{
			name:   "repeated isin",
			reason: "a value given twice is the same set",
			old:    release(acme(nil)),
			new: release(acme(func(e *lists.Entry) {
				e.ISINs = []string{"CNE1000002V2", "US16941M1099", "CNE1000002V2"}
				e.Programs = append(e.Programs, "NS-PLC")
			})),
		},
		{
			name:   "fields in fixed order, remarks last",
			reason: "fields follow the documented order whatever changed first",
			old:    release(acme(nil)),
			new: release(acme(func(e *lists.Entry) {
				e.Remarks = "ISIN CNE1000002V2; alt. ISIN US16941M1099; Target Type Private Company."
				e.TargetType = "Private Company"
				e.Addresses = nil
				e.Tickers = e.Tickers[:1]
				e.Type = "vessel"
				e.Programs = []string{"CMIC-EO13959"}
				e.IDs = nil
				e.LinkedTo = append(e.LinkedTo, "OTHER CO")
				e.IssuerNames = []string{"Acme Missile Works Co."}
				e.Securities = []holdings.ID{{Kind: holdings.CUSIP, Value: "16941M109"}}
				e.Listed = holdings.MustDate("2021-06-03")
			})),
			want: summary{Changed: []lists.EntryChange{{ID: "1", List: lists.NSCMIC, Name: "ACME MISSILE WORKS LIMITED", Fields: []lists.FieldChange{
				{Field: "type", Old: "entity", New: "vessel"},
				{Field: "programs", Removed: []string{"NS-PLC"}},
				{Field: "securities", Added: []string{"cusip 16941M109"}},
				{Field: "tickers", Removed: []string{"941 HK"}},
				{Field: "issuer names", Added: []string{"Acme Missile Works Co."}, Removed: []string{"Acme Missile Works Co., Ltd"}},
				{Field: "target type", Old: "Public Company", New: "Private Company"},
				{Field: "ids", Removed: []string{"Unified Social Credit Code (USCC) 9111000071093019X7 (China)"}},
				{Field: "linked to", Added: []string{"OTHER CO"}},
				{Field: "addresses", Removed: []string{"1 Rocket Road, Beijing 100088, China"}},
				{Field: "listed", New: "2021-06-03"},
				{Field: "remarks", Old: "ISIN CNE1000002V2; alt. ISIN US16941M1099.", New: "ISIN CNE1000002V2; alt. ISIN US16941M1099; Target Type Private Company."},
			}}}},
		},
		{
			name:   "entries by list then numeric id",
			reason: "9 before 10 before 100 (numeric, not string order); NS-CMIC before SSI",
			old:    release(plain(lists.SSI, "100", "A"), plain(lists.SSI, "9", "B"), plain(lists.SSI, "10", "C"), plain(lists.NSCMIC, "500", "D")),
			new:    release(plain(lists.NSCMIC, "500", "d"), plain(lists.SSI, "10", "c"), plain(lists.SSI, "9", "b"), plain(lists.SSI, "100", "a")),
			want: summary{Changed: []lists.EntryChange{
				{ID: "500", List: lists.NSCMIC, Name: "d", Fields: []lists.FieldChange{{Field: "name", Old: "D", New: "d"}}},
				{ID: "9", List: lists.SSI, Name: "b", Fields: []lists.FieldChange{{Field: "name", Old: "B", New: "b"}}},
				{ID: "10", List: lists.SSI, Name: "c", Fields: []lists.FieldChange{{Field: "name", Old: "C", New: "c"}}},
				{ID: "100", List: lists.SSI, Name: "a", Fields: []lists.FieldChange{{Field: "name", Old: "A", New: "a"}}},
			}},
		},
		{
			name:   "moved to another list",
			reason: "entries are matched by list code and id: a move is a removal and an addition",
			old:    release(plain(lists.NSMBS, "7", "X")),
			new:    release(plain(lists.SSI, "7", "X")),
			want:   summary{Added: []string{"SSI 7"}, Removed: []string{"NS-MBS 7"}},
		},
		{
			name:   "nil old",
			reason: "a nil list is empty: everything is added",
			new:    release(plain(lists.SSI, "2", "B"), plain(lists.SSI, "1", "A")),
			want:   summary{Added: []string{"SSI 1", "SSI 2"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustDiff(t, tt.old, tt.new)
			if diff := cmp.Diff(tt.want, summarize(c)); diff != "" {
				t.Errorf("Diff: %s\n(-want +got):\n%s", tt.reason, diff)
			}
			if got, want := c.Empty(), len(tt.want.Added)+len(tt.want.Removed)+len(tt.want.Changed) == 0; got != want {
				t.Errorf("Empty() = %v, want %v", got, want)
			}
		})
	}
}

func TestChangesEmptyNil(t *testing.T) {
	var c *lists.Changes
	if !c.Empty() {
		t.Error("nil Changes: Empty() = false, want true")
	}
}

func TestDiffDoesNotShareRelease(t *testing.T) {
	old := release(acme(nil))
	old.Release.Files = []lists.File{{Name: "cons_prim.csv"}}
	c := mustDiff(t, old, old)
	c.Old.Files[0].Name = "changed"
	if got := old.Release.Files[0].Name; got != "cons_prim.csv" {
		t.Errorf("list's Release.Files changed through Changes: %q", got)
	}
}

func TestDiffConcurrent(t *testing.T) {
	old := release(acme(nil), plain(lists.SSI, "2", "B"))
	cur := release(acme(func(e *lists.Entry) { e.Name = "X" }))
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if c := mustDiff(t, old, cur); len(c.Changed) != 1 || len(c.Removed) != 1 {
				t.Errorf("Diff = %+v", summarize(c))
			}
		}()
	}
	wg.Wait()
}

// ofacFS returns an OFAC consolidated set in memory: the primary file's
// rows and, for each other file given, its rows (CR LF, 0x1A at the end).
func ofacFS(files map[string][]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, rows := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(strings.Join(append(rows, ""), "\r\n") + "\x1a")}
	}
	return fsys
}

func primRow(id, name, remarks string) string {
	return id + `,"` + name + `",-0- ,"UKRAINE-EO13662",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"` + remarks + `"`
}

func TestDiffMissingFiles(t *testing.T) {
	// A remark of more than 1000 characters, cut as OFAC cuts it: the
	// primary file holds the first 1000, the comments file the rest.
	long := "Tax ID No. 7706107510 (Russia); " + strings.Repeat("Secondary sanctions risk: see the directives; ", 21) + "Registration Number 1027700043502 (Russia); a.k.a. 'ROSN'."
	if len(long) <= 1000 {
		t.Fatalf("test remark has %d characters, want more than 1000", len(long))
	}
	head, tail := long[:1000], long[1000:]
	full := map[string][]string{
		"cons_prim.csv":     {primRow("1", "CUT CO", head), primRow("2", "OTHER CO", "Website x.ru.")},
		"cons_alt.csv":      {`1,101,"aka","CUT COMPANY",-0- `},
		"cons_add.csv":      {`1,201,"1 Main St","Moscow","Russia",-0- `},
		"cons_comments.csv": {`1,"` + tail + `"`},
	}
	primOnly := map[string][]string{"cons_prim.csv": full["cons_prim.csv"]}
	// The same remark with another tax id: as long, so also cut.
	changedHead := strings.Replace(head, "7706107510", "7706107599", 1)
	changedPrim := map[string][]string{"cons_prim.csv": {primRow("1", "CUT CO", changedHead), primRow("2", "OTHER CO", "Website x.ru.")}}

	load := func(files map[string][]string) *lists.List {
		t.Helper()
		l, err := lists.ReadOFAC(ofacFS(files))
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	notes := func(side string, cut int) []string {
		return []string{
			side + " release has no cons_alt.csv: aliases from the alias file are not compared",
			side + " release has no cons_add.csv: addresses are not compared",
			side + " release has no cons_comments.csv: remarks that fill the 1000 characters of the primary file (" + fmt.Sprint(cut) + " entries) are compared only up to that length, with the fields they give",
		}
	}
	tests := []struct {
		name     string
		reason   string
		old, new map[string][]string
		want     summary
	}{
		{
			name:   "old has the primary file only",
			reason: "aliases, addresses and the remarks continuation of the alias, address and comments files are not compared",
			old:    primOnly, new: full,
			want: summary{Notes: notes("old", 1)},
		},
		{
			name:   "new has the primary file only",
			reason: "the same the other way round",
			old:    full, new: primOnly,
			want: summary{Notes: notes("new", 1)},
		},
		{
			name:   "cut remark changed",
			reason: "a change within the first 1000 characters is reported, the fields past the cut are not",
			old:    changedPrim, new: full,
			want: summary{
				Changed: []lists.EntryChange{{ID: "1", List: lists.SSI, Name: "CUT CO", Fields: []lists.FieldChange{
					{Field: "ids", Added: []string{"Tax ID No. 7706107510 (Russia)"}, Removed: []string{"Tax ID No. 7706107599 (Russia)"}},
					{Field: "remarks", Old: strings.TrimSpace(changedHead), New: strings.TrimSpace(head)},
				}}},
				Notes: notes("old", 1),
			},
		},
		{
			name:   "both complete",
			reason: "no file missing: everything compared, no notes",
			old:    full, new: full,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustDiff(t, load(tt.old), load(tt.new))
			if diff := cmp.Diff(tt.want, summarize(c)); diff != "" {
				t.Errorf("Diff: %s\n(-want +got):\n%s", tt.reason, diff)
			}
		})
	}

	// Without the cut handling the full release would show the weak alias
	// and the registration number past the cut as added: check that they
	// are there to be hidden.
	e := find(t, load(full), "1")
	if got := len(e.Aliases); got != 2 {
		t.Errorf("full release: %d aliases, want 2 (alias file and weak)", got)
	}
}

const realOld, realNew = "testdata/real/ofac/consolidated-2025-03", "testdata/real/ofac/consolidated-2025-12"

func loadReal(t *testing.T) (old, cur *lists.List) {
	t.Helper()
	old, err := lists.LoadOFAC(realOld)
	if err != nil {
		t.Fatal(err)
	}
	cur, err = lists.LoadOFAC(realNew)
	if err != nil {
		t.Fatal(err)
	}
	return old, cur
}

func TestDiffSharedData(t *testing.T) {
	old, cur := loadReal(t)
	if got, want := [2]int{len(old.Entries), len(cur.Entries)}, [2]int{443, 442}; got != want {
		t.Fatalf("entries = %v, want %v", got, want)
	}
	c := mustDiff(t, old, cur)
	s := summarize(c)
	if diff := cmp.Diff([]string{"FSE 26182"}, s.Removed); diff != "" || len(s.Added) != 0 {
		t.Errorf("added %v, removed (-want +got):\n%s", s.Added, diff)
	}
	var changed []string
	byID := map[string]lists.EntryChange{}
	for _, ch := range c.Changed {
		changed = append(changed, string(ch.List)+" "+ch.ID)
		byID[ch.ID] = ch
	}
	wantChanged := []string{"NS-PLC 9659", "SSI 17022", "SSI 17248", "SSI 18267", "SSI 18269", "SSI 18271", "SSI 18274",
		"SSI 18276", "SSI 18282", "SSI 18284", "SSI 18290", "SSI 18292", "SSI 18782"}
	if diff := cmp.Diff(wantChanged, changed); diff != "" {
		t.Errorf("changed entries (-want +got):\n%s", diff)
	}
	fieldNames := func(ch lists.EntryChange) []string {
		var n []string
		for _, f := range ch.Fields {
			n = append(n, f.Field)
		}
		return n
	}
	tests := []struct {
		id    string
		want  []lists.FieldChange // nil: only check the field names
		names []string
	}{
		{id: "9659", names: []string{"remarks"}},
		{id: "18782", want: []lists.FieldChange{{Field: "programs", Removed: []string{"SYRIA"}}}},
		{id: "18284", names: []string{"name", "programs", "ids", "remarks"}},
		{id: "18290", names: []string{"programs", "aliases", "ids", "remarks"}},
	}
	for _, tt := range tests {
		ch := byID[tt.id]
		if tt.want != nil {
			if diff := cmp.Diff(tt.want, ch.Fields); diff != "" {
				t.Errorf("entry %s fields (-want +got):\n%s", tt.id, diff)
			}
			continue
		}
		if diff := cmp.Diff(tt.names, fieldNames(ch)); diff != "" {
			t.Errorf("entry %s field names (-want +got):\n%s", tt.id, diff)
		}
	}
	if f := byID["18284"].Fields[0]; f.Old != "RN-KOMSOMOLSKY REFINERY LLC" || f.New != "RN KOMSOMOLSKIY REFINERY LLC" {
		t.Errorf("18284 name change = %+v", f)
	}
	if f := byID["18290"].Fields[1]; !cmp.Equal(f.Added, []string{"weak aka OAO SNPS"}) || len(f.Removed) != 0 {
		t.Errorf("18290 alias change = %+v", f)
	}
	if f := byID["17022"].Fields[0]; !cmp.Equal(f.Added, []string{"RUSSIA-EO14024"}) {
		t.Errorf("17022 programs change = %+v", f)
	}
	if got := len(c.Notes); got != 3 || !strings.Contains(c.Notes[2], "(10 entries)") {
		t.Errorf("notes = %q, want 3 (alias, address and comments files), 10 cut remarks", c.Notes)
	}
	if c := mustDiff(t, cur, cur); !c.Empty() || len(c.Notes) != 0 {
		t.Errorf("a release against itself: %+v", summarize(c))
	}
}
