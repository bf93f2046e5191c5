package compliance

import (
	"fmt"
	"strings"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// Sources of the European securities rules.
const (
	sourceEU833   = "Council Regulation (EU) No 833/2014, Art. 5 (consolidated version of 2026-07-17); Commission consolidated FAQs on 833/2014, section C.1"
	sourceUKReg16 = "The Russia (Sanctions) (EU Exit) Regulations 2019 (SI 2019/855), reg. 16 and Schedule 2, as amended by SI 2022/194"
)

// The windows of each paragraph of Article 5 of Regulation 833/2014, as
// the Commission's FAQ C.1 (question 2) gives them: issued after 1 August
// 2014 until 12 September 2014 with maturity over 90 days; after 12
// September 2014 until 12 April 2022 over 30 days; after 12 April 2022
// whatever the maturity. "After X" excludes X: a window from X+1.
// Paragraph 1 (Annex III) has all three; paragraphs 2 (Annex V) and 3
// (Annex VI) the last two; paragraph 4 (Annexes XII and XIII) the last.
var (
	euAug2014   = window{d("2014-08-02"), d("2014-09-13"), 90}
	euSep2014   = window{d("2014-09-13"), d("2022-04-13"), 30}
	euApr2022   = window{d("2022-04-13"), holdings.Date{}, -1}
	euParagraph = map[string][]window{
		"Art. 5(1)": {euAug2014, euSep2014, euApr2022},
		"Art. 5(2)": {euSep2014, euApr2022},
		"Art. 5(3)": {euSep2014, euApr2022},
		"Art. 5(4)": {euApr2022},
	}
	// The UK's regulation 16: paragraph (2) reaches Schedule 2 paras 1 to
	// 5, maturity over 30 days, issued after 1 August 2014; paragraph (4)
	// paras 6 to 11, over 30 days, issued after 12 September 2014. The
	// 2022 paragraphs (4A)-(4D) reach UK subsidiaries of Schedule 2
	// persons and persons connected with Russia other than them: an
	// in-house uk-russia row, which names no paragraph, is read with
	// (2) and (4D) (on or after 1 March 2022, any maturity), the strict
	// union.
	ukParagraph = map[string][]window{
		"reg. 16(2)": {{d("2014-08-02"), holdings.Date{}, 30}},
		"reg. 16(4)": {{d("2014-09-13"), holdings.Date{}, 30}},
	}
	ukInHouse = []window{{d("2014-08-02"), holdings.Date{}, 30}, {d("2022-03-01"), holdings.Date{}, -1}}
)

// european is one European rule's reading.
type european struct {
	regime     Regime
	list       lists.Code
	authority  string
	paragraphs map[string][]window
	inHouse    []window // for rows that name no paragraph
}

func (eu european) check(m *Match) (Outcome, bool) {
	if m.Entry.List != eu.list || m.Strength != StrongMatch || m.ViaFund || !m.Binds(eu.regime) {
		return Outcome{}, false
	}
	ws, where, sub := eu.inHouse, "the in-house "+string(eu.list)+" list (no paragraph given: the strict reading)", ""
	for _, r := range m.Entry.Restrictions {
		if r.Authority != eu.authority {
			continue
		}
		para := strings.TrimSuffix(r.Paragraph, " (b)")
		w, ok := eu.paragraphs[para]
		if !ok {
			return Outcome{Violation, fmt.Sprintf("%s %s names paragraph %q, which the rule does not know: treated as prohibited", eu.authority, r.Measure, r.Paragraph)}, true
		}
		ws, where = w, fmt.Sprintf("%s, %s", r.Measure, para)
		if para != r.Paragraph {
			sub = "; " + r.Source
		}
		break
	}
	s := m.Security
	if s == nil || s.IssueDate.IsZero() {
		return Outcome{Violation, fmt.Sprintf("%s%s; issue date unknown: treated as a prohibited new security", where, sub)}, true
	}
	// Transferable securities include shares: a share has no maturity,
	// and is caught in every window (the maturity thresholds reach debt).
	for _, w := range ws {
		if s.IssueDate.Before(w.from) || (!w.to.IsZero() && !s.IssueDate.Before(w.to)) {
			continue
		}
		if w.over < 0 || s.Maturity.IsZero() || s.Maturity.After(s.IssueDate.AddDays(w.over)) {
			return Outcome{Violation, fmt.Sprintf("%s%s: issued %s, maturity %s, in the window %s", where, sub, s.IssueDate, orNone(s.Maturity), w)}, true
		}
	}
	return Outcome{}, false
}

var europeanRules = []Rule{
	NewRule(RuleInfo{RuleEU833, "2", "Regulation 833/2014 Art. 5: transferable securities and money-market instruments of an Annex III, V, VI, XII or XIII entity (or its subsidiary more than 50% owned by one of them) in the windows of its paragraph: Annex III issued 2014-08-02..2014-09-12 over 90 days; Annexes III, V, VI 2014-09-13..2022-04-12 over 30 days; all five from 2022-04-13 whatever the maturity; EU-bound accounts only",
		sourceEU833, []lists.Code{ListEU833}},
		european{RegimeEU, ListEU833, lists.EU833, euParagraph, euParagraph["Art. 5(1)"]}.check),
	NewRule(RuleInfo{RuleUKReg16, "2", "Russia Regulations 2019 reg. 16: transferable securities and money-market instruments over 30 days of a Schedule 2 person (or a person it owns, more than 50%) issued from 2014-08-02 (paras 1-5) or 2014-09-13 (paras 6-11); an in-house uk-russia row also from 2022-03-01 whatever the maturity; UK-bound accounts only",
		sourceUKReg16, []lists.Code{ListUKRussia}},
		european{RegimeUK, ListUKRussia, lists.UKRussia, ukParagraph, ukInHouse}.check),
	NewRule(RuleInfo{RuleEUFreeze, "1", "the issuer, or the issuer of the underlying, is on the EU consolidated financial sanctions list (asset freeze); EU-bound accounts only", sourceEUFreeze, []lists.Code{lists.EUFreeze}},
		func(m *Match) (Outcome, bool) {
			return freeze(m, RegimeEU, lists.EUFreeze, "the competent authority of the Member State")
		}),
	NewRule(RuleInfo{RuleUKFreeze, "1", "the issuer, or the issuer of the underlying, is on the UK Sanctions List with an asset freeze; UK-bound accounts only", sourceUKFreeze, []lists.Code{lists.UKFreeze}},
		func(m *Match) (Outcome, bool) { return freeze(m, RegimeUK, lists.UKFreeze, "OFSI") }),
}

// Rule ids of the European asset freezes read from the official files.
const (
	RuleEUFreeze = "eu/asset-freeze"
	RuleUKFreeze = "uk/asset-freeze"
)

const (
	sourceEUFreeze = "EU Financial Sanctions Files (consolidated list); the freeze of the regulation named on the entry (e.g. Council Regulation (EU) No 269/2014, Art. 2)"
	sourceUKFreeze = "UK Sanctions List (FCDO); Sanctions and Anti-Money Laundering Act 2018 regulations of the entry's regime (e.g. SI 2019/855, regs. 11-15): asset freeze"
)

// freeze is the common test of the European asset-freeze rules: a strong
// match, not through a fund, of an account bound by the regime to an entry
// of the list (for the UK, one whose measures include "Asset freeze").
func freeze(m *Match, regime Regime, code lists.Code, who string) (Outcome, bool) {
	if m.Entry.List != code || m.Strength != StrongMatch || m.By == ByOwnership || m.ViaFund || !m.Binds(regime) {
		return Outcome{}, false
	}
	if code == lists.UKFreeze && !m.Entry.HasMeasure(lists.UKSanctionsAuthority, "Asset freeze") {
		return Outcome{}, false
	}
	if m.Order != nil {
		return Outcome{Violation, "frozen person: no funds or economic resources may be made available; the order must be blocked and reported to " + who}, true
	}
	return Outcome{Violation, "frozen property: freeze the holding and report it to " + who}, true
}
