package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/internal/printable"
)

// WriteText writes r as plain text for a terminal: a header naming source
// (the portfolio screened), the date, the list releases and the counts;
// a table of the findings, one line each; for each finding, why (its
// message and path); the unresolved holdings; and the rules that fired,
// with their description and legal source. Every value from the report
// is escaped with the package's escaping (see the package comment), so
// input cannot write control sequences to the terminal or start a line.
func WriteText(w io.Writer, source string, r *compliance.Report) error {
	if r == nil {
		return ErrNoReport
	}
	bw := bufio.NewWriter(w)
	writeTextHead(bw, source, r)
	if len(r.Violations) > 0 {
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(textColumns[:], "\t"))
		for i := range r.Violations {
			cells := textRow(&r.Violations[i])
			fmt.Fprintln(tw, strings.Join(cells[:], "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(bw, "\nWhy:")
		for i := range r.Violations {
			writeWhy(bw, &r.Violations[i])
		}
	} else {
		fmt.Fprintln(bw, "No findings.")
	}
	if len(r.Unresolved) > 0 {
		fmt.Fprintln(bw, "\nUnresolved (not screened in full):")
		for i := range r.Unresolved {
			writeUnresolvedText(bw, &r.Unresolved[i])
		}
	}
	writeRules(bw, r.Rules)
	return bw.Flush()
}

// writeTextHead writes the text report's lines above its findings.
func writeTextHead(w io.Writer, source string, r *compliance.Report) {
	fmt.Fprintf(w, "Screened %s as of %s\n", printable.Escape(source), r.AsOf)
	writeHeader(w, r.Lists, r.Warnings)
	c := r.Counts
	fmt.Fprintf(w, "Holdings: %d screened, %d flagged, %d unresolved; findings: %d violations, %d warnings, %d waived\n\n",
		c.Holdings, c.Flagged, c.Unresolved, c.Violations, c.Warnings, c.Waived)
}

// writeWhy writes f's lines of the text report's "Why:" section.
func writeWhy(w io.Writer, f *compliance.Finding) {
	e := printable.Escape
	fmt.Fprintf(w, "  line %d %s: %s\n      path: %s\n", f.Line, e(f.Rule), e(f.Message), pathText(f))
}

// writeUnresolvedText writes u's line of the text report.
func writeUnresolvedText(w io.Writer, u *compliance.Unresolved) {
	e := printable.Escape
	fmt.Fprintf(w, "  line %d (%s): %s\n", u.Line, e(string(u.Severity)), e(u.Reason))
}

// WriteOrdersText writes r, the decision on a basket of orders, as plain
// text for a terminal: the basket's decision, the list releases, then
// each order's decision with its findings (message and path), why it is
// unresolved, and its reject report to OFAC, if any; last, the rules that
// fired. source names the orders file. Values are escaped as by WriteText.
func WriteOrdersText(w io.Writer, source string, r *compliance.OrderReport) error {
	if r == nil {
		return ErrNoReport
	}
	e := printable.Escape
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Checked orders in %s: basket decision %s\n", e(source), strings.ToUpper(e(string(r.Decision))))
	writeHeader(bw, r.Lists, r.Warnings)
	fmt.Fprintln(bw)
	for i := range r.Orders {
		o := &r.Orders[i]
		fmt.Fprintf(bw, "line %d: %s\n", o.Line, strings.ToUpper(e(string(o.Decision))))
		for j := range o.Violations {
			f := &o.Violations[j]
			waived := ""
			switch {
			case f.Waived && f.Waiver != nil:
				waived = fmt.Sprintf(" [WAIVED by %s until %s: %s]", e(f.Waiver.Approver), f.Waiver.Expires, e(f.Waiver.Reason))
			case f.Waived:
				waived = " [WAIVED]"
			}
			fmt.Fprintf(bw, "  %s %s — %s%s\n    %s\n    path: %s\n", strings.ToUpper(e(string(f.Severity))), e(f.Rule), entity(f.Entity), waived, e(f.Message), pathText(f))
		}
		if o.Unresolved != "" {
			fmt.Fprintf(bw, "  UNRESOLVED: %s\n", e(o.Unresolved))
		}
		if rr := o.Reject; rr != nil {
			fmt.Fprintf(bw, "  reject report to OFAC due %s (%s, %s %s %s)\n", rr.ReportDue, e(rr.Rule), e(string(rr.Side)), e(rr.Quantity), e(rr.Security))
		}
	}
	writeRules(bw, r.Rules)
	return bw.Flush()
}

// writeHeader writes the list releases and the report's warnings.
func writeHeader(w io.Writer, ls []compliance.ListInfo, warnings []string) {
	e := printable.Escape
	for _, l := range ls {
		fmt.Fprintf(w, "List: %s — %s, %d entries, sha256 %s\n", e(l.Name), e(l.Source), l.Entries, short(e(l.SHA256)))
	}
	for _, warn := range warnings {
		fmt.Fprintf(w, "WARNING: %s\n", e(warn))
	}
}

// writeRules writes the rules that fired, each with its version,
// description and legal source.
func writeRules(w io.Writer, rules []compliance.RuleInfo) {
	if len(rules) == 0 {
		return
	}
	e := printable.Escape
	fmt.Fprintln(w, "\nRules that fired:")
	for _, ri := range rules {
		fmt.Fprintf(w, "  %s v%s: %s\n", e(ri.ID), e(ri.Version), e(ri.Description))
		if ri.Source != "" {
			fmt.Fprintf(w, "      source: %s\n", e(ri.Source))
		}
	}
}

// entity is a list entry as the text shows it: list, id and name.
func entity(en compliance.Entity) string {
	e := printable.Escape
	return e(en.List) + " " + e(en.ID) + " " + e(en.Name)
}

// pathText is a finding's path as one line, its steps joined by " -> ".
func pathText(f *compliance.Finding) string {
	return strings.Join(steps(f), " -> ")
}

// short abbreviates a hash for the text report to its first 16
// characters and an ellipsis.
func short(h string) string {
	n := 0
	for i := range h {
		if n == 16 {
			return h[:i] + "…"
		}
		n++
	}
	return h
}
