package compliancetest

import (
	"fmt"
	"strings"

	"github.com/investscreen/investscreen/compliance"
)

// maxShown is how many findings or unresolved holdings a description
// lists before it says how many more there are.
const maxShown = 100

// Describe returns what a report holds, for a reader without a debugger:
// its date and counts; every finding with its line, account, rule,
// severity, entity (list, id and name), matched_by, path, message and
// waiver; every unresolved holding with its reason; and the report's
// warnings. The assertions print it when they fail. A nil report is
// described as such.
func Describe(r *compliance.Report) string {
	if r == nil {
		return "no report (nil)"
	}
	var b strings.Builder
	c := r.Counts
	fmt.Fprintf(&b, "report as of %s: %d holdings, %d findings (%d violations, %d warnings, %d waived), %d unresolved\n",
		r.AsOf, r.Holdings, len(r.Violations), c.Violations, c.Warnings, c.Waived, len(r.Unresolved))
	describeFindings(&b, r.Violations)
	if len(r.Unresolved) == 0 {
		b.WriteString("unresolved: none\n")
	} else {
		b.WriteString("unresolved:\n")
		for i, u := range r.Unresolved {
			if i == maxShown {
				fmt.Fprintf(&b, "  ... and %d more\n", len(r.Unresolved)-i)
				break
			}
			fmt.Fprintf(&b, "  line %d%s (%s%s): %s\n", u.Line, account(u.Account), u.Severity, waived(u.Waived, u.Waiver), u.Reason)
		}
	}
	describeWarnings(&b, r.Warnings)
	return strings.TrimSuffix(b.String(), "\n")
}

// DescribeOrder returns what an order's result holds, as Describe does
// for a report: the decision, every finding and why the order's security
// could not be resolved, if it could not.
func DescribeOrder(r compliance.OrderResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "order (line %d): decision %s, %d findings\n", r.Line, r.Decision, len(r.Violations))
	describeFindings(&b, r.Violations)
	if r.Unresolved != "" {
		fmt.Fprintf(&b, "unresolved: %s\n", r.Unresolved)
	}
	if r.Reject != nil {
		fmt.Fprintf(&b, "reject report: rule %s, entity %s, due %s\n", r.Reject.Rule, entity(r.Reject.Entity), r.Reject.ReportDue)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func describeFindings(b *strings.Builder, fs []compliance.Finding) {
	if len(fs) == 0 {
		b.WriteString("findings: none\n")
		return
	}
	b.WriteString("findings:\n")
	for i := range fs {
		if i == maxShown {
			fmt.Fprintf(b, "  ... and %d more\n", len(fs)-i)
			return
		}
		describeFinding(b, &fs[i])
	}
}

func describeFinding(b *strings.Builder, f *compliance.Finding) {
	fmt.Fprintf(b, "  line %d%s: %s %s%s\n", f.Line, account(f.Account), f.Rule, f.Severity, waived(f.Waived, f.Waiver))
	fmt.Fprintf(b, "      entity:     %s\n", entity(f.Entity))
	fmt.Fprintf(b, "      matched_by: %s\n", f.MatchedBy)
	fmt.Fprintf(b, "      path:       %s\n", f.Path.String())
	if len(f.Via) > 0 {
		fmt.Fprintf(b, "      via:        %s (weight %s%%)\n", strings.Join(f.Via, " -> "), f.Weight)
	}
	if f.Message != "" {
		fmt.Fprintf(b, "      message:    %s\n", f.Message)
	}
}

func describeWarnings(b *strings.Builder, ws []string) {
	if len(ws) == 0 {
		return
	}
	b.WriteString("warnings:\n")
	for _, w := range ws {
		fmt.Fprintf(b, "  %s\n", w)
	}
}

func entity(e compliance.Entity) string { return fmt.Sprintf("%s %s %q", e.List, e.ID, e.Name) }

func account(a string) string {
	if a == "" {
		return ""
	}
	return " account " + a
}

func waived(yes bool, w *compliance.Waiver) string {
	switch {
	case !yes:
		return ""
	case w == nil:
		return ", waived"
	}
	return fmt.Sprintf(", waived by %s until %s: %s", w.Approver, w.Expires, w.Reason)
}
