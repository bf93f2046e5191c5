package lists

import (
	"strings"
	"unicode"
)

// legalForms are the words of company legal forms that NormalizeName drops
// from the end of a name. Words that tell companies apart, such as Group
// or Holdings, are not among them.
var legalForms = map[string]bool{
	"limited": true, "ltd": true, "inc": true, "incorporated": true, "corp": true, "corporation": true,
	"co": true, "company": true, "plc": true, "llc": true, "lp": true, "llp": true,
	"sa": true, "ag": true, "gmbh": true, "nv": true, "bv": true, "spa": true, "se": true,
	"ab": true, "asa": true, "oy": true, "oyj": true, "kk": true, "kgaa": true,
	"jsc": true, "pjsc": true, "ojsc": true, "cjsc": true, "oao": true, "zao": true, "pao": true, "ooo": true,
	"sarl": true, "srl": true, "sas": true, "pte": true, "pty": true, "bhd": true, "tbk": true, "ltda": true,
}

// cjkLegalForms are Chinese legal forms, dropped from the end of a name.
// Longer forms come first.
var cjkLegalForms = []string{"股份有限公司", "有限责任公司", "有限公司", "公司"}

// NormalizeName returns the form of a company or person name that names
// are compared in: lower case; full-width letters and digits made
// ordinary; periods and apostrophes dropped ("S.A." is "sa"), "&" read as
// "and", any other punctuation a space; single spaces; and legal-form
// words (Limited, Ltd, Inc, Corp, Co, PLC, AG, GmbH, JSC, 有限公司, ...)
// dropped from the end, so "SenseTime Group Inc." and "SENSETIME GROUP
// LIMITED" are both "sensetime group". A name made only of legal-form
// words keeps its last word. NormalizeName is a pure function, safe for
// concurrent use.
func NormalizeName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // no leading space
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			r -= 0xFEE0
		case r == 0x3000: // ideographic space
			r = ' '
		}
		switch {
		case r == '.' || r == '\'' || r == '\u2019' || r == '`':
			continue
		case r == '&':
			if !space {
				b.WriteByte(' ')
			}
			b.WriteString("and ")
			space = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	out := strings.TrimSuffix(b.String(), " ")
	for {
		before := out
		for _, f := range cjkLegalForms {
			if strings.HasSuffix(out, f) && len(out) > len(f) {
				out = strings.TrimRight(strings.TrimSuffix(out, f), " ")
				break
			}
		}
		if i := strings.LastIndexByte(out, ' '); i > 0 && legalForms[out[i+1:]] {
			out = out[:i]
		}
		if out == before {
			return out
		}
	}
}
