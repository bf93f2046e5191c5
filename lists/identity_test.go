package lists_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// inHouseRelease reads an in-house list from text and dates it.
func inHouseRelease(t *testing.T, date, text string) *lists.List {
	t.Helper()
	l, err := lists.ReadInHouse(strings.NewReader(text), "restricted-"+date+".csv")
	if err != nil {
		t.Fatal(err)
	}
	l.Release.Date = holdings.MustDate(date)
	return l
}

// byISIN returns the one entry of l that lists isin, or nil.
func byISIN(t *testing.T, l *lists.List, isin string) *lists.Entry {
	t.Helper()
	var found *lists.Entry
	for _, e := range l.Entries {
		for _, v := range e.ISINs {
			if v == isin {
				if found != nil {
					t.Fatalf("two entries list %s: %s and %s", isin, found.ID, e.ID)
				}
				found = e
			}
		}
	}
	return found
}

const (
	isinAcme  = "US0378331005" // restricted in every release
	isinBeta  = "US5949181045" // dropped by the third release
	isinNewco = "US88160R1014" // inserted above the others by the second
)

// TestInHouseHistoryRowsMove is issue 11's false negative: rows inserted
// above an issuer, reordered or removed must not move a restriction from
// one issuer to another. Each issuer must stay restricted exactly on the
// trade dates it was on the list, in every release of a history of two
// and of three, with ids derived from content and with an id column.
func TestInHouseHistoryRowsMove(t *testing.T) {
	const (
		d1, d2, d3 = "2024-01-02", "2024-06-03", "2025-01-02"
	)
	type check struct {
		isin, date string
		inForce    bool
	}
	tests := []struct {
		name     string
		reason   string
		releases [][2]string // date, file
		checks   []check
	}{
		{
			name:   "insert above, content ids",
			reason: "a row inserted above Acme must not take Acme's id (positional ids did)",
			releases: [][2]string{
				{d1, "list,name,isin\nrestricted,Acme Corp,US0378331005\nrestricted,Beta Inc,US5949181045\n"},
				{d2, "list,name,isin\nrestricted,Newco Ltd,US88160R1014\nrestricted,Acme Corp,US0378331005\nrestricted,Beta Inc,US5949181045\n"},
			},
			checks: []check{
				{isinAcme, "2024-01-02", true}, {isinAcme, "2024-06-03", true}, {isinAcme, "2030-01-01", true},
				{isinBeta, "2024-03-01", true}, {isinBeta, "2024-07-01", true},
				{isinNewco, "2024-06-02", false}, {isinNewco, "2024-06-03", true},
			},
		},
		{
			name:   "drop above, content ids",
			reason: "dropping the first row must remove that issuer only, not shift Beta into its place",
			releases: [][2]string{
				{d1, "list,name,isin\nrestricted,Acme Corp,US0378331005\nrestricted,Beta Inc,US5949181045\n"},
				{d2, "list,name,isin\nrestricted,Beta Inc,US5949181045\n"},
			},
			checks: []check{
				{isinAcme, "2024-06-02", true}, {isinAcme, "2024-06-03", false},
				{isinBeta, "2024-01-02", true}, {isinBeta, "2024-06-03", true}, {isinBeta, "2026-01-01", true},
			},
		},
		{
			name:   "three releases: insert above, reorder, drop",
			reason: "each issuer is restricted on exactly the trade dates some release had it on the list",
			releases: [][2]string{
				{d1, "list,name,isin\nrestricted,Acme Corp,US0378331005\nrestricted,Beta Inc,US5949181045\n"},
				{d2, "list,name,isin\nrestricted,Newco Ltd,US88160R1014\nrestricted,Beta Inc,US5949181045\nrestricted,Acme Corp,US0378331005\n"},
				{d3, "list,name,isin\nrestricted,Acme Corp,US0378331005\nrestricted,Newco Ltd,US88160R1014\n"},
			},
			checks: []check{
				{isinAcme, "2024-01-02", true}, {isinAcme, "2024-09-01", true}, {isinAcme, "2025-06-01", true},
				{isinBeta, "2024-01-02", true}, {isinBeta, "2025-01-01", true}, {isinBeta, "2025-01-02", false},
				{isinNewco, "2024-06-02", false}, {isinNewco, "2024-06-03", true}, {isinNewco, "2025-06-01", true},
			},
		},
		{
			name:   "three releases with an id column, a name corrected",
			reason: "the id column carries identity: a corrected name is the same entry, rows moving change nothing",
			releases: [][2]string{
				{d1, "id,list,name,isin\nR1,restricted,Acme Corp,US0378331005\nR2,restricted,Beta Inc,US5949181045\n"},
				{d2, "id,list,name,isin\nR3,restricted,Newco Ltd,US88160R1014\nR2,restricted,Beta Incorporated,US5949181045\nR1,restricted,Acme Corp,US0378331005\n"},
				{d3, "id,list,name,isin\nR3,restricted,Newco Ltd,US88160R1014\nR1,restricted,Acme Corp,US0378331005\n"},
			},
			checks: []check{
				{isinAcme, "2024-01-02", true}, {isinAcme, "2025-06-01", true},
				{isinBeta, "2024-01-02", true}, {isinBeta, "2024-12-31", true}, {isinBeta, "2025-01-02", false},
				{isinNewco, "2024-06-02", false}, {isinNewco, "2024-06-03", true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rs []*lists.List
			for _, r := range tt.releases {
				rs = append(rs, inHouseRelease(t, r[0], r[1]))
			}
			// The order the releases are given in does not matter.
			rs[0], rs[len(rs)-1] = rs[len(rs)-1], rs[0]
			m, err := lists.Merge(rs...)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range tt.checks {
				e := byISIN(t, m, c.isin)
				if e == nil {
					t.Fatalf("no entry lists %s (%s)", c.isin, tt.reason)
				}
				if got := e.InForce(holdings.MustDate(c.date)); got != c.inForce {
					t.Errorf("%s (%s) in force on %s = %v, want %v: %s", c.isin, e.Name, c.date, got, c.inForce, tt.reason)
				}
			}
		})
	}
}

// TestInHouseContentID: the derived id depends on the list code, the
// normalised name and the set of identifiers, not on the row's place, the
// letter case or the order of values in a cell.
func TestInHouseContentID(t *testing.T) {
	a := inHouseRelease(t, "2024-01-02", "list,name,isin,ticker\nwatch,Other,,\nrestricted,Acme Corp.,US0378331005;US5949181045,AAPL\n")
	b := inHouseRelease(t, "2024-01-03", "name,list,ticker,isin\nACME CORP,Restricted,AAPL US,us5949181045;US0378331005\n")
	if got, want := a.Entries[1].ID, b.Entries[0].ID; got != want {
		t.Errorf("same issuer, moved and respelt: ids %s and %s", got, want)
	}
	// Pinned: ids derived by an earlier version must still match, or a
	// history built across an upgrade would confuse its entries.
	if got, want := a.Entries[1].ID, "h-12836bf5593c2321"; got != want {
		t.Errorf("content id = %s, want %s", got, want)
	}
	if a.Release.IDScheme != lists.IDContent {
		t.Errorf("scheme %q, want content", a.Release.IDScheme)
	}
	c := inHouseRelease(t, "2024-01-04", "list,name,isin\nwatch,Acme Corp,US0378331005;US5949181045\n")
	d := inHouseRelease(t, "2024-01-04", "list,name,isin\nrestricted,Acme Corp,US0378331005\n")
	for _, other := range []*lists.List{c, d} {
		if other.Entries[0].ID == a.Entries[1].ID {
			t.Errorf("another list code or identifier set gives the same id %s", other.Entries[0].ID)
		}
	}
}

// TestInHouseIDErrors: rows that cannot be told apart are refused at read
// time, naming the line.
func TestInHouseIDErrors(t *testing.T) {
	tests := []struct {
		name, reason, in string
		wantLine         int
		wantField        string
	}{
		{"same content twice", "two rows with the same list, name and identifiers need an id column", "list,name,isin\nrestricted,Acme,US0378331005\nwatch,Acme,US0378331005\nrestricted,ACME,US0378331005\n", 4, ""},
		{"empty id", "with an id column every row has an id", "id,list,name\nR1,restricted,Acme\n,restricted,Beta\n", 3, "id"},
		{"duplicate id", "an id names one entry of its list", "id,list,name\nR1,restricted,Acme\nR1,restricted,Beta\n", 3, "id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := lists.ReadInHouse(strings.NewReader(tc.in), "house.csv")
			if err == nil {
				t.Fatalf("no error: %s", tc.reason)
			}
			wantParseError(t, err, "house.csv", tc.wantLine, tc.wantField)
		})
	}
	// The same id on two lists is two entries.
	if _, err := lists.ReadInHouse(strings.NewReader("id,list,name\nR1,restricted,Acme\nR1,watch,Acme\n"), "house.csv"); err != nil {
		t.Errorf("same id on two lists: %v", err)
	}
}

// TestMergeDiffRefuseUnstableIDs: Merge and Diff refuse releases whose ids
// cannot be matched across releases, with an *UnstableIDError.
func TestMergeDiffRefuseUnstableIDs(t *testing.T) {
	good := func(date string) *lists.List {
		return &lists.List{Release: lists.Release{Name: "house", Source: "good-" + date, Date: holdings.MustDate(date), IDScheme: lists.IDContent},
			Entries: []*lists.Entry{{List: lists.Restricted, ID: "a", Name: "Acme"}}}
	}
	bad := map[string]*lists.List{
		"positional ids": {Release: lists.Release{Name: "house", Source: "bad", Date: holdings.MustDate("2025-01-02"), IDScheme: lists.IDPosition},
			Entries: []*lists.Entry{{List: lists.Restricted, ID: "L2", Name: "Acme"}}},
		"duplicate id": {Release: lists.Release{Name: "house", Source: "bad", Date: holdings.MustDate("2025-01-02")},
			Entries: []*lists.Entry{{List: lists.Restricted, ID: "a", Name: "Acme"}, {List: lists.Restricted, ID: "a", Name: "Beta"}}},
		"empty id": {Release: lists.Release{Name: "house", Source: "bad", Date: holdings.MustDate("2025-01-02")},
			Entries: []*lists.Entry{{List: lists.Restricted, Name: "Acme"}}},
	}
	for name, l := range bad {
		t.Run(name, func(t *testing.T) {
			check := func(what string, err error) {
				var ue *lists.UnstableIDError
				if !errors.Is(err, lists.ErrUnstableID) || !errors.As(err, &ue) || ue.Source != "bad" {
					t.Errorf("%s: err = %v, want an *UnstableIDError for source bad", what, err)
				}
			}
			_, err := lists.Merge(good("2024-01-02"), l)
			check("Merge", err)
			_, err = lists.Histories(good("2024-01-02"), l)
			check("Histories", err)
			_, err = lists.Diff(good("2024-01-02"), l)
			check("Diff new", err)
			_, err = lists.Diff(l, good("2024-01-02"))
			check("Diff old", err)
		})
	}
	// The same id on two lists is not a duplicate.
	two := &lists.List{Release: lists.Release{Name: "house", Date: holdings.MustDate("2025-01-02")},
		Entries: []*lists.Entry{{List: lists.Restricted, ID: "a"}, {List: lists.Watch, ID: "a"}}}
	if _, err := lists.Merge(good("2024-01-02"), two); err != nil {
		t.Errorf("same id on two lists: %v", err)
	}
}
