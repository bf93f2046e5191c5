package source_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists/source"
)

// A local server stands in for OFAC: the first fetch makes a release,
// the second finds the same bytes and makes none.
func ExampleFetcher_Fetch() {
	files := map[string][]byte{}
	for _, n := range []string{"cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", "cons-2025-12", n))
		if err != nil {
			fmt.Println(err)
			return
		}
		files["/"+strings.ToUpper(n)] = b
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(files[r.URL.Path])
	}))
	defer srv.Close()
	dir, err := os.MkdirTemp("", "store")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	st, err := source.Open(dir)
	if err != nil {
		fmt.Println(err)
		return
	}
	src, err := source.Lookup("ofac-cons")
	if err == nil {
		src, err = src.WithURL(srv.URL + "/") // CONS_PRIM.CSV, ... are appended
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	f := &source.Fetcher{Now: func() time.Time { return time.Date(2026, 12, 1, 15, 45, 0, 0, time.UTC) }}
	for i := 0; i < 2; i++ {
		res, err := f.Fetch(context.Background(), st, src)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(res.Status, res.Release.ID, res.Release.Entries)
	}

	// The store reads back as histories: SenseTime (ent_num 33114) is in
	// force on the release date.
	hs, err := st.Histories()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range hs[0].Entries {
		if e.ID == "33114" {
			fmt.Println(e.Name, e.InForce(holdings.MustDate("2026-12-01")))
		}
	}
	// Output:
	// new 2026-12-01T154500Z 442
	// unchanged 2026-12-01T154500Z 442
	// SENSETIME GROUP LIMITED true
}
