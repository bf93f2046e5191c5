package lists

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// nameForm is one way SearchName reads a query.
type nameForm struct {
	key   string // normalised, as NormalizeName, designators dropped
	legal string // the legal-form words dropped from it (legalWords)
	notes []Note // what was dropped or set aside to get key
	alias bool   // key is a parenthesised part of the query alone
	cut   bool   // a cut legal form was dropped: legal is the beginning of one
}

// maxAliasWords bounds the parenthesised parts tried alone as aliases:
// an abbreviation or a brand ("SMIC", "Face++"), not a sentence.
const maxAliasWords = 4

// nameForms returns NormalizeName(name) and the ways SearchName reads
// name: with the designators that end it dropped (stripDesignators) and a
// cut legal form after a legal form dropped ("CO LT"); and, when it holds
// parenthesised parts that are not designators, also without them and
// each of them alone as an alias. Forms with an empty key are left out,
// and so is a form whose key an earlier form has.
func nameForms(name string) (exact string, forms []nameForm) {
	base, dropped := stripDesignators(name)
	folded, foldedBase, ok := foldNameAt(name, len(base)) // base is the beginning of name
	if !ok {
		foldedBase = foldName(base)
	}
	a, b := legalSpan(folded)
	exact = folded[a:b]
	var notes []Note
	for i := len(dropped) - 1; i >= 0; i-- {
		notes = append(notes, Note{Kind: NoteDesignator, From: dropped[i]})
	}
	// add adds the form of a part of name, folded.
	add := func(folded string, notes []Note, alias bool) {
		folded, cut := dropCutLegalForm(folded)
		if cut != "" {
			notes = append(notes[:len(notes):len(notes)], Note{Kind: NoteTruncatedLegalForm, From: title(cut)})
		}
		a, b := legalSpan(folded)
		key := folded[a:b]
		if key == "" {
			return
		}
		for _, f := range forms {
			if f.key == key {
				return
			}
		}
		forms = append(forms, nameForm{key: key, legal: legalWordsOf(folded, a, b), notes: notes, alias: alias, cut: cut != ""})
	}
	if len(dropped) == 0 {
		// The common case: no designator; the fold is NormalizeName's.
		if _, cut := dropCutLegalForm(folded); cut == "" && exact != "" {
			forms = append(forms, nameForm{key: exact, legal: legalWordsOf(folded, a, b)})
		} else {
			add(folded, nil, false)
		}
	} else {
		add(foldedBase, notes, false)
	}
	if strings.IndexByte(base, '(') < 0 && strings.IndexByte(base, '[') < 0 && !strings.Contains(base, "（") {
		return exact, forms
	}
	parts, rest := parenthesised(base)
	if len(parts) == 0 {
		return exact, forms
	}
	var set []Note
	for _, p := range parts {
		set = append(set, Note{Kind: NoteParenthesis, From: "(" + p + ")", To: "set aside"})
	}
	add(foldName(rest), append(notes[:len(notes):len(notes)], set...), false)
	for _, p := range parts {
		if countFields(p) <= maxAliasWords {
			add(foldName(p), append(notes[:len(notes):len(notes)], Note{Kind: NoteParenthesis, From: strings.TrimSpace(p)}), true)
		}
	}
	return exact, forms
}

// countFields is len(strings.Fields(s)), without making them.
func countFields(s string) int {
	n := 0
	in := false
	for _, r := range s {
		switch sp := unicode.IsSpace(r); {
		case sp:
			in = false
		case !in:
			in = true
			n++
		}
	}
	return n
}

// parenthesised returns the parenthesised parts of s that hold a letter
// or digit, unnested, and s without them.
func parenthesised(s string) (parts []string, rest string) {
	if !utf8.ValidString(s) {
		return parenthesisedRunes(s)
	}
	// Valid UTF-8: what lies outside the parentheses is copied a stretch
	// at a time (each parenthesised part becomes a space).
	var b strings.Builder
	b.Grow(len(s))
	depth, start, from := 0, 0, 0
	for i, r := range s {
		switch r {
		case '(', '（', '[':
			if depth == 0 {
				b.WriteString(s[from:i])
				start = i + utf8.RuneLen(r)
			}
			depth++
		case ')', '）', ']':
			if depth > 0 {
				depth--
				if depth == 0 {
					if p := strings.TrimSpace(s[start:i]); strings.IndexFunc(p, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
						parts = append(parts, p)
					}
					b.WriteByte(' ')
					from = i + utf8.RuneLen(r)
				}
			}
		}
	}
	if depth != 0 {
		return nil, s // unbalanced: read as written
	}
	b.WriteString(s[from:])
	return parts, b.String()
}

// parenthesisedRunes is parenthesised for any s, rune by rune: bytes that
// are not UTF-8 are written as U+FFFD.
func parenthesisedRunes(s string) (parts []string, rest string) {
	var b strings.Builder
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(', '（', '[':
			if depth == 0 {
				start = i + len(string(r))
			}
			depth++
			continue
		case ')', '）', ']':
			if depth > 0 {
				depth--
				if depth == 0 {
					if p := strings.TrimSpace(s[start:i]); strings.IndexFunc(p, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
						parts = append(parts, p)
					}
					b.WriteByte(' ')
				}
				continue
			}
		}
		if depth == 0 {
			b.WriteRune(r)
		}
	}
	if depth != 0 {
		return nil, s // unbalanced: read as written
	}
	return parts, b.String()
}

// cutLegalForms are the legal-form words whose beginnings a name cut at
// a field width ends with.
var cutLegalForms = []string{"limited", "ltd", "corporation", "corp", "company", "incorporated", "inc"}

// dropCutLegalForm drops from the folded name s a last word that is the
// beginning of a legal-form word, cut short ("lt", "limi", "corpor"),
// when the word before it is a legal form ("CO LT", "CORP LIMI"): a name
// cut at a terminal's field width. It returns s and the word dropped.
func dropCutLegalForm(s string) (string, string) {
	i := strings.LastIndexByte(s, ' ')
	if i <= 0 {
		return s, ""
	}
	last, before := s[i+1:], s[:i]
	if legalForms[last] {
		return s, ""
	}
	j := strings.LastIndexByte(before, ' ')
	if !legalForms[before[j+1:]] || j < 0 {
		return s, "" // at least one word of the name stays before the forms
	}
	for _, f := range cutLegalForms {
		if len(last) < len(f) && strings.HasPrefix(f, last) {
			return before, last
		}
	}
	return s, ""
}
