package lists

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The designator scan as it was before it was made to allocate less
// (refStripDesignators and the functions it calls): the reference that
// TestStripDesignatorsIsReference and FuzzStripDesignators hold
// stripDesignators to.

// refIsDesignatorPhrase reports whether p (upper case, single spaces) is a
// designator: a fixed phrase, or a share class ("CLASS A", "CL A", "A
// SHARES", "H SHS", "SERIES B"), with "SHARES" or "SHS" after it or not.
func refIsDesignatorPhrase(p string) bool {
	if fixedPhrases[p] {
		return true
	}
	w := strings.Fields(p)
	if n := len(w); n >= 2 && (w[n-1] == "SHARES" || w[n-1] == "SHS" || w[n-1] == "STOCK") {
		w = w[:n-1]
	}
	switch len(w) {
	case 1:
		return len(p) > 1 && shareClasses[w[0]] // "H SHARES", not "H"
	case 2:
		return (w[0] == "CLASS" || w[0] == "CL" || w[0] == "SERIES" || w[0] == "SER") && shareClasses[w[1]]
	}
	return false
}

// refDesignatorKey is s as designators are matched: upper case, periods
// and commas dropped, single spaces.
func refDesignatorKey(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '.', ',':
			return -1
		case '(', ')', '（', '）':
			return ' '
		}
		return unicode.ToUpper(r)
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// refStripDesignators drops the designators that end name, repeatedly
// ("CNOOC Ltd - H Shares", "CHINA MOBILE LTD-SPON ADR", "SENSETIME-W",
// "Tencent Holdings (ADR)"), and returns what is left and the
// designators dropped, as written, last first. It never drops the whole
// name; a designator is only ever the end of it.
func refStripDesignators(name string) (string, []string) {
	var dropped []string
	s := name
	for {
		t := strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '.' || r == ',' || r == ';' })
		rest, d, ok := refLastDesignator(t)
		if !ok || strings.TrimFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) == "" {
			return s, dropped
		}
		dropped = append(dropped, d)
		s = rest
	}
}

// refLastDesignator finds the designator that ends t: a parenthesised one,
// one after a hyphen, or a phrase of up to four words.
func refLastDesignator(t string) (rest, d string, ok bool) {
	if strings.HasSuffix(t, ")") || strings.HasSuffix(t, "）") {
		open := strings.LastIndexAny(t, "(（")
		if open >= 0 {
			inner := t[open:]
			if k := refDesignatorKey(inner); refIsDesignatorPhrase(k) || hyphenSuffixes[k] {
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
			tail := refDesignatorKey(t[i+1:])
			if tail != "" && (hyphenSuffixes[tail] || refIsDesignatorPhrase(tail)) {
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
	if len(last) > 8 || !phraseEnds[strings.ToUpper(last)] {
		return t, "", false
	}
	words := strings.Fields(t)
	for n := 4; n >= 1; n-- {
		if n >= len(words) {
			continue
		}
		p := strings.Join(words[len(words)-n:], " ")
		if refIsDesignatorPhrase(refDesignatorKey(p)) {
			cut := len(t)
			for j := 0; j < n; j++ {
				cut = strings.LastIndex(t[:cut], words[len(words)-1-j])
			}
			return t[:cut], p, true
		}
	}
	return t, "", false
}

// designatorInputs are names with designators written every way the
// scan reads them, and some it must not read.
func designatorInputs(tb testing.TB) []string {
	var out []string
	for _, r := range readDisplay(tb) {
		out = append(out, r.query)
	}
	for _, r := range readLabelled(tb) {
		out = append(out, r.query)
	}
	bases := []string{"SENSETIME", "China Mobile Ltd", "CNOOC Ltd.", "Tencent Holdings", "A", "Class", "ADR", "Ｈｕａｗｅｉ", "Газпром", "中国移动", "Xi'an Aircraft (Group)", "Foo\xffBar"}
	tails := []string{"", "-W", "-SW", " - H Shares", "-SPON ADR", " Class A", " CL B", " Cl. B", " H SHS", " A Shares", " ADR", " (ADR)", "（ADR）",
		" Spon. ADR", " Reg S", " 144A", " Reg S 144A", " Ord Shs", " Common Stock", " Pref", " SERIES B", " Series B Shares", "-A ", "-A.", "-A,",
		" ADR;", "\tADR", "\u00a0ADR", " ı shs", " ſhs", "‐W", "—H", "－W", " -", "-", " (H Shares)", " (Class B)", " - Class A Shares", " Class A Common Stock",
		" A", " H", " B Shs", "-ADR NEW", " ADR REP", " Co Ltd-A", "-\xff", " (\xffADR)", " shs shs shs shs shs", " a b c d e", "-a", " (a)", " CLASS",
		" class a", " Sponsored ADR", " UNSPONSORED ADR", " GDR", " (GDR) -W", "-W -A", " ADR ADR"}
	for _, b := range bases {
		for _, t := range tails {
			for _, u := range tails[:12] {
				out = append(out, b+t+u)
			}
		}
	}
	return out
}

// TestStripDesignatorsIsReference holds stripDesignators to the
// reference scan on names with designators of every kind.
func TestStripDesignatorsIsReference(t *testing.T) {
	for _, name := range designatorInputs(t) {
		got, gotD := stripDesignators(name)
		want, wantD := refStripDesignators(name)
		if got != want || strings.Join(gotD, "|") != strings.Join(wantD, "|") || len(gotD) != len(wantD) {
			t.Errorf("stripDesignators(%q) = %q, %q; the reference %q, %q", name, got, gotD, want, wantD)
		}
	}
}

// FuzzStripDesignators: stripDesignators is the reference scan on any
// input.
func FuzzStripDesignators(f *testing.F) {
	for _, name := range designatorInputs(f)[:400] {
		f.Add(name)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got, gotD := stripDesignators(name)
		want, wantD := refStripDesignators(name)
		if got != want || strings.Join(gotD, "|") != strings.Join(wantD, "|") || len(gotD) != len(wantD) {
			t.Errorf("stripDesignators(%q) = %q, %q; the reference %q, %q", name, got, gotD, want, wantD)
		}
	})
}

// TestParenthesisedIsRunes holds parenthesised, which copies stretches
// of valid UTF-8, to the rune-by-rune reading, and countFields to
// strings.Fields.
func TestParenthesisedIsRunes(t *testing.T) {
	inputs := append(designatorInputs(t), "a (b) c", "((a) b) c", "a) (b", "a (b", "（中国）移动", "[x] y", "a ( ) b", "(SMIC)", "x)(y)z")
	for _, s := range inputs {
		checkParenthesised(t, s)
	}
}

func checkParenthesised(t *testing.T, s string) {
	t.Helper()
	if got, want := countFields(s), len(strings.Fields(s)); got != want {
		t.Errorf("countFields(%q) = %d, want %d", s, got, want)
	}
	if !utf8.ValidString(s) {
		return
	}
	gp, gr := parenthesised(s)
	wp, wr := parenthesisedRunes(s)
	if gr != wr || strings.Join(gp, "|") != strings.Join(wp, "|") || len(gp) != len(wp) {
		t.Errorf("parenthesised(%q) = %q, %q; rune by rune %q, %q", s, gp, gr, wp, wr)
	}
}

// FuzzParenthesised: TestParenthesisedIsRunes on any input.
func FuzzParenthesised(f *testing.F) {
	for _, s := range []string{"a (b) c", "((a) b) c", "a) (b", "（中国）移动", "[x] y"} {
		f.Add(s)
	}
	f.Fuzz(checkParenthesised)
}
