package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/investscreen/investscreen/internal/printable"
)

// WriteJSON writes v, a *compliance.Report or *compliance.OrderReport,
// as the JSON of encoding/json (keys as the types tag them), indented by
// two spaces, with a final newline. The JSON decodes to the same values
// as encoding/json's: only its spelling differs, in that every character
// the package's escaping would escape is written as a \u escape (C1
// controls, DEL, bidirectional and other format characters), so that
// printing the JSON on a terminal is safe too; encoding/json escapes C0
// controls itself.
func WriteJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeJSON(buf.Bytes()))
	return err
}

// escapeJSON rewrites each character of valid JSON text b that
// printable.Unsafe reports as a \u escape (a surrogate pair beyond the
// BMP). In JSON text such characters can only be inside strings, where
// the escape means the same character. It returns b when there is none.
func escapeJSON(b []byte) []byte {
	var out []byte
	last := 0
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf && c != 0x7f {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if c != 0x7f && (r == utf8.RuneError && n == 1 || !printable.Unsafe(r)) {
			i += n
			continue
		}
		out = append(out, b[last:i]...)
		if r > 0xffff {
			r1, r2 := utf16.EncodeRune(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, r1, r2)
		} else {
			out = fmt.Appendf(out, `\u%04x`, r)
		}
		i += n
		last = i
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// indentJSON appends to dst the valid, compact JSON text src (as
// json.Marshal writes it) indented as json.Indent would: each element
// and key on its own line, after prefix and one indent per level, empty
// objects and arrays as {} and [], ": " after each key. It is json.Indent
// without its scanner, for the streamed report's many findings: it
// follows strings and their escapes and nothing else, and so must not be
// given text json.Marshal did not write.
func indentJSON(dst, src []byte, prefix, indent string) []byte {
	depth := 0
	open := false // after { or [: the newline waits for what follows
	newline := func() {
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		for i := 0; i < depth; i++ {
			dst = append(dst, indent...)
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			open = false
			depth++
			newline()
		}
		switch c {
		case '"':
			// The string, to its closing quote, as it is.
			j := i + 1
			for j < len(src) {
				k := bytes.IndexAny(src[j:], `"\`)
				if k < 0 {
					j = len(src)
					break
				}
				j += k
				if src[j] == '\\' {
					j += 2
					continue
				}
				break
			}
			end := min(j+1, len(src))
			dst = append(dst, src[i:end]...)
			i = end - 1
		case '{', '[':
			open = true
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			if open {
				open = false
			} else {
				depth--
				newline()
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
