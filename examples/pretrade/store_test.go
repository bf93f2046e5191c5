package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/investscreen/investscreen/compliance"
)

// TestStoreRefresh: with -store and -refresh the service fetches the
// official sources from a local server standing in for OFAC on a timer,
// swaps the new release in, reports each source's release, fetch time,
// age and last error in GET /v1/lists, and keeps serving the old lists
// when a refresh fails (issue 13).
func TestStoreRefresh(t *testing.T) {
	const real = "../../lists/testdata/real/ofac/consolidated-2025-12"
	files := map[string][]byte{}
	for _, f := range []string{"cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"} {
		b, err := os.ReadFile(filepath.Join(real, f))
		if err != nil {
			t.Fatal(err)
		}
		files[strings.ToUpper(f)] = b
	}
	// The first release lacks SenseTime (33114) in every file; the second
	// is the real one.
	first := map[string][]byte{}
	for name, b := range files {
		var kept [][]byte
		for _, line := range bytes.SplitAfter(b, []byte("\r\n")) {
			if !bytes.HasPrefix(line, []byte("33114,")) {
				kept = append(kept, line)
			}
		}
		first[name] = bytes.Join(kept, nil)
	}
	var phase atomic.Int32 // 0: first release, 1: the real one, 2: failing
	ofac := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Base(r.URL.Path)
		switch {
		case phase.Load() == 2:
			http.Error(w, "down", http.StatusInternalServerError)
		case phase.Load() == 0:
			w.Write(first[name])
		default:
			w.Write(files[name])
		}
	}))
	defer ofac.Close()
	store := t.TempDir()
	base, _, stop := runService(t, "-store", store, "-source", "ofac-cons", "-url", "ofac-cons="+ofac.URL+"/", "-refresh", "100ms",
		"-securities", "testdata/securities.csv")
	defer stop()
	decision := func() compliance.Decision {
		resp, err := http.Post(base+"/v1/orders/check", "application/json", strings.NewReader(`{"orders": [{"ticker": "0020 HK", "side": "buy", "quantity": "1", "trade_date": "2022-03-01"}]}`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var rep compliance.OrderReport
		if err := json.NewDecoder(resp.Body).Decode(&rep); err != nil {
			t.Fatal(err)
		}
		return rep.Decision
	}
	state := func() listsJSON {
		resp, err := http.Get(base + "/v1/lists")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var l listsJSON
		if err := json.NewDecoder(resp.Body).Decode(&l); err != nil {
			t.Fatal(err)
		}
		return l
	}
	if d := decision(); d != compliance.Allow {
		t.Fatalf("first release (no SenseTime): %s, want allow", d)
	}
	if l := state(); len(l.Sources) != 1 || l.Sources[0].Source != "ofac-cons" || l.Sources[0].Release == "" || l.Sources[0].AgeDays == nil || l.Sources[0].Entries != 441 {
		t.Fatalf("sources %+v", l.Sources)
	}
	phase.Store(1)
	wait := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 20 s", what)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	wait("the timer refresh swaps the new release in", func() bool { return decision() == compliance.Block })
	before := state()
	phase.Store(2)
	wait("a failing refresh is reported", func() bool {
		l := state()
		return len(l.Sources) == 1 && l.Sources[0].LastError != ""
	})
	after := state()
	if after.Lists[0].SHA256 != before.Lists[0].SHA256 || decision() != compliance.Block {
		t.Errorf("after a failed refresh the lists are %+v, want the old ones still blocking", after.Lists)
	}
}
