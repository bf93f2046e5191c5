package compliance

import (
	"fmt"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// Severity says how grave a finding is.
type Severity string

// Severities. A Violation makes a screening fail; a Warning is for a
// human to read.
const (
	Warning   Severity = "warning"
	Violation Severity = "violation"
)

// Rule ids, as in RULES.md. They are part of the output contract: scripts
// match on them.
const (
	// RuleCMICPending: the trade date is on or after the listing date and
	// before the effective date: purchases are still allowed.
	RuleCMICPending = "ns-cmic/pending"
	// RuleCMICPurchase: a purchase on or after the effective date.
	RuleCMICPurchase = "ns-cmic/purchase"
	// RuleCMICDivestment: on or after the effective date and before the
	// divestment date, the holding may be sold solely to divest.
	RuleCMICDivestment = "ns-cmic/divestment"
	// RuleCMICLocked: on or after the divestment date the holding can no
	// longer be traded without a license; holding it is lawful.
	RuleCMICLocked = "ns-cmic/locked"
	// RuleSDNBlocked: the issuer, or the issuer of the underlying, is an
	// SDN: the property is blocked.
	RuleSDNBlocked = "sdn/blocked"
	// RuleReview: a name-only match that is not certain (a weak alias):
	// a warning for a human, never a violation.
	RuleReview = "review"
)

// Legal sources cited in messages.
const (
	sourceCMIC = "EO 13959 as amended by EO 14032; 31 CFR part 586"
	sourceSDN  = "31 CFR part 501; OFAC 50 Percent Rule guidance"
)

// verdict is one rule that fired for a holding and an entry.
type verdict struct {
	rule     string
	severity Severity
	message  string
}

// cmicHolding applies the NS-CMIC holding rules of RULES.md to a holding
// acquired on acquired (zero if unknown), evaluated as of asOf. A boundary
// date X means "prohibited for dates >= X". A missing effective date is
// read as the listing date and a missing divestment date as already
// passed: the strictest reading, since OFAC publishes all three.
func cmicHolding(d *lists.CMICDates, acquired, asOf holdings.Date) []verdict {
	var L, E, D holdings.Date
	if d != nil {
		L, E, D = d.Listing, d.Effective, d.Divestment
	}
	if E.IsZero() {
		E = L
	}
	if !L.IsZero() && asOf.Before(L) {
		return nil // not listed yet on that date
	}
	var out []verdict
	switch {
	case !E.IsZero() && asOf.Before(E):
		out = append(out, verdict{RuleCMICPending, Warning, fmt.Sprintf(
			"listed %s; purchases prohibited from the effective date %s (%s)", L, E, sourceCMIC)})
	case !D.IsZero() && asOf.Before(D):
		out = append(out, verdict{RuleCMICDivestment, Warning, fmt.Sprintf(
			"may be sold solely to divest until %s; sales prohibited from %s (%s)", D.AddDays(-1), D, sourceCMIC)})
	default:
		out = append(out, verdict{RuleCMICLocked, Warning, fmt.Sprintf(
			"divestment deadline %s passed: can no longer be bought or sold without an OFAC license; holding it is lawful (OFAC FAQ 1046; %s)", dateOrUnknown(D), sourceCMIC)})
	}
	if !acquired.IsZero() && !acquired.Before(E) && !asOf.Before(acquired) {
		out = append(out, verdict{RuleCMICPurchase, Violation, fmt.Sprintf(
			"lot acquired %s, on or after the effective date %s: prohibited purchase (%s)", acquired, dateOrUnknown(E), sourceCMIC)})
	}
	return out
}

func dateOrUnknown(d holdings.Date) string {
	if d.IsZero() {
		return "(not published)"
	}
	return d.String()
}

// verdicts returns the rules that fire for a holding that hit e by h.
func verdicts(h lists.Hit, acquired, asOf holdings.Date) []verdict {
	if h.By == lists.ByWeakAlias {
		return []verdict{{RuleReview, Warning, fmt.Sprintf(
			"name equals a weak alias %q of %s %s %s: check by hand", h.Value, h.Entry.List, h.Entry.ID, h.Entry.Name)}}
	}
	switch h.Entry.List {
	case lists.NSCMIC:
		return cmicHolding(h.Entry.CMIC, acquired, asOf)
	case lists.SDN:
		return []verdict{{RuleSDNBlocked, Violation, fmt.Sprintf(
			"issuer is a Specially Designated National: the holding is blocked (freeze; report to OFAC within 10 business days) (%s)", sourceSDN)}}
	}
	return nil
}
