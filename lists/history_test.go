package lists_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

func dated(source, date, sha string, es ...*lists.Entry) *lists.List {
	l := release(es...)
	l.Release.Source = source
	l.Release.Format = "test-" + source
	l.Release.SHA256 = sha
	l.Release.Files = []lists.File{{Name: source + ".csv", SHA256: sha}}
	if date != "" {
		l.Release.Date = holdings.MustDate(date)
	}
	return l
}

func TestMerge(t *testing.T) {
	d1, d2, d3 := holdings.MustDate("2025-01-10"), holdings.MustDate("2025-02-10"), holdings.MustDate("2025-03-10")
	// A: in all three, renamed in r3. B: r1, r2. C: r2, r3. D: r2 only.
	// E: r1 and r3, not r2 (came back). F: r1 only.
	r1 := dated("r1", "2025-01-10", "aa", plain(lists.SSI, "1", "A"), plain(lists.SSI, "2", "B"), plain(lists.SSI, "5", "E"), plain(lists.SSI, "6", "F"))
	r2 := dated("r2", "2025-02-10", "bb", plain(lists.SSI, "1", "A"), plain(lists.SSI, "3", "C"), plain(lists.SSI, "2", "B"), plain(lists.SSI, "4", "D"))
	r3 := dated("r3", "2025-03-10", "cc", plain(lists.SSI, "3", "C"), plain(lists.SSI, "1", "A NEW"), plain(lists.SSI, "5", "E"))
	// Any order.
	m, err := lists.Merge(r3, r1, r2)
	if err != nil {
		t.Fatal(err)
	}

	sum := sha256.Sum256([]byte("aabbcc"))
	wantRel := lists.Release{
		Name:   "test list",
		Format: "test-r3",
		Source: "history:r1,r2,r3",
		Date:   d3,
		SHA256: hex.EncodeToString(sum[:]),
		Files:  []lists.File{{Name: "r1.csv", SHA256: "aa"}, {Name: "r2.csv", SHA256: "bb"}, {Name: "r3.csv", SHA256: "cc"}},
	}
	if diff := cmp.Diff(wantRel, m.Release); diff != "" {
		t.Errorf("Release (-want +got):\n%s", diff)
	}

	type period struct{ ID, Name, Listed, Removed string }
	var got []period
	for _, e := range m.Entries {
		got = append(got, period{e.ID, e.Name, e.Listed.String(), e.Removed.String()})
	}
	want := []period{
		// The newest release's entries in its order...
		{"3", "C", "2025-02-10", ""},
		{"1", "A NEW", "", ""},       // newest version; listed before r1: unknown
		{"5", "E", "2025-03-10", ""}, // back in r3: only the latest period
		// ...then the others, newest release first.
		{"2", "B", "", "2025-03-10"},
		{"4", "D", "2025-02-10", "2025-03-10"},
		{"6", "F", "", "2025-02-10"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}

	// InForce on the day before, of and after each release date.
	var days []holdings.Date
	for _, d := range []holdings.Date{d1, d2, d3} {
		days = append(days, d.AddDays(-1), d, d.AddDays(1))
	}
	inForce := map[string]string{ // id -> one letter per day: y in force, n not
		"1": "yyyyyyyyy",
		"2": "yyyyyyynn",
		"3": "nnnnyyyyy",
		"4": "nnnnyyynn",
		"5": "nnnnnnnyy",
		"6": "yyyynnnnn",
	}
	for _, e := range m.Entries {
		var s []byte
		for _, d := range days {
			if e.InForce(d) {
				s = append(s, 'y')
			} else {
				s = append(s, 'n')
			}
		}
		if got, want := string(s), inForce[e.ID]; got != want {
			t.Errorf("entry %s InForce on %v = %s, want %s", e.ID, days, got, want)
		}
	}

	// The releases are not modified.
	for _, l := range []*lists.List{r1, r2, r3} {
		for _, e := range l.Entries {
			if !e.Listed.IsZero() || !e.Removed.IsZero() {
				t.Errorf("%s entry %s modified: listed %s removed %s", l.Release.Source, e.ID, e.Listed, e.Removed)
			}
		}
	}
}

func TestMergeKeepsOwnDates(t *testing.T) {
	own := plain(lists.Restricted, "R1", "OWN DATES CO")
	own.Listed, own.Removed = holdings.MustDate("2020-01-01"), holdings.MustDate("2030-01-01")
	m, err := lists.Merge(dated("a", "2025-01-01", "", own), dated("b", "2025-02-01", "", own))
	if err != nil {
		t.Fatal(err)
	}
	if e := m.Entries[0]; e.Listed != own.Listed || e.Removed != own.Removed {
		t.Errorf("listed %s removed %s, want the entry's own %s and %s (the history does not know better)", e.Listed, e.Removed, own.Listed, own.Removed)
	}
}

func TestMergeErrors(t *testing.T) {
	a := dated("a", "2025-01-01", "")
	other := dated("o", "2025-03-01", "")
	other.Release.Name = "another list"
	tests := []struct {
		name     string
		reason   string
		releases []*lists.List
	}{
		{name: "none", reason: "nothing to merge"},
		{name: "nil", reason: "a nil release", releases: []*lists.List{a, nil}},
		{name: "zero date", reason: "a release without a date cannot be placed", releases: []*lists.List{a, dated("b", "", "")}},
		{name: "same date", reason: "two releases of one day cannot be ordered", releases: []*lists.List{a, dated("b", "2025-02-01", ""), dated("c", "2025-01-01", "")}},
		{name: "different lists", reason: "releases of different lists", releases: []*lists.List{a, other}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := lists.Merge(tt.releases...)
			if !errors.Is(err, lists.ErrMerge) {
				t.Errorf("Merge: %s: got %v, %v; want an error matching ErrMerge", tt.reason, m, err)
			}
		})
	}
}

func TestLoadOFACRelease(t *testing.T) {
	d := holdings.MustDate("2025-11-24")
	l, err := lists.LoadOFACRelease("testdata/quirks", d)
	if err != nil {
		t.Fatal(err)
	}
	if l.Release.Date != d || len(l.Entries) != 3 {
		t.Errorf("date %s, %d entries; want %s, 3", l.Release.Date, len(l.Entries), d)
	}
	if _, err := lists.LoadOFACRelease("testdata/no-such-dir", d); err == nil {
		t.Error("LoadOFACRelease of a missing directory: no error")
	}
}

func TestMergeSharedData(t *testing.T) {
	mar, dec := holdings.MustDate("2025-03-01"), holdings.MustDate("2025-12-19")
	old, err := lists.LoadOFACRelease(realOld, mar)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := lists.LoadOFACRelease(realNew, dec)
	if err != nil {
		t.Fatal(err)
	}
	m, err := lists.Merge(cur, old)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(m.Entries), 443; got != want {
		t.Errorf("merged entries = %d, want %d (442 current + 1 removed)", got, want)
	}
	gone := find(t, m, "26182")
	if gone.Removed != dec || !gone.Listed.IsZero() || !gone.InForce(dec.AddDays(-1)) || gone.InForce(dec) {
		t.Errorf("26182: listed %s removed %s", gone.Listed, gone.Removed)
	}
	renamed := find(t, m, "18284")
	if renamed.Name != "RN KOMSOMOLSKIY REFINERY LLC" || !renamed.Listed.IsZero() || !renamed.Removed.IsZero() {
		t.Errorf("18284: %q listed %s removed %s; want the newest name, no dates", renamed.Name, renamed.Listed, renamed.Removed)
	}
	if got := len(m.Release.Files); got != 5 {
		t.Errorf("files = %d, want 5 (1 + 4)", got)
	}
	// The entries in force on the newest date are the newest release's.
	var current []*lists.Entry
	for _, e := range m.Entries {
		if e.InForce(dec) {
			current = append(current, e)
		}
	}
	if got := len(current); got != 442 {
		t.Errorf("in force on %s: %d entries, want 442", dec, got)
	}
	if c := mustDiff(t, cur, &lists.List{Release: cur.Release, Entries: current}); !c.Empty() {
		t.Errorf("entries in force on %s differ from the newest release: %+v", dec, summarize(c))
	}
}
