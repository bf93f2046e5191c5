package lists

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// xtextFold is the reference for foldName built from golang.org/x/text
// alone: width folded, the compatibility decomposition, combining marks
// and format characters removed, lower case; then the word rules (ASCII
// punctuation, "&" as "and", other non-letters a space), composed
// (NFC: Hangul syllables, which the decomposition splits into jamo).
func xtextFold(s string) string {
	t := transform.Chain(width.Fold, norm.NFKD,
		runes.Remove(runes.In(unicode.Mn)), runes.Remove(runes.In(unicode.Me)), runes.Remove(runes.In(unicode.Cf)),
		runes.Map(unicode.ToLower))
	d, _, err := transform.String(t, s)
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	for _, r := range d {
		switch {
		case isApostrophe(r):
		case r == '.' || r == '\'' || r == '`':
		case r == '&':
			b.WriteString(" and ")
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			b.WriteRune(r)
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r)):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	return norm.NFC.String(strings.Join(strings.Fields(b.String()), " "))
}

// foldException reports the runes foldName folds otherwise than the
// x/text pipeline, on purpose, and why.
func foldException(r rune) string {
	l := unicode.ToLower(r)
	if d := norm.NFKD.String(string(r)); d != string(r) {
		for _, p := range d {
			if p != r && foldException(p) != "" {
				return "decomposes to a rune folded otherwise: " + foldException(p)
			}
		}
	}
	switch {
	case l >= 0x0430 && l <= 0x045F:
		return "Cyrillic is transliterated (foldCyrillic)"
	case isApostrophe(r):
		return "apostrophes are dropped without ending the word"
	case baseLetters[l] != "":
		return "a letter with no decomposition written with its base (baseLetters)"
	case l == 'ς':
		return "final sigma is sigma"
	case r == 'ŀ' || r == 'Ŀ':
		return "Catalan l with middle dot"
	case unicode.IsSymbol(r):
		d := norm.NFKD.String(string(r))
		if p, n := utf8.DecodeRuneInString(d); n != len(d) || !unicode.IsLetter(p) && !unicode.IsDigit(p) {
			return "a symbol that is not one letter ends the word (™ is not tm)"
		}
	}
	return ""
}

// assigned are the categories of the code points checked: every
// assigned one but private use and surrogates.
var assigned = []*unicode.RangeTable{unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Zs, unicode.Zl, unicode.Zp, unicode.Cc, unicode.Cf}

// TestFoldNameAgreesWithXText checks foldName against the x/text
// pipeline on every assigned code point outside ASCII, in a word ("x" r
// "y"); the exceptions are listed by foldException.
func TestFoldNameAgreesWithXText(t *testing.T) {
	checked, excepted, bad := 0, 0, 0
	for r := rune(0x80); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) || !unicode.In(r, assigned...) {
			continue
		}
		if foldException(r) != "" {
			excepted++
			continue
		}
		checked++
		for _, s := range []string{"x" + string(r) + "y"} {
			if got, want := foldName(s), xtextFold(s); got != want {
				bad++
				if bad <= 20 {
					t.Errorf("%U %q: foldName %q, x/text %q", r, s, got, want)
				}
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d code points fold otherwise than x/text", bad)
	}
	t.Logf("%d code points agree with x/text, %d folded otherwise on purpose", checked, excepted)
}

// BenchmarkFoldRune folds every rune below foldCacheEnd, through the
// cache (rune) and through the decomposition (slowRune): what the cache
// saves.
func BenchmarkFoldRune(b *testing.B) {
	var rs []rune
	for r := rune(utf8.RuneSelf); r < foldCacheEnd; r++ {
		if unicode.In(r, assigned...) {
			rs = append(rs, r)
		}
	}
	for _, bc := range []struct {
		name string
		fold func(f *nameFolder, r rune, enc string)
	}{{"cached", (*nameFolder).rune}, {"decomposed", (*nameFolder).slowRune}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var f nameFolder
			for i := 0; i < b.N; i++ {
				r := rs[i%len(rs)]
				if f.b.Len() > 1<<12 {
					f.b.Reset()
				}
				bc.fold(&f, r, string(r))
			}
		})
	}
}

// TestFoldNameAt: the fold of the beginning of a name read off the fold
// of the whole is the fold of the beginning, at every byte where it is
// ok, which is every byte of an ASCII name.
func TestFoldNameAt(t *testing.T) {
	for _, s := range append(designatorInputs(t), "Société Générale -A", "ПАО «Газпром»-H", "Acme™ Co-W", "\xe2\x80-W", "a\u200db-A", "가나 -A") {
		checkFoldNameAt(t, s)
	}
}

func checkFoldNameAt(t *testing.T, s string) {
	t.Helper()
	step := 1 + len(s)/128 // every byte of a name, some of a long input
	for at := 0; at <= len(s); at += step {
		out, prefix, ok := foldNameAt(s, at)
		if out != foldName(s) {
			t.Fatalf("foldNameAt(%q, %d) = %q, foldName %q", s, at, out, foldName(s))
		}
		if ok && prefix != foldName(s[:at]) {
			t.Fatalf("foldNameAt(%q, %d): prefix %q, foldName(%q) = %q", s, at, prefix, s[:at], foldName(s[:at]))
		}
		if !ok && isASCIIString(s) {
			t.Fatalf("foldNameAt(%q, %d) not ok for an ASCII name", s, at)
		}
	}
}

func isASCIIString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// FuzzFoldNameAt: TestFoldNameAt on any input.
func FuzzFoldNameAt(f *testing.F) {
	for _, s := range []string{"CNOOC Ltd - H Shares", "Société-A", "\xe2\x80-W", "가나 -A"} {
		f.Add(s)
	}
	f.Fuzz(checkFoldNameAt)
}
