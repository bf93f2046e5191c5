package source_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
	"github.com/investscreen/investscreen/lists/source"
)

func TestFetchFirst(t *testing.T) {
	u := newUpstream(t)
	u.serve(t, "/exports/", "testdata/cons-2025-12", true)
	u.set("/exports/CONS_ADVANCED.XML", readFile(t, "testdata/advanced/cons_advanced.xml"))
	u.set("/un/consolidated.xml", readFile(t, "testdata/un/consolidated.xml"))
	u.set("/csl/consolidated.csv", readFile(t, "testdata/csl/consolidated.csv"))

	tests := []struct {
		name      string
		src       source.Source
		testdata  []string // the served files, in the source's order
		entries   int
		published string // "" when the files state no date
	}{
		{
			name: "ofac-cons legacy CSV set", src: consSource(t, u),
			testdata: []string{"cons-2025-12/cons_prim.csv", "cons-2025-12/cons_alt.csv", "cons-2025-12/cons_add.csv", "cons-2025-12/cons_comments.csv"},
			entries:  442,
		},
		{
			name: "ofac-cons-advanced XML", src: singleSource(t, "ofac-cons-advanced", u.srv.URL+"/exports/CONS_ADVANCED.XML"),
			testdata: []string{"advanced/cons_advanced.xml"}, published: "2020-03-17",
		},
		{
			name: "un XML", src: singleSource(t, "un", u.srv.URL+"/un/consolidated.xml"),
			testdata: []string{"un/consolidated.xml"}, entries: 730 + 273, published: "2026-02-27",
		},
		{
			name: "csl CSV", src: singleSource(t, "csl", u.srv.URL+"/csl/consolidated.csv"),
			testdata: []string{"csl/consolidated.csv"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			st, err := source.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			f := quick()
			f.Now = at("2026-12-01T15:45:00.7Z")
			res, err := f.Fetch(context.Background(), st, tc.src)
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if res.Status != source.New || res.Previous != nil || res.Changes != nil {
				t.Fatalf("got status %v, previous %v, changes %v; want a first new release", res.Status, res.Previous, res.Changes)
			}
			r := res.Release
			if r.ID != "2026-12-01T154500Z" {
				t.Errorf("got id %q, want 2026-12-01T154500Z", r.ID)
			}
			want := tc.entries
			if want == 0 {
				l, err := lists.Load(tc.src.Format + ":" + filepath.Join("testdata", tc.testdata[0]))
				if err != nil {
					t.Fatal(err)
				}
				want = len(l.Entries)
			}
			if r.Entries != want || len(res.List.Entries) != want {
				t.Errorf("got %d entries (list %d), want %d", r.Entries, len(res.List.Entries), want)
			}
			if got := r.Published.String(); tc.published != "" && got != tc.published {
				t.Errorf("got published %s, want %s", got, tc.published)
			}
			if tc.published == "" && !r.Published.IsZero() {
				t.Errorf("got published %s, want none", r.Published)
			}
			wantDate := holdings.MustDate("2026-12-01")
			if tc.published != "" {
				wantDate = holdings.MustDate(tc.published)
			}
			if r.Date() != wantDate || res.List.Release.Date != wantDate {
				t.Errorf("got release date %s (list %s), want %s", r.Date(), res.List.Release.Date, wantDate)
			}

			// The release folder holds the files byte for byte, and
			// release.json describes them.
			all := sha256.New()
			var wantFiles []map[string]any
			for i, td := range tc.testdata {
				b := readFile(t, filepath.Join("testdata", td))
				all.Write(b)
				got := readFile(t, filepath.Join(dir, tc.src.Name, r.ID, tc.src.Files[i].Name))
				if !bytes.Equal(got, b) {
					t.Errorf("stored %s differs from the served file", tc.src.Files[i].Name)
				}
				sum := sha256.Sum256(b)
				wantFiles = append(wantFiles, map[string]any{"name": tc.src.Files[i].Name, "url": tc.src.Files[i].URL, "size": float64(len(b)), "sha256": hex.EncodeToString(sum[:])})
			}
			var meta map[string]any
			if err := json.Unmarshal(readFile(t, filepath.Join(dir, tc.src.Name, r.ID, "release.json")), &meta); err != nil {
				t.Fatal(err)
			}
			wantMeta := map[string]any{
				"source": tc.src.Name, "id": "2026-12-01T154500Z", "format": tc.src.Format,
				"fetched_at": "2026-12-01T15:45:00Z", "sha256": hex.EncodeToString(all.Sum(nil)),
				"entries": float64(want), "files": toAny(wantFiles),
			}
			if tc.published != "" {
				wantMeta["published"] = tc.published
			}
			if d := cmp.Diff(wantMeta, meta); d != "" {
				t.Errorf("release.json (-want +got):\n%s", d)
			}
			if got := releaseIDs(t, st, tc.src.Name); !cmp.Equal(got, []string{r.ID}) {
				t.Errorf("got releases %v, want [%s]", got, r.ID)
			}
			storeState(t, dir)
		})
	}
}

func toAny(ms []map[string]any) []any {
	out := make([]any, len(ms))
	for i, m := range ms {
		out[i] = m
	}
	return out
}

func TestFetchUnchanged(t *testing.T) {
	tests := []struct {
		name    string
		etags   bool
		want304 int
	}{
		{name: "304 to the validators of the newest release", etags: true, want304: 4},
		{name: "same bytes in a 200 answer", etags: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := newUpstream(t)
			u.etags = tc.etags
			u.serve(t, "/exports/", "testdata/cons-2025-12", true)
			dir := t.TempDir()
			st, err := source.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			f := quick()
			f.Now = at("2026-12-01T10:00:00Z")
			first, err := f.Fetch(context.Background(), st, consSource(t, u))
			if err != nil {
				t.Fatal(err)
			}
			before := storeState(t, dir)
			f.Now = at("2026-12-01T16:00:00Z")
			res, err := f.Fetch(context.Background(), st, consSource(t, u))
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != source.Unchanged || res.Release.ID != first.Release.ID {
				t.Errorf("got %v release %s, want unchanged release %s", res.Status, res.Release.ID, first.Release.ID)
			}
			if u.not != tc.want304 {
				t.Errorf("got %d answers 304, want %d", u.not, tc.want304)
			}
			if d := cmp.Diff(before, storeState(t, dir)); d != "" {
				t.Errorf("store changed (-before +after):\n%s", d)
			}
		})
	}
}

// TestFetchChanged fetches the real 2025-03 consolidated release, then
// the 2025-12 one: one entry went (FSE 26182) and 13 changed.
func TestFetchChanged(t *testing.T) {
	u := newUpstream(t)
	u.etags = true
	dir := t.TempDir()
	st, err := source.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	f := quick()
	u.serve(t, "/exports/", "testdata/cons-2025-03", true)
	f.Now = at("2025-03-20T12:00:00Z")
	r1, err := f.Fetch(context.Background(), st, primSource(u))
	if err != nil {
		t.Fatal(err)
	}
	u.serve(t, "/exports/", "testdata/cons-2025-12", true)
	f.Now = at("2025-12-19T12:00:00Z")
	r2, err := f.Fetch(context.Background(), st, primSource(u))
	if err != nil {
		t.Fatal(err)
	}
	if r2.Status != source.New || r2.Previous == nil || r2.Previous.ID != r1.Release.ID {
		t.Fatalf("got %v with previous %v, want a new release after %s", r2.Status, r2.Previous, r1.Release.ID)
	}
	c := r2.Changes
	if len(c.Added) != 0 || len(c.Removed) != 1 || len(c.Changed) != 13 {
		t.Errorf("got +%d -%d ~%d, want +0 -1 ~13", len(c.Added), len(c.Removed), len(c.Changed))
	}
	if len(c.Removed) == 1 && c.Removed[0].ID != "26182" {
		t.Errorf("got removed entry %s, want 26182", c.Removed[0].ID)
	}
	if r1.Release.Entries != 443 || r2.Release.Entries != 442 {
		t.Errorf("got %d then %d entries, want 443 then 442", r1.Release.Entries, r2.Release.Entries)
	}
	if got := releaseIDs(t, st, "ofac-cons"); !cmp.Equal(got, []string{"2025-03-20T120000Z", "2025-12-19T120000Z"}) {
		t.Errorf("got releases %v", got)
	}
	storeState(t, dir)
}

// failure answers path with a fault.
type failure func(w http.ResponseWriter, r *http.Request, body []byte)

// cut answers with the first n bytes of the body and a Content-Length
// of announce bytes (the full length when announce < 0), then drops the
// connection.
func cut(n func(len int) int, announce int) failure {
	return func(w http.ResponseWriter, r *http.Request, body []byte) {
		a := announce
		if a < 0 {
			a = len(body)
		}
		w.Header().Set("Content-Length", fmt.Sprint(a))
		w.WriteHeader(http.StatusOK)
		w.Write(body[:n(len(body))])
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		panic(http.ErrAbortHandler)
	}
}

func status(code int) failure {
	return func(w http.ResponseWriter, r *http.Request, body []byte) {
		http.Error(w, http.StatusText(code), code)
	}
}

func body(b []byte) failure {
	return func(w http.ResponseWriter, r *http.Request, _ []byte) {
		w.Header().Set("Content-Length", fmt.Sprint(len(b)))
		w.Write(b)
	}
}

// TestFetchRefused serves broken downloads after a good release (or
// none) and checks that each ends in an error and leaves the store as it
// was.
func TestFetchRefused(t *testing.T) {
	prim := readFile(t, "testdata/cons-2025-12/cons_prim.csv")
	// The first 300 records of the primary file, cut at a line boundary,
	// with and without OFAC's end marker.
	lines := bytes.SplitAfter(prim, []byte("\r\n"))
	first300 := bytes.Join(lines[:300], nil)
	un := readFile(t, "testdata/un/consolidated.xml")
	cslHeader := bytes.SplitAfter(readFile(t, "testdata/csl/consolidated.csv"), []byte("\n"))[0]

	const primPath = "/exports/CONS_PRIM.CSV"
	tests := []struct {
		name     string
		reason   string
		src      string // "cons" (default), "prim" (its primary file alone), "un" or "csl"
		previous bool   // a good release is stored first
		path     string // the path that fails (primPath by default)
		fault    failure
		fetcher  func(*source.Fetcher)
		ctx      func() (context.Context, context.CancelFunc)
		wantIs   []error
		hits     int // requests for path, if not 0
	}{
		{name: "truncated body", reason: "the connection drops after half the announced bytes", previous: true,
			fault: cut(func(n int) int { return n / 2 }, -1), wantIs: []error{io.ErrUnexpectedEOF}, hits: 3},
		{name: "empty body", reason: "a 200 with no bytes is no list", previous: true,
			fault: body(nil), wantIs: []error{source.ErrRefused, source.ErrTruncated}},
		{name: "empty body first fetch", reason: "with no release to compare, still refused",
			fault: body(nil), wantIs: []error{source.ErrRefused}},
		{name: "header-only CSL", reason: "a CSV with its header and no rows has no entries", src: "csl",
			fault: body(cslHeader), wantIs: []error{source.ErrRefused, source.ErrEmpty}},
		{name: "UN list with no entries", reason: "a well-formed XML file with no entries", src: "un",
			fault:  body([]byte(`<?xml version="1.0"?><CONSOLIDATED_LIST dateGenerated="2026-03-01T00:00:00Z"><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>`)),
			wantIs: []error{source.ErrRefused, source.ErrEmpty}},
		{name: "500", reason: "retried, then given up", previous: true,
			fault: status(http.StatusInternalServerError), hits: 3},
		{name: "404 not retried", reason: "a client error does not heal", previous: true,
			fault: status(http.StatusNotFound), hits: 1},
		{name: "slow server past the timeout", reason: "each attempt is bounded", previous: true,
			fault: func(w http.ResponseWriter, r *http.Request, body []byte) {
				select {
				case <-r.Context().Done():
				case <-time.After(5 * time.Second):
				}
			},
			fetcher: func(f *source.Fetcher) { f.Timeout, f.Attempts = 100*time.Millisecond, 2 },
			wantIs:  []error{context.DeadlineExceeded}, hits: 2},
		{name: "Content-Length longer than the body", reason: "the body ends before the announced length", previous: true,
			fault: func(w http.ResponseWriter, r *http.Request, body []byte) {
				w.Header().Set("Content-Length", fmt.Sprint(len(body)+100))
				w.Write(body)
			}, wantIs: []error{io.ErrUnexpectedEOF}},
		{name: "Content-Length shorter than the body", reason: "HTTP delivers the announced half: a primary file cut mid-record", previous: true,
			fault: func(w http.ResponseWriter, r *http.Request, body []byte) {
				w.Header().Set("Content-Length", fmt.Sprint(len(body)/2))
				w.Write(body[:len(body)/2])
				w.Write(body[len(body)/2:]) // refused by the server: ErrContentLength
			}, wantIs: []error{source.ErrRefused}},
		{name: "primary file cut at a line boundary", reason: "300 of 442 whole records, no end marker",
			fault: body(first300), wantIs: []error{source.ErrRefused, source.ErrTruncated}},
		{name: "primary file cut with an end marker", reason: "300 of 442 records lose 32% of the previous release", src: "prim", previous: true,
			fault: body(append(append([]byte(nil), first300...), 0x1a)), wantIs: []error{source.ErrRefused, source.ErrShrunk}},
		{name: "HTML error page with 200", reason: "not a list format", previous: true,
			fault: body([]byte("<html><body>Service unavailable</body></html>\r\n\x1a")), wantIs: []error{source.ErrRefused, lists.ErrFormat}},
		{name: "file over the size limit", reason: "refused from its Content-Length, not retried", previous: true,
			fetcher: func(f *source.Fetcher) { f.MaxFileSize = 1000 },
			wantIs:  []error{source.ErrTooLarge}, hits: 1},
		{name: "older UN release", reason: "a replayed release published before the newest one", src: "un", previous: true,
			fault:  body(bytes.Replace(un, []byte(`dateGenerated="2026-02-27`), []byte(`dateGenerated="2026-01-27`), 1)),
			wantIs: []error{source.ErrRefused, source.ErrOlder}},
		{name: "cancelled", reason: "the caller's context ends the fetch", previous: true,
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx, cancel
			}, wantIs: []error{context.Canceled}},
		{name: "alias file fails after the primary arrived", reason: "no release from a part of the set", previous: true,
			path: "/exports/CONS_ALT.CSV", fault: status(http.StatusBadGateway), hits: 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := newUpstream(t)
			u.serve(t, "/exports/", "testdata/cons-2025-12", true)
			u.set("/un/consolidated.xml", un)
			u.set("/csl/consolidated.csv", readFile(t, "testdata/csl/consolidated.csv"))
			var src source.Source
			path := tc.path
			switch tc.src {
			case "un":
				src, path = singleSource(t, "un", u.srv.URL+"/un/consolidated.xml"), "/un/consolidated.xml"
			case "csl":
				src, path = singleSource(t, "csl", u.srv.URL+"/csl/consolidated.csv"), "/csl/consolidated.csv"
			case "prim":
				src, path = primSource(u), primPath
			default:
				src = consSource(t, u)
				if path == "" {
					path = primPath
				}
			}
			dir := t.TempDir()
			st, err := source.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			f := quick()
			f.Now = at("2026-12-01T10:00:00Z")
			var ids []string
			if tc.previous {
				if _, err := f.Fetch(context.Background(), st, src); err != nil {
					t.Fatal(err)
				}
				ids = releaseIDs(t, st, src.Name)
			}
			before := storeState(t, dir)
			u.mu.Lock()
			u.hits = map[string]int{}
			u.mu.Unlock()
			if tc.fault != nil {
				u.fault(path, tc.fault)
			}
			if tc.fetcher != nil {
				tc.fetcher(f)
			}
			ctx, cancel := context.Background(), func() {}
			if tc.ctx != nil {
				ctx, cancel = tc.ctx()
			}
			defer cancel()
			f.Now = at("2026-12-02T10:00:00Z")
			res, err := f.Fetch(ctx, st, src)
			if err == nil {
				t.Fatalf("got %v release %s, want an error (%s)", res.Status, res.Release.ID, tc.reason)
			}
			var fe *source.FetchError
			if !errors.As(err, &fe) || fe.Source != src.Name {
				t.Errorf("got %T %v, want a *FetchError of %s", err, err, src.Name)
			}
			for _, w := range tc.wantIs {
				if !errors.Is(err, w) {
					t.Errorf("got %v, want it to match %v (%s)", err, w, tc.reason)
				}
			}
			if tc.hits != 0 {
				if got := u.hitsOf(path); got != tc.hits {
					t.Errorf("got %d requests for %s, want %d", got, path, tc.hits)
				}
			}
			if d := cmp.Diff(before, storeState(t, dir)); d != "" {
				t.Errorf("store changed (-before +after):\n%s", d)
			}
			if got := releaseIDs(t, st, src.Name); !cmp.Equal(got, ids) {
				t.Errorf("got releases %v, want %v", got, ids)
			}
		})
	}
}

func TestFetchStatusError(t *testing.T) {
	u := newUpstream(t)
	u.fault("/un/consolidated.xml", status(http.StatusServiceUnavailable))
	st, err := source.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	_, err = quick().Fetch(context.Background(), st, singleSource(t, "un", u.srv.URL+"/un/consolidated.xml"))
	var se *source.StatusError
	if !errors.As(err, &se) || se.Code != http.StatusServiceUnavailable {
		t.Fatalf("got %v, want a *StatusError 503", err)
	}
}

// TestFetchRecovers: a failure that heals within the attempts, and a
// redirect, still make a release.
func TestFetchRecovers(t *testing.T) {
	tests := []struct {
		name  string
		fault func(u *upstream) failure
		hits  int
	}{
		{
			name: "500 then 200",
			fault: func(u *upstream) failure {
				n := 0
				return func(w http.ResponseWriter, r *http.Request, b []byte) {
					if n++; n == 1 {
						http.Error(w, "busy", http.StatusInternalServerError)
						return
					}
					w.Write(b)
				}
			},
			hits: 2,
		},
		{
			name: "redirect",
			fault: func(u *upstream) failure {
				return func(w http.ResponseWriter, r *http.Request, b []byte) {
					http.Redirect(w, r, "/storage/cons_prim.csv?signature=x", http.StatusFound)
				}
			},
			hits: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := newUpstream(t)
			u.serve(t, "/exports/", "testdata/cons-2025-12", true)
			u.set("/storage/cons_prim.csv", readFile(t, "testdata/cons-2025-12/cons_prim.csv"))
			u.fault("/exports/CONS_PRIM.CSV", tc.fault(u))
			dir := t.TempDir()
			st, err := source.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			res, err := quick().Fetch(context.Background(), st, consSource(t, u))
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != source.New || res.Release.Entries != 442 {
				t.Errorf("got %v with %d entries, want new with 442", res.Status, res.Release.Entries)
			}
			if got := u.hitsOf("/exports/CONS_PRIM.CSV"); got != tc.hits {
				t.Errorf("got %d requests, want %d", got, tc.hits)
			}
			if !bytes.Equal(readFile(t, filepath.Join(res.Release.Dir(), "cons_prim.csv")), readFile(t, "testdata/cons-2025-12/cons_prim.csv")) {
				t.Error("stored primary file differs from the served one")
			}
			storeState(t, dir)
		})
	}
}

func TestFetchProgress(t *testing.T) {
	u := newUpstream(t)
	u.serve(t, "/exports/", "testdata/cons-2025-12", true)
	st, err := source.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var got []source.Progress
	f := quick()
	f.Progress = func(p source.Progress) { got = append(got, p) }
	res, err := f.Fetch(context.Background(), st, consSource(t, u))
	if err != nil {
		t.Fatal(err)
	}
	var size int64
	for _, rf := range res.Release.Files {
		size += rf.Size
	}
	if len(got) == 0 {
		t.Fatal("no progress reported")
	}
	last := got[len(got)-1]
	if last.Done != 4 || last.Files != 4 || last.Total != size || res.Bytes != size {
		t.Errorf("got last progress %+v and %d bytes, want 4 of 4 files and %d bytes", last, res.Bytes, size)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Total < got[i-1].Total || got[i].Done < got[i-1].Done {
			t.Fatalf("progress went back: %+v after %+v", got[i], got[i-1])
		}
	}
	for _, p := range got {
		if p.File == "cons_prim.csv" && p.Size != int64(len(readFile(t, "testdata/cons-2025-12/cons_prim.csv"))) {
			t.Fatalf("got size %d for cons_prim.csv, want its Content-Length", p.Size)
		}
	}
}

func TestFetchMaxLoss(t *testing.T) {
	u := newUpstream(t)
	u.serve(t, "/exports/", "testdata/cons-2025-12", true)
	st, err := source.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f := quick()
	f.Now = at("2026-12-01T10:00:00Z")
	if _, err := f.Fetch(context.Background(), st, consSource(t, u)); err != nil {
		t.Fatal(err)
	}
	prim := readFile(t, "testdata/cons-2025-12/cons_prim.csv")
	lines := bytes.SplitAfter(prim, []byte("\r\n"))
	// 430 of 442 entries: 2.7% lost, under the default 5%. The other
	// files refer to entries beyond the cut, so serve the primary alone.
	short := append(bytes.Join(lines[:430], nil), 0x1a)
	u.set("/exports/CONS_PRIM.CSV", short)
	src := primSource(u)
	f.Now = at("2026-12-02T10:00:00Z")
	f.MaxLoss = 0.01
	if _, err := f.Fetch(context.Background(), st, src); !errors.Is(err, source.ErrShrunk) {
		t.Fatalf("MaxLoss 1%%: got %v, want ErrShrunk", err)
	}
	f.MaxLoss = 0
	res, err := f.Fetch(context.Background(), st, src)
	if err != nil {
		t.Fatalf("default MaxLoss: %v", err)
	}
	if res.Release.Entries != 430 || len(res.Changes.Removed) != 12 {
		t.Errorf("got %d entries, %d removed; want 430 and 12", res.Release.Entries, len(res.Changes.Removed))
	}
	f.MaxLoss = 1.5
	if _, err := f.Fetch(context.Background(), st, src); !errors.Is(err, source.ErrSource) {
		t.Errorf("MaxLoss 1.5: got %v, want ErrSource", err)
	}
}

func TestFetchConcurrent(t *testing.T) {
	u := newUpstream(t)
	u.serve(t, "/exports/", "testdata/cons-2025-12", true)
	dir := t.TempDir()
	st, err := source.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	statuses := make(chan source.Status, 4)
	for i := 0; i < 4; i++ {
		go func() {
			res, err := quick().Fetch(context.Background(), st, consSource(t, u))
			errs <- err
			if err == nil {
				statuses <- res.Status
			}
		}()
	}
	news := 0
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		if <-statuses == source.New {
			news++
		}
	}
	if news != 1 {
		t.Errorf("got %d new releases from 4 concurrent fetches of one content, want 1", news)
	}
	if ids := releaseIDs(t, st, "ofac-cons"); len(ids) != 1 {
		t.Errorf("got releases %v, want one", ids)
	}
	storeState(t, dir)
}

func TestFetchAll(t *testing.T) {
	u := newUpstream(t)
	u.serve(t, "/exports/", "testdata/cons-2025-12", true)
	u.fault("/un/consolidated.xml", status(http.StatusBadGateway))
	dir := t.TempDir()
	st, err := source.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	f := quick()
	f.Attempts = 1
	out := f.FetchAll(context.Background(), st, singleSource(t, "un", u.srv.URL+"/un/consolidated.xml"), consSource(t, u))
	if len(out) != 2 || out[0].Source != "un" || out[1].Source != "ofac-cons" {
		t.Fatalf("got %+v, want un then ofac-cons", out)
	}
	var se *source.StatusError
	if !errors.As(out[0].Err, &se) || se.Code != http.StatusBadGateway || out[0].Result != nil {
		t.Errorf("un: got %v, %v; want a 502", out[0].Result, out[0].Err)
	}
	if out[1].Err != nil || out[1].Result.Status != source.New {
		t.Errorf("ofac-cons: got %v, %v; want a new release", out[1].Result, out[1].Err)
	}
	storeState(t, dir)
}

// TestFetchRefusedNamesFile: a refusal names the downloaded file and
// line, not the temporary folder it was read from.
func TestFetchRefusedNamesFile(t *testing.T) {
	u := newUpstream(t)
	u.serve(t, "/exports/", "testdata/cons-2025-12", true)
	u.set("/exports/CONS_ALT.CSV", []byte("1,2,\"aka\",\"NOBODY\",-0- \r\n\x1a"))
	st, err := source.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	_, err = quick().Fetch(context.Background(), st, consSource(t, u))
	var pe *lists.ParseError
	if !errors.As(err, &pe) || !errors.Is(err, source.ErrRefused) {
		t.Fatalf("got %v, want a refusal with a *lists.ParseError", err)
	}
	if pe.File != "cons_alt.csv" || pe.Line != 1 {
		t.Errorf("got file %q line %d, want cons_alt.csv line 1", pe.File, pe.Line)
	}
}
