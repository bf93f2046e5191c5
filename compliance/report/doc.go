// Package report renders the results of compliance checks for people:
// a portfolio screening (*compliance.Report) as text for a terminal, as
// CSV for a spreadsheet, or as one printable HTML page for a compliance
// officer, and a pre-trade decision on orders (*compliance.OrderReport)
// as text. JSON is the encoding/json form of those types; WriteJSON
// writes it indented and safe to print.
//
// A program screens, then picks a writer:
//
//	rep := chk.CheckPortfolio(book, asOf)
//	if err := report.WriteHTML(os.Stdout, "book.csv", rep); err != nil {
//		return err
//	}
//	if rep.HasViolation() { // the writers decide nothing: the report does
//		os.Exit(1)
//	}
//
// A streamed screen (compliance.Checker.ScreenCSV) is written with a
// Stream: its Add takes each event, and Finish writes the report, byte for
// byte what the writer of the format writes for CheckPortfolio's Report
// of the same book, the events having waited in temporary files.
//
// The writers only show what the report holds. In particular each rule's
// description and legal source come from the report's Rules, which the
// Checker fills with the rules that produced its findings, user rules
// (compliance.NewRule) included.
//
// # Formats
//
// The text, CSV and HTML formats are those of the examples/screen
// command's -format flag and are kept stable: the CSV columns
// (CSVColumns) and row kinds may be extended, never renamed; the text
// keeps its lines.
//
// # Hostile input
//
// Account names, issuer names, list entries and messages come from files
// the user may not control. No character of theirs can act on the reader's
// display: every value is escaped with a visible escape in Go's notation
// before it is written, in every format.
//
//   - What is escaped: controls (C0 such as ESC, which starts ANSI escape
//     sequences, newline, tab; DEL; C1 such as CSI U+009B), format
//     characters (bidirectional overrides and isolates such as U+202E, the
//     zero-width space, the byte order mark, tag characters) except the
//     zero-width joiner and non-joiner, the line and paragraph separators,
//     and bytes that are not UTF-8.
//   - How: ESC becomes \x1b, U+202E becomes \u202e, U+E0041 becomes
//     \U000e0041, a stray byte 0xff becomes \xff. A value therefore always
//     stays on its own line and in its own cell, and reads left to right as
//     stored. Backslashes are not doubled: the escapes are for reading, not
//     for decoding.
//   - CSV cells are also defused against formula injection (a leading
//     single quote); HTML is escaped as HTML by html/template; in JSON,
//     WriteJSON writes these characters as \u escapes, which decode to the
//     same strings.
//
// The writers are safe for concurrent use; each call reads the report and
// does not modify it.
package report
