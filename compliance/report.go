package compliance

import "github.com/investscreen/investscreen/holdings"

// Report is the result of screening a portfolio. Its JSON form is part of
// the command-line contract (keys as tagged).
type Report struct {
	// AsOf is the evaluation date.
	AsOf holdings.Date `json:"as_of"`
	// Lists are the list releases screened against.
	Lists []ListInfo `json:"lists"`
	// Warnings are about the screening as a whole, such as a stale list.
	Warnings []string `json:"warnings"`
	// Holdings is the number of holdings screened.
	Holdings int `json:"holdings"`
	// Violations are all findings, warnings and violations alike.
	Violations []Finding `json:"violations"`
	// Unresolved are the holdings that could not be fully resolved.
	Unresolved []Unresolved `json:"unresolved"`
	// Counts sum up the report.
	Counts Counts `json:"counts"`
	// Rules describe each rule that produced a finding, user rules included, by id.
	Rules []RuleInfo `json:"rules"`
	// Regimes say which regimes were applied: each account of a holding
	// that reached a list entry with the regimes that bound it, once, by
	// account and then regimes.
	Regimes []AccountRegimes `json:"regimes,omitempty"`
}

// AccountRegimes are the regimes applied to an account's rows: the rows'
// own, the policy's for the account, or the policy's default.
type AccountRegimes struct {
	Account string   `json:"account"`
	Regimes []Regime `json:"regimes"`
}

// ListInfo names one list release used.
type ListInfo struct {
	Name   string `json:"name"`
	Source string `json:"source"`
	// Format is the file format read (lists.FormatOFACCSV, ...).
	Format  string `json:"format,omitempty"`
	Entries int    `json:"entries"`
	// Date is the release (or snapshot) date, YYYY-MM-DD; empty if unknown.
	Date string `json:"date,omitempty"`
	// SHA256 is the hash of the files read.
	SHA256 string `json:"sha256"`
}

// Finding is one rule that fired for one holding and one list entry.
type Finding struct {
	// Rule is the rule id (RuleCMICLocked, ...) and RuleVersion its
	// version.
	Rule        string `json:"rule"`
	RuleVersion string `json:"rule_version"`
	// Severity is Warning or Violation.
	Severity Severity `json:"severity"`
	// Line is the holding's line in its file (header = 1).
	Line int `json:"line"`
	// Account is the holding's account.
	Account string `json:"account"`
	// Entity is the list entry.
	Entity Entity `json:"entity"`
	// MatchedBy says which field of the entry matched: isin, cusip,
	// sedol, ticker, name, alias, issuer name or weak alias.
	MatchedBy string `json:"matched_by"`
	// Path is each step from the holding's input to the entry; its JSON
	// form is an array of the steps' texts.
	Path Path `json:"path"`
	// Via is, for a finding through funds, the chain of identifiers from
	// the fund held to the constituent that is listed; Weight is the
	// constituent's effective weight in the fund held, in percent.
	Via    []string `json:"via,omitempty"`
	Weight string   `json:"weight,omitempty"`
	// Message explains the finding and cites its legal source.
	Message string `json:"message"`
	// Release names the list release the entry came from.
	Release ReleaseRef `json:"release"`
	// Waived is set when an approved waiver covers the finding; it is then
	// reported but does not count as a violation or block an order.
	Waived bool    `json:"waived,omitempty"`
	Waiver *Waiver `json:"waiver,omitempty"`
}

// ReleaseRef names a list release in a finding.
type ReleaseRef struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

// Entity identifies a list entry in a finding.
type Entity struct {
	// List is the list code (SDN, NS-CMIC, ...).
	List string `json:"list"`
	// ID is the list's own id (OFAC ent_num).
	ID string `json:"id"`
	// Name is the entry's primary name.
	Name string `json:"name"`
}

// Unresolved is a holding that could not be resolved, with the reason.
// Under the default Policy it is a violation: what cannot be screened
// cannot be passed.
type Unresolved struct {
	Line     int      `json:"line"`
	Account  string   `json:"account,omitempty"`
	Reason   string   `json:"reason"`
	Severity Severity `json:"severity"`
	Waived   bool     `json:"waived,omitempty"`
	Waiver   *Waiver  `json:"waiver,omitempty"`
}

// Counts sum up a report.
type Counts struct {
	// Holdings is the number of holdings screened.
	Holdings int `json:"holdings"`
	// Flagged is the number of holdings with at least one finding.
	Flagged int `json:"flagged"`
	// Violations and Warnings count the findings that are not waived, by
	// severity; Waived counts the waived ones.
	Violations int `json:"violations"`
	Warnings   int `json:"warnings"`
	Waived     int `json:"waived"`
	// Unresolved is the number of unresolved holdings.
	Unresolved int `json:"unresolved"`
}

// HasViolation reports whether the report fails: a finding, or an
// unresolved holding, of severity Violation that is not waived.
func (r *Report) HasViolation() bool {
	if r.Counts.Violations > 0 {
		return true
	}
	for _, u := range r.Unresolved {
		if u.Severity == Violation && !u.Waived {
			return true
		}
	}
	return false
}

func (r *Report) count(flagged int) {
	c := Counts{Holdings: r.Holdings, Unresolved: len(r.Unresolved), Flagged: flagged}
	for _, f := range r.Violations {
		switch {
		case f.Waived:
			c.Waived++
		case f.Severity == Violation:
			c.Violations++
		default:
			c.Warnings++
		}
	}
	r.Counts = c
}
