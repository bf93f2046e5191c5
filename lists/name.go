package lists

import (
	"strings"
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

// formWord is what legalSpan needs to know of a word: whether it is a
// legal form by itself (legalForms) or at the start (leadingForms), and
// the multi-word forms (multiForms) it ends or, for the leading ones,
// begins.
type formWord struct {
	form, leading bool
	last, first   [][]string
}

// formWords indexes legalForms, leadingForms and multiForms by word:
// one lookup per word that legalSpan reads.
var formWords = func() map[string]*formWord {
	m := map[string]*formWord{}
	get := func(w string) *formWord {
		if m[w] == nil {
			m[w] = &formWord{}
		}
		return m[w]
	}
	for w := range legalForms {
		get(w).form = true
	}
	for w := range leadingForms {
		get(w).leading = true
	}
	for _, f := range multiForms {
		w := f.words
		last := get(w[len(w)-1])
		last.last = append(last.last, w)
		if f.lead {
			first := get(w[0])
			first.first = append(first.first, w)
		}
	}
	return m
}()

// nameSpan is a word of a folded name: s[start:end].
type nameSpan struct{ start, end int }

// trimLegalForms drops legal forms from the end and, for the leading
// forms, from the start of the folded name s, repeatedly, never dropping
// the last word. The result is a substring of s.
func trimLegalForms(s string) string {
	a, b := legalSpan(s)
	return s[a:b]
}

// legalSpan returns the span of the folded name s that trimLegalForms
// keeps: s[a:b].
func legalSpan(s string) (a, b int) {
	if s == "" {
		return 0, 0
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
			return w[lo].start, w[hi-1].end
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
	fw := formWords[word(off+n-1)]
	if fw == nil {
		return 0
	}
	best := 0
	for _, f := range fw.last {
		if len(f) < n && len(f) > best && wordsMatch(f, word, off+n-len(f)) {
			best = len(f)
		}
	}
	if best == 0 && fw.form {
		best = 1
	}
	return best
}

// formAtStart is formAtEnd for the leading forms.
func formAtStart(ws []nameSpan, word func(int) string, off int) int {
	n := len(ws)
	fw := formWords[word(off)]
	if fw == nil {
		return 0
	}
	best := 0
	for _, f := range fw.first {
		if len(f) < n && len(f) > best && wordsMatch(f, word, off) {
			best = len(f)
		}
	}
	if best == 0 && fw.leading {
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

// legalWords returns the legal-form words that NormalizeName drops from
// the folded name s, in canonical spelling ("ltd" is "limited", "corp"
// "corporation", "co" "company", "inc" "incorporated"), joined by spaces:
// what tells "CNOOC LTD" from "CNOOC" once both are "cnooc".
func legalWords(s string) string {
	a, b := legalSpan(s)
	return legalWordsOf(s, a, b)
}

// legalWordsOf is legalWords for the span a, b of s that legalSpan
// returns.
func legalWordsOf(s string, a, b int) string {
	if a == 0 && b == len(s) {
		return ""
	}
	var out strings.Builder
	for _, part := range [2]string{s[:a], s[b:]} {
		for len(part) > 0 {
			i := strings.IndexByte(part, ' ')
			w := part
			if i >= 0 {
				w, part = part[:i], part[i+1:]
			} else {
				part = ""
			}
			if w == "" {
				continue
			}
			if c, ok := canonicalForms[w]; ok {
				w = c
			}
			if out.Len() > 0 {
				out.WriteByte(' ')
			}
			out.WriteString(w)
		}
	}
	return out.String()
}

// canonicalForms are the spellings of legal-form words that legalWords
// reads alike.
var canonicalForms = map[string]string{
	"ltd": "limited", "corp": "corporation", "co": "company", "inc": "incorporated",
	"ltda": "limitada", "bhd": "berhad",
}
