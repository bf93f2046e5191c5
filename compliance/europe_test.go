package compliance_test

import (
	"testing"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

func european(code lists.Code, auth, measure, para string) *lists.Entry {
	e := &lists.Entry{List: code, ID: "T-1", Name: "TEST ISSUER"}
	if auth != "" {
		e.Restrictions = []lists.Restriction{{Authority: auth, Measure: measure, Paragraph: para, Source: "test"}}
	}
	return e
}

// Article 5's windows per paragraph ("after X" excludes X): the day
// before, of and after every boundary, issue date and maturity.
func TestEUArticle5Boundaries(t *testing.T) {
	p2and3 := []boundary{
		{"2014-09-12 31d", bond("2014-09-12", 31), false},
		{"2014-09-13 30d", bond("2014-09-13", 30), false},
		{"2014-09-13 31d", bond("2014-09-13", 31), true},
		{"2014-09-14 31d", bond("2014-09-14", 31), true},
		{"2022-04-12 30d", bond("2022-04-12", 30), false},
		{"2022-04-12 31d", bond("2022-04-12", 31), true},
		{"2022-04-13 1d", bond("2022-04-13", 1), true},
		{"2022-04-14 1d", bond("2022-04-14", 1), true},
		{"share 2014-09-12", share("2014-09-12"), false},
		{"share 2014-09-13", share("2014-09-13"), true},
		{"share before 2014", share("2005-07-14"), false},
		{"no security known: strict", nil, true},
	}
	for _, c := range []struct {
		annex, para string
		cases       []boundary
	}{
		{"Annex III", "Art. 5(1)", []boundary{
			{"2014-08-01 91d", bond("2014-08-01", 91), false},
			{"2014-08-02 90d", bond("2014-08-02", 90), false},
			{"2014-08-02 91d", bond("2014-08-02", 91), true},
			{"2014-08-03 91d", bond("2014-08-03", 91), true},
			{"2014-09-12 91d", bond("2014-09-12", 91), true},
			{"2014-09-12 31d: 90-day window", bond("2014-09-12", 31), false},
			{"2014-09-13 30d", bond("2014-09-13", 30), false},
			{"2014-09-13 31d", bond("2014-09-13", 31), true},
			{"2018 20d", bond("2018-03-01", 20), false},
			{"2022-04-12 30d", bond("2022-04-12", 30), false},
			{"2022-04-13 1d", bond("2022-04-13", 1), true},
			{"2022-04-14 1d", bond("2022-04-14", 1), true},
			{"share 2014-08-01", share("2014-08-01"), false},
			{"share 2014-08-02", share("2014-08-02"), true},
		}},
		{"Annex V", "Art. 5(2)", p2and3},
		{"Annex VI", "Art. 5(3)", p2and3},
		{"Annex XII", "Art. 5(4)", []boundary{
			{"2022-04-12 share", share("2022-04-12"), false},
			{"2022-04-13 share", share("2022-04-13"), true},
			{"2022-04-14 share", share("2022-04-14"), true},
			{"2020 bond 10y", bond("2020-01-01", 3650), false},
			{"2022-04-13 1d", bond("2022-04-13", 1), true},
		}},
	} {
		t.Run(c.annex, func(t *testing.T) {
			runBoundaries(t, compliance.RuleEU833, european(lists.EUArt5, lists.EU833, c.annex, c.para), c.cases)
		})
	}
	t.Run("in-house row: Art. 5(1), the widest", func(t *testing.T) {
		runBoundaries(t, compliance.RuleEU833, european(lists.EUArt5, "", "", ""), []boundary{
			{"2014-08-02 91d", bond("2014-08-02", 91), true},
			{"2014-08-01 91d", bond("2014-08-01", 91), false},
		})
	})
	t.Run("unknown paragraph: prohibited", func(t *testing.T) {
		runBoundaries(t, compliance.RuleEU833, european(lists.EUArt5, lists.EU833, "Annex XIV", "Art. 5(9)"), []boundary{
			{"old share", share("2005-01-01"), true},
		})
	})
}

func TestUKReg16Boundaries(t *testing.T) {
	runBoundaries(t, compliance.RuleUKReg16, european(lists.UKReg16, lists.UKRussia, "Schedule 2 para 1", "reg. 16(2)"), []boundary{
		{"2014-08-01 31d", bond("2014-08-01", 31), false},
		{"2014-08-02 30d", bond("2014-08-02", 30), false},
		{"2014-08-02 31d", bond("2014-08-02", 31), true},
		{"2014-08-03 31d", bond("2014-08-03", 31), true},
		{"2023 20d", bond("2023-06-01", 20), false},
		{"2023 3y", bond("2023-06-01", 1096), true},
		{"share 2014-08-02", share("2014-08-02"), true},
		{"share before 2014", share("2005-07-14"), false},
	})
	runBoundaries(t, compliance.RuleUKReg16, european(lists.UKReg16, lists.UKRussia, "Schedule 2 para 9", "reg. 16(4)"), []boundary{
		{"2014-09-12 31d", bond("2014-09-12", 31), false},
		{"2014-09-13 30d", bond("2014-09-13", 30), false},
		{"2014-09-13 31d", bond("2014-09-13", 31), true},
		{"2014-09-14 31d", bond("2014-09-14", 31), true},
	})
	runBoundaries(t, compliance.RuleUKReg16, european(lists.UKReg16, "", "", ""), []boundary{
		{"in-house 2022-02-28 10d", bond("2022-02-28", 10), false},
		{"in-house 2022-03-01 10d", bond("2022-03-01", 10), true},
		{"in-house 2022-03-02 10d", bond("2022-03-02", 10), true},
		{"in-house 2014-08-02 31d", bond("2014-08-02", 31), true},
	})
}

// An account outside the EU (or the UK) gets no finding from its rule.
func TestEuropeanRulesReach(t *testing.T) {
	for _, c := range []struct {
		rule    string
		e       *lists.Entry
		outside compliance.Regime
	}{
		{compliance.RuleEU833, european(lists.EUArt5, lists.EU833, "Annex III", "Art. 5(1)"), compliance.RegimeEU},
		{compliance.RuleUKReg16, european(lists.UKReg16, lists.UKRussia, "Schedule 2 para 1", "reg. 16(2)"), compliance.RegimeUK},
	} {
		r := ruleByID(t, c.rule)
		m := &compliance.Match{Entry: c.e, Strength: compliance.StrongMatch, Security: bond("2023-01-01", 400), Date: day("2024-01-02")}
		if _, fired := r.Check(m); !fired {
			t.Fatalf("%s: the zero Match (every regime binds) gets no finding", c.rule)
		}
		m.Outside = compliance.NewRegimeSet(c.outside)
		if _, fired := r.Check(m); fired {
			t.Errorf("%s fired for an account outside %s", c.rule, c.outside)
		}
		m.Outside = compliance.NewRegimeSet(compliance.RegimeUS)
		if _, fired := r.Check(m); !fired {
			t.Errorf("%s: a non-US account lost its finding", c.rule)
		}
	}
}

func TestEuropeanFreezes(t *testing.T) {
	ukFrozen := &lists.Entry{List: lists.UKFreeze, ID: "RUS0234", Name: "VTB BANK", Restrictions: []lists.Restriction{{Authority: lists.UKSanctionsAuthority, Measure: "Asset freeze"}}}
	ukTrustOnly := &lists.Entry{List: lists.UKFreeze, ID: "RUS9", Name: "X", Restrictions: []lists.Restriction{{Authority: lists.UKSanctionsAuthority, Measure: "Trust services sanctions"}}}
	euFrozen := &lists.Entry{List: lists.EUFreeze, ID: "6713", Name: "Promsvyazbank"}
	for _, c := range []struct {
		name    string
		rule    string
		e       *lists.Entry
		outside compliance.RegimeSet
		fires   bool
	}{
		{"EU entry, every regime", compliance.RuleEUFreeze, euFrozen, 0, true},
		{"EU entry, non-US", compliance.RuleEUFreeze, euFrozen, compliance.NewRegimeSet(compliance.RegimeUS), true},
		{"EU entry, outside the EU", compliance.RuleEUFreeze, euFrozen, compliance.NewRegimeSet(compliance.RegimeEU), false},
		{"UK asset freeze", compliance.RuleUKFreeze, ukFrozen, 0, true},
		{"UK asset freeze, outside the UK", compliance.RuleUKFreeze, ukFrozen, compliance.NewRegimeSet(compliance.RegimeUK), false},
		{"UK trust services only: no freeze", compliance.RuleUKFreeze, ukTrustOnly, 0, false},
		{"EU rule, UK entry", compliance.RuleEUFreeze, ukFrozen, 0, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, order := range []bool{true, false} {
				m := &compliance.Match{Entry: c.e, Strength: compliance.StrongMatch, Outside: c.outside, Date: day("2024-01-02")}
				if order {
					m.Order = &compliance.Order{Side: compliance.Sell}
				} else {
					m.Holding = &holdings.Holding{}
				}
				o, fired := ruleByID(t, c.rule).Check(m)
				if fired != c.fires || (fired && o.Severity != compliance.Violation) {
					t.Fatalf("order=%v: fired %v %s, want %v", order, fired, o.Severity, c.fires)
				}
			}
			m := &compliance.Match{Entry: c.e, Strength: compliance.WeakMatch, Date: day("2024-01-02")}
			if _, fired := ruleByID(t, c.rule).Check(m); fired {
				t.Fatal("a weak match fired")
			}
		})
	}
}
