package holdings_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/investscreen/investscreen/holdings"
)

// seedFiles adds every file of the hostile corpus and the example data
// as seeds.
func seedFiles(f *testing.F, extra ...string) {
	files, _ := filepath.Glob(filepath.Join("testdata", "hostile", "*.csv"))
	files = append(files, extra...)
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// small keeps the fuzzed readers' memory bounded.
var small = holdings.Limits{MaxFileBytes: 1 << 20, MaxLineBytes: 1 << 16, MaxRows: 10000}

func FuzzReadPortfolio(f *testing.F) {
	seedFiles(f, "../examples/data/portfolio.csv")
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := small.ReadPortfolio(bytes.NewReader(b), "fuzz.csv")
		if err != nil {
			if p != nil {
				t.Fatal("a portfolio and an error")
			}
			return
		}
		for _, h := range p.Holdings {
			if h.Line < 2 || (h.ISIN == "" && h.CUSIP == "" && h.SEDOL == "" && h.FIGI == "" && h.Ticker == "" && h.Name == "") {
				t.Fatalf("bad holding %+v", h)
			}
		}
	})
}

func FuzzReadMaster(f *testing.F) {
	seedFiles(f, "../examples/data/securities.csv")
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := small.ReadMaster(bytes.NewReader(b), "fuzz.csv")
		if err != nil {
			return
		}
		for _, s := range m.Securities() {
			for _, id := range s.IDs {
				if m.Lookup(id) != s {
					t.Fatalf("%s does not find its security", id)
				}
			}
		}
	})
}

func FuzzReadFunds(f *testing.F) {
	seedFiles(f, "../examples/data/funds.csv")
	f.Fuzz(func(t *testing.T, b []byte) {
		small.ReadFunds(bytes.NewReader(b), "fuzz.csv")
	})
}

func FuzzReadOwnership(f *testing.F) {
	seedFiles(f, "../examples/data/ownership.csv")
	f.Fuzz(func(t *testing.T, b []byte) {
		small.ReadOwnership(bytes.NewReader(b), "fuzz.csv")
	})
}
