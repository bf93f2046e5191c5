package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/internal/printable"
)

// csvColumns are the columns of WriteCSV, in order.
var csvColumns = [...]string{"kind", "line", "account", "rule", "rule_version", "severity", "waived", "list", "entity_id",
	"entity_name", "matched_by", "path", "via", "weight", "message", "release_sha256"}

// CSVColumns returns the names of the columns WriteCSV writes, in order
// (its header row). They are a contract: columns may be added at the end,
// never renamed or moved. The slice is the caller's.
func CSVColumns() []string { return append([]string(nil), csvColumns[:]...) }

// Kinds of the rows of WriteCSV (column "kind").
const (
	// KindFinding is a row for a finding.
	KindFinding = "finding"
	// KindUnresolved is a row for a holding that could not be resolved:
	// rule is "unresolved" and the reason is in message.
	KindUnresolved = "unresolved"
	// KindWarning is a row for a warning about the screening as a whole,
	// such as a stale list: only message is set.
	KindWarning = "warning"
)

// WriteCSV writes r as CSV (RFC 4180) with a header row (CSVColumns): a
// row per finding (KindFinding), then per unresolved holding
// (KindUnresolved) and per report-level warning (KindWarning), in report
// order. path and via are joined with " -> ". Each cell is escaped with
// the package's escaping (so a value never spans lines), and a cell that
// a spreadsheet would run as a formula (it begins with =, +, -, @, tab or
// carriage return; OWASP "CSV injection") gets a leading single quote.
func WriteCSV(w io.Writer, r *compliance.Report) error {
	if r == nil {
		return ErrNoReport
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(csvColumns[:]); err != nil {
		return err
	}
	for i := range r.Violations {
		if err := cw.Write(findingRow(&r.Violations[i])); err != nil {
			return err
		}
	}
	for i := range r.Unresolved {
		if err := cw.Write(unresolvedRow(&r.Unresolved[i])); err != nil {
			return err
		}
	}
	if err := writeWarningRows(cw, r.Warnings); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// findingRow returns f's row, its cells made safe.
func findingRow(f *compliance.Finding) []string {
	return cells([]string{KindFinding, strconv.Itoa(f.Line), f.Account, f.Rule, f.RuleVersion, string(f.Severity),
		strconv.FormatBool(f.Waived), f.Entity.List, f.Entity.ID, f.Entity.Name, f.MatchedBy,
		strings.Join(steps(f), " -> "), strings.Join(f.Via, " -> "), f.Weight, f.Message, f.Release.SHA256})
}

// unresolvedRow returns u's row, its cells made safe.
func unresolvedRow(u *compliance.Unresolved) []string {
	return cells([]string{KindUnresolved, strconv.Itoa(u.Line), u.Account, compliance.RuleUnresolved, "", string(u.Severity),
		strconv.FormatBool(u.Waived), "", "", "", "", "", "", "", u.Reason, ""})
}

// writeWarningRows writes a row for each report-level warning.
func writeWarningRows(cw *csv.Writer, warnings []string) error {
	for _, msg := range warnings {
		row := make([]string, len(csvColumns))
		row[0], row[14] = KindWarning, msg
		if err := cw.Write(cells(row)); err != nil {
			return err
		}
	}
	return nil
}

// cells makes every cell of row safe to show and to open in a
// spreadsheet, in place.
func cells(row []string) []string {
	for i, s := range row {
		row[i] = csvCell(s)
	}
	return row
}

// csvCell escapes s and defuses a cell a spreadsheet would evaluate as a
// formula: it gets a leading single quote.
func csvCell(s string) string {
	s = printable.Escape(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
