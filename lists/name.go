package lists

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// NormalizeName returns the form of a company or person name that names
// are compared in:
//
//   - compatibility forms folded: full-width and styled letters and
//     digits made ordinary, ligatures spelled out ("ﬁ" is "fi", "Æ" is
//     "ae", "ß" is "ss"), circled and parenthesised digits and letters,
//     Roman numerals and super- and subscript digits made plain;
//   - diacritics removed across Latin-1 Supplement, Latin Extended-A and
//     -B and Latin Extended Additional ("é" is "e", "ø" is "o", "ł" is
//     "l", "ə" is "a"), and combining marks dropped; Greek loses its
//     accents; Cyrillic is transliterated to Latin letters the way OFAC
//     spells Russian names ("Газпром" is "gazprom", "щ" is "shch");
//   - lower case; periods, apostrophes and invisible format characters
//     (soft hyphens, zero-width joiners) dropped ("S.A." is "sa"), "&"
//     read as "and", any other punctuation a space; single spaces;
//   - legal forms dropped from the end, repeatedly: Ltd, Limited, Inc,
//     Corp, Co, Company, PLC, LLC, S.A., S.A. de C.V., AG, GmbH, N.V.,
//     B.V., S.p.A., S.r.l., SARL, SAS, A/S, AB, Oy, K.K., Kabushiki
//     Kaisha, Pte Ltd, Pty Ltd, Sdn Bhd, Tbk, JSC, PJSC, OAO, ZAO, OOO,
//     AO, ООО, ПАО, АО, FZE, 有限公司, 股份有限公司, 有限责任公司,
//     株式会社 and the like ("集团有限公司" keeps "集团");
//   - the legal forms that Russian and CIS names put first dropped from
//     the start: JSC, OJSC, PJSC, CJSC, OAO, ZAO, PAO, OOO, LLC, Joint
//     Stock Company, Limited Liability Company, Aktsionernoe Obshchestvo
//     and the like; also PT (Indonesia) and 株式会社.
//
// So "SenseTime Group Inc." and "SENSETIME GROUP LIMITED" are both
// "sensetime group", and "PUBLIC JOINT STOCK COMPANY GAZPROM NEFT" and
// "ПАО «Газпром нефть»" are both "gazprom neft". Words that tell
// companies apart (Group, Holdings, Bank, International) are kept, as is
// a legal form inside a name ("AERO ENGINE CORPORATION OF CHINA"). A name
// made only of legal-form words keeps its last word. NormalizeName is
// idempotent and a pure function, safe for concurrent use.
func NormalizeName(s string) string {
	return trimLegalForms(foldName(s))
}

// foldName does the character work of NormalizeName: folding, lower
// case, punctuation, spaces. The result has no leading, trailing or
// double spaces.
func foldName(s string) string {
	var f nameFolder
	f.b.Grow(len(s))
	f.space = true // no leading space
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			f.ascii(c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		f.rune(r)
	}
	return strings.TrimSuffix(f.b.String(), " ")
}

// nameFolder accumulates the folded name.
type nameFolder struct {
	b     strings.Builder
	space bool // the last byte written is a space, or nothing is written
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

// boundary ends the current word, if any.
func (f *nameFolder) boundary() {
	if !f.space {
		f.b.WriteByte(' ')
		f.space = true
	}
}

func (f *nameFolder) rune(r rune) {
	if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
		f.ascii(byte(r - 0xFEE0))
		return
	}
	if isApostrophe(r) {
		return
	}
	r = unicode.ToLower(r)
	if s, ok := expandRune(r); ok {
		for i := 0; i < len(s); i++ {
			f.ascii(s[i])
		}
		return
	}
	if c := foldLatin(r); c != 0 {
		f.ascii(c)
		return
	}
	if g, ok := greekTonos[r]; ok {
		r = g
	}
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		// Combining marks and invisible format characters (soft hyphen,
		// zero-width joiners, byte order mark) are dropped without
		// ending the word.
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r):
		f.b.WriteRune(r)
		f.space = false
	default:
		f.boundary()
	}
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

// latinFold maps U+00C0..U+02AF (Latin-1 Supplement, Latin Extended-A
// and -B, IPA Extensions) to the ASCII letter a lower-case rune is written
// with once its diacritics are removed; '.' marks a rune not folded this
// way (a sign, a letter with no Latin base, or one spelled with more than
// one letter, which foldExpansions holds). The table was derived from the
// Unicode compatibility decompositions (NFKD, combining marks dropped),
// with the letters that have no decomposition but an obvious base added
// by hand: ð ø đ ħ ı ł ŋ ŧ ƀ ɓ ɔ ɖ ə ɛ ƒ ɨ ƚ ɲ ʉ and the like. Schwa (ə,
// Azerbaijani) is "a", as Azerbaijani names are written in English.
const latinFold = "" +
	"aaaaaa.ceeeeiiiidnooooo.ouuuuy..aaaaaa.ceeeeiiiidnooooo.ouuuuy.y" + // U+00C0
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkkklllllll" + // U+0100
	"lllnnnnnn.nnoooooo..rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs" + // U+0140
	"bbbb..occdddd.eaeffg...ikkl..nnooo..pp.....ttttuu.vyyzz........." + // U+0180
	".............aaiioouuuuuuuuuueaaaa..ggggkkoooo..j...gg..nnaa..oo" + // U+01C0
	"aaaaeeeeiiiioooorrrruuuusstt..hhnd..zzaaeeooooooooyylntj...ccl.s" + // U+0200
	"z..bu.eejjqqrryyaaabo.dd.a.e....gg......i.........n..o.........." + // U+0240
	"........tu.v...................................." //  U+0280

// latinFoldX maps U+1E00..U+1EFF (Latin Extended Additional: Vietnamese,
// Welsh, transliterations with dots below) as latinFold does.
const latinFoldX = "" +
	"aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmm" + // U+1E00
	"mmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvv" + // U+1E40
	"wwwwwwwwwwxxxxyyzzzzzzhtwyas....aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeee" + // U+1E80
	"eeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......" //  U+1EC0

// foldLatin returns the ASCII letter that the lower-case rune r is
// written with without its diacritics, or 0.
func foldLatin(r rune) byte {
	var c byte
	switch {
	case r >= 0xC0 && r < 0xC0+rune(len(latinFold)):
		c = latinFold[r-0xC0]
	case r >= 0x1E00 && r <= 0x1EFF:
		c = latinFoldX[r-0x1E00]
	default:
		return 0
	}
	if c == '.' {
		return 0
	}
	return c
}

// greekTonos maps accented Greek letters (lower case) to their plain
// letters, and final sigma to sigma.
var greekTonos = map[rune]rune{
	'ά': 'α', 'έ': 'ε', 'ή': 'η', 'ί': 'ι', 'ό': 'ο', 'ύ': 'υ', 'ώ': 'ω',
	'ϊ': 'ι', 'ϋ': 'υ', 'ΐ': 'ι', 'ΰ': 'υ', 'ς': 'σ',
}

// expandRune returns the ASCII spelling of the lower-case rune r where it
// is not one letter: ligatures, compatibility forms, Cyrillic.
func expandRune(r rune) (string, bool) {
	if r >= 0x0430 && r <= 0x045F {
		return foldCyrillic[r-0x0430], true
	}
	switch {
	case r >= 0x2460 && r <= 0x2473: // ① .. ⑳
		return foldNumber(int(r - 0x2460 + 1)), true
	case r >= 0x2474 && r <= 0x2487: // ⑴ .. ⒇
		return foldNumber(int(r - 0x2474 + 1)), true
	case r >= 0x2488 && r <= 0x249B: // ⒈ .. ⒛
		return foldNumber(int(r - 0x2488 + 1)), true
	case r >= 0x249C && r <= 0x24B5: // ⒜ .. ⒵
		return foldLetters[r-0x249C : r-0x249C+1], true
	case r >= 0x24B6 && r <= 0x24CF: // Ⓐ .. Ⓩ
		return foldLetters[r-0x24B6 : r-0x24B6+1], true
	case r >= 0x24D0 && r <= 0x24E9: // ⓐ .. ⓩ
		return foldLetters[r-0x24D0 : r-0x24D0+1], true
	case r == 0x2070 || r >= 0x2074 && r <= 0x2079 || r >= 0x2080 && r <= 0x2089: // ⁰ .. ₉
		d := (r - 0x2070) % 16
		return foldDigits[d : d+1], true
	case r >= 0x2160 && r <= 0x217F: // Ⅰ .. ⅿ
		return foldRoman[(r-0x2160)%16], true
	case r >= 0x1D400 && r <= 0x1D6A3: // mathematical alphanumeric letters
		i := (r - 0x1D400) % 52
		return foldLetters[i%26 : i%26+1], true
	case r >= 0x1D7CE && r <= 0x1D7FF: // mathematical digits
		d := (r - 0x1D7CE) % 10
		return foldDigits[d : d+1], true
	case r >= 0x2090 && r <= 0x209C: // ₐ .. ₜ
		i := r - 0x2090
		return foldSubscripts[i : i+1], true
	case r >= 0x1F110 && r <= 0x1F129: // 🄐 .. 🄩
		return foldLetters[r-0x1F110 : r-0x1F110+1], true
	case r >= 0x1F130 && r <= 0x1F149: // 🄰 .. 🅉
		return foldLetters[r-0x1F130 : r-0x1F130+1], true
	case r >= 0x1F150 && r <= 0x1F169: // 🅐 .. 🅩
		return foldLetters[r-0x1F150 : r-0x1F150+1], true
	case r >= 0x1F170 && r <= 0x1F189: // 🅰 .. 🆉
		return foldLetters[r-0x1F170 : r-0x1F170+1], true
	}
	s, ok := foldExpansions[r]
	return s, ok
}

const (
	foldLetters    = "abcdefghijklmnopqrstuvwxyz"
	foldSubscripts = "aeoxahklmnpst" // U+2090..U+209C; ₔ is schwa
	foldDigits     = "0123456789"
)

func foldNumber(n int) string {
	if n < 10 {
		return foldDigits[n : n+1]
	}
	return foldDigits[n/10:n/10+1] + foldDigits[n%10:n%10+1]
}

var foldRoman = [16]string{"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "l", "c", "d", "m"}

// foldCyrillic transliterates U+0430..U+045F (Russian, Ukrainian,
// Belarusian, Serbian and Macedonian lower-case letters) the way OFAC
// writes Russian names (BGN/PCGN without diacritics: "kh", "ts", "shch",
// hard and soft signs dropped).
var foldCyrillic = [0x30]string{
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", // а..п
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", // р..я
	"e", "e", "dj", "gj", "ye", "dz", "i", "yi", "j", "lj", "nj", "c", "kj", "i", "u", "dz", // ѐ..џ
}

// foldExpansions are the other runes spelled with ASCII letters or digits, or
// (empty) dropped. Keys are lower case.
var foldExpansions = map[rune]string{
	'æ': "ae", 'œ': "oe", 'ß': "ss", 'þ': "th", 'ĳ': "ij", 'ŉ': "n",
	'ǆ': "dz", 'ǅ': "dz", 'ǉ': "lj", 'ǈ': "lj", 'ǌ': "nj", 'ǋ': "nj", 'ǳ': "dz", 'ǲ': "dz",
	'ǣ': "ae", 'ǽ': "ae", 'ⱥ': "a", 'ⱦ': "t",
	'ﬀ': "ff", 'ﬁ': "fi", 'ﬂ': "fl", 'ﬃ': "ffi", 'ﬄ': "ffl", 'ﬅ': "st", 'ﬆ': "st",
	'ª': "a", 'º': "o", '¹': "1", '²': "2", '³': "3", 'ⁱ': "i", 'ⁿ': "n",
	'№': "no", 'ℓ': "l", '℮': "e", '⓪': "0", 'ℨ': "z",
	'ʰ': "h", 'ʲ': "j", 'ʳ': "r", 'ʷ': "w", 'ʸ': "y", 'ˡ': "l", 'ˢ': "s", 'ˣ': "x",
	'ℂ': "c", 'ℊ': "g", 'ℋ': "h", 'ℌ': "h", 'ℍ': "h", 'ℎ': "h", 'ℐ': "i", 'ℑ': "i",
	'ℒ': "l", 'ℕ': "n", 'ℙ': "p", 'ℚ': "q", 'ℛ': "r", 'ℜ': "r", 'ℝ': "r", 'ℤ': "z",
	'ℬ': "b", 'ℭ': "c", 'ℯ': "e", 'ℰ': "e", 'ℱ': "f", 'ℳ': "m", 'ℴ': "o", 'ℹ': "i",
	'ⅅ': "d", 'ⅆ': "d", 'ⅇ': "e", 'ⅈ': "i", 'ⅉ': "j",
	'﹠': "&", 'ґ': "g",
	// Cyrillic letters of other languages (Kazakh, Tajik, Uzbek, Tatar).
	'ә': "a", 'ғ': "g", 'қ': "k", 'ң': "n", 'ө': "o", 'ұ': "u", 'ү': "u", 'һ': "h", 'ҳ': "kh", 'ҷ': "j", 'ӣ': "i", 'ӯ': "u",
}

// legalForms are the words of company legal forms that NormalizeName drops
// from the end of a name. Words that tell companies apart, such as Group
// or Holdings, are not among them.
var legalForms = map[string]bool{
	"limited": true, "ltd": true, "inc": true, "incorporated": true, "corp": true, "corporation": true,
	"co": true, "company": true, "plc": true, "llc": true, "lp": true, "llp": true, "pllc": true,
	"sa": true, "ag": true, "gmbh": true, "nv": true, "bv": true, "spa": true, "se": true, "kg": true, "kgaa": true,
	"ab": true, "publ": true, "asa": true, "as": true, "aps": true, "oy": true, "oyj": true, "kk": true,
	"jsc": true, "pjsc": true, "ojsc": true, "cjsc": true, "oao": true, "zao": true, "pao": true, "ooo": true, "ao": true, "nao": true,
	"sarl": true, "srl": true, "sas": true, "sprl": true, "bvba": true, "sl": true, "slu": true, "cv": true, "sab": true,
	"pte": true, "pty": true, "pvt": true, "pcl": true, "bhd": true, "berhad": true, "sdn": true, "tbk": true, "ltda": true, "limitada": true,
	"kft": true, "zrt": true, "nyrt": true, "sro": true, "doo": true, "dd": true,
	"psc": true, "qsc": true, "qpsc": true, "bsc": true, "ksc": true, "kscp": true, "saog": true, "saoc": true, "sal": true, "sae": true,
	"fze": true, "fzco": true, "fzc": true, "fzllc": true, "fz": true, "dmcc": true,
}

// leadingForms are the legal-form words that NormalizeName drops from
// the start of a name: those Russian and CIS names (and Indonesian ones)
// put first. "AO" is not among them: "A.O. Smith" is not "Smith".
var leadingForms = map[string]bool{
	"jsc": true, "pjsc": true, "ojsc": true, "cjsc": true, "oao": true, "zao": true, "pao": true, "ooo": true, "llc": true, "pt": true,
}

// multiForms are legal forms of more than one word, in normalised
// spelling. lead marks those also dropped from the start of a name.
var multiForms = []struct {
	words []string
	lead  bool
}{
	{strings.Fields("sa de cv"), false},
	{strings.Fields("sab de cv"), false},
	{strings.Fields("sapi de cv"), false},
	{strings.Fields("s de rl"), false},
	{strings.Fields("s de rl de cv"), false},
	{strings.Fields("s a de c v"), false},
	{strings.Fields("s a"), false},
	{strings.Fields("a s"), false},
	{strings.Fields("s p a"), false},
	{strings.Fields("s r l"), false},
	{strings.Fields("k k"), false},
	{strings.Fields("and co"), false},
	{strings.Fields("and company"), false},
	{strings.Fields("sp z oo"), false},
	{strings.Fields("kabushiki kaisha"), true},
	{strings.Fields("yugen kaisha"), false},
	{strings.Fields("godo kaisha"), false},
	{strings.Fields("public limited company"), false},
	{strings.Fields("public company limited"), false},
	{strings.Fields("public company"), false},
	{strings.Fields("private limited"), false},
	{strings.Fields("limited partnership"), false},
	{strings.Fields("limited liability partnership"), false},
	{strings.Fields("limited liability company"), true},
	{strings.Fields("joint stock company"), true},
	{strings.Fields("public joint stock company"), true},
	{strings.Fields("open joint stock company"), true},
	{strings.Fields("closed joint stock company"), true},
	{strings.Fields("joint stock co"), true},
	{strings.Fields("public joint stock co"), true},
	{strings.Fields("open joint stock co"), true},
	{strings.Fields("closed joint stock co"), true},
	{strings.Fields("limited liability co"), true},
	{strings.Fields("aktsionernoe obshchestvo"), true},
	{strings.Fields("otkrytoe aktsionernoe obshchestvo"), true},
	{strings.Fields("zakrytoe aktsionernoe obshchestvo"), true},
	{strings.Fields("publichnoe aktsionernoe obshchestvo"), true},
	{strings.Fields("nepublichnoe aktsionernoe obshchestvo"), true},
	{strings.Fields("obshchestvo s ogranichennoi otvetstvennostyu"), true},
	{strings.Fields("obshchestvo s ogranichennoy otvetstvennostyu"), true},
	{strings.Fields("obschestvo s ogranichennoi otvetstvennostyu"), true},
	{strings.Fields("tovarystvo z obmezhenoyu vidpovidalnistyu"), true},
	{strings.Fields("aktiengesellschaft"), false},
	{strings.Fields("gesellschaft mit beschrankter haftung"), false},
	{strings.Fields("societe anonyme"), false},
	{strings.Fields("societe a responsabilite limitee"), false},
	{strings.Fields("societe par actions simplifiee"), false},
	{strings.Fields("sociedad anonima"), false},
	{strings.Fields("sociedad anonima de capital variable"), false},
	{strings.Fields("sociedad limitada"), false},
	{strings.Fields("sociedade anonima"), false},
	{strings.Fields("societa per azioni"), false},
	{strings.Fields("societa a responsabilita limitata"), false},
	{strings.Fields("naamloze vennootschap"), false},
	{strings.Fields("besloten vennootschap"), false},
	{strings.Fields("spolka akcyjna"), false},
	{strings.Fields("anonim sirketi"), false},
}

// cjkForms are Chinese, Japanese and Korean legal forms, written without
// spaces: dropped from the end of the last word, longer forms first.
// "集团有限公司" loses "有限公司" and keeps "集团" (Group).
var cjkForms = []string{
	"股份有限公司", "有限责任公司", "有限責任公司", "股份公司", "有限公司", "公司",
	"株式会社", "有限会社", "合同会社", "주식회사", "유한회사",
}

// cjkLeadingForms are dropped from the start of the first word.
var cjkLeadingForms = []string{"株式会社", "주식회사"}

// formsByLast and formsByFirst index multiForms by their last word and,
// for the leading forms, their first word.
var formsByLast, formsByFirst = func() (map[string][][]string, map[string][][]string) {
	last, first := map[string][][]string{}, map[string][][]string{}
	for _, f := range multiForms {
		w := f.words
		last[w[len(w)-1]] = append(last[w[len(w)-1]], w)
		if f.lead {
			first[w[0]] = append(first[w[0]], w)
		}
	}
	return last, first
}()

// nameSpan is a word of a folded name: s[start:end].
type nameSpan struct{ start, end int }

// trimLegalForms drops legal forms from the end and, for the leading
// forms, from the start of the folded name s, repeatedly, never dropping
// the last word. The result is a substring of s.
func trimLegalForms(s string) string {
	if s == "" {
		return s
	}
	var buf [32]nameSpan
	w := buf[:0]
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			w = append(w, nameSpan{start, i})
			start = i + 1
		}
	}
	word := func(i int) string { return s[w[i].start:w[i].end] }
	lo, hi := 0, len(w)
	for {
		changed := false
		// From the end: the longest form that leaves a word.
		if n := formAtEnd(w[lo:hi], word, lo); n > 0 {
			hi -= n
			changed = true
		} else if f := cjkSuffix(word(hi - 1)); f != "" {
			if len(word(hi-1)) > len(f) {
				w[hi-1].end -= len(f)
				changed = true
			} else if hi-lo > 1 {
				hi--
				changed = true
			}
		}
		// From the start.
		if hi-lo > 1 {
			if n := formAtStart(w[lo:hi], word, lo); n > 0 {
				lo += n
				changed = true
			}
		}
		if f := cjkPrefix(word(lo)); f != "" && len(word(lo)) > len(f) {
			w[lo].start += len(f)
			changed = true
		}
		if !changed {
			return s[w[lo].start:w[hi-1].end]
		}
	}
}

// formAtEnd returns the number of words of the longest legal form that
// ends ws and leaves at least one word, or 0. word(off+i) is ws[i]'s text.
func formAtEnd(ws []nameSpan, word func(int) string, off int) int {
	n := len(ws)
	if n < 2 {
		return 0
	}
	best := 0
	last := word(off + n - 1)
	for _, f := range formsByLast[last] {
		if len(f) < n && len(f) > best && wordsMatch(f, word, off+n-len(f)) {
			best = len(f)
		}
	}
	if best == 0 && legalForms[last] {
		best = 1
	}
	return best
}

// formAtStart is formAtEnd for the leading forms.
func formAtStart(ws []nameSpan, word func(int) string, off int) int {
	n := len(ws)
	best := 0
	first := word(off)
	for _, f := range formsByFirst[first] {
		if len(f) < n && len(f) > best && wordsMatch(f, word, off) {
			best = len(f)
		}
	}
	if best == 0 && leadingForms[first] {
		best = 1
	}
	return best
}

func wordsMatch(f []string, word func(int) string, at int) bool {
	for i, x := range f {
		if word(at+i) != x {
			return false
		}
	}
	return true
}

func cjkSuffix(w string) string {
	if w == "" || w[len(w)-1] < utf8.RuneSelf {
		return ""
	}
	for _, f := range cjkForms {
		if strings.HasSuffix(w, f) {
			return f
		}
	}
	return ""
}

func cjkPrefix(w string) string {
	if w == "" || w[0] < utf8.RuneSelf {
		return ""
	}
	for _, f := range cjkLeadingForms {
		if strings.HasPrefix(w, f) {
			return f
		}
	}
	return ""
}
