package lists

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Designators are the share-class and instrument words that terminals,
// exchanges and fund holdings files write after an issuer's name: they
// say which security of the issuer is meant, not which issuer. They are
// matched in upper case, periods dropped, words separated by single
// spaces.
//
//   - hyphenSuffixes follow a hyphen: HKEX's "-W" (weighted voting
//     rights), "-SW" (secondary listing with them), "-S", "-B" (Chapter
//     18A biotech), "-P", "-R" (renminbi counter), "-U" (US dollar
//     counter); the share classes of terminals' display names "-A",
//     "-H", "-N", "-X"; and any designator phrase ("-ADR", "- H Shares").
//   - designatorPhrases end a name with or without the hyphen: share
//     classes ("Class A", "Cl B", "H Shares", "A Shs"), depositary
//     receipts ("ADR", "Spon ADR", "ADS", "GDR"), offering rules ("Reg S",
//     "144A") and security types ("Ord", "Common Stock", "Pref").
var (
	hyphenSuffixes = wordSet("A B C H N P R S U W X Y SW SS WR")
	shareClasses   = wordSet("A B C D E H N S U Y")
	fixedPhrases   = wordSet("ADR|ADRS|ADS|GDR|GDRS|SPON ADR|SPONS ADR|SPONSORED ADR|UNSPON ADR|UNSPONSORED ADR|SP ADR|" +
		"ADR NEW|ADS NEW|REG S|REGS|144A|REG S 144A|REGS 144A|SHS|SHARES|ORD|ORD SHS|ORD SHARES|ORDINARY|ORDINARY SHARES|" +
		"COMMON|COMMON STOCK|COMMON SHARES|COM STK|COM NPV|NPV|PREF|PFD|PREF SHS|REGISTERED SHS|" +
		"DRC|ADR REP|GDR REP")
)

// phraseEnds are the words a designator phrase can end with.
var phraseEnds = func() map[string]bool {
	m := map[string]bool{}
	for p := range fixedPhrases {
		w := strings.Fields(p)
		m[w[len(w)-1]] = true
	}
	for c := range shareClasses {
		m[c] = true
	}
	for _, w := range strings.Fields("SHARES SHS STOCK") {
		m[w] = true
	}
	return m
}()

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	sep := " "
	if strings.Contains(s, "|") {
		sep = "|"
	}
	for _, w := range strings.Split(s, sep) {
		m[w] = true
	}
	return m
}

// isDesignatorPhrase reports whether p (upper case, single spaces) is a
// designator: a fixed phrase, or a share class ("CLASS A", "CL A", "A
// SHARES", "H SHS", "SERIES B"), with "SHARES" or "SHS" after it or not.
func isDesignatorPhrase(p string) bool {
	if fixedPhrases[p] {
		return true
	}
	// Its words (as strings.Fields splits them), up to four: more are no
	// share class.
	var w [4]string
	n := 0
	for rest := p; ; {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			break
		}
		if n == len(w) {
			return false
		}
		end := strings.IndexFunc(rest, unicode.IsSpace)
		if end < 0 {
			end = len(rest)
		}
		w[n], rest = rest[:end], rest[end:]
		n++
	}
	if n >= 2 && (w[n-1] == "SHARES" || w[n-1] == "SHS" || w[n-1] == "STOCK") {
		n--
	}
	switch n {
	case 1:
		return len(p) > 1 && shareClasses[w[0]] // "H SHARES", not "H"
	case 2:
		return (w[0] == "CLASS" || w[0] == "CL" || w[0] == "SERIES" || w[0] == "SER") && shareClasses[w[1]]
	}
	return false
}

// appendDesignatorKey appends s as designators are matched to dst:
// upper case, periods and commas dropped, parentheses read as spaces,
// single spaces. Bytes that are not UTF-8 are written as U+FFFD.
func appendDesignatorKey(dst []byte, s string) []byte {
	start := len(dst)
	space := false // a space is due before the next rune
	for _, r := range s {
		switch r {
		case '.', ',':
			continue
		case '(', ')', '（', '）':
			r = ' '
		default:
			if r < utf8.RuneSelf {
				if 'a' <= r && r <= 'z' {
					r -= 'a' - 'A'
				}
			} else {
				r = unicode.ToUpper(r)
			}
		}
		if unicode.IsSpace(r) {
			space = len(dst) > start
			continue
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// hasDash reports whether the last 24 bytes of t may hold a dash: an
// ASCII hyphen or the lead byte of one written otherwise.
func hasDash(t string) bool {
	for i := len(t) - 1; i >= 0 && len(t)-i <= 24; i-- {
		if c := t[i]; c == '-' || c == 0xE2 || c == 0xEF {
			return true
		}
	}
	return false
}

// isDash reports whether r is a hyphen or dash.
func isDash(r rune) bool {
	switch r {
	case '-', '‐', '‑', '–', '—', '－':
		return true
	}
	return false
}

// stripDesignators drops the designators that end name, repeatedly
// ("CNOOC Ltd - H Shares", "CHINA MOBILE LTD-SPON ADR", "SENSETIME-W",
// "Tencent Holdings (ADR)"), and returns what is left and the
// designators dropped, as written, last first. It never drops the whole
// name; a designator is only ever the end of it.
func stripDesignators(name string) (string, []string) {
	var dropped []string
	s := name
	for {
		t := strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '.' || r == ',' || r == ';' })
		rest, d, ok := lastDesignator(t)
		if !ok || strings.TrimFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) == "" {
			return s, dropped
		}
		dropped = append(dropped, d)
		s = rest
	}
}

// lastDesignator finds the designator that ends t: a parenthesised one,
// one after a hyphen, or a phrase of up to four words.
func lastDesignator(t string) (rest, d string, ok bool) {
	var kbuf [64]byte
	if strings.HasSuffix(t, ")") || strings.HasSuffix(t, "）") {
		open := strings.LastIndexAny(t, "(（")
		if open >= 0 {
			inner := t[open:]
			if k := appendDesignatorKey(kbuf[:0], inner); isDesignatorPhrase(string(k)) || hyphenSuffixes[string(k)] {
				return t[:open], strings.TrimSpace(inner), true
			}
		}
		return t, "", false
	}
	// After a hyphen: the last dash not followed by letters and spaces
	// only up to four words ("-W", "- H Shares", "-SPON ADR"), within
	// the last 24 bytes.
	dash := hasDash(t)
	for i := len(t) - 1; dash && i >= 0 && len(t)-i <= 24; {
		r, n := utf8.DecodeLastRuneInString(t[:i+1])
		start := i + 1 - n
		if isDash(r) {
			tail := appendDesignatorKey(kbuf[:0], t[i+1:])
			if len(tail) > 0 && (hyphenSuffixes[string(tail)] || isDesignatorPhrase(string(tail))) {
				return t[:start], strings.TrimSpace(t[start:]), true
			}
			break
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r) && r != '.' {
			break
		}
		i = start - 1
	}
	// A phrase of words at the end, longest first; only when the last
	// word can end one.
	last := t[strings.LastIndexFunc(t, unicode.IsSpace)+1:]
	if len(last) > 8 || !phraseEnds[string(appendUpper(kbuf[:0], last))] {
		return t, "", false
	}
	// The last five words of t (as strings.Fields splits it), last
	// first: field[i] is t[from[i]:to[i]].
	var from, to [5]int
	nf := 0
	for end := len(t); nf < len(from); {
		end = len(strings.TrimRightFunc(t[:end], unicode.IsSpace))
		if end == 0 {
			break
		}
		from[nf], to[nf] = strings.LastIndexFunc(t[:end], unicode.IsSpace)+1, end
		end = from[nf]
		nf++
	}
	// The key of the last four words, and where each word's part of it
	// starts (-1 for a word that has none): the key of the last n words
	// is the rest of it from the first of them that has a part.
	key := kbuf[:0]
	var at [4]int
	for i := min(nf, len(at)) - 1; i >= 0; i-- {
		n0 := len(key)
		if n0 > 0 {
			key = append(key, ' ')
		}
		if key = appendDesignatorKey(key, t[from[i]:to[i]]); len(key) == n0 || len(key) == n0+1 && n0 > 0 {
			key, at[i] = key[:n0], -1
			continue
		}
		at[i] = n0
		if n0 > 0 {
			at[i]++
		}
	}
	for n := 4; n >= 1; n-- {
		if n >= nf && nf < len(from) {
			continue // the phrase would be the whole name
		}
		k := len(key)
		for j := n - 1; j >= 0; j-- {
			if at[j] >= 0 {
				k = at[j]
				break
			}
		}
		if isDesignatorPhrase(string(key[k:])) {
			words := make([]string, n)
			for j := 0; j < n; j++ {
				words[j] = t[from[n-1-j]:to[n-1-j]]
			}
			return t[:from[n-1]], strings.Join(words, " "), true
		}
	}
	return t, "", false
}

// appendUpper appends s in upper case to dst.
func appendUpper(dst []byte, s string) []byte {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' {
				r -= 'a' - 'A'
			}
			dst = append(dst, byte(r))
			continue
		}
		dst = utf8.AppendRune(dst, unicode.ToUpper(r))
	}
	return dst
}
