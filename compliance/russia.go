package compliance

import (
	"fmt"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// Rule ids of the OFAC Russia-related directives that restrict securities
// (REGIMES.md). EO 13662 Directive 4 and EO 14024 Directive 2 restrict no
// securities and have no rule: see NotSecuritiesRestrictions.
const (
	RuleSSIDirective1   = "ssi/directive-1"
	RuleSSIDirective2   = "ssi/directive-2"
	RuleSSIDirective3   = "ssi/directive-3"
	Rule14024Directive1 = "ru-14024/directive-1a"
	Rule14024Directive3 = "ru-14024/directive-3"
	Rule14024Directive4 = "ru-14024/directive-4"
)

// Sources cited by the directive rules: the directive texts as OFAC's FAQs
// restate them (FAQ 370 reproduces the amended Directive 1 and 2 tenor
// tables; FAQ 411 Directive 3; FAQs 888 and 983 Directive 1A and
// Directive 3 of EO 14024; FAQ 1000 Directive 4).
const (
	sourceSSI1   = "EO 13662 Directive 1 as amended 2017-09-29 (CAATSA s. 223(b)); OFAC FAQ 370"
	sourceSSI2   = "EO 13662 Directive 2 as amended 2017-09-29 (CAATSA s. 223(c)); OFAC FAQ 370"
	sourceSSI3   = "EO 13662 Directive 3 (2014-09-12); OFAC FAQ 411"
	source14024a = "EO 14024 Directive 1A (2022-02-22); OFAC FAQs 888, 983"
	source14024c = "EO 14024 Directive 3 (2022-02-24); OFAC FAQs 983, 984"
	source14024d = "EO 14024 Directive 4 (2022-02-28, amended 2023-05-19); OFAC FAQ 1000"
)

// NotSecuritiesRestrictions returns the directives the lists carry that
// restrict no dealing in securities, by authority and measure ("EO 13662
// Directive 4"), and why: they get no securities rule and no finding. The
// map is the caller's.
func NotSecuritiesRestrictions() map[string]string {
	out := make(map[string]string, len(notSecurities))
	for k, v := range notSecurities {
		out[k] = v
	}
	return out
}

var notSecurities = map[string]string{
	lists.EO13662 + " Directive 4": "deep-water, Arctic offshore and shale oil projects: goods, services (except financial services) and technology in support of them; no debt or equity restriction (RULES.md's reading; the directive text was not reached from the build machine)",
	lists.EO14024 + " Directive 2": "correspondent and payable-through accounts and the processing of transactions of the listed financial institutions; no securities restriction (OFAC FAQ 973 names it the Russia-related CAPTA Directive)",
}

// window is one span of issue dates and the maturity a new debt
// instrument must exceed in it to be caught. An instrument issued on day
// d with maturity m is caught when from <= d (< to, when to is set) and m
// is more than over days after d; over < 0 means any maturity.
type window struct {
	from, to holdings.Date
	over     int
}

func (w window) String() string {
	span := "from " + w.from.String()
	if !w.to.IsZero() {
		span = w.from.String() + " to " + w.to.AddDays(-1).String()
	}
	if w.over < 0 {
		return "issued " + span + ", any maturity"
	}
	return fmt.Sprintf("issued %s, maturity over %d days", span, w.over)
}

func d(s string) holdings.Date { return holdings.MustDate(s) }

// The windows of each directive, from the directive texts (FAQ 370's
// tables): "on or after" dates are inclusive, "before" exclusive.
var (
	windowsSSI1 = []window{
		{d("2014-07-16"), d("2014-09-12"), 90},
		{d("2014-09-12"), d("2017-11-28"), 30},
		{d("2017-11-28"), holdings.Date{}, 14},
	}
	windowsSSI2 = []window{
		{d("2014-07-16"), d("2017-11-28"), 90},
		{d("2017-11-28"), holdings.Date{}, 60},
	}
	windowsSSI3 = []window{{d("2014-09-12"), holdings.Date{}, 30}}
	// The earliest cut-off of each directive: the first day any entity
	// was made subject to it. Used where the list gives no date.
	earliestSSI1, earliestSSI2, earliestSSI3 = d("2014-07-16"), d("2014-07-16"), d("2014-09-12")
	earliest14024D3                          = d("2022-03-26") // Annex 1 entities, 12:01 a.m. EDT
	earliest14024D1A                         = d("2022-03-01")
	effective14024D4                         = d("2022-02-28")
)

// kind is what the rules need to know of the security: debt, equity, both
// (a convertible) or not known (no master row: the strict reading takes
// it as both).
type kind struct{ debt, equity, known bool }

func kindOf(s *holdings.Security) kind {
	if s == nil {
		return kind{true, true, false}
	}
	switch s.Type {
	case holdings.Bond:
		return kind{debt: true, known: true}
	case holdings.Convertible:
		return kind{debt: true, equity: true, known: true}
	case holdings.Equity, holdings.ADR, holdings.GDR, "":
		return kind{equity: true, known: true}
	}
	// Derivatives and funds are judged by their own row's dates, as the
	// instrument dealt in; their kind is not the issuer's: strict.
	return kind{true, true, true}
}

// newDebt reports whether a debt instrument issued on issue with maturity
// mat falls in one of ws, not before cut, and which window. A zero
// maturity on debt is not known: caught (strict).
func newDebt(issue, mat, cut holdings.Date, ws []window) (window, bool) {
	if issue.Before(cut) {
		return window{}, false
	}
	for _, w := range ws {
		if issue.Before(w.from) || (!w.to.IsZero() && !issue.Before(w.to)) {
			continue
		}
		if w.over < 0 || mat.IsZero() || mat.After(issue.AddDays(w.over)) {
			return w, true
		}
	}
	return window{}, false
}

// directive is one OFAC directive rule's reading.
type directive struct {
	authority, measure string
	windows            []window      // debt windows; nil: windows from the cut-off
	over               int           // with windows nil: maturity over (days), -1 any
	equity             bool          // new equity issued on or after the cut-off too
	earliest           holdings.Date // cut-off where the list gives none
	dated              bool          // the list publishes the cut-off (Effective)
}

// check is the common test of the securities directives: a strong match
// of a US person to an entry subject to the directive, and a security
// issued on or after the entity's cut-off in one of the windows.
func (dv directive) check(m *Match) (Outcome, bool) {
	if m.Strength != StrongMatch || m.By == ByOwnership || m.ViaFund || !m.USPerson {
		return Outcome{}, false
	}
	r := m.Entry.Restriction(dv.authority, dv.measure)
	if r == nil {
		return Outcome{}, false
	}
	cut, note := r.Effective, ""
	if cut.IsZero() || cut.Before(dv.earliest) {
		cut = dv.earliest
		if dv.dated {
			note = fmt.Sprintf("; the list gives no effective date: the earliest cut-off %s is applied", cut)
		} else {
			note = fmt.Sprintf("; the list gives no determination date: the earliest cut-off %s is applied", cut)
		}
	}
	name := dv.authority + " " + dv.measure
	s, k := m.Security, kindOf(m.Security)
	if s == nil || s.IssueDate.IsZero() {
		return Outcome{Violation, fmt.Sprintf("subject to %s; issue date unknown: treated as new debt or equity issued after the cut-off %s%s", name, cut, note)}, true
	}
	if k.equity && dv.equity && !s.IssueDate.Before(cut) {
		return Outcome{Violation, fmt.Sprintf("subject to %s: new equity (issued %s, on or after %s) is prohibited%s", name, s.IssueDate, cut, note)}, true
	}
	if !k.debt {
		return Outcome{}, false
	}
	ws := dv.windows
	if ws == nil {
		ws = []window{{cut, holdings.Date{}, dv.over}}
	}
	if w, ok := newDebt(s.IssueDate, s.Maturity, cut, ws); ok {
		mat := "maturity not known (treated as long)"
		if !s.Maturity.IsZero() {
			mat = fmt.Sprintf("maturity %s, %d days", s.Maturity, s.Maturity.Sub(s.IssueDate))
		}
		return Outcome{Violation, fmt.Sprintf("subject to %s: new debt issued %s, %s, in the window %s%s", name, s.IssueDate, mat, w, note)}, true
	}
	return Outcome{}, false
}

func (dv directive) rule(id, version, desc, source string, read []lists.Code) Rule {
	return NewRule(RuleInfo{id, version, desc, source, read}, dv.check)
}

// ofacRussiaLists are the list codes OFAC's directive entries come under:
// SSI for EO 13662, NS-MBS for EO 14024, and SDN (an SDN entry may carry
// directive remarks from before it was blocked).
var ofacRussiaLists = []lists.Code{lists.SSI, lists.NSMBS, lists.SDN}

var directiveRules = []Rule{
	directive{authority: lists.EO13662, measure: "Directive 1", windows: windowsSSI1, equity: true, earliest: earliestSSI1}.rule(RuleSSIDirective1, "1",
		"EO 13662 Directive 1 (financial sector): new debt over 90 days issued 2014-07-16..2014-09-11, over 30 days 2014-09-12..2017-11-27, over 14 days from 2017-11-28, and new equity, issued on or after the entity's determination", sourceSSI1, ofacRussiaLists),
	directive{authority: lists.EO13662, measure: "Directive 2", windows: windowsSSI2, earliest: earliestSSI2}.rule(RuleSSIDirective2, "1",
		"EO 13662 Directive 2 (energy): new debt over 90 days issued 2014-07-16..2017-11-27, over 60 days from 2017-11-28, issued on or after the entity's determination", sourceSSI2, ofacRussiaLists),
	directive{authority: lists.EO13662, measure: "Directive 3", windows: windowsSSI3, earliest: earliestSSI3}.rule(RuleSSIDirective3, "1",
		"EO 13662 Directive 3 (defence): new debt over 30 days issued on or after 2014-09-12 and the entity's determination", sourceSSI3, ofacRussiaLists),
	directive{authority: lists.EO14024, measure: "Directive 3", over: 14, equity: true, earliest: earliest14024D3, dated: true}.rule(Rule14024Directive3, "1",
		"EO 14024 Directive 3: new debt over 14 days and new equity issued on or after the entry's Effective Date (EO 14024 Directive 3), 2022-03-26 for the Annex 1 entities", source14024c, ofacRussiaLists),
	NewRule(RuleInfo{Rule14024Directive1, "1", "EO 14024 Directive 1A: a US financial institution's participation in the secondary market for bonds of the Central Bank, the National Wealth Fund or the Ministry of Finance of Russia issued on or after the effective date (2022-03-01), trade dates on or after it", source14024a, ofacRussiaLists},
		check14024D1A),
	NewRule(RuleInfo{Rule14024Directive4, "1", "EO 14024 Directive 4: any transaction involving the Central Bank, the National Wealth Fund or the Ministry of Finance of Russia, on or after 2022-02-28: an order is blocked; a holding is a warning (it cannot be dealt in without a license)", source14024d, ofacRussiaLists},
		check14024D4),
}

func check14024D1A(m *Match) (Outcome, bool) {
	if m.Strength != StrongMatch || m.By == ByOwnership || m.ViaFund || !m.USPerson {
		return Outcome{}, false
	}
	r := m.Entry.Restriction(lists.EO14024, "Directive 1a")
	if r == nil {
		return Outcome{}, false
	}
	eff, note := r.Effective, ""
	if eff.IsZero() || eff.Before(earliest14024D1A) {
		eff, note = earliest14024D1A, "; the list gives no effective date: "+earliest14024D1A.String()+" is applied"
	}
	if m.Date.Before(eff) {
		return Outcome{}, false
	}
	s, k := m.Security, kindOf(m.Security)
	if !k.debt {
		return Outcome{}, false
	}
	if s == nil || s.IssueDate.IsZero() {
		return Outcome{Violation, "subject to EO 14024 Directive 1A; issue date unknown: treated as a bond issued on or after " + eff.String() + note}, true
	}
	if s.IssueDate.Before(eff) {
		return Outcome{}, false
	}
	return Outcome{Violation, fmt.Sprintf("subject to EO 14024 Directive 1A: bond issued %s, on or after %s: secondary-market dealing prohibited to US financial institutions%s", s.IssueDate, eff, note)}, true
}

func check14024D4(m *Match) (Outcome, bool) {
	if m.Strength != StrongMatch || m.By == ByOwnership || m.ViaFund || !m.USPerson {
		return Outcome{}, false
	}
	if m.Entry.Restriction(lists.EO14024, "Directive 4") == nil || m.Date.Before(effective14024D4) {
		return Outcome{}, false
	}
	if m.Order != nil {
		return Outcome{Violation, "subject to EO 14024 Directive 4: any transaction involving the entity is prohibited from 2022-02-28"}, true
	}
	return Outcome{Warning, "subject to EO 14024 Directive 4: holding it is not a transaction, but any dealing in it needs an OFAC license"}, true
}
