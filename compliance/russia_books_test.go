package compliance_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// booksMaster is a security master with the issuers as vendors write them.
// The ISINs are test identifiers (valid check digits, not real issues);
// the issuers and the dates are the point.
const booksMaster = `isin,issuer,type,issue_date,maturity
XS1000000015,VTB Bank PJSC,bond,2018-03-01,2018-03-21
XS1000000023,Sberbank PJSC,bond,2023-06-01,2026-06-01
XS1000000031,Gazprom Neft PJSC,bond,2016-05-10,2016-05-30
RU0009000012,Rosneft Oil Co PJSC,equity,2005-07-14,
`

func booksChecker(t *testing.T, policy compliance.Policy, ownership []holdings.Stake) *compliance.Checker {
	t.Helper()
	master, err := holdings.ReadMaster(strings.NewReader(booksMaster), "securities.csv")
	if err != nil {
		t.Fatal(err)
	}
	ofac, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	eu, err := lists.EUArticle5()
	if err != nil {
		t.Fatal(err)
	}
	uk, err := lists.UKSchedule2()
	if err != nil {
		t.Fatal(err)
	}
	policy.SkipStaleCheck = true
	c, err := compliance.Config{Loaded: []*lists.List{ofac, eu, uk}, Master: master, Policy: policy, Ownership: ownership}.Build()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// firedRules returns the rules that fired, each once: a vendor's name can
// reach more than one entry of the same issuer group ("VTB Bank PJSC" is
// also an alias of OFAC's PJSC VTB BANK (KIEV), "Sberbank PJSC" the name of
// JOINT STOCK COMPANY SBERBANK), each a finding of its own.
// firedRules are the rules that fired, but review: these tests are about
// the securities rules; the issuer names here also meet sibling entries of
// the list (JSC SBERBANK beside PJSC SBERBANK), which the closer match
// outranks to a review (issue 15, pinned in lists' name tests).
func firedRules(r compliance.OrderResult) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, f := range r.Violations {
		if f.Rule == compliance.RuleReview {
			continue
		}
		if !seen[f.Rule] {
			seen[f.Rule] = true
			out = append(out, f.Rule)
		}
	}
	sort.Strings(out)
	return out
}

// Issue 19's "Done when": the four books for a US, an EU and a UK account,
// and one bound by all three (the default).
func TestRussiaBooks(t *testing.T) {
	policy := compliance.Policy{Regimes: map[string][]compliance.Regime{
		"US-1": {compliance.RegimeUS}, "EU-1": {compliance.RegimeEU}, "UK-1": {compliance.RegimeUK},
	}}
	c := booksChecker(t, policy, nil)
	books := []struct {
		name, isin string
		want       map[string][]string // account -> rules fired
	}{
		{"SSI Directive 1 bank, bond issued 2018, 20 days", "XS1000000015", map[string][]string{
			"US-1": {compliance.RuleSSIDirective1}, "EU-1": {}, "UK-1": {}, "ALL": {compliance.RuleSSIDirective1}}},
		{"Sberbank bond issued 2023", "XS1000000023", map[string][]string{
			"US-1":  {compliance.Rule14024Directive3, compliance.RuleSSIDirective1},
			"EU-1":  {compliance.RuleEU833},
			"UK-1":  {compliance.RuleUKReg16},
			"ALL":   {compliance.RuleEU833, compliance.Rule14024Directive3, compliance.RuleSSIDirective1, compliance.RuleUKReg16},
			"NONUS": {compliance.RuleEU833, compliance.RuleUKReg16}}},
		{"Gazprom Neft note issued 2016, 20 days", "XS1000000031", map[string][]string{
			"US-1": {}, "EU-1": {}, "UK-1": {}, "ALL": {}}},
		{"Rosneft share issued before 2014", "RU0009000012", map[string][]string{
			"US-1": {}, "EU-1": {}, "UK-1": {}, "ALL": {}}},
	}
	for _, b := range books {
		for account, want := range b.want {
			t.Run(b.name+"/"+account, func(t *testing.T) {
				o := compliance.Order{Account: account, Ref: holdings.Ref{ISIN: b.isin}, Side: compliance.Buy,
					Quantity: decimal.NewFromInt(10), TradeDate: day("2026-11-30"), NonUSPerson: account == "NONUS"}
				res := c.CheckOrder(&o, decimal.Zero)
				if res.Unresolved != "" {
					t.Fatalf("unresolved: %s", res.Unresolved)
				}
				if diff := cmp.Diff(want, firedRules(res)); diff != "" {
					t.Fatalf("rules (-want +got):\n%s\n%+v", diff, res.Violations)
				}
				wantDecision := compliance.Allow
				if len(want) > 0 {
					wantDecision = compliance.Block
				}
				if res.Decision != wantDecision {
					t.Errorf("decision %s, want %s", res.Decision, wantDecision)
				}
				for _, f := range res.Violations {
					if f.Rule == compliance.RuleReview {
						continue // see firedRules
					}
					if f.Severity != compliance.Violation || !strings.Contains(f.Message, "(") {
						t.Errorf("%s: %s %q", f.Rule, f.Severity, f.Message)
					}
				}
				wantRegimes := map[string]string{"US-1": "us", "EU-1": "eu", "UK-1": "uk", "ALL": "us|eu|uk", "NONUS": "eu|uk"}[account]
				if got := compliance.NewRegimeSet(res.Regimes...).String(); got != wantRegimes {
					t.Errorf("regimes applied %s, want %s", got, wantRegimes)
				}
			})
		}
	}
}

// The directive findings say when the earliest cut-off was applied: EO
// 13662 determinations carry no date in the legacy CSV.
func TestRussiaBooksEarliestCutoffSaid(t *testing.T) {
	c := booksChecker(t, compliance.Policy{}, nil)
	o := compliance.Order{Account: "A", Ref: holdings.Ref{ISIN: "XS1000000015"}, Side: compliance.Buy, Quantity: decimal.NewFromInt(1), TradeDate: day("2026-11-30")}
	res := c.CheckOrder(&o, decimal.Zero)
	if len(res.Violations) == 0 {
		t.Fatal("no finding")
	}
	for _, f := range res.Violations {
		if !strings.Contains(f.Message, "no determination date: the earliest cut-off 2014-07-16 is applied") {
			t.Fatalf("%s: %q", f.Rule, f.Message)
		}
	}
}

// A row's regimes column overrides the policy's for its account, and the
// portfolio report says which regimes were applied.
func TestRussiaBooksRowRegimes(t *testing.T) {
	c := booksChecker(t, compliance.Policy{DefaultRegimes: []compliance.Regime{compliance.RegimeUS}}, nil)
	p, err := holdings.ReadPortfolio(strings.NewReader("account,isin,quantity,regimes\nACC,XS1000000023,10,\nACC,XS1000000023,10,uk\n"), "p.csv")
	if err != nil {
		t.Fatal(err)
	}
	rep := c.CheckPortfolio(p, day("2026-11-30"))
	byLine := map[int][]string{}
	for _, f := range rep.Violations {
		if f.Rule == compliance.RuleReview {
			continue // see firedRules
		}
		if n := len(byLine[f.Line]); n == 0 || byLine[f.Line][n-1] != f.Rule {
			byLine[f.Line] = append(byLine[f.Line], f.Rule)
		}
	}
	want := map[int][]string{2: {compliance.Rule14024Directive3, compliance.RuleSSIDirective1}, 3: {compliance.RuleUKReg16}}
	if diff := cmp.Diff(want, byLine); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	wantApplied := []compliance.AccountRegimes{{Account: "ACC", Regimes: []compliance.Regime{compliance.RegimeUS}}, {Account: "ACC", Regimes: []compliance.Regime{compliance.RegimeUK}}}
	if diff := cmp.Diff(wantApplied, rep.Regimes); diff != "" {
		t.Fatalf("regimes applied (-want +got):\n%s", diff)
	}
}

// The EU and UK subsidiary tests: more than 50% by one listed entity,
// directly or through companies it owns more than half of; not 50%, not
// 30% + 25% by two listed entities (OFAC's aggregate rule would catch that).
func TestEuropeanSubsidiaries(t *testing.T) {
	pct := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	stakes := []holdings.Stake{
		{Owner: "Sberbank PJSC", Owned: "Sber Finance Ltd", Percent: pct("50.01")},
		{Owner: "Sberbank PJSC", Owned: "Half Sber Ltd", Percent: pct("50")},
		{Owner: "Sberbank PJSC", Owned: "Two Banks Ltd", Percent: pct("30")},
		{Owner: "VTB Bank PJSC", Owned: "Two Banks Ltd", Percent: pct("25")},
		{Owner: "Sber Finance Ltd", Owned: "Sber Grandchild SA", Percent: pct("30")},
		{Owner: "Sberbank PJSC", Owned: "Sber Grandchild SA", Percent: pct("21")},
	}
	master := booksMaster + "XS1000000049,Sber Finance Ltd,bond,2023-01-10,2028-01-10\n"
	rows := map[string]bool{"Sber Finance Ltd": true, "Half Sber Ltd": false, "Two Banks Ltd": false, "Sber Grandchild SA": true}
	for name, caught := range rows {
		t.Run(name, func(t *testing.T) {
			m, err := holdings.ReadMaster(strings.NewReader(master), "s.csv")
			if err != nil {
				t.Fatal(err)
			}
			eu, _ := lists.EUArticle5()
			uk, _ := lists.UKSchedule2()
			c, err := compliance.Config{Loaded: []*lists.List{eu, uk}, Master: m, Ownership: stakes, Policy: compliance.Policy{SkipStaleCheck: true}}.Build()
			if err != nil {
				t.Fatal(err)
			}
			o := compliance.Order{Account: "A", Ref: holdings.Ref{Name: name}, Side: compliance.Buy, Quantity: decimal.NewFromInt(1), TradeDate: day("2026-11-30")}
			res := c.CheckOrder(&o, decimal.Zero)
			got := firedRules(res)
			want := []string{}
			if caught {
				want = []string{compliance.RuleEU833, compliance.RuleUKReg16}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("(-want +got):\n%s\n%+v", diff, res.Violations)
			}
			for _, f := range res.Violations {
				if !strings.Contains(f.Message, "owned") || !strings.Contains(f.Message, "not known") {
					t.Errorf("%s: %q does not give the ownership and the strict incorporation reading", f.Rule, f.Message)
				}
			}
		})
	}
}

// The official asset-freeze files, read by their readers, reach the books
// too: VTB is frozen in the UK (designated 2022-02-24), Promsvyazbank in
// the EU; each only for accounts its regime binds, and only from the
// designation date.
func TestRussiaBooksFreezes(t *testing.T) {
	uk, err := lists.Load("testdata/uk-sanctions-list.csv")
	if err != nil {
		t.Fatal(err)
	}
	eu, err := lists.Load("testdata/fsf.xml")
	if err != nil {
		t.Fatal(err)
	}
	master, err := holdings.ReadMaster(strings.NewReader(booksMaster+"XS1000000049,Promsvyazbank PJSC,bond,2019-01-10,2029-01-10\n"), "s.csv")
	if err != nil {
		t.Fatal(err)
	}
	c, err := compliance.Config{Loaded: []*lists.List{uk, eu}, Master: master, Policy: compliance.Policy{SkipStaleCheck: true,
		Regimes: map[string][]compliance.Regime{"US-1": {compliance.RegimeUS}, "EU-1": {compliance.RegimeEU}, "UK-1": {compliance.RegimeUK}}}}.Build()
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct {
		account, isin, date string
		want                []string
	}{
		{"UK-1", "XS1000000015", "2026-11-30", []string{compliance.RuleUKFreeze}},
		{"UK-1", "XS1000000015", "2022-02-23", []string{}},
		{"EU-1", "XS1000000015", "2026-11-30", []string{}},
		{"US-1", "XS1000000015", "2026-11-30", []string{}},
		{"EU-1", "XS1000000049", "2026-11-30", []string{compliance.RuleEUFreeze}},
		{"UK-1", "XS1000000049", "2026-11-30", []string{}},
	} {
		o := compliance.Order{Account: x.account, Ref: holdings.Ref{ISIN: x.isin}, Side: compliance.Sell, Quantity: decimal.NewFromInt(1), TradeDate: day(x.date)}
		res := c.CheckOrder(&o, decimal.NewFromInt(5))
		if diff := cmp.Diff(x.want, firedRules(res)); diff != "" {
			t.Errorf("%s %s %s (-want +got):\n%s", x.account, x.isin, x.date, diff)
		}
	}
}
