package compliance_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/compliancetest"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

func embeddedSet(t testing.TB) *lists.Set {
	t.Helper()
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return lists.NewSet(l)
}

func master(t testing.TB, csv string) *holdings.Master {
	t.Helper()
	m, err := holdings.ReadMaster(strings.NewReader(csv), "securities.csv")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

type got struct{ Rule, Severity, Entity string }

func summarize(fs []compliance.Finding) []got {
	var out []got
	for _, f := range fs {
		out = append(out, got{f.Rule, string(f.Severity), f.Entity.List + " " + f.Entity.ID})
	}
	return out
}

// TestCMICHoldingBoundaries pins every date boundary of RULES.md with the
// real dates of SenseTime (ent 33114: L 2021-12-10, E 2022-02-08, D
// 2022-12-10) and of an Annex entity, China Mobile (ent 30923: L
// 2021-06-03, E 2021-08-02, D 2022-06-03). A boundary date X means
// "prohibited for dates >= X".
func TestCMICHoldingBoundaries(t *testing.T) {
	chk := compliance.New(embeddedSet(t), nil)
	const sense, mobile = "33114", "30923"
	on := func(rule string, sev compliance.Severity, id string) compliancetest.Want {
		return compliancetest.Want{Rule: rule, Severity: sev, List: lists.NSCMIC, ID: id}
	}
	pending := func(id string) compliancetest.Want { return on(compliance.RuleCMICPending, compliance.Warning, id) }
	divestment := func(id string) compliancetest.Want { return on(compliance.RuleCMICDivestment, compliance.Warning, id) }
	locked := func(id string) compliancetest.Want { return on(compliance.RuleCMICLocked, compliance.Warning, id) }
	purchase := func(id string) compliancetest.Want { return on(compliance.RuleCMICPurchase, compliance.Violation, id) }
	senseTime := holdings.Ref{Name: "SENSETIME GROUP LIMITED"}
	chinaMobile := holdings.Ref{ISIN: "HK0941009539"}
	tests := []struct {
		name     string
		ref      holdings.Ref
		acquired string
		asOf     string
		want     []compliancetest.Want
		reason   string
	}{
		{"sensetime day before listing", senseTime, "", "2021-12-09", nil, "not listed yet"},
		{"sensetime listing day", senseTime, "", "2021-12-10", []compliancetest.Want{pending(sense)}, "L is inclusive"},
		{"sensetime day before effective", senseTime, "", "2022-02-07", []compliancetest.Want{pending(sense)}, ""},
		{"sensetime effective day", senseTime, "", "2022-02-08", []compliancetest.Want{divestment(sense)}, "E is inclusive"},
		{"sensetime day after effective", senseTime, "", "2022-02-09", []compliancetest.Want{divestment(sense)}, ""},
		{"sensetime day before deadline", senseTime, "", "2022-12-09", []compliancetest.Want{divestment(sense)}, "last day to divest"},
		{"sensetime deadline", senseTime, "", "2022-12-10", []compliancetest.Want{locked(sense)}, "D is inclusive"},
		{"sensetime day after deadline", senseTime, "", "2022-12-11", []compliancetest.Want{locked(sense)}, ""},
		{"sensetime lot bought day before effective", senseTime, "2022-02-07", "2023-01-02", []compliancetest.Want{locked(sense)}, "a purchase before E was lawful"},
		{"sensetime lot bought on effective day", senseTime, "2022-02-08", "2023-01-02", []compliancetest.Want{locked(sense), purchase(sense)}, "a lot acquired on E is a prohibited purchase"},
		{"sensetime lot bought day after effective", senseTime, "2022-02-09", "2022-02-09", []compliancetest.Want{divestment(sense), purchase(sense)}, ""},
		{"mobile day before listing", chinaMobile, "", "2021-06-02", nil, ""},
		{"mobile listing day", chinaMobile, "", "2021-06-03", []compliancetest.Want{pending(mobile)}, ""},
		{"mobile day before effective", chinaMobile, "", "2021-08-01", []compliancetest.Want{pending(mobile)}, ""},
		{"mobile effective day", chinaMobile, "", "2021-08-02", []compliancetest.Want{divestment(mobile)}, ""},
		{"mobile day before deadline", chinaMobile, "", "2022-06-02", []compliancetest.Want{divestment(mobile)}, ""},
		{"mobile deadline", chinaMobile, "", "2022-06-03", []compliancetest.Want{locked(mobile)}, ""},
		{"mobile lot on effective day", chinaMobile, "2021-08-02", "2022-06-04", []compliancetest.Want{locked(mobile), purchase(mobile)}, ""},
		{"mobile lot day before effective", chinaMobile, "2021-08-01", "2022-06-04", []compliancetest.Want{locked(mobile)}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := holdings.Holding{Line: 2, Ref: tc.ref}
			if tc.acquired != "" {
				h.Acquired = holdings.MustDate(tc.acquired)
			}
			rep := chk.CheckPortfolio(&holdings.Portfolio{Holdings: []holdings.Holding{h}}, holdings.MustDate(tc.asOf))
			compliancetest.Findings(t, rep.Violations, tc.want, "as of %s (%s)", tc.asOf, tc.reason)
			if len(rep.Unresolved) != 0 {
				t.Errorf("unresolved:\n%s", compliancetest.Describe(rep))
			}
			wantViolation := false
			for _, w := range tc.want {
				wantViolation = wantViolation || w.Severity == compliance.Violation
			}
			if rep.HasViolation() != wantViolation {
				t.Errorf("HasViolation = %v, want %v", rep.HasViolation(), wantViolation)
			}
		})
	}
}

const exampleMaster = `isin,cusip,sedol,figi,ticker,issuer,type,underlying
,,,,0020 HK,SenseTime Group Inc.,equity,
HK0941009539,,,,941 HK,China Mobile Ltd,equity,
KYG875721634,,,,700 HK,Tencent Holdings Ltd,equity,
US88032Q1094,,,,TCEHY US,Tencent Holdings Ltd,adr,KYG875721634
KYG9830T1067,,,,1810 HK,Xiaomi Corporation,equity,
US01609W1027,,,,BABA US,Alibaba Group Holding Limited,adr,
,,,,9999 HK,No Such Issuer Ltd,adr,0762 HK
CNE1000007Z2,,,,390 HK,China Railway Group Limited,equity,
`

// TestResolution checks each way a holding reaches a list entry, and that
// unlisted companies give nothing.
func TestResolution(t *testing.T) {
	chk := compliance.New(embeddedSet(t), master(t, exampleMaster))
	asOf := holdings.MustDate("2026-11-24")
	tests := []struct {
		name      string
		holding   holdings.Holding
		entity    string // "" for no finding
		matchedBy string
		path      []string
	}{
		{"sensetime through the security master", holdings.Holding{Ref: holdings.Ref{Ticker: "0020 HK"}}, "33114", "name",
			[]string{"ticker 0020 HK", "security master (line 2, equity)", `issuer "SenseTime Group Inc."`, `name "sensetime group"`, `name "SENSETIME GROUP LIMITED"`, "NS-CMIC 33114 SENSETIME GROUP LIMITED"}},
		{"isin", holdings.Holding{Ref: holdings.Ref{ISIN: "US16941M1099"}}, "30923", "isin",
			[]string{"isin US16941M1099", `listed isin "US16941M1099"`, "NS-CMIC 30923 CHINA MOBILE LIMITED"}},
		{"cusip inside a listed isin", holdings.Holding{Ref: holdings.Ref{CUSIP: "16941M109"}}, "30923", "isin",
			[]string{"cusip 16941M109", "cusip inside listed ISIN US16941M1099", "NS-CMIC 30923 CHINA MOBILE LIMITED"}},
		{"ticker 941 HK", holdings.Holding{Ref: holdings.Ref{Ticker: "941 HK"}}, "30923", "ticker", nil},
		{"ticker 0941 HK", holdings.Holding{Ref: holdings.Ref{Ticker: "0941 HK"}}, "30923", "ticker", nil},
		{"ticker 0941.HK", holdings.Holding{Ref: holdings.Ref{Ticker: "0941.HK"}}, "30923", "ticker", nil},
		{"ticker XHKG:941", holdings.Holding{Ref: holdings.Ref{Ticker: "XHKG:941"}}, "30923", "ticker",
			[]string{"ticker XHKG:941", `listed ticker "941 HK"`, "NS-CMIC 30923 CHINA MOBILE LIMITED"}},
		{"ticker with double space in the list", holdings.Holding{Ref: holdings.Ref{Ticker: "600677.SS"}}, "32073", "ticker", nil},
		{"ticker with missing space in the list", holdings.Holding{Ref: holdings.Ref{Ticker: "603019 CH"}}, "33113", "ticker", nil},
		{"name only", holdings.Holding{Ref: holdings.Ref{Name: "SenseTime Group Inc."}}, "33114", "name", nil},
		{"name equal to an alias", holdings.Holding{Ref: holdings.Ref{Name: "Sensetime Group Ltd."}}, "33114", "name", nil},
		{"underlying of an adr", holdings.Holding{Ref: holdings.Ref{Ticker: "9999 HK"}}, "30924", "ticker",
			[]string{"ticker 9999 HK", "security master (line 8, adr)", "underlying ticker 762 HK", `listed ticker "762 HK"`, "NS-CMIC 30924 CHINA UNICOM (HONG KONG) LIMITED"}},
		{"tencent", holdings.Holding{Ref: holdings.Ref{Ticker: "0700 HK"}}, "", "", nil},
		{"tencent adr", holdings.Holding{Ref: holdings.Ref{ISIN: "US88032Q1094"}}, "", "", nil},
		{"xiaomi, removed in 2021", holdings.Holding{Ref: holdings.Ref{ISIN: "KYG9830T1067"}}, "", "", nil},
		{"alibaba", holdings.Holding{Ref: holdings.Ref{Ticker: "BABA US"}}, "", "", nil},
		{"near miss: china railway group", holdings.Holding{Ref: holdings.Ref{Ticker: "390 HK"}}, "", "", nil},
		{"near miss: china construction bank", holdings.Holding{Ref: holdings.Ref{Name: "China Construction Bank Corporation"}}, "", "", nil},
		{"group tells the parent apart", holdings.Holding{Ref: holdings.Ref{Name: "China United Network Communications Limited"}}, "", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.holding
			h.Line = 7
			rep := chk.CheckPortfolio(&holdings.Portfolio{Holdings: []holdings.Holding{h}}, asOf)
			if len(rep.Unresolved) != 0 {
				t.Fatalf("unresolved: %+v", rep.Unresolved)
			}
			if tc.entity == "" {
				// A near miss may be put to a human (review), never matched.
				for _, f := range rep.Violations {
					if f.Rule != compliance.RuleReview || f.Severity != compliance.Warning {
						t.Fatalf("finding for an unlisted company: %+v", f)
					}
				}
				return
			}
			var f *compliance.Finding
			for i := range rep.Violations {
				if rep.Violations[i].Entity.ID == tc.entity {
					f = &rep.Violations[i]
					break
				}
			}
			if f == nil {
				t.Fatalf("no finding on entry %s; got %+v", tc.entity, rep.Violations)
			}
			if f.MatchedBy != tc.matchedBy || f.Line != 7 || f.Rule != compliance.RuleCMICLocked {
				t.Errorf("matched_by %q line %d rule %q, want %q 7 %q", f.MatchedBy, f.Line, f.Rule, tc.matchedBy, compliance.RuleCMICLocked)
			}
			if tc.path != nil {
				if tc.path[len(tc.path)-1] != f.Path[len(f.Path)-1].Text && !strings.HasPrefix(f.Path[len(f.Path)-1].Text, "NS-CMIC") {
					t.Errorf("path does not end at the entry: %q", f.Path)
				}
				if diff := cmp.Diff(tc.path, f.Path[:len(tc.path)].Strings()); diff != "" {
					t.Errorf("path (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestUnresolved(t *testing.T) {
	chk := compliance.New(embeddedSet(t), master(t, exampleMaster))
	p := &holdings.Portfolio{Holdings: []holdings.Holding{
		{Line: 2, Ref: holdings.Ref{ISIN: "US5949181045"}},                   // valid, but unknown issuer
		{Line: 3, Ref: holdings.Ref{ISIN: "HK0941009538"}},                   // bad check digit
		{Line: 4, Ref: holdings.Ref{ISIN: "HK0941009538", Ticker: "941 HK"}}, // bad ISIN beside a good ticker
		{Line: 5, Ref: holdings.Ref{Name: "Some Company"}},                   // screened by name, nothing found
	}}
	rep := chk.CheckPortfolio(p, holdings.MustDate("2026-11-24"))
	var lines []int
	for _, u := range rep.Unresolved {
		lines = append(lines, u.Line)
		if u.Reason == "" {
			t.Errorf("line %d: no reason", u.Line)
		}
	}
	if diff := cmp.Diff([]int{2, 3, 4}, lines); diff != "" {
		t.Errorf("unresolved lines (-want +got):\n%s", diff)
	}
	if !strings.Contains(rep.Unresolved[1].Reason, "isin") || !strings.Contains(rep.Unresolved[1].Reason, "check digit") {
		t.Errorf("reason %q does not name the field and the fault", rep.Unresolved[1].Reason)
	}
	// The good ticker of line 4 is still screened.
	if len(rep.Violations) == 0 {
		t.Error("no finding for the good ticker on line 4")
	}
	for _, f := range rep.Violations {
		if f.Line != 4 {
			t.Errorf("finding on line %d, want only line 4: %+v", f.Line, f)
		}
	}
	if rep.Counts.Unresolved != 3 || rep.Counts.Holdings != 4 || rep.Counts.Flagged != 1 {
		t.Errorf("counts = %+v", rep.Counts)
	}
}

func TestUnderlyingCycle(t *testing.T) {
	m := master(t, `isin,ticker,issuer,type,underlying
,1111 HK,A,option,2222 HK
,2222 HK,B,option,1111 HK
`)
	rep := compliance.New(embeddedSet(t), m).CheckPortfolio(&holdings.Portfolio{Holdings: []holdings.Holding{{Line: 2, Ref: holdings.Ref{Ticker: "1111 HK"}}}}, holdings.MustDate("2026-01-01"))
	if len(rep.Unresolved) != 1 || !strings.Contains(rep.Unresolved[0].Reason, "cycle") {
		t.Errorf("unresolved = %+v, want a cycle reported", rep.Unresolved)
	}
}

func TestDeterministicOrder(t *testing.T) {
	chk := compliance.New(embeddedSet(t), master(t, exampleMaster))
	p := &holdings.Portfolio{Holdings: []holdings.Holding{
		{Line: 3, Ref: holdings.Ref{Name: "China Mobile Ltd"}, Acquired: holdings.MustDate("2022-01-01")},
		{Line: 2, Ref: holdings.Ref{Ticker: "0020 HK"}},
	}}
	a := chk.CheckPortfolio(p, holdings.MustDate("2026-11-24"))
	for i := 0; i < 20; i++ {
		b := chk.CheckPortfolio(p, holdings.MustDate("2026-11-24"))
		if diff := cmp.Diff(a, b); diff != "" {
			t.Fatalf("run %d differs:\n%s", i, diff)
		}
	}
	for i := 1; i < len(a.Violations); i++ {
		x, y := a.Violations[i-1], a.Violations[i]
		if x.Line > y.Line {
			t.Errorf("findings not ordered by line: %d before %d", x.Line, y.Line)
		}
	}
}

func TestZeroChecker(t *testing.T) {
	var c *compliance.Checker
	rep := c.CheckPortfolio(&holdings.Portfolio{Holdings: []holdings.Holding{{Line: 2, Ref: holdings.Ref{Name: "X"}}}}, holdings.MustDate("2026-01-01"))
	if rep.Holdings != 1 || len(rep.Violations) != 0 {
		t.Errorf("report = %+v", rep)
	}
}

func TestSimilarNameReview(t *testing.T) {
	p := &holdings.Portfolio{Holdings: []holdings.Holding{{Line: 2, Ref: holdings.Ref{Name: "China United Network Communications Limited"}}}}
	d := holdings.MustDate("2026-11-24")
	rep := compliance.New(embeddedSet(t), nil).CheckPortfolio(p, d)
	if len(rep.Violations) != 1 {
		t.Fatalf("findings %+v", rep.Violations)
	}
	f := rep.Violations[0]
	if f.Rule != compliance.RuleReview || f.Severity != compliance.Warning || f.MatchedBy != "similar name" || f.Entity.ID != "30942" ||
		!strings.Contains(f.Path.String(), "words in common: china, united, network, communications") {
		t.Errorf("finding %+v", f)
	}
	if rep.HasViolation() {
		t.Error("a review is never a violation")
	}
	// A threshold above 1 turns similar-name review off.
	off, _ := compliance.NewWithOptions(embeddedSet(t), nil, compliance.Options{Policy: compliance.Policy{ReviewThreshold: 2}})
	if rep := off.CheckPortfolio(p, d); len(rep.Violations) != 0 {
		t.Errorf("review off: %+v", rep.Violations)
	}
	// An order on a similar name is warned, not blocked.
	o := compliance.Order{Ref: holdings.Ref{Name: "China United Network Communications Limited"}, Side: compliance.Buy, Quantity: dec("1"), TradeDate: d}
	if res := compliance.New(embeddedSet(t), nil).CheckOrder(&o, dec("0")); res.Decision != compliance.Warn {
		t.Errorf("order: %+v", res)
	}
}

// TestAcquiredAfterAsOf: a lot acquired after the evaluation date cannot
// be judged by the purchase rules (it would silently skip them, issue 12):
// the holding is reported unresolved, a violation by default, naming the
// dates; the other rules still fire. holdings.Portfolio.CheckAcquired
// refuses such a book as input, naming the line.
func TestAcquiredAfterAsOf(t *testing.T) {
	chk := compliance.New(embeddedSet(t), nil)
	for _, acquired := range []string{"2022-02-21", "9999-12-31"} {
		book := &holdings.Portfolio{Source: "book.csv", Holdings: []holdings.Holding{{Line: 2, Ref: holdings.Ref{Name: "SENSETIME GROUP LIMITED"}, Acquired: holdings.MustDate(acquired)}}}
		rep := chk.CheckPortfolio(book, holdings.MustDate("2022-02-20"))
		if len(rep.Unresolved) != 1 || rep.Unresolved[0].Line != 2 || rep.Unresolved[0].Severity != compliance.Violation ||
			!strings.Contains(rep.Unresolved[0].Reason, "after the evaluation date 2022-02-20") {
			t.Errorf("acquired %s: unresolved = %+v, want line 2 unresolved as a violation", acquired, rep.Unresolved)
		}
		if !rep.HasViolation() {
			t.Errorf("acquired %s: HasViolation = false", acquired)
		}
		if got := summarize(rep.Violations); len(got) != 1 || got[0].Rule != "ns-cmic/divestment" {
			t.Errorf("acquired %s: findings %v, want the divestment warning", acquired, got)
		}
		err := book.CheckAcquired(holdings.MustDate("2022-02-20"))
		var pe *holdings.ParseError
		if !errors.As(err, &pe) || pe.Line != 2 || pe.Field != "acquired" || !errors.Is(err, holdings.ErrDate) {
			t.Errorf("acquired %s: CheckAcquired = %v, want a ParseError at line 2, acquired", acquired, err)
		}
	}
	ok := &holdings.Portfolio{Holdings: []holdings.Holding{{Line: 2, Acquired: holdings.MustDate("2022-02-20")}}}
	if err := ok.CheckAcquired(holdings.MustDate("2022-02-20")); err != nil {
		t.Errorf("acquired on the as-of date: %v, want no error", err)
	}
}
