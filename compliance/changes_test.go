package compliance_test

import (
	"path/filepath"
	"testing"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// TestChanges: between two releases of the consolidated list (2025-03 to
// 2025-12: FSE 26182 removed, 13 entries changed) and of an in-house
// restricted list (Alibaba dropped, Xiaomi added, Apple kept), only the
// holdings that reach a changed entry or name are screened again, and only
// those whose findings differ are reported: Alibaba's finding removed,
// Xiaomi's added (a violation: the book got worse).
func TestChanges(t *testing.T) {
	old, err := lists.Load("../lists/testdata/real/ofac/consolidated-2025-03/cons_prim.csv@2025-03-14")
	if err != nil {
		t.Fatal(err)
	}
	now, err := lists.Load("../lists/testdata/real/ofac/consolidated-2025-12/cons_prim.csv@2025-12-19")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	r1 := writeFile(t, dir, "r1.csv", "list,name,isin,ticker\nrestricted,Alibaba Group Holding Limited,US01609W1027,\nrestricted,Apple Inc.,US0378331005,\n")
	r2 := writeFile(t, dir, "r2.csv", "list,name,isin,ticker\nrestricted,Apple Inc.,US0378331005,\nrestricted,Xiaomi Corporation,,1810 HK\n")
	master, err := holdings.LoadMaster(filepath.Join("..", "examples", "data", "securities.csv"))
	if err != nil {
		t.Fatal(err)
	}
	build := func(cons *lists.List, inhouse string) *compliance.Checker {
		c, err := compliance.Config{Loaded: []*lists.List{cons}, Lists: []string{inhouse}, Master: master}.Build()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	before, after := build(now, r1), build(now, r2)
	book := &holdings.Portfolio{Holdings: []holdings.Holding{
		{Line: 2, Account: "A", Ref: holdings.Ref{Name: "KAYAKIRAN, Evren"}}, // FSE 26182, removed: no rule reads FSE
		{Line: 3, Account: "A", Ref: holdings.Ref{ISIN: "HK0941009539"}},     // China Mobile: unchanged
		{Line: 4, Account: "B", Ref: holdings.Ref{ISIN: "US01609W1027"}},     // Alibaba: dropped
		{Line: 5, Account: "B", Ref: holdings.Ref{Ticker: "1810 HK"}},        // Xiaomi: added
		{Line: 6, Account: "B", Ref: holdings.Ref{ISIN: "US0378331005"}},     // Apple: kept
		{Line: 7, Account: "C", Ref: holdings.Ref{ISIN: "US5949181045"}},     // unresolved under both
	}}
	date := holdings.MustDate("2025-12-20")
	rep, err := after.Changes(before, book, date)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rescreened != 3 {
		t.Errorf("rescreened %d holdings, want 3 (the name, which is always screened again, Alibaba, Xiaomi)", rep.Rescreened)
	}
	if len(rep.Changes) != 2 || rep.Changes[0].Line != 4 || rep.Changes[1].Line != 5 {
		t.Fatalf("changes = %+v, want lines 4 and 5", rep.Changes)
	}
	if c := rep.Changes[0]; len(c.Added) != 0 || len(c.Removed) != 1 || c.Removed[0].Rule != compliance.RuleRestricted {
		t.Errorf("Alibaba: %+v, want its restricted finding removed", c)
	}
	if c := rep.Changes[1]; len(c.Removed) != 0 || len(c.Added) != 1 || c.Added[0].Rule != compliance.RuleRestricted {
		t.Errorf("Xiaomi: %+v, want a restricted finding added", c)
	}
	if !rep.HasViolation() {
		t.Error("an added violation must make the change report fail")
	}
	agree(t, rep, after.CheckPortfolio(book, date), before.CheckPortfolio(book, date))

	// 2025-03 is a primary file alone: its aliases cannot be compared with
	// 2025-12's, so every entry of the list counts as changed, and China
	// Mobile, which 2025-12 reaches through the alias CHINA MOBILE of its
	// parent, is reported too.
	before = build(old, r1)
	rep, err = after.Changes(before, book, date)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rescreened != 4 {
		t.Errorf("rescreened %d holdings, want 4 (the name, China Mobile, Alibaba, Xiaomi; not Apple, whose only entry is unchanged)", rep.Rescreened)
	}
	if len(rep.Changes) != 3 || rep.Changes[0].Line != 3 {
		t.Errorf("changes %+v, want China Mobile, Alibaba and Xiaomi", rep.Changes)
	}
	agree(t, rep, after.CheckPortfolio(book, date), before.CheckPortfolio(book, date))
}

// agree checks that the full screenings a (newest) and b (before) differ,
// holding by holding, by what the change report says.
func agree(t *testing.T, rep *compliance.ChangeReport, a, b *compliance.Report) {
	t.Helper()
	count := func(r *compliance.Report, line int) int {
		n := 0
		for _, f := range r.Violations {
			if f.Line == line {
				n++
			}
		}
		return n
	}
	for line := 2; line <= 7; line++ {
		changed := 0
		for _, c := range rep.Changes {
			if c.Line == line {
				changed = len(c.Added) - len(c.Removed)
			}
		}
		if count(a, line)-count(b, line) != changed {
			t.Errorf("line %d: full screenings differ by %d findings, the change report says %d", line, count(a, line)-count(b, line), changed)
		}
	}
}
