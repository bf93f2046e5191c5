package printable

import (
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Escape returns s with every character that could act on a display
// replaced by a visible escape (see the package comment), newlines and
// tabs included, so that the text stays on one line. It returns s itself
// when there is nothing to escape.
func Escape(s string) string { return escape(s, false) }

// EscapeKeepNewlines is Escape, but it leaves newlines ('\n') as they
// are: for a whole document whose own lines must stay, such as an HTML
// page, where a newline inside a value is only white space.
func EscapeKeepNewlines(s string) string { return escape(s, true) }

// Clean reports whether b holds nothing that Escape (or, with
// keepNewlines, EscapeKeepNewlines) would replace: it is UTF-8 and has no
// character Unsafe reports. It does not allocate.
func Clean(b []byte, keepNewlines bool) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 || c == 0x7f) && !(c == '\n' && keepNewlines) {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 || Unsafe(r) {
			return false
		}
		i += n
	}
	return true
}

// Unsafe reports whether r is a character Escape replaces.
func Unsafe(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f:
		return true
	case r < 0x80:
		return false
	case r == 0x200c || r == 0x200d:
		return false
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)
}

// Invisible reports whether r is a character a reader of an input file
// cannot see, which readers refuse inside a field: what Unsafe names
// (zero-width joiners included) but tab and line ends.
func Invisible(r rune) bool {
	switch r {
	case '\t', '\n', '\r':
		return false
	case 0x200c, 0x200d:
		return true
	}
	return Unsafe(r)
}

func escape(s string, keepNewlines bool) string {
	i := firstUnsafe(s, keepNewlines)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case !Unsafe(r):
			b.WriteString(s[i : i+n])
		case shortEscape(r) != 0:
			b.WriteByte('\\')
			b.WriteByte(shortEscape(r))
		case r < 0x80:
			b.WriteString(`\x`)
			b.WriteString(hex2(byte(r)))
		case r <= 0xffff:
			b.WriteString(`\u`)
			b.WriteString(pad(strconv.FormatInt(int64(r), 16), 4))
		default:
			b.WriteString(`\U`)
			b.WriteString(pad(strconv.FormatInt(int64(r), 16), 8))
		}
		i += n
	}
	return b.String()
}

// firstUnsafe returns the index of the first byte of s to escape, or -1.
func firstUnsafe(s string, keepNewlines bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 || c == 0x7f) && !(c == '\n' && keepNewlines) {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || Unsafe(r) {
			return i
		}
		i += n
	}
	return -1
}

// shortEscape returns the letter of Go's (and C's) one-letter escape for
// r, or 0 if it has none.
func shortEscape(r rune) byte {
	switch r {
	case '\a':
		return 'a'
	case '\b':
		return 'b'
	case '\f':
		return 'f'
	case '\n':
		return 'n'
	case '\r':
		return 'r'
	case '\t':
		return 't'
	case '\v':
		return 'v'
	}
	return 0
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}

func pad(h string, n int) string {
	if len(h) < n {
		return strings.Repeat("0", n-len(h)) + h
	}
	return h
}

// NewWriter returns a Writer over w. A Writer is not safe for concurrent
// use.
func NewWriter(w io.Writer) *Writer { return &Writer{w: w} }

// Writer passes what is written to an io.Writer with EscapeKeepNewlines
// applied: for a terminal, a log or a page that input text may reach. A character cut between two
// writes is held back until the next one completes it, or until flush.
type Writer struct {
	w     io.Writer
	carry []byte // the start of a character cut off at the end of the last write
}

func (e *Writer) Write(p []byte) (int, error) {
	if len(e.carry) == 0 && Clean(p, true) {
		return e.w.Write(p)
	}
	data := append(e.carry, p...)
	cut := len(data)
	for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax+1; i-- {
		if utf8.RuneStart(data[i]) {
			if !utf8.FullRune(data[i:]) {
				cut = i
			}
			break
		}
	}
	if _, err := io.WriteString(e.w, EscapeKeepNewlines(string(data[:cut]))); err != nil {
		return 0, err
	}
	e.carry = append([]byte(nil), data[cut:]...)
	return len(p), nil
}

// Flush writes what is held back: an incomplete character, escaped.
func (e *Writer) Flush() error {
	if len(e.carry) == 0 {
		return nil
	}
	_, err := io.WriteString(e.w, EscapeKeepNewlines(string(e.carry)))
	e.carry = nil
	return err
}
