package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// publisher serves the files of testdata/cons-2025-12 under /exports/ by
// their upper-case names, and fails the paths in fail with a 500.
type publisher struct {
	mu    sync.Mutex
	files map[string][]byte
	fail  map[string]bool
}

func newPublisher(t *testing.T) (*publisher, *httptest.Server) {
	t.Helper()
	p := &publisher{files: map[string][]byte{}, fail: map[string]bool{}}
	ents, err := os.ReadDir("testdata/cons-2025-12")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join("testdata/cons-2025-12", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		p.files["/exports/"+strings.ToUpper(e.Name())] = b
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv
}

func (p *publisher) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	b, ok := p.files[r.URL.Path]
	fail := p.fail[r.URL.Path]
	p.mu.Unlock()
	switch {
	case fail:
		http.Error(w, "down", http.StatusInternalServerError)
	case !ok:
		http.NotFound(w, r)
	default:
		w.Write(b)
	}
}

// dropOne removes the last entry of the set: its primary record and its
// rows in the other files.
func (p *publisher) dropOne(t *testing.T) {
	t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	prim := bytes.SplitAfter(p.files["/exports/CONS_PRIM.CSV"], []byte("\r\n"))
	m := regexp.MustCompile(`^(\d+),`).FindSubmatch(prim[len(prim)-2])
	if m == nil {
		t.Fatalf("last primary record %q has no ent_num", prim[len(prim)-2])
	}
	for _, f := range []string{"CONS_PRIM.CSV", "CONS_ALT.CSV", "CONS_ADD.CSV", "CONS_COMMENTS.CSV"} {
		var keep [][]byte
		for _, l := range bytes.SplitAfter(p.files["/exports/"+f], []byte("\r\n")) {
			if !bytes.HasPrefix(l, append(m[1], ',')) {
				keep = append(keep, l)
			}
		}
		p.files["/exports/"+f] = bytes.Join(keep, nil)
	}
}

func update(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb, false)
	return code, out.String(), errb.String()
}

func releases(t *testing.T, dir, src string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Join(dir, src))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func TestUpdate(t *testing.T) {
	p, srv := newPublisher(t)
	dir := t.TempDir()
	cons := []string{"-store", dir, "-source", "ofac-cons", "-url", "ofac-cons=" + srv.URL + "/exports/"}
	id := regexp.MustCompile(`\d{4}-\d\d-\d\dT\d{6}Z(-\d+)?`)

	steps := []struct {
		name    string
		before  func()
		args    []string
		code    int
		want    string // stdout, with release ids written ID
		wantRel int    // releases of ofac-cons afterwards
	}{
		{name: "first fetch", args: cons, code: 0, want: "ofac-cons: new release ID: 442 entries (first release)\n", wantRel: 1},
		{name: "again: unchanged", args: cons, code: 0, want: "ofac-cons: unchanged: release ID, 442 entries\n", wantRel: 1},
		{name: "changed", before: func() { p.dropOne(t) }, args: cons, code: 0,
			want: "ofac-cons: new release ID: 441 entries, 0 added, 1 removed, 0 changed against ID\n", wantRel: 2},
		{name: "one file fails", before: func() { p.fail["/exports/CONS_ADD.CSV"] = true },
			args: append(append([]string(nil), cons...), "-attempts", "2"), code: 1, wantRel: 2},
		{name: "one source of two fails, the other is fetched", before: func() { delete(p.fail, "/exports/CONS_ADD.CSV") },
			args: append(append([]string(nil), cons...), "-source", "un", "-url", "un="+srv.URL+"/un.xml", "-attempts", "1"), code: 1,
			want: "ofac-cons: unchanged: release ID, 441 entries\nun: failed: consolidated.xml: GET ", wantRel: 2},
	}
	for _, s := range steps {
		if s.before != nil {
			s.before()
		}
		code, out, errs := update(t, s.args...)
		if code != s.code {
			t.Errorf("%s: got exit %d, want %d (stdout %q, stderr %q)", s.name, code, s.code, out, errs)
		}
		got := id.ReplaceAllString(out, "ID")
		if s.want != "" && !strings.HasPrefix(got, s.want) {
			t.Errorf("%s: got output %q, want it to start with %q", s.name, got, s.want)
		}
		if s.code == 1 && !strings.Contains(out, "failed: ") {
			t.Errorf("%s: got output %q, want the error", s.name, out)
		}
		if n := len(releases(t, dir, "ofac-cons")); n != s.wantRel {
			t.Errorf("%s: got %d releases, want %d", s.name, n, s.wantRel)
		}
	}
	if r := releases(t, dir, "un"); len(r) != 0 {
		t.Errorf("failed source has store entries %v", r)
	}
}

func TestUpdateUsage(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"no store", []string{"-source", "un"}, 2},
		{"unknown source", []string{"-store", dir, "-source", "ofac"}, 2},
		{"url without name", []string{"-store", dir, "-url", "http://x/"}, 2},
		{"url of unknown source", []string{"-store", dir, "-url", "nope=http://x/"}, 2},
		{"url not http", []string{"-store", dir, "-url", "un=file:///etc/passwd"}, 2},
		{"unknown flag", []string{"-store", dir, "-frobnicate"}, 2},
		{"extra argument", []string{"-store", dir, "un"}, 2},
		{"max-loss out of range", []string{"-store", dir, "-max-loss", "2"}, 2},
		{"help", []string{"-h"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, _ := update(t, tc.args...)
			if code != tc.code {
				t.Errorf("got exit %d, want %d", code, tc.code)
			}
			if out != "" {
				t.Errorf("got output %q on a usage error, want none", out)
			}
		})
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("usage errors touched the store: %v", ents)
	}
}

func TestClean(t *testing.T) {
	if got := clean("a\x1b[2Jb\r\n\u009bc"); got != `a\x1b[2Jb\x0d\x0a\x9bc` {
		t.Errorf("got %q", got)
	}
}

// TestUpdateProgress: a progress line on a terminal only, cleared before
// the source's result.
func TestUpdateProgress(t *testing.T) {
	_, srv := newPublisher(t)
	for _, terminal := range []bool{false, true} {
		var out, errb bytes.Buffer
		args := []string{"-store", t.TempDir(), "-source", "ofac-cons", "-url", "ofac-cons=" + srv.URL + "/exports/"}
		if code := run(context.Background(), args, &out, &errb, terminal); code != 0 {
			t.Fatalf("terminal %v: got exit %d (%s)", terminal, code, errb.String())
		}
		got := errb.String()
		switch {
		case !terminal && got != "":
			t.Errorf("not a terminal: got stderr %q, want none", got)
		case terminal && (!strings.Contains(got, "ofac-cons: file 4 of 4, cons_comments.csv") || !strings.HasSuffix(got, "\r\x1b[K")):
			t.Errorf("terminal: got stderr %q, want progress through the 4 files, then the line cleared", got)
		}
	}
}
