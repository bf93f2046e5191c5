package source

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestCommitRace: a release committed by another process after this one
// looked (newest) with the same files is not stored twice.
func TestCommitRace(t *testing.T) {
	dir := t.TempDir()
	st, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	write := func(when time.Time) (string, *Release) {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(dir, "un"), 0o755); err != nil {
			t.Fatal(err)
		}
		tmp, err := os.MkdirTemp(filepath.Join(dir, "un"), tempPrefix)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tmp, "consolidated.xml"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		return tmp, &Release{Source: "un", Format: "un-xml", FetchedAt: when, Entries: 1,
			Files: []ReleaseFile{{Name: "consolidated.xml", Size: 1, SHA256: "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"}}}
	}
	tmp1, r1 := write(time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC))
	got, err := st.commit(tmp1, r1, nil)
	if err != nil || got != r1 {
		t.Fatalf("first commit: got %v, %v", got, err)
	}
	// The second writer also saw no release, and fetched the same bytes.
	tmp2, r2 := write(time.Date(2026, 12, 1, 10, 0, 5, 0, time.UTC))
	got, err = st.commit(tmp2, r2, nil)
	if err != nil || got == r2 || got.ID != r1.ID {
		t.Fatalf("second commit: got %+v, %v; want the first release", got, err)
	}
	os.RemoveAll(tmp2)
	rs, err := st.Releases("un")
	if err != nil || len(rs) != 1 {
		t.Errorf("got %d releases (%v), want 1", len(rs), err)
	}
}
