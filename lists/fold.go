package lists

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldName does the character work of NormalizeName: folding, lower
// case, punctuation, spaces. The result has no leading, trailing or
// double spaces.
//
// A rune outside ASCII is folded with the Unicode compatibility
// decomposition (NFKD, golang.org/x/text/unicode/norm): full-width and
// half-width forms, ligatures, styled (mathematical, circled,
// parenthesised) letters and digits, Roman numerals, super- and
// subscripts become their plain letters and digits, and the combining
// marks the decomposition leaves (accents, cedillas, ogoneks) are
// dropped. Three things the decomposition does not do are done here:
// Cyrillic is transliterated (foldCyrillic), the Latin letters that have
// no decomposition but a plain base are written with it (baseLetters:
// "ø" is "o", "ł" is "l", "æ" is "ae", "ß" is "ss"), and symbols (™, ®,
// °) end a word rather than being spelled out ("Acme™" is "acme", not
// "acmetm"). TestFoldNameAgreesWithXText holds it to a pipeline built
// from x/text alone (width.Fold, norm.NFKD, runes.Remove) over every
// code point. The result is composed (NFC) where the decomposition
// split a letter that has no mark to drop (Hangul syllables).
func foldName(s string) string {
	out, _, _ := foldNameAt(s, -1)
	return out
}

// foldNameAt returns foldName(s) and, when ok, foldName(s[:at]): the
// fold of the beginning of s, read off the fold of s where the reading
// passes byte at. It is not ok when at is not where a rune of s starts
// (or its end), or when a rune outside ASCII is written (composition
// may then join the two parts).
func foldNameAt(s string, at int) (out, prefix string, ok bool) {
	var f nameFolder
	f.b.Grow(len(s))
	f.space = true // no leading space
	mark := -1
	for i := 0; i < len(s); {
		if i == at {
			mark = f.b.Len()
		}
		c := s[i]
		if c < utf8.RuneSelf {
			f.ascii(c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		f.rune(r, s[i:i+n])
		i += n
	}
	if at == len(s) {
		mark = f.b.Len()
	}
	all := f.b.String()
	out = strings.TrimSuffix(all, " ")
	if f.other && !norm.NFC.IsNormalString(out) {
		// Compose what the decomposition split and the marks left whole:
		// Hangul jamo into syllables.
		out = norm.NFC.String(out)
	}
	if mark < 0 || f.other {
		return out, "", false
	}
	return out, strings.TrimSuffix(all[:mark], " "), true
}

// nameFolder accumulates the folded name.
type nameFolder struct {
	b     strings.Builder
	space bool // the last byte written is a space, or nothing is written
	other bool // a rune outside ASCII is written
}

func (f *nameFolder) ascii(c byte) {
	switch {
	case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		f.b.WriteByte(c)
		f.space = false
	case c >= 'A' && c <= 'Z':
		f.b.WriteByte(c + 'a' - 'A')
		f.space = false
	case c == '.' || c == '\'' || c == '`':
	case c == '&':
		f.boundary()
		f.b.WriteString("and ")
		f.space = true
	default:
		f.boundary()
	}
}

func (f *nameFolder) asciiString(s string) {
	for i := 0; i < len(s); i++ {
		f.ascii(s[i])
	}
}

// boundary ends the current word, if any.
func (f *nameFolder) boundary() {
	if !f.space {
		f.b.WriteByte(' ')
		f.space = true
	}
}

// rune folds r, the rune of enc (its UTF-8 encoding), outside ASCII.
func (f *nameFolder) rune(r rune, enc string) {
	if r < foldCacheEnd {
		if c := foldCache[r]; c.ok {
			if c.text != "" {
				f.b.WriteString(c.text)
				f.space = false
			}
			return
		}
	}
	f.slowRune(r, enc)
}

// foldCacheEnd bounds the runes of foldCache: Latin-1 Supplement to
// Cyrillic, where most names outside ASCII are written.
const foldCacheEnd = 0x0500

// foldCache holds, for the runes below foldCacheEnd that slowRune folds
// into ASCII letters and digits (or drops) without ending a word, what it
// writes: the same fold, computed once when the package is initialised,
// so that the common runes skip the decomposition lookups. It is derived
// from slowRune, not written by hand; TestFoldNameAgreesWithXText checks
// foldName, the cache included, against x/text, and BenchmarkNormalizeName
// measures it.
var foldCache = func() (c [foldCacheEnd]struct {
	text string
	ok   bool
}) {
	for r := rune(utf8.RuneSelf); r < foldCacheEnd; r++ {
		var f nameFolder
		f.slowRune(r, string(r))
		out := f.b.String()
		if f.other || strings.ContainsRune(out, ' ') {
			continue
		}
		c[r].text, c[r].ok = out, true
	}
	return c
}()

// slowRune is rune without foldCache.
func (f *nameFolder) slowRune(r rune, enc string) {
	switch {
	case isApostrophe(r) || unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		// Apostrophes, combining marks and invisible format characters
		// (soft hyphen, zero-width joiners, byte order mark) are dropped
		// without ending the word.
		return
	}
	if r == 'ŀ' || r == 'Ŀ' { // Catalan l with middle dot: NFKD "l·"
		f.ascii('l')
		return
	}
	if l := unicode.ToLower(r); l >= 0x0430 && l <= 0x045F {
		// Before the decomposition, which would make "й" an "и".
		f.asciiString(foldCyrillic[l-0x0430])
		return
	}
	d := norm.NFKD.PropertiesString(enc).Decomposition()
	if unicode.IsSymbol(r) {
		// A symbol is a letter only when it decomposes to one ("Ⓐ",
		// "🄰"); "™" (TM), "℃" and "®" end the word.
		if p, n := utf8.DecodeRune(d); n == 0 || n != len(d) || !unicode.IsLetter(p) && !unicode.IsDigit(p) {
			f.boundary()
			return
		}
	}
	if d == nil {
		f.base(r)
		return
	}
	for i := 0; i < len(d); {
		p, n := utf8.DecodeRune(d[i:])
		i += n
		f.base(p)
	}
}

// base folds a rune that has no decomposition (or is one of one).
func (f *nameFolder) base(r rune) {
	if r < utf8.RuneSelf {
		f.ascii(byte(r))
		return
	}
	if isApostrophe(r) || unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		return
	}
	r = unicode.ToLower(r)
	if r >= 0x0430 && r <= 0x045F {
		f.asciiString(foldCyrillic[r-0x0430])
		return
	}
	if r == 'ς' { // Greek final sigma
		r = 'σ'
	}
	if s, ok := baseLetters[r]; ok {
		f.asciiString(s)
		return
	}
	if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r) {
		f.b.WriteRune(r)
		f.space, f.other = false, true
		return
	}
	f.boundary()
}

// isApostrophe reports whether r is one of the apostrophes and primes
// that names are written with ("Xi'an", "Ob’edinennaya", "ʿAbd"); they are
// dropped, like the ASCII apostrophe.
func isApostrophe(r rune) bool {
	switch r {
	case 0x00B4, 0x2018, 0x2019, 0x201B, 0x2032, 0x02B9, 0x02BB, 0x02BC, 0x02BD, 0x02BE, 0x02BF:
		return true
	}
	return false
}

// baseLetters are the lower-case letters that have no Unicode
// decomposition but are written in English with plain Latin letters: the
// Latin letters with a stroke, hook or bar, the ligatures and the
// Icelandic, Azerbaijani (schwa, as "a") and Turkish (dotless i) letters,
// and the Cyrillic letters of Kazakh, Tajik, Uzbek and Tatar.
var baseLetters = map[rune]string{
	'æ': "ae", 'œ': "oe", 'ß': "ss", 'þ': "th", 'ð': "d", 'ø': "o", 'đ': "d", 'ħ': "h",
	'ı': "i", 'ł': "l", 'ŋ': "n", 'ŧ': "t", 'ĸ': "k", 'ƀ': "b", 'ɓ': "b", 'ƃ': "b", 'ƈ': "c",
	'ɔ': "o", 'ɖ': "d", 'ɗ': "d", 'ƌ': "d", 'ə': "a", 'ǝ': "e", 'ɛ': "e", 'ƒ': "f", 'ɠ': "g",
	'ǥ': "g", 'ɨ': "i", 'ɩ': "i", 'ƙ': "k", 'ƚ': "l", 'ɲ': "n", 'ƞ': "n", 'ɵ': "o", 'ƥ': "p",
	'ʠ': "q", 'ɍ': "r", 'ʂ': "s", 'ƫ': "t", 'ƭ': "t", 'ʈ': "t", 'ʉ': "u", 'ʋ': "v", 'ƴ': "y",
	'ɏ': "y", 'ƶ': "z", 'ȥ': "z", 'ʐ': "z", 'ʑ': "z", 'ɉ': "j", 'ȼ': "c", 'ɇ': "e", 'ⱥ': "a",
	'ⱦ': "t", 'ɐ': "a", 'ɑ': "a", 'ɒ': "o", 'ɡ': "g", 'ɋ': "q", 'ȿ': "s", 'ɀ': "z", 'ȡ': "d", 'ȴ': "l", 'ȵ': "n", 'ȶ': "t", 'ȷ': "j", 'ɂ': "q",
	'ǆ': "dz", 'ǉ': "lj", 'ǌ': "nj", 'ǳ': "dz", 'ǣ': "ae", 'ǽ': "ae", 'ȣ': "ou", 'ƣ': "oi",
	'ґ': "g", 'ә': "a", 'ғ': "g", 'қ': "k", 'ң': "n", 'ө': "o", 'ұ': "u", 'ү': "u", 'һ': "h",
	'ҳ': "kh", 'ҷ': "j",
}

// foldCyrillic transliterates U+0430..U+045F (Russian, Ukrainian,
// Belarusian, Serbian and Macedonian lower-case letters) the way OFAC
// writes Russian names. It is the BGN/PCGN romanization of Russian (US
// Board on Geographic Names and the UK Permanent Committee on
// Geographical Names, 1947) without its diacritics and separators: "kh",
// "ts", "shch", "yu", "ya", е and ё as "e", й and ы as "y", hard and soft
// signs dropped; the Ukrainian and Belarusian letters as BGN/PCGN's
// Ukrainian system writes them (є "ye", і "i", ї "yi", ў "u"); the Serbian
// and Macedonian ones as their Latin alphabets do (ђ "dj", ј "j", љ "lj",
// њ "nj", ћ "c", џ "dz"; ѓ "gj", ѕ "dz", ќ "kj"). x/text has no
// transliteration.
var foldCyrillic = [0x30]string{
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", // а..п
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", // р..я
	"e", "e", "dj", "gj", "ye", "dz", "i", "yi", "j", "lj", "nj", "c", "kj", "i", "u", "dz", // ѐ..џ
}
