package compliance

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// Severity says how grave a finding is.
type Severity string

// Severities. A Violation makes a screening fail and blocks an order; a
// Warning is for a human to read and lets an order through.
const (
	Warning   Severity = "warning"
	Violation Severity = "violation"
)

// Rule ids, as in RULES.md. They are part of the output contract: scripts
// match on them.
const (
	RuleCMICPending      = "ns-cmic/pending"
	RuleCMICPurchase     = "ns-cmic/purchase"
	RuleCMICDivestment   = "ns-cmic/divestment"
	RuleCMICSaleDeadline = "ns-cmic/sale-after-deadline"
	RuleCMICLocked       = "ns-cmic/locked"
	RuleSDNBlocked       = "sdn/blocked"
	RuleSDNOwnership     = "sdn/ownership"
	RuleRestricted       = "restricted"
	RuleWatch            = "watch"
	RuleReview           = "review"
	RuleDoD1260H         = "dod-1260h"
	RuleEU833            = "eu-833/art5"
	RuleUKReg16          = "uk-russia/reg16"
	RuleUnresolved       = "unresolved"
	ruleVersion          = "1"
	sourceCMIC           = "EO 13959 as amended by EO 14032; 31 CFR part 586"
	sourceSDN            = "31 CFR part 501; OFAC FAQ 398-402 (50 Percent Rule)"
)

// List codes that the European securities rules read: the built-in
// tables (lists.EUArticle5, lists.UKSchedule2) and in-house lists of the
// same codes.
const (
	ListEU833    = lists.EUArt5  // entries rule eu-833/art5 reads
	ListUKRussia = lists.UKReg16 // entries rule uk-russia/reg16 reads
)

// RuleInfo describes a rule: what findings carry to say which rule, in
// which version, fired and on what legal ground.
type RuleInfo struct {
	// ID is the rule id, e.g. "ns-cmic/purchase".
	ID string `json:"id"`
	// Version changes whenever the rule's logic changes, so that a
	// finding can be reproduced.
	Version string `json:"version"`
	// Description says in a sentence when the rule fires.
	Description string `json:"description"`
	// Source is the legal source.
	Source string `json:"source"`
	// Lists are the list codes whose entries the rule reads (lists.Code
	// values, or a code of the firm's own). A Checker refuses an in-house
	// list whose rows carry a code that no rule of it reads, so that a
	// misspelt code ("restrictd") cannot load rows nothing fires on; a
	// user rule that reads an in-house list of its own code declares it
	// here.
	Lists []lists.Code `json:"lists,omitempty"`
}

// Match is what a rule looks at: one holding or one order that reached
// one list entry, and the date it is judged on. Rules must not modify it.
type Match struct {
	// Entry is the list entry reached, and Release the list release it
	// came from.
	Entry   *lists.Entry
	Release *lists.Release
	// By says how the entry was reached: a lists.By* value, or "similar
	// name" for a near (not exact) name, or "ownership".
	By lists.By
	// Strength says how certainly the match names the entry, as the
	// resolver found: WeakMatch for a weak alias or a similar name only
	// (for review; it never blocks), StrongMatch otherwise. Rules read it;
	// they never re-derive it from By.
	Strength Strength
	// Date is the evaluation date (holdings) or the trade date (orders).
	Date holdings.Date
	// Holding is the holding screened; nil for an order.
	Holding *holdings.Holding
	// Order is the order checked; nil for a holding.
	Order *Order
	// Excess is, for a sell order, the quantity beyond the position held:
	// a short sale, a purchase-side exposure. Zero otherwise.
	Excess decimal.Decimal
	// Security is the security resolved from the security master; nil if
	// none was found.
	Security *holdings.Security
	// ViaFund is set when the entry was reached through a fund's
	// constituents. The NS-CMIC rules reach funds at any weight; the
	// blocking rules do not (a fund is not the blocked person's property).
	ViaFund bool
	// USPerson is false when the account is not a US person (by the
	// order's flag or the policy).
	USPerson bool
	// Owned is, for a match through ownership, the aggregate percentage
	// owned by blocked persons.
	Owned decimal.Decimal
	// Outside are the regimes that do not bind the account (see Binds);
	// zero: every regime binds. When RegimeUS is outside, USPerson is
	// false.
	Outside RegimeSet
}

// Outcome is what a rule says about a match.
type Outcome struct {
	Severity Severity
	Message  string
}

// Rule is one rule of the catalogue. Check reports whether the rule fires
// for m and with what outcome. Implementations must be safe for
// concurrent use. Users add their own rules with NewRule or by
// implementing Rule, and pass them in Options.Rules.
type Rule interface {
	Info() RuleInfo
	Check(m *Match) (Outcome, bool)
}

// NewRule returns a Rule from its description and a check function.
func NewRule(info RuleInfo, check func(m *Match) (Outcome, bool)) Rule {
	return funcRule{info, check}
}

type funcRule struct {
	info  RuleInfo
	check func(*Match) (Outcome, bool)
}

func (r funcRule) Info() RuleInfo                 { return r.info }
func (r funcRule) Check(m *Match) (Outcome, bool) { return r.check(m) }

// Rules returns the built-in rule catalogue, in evaluation order. The
// slice is the caller's.
func Rules() []Rule { return append([]Rule(nil), catalogue...) }

// isBuy reports whether the order adds exposure to the security: a buy, a
// buy to cover, a short sale, or a sell beyond the position.
func (m *Match) isBuy() bool {
	if m.Order == nil {
		return false
	}
	switch m.Order.Side {
	case Buy, BuyToCover, SellShort:
		return true
	}
	return m.Excess.IsPositive()
}

func (m *Match) isSell() bool {
	return m.Order != nil && m.Order.Side == Sell
}

// cmic returns the entry's three dates, applying the strictest reading
// where OFAC gave none: a missing effective date is the listing date, a
// missing divestment date is taken as passed.
func (m *Match) cmic() (L, E, D holdings.Date, ok bool) {
	if m.Entry.List != lists.NSCMIC || m.Strength != StrongMatch || m.By == ByOwnership || !m.USPerson {
		return L, E, D, false
	}
	if d := m.Entry.CMIC; d != nil {
		L, E, D = d.Listing, d.Effective, d.Divestment
	}
	if E.IsZero() {
		E = L
	}
	if !L.IsZero() && m.Date.Before(L) {
		return L, E, D, false // not listed yet
	}
	return L, E, D, true
}

func beforeDeadline(d, D holdings.Date) bool { return !D.IsZero() && d.Before(D) }

func orNotPublished(d holdings.Date) string {
	if d.IsZero() {
		return "(not published)"
	}
	return d.String()
}

// ByOwnership is how a match is reached through the owners of a company
// (the SDN 50 Percent Rule), besides the lists.By* kinds.
const ByOwnership lists.By = "ownership"

// cmicLists is what the NS-CMIC rules read.
var cmicLists = []lists.Code{lists.NSCMIC}

// catalogue is the built-in rules: the core rules, then the Russia-related
// securities rules (russia.go, europe.go).
var catalogue = append(append([]Rule{
	NewRule(RuleInfo{RuleCMICPending, ruleVersion, "NS-CMIC entity listed, effective date not reached: purchases still allowed", sourceCMIC, cmicLists},
		func(m *Match) (Outcome, bool) {
			L, E, _, ok := m.cmic()
			if !ok || !m.Date.Before(E) {
				return Outcome{}, false
			}
			return Outcome{Warning, fmt.Sprintf("listed %s; purchases prohibited from the effective date %s", L, E)}, true
		}),
	NewRule(RuleInfo{RuleCMICPurchase, ruleVersion, "purchase (buy, buy to cover, short sale, sale beyond the position) of an NS-CMIC security on or after the effective date; for a holding, a lot acquired on or after it", sourceCMIC, cmicLists},
		func(m *Match) (Outcome, bool) {
			_, E, _, ok := m.cmic()
			if !ok {
				return Outcome{}, false
			}
			if m.Order != nil {
				if m.Date.Before(E) || !m.isBuy() {
					return Outcome{}, false
				}
				what := "purchase"
				switch {
				case m.Order.Side == SellShort:
					what = "short sale (a purchase-side exposure, not a divestment)"
				case m.Order.Side == Sell:
					what = fmt.Sprintf("sale of %s beyond the position held: a short sale, not a divestment", m.Excess)
				}
				return Outcome{Violation, fmt.Sprintf("%s: prohibited on or after the effective date %s", what, orNotPublished(E))}, true
			}
			a := m.Holding.Acquired
			if a.IsZero() || a.Before(E) || m.Date.Before(a) {
				return Outcome{}, false
			}
			return Outcome{Violation, fmt.Sprintf("lot acquired %s, on or after the effective date %s: prohibited purchase", a, orNotPublished(E))}, true
		}),
	NewRule(RuleInfo{RuleCMICDivestment, ruleVersion, "on or after the effective date and before the divestment date, an NS-CMIC security may be sold solely to divest", sourceCMIC + "; OFAC FAQ 1046", cmicLists},
		func(m *Match) (Outcome, bool) {
			_, E, D, ok := m.cmic()
			if !ok || m.Date.Before(E) || !beforeDeadline(m.Date, D) {
				return Outcome{}, false
			}
			if m.Order != nil && (!m.isSell() || m.Excess.IsPositive()) {
				return Outcome{}, false
			}
			return Outcome{Warning, fmt.Sprintf("may be sold solely to divest until %s; sales prohibited from %s", D.AddDays(-1), D)}, true
		}),
	NewRule(RuleInfo{RuleCMICSaleDeadline, "2", "sale of an NS-CMIC security on or after the divestment date, a sale beyond the position and a short sale included (the purchase side of those is ns-cmic/purchase)", sourceCMIC, cmicLists},
		func(m *Match) (Outcome, bool) {
			_, _, D, ok := m.cmic()
			if !ok || m.Order == nil || (m.Order.Side != Sell && m.Order.Side != SellShort) || beforeDeadline(m.Date, D) {
				return Outcome{}, false
			}
			return Outcome{Violation, fmt.Sprintf("the divestment date %s has passed: sales are prohibited without an OFAC license", orNotPublished(D))}, true
		}),
	NewRule(RuleInfo{RuleCMICLocked, ruleVersion, "an NS-CMIC holding on or after the divestment date: lawful to hold, cannot be traded without a license", sourceCMIC + "; OFAC FAQ 1046", cmicLists},
		func(m *Match) (Outcome, bool) {
			_, _, D, ok := m.cmic()
			if !ok || m.Order != nil || beforeDeadline(m.Date, D) {
				return Outcome{}, false
			}
			return Outcome{Warning, fmt.Sprintf("divestment date %s passed: can no longer be bought or sold without an OFAC license; holding it is lawful", orNotPublished(D))}, true
		}),
	NewRule(RuleInfo{RuleSDNBlocked, ruleVersion, "the issuer, or the issuer of the underlying, is a Specially Designated National or on a UN asset-freeze list", sourceSDN, []lists.Code{lists.SDN, lists.UN}},
		func(m *Match) (Outcome, bool) {
			if (m.Entry.List != lists.SDN && m.Entry.List != lists.UN) || m.Strength != StrongMatch || m.By == ByOwnership || m.ViaFund {
				return Outcome{}, false
			}
			if m.Order != nil {
				return Outcome{Violation, "blocked person: the order must be blocked and reported to OFAC within 10 business days"}, true
			}
			return Outcome{Violation, "blocked property: freeze the holding and report it to OFAC within 10 business days"}, true
		}),
	NewRule(RuleInfo{RuleSDNOwnership, ruleVersion, "the issuer is owned 50% or more, directly or indirectly, in the aggregate by blocked persons", sourceSDN, []lists.Code{lists.SDN, lists.UN}},
		func(m *Match) (Outcome, bool) {
			if m.By != ByOwnership || m.ViaFund {
				return Outcome{}, false
			}
			return Outcome{Violation, fmt.Sprintf("owned %s%% in the aggregate by blocked persons (>= 50%%): blocked by the 50 Percent Rule", m.Owned)}, true
		}),
	NewRule(RuleInfo{RuleRestricted, ruleVersion, "the issuer or security is on the in-house restricted list: trading is blocked", "in-house restricted list", []lists.Code{lists.Restricted}},
		func(m *Match) (Outcome, bool) {
			if m.Entry.List != lists.Restricted || m.Strength != StrongMatch {
				return Outcome{}, false
			}
			if m.Order != nil {
				return Outcome{Violation, "on the restricted list: trading is blocked"}, true
			}
			return Outcome{Violation, "held security on the restricted list"}, true
		}),
	NewRule(RuleInfo{RuleWatch, ruleVersion, "the issuer or security is on the in-house watch list: allowed, compliance is told", "in-house watch list", []lists.Code{lists.Watch}},
		func(m *Match) (Outcome, bool) {
			if m.Entry.List != lists.Watch || m.Strength != StrongMatch {
				return Outcome{}, false
			}
			return Outcome{Warning, "on the watch list: compliance is told"}, true
		}),
	NewRule(RuleInfo{RuleReview, ruleVersion, "reached only by a similar name or a weak alias: a human must check; never a block", "OFAC FAQ 90-91 (weak aliases); screening practice", nil},
		func(m *Match) (Outcome, bool) {
			if m.Strength != WeakMatch {
				return Outcome{}, false
			}
			return Outcome{Warning, fmt.Sprintf("the name is only similar to %s %s %s (%s): check by hand", m.Entry.List, m.Entry.ID, m.Entry.Name, m.By)}, true
		}),
	NewRule(RuleInfo{RuleDoD1260H, ruleVersion, "the issuer is on the DoD Section 1260H list of Chinese military companies: no trading ban by itself", "NDAA FY2021 section 1260H", []lists.Code{lists.DoD1260H}},
		func(m *Match) (Outcome, bool) {
			if m.Entry.List != lists.DoD1260H || m.Strength != StrongMatch {
				return Outcome{}, false
			}
			return Outcome{Warning, "on the DoD 1260H list: no trading ban by itself; a mandate may forbid it"}, true
		}),
}, directiveRules...), europeanRules...)

func orNone(d holdings.Date) string {
	if d.IsZero() {
		return "none (equity)"
	}
	return d.String()
}
