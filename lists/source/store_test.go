package source_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
	"github.com/investscreen/investscreen/lists/source"
)

// TestStoreCrash: a writer that died mid-release leaves a temporary
// folder; readers ignore it, and Open removes it once it is stale.
func TestStoreCrash(t *testing.T) {
	u := newUpstream(t)
	u.serve(t, "/exports/", "testdata/cons-2025-12", true)
	dir := t.TempDir()
	st, err := source.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := quick().Fetch(context.Background(), st, consSource(t, u))
	if err != nil {
		t.Fatal(err)
	}
	// Two half-written releases: one of two days ago, one in progress.
	old := filepath.Join(dir, "ofac-cons", ".tmp-111")
	young := filepath.Join(dir, "ofac-cons", ".tmp-222")
	for _, d := range []string{old, young} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "cons_prim.csv"), []byte(`"1","HALF`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	twoDays := time.Now().Add(-48 * time.Hour)
	if err := os.Chtimes(old, twoDays, twoDays); err != nil {
		t.Fatal(err)
	}
	if ids := releaseIDs(t, st, "ofac-cons"); !cmp.Equal(ids, []string{res.Release.ID}) {
		t.Errorf("with temporary folders: got releases %v, want [%s]", ids, res.Release.ID)
	}
	if _, err := source.Open(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale temporary folder not removed: %v", err)
	}
	if _, err := os.Stat(young); err != nil {
		t.Errorf("temporary folder of a fetch in progress removed: %v", err)
	}
}

func TestStoreCorrupt(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, rel string)
	}{
		{"file changed after it was stored", func(t *testing.T, rel string) {
			p := filepath.Join(rel, "cons_alt.csv")
			b := readFile(t, p)
			b[10] ^= 1
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"release.json missing", func(t *testing.T, rel string) {
			if err := os.Remove(filepath.Join(rel, "release.json")); err != nil {
				t.Fatal(err)
			}
		}},
		{"folder renamed", func(t *testing.T, rel string) {
			if err := os.Rename(rel, filepath.Join(filepath.Dir(rel), "2026-12-01T000000Z")); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := newUpstream(t)
			u.serve(t, "/exports/", "testdata/cons-2025-12", true)
			st, err := source.Open(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			res, err := quick().Fetch(context.Background(), st, consSource(t, u))
			if err != nil {
				t.Fatal(err)
			}
			tc.damage(t, res.Release.Dir())
			if _, err := st.Histories(); !errors.Is(err, source.ErrCorrupt) {
				t.Errorf("Histories: got %v, want ErrCorrupt", err)
			}
			if _, err := quick().Fetch(context.Background(), st, consSource(t, u)); !errors.Is(err, source.ErrCorrupt) {
				t.Errorf("Fetch: got %v, want ErrCorrupt", err)
			}
		})
	}
}

// TestStoreSameSecond: releases fetched in one second order by their
// sequence, also past 9; a history of one day uses the last of them.
func TestStoreSameSecond(t *testing.T) {
	u := newUpstream(t)
	prim := readFile(t, "testdata/cons-2025-12/cons_prim.csv")
	st, err := source.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f := quick()
	f.Now = at("2026-12-01T15:45:00Z")
	var want []string
	for i := 1; i <= 11; i++ {
		// Each release one byte longer: white space after the end marker.
		b := append(append([]byte(nil), prim...), make([]byte, i)...)
		for j := len(prim); j < len(b); j++ {
			b[j] = '\n'
		}
		u.set("/exports/CONS_PRIM.CSV", b)
		res, err := f.Fetch(context.Background(), st, primSource(u))
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, res.Release.ID)
	}
	if want[0] != "2026-12-01T154500Z" || want[1] != "2026-12-01T154500Z-2" || want[10] != "2026-12-01T154500Z-11" {
		t.Errorf("got ids %v", want)
	}
	if got := releaseIDs(t, st, "ofac-cons"); !cmp.Equal(got, want) {
		t.Errorf("got order %v, want %v", got, want)
	}
	h, err := st.History("ofac-cons")
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Release.Files) != 1 || h.Release.Files[0].Size != int64(len(prim)+11) {
		t.Errorf("history of one day uses %+v, want the last release (%d bytes)", h.Release.Files, len(prim)+11)
	}
}

// TestStoreHistory stores three real releases and reads the store back
// as a history: each entry is in force on the dates the releases say.
func TestStoreHistory(t *testing.T) {
	u := newUpstream(t)
	dir := t.TempDir()
	st, err := source.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	f := quick()
	fetch := func(when string, src source.Source) *source.Result {
		t.Helper()
		f.Now = at(when)
		res, err := f.Fetch(context.Background(), st, src)
		if err != nil {
			t.Fatal(err)
		}
		if res.Status != source.New {
			t.Fatalf("fetch at %s: got %v, want new", when, res.Status)
		}
		return res
	}
	u.serve(t, "/exports/", "testdata/cons-2025-03", true)
	fetch("2025-03-20T09:00:00Z", primSource(u))
	u.serve(t, "/exports/", "testdata/cons-2025-12", true)
	fetch("2025-12-19T09:00:00Z", primSource(u))
	third := fetch("2025-12-22T09:00:00Z", consSource(t, u)) // the whole set
	u.set("/un/consolidated.xml", readFile(t, "testdata/un/consolidated.xml"))
	fetch("2026-03-01T09:00:00Z", singleSource(t, "un", u.srv.URL+"/un/consolidated.xml"))

	ls, err := st.Lists("ofac-cons")
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, l := range ls {
		dates = append(dates, l.Release.Date.String())
	}
	if d := cmp.Diff([]string{"2025-03-20", "2025-12-19", "2025-12-22"}, dates); d != "" {
		t.Errorf("release dates (-want +got):\n%s", d)
	}

	hs, err := st.Histories()
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 2 || hs[0].Release.Name != "OFAC Consolidated (non-SDN) List" || hs[1].Release.Name != "UN Security Council Consolidated List" {
		t.Fatalf("got %d histories, want ofac-cons then un", len(hs))
	}
	if hs[1].Release.Date != holdings.MustDate("2026-02-27") {
		t.Errorf("UN history dated %s, want its dateGenerated 2026-02-27", hs[1].Release.Date)
	}
	cons := hs[0]
	byID := map[string]*lists.Entry{}
	for _, e := range cons.Entries {
		byID[e.ID] = e
	}
	tests := []struct {
		name, id string
		on       string
		want     bool
	}{
		{"FSE entry before its removal", "26182", "2025-06-30", true},
		{"FSE entry on the release that dropped it", "26182", "2025-12-19", false},
		{"FSE entry after", "26182", "2026-01-05", false},
		{"SenseTime (NS-CMIC) in 2025-03", "33114", "2025-03-20", true},
		{"SenseTime (NS-CMIC) now", "33114", "2026-01-05", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := byID[tc.id]
			if e == nil {
				t.Fatalf("entry %s not in the history", tc.id)
			}
			if got := e.InForce(holdings.MustDate(tc.on)); got != tc.want {
				t.Errorf("entry %s InForce(%s) = %v, want %v", tc.id, tc.on, got, tc.want)
			}
		})
	}
	if e := byID["33114"]; e != nil {
		if e.CMIC.Effective != holdings.MustDate("2022-02-08") || len(e.Aliases) == 0 {
			t.Errorf("SenseTime: got effective %s and %d aliases, want 2022-02-08 and the aliases of the whole set", e.CMIC.Effective, len(e.Aliases))
		}
	}

	prev, newest, err := st.Latest("ofac-cons")
	if err != nil {
		t.Fatal(err)
	}
	if prev.Release.Date != holdings.MustDate("2025-12-19") || newest.Release.Date != holdings.MustDate("2025-12-22") || newest.Release.SHA256 != third.Release.SHA256 {
		t.Errorf("Latest: got %s and %s", prev.Release.Date, newest.Release.Date)
	}
	if c, err := lists.Diff(prev, newest); err != nil || len(c.Added)+len(c.Removed) != 0 || len(c.Notes) == 0 {
		t.Errorf("Latest diff: got +%d -%d with notes %v, want no entries added or removed, and notes on the files the primary-only release lacks", len(c.Added), len(c.Removed), c.Notes)
	}
	if p, n, err := st.Latest("csl"); p != nil || n != nil || err != nil {
		t.Errorf("Latest of a source with no release: got %v, %v, %v", p, n, err)
	}
	if _, err := st.Histories("csl"); !errors.Is(err, source.ErrSource) {
		t.Errorf("Histories of a source with no release: got %v, want ErrSource", err)
	}
}

func TestSources(t *testing.T) {
	if got := source.Names(); !cmp.Equal(got, []string{"ofac-sdn", "ofac-cons", "ofac-sdn-advanced", "ofac-cons-advanced", "csl", "un"}) {
		t.Errorf("Names: got %v", got)
	}
	cons, err := source.Lookup("ofac-cons")
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, f := range cons.Files {
		urls = append(urls, f.Name+" "+f.URL)
	}
	want := []string{
		"cons_prim.csv https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_PRIM.CSV",
		"cons_alt.csv https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_ALT.CSV",
		"cons_add.csv https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_ADD.CSV",
		"cons_comments.csv https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/CONS_COMMENTS.CSV",
	}
	if d := cmp.Diff(want, urls); d != "" {
		t.Errorf("ofac-cons files (-want +got):\n%s", d)
	}
	mirror, err := cons.WithURL("http://mirror.local/ofac/")
	if err != nil {
		t.Fatal(err)
	}
	if mirror.Files[1].URL != "http://mirror.local/ofac/CONS_ALT.CSV" || cons.Files[1].URL == mirror.Files[1].URL {
		t.Errorf("WithURL: got %s (original now %s)", mirror.Files[1].URL, cons.Files[1].URL)
	}
	un, _ := source.Lookup("un")
	if m, err := un.WithURL("https://mirror.local/un.xml"); err != nil || m.Files[0].URL != "https://mirror.local/un.xml" {
		t.Errorf("WithURL on a single-file source: got %v, %v", m.Files, err)
	}
	for _, bad := range []string{"", "ftp://x/", "/local/path", "http://"} {
		if _, err := cons.WithURL(bad); !errors.Is(err, source.ErrSource) {
			t.Errorf("WithURL(%q): got %v, want ErrSource", bad, err)
		}
	}
	if _, err := source.Lookup("ofac"); !errors.Is(err, source.ErrSource) {
		t.Errorf("Lookup of an unknown name: got %v, want ErrSource", err)
	}
}

// TestReleaseDate: a release dated by its fetch time is in force on the
// New York day it was fetched, never on a later day.
func TestReleaseDate(t *testing.T) {
	tests := []struct {
		name, fetched, published, want string
	}{
		{"New York afternoon", "2026-12-01T20:00:00Z", "", "2026-12-01"},
		{"New York evening, next UTC day (EST)", "2026-12-02T01:00:00Z", "", "2026-12-01"},
		{"just before New York midnight (EST)", "2026-12-02T04:59:59Z", "", "2026-12-01"},
		{"New York midnight (EST)", "2026-12-02T05:00:00Z", "", "2026-12-02"},
		{"New York evening, next UTC day (EDT)", "2026-07-02T03:30:00Z", "", "2026-07-01"},
		{"first New York hour (EDT): the day before, never after", "2026-07-02T04:30:00Z", "", "2026-07-01"},
		{"published date wins", "2026-12-02T01:00:00Z", "2026-11-28", "2026-11-28"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &source.Release{FetchedAt: at(tc.fetched)()}
			if tc.published != "" {
				r.Published = holdings.MustDate(tc.published)
			}
			if got := r.Date().String(); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestFetchClockBehind(t *testing.T) {
	u := newUpstream(t)
	u.serve(t, "/exports/", "testdata/cons-2025-12", true)
	dir := t.TempDir()
	st, err := source.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	f := quick()
	f.Now = at("2026-12-01T10:00:00Z")
	if _, err := f.Fetch(context.Background(), st, consSource(t, u)); err != nil {
		t.Fatal(err)
	}
	before := storeState(t, dir)
	f.Now = at("2026-11-30T10:00:00Z")
	if _, err := f.Fetch(context.Background(), st, consSource(t, u)); !errors.Is(err, source.ErrClock) {
		t.Errorf("got %v, want ErrClock", err)
	}
	if d := cmp.Diff(before, storeState(t, dir)); d != "" {
		t.Errorf("store changed (-before +after):\n%s", d)
	}
}
