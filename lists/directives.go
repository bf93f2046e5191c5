package lists

import (
	"fmt"
	"strings"

	"github.com/investscreen/investscreen/holdings"
)

// Authorities of the restrictions an Entry can carry.
const (
	// EO13662 is Executive Order 13662 (Ukraine-/Russia-related sectoral
	// sanctions; the SSI list's Directives 1 to 4).
	EO13662 = "EO 13662"
	// EO14024 is Executive Order 14024 (Russian harmful foreign
	// activities; Directives 1A, 2, 3 and 4).
	EO14024 = "EO 14024"
	// EU833 is Council Regulation (EU) No 833/2014, Article 5.
	EU833 = "EU Reg. 833/2014"
	// UKRussia is the Russia (Sanctions) (EU Exit) Regulations 2019
	// (SI 2019/855), regulation 16 and Schedule 2.
	UKRussia = "UK SI 2019/855"
)

// Restriction is one measure short of blocking that a list names an entry
// in: an OFAC directive it was made subject to, or an annex of an EU
// regulation or a schedule of a UK one. Which securities it reaches, and
// from when, is the rules' business; the Restriction says what the list
// publishes. A zero date means the source does not give it.
type Restriction struct {
	// Authority is the legal instrument: EO13662, EO14024, EU833 or
	// UKRussia.
	Authority string
	// Measure names the measure within it: "Directive 1", "Directive 1a"
	// (OFAC spells Directive 1A so in the remarks), "Annex III",
	// "Schedule 2".
	Measure string
	// Paragraph is the paragraph of the instrument that the measure's
	// windows come from ("Art. 5(1)", "para 6"); empty for OFAC.
	Paragraph string
	// Listed is the listing date OFAC publishes ("Listing Date (EO 14024
	// Directive 3)").
	Listed holdings.Date
	// Effective is the effective date OFAC publishes ("Effective Date (EO
	// 14024 Directive 3)"): the first issue date its prohibitions reach.
	Effective holdings.Date
	// Source says where the restriction was read: "OFAC remarks", or the
	// consolidated text, version and annex a built-in table cites.
	Source string
}

// Restriction returns e's restriction under authority and measure (the
// measure compared without regard to case), or nil.
func (e *Entry) Restriction(authority, measure string) *Restriction {
	for i := range e.Restrictions {
		r := &e.Restrictions[i]
		if r.Authority == authority && strings.EqualFold(r.Measure, measure) {
			return r
		}
	}
	return nil
}

// The remark texts OFAC writes for directives, in the legacy CSV and the
// Consolidated Screening List alike:
//
//	Executive Order 13662 Directive Determination - Subject to Directive 1
//	Executive Order 14024 Directive Information Subject to Directive 3 - All transactions in ...
//	Listing Date (EO 14024 Directive 3): 24 Feb 2022
//	Effective Date (EO 14024 Directive 3): 26 Mar 2022
const (
	remark13662      = "Executive Order 13662 Directive Determination - Subject to Directive "
	remark14024      = "Executive Order 14024 Directive Information Subject to Directive "
	remark14024Dash  = "Executive Order 14024 Directive Information - Subject to Directive "
	remarkListing    = "Listing Date (EO 14024 Directive "
	remarkEffective  = "Effective Date (EO 14024 Directive "
	remarkSourceOFAC = "OFAC remarks"
)

// parseDirectives reads the directive remarks of e (and identifiers of the
// same texts) into e.Restrictions:
// each directive once, in the order first named, with the listing and
// effective dates OFAC gives for it. A date it cannot read is an error
// (*ParseError naming the field), not a directive without a date: a
// misread date could move a cut-off.
func parseDirectives(e *Entry) error {
	e.Restrictions = nil
	text := strings.TrimSuffix(strings.TrimSpace(e.Remarks), ".")
	var segs []string
	if strings.Contains(text, "Directive") {
		segs = strings.Split(text, "; ")
	}
	// The other formats give the same texts as identifiers: the CSL's
	// "Executive Order 13662 Directive Determination -, Subject to
	// Directive 1", the XML formats' idType and idNumber.
	for _, id := range e.IDs {
		if strings.Contains(id.Type, "Directive") {
			segs = append(segs, strings.TrimSpace(id.Type+" "+id.Value))
		}
	}
	if len(segs) == 0 {
		return nil
	}
	get := func(auth, num string) *Restriction {
		m := "Directive " + strings.ToLower(num)
		if r := e.Restriction(auth, m); r != nil {
			return r
		}
		e.Restrictions = append(e.Restrictions, Restriction{Authority: auth, Measure: m, Source: remarkSourceOFAC})
		return &e.Restrictions[len(e.Restrictions)-1]
	}
	for _, seg := range segs {
		seg = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(seg), "alt. "))
		switch {
		case strings.HasPrefix(seg, remark13662):
			if n := directiveNumber(seg[len(remark13662):]); n != "" {
				get(EO13662, n)
			}
		case strings.HasPrefix(seg, remark14024), strings.HasPrefix(seg, remark14024Dash):
			rest := strings.TrimPrefix(strings.TrimPrefix(seg, remark14024), remark14024Dash)
			if n := directiveNumber(rest); n != "" {
				get(EO14024, n)
			}
		case strings.HasPrefix(seg, remarkListing), strings.HasPrefix(seg, remarkEffective):
			prefix := remarkListing
			if strings.HasPrefix(seg, remarkEffective) {
				prefix = remarkEffective
			}
			rest := seg[len(prefix):]
			i := strings.Index(rest, "): ")
			if i <= 0 {
				return &ParseError{Field: strings.TrimSuffix(prefix, " "), Err: fmt.Errorf("%w: %q is not like %q", ErrFormat, excerpt(seg), prefix+"3): 26 Mar 2022")}
			}
			n := directiveNumber(rest[:i])
			field := prefix + rest[:i] + ")"
			if n == "" {
				return &ParseError{Field: field, Err: fmt.Errorf("%w: %q is not a directive number", ErrFormat, excerpt(rest[:i]))}
			}
			d, err := parseListDate(strings.TrimSuffix(rest[i+3:], "."))
			if err != nil {
				return &ParseError{Field: field, Err: err}
			}
			r := get(EO14024, n)
			if prefix == remarkListing {
				r.Listed = d
			} else {
				r.Effective = d
			}
		}
	}
	return nil
}

// directiveNumber returns the directive number a text starts with ("1",
// "1a", "3 - All transactions ..." gives "3"), lower-cased, or "".
func directiveNumber(s string) string {
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == 0 || end > 2 {
		return ""
	}
	if end < len(s) && (s[end] == 'a' || s[end] == 'A') {
		end++
	}
	if end < len(s) && s[end] != ' ' && s[end] != ')' {
		return ""
	}
	return strings.ToLower(s[:end])
}
