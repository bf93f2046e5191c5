// Package printable makes text from input safe to show: on a terminal, in
// a spreadsheet cell or in a web page, a character from a holdings file or
// a list must not move the cursor, clear the screen, change colours, end a
// line early or reorder what is displayed (ANSI escapes, C0 and C1
// controls, bidirectional overrides: "Trojan Source", CVE-2021-42574).
//
// Such a character is replaced by a visible escape in Go's notation, so
// that a reader sees that it was there and which one it was:
//
//	newline, tab, CR         \n \t \r (also \a \b \f \v)
//	ESC (U+001B)             \x1b
//	NEL (U+0085)             \u0085
//	RLO (U+202E)             \u202e
//	TAG LATIN CAPITAL A      \U000e0041
//	byte 0xFF (not UTF-8)    \xff
//
// The characters escaped are the controls (Unicode category Cc: C0, DEL,
// C1), the format characters (Cf: bidirectional controls, zero-width
// space, byte order mark, tag characters, ...) except the zero-width
// non-joiner and joiner (U+200C, U+200D), which some scripts and emoji
// need, the line and paragraph separators (Zl, Zp), and bytes that are
// not UTF-8. A backslash is left as it is: the result is for reading, it
// is not meant to be decoded back.
package printable
