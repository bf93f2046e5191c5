package compliance

import "github.com/investscreen/investscreen/holdings"

// Report is the result of screening a portfolio. Its JSON form is part of
// the command-line contract (keys as tagged).
type Report struct {
	// AsOf is the evaluation date.
	AsOf holdings.Date `json:"as_of"`
	// Lists are the list releases screened against.
	Lists []ListInfo `json:"lists"`
	// Holdings is the number of holdings screened.
	Holdings int `json:"holdings"`
	// Violations are all findings, warnings and violations alike.
	Violations []Finding `json:"violations"`
	// Unresolved are the holdings that could not be fully resolved.
	Unresolved []Unresolved `json:"unresolved"`
	// Counts sum up the report.
	Counts Counts `json:"counts"`
}

// ListInfo names one list release used.
type ListInfo struct {
	Name    string `json:"name"`
	Source  string `json:"source"`
	Entries int    `json:"entries"`
	// Date is the release (or snapshot) date, YYYY-MM-DD; empty if unknown.
	Date string `json:"date,omitempty"`
	// SHA256 is the hash of the files read.
	SHA256 string `json:"sha256"`
}

// Finding is one rule that fired for one holding and one list entry.
type Finding struct {
	// Rule is the rule id (RuleCMICLocked, ...).
	Rule string `json:"rule"`
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
	// Path is each step from the holding's input to the entry.
	Path []string `json:"path"`
	// Message explains the finding and cites its legal source.
	Message string `json:"message"`
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
type Unresolved struct {
	Line    int    `json:"line"`
	Account string `json:"account,omitempty"`
	Reason  string `json:"reason"`
}

// Counts sum up a report.
type Counts struct {
	Holdings   int `json:"holdings"`
	Flagged    int `json:"flagged"`
	Violations int `json:"violations"`
	Warnings   int `json:"warnings"`
	Unresolved int `json:"unresolved"`
}

// HasViolation reports whether any finding has severity Violation.
func (r *Report) HasViolation() bool { return r.Counts.Violations > 0 }

func (r *Report) count(flagged int) {
	c := Counts{Holdings: r.Holdings, Unresolved: len(r.Unresolved), Flagged: flagged}
	for _, f := range r.Violations {
		if f.Severity == Violation {
			c.Violations++
		} else {
			c.Warnings++
		}
	}
	r.Counts = c
}
