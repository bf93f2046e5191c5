package source

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// releaseFile is the name of a release's description in its folder.
const releaseFile = "release.json"

// tempPrefix starts the names of the folders a release is written to
// before it is complete. Readers ignore them; Open removes those older
// than staleTemp.
const tempPrefix = ".tmp-"

// staleTemp is the age after which a temporary folder is taken to be
// left by a crashed writer and removed: longer than any fetch.
const staleTemp = 24 * time.Hour

// idLayout is the time part of a release id: the fetch time in UTC, to
// the second. A second release fetched in the same second gets "-2",
// then "-3", ...
const idLayout = "2006-01-02T150405Z"

// ErrCorrupt is matched (errors.Is) by every error about a store whose
// content is not what this package writes: a release folder without a
// valid release.json, or a file whose bytes differ from its recorded
// SHA-256.
var ErrCorrupt = errors.New("release store is damaged")

// Store is a directory of list releases: one folder per source, one
// sub-folder per release, named by its id, holding the files byte for
// byte and release.json. Releases are written atomically (a temporary
// folder, fsync, rename), so a store never holds a partial release.
//
// A Store is safe for concurrent use by several goroutines. Several
// processes may read a store while one writes it; two processes that
// fetch the same source at the same time may both add a release.
type Store struct {
	dir      string
	mu       sync.Mutex             // serialises commits; guards fetching
	fetching map[string]*sync.Mutex // one lock per source being fetched
}

// Open opens the store in dir, creating dir if it does not exist, and
// removes the temporary folders that a crashed writer left more than a
// day ago (younger ones may belong to a fetch in progress; readers ignore
// them either way).
func Open(dir string) (*Store, error) {
	if dir == "" {
		return nil, fmt.Errorf("%w: no store directory given", ErrSource)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	s := &Store{dir: dir}
	if err := s.clean(time.Now().Add(-staleTemp)); err != nil {
		return nil, err
	}
	return s, nil
}

// Dir returns the store's directory.
func (s *Store) Dir() string { return s.dir }

// clean removes the temporary folders last modified before cutoff.
func (s *Store) clean(cutoff time.Time) error {
	srcs, err := os.ReadDir(s.dir)
	if err != nil {
		return err
	}
	for _, d := range srcs {
		if !d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			continue
		}
		ents, err := os.ReadDir(filepath.Join(s.dir, d.Name()))
		if err != nil {
			return err
		}
		for _, e := range ents {
			if !strings.HasPrefix(e.Name(), tempPrefix) {
				continue
			}
			info, err := e.Info()
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					continue
				}
				return err
			}
			if info.ModTime().Before(cutoff) {
				if err := os.RemoveAll(filepath.Join(s.dir, d.Name(), e.Name())); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Release describes one stored release of a source, as its release.json
// records it.
type Release struct {
	// ID names the release folder: the fetch time in UTC to the second,
	// e.g. "2026-12-01T154500Z", with "-2", "-3" ... for further releases
	// fetched in the same second. Releases order by FetchedAt, then by
	// that sequence.
	ID string
	// Source is the source's name.
	Source string
	// Format is the lists format of the files.
	Format string
	// FetchedAt is when the download began, in UTC, to the second.
	FetchedAt time.Time
	// Published is the release date the files state (OFAC XML
	// DateOfIssue or Publish_Date, UN dateGenerated); zero when they state
	// none (OFAC legacy CSV, the CSL).
	Published holdings.Date
	// SHA256 is the hex SHA-256 of the bytes of all files in the
	// source's file order, as lists.Release.SHA256 gives it.
	SHA256 string
	// Entries is the number of entries the release holds.
	Entries int
	// Files are the release's files, in the source's order.
	Files []ReleaseFile

	seq int    // 1 for the first release of a second, then 2, ...
	dir string // the release folder
}

// ReleaseFile is one file of a stored release.
type ReleaseFile struct {
	// Name is the file's name in the release folder.
	Name string
	// URL is where it was fetched from (the URL asked, before redirects).
	URL string
	// Size is its length in bytes and SHA256 the hex SHA-256 of them.
	Size   int64
	SHA256 string
	// ETag and LastModified are the validators the server gave, sent back
	// in the next fetch as If-None-Match and If-Modified-Since.
	ETag, LastModified string
}

// fetchCalendar is the zone that dates a release by its fetch time: US
// Eastern Standard Time (UTC-5) all year. The rules' dates are New York
// calendar dates; UTC-5 never gives a later date than New York (UTC-5 or
// UTC-4) does, so a release fetched late in the New York evening is in
// force on that New York day, not the next UTC day. No zone database is
// needed.
var fetchCalendar = time.FixedZone("UTC-5", -5*60*60)

// Date is the release date a list of this release carries: Published,
// or else the calendar date of FetchedAt in UTC-5, which is never later
// than its New York date (e.g. fetched at 2026-12-02T01:00:00Z, 20:00 in
// New York on 2026-12-01, it is 2026-12-01). A change is thus in force on
// the New York day it was fetched, whatever the hour.
func (r *Release) Date() holdings.Date {
	if !r.Published.IsZero() {
		return r.Published
	}
	return holdings.DateOf(r.FetchedAt.In(fetchCalendar))
}

// Dir is the release's folder.
func (r *Release) Dir() string { return r.dir }

// sameContent reports whether r holds the same files, byte for byte, as
// the files described by files.
func (r *Release) sameContent(files []ReleaseFile) bool {
	if r == nil || len(r.Files) != len(files) {
		return false
	}
	for i, f := range r.Files {
		if f.Name != files[i].Name || f.Size != files[i].Size || f.SHA256 != files[i].SHA256 {
			return false
		}
	}
	return true
}

// before orders releases by fetch time, then sequence.
func (r *Release) before(o *Release) bool {
	if !r.FetchedAt.Equal(o.FetchedAt) {
		return r.FetchedAt.Before(o.FetchedAt)
	}
	return r.seq < o.seq
}

type releaseJSON struct {
	Source    string     `json:"source"`
	ID        string     `json:"id"`
	Format    string     `json:"format"`
	FetchedAt string     `json:"fetched_at"`
	Published string     `json:"published,omitempty"`
	SHA256    string     `json:"sha256"`
	Entries   int        `json:"entries"`
	Files     []fileJSON `json:"files"`
}

type fileJSON struct {
	Name         string `json:"name"`
	URL          string `json:"url"`
	Size         int64  `json:"size"`
	SHA256       string `json:"sha256"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

func (r *Release) marshal() ([]byte, error) {
	j := releaseJSON{
		Source: r.Source, ID: r.ID, Format: r.Format,
		FetchedAt: r.FetchedAt.UTC().Format(time.RFC3339),
		SHA256:    r.SHA256, Entries: r.Entries,
	}
	if !r.Published.IsZero() {
		j.Published = r.Published.String()
	}
	for _, f := range r.Files {
		j.Files = append(j.Files, fileJSON(f))
	}
	b, err := json.MarshalIndent(j, "", "  ")
	return append(b, '\n'), err
}

// parseID splits a release id into its time and sequence.
func parseID(id string) (time.Time, int, bool) {
	base, seq := id, 1
	if i := strings.LastIndexByte(id, '-'); i > len(idLayout)-1 {
		n, err := strconv.Atoi(id[i+1:])
		if err != nil || n < 2 || strconv.Itoa(n) != id[i+1:] {
			return time.Time{}, 0, false
		}
		base, seq = id[:i], n
	}
	t, err := time.Parse(idLayout, base)
	if err != nil || t.Format(idLayout) != base {
		return time.Time{}, 0, false
	}
	return t, seq, true
}

// readRelease reads the release in folder dir named id of source.
func readRelease(source, id, dir string) (*Release, error) {
	if _, _, ok := parseID(id); !ok {
		return nil, fmt.Errorf("%w: %s: not a release folder (want a name like %s)", ErrCorrupt, dir, idLayout)
	}
	b, err := os.ReadFile(filepath.Join(dir, releaseFile))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return parseRelease(source, id, dir, b)
}

// parseRelease reads b, the release.json of release id of source in
// folder dir.
func parseRelease(source, id, dir string, b []byte) (*Release, error) {
	t, seq, ok := parseID(id)
	if !ok {
		return nil, fmt.Errorf("%w: %s: not a release folder (want a name like %s)", ErrCorrupt, dir, idLayout)
	}
	var j releaseJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, filepath.Join(dir, releaseFile), err)
	}
	bad := func(what string) error {
		return fmt.Errorf("%w: %s: %s", ErrCorrupt, filepath.Join(dir, releaseFile), what)
	}
	if j.Source != source || j.ID != id {
		return nil, bad("source or id differs from its folder")
	}
	fetched, err := time.Parse(time.RFC3339, j.FetchedAt)
	if err != nil || !fetched.Equal(t) {
		return nil, bad("fetched_at differs from the release id")
	}
	r := &Release{ID: id, Source: source, Format: j.Format, FetchedAt: fetched.UTC(), SHA256: j.SHA256, Entries: j.Entries, seq: seq, dir: dir}
	if j.Published != "" {
		if r.Published, err = holdings.ParseDate(j.Published); err != nil {
			return nil, bad("published: " + err.Error())
		}
	}
	if len(j.Files) == 0 {
		return nil, bad("no files")
	}
	for _, f := range j.Files {
		if f.Name == "" || f.Name != filepath.Base(f.Name) || strings.HasPrefix(f.Name, ".") {
			return nil, bad(fmt.Sprintf("file name %q", f.Name))
		}
		r.Files = append(r.Files, ReleaseFile(f))
	}
	return r, nil
}

// Sources returns the names of the sources the store holds releases of,
// sorted.
func (s *Store) Sources() ([]string, error) {
	ents, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

// Releases returns the releases of source in the store, oldest first;
// none if the store holds none. A folder that is not a complete release
// (other than a temporary one) is an error matching ErrCorrupt.
func (s *Store) Releases(source string) ([]*Release, error) {
	if err := validName(source); err != nil {
		return nil, err
	}
	dir := filepath.Join(s.dir, source)
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []*Release
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") || !e.IsDir() {
			continue
		}
		r, err := readRelease(source, e.Name(), filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].before(out[j]) })
	return out, nil
}

// Newest returns the newest release of source, or nil if the store holds
// none.
func (s *Store) Newest(source string) (*Release, error) {
	rs, err := s.Releases(source)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	return rs[len(rs)-1], nil
}

// Load reads release r through the lists package: its files as one list
// of r.Format, each file checked against its recorded SHA-256 (a
// mismatch matches ErrCorrupt). Release.Date is r.Date(), Release.Source
// the release folder (for a single-file source, the file).
func (s *Store) Load(r *Release) (*lists.List, error) {
	if err := r.verify(); err != nil {
		return nil, err
	}
	l, err := loadDir(r.Format, r.dir, r.Files)
	if err != nil {
		return nil, err
	}
	got := map[string]lists.File{}
	for _, f := range l.Release.Files {
		got[strings.ToLower(f.Name)] = f
	}
	for _, f := range r.Files {
		if g, ok := got[strings.ToLower(f.Name)]; !ok || g.SHA256 != f.SHA256 {
			return nil, fmt.Errorf("%w: %s: %s is not the file recorded in %s", ErrCorrupt, r.dir, f.Name, releaseFile)
		}
	}
	l.Release.Date = r.Date()
	return l, nil
}

// verify checks the release's files against their recorded sizes and
// SHA-256; a difference matches ErrCorrupt.
func (r *Release) verify() error {
	for _, f := range r.Files {
		p := filepath.Join(r.dir, f.Name)
		fh, err := os.Open(p)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		h := sha256.New()
		n, err := io.Copy(h, fh)
		fh.Close()
		if err != nil {
			return err
		}
		if n != f.Size || hex.EncodeToString(h.Sum(nil)) != f.SHA256 {
			return fmt.Errorf("%w: %s differs from the file recorded in %s", ErrCorrupt, p, releaseFile)
		}
	}
	return nil
}

// loadDir reads the files of one release in dir as a list of format.
func loadDir(format, dir string, files []ReleaseFile) (*lists.List, error) {
	spec := dir
	if format != lists.FormatOFACCSV {
		if len(files) != 1 {
			return nil, fmt.Errorf("%w: a %s release has one file, not %d", ErrSource, format, len(files))
		}
		spec = filepath.Join(dir, files[0].Name)
	}
	l, err := lists.Load(format + ":" + spec)
	if err != nil {
		return nil, err
	}
	if len(l.Release.Files) != len(files) {
		return nil, fmt.Errorf("%w: %s: read %d of the release's %d files", lists.ErrFormat, dir, len(l.Release.Files), len(files))
	}
	return l, nil
}

// Lists returns every release of source as a list, oldest first, each
// dated with its Release.Date (see Release.Date).
func (s *Store) Lists(source string) ([]*lists.List, error) {
	rs, err := s.Releases(source)
	if err != nil {
		return nil, err
	}
	out := make([]*lists.List, 0, len(rs))
	for _, r := range rs {
		l, err := s.Load(r)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// History returns the releases of source merged into one list with
// history (lists.Merge), so that Entry.InForce(d) answers with the
// release in force on date d. Releases are dated by Release.Date; of
// several releases with the same date only the newest is used (a
// calendar date cannot tell them apart, and the last one of a day is
// what was in force at its end). It returns nil if the store holds no
// release of source.
func (s *Store) History(source string) (*lists.List, error) {
	rs, err := s.Releases(source)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	byDate := map[holdings.Date]*Release{}
	for _, r := range rs { // oldest first: the newest of a date wins
		byDate[r.Date()] = r
	}
	var ls []*lists.List
	for _, r := range rs {
		if byDate[r.Date()] != r {
			continue
		}
		l, err := s.Load(r)
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
	}
	return lists.Merge(ls...)
}

// Histories returns History for each source the store holds (Sources
// order), or for the named sources in the order given; a named source
// the store holds no release of is an error matching ErrSource.
func (s *Store) Histories(sources ...string) ([]*lists.List, error) {
	if len(sources) == 0 {
		var err error
		if sources, err = s.Sources(); err != nil {
			return nil, err
		}
	}
	var out []*lists.List
	for _, src := range sources {
		h, err := s.History(src)
		if err != nil {
			return nil, err
		}
		if h == nil {
			return nil, fmt.Errorf("%w: the store holds no release of %s", ErrSource, src)
		}
		out = append(out, h)
	}
	return out, nil
}

// Latest returns the two newest releases of source as lists: prev is nil
// when the store holds one release, both are nil when it holds none.
// lists.Diff(prev, newest) is what the newest release changed.
func (s *Store) Latest(source string) (prev, newest *lists.List, err error) {
	rs, err := s.Releases(source)
	if err != nil || len(rs) == 0 {
		return nil, nil, err
	}
	if newest, err = s.Load(rs[len(rs)-1]); err != nil {
		return nil, nil, err
	}
	if len(rs) > 1 {
		if prev, err = s.Load(rs[len(rs)-2]); err != nil {
			return nil, nil, err
		}
	}
	return prev, newest, nil
}

// commit moves the complete release in the temporary folder tmp into
// place as release r of r.Source, giving it the next free id of its
// second, and writes release.json first. r.FetchedAt must be set.
//
// If another process stored a release since newest (the newest release
// the fetch saw) and it holds the same files, commit stores nothing and
// returns that release.
func (s *Store) commit(tmp string, r *Release, newest *Release) (*Release, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if now, err := s.Newest(r.Source); err != nil {
		return nil, err
	} else if now != nil && (newest == nil || now.ID != newest.ID) && now.sameContent(r.Files) {
		return now, nil
	}
	srcDir := filepath.Join(s.dir, r.Source)
	base := r.FetchedAt.UTC().Format(idLayout)
	for seq := 1; ; seq++ {
		id := base
		if seq > 1 {
			id = base + "-" + strconv.Itoa(seq)
		}
		if _, err := os.Lstat(filepath.Join(srcDir, id)); errors.Is(err, fs.ErrNotExist) {
			r.ID, r.seq = id, seq
			break
		} else if err != nil {
			return nil, err
		}
	}
	b, err := r.marshal()
	if err != nil {
		return nil, err
	}
	if err := writeFileSync(filepath.Join(tmp, releaseFile), b); err != nil {
		return nil, err
	}
	if err := syncDir(tmp); err != nil {
		return nil, err
	}
	final := filepath.Join(srcDir, r.ID)
	if err := os.Rename(tmp, final); err != nil {
		return nil, err
	}
	r.dir = final
	return r, syncDir(srcDir)
}

// writeFileSync writes b to a new file at path and fsyncs it.
func writeFileSync(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir fsyncs a directory, so that the names in it are durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// lockSource serialises the fetches of one source in this process and
// returns the unlock function.
func (s *Store) lockSource(source string) func() {
	s.mu.Lock()
	if s.fetching == nil {
		s.fetching = map[string]*sync.Mutex{}
	}
	m := s.fetching[source]
	if m == nil {
		m = &sync.Mutex{}
		s.fetching[source] = m
	}
	s.mu.Unlock()
	m.Lock()
	return m.Unlock
}
