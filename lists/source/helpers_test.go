package source_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/investscreen/investscreen/lists"
	"github.com/investscreen/investscreen/lists/source"
)

// upstream stands in for a publisher: it serves bodies by path, with
// ETag and Last-Modified validators when etags is set, and lets a test
// replace the answer to a path with a fault.
type upstream struct {
	mu     sync.Mutex
	bodies map[string][]byte
	etags  bool
	faults map[string]func(w http.ResponseWriter, r *http.Request, body []byte)
	hits   map[string]int
	not    int // 304 answers given
	srv    *httptest.Server
}

func newUpstream(t testing.TB) *upstream {
	t.Helper()
	u := &upstream{bodies: map[string][]byte{}, faults: map[string]func(http.ResponseWriter, *http.Request, []byte){}, hits: map[string]int{}}
	u.srv = httptest.NewServer(u)
	t.Cleanup(u.srv.Close)
	return u
}

func (u *upstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	u.hits[r.URL.Path]++
	body, ok := u.bodies[r.URL.Path]
	fault := u.faults[r.URL.Path]
	etags := u.etags
	u.mu.Unlock()
	if fault != nil {
		fault(w, r, body)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	if etags {
		sum := sha256.Sum256(body)
		tag := `"` + hex.EncodeToString(sum[:8]) + `"`
		w.Header().Set("ETag", tag)
		w.Header().Set("Last-Modified", "Fri, 19 Dec 2025 15:00:00 GMT")
		if r.Header.Get("If-None-Match") == tag {
			u.mu.Lock()
			u.not++
			u.mu.Unlock()
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.Write(body)
}

// serve serves the files of the testdata folder dir under prefix, each by
// its upper-case name when upper is set (as OFAC names them).
func (u *upstream) serve(t testing.TB, prefix, dir string, upper bool) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	for k := range u.bodies {
		if strings.HasPrefix(k, prefix) {
			delete(u.bodies, k)
		}
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		name := e.Name()
		if upper {
			name = strings.ToUpper(name)
		}
		u.bodies[prefix+name] = b
	}
}

func (u *upstream) set(path string, body []byte) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.bodies[path] = body
}

func (u *upstream) fault(path string, f func(w http.ResponseWriter, r *http.Request, body []byte)) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.faults[path] = f
}

func (u *upstream) hitsOf(path string) int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.hits[path]
}

// consSource is ofac-cons fetched from u.
func consSource(t *testing.T, u *upstream) source.Source {
	t.Helper()
	s, err := source.Lookup("ofac-cons")
	if err != nil {
		t.Fatal(err)
	}
	if s, err = s.WithURL(u.srv.URL + "/exports/"); err != nil {
		t.Fatal(err)
	}
	return s
}

// primSource is ofac-cons reduced to its primary file, fetched from u: the
// 2025-03 release survives as its primary file only.
func primSource(u *upstream) source.Source {
	return source.Source{Name: "ofac-cons", Format: lists.FormatOFACCSV, Files: []source.File{
		{Name: "cons_prim.csv", Upstream: "CONS_PRIM.CSV", URL: u.srv.URL + "/exports/CONS_PRIM.CSV"},
	}}
}

func singleSource(t *testing.T, name, url string) source.Source {
	t.Helper()
	s, err := source.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	if s, err = s.WithURL(url); err != nil {
		t.Fatal(err)
	}
	return s
}

// quick is a Fetcher with short waits for tests.
func quick() *source.Fetcher {
	return &source.Fetcher{Attempts: 3, Backoff: time.Millisecond, Timeout: 10 * time.Second}
}

func at(s string) func() time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return func() time.Time { return t }
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// storeState lists every folder and file under dir with a hash of each
// file's bytes, and fails the test if a temporary folder is among them.
func storeState(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if strings.HasPrefix(d.Name(), ".tmp-") {
			t.Errorf("store holds a temporary folder %s", rel)
		}
		if d.IsDir() {
			out = append(out, rel+"/")
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out = append(out, rel+" "+hex.EncodeToString(sum[:]))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// releaseIDs returns the ids of source's releases in st, oldest first,
// after checking that each loads whole.
func releaseIDs(t *testing.T, st *source.Store, name string) []string {
	t.Helper()
	rs, err := st.Releases(name)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rs {
		if _, err := st.Load(r); err != nil {
			t.Errorf("release %s does not load: %v", r.ID, err)
		}
		ids = append(ids, r.ID)
	}
	return ids
}
