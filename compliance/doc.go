// Package compliance applies the rules: it resolves each holding to list
// entries (by identifier, through the security master and underlyings,
// and by name), evaluates the rules of the entry's list as of a date, and
// reports every finding with the rule id, the entry and the path that
// connected them.
//
//	chk := compliance.New(lists.NewSet(l), master)
//	rep := chk.CheckPortfolio(book, holdings.MustDate("2026-11-24"))
//	if rep.HasViolation() { ... }
//
// A book too large to hold is screened as it is read: ScreenCSV (or
// Screen over any HoldingSource) emits each holding's findings and
// unresolved entry as an Event, in input order, and returns a Summary at
// the end; memory is bounded by the lists, the master and the Summary,
// not the book, and both cores are used. Its events are CheckPortfolio's
// findings, one for one; package report writes them in every format
// (report.Stream).
//
// Violations are results, not errors: a check never stops at the first
// finding. A Checker is immutable and safe for concurrent use. The rules
// and their boundaries are documented on the Rule constants; a boundary
// date X means "prohibited for dates on or after X".
package compliance
