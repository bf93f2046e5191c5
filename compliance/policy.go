package compliance

// Policy is a firm's policy on top of the law. Its zero value is the
// strict, law-faithful default: every account is a US person, rule
// severities are as the law reads, an unresolved holding or order is a
// violation, and near names are reviewed at lists.DefaultMinScore. Each
// field names what it relaxes or changes. A Policy must not be modified
// while a Checker uses it.
type Policy struct {
	// Severity overrides the severity of rules by id, raising (a fund
	// promising US-person eligibility may make "ns-cmic/locked" a
	// Violation; a mandate may make "dod-1260h" one) or lowering it.
	Severity map[string]Severity
	// NonUSAccounts are the accounts that are not US persons: the NS-CMIC
	// rules do not apply to them (OFAC FAQs 863, 902, 903, 1048).
	NonUSAccounts map[string]bool
	// AllowUnresolved reports unresolved holdings and orders as warnings
	// instead of violations (an unresolved order then is not blocked).
	AllowUnresolved bool
	// ReviewThreshold is the name-similarity score (0..1) from which a
	// near name is reported under rule "review"; zero means
	// lists.DefaultMinScore. A value above 1 turns similar-name review
	// off (exact names still match).
	ReviewThreshold float64
	// MaxListAge is how many days older than the evaluation date a list
	// release may be before every report warns that it is stale; zero
	// means DefaultMaxListAge.
	MaxListAge int
	// SkipStaleCheck turns the staleness warnings off.
	SkipStaleCheck bool
	// Regimes maps accounts to the regimes that bind them (us, eu, uk):
	// a rule of a regime gives no finding to an account outside it. A row
	// that names its own regimes (the "regimes" column or key) uses those;
	// an account not in the map gets DefaultRegimes. A non-US person (an
	// order's us_person=false, NonUSAccounts) is never bound by the US.
	Regimes map[string][]Regime
	// DefaultRegimes bind the accounts Regimes does not name; empty means
	// every regime: the strict default. The European rules fire only on
	// European data (the built-in tables or EU/UK lists loaded), so the
	// default changes nothing for users who load none.
	DefaultRegimes []Regime
	// AllowUnreadLists turns the error about in-house rows whose list code
	// no rule reads (ErrUnreadList) into a warning in every report, naming
	// the code and its row count.
	AllowUnreadLists bool
}

// DefaultMaxListAge is the list age, in days, past which reports warn.
// OFAC publishes changes several times a month.
const DefaultMaxListAge = 30

func (p *Policy) maxListAge() int {
	if p.MaxListAge > 0 {
		return p.MaxListAge
	}
	return DefaultMaxListAge
}

func (p *Policy) severity(rule string, s Severity) Severity {
	if o, ok := p.Severity[rule]; ok && (o == Warning || o == Violation) {
		return o
	}
	return s
}

func (p *Policy) usPerson(account string) bool {
	return len(p.NonUSAccounts) == 0 || !p.NonUSAccounts[account]
}

func (p *Policy) unresolvedSeverity() Severity {
	if p.AllowUnresolved {
		return Warning
	}
	return Violation
}
