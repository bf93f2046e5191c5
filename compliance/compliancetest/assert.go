package compliancetest

import (
	"fmt"
	"strings"

	"github.com/stretchr/testify/assert"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/lists"
)

// The assertions below are in testify's style: they take an
// assert.TestingT (a *testing.T will do), report a failure with t.Errorf
// through assert.Fail (so that the test goes on), return whether they
// passed, and take testify's optional msgAndArgs. A failure message says
// what was expected and then lists what the report held (see Describe):
// every finding with its rule, severity, entity, matched_by and path, and
// every unresolved holding with its reason. Wrap them in require-style
// checks with `if !compliancetest.Flagged(...) { t.FailNow() }`.

// Clean asserts that r has no finding at all (waived ones included: they
// are reported) and no unresolved holding. Report.Warnings, about the
// screening as a whole (a stale list), are shown on failure but are not
// findings.
func Clean(t assert.TestingT, r *compliance.Report, msgAndArgs ...any) bool {
	if h, ok := t.(tHelper); ok {
		h.Helper()
	}
	if r != nil && len(r.Violations) == 0 && len(r.Unresolved) == 0 {
		return true
	}
	return assert.Fail(t, "report is not clean\n"+Describe(r), msgAndArgs...)
}

// Flagged asserts that r holds a finding of rule ruleID on the list entry
// entityID (Entity.ID; "" for any entry) for the holding on line. A waived
// finding counts: it is reported, marked Waived.
func Flagged(t assert.TestingT, r *compliance.Report, line int, ruleID, entityID string, msgAndArgs ...any) bool {
	if h, ok := t.(tHelper); ok {
		h.Helper()
	}
	if r != nil {
		for _, f := range r.Violations {
			if f.Line == line && f.Rule == ruleID && (entityID == "" || f.Entity.ID == entityID) {
				return true
			}
		}
	}
	on := ""
	if entityID != "" {
		on = fmt.Sprintf(" on entity %q", entityID)
	}
	return assert.Fail(t, fmt.Sprintf("line %d is not flagged by rule %q%s%s\n%s", line, ruleID, on, atLine(r, line), Describe(r)), msgAndArgs...)
}

// NotFlagged asserts that r holds no finding for the holding on line and
// that the holding is not unresolved either: a holding that could not be
// screened has not been found clean.
func NotFlagged(t assert.TestingT, r *compliance.Report, line int, msgAndArgs ...any) bool {
	if h, ok := t.(tHelper); ok {
		h.Helper()
	}
	if r == nil {
		return assert.Fail(t, fmt.Sprintf("line %d: no report (nil)", line), msgAndArgs...)
	}
	n := 0
	for _, f := range r.Violations {
		if f.Line == line {
			n++
		}
	}
	unresolved := false
	for _, u := range r.Unresolved {
		unresolved = unresolved || u.Line == line
	}
	switch {
	case n > 0:
		return assert.Fail(t, fmt.Sprintf("line %d is flagged (%d findings)\n%s", line, n, Describe(r)), msgAndArgs...)
	case unresolved:
		return assert.Fail(t, fmt.Sprintf("line %d has no finding but is unresolved: it was not screened\n%s", line, Describe(r)), msgAndArgs...)
	}
	return true
}

// Unresolved asserts that the holding on line is among r's unresolved
// holdings.
func Unresolved(t assert.TestingT, r *compliance.Report, line int, msgAndArgs ...any) bool {
	if h, ok := t.(tHelper); ok {
		h.Helper()
	}
	if r != nil {
		for _, u := range r.Unresolved {
			if u.Line == line {
				return true
			}
		}
	}
	return assert.Fail(t, fmt.Sprintf("line %d is not unresolved\n%s", line, Describe(r)), msgAndArgs...)
}

// Decision asserts that an order's decision is want (compliance.Allow,
// compliance.Warn or compliance.Block).
func Decision(t assert.TestingT, r compliance.OrderResult, want compliance.Decision, msgAndArgs ...any) bool {
	if h, ok := t.(tHelper); ok {
		h.Helper()
	}
	if r.Decision == want {
		return true
	}
	return assert.Fail(t, fmt.Sprintf("decision is %s, want %s\n%s", r.Decision, want, DescribeOrder(r)), msgAndArgs...)
}

// Want is a finding a test expects, for Findings. An empty field matches
// any value.
type Want struct {
	// Rule is the rule id ("ns-cmic/purchase").
	Rule string
	// Severity is compliance.Warning or compliance.Violation.
	Severity compliance.Severity
	// List and ID name the entry (Entity.List, Entity.ID).
	List lists.Code
	ID   string
}

func (w Want) matches(f *compliance.Finding) bool {
	return (w.Rule == "" || w.Rule == f.Rule) && (w.Severity == "" || w.Severity == f.Severity) &&
		(w.List == "" || string(w.List) == f.Entity.List) && (w.ID == "" || w.ID == f.Entity.ID)
}

func (w Want) String() string {
	var parts []string
	for _, p := range []string{w.Rule, string(w.Severity), string(w.List), w.ID} {
		if p == "" {
			p = "*"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

// Findings asserts that fs (a report's Violations, or an order's) are
// exactly want, one for one and in order: the report's order, by line,
// list, entry id and rule. An empty want asserts that there is no
// finding. On failure it lists what was wanted and every finding there
// was, marking with "!" those that differ.
func Findings(t assert.TestingT, fs []compliance.Finding, want []Want, msgAndArgs ...any) bool {
	if h, ok := t.(tHelper); ok {
		h.Helper()
	}
	ok := len(fs) == len(want)
	for i := 0; ok && i < len(fs); i++ {
		ok = want[i].matches(&fs[i])
	}
	if ok {
		return true
	}
	var b strings.Builder
	fmt.Fprintf(&b, "findings differ: want %d (rule severity list id; * for any):\n", len(want))
	for _, w := range want {
		fmt.Fprintf(&b, "  %s\n", w)
	}
	fmt.Fprintf(&b, "got %d:\n", len(fs))
	for i := range fs {
		mark := "  "
		if i >= len(want) || !want[i].matches(&fs[i]) {
			mark = "! "
		}
		b.WriteString(mark)
		var one strings.Builder
		describeFinding(&one, &fs[i])
		b.WriteString(strings.TrimPrefix(one.String(), "  "))
	}
	return assert.Fail(t, strings.TrimSuffix(b.String(), "\n"), msgAndArgs...)
}

// atLine says how many findings r holds on line, for a failure message.
func atLine(r *compliance.Report, line int) string {
	if r == nil {
		return ""
	}
	var rules []string
	for _, f := range r.Violations {
		if f.Line == line {
			rules = append(rules, f.Rule+" on "+f.Entity.List+" "+f.Entity.ID)
		}
	}
	if len(rules) == 0 {
		return fmt.Sprintf(" (line %d has no finding)", line)
	}
	return fmt.Sprintf(" (line %d has: %s)", line, strings.Join(rules, ", "))
}
