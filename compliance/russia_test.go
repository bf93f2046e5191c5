package compliance_test

import (
	"strings"
	"testing"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

func ruleByID(t *testing.T, id string) compliance.Rule {
	t.Helper()
	for _, r := range compliance.Rules() {
		if r.Info().ID == id {
			return r
		}
	}
	t.Fatalf("no rule %q", id)
	return nil
}

func day(s string) holdings.Date { return holdings.MustDate(s) }

// bond returns a bond issued on issue maturing days later (days < 0: no
// maturity given).
func bond(issue string, days int) *holdings.Security {
	s := &holdings.Security{Type: holdings.Bond, IssueDate: day(issue)}
	if days >= 0 {
		s.Maturity = s.IssueDate.AddDays(days)
	}
	return s
}

func share(issue string) *holdings.Security {
	return &holdings.Security{Type: holdings.Equity, IssueDate: day(issue)}
}

func subject(auth, measure string, effective string) *lists.Entry {
	r := lists.Restriction{Authority: auth, Measure: measure, Source: "test"}
	if effective != "" {
		r.Effective = day(effective)
	}
	return &lists.Entry{List: lists.SSI, ID: "1", Name: "TEST ISSUER", Restrictions: []lists.Restriction{r}}
}

type boundary struct {
	name  string
	sec   *holdings.Security
	fires bool
}

func runBoundaries(t *testing.T, rule string, e *lists.Entry, cases []boundary) {
	t.Helper()
	r := ruleByID(t, rule)
	if r.Info().Version == "" || r.Info().Source == "" {
		t.Fatalf("%s: no version or source", rule)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := &compliance.Match{Entry: e, Strength: compliance.StrongMatch, USPerson: true, Date: day("2026-07-01"),
				Order: &compliance.Order{Side: compliance.Buy}, Security: c.sec}
			o, fired := r.Check(m)
			if fired != c.fires {
				t.Fatalf("fired = %v (%q), want %v", fired, o.Message, c.fires)
			}
			if fired && o.Severity != compliance.Violation {
				t.Fatalf("severity %s", o.Severity)
			}
		})
	}
}

// The day before, of and after every boundary of each directive, issue
// date and maturity (FAQ 370's tables; "longer than N days" is N+1 days
// and more).
func TestSSIDirective1Boundaries(t *testing.T) {
	runBoundaries(t, compliance.RuleSSIDirective1, subject(lists.EO13662, "Directive 1", ""), []boundary{
		{"2014-07-15 91d: before the first determination", bond("2014-07-15", 91), false},
		{"2014-07-16 90d", bond("2014-07-16", 90), false},
		{"2014-07-16 91d", bond("2014-07-16", 91), true},
		{"2014-07-17 91d", bond("2014-07-17", 91), true},
		{"2014-09-11 91d", bond("2014-09-11", 91), true},
		{"2014-09-11 31d: 90-day window", bond("2014-09-11", 31), false},
		{"2014-09-12 30d", bond("2014-09-12", 30), false},
		{"2014-09-12 31d", bond("2014-09-12", 31), true},
		{"2014-09-13 31d", bond("2014-09-13", 31), true},
		{"2017-11-27 31d", bond("2017-11-27", 31), true},
		{"2017-11-27 15d: 30-day window", bond("2017-11-27", 15), false},
		{"2017-11-28 14d", bond("2017-11-28", 14), false},
		{"2017-11-28 15d", bond("2017-11-28", 15), true},
		{"2017-11-29 15d", bond("2017-11-29", 15), true},
		{"2018 20d", bond("2018-05-10", 20), true},
		{"no maturity given: strict", bond("2018-05-10", -1), true},
		{"equity 2014-07-15", share("2014-07-15"), false},
		{"equity 2014-07-16", share("2014-07-16"), true},
		{"equity 2014-07-17", share("2014-07-17"), true},
		{"no security known: strict", nil, true},
	})
}

func TestSSIDirective2Boundaries(t *testing.T) {
	runBoundaries(t, compliance.RuleSSIDirective2, subject(lists.EO13662, "Directive 2", ""), []boundary{
		{"2014-07-15 91d", bond("2014-07-15", 91), false},
		{"2014-07-16 90d", bond("2014-07-16", 90), false},
		{"2014-07-16 91d", bond("2014-07-16", 91), true},
		{"2014-07-17 91d", bond("2014-07-17", 91), true},
		{"2016 20d", bond("2016-03-01", 20), false},
		{"2017-11-27 91d", bond("2017-11-27", 91), true},
		{"2017-11-27 61d", bond("2017-11-27", 61), false},
		{"2017-11-28 60d", bond("2017-11-28", 60), false},
		{"2017-11-28 61d", bond("2017-11-28", 61), true},
		{"2017-11-29 61d", bond("2017-11-29", 61), true},
		{"equity: not restricted", share("2020-01-01"), false},
	})
}

func TestSSIDirective3Boundaries(t *testing.T) {
	runBoundaries(t, compliance.RuleSSIDirective3, subject(lists.EO13662, "Directive 3", ""), []boundary{
		{"2014-09-11 31d", bond("2014-09-11", 31), false},
		{"2014-09-12 30d", bond("2014-09-12", 30), false},
		{"2014-09-12 31d", bond("2014-09-12", 31), true},
		{"2014-09-13 31d", bond("2014-09-13", 31), true},
		{"equity: not restricted", share("2020-01-01"), false},
	})
}

func TestEO14024Directive3Boundaries(t *testing.T) {
	cases := []boundary{
		{"2022-03-25 15d", bond("2022-03-25", 15), false},
		{"2022-03-26 14d", bond("2022-03-26", 14), false},
		{"2022-03-26 15d", bond("2022-03-26", 15), true},
		{"2022-03-27 15d", bond("2022-03-27", 15), true},
		{"equity 2022-03-25", share("2022-03-25"), false},
		{"equity 2022-03-26", share("2022-03-26"), true},
		{"equity 2022-03-27", share("2022-03-27"), true},
	}
	runBoundaries(t, compliance.Rule14024Directive3, subject(lists.EO14024, "Directive 3", "2022-03-26"), cases)
	t.Run("no effective date: earliest, said", func(t *testing.T) {
		runBoundaries(t, compliance.Rule14024Directive3, subject(lists.EO14024, "Directive 3", ""), cases)
		o, _ := ruleByID(t, compliance.Rule14024Directive3).Check(&compliance.Match{Entry: subject(lists.EO14024, "Directive 3", ""),
			Strength: compliance.StrongMatch, USPerson: true, Date: day("2026-01-02"), Security: bond("2023-01-01", 400)})
		if !strings.Contains(o.Message, "earliest cut-off 2022-03-26") {
			t.Fatalf("message %q does not say the earliest cut-off was applied", o.Message)
		}
	})
	t.Run("later determination: its own date", func(t *testing.T) {
		runBoundaries(t, compliance.Rule14024Directive3, subject(lists.EO14024, "Directive 3", "2022-06-10"), []boundary{
			{"2022-06-09 30d", bond("2022-06-09", 30), false},
			{"2022-06-10 30d", bond("2022-06-10", 30), true},
			{"2022-06-11 30d", bond("2022-06-11", 30), true},
		})
	})
}

func TestEO14024Directive1ABoundaries(t *testing.T) {
	e := subject(lists.EO14024, "Directive 1a", "2022-03-01")
	r := ruleByID(t, compliance.Rule14024Directive1)
	for _, c := range []struct {
		name, trade string
		sec         *holdings.Security
		fires       bool
	}{
		{"bond 2022-02-28", "2022-06-01", bond("2022-02-28", 3650), false},
		{"bond 2022-03-01", "2022-06-01", bond("2022-03-01", 3650), true},
		{"bond 2022-03-02", "2022-06-01", bond("2022-03-02", 7), true},
		{"trade 2022-02-28, before the effective date", "2022-02-28", bond("2022-03-01", 3650), false},
		{"trade 2022-03-01", "2022-03-01", bond("2022-03-01", 3650), true},
		{"equity: not a bond", "2022-06-01", share("2022-06-01"), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, fired := r.Check(&compliance.Match{Entry: e, Strength: compliance.StrongMatch, USPerson: true, Date: day(c.trade), Security: c.sec, Order: &compliance.Order{Side: compliance.Buy}})
			if fired != c.fires {
				t.Fatalf("fired = %v, want %v", fired, c.fires)
			}
		})
	}
}

func TestEO14024Directive4(t *testing.T) {
	e := subject(lists.EO14024, "Directive 4", "")
	r := ruleByID(t, compliance.Rule14024Directive4)
	for _, c := range []struct {
		name, date string
		order      bool
		fires      bool
		sev        compliance.Severity
	}{
		{"order 2022-02-27", "2022-02-27", true, false, ""},
		{"order 2022-02-28", "2022-02-28", true, true, compliance.Violation},
		{"order 2022-03-01", "2022-03-01", true, true, compliance.Violation},
		{"holding", "2022-03-01", false, true, compliance.Warning},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := &compliance.Match{Entry: e, Strength: compliance.StrongMatch, USPerson: true, Date: day(c.date), Security: bond("2019-01-01", 3650)}
			if c.order {
				m.Order = &compliance.Order{Side: compliance.Sell}
			} else {
				m.Holding = &holdings.Holding{}
			}
			o, fired := r.Check(m)
			if fired != c.fires || (fired && o.Severity != c.sev) {
				t.Fatalf("fired %v %s, want %v %s", fired, o.Severity, c.fires, c.sev)
			}
		})
	}
}

// A non-US person, a weak match and a match through a fund get no
// directive finding.
func TestDirectivesReach(t *testing.T) {
	e := subject(lists.EO13662, "Directive 1", "")
	r := ruleByID(t, compliance.RuleSSIDirective1)
	for name, m := range map[string]*compliance.Match{
		"non-US person": {Entry: e, Strength: compliance.StrongMatch, USPerson: false, Security: bond("2018-01-01", 20)},
		"weak":          {Entry: e, Strength: compliance.WeakMatch, USPerson: true, Security: bond("2018-01-01", 20)},
		"via fund":      {Entry: e, Strength: compliance.StrongMatch, USPerson: true, ViaFund: true, Security: bond("2018-01-01", 20)},
	} {
		if _, fired := r.Check(m); fired {
			t.Errorf("%s: fired", name)
		}
	}
}

// EO 13662 Directive 4 and EO 14024 Directive 2 restrict no securities:
// no rule reads them, and the catalogue says why.
func TestNotSecuritiesDirectives(t *testing.T) {
	for _, k := range []string{"EO 13662 Directive 4", "EO 14024 Directive 2"} {
		if compliance.NotSecuritiesRestrictions()[k] == "" {
			t.Errorf("%s: no reason recorded", k)
		}
	}
	auth, measure := lists.EO13662, "Directive 4"
	e := subject(auth, measure, "")
	for _, r := range compliance.Rules() {
		if _, fired := r.Check(&compliance.Match{Entry: e, Strength: compliance.StrongMatch, USPerson: true, Date: day("2024-01-02"), Security: bond("2020-01-01", 3650), Order: &compliance.Order{Side: compliance.Buy}}); fired {
			t.Errorf("%s fired on an entry subject only to %s %s", r.Info().ID, auth, measure)
		}
	}
}
