package lists

import (
	"fmt"
	"strings"
	"time"

	"github.com/investscreen/investscreen/holdings"
)

// The OFAC field names (remark prefixes in the legacy CSV, idType values in
// the simple XML, feature types in the advanced XML, id labels in the
// Consolidated Screening List) that applyField maps to Entry fields.
const (
	fieldISIN           = "ISIN"
	fieldTicker         = "Equity Ticker"
	fieldIssuer         = "Issuer Name"
	fieldTargetType     = "Target Type"
	fieldLinkedTo       = "Linked To"
	fieldCMICListing    = "Listing Date (CMIC)"
	fieldCMICEffective  = "Effective Date (CMIC)"
	fieldCMICDivestment = "Purchase/Sales For Divestment Date (CMIC)"
)

// remarkFields are the structured fields, longest first where one is a
// prefix of another, followed by the identifier types.
var remarkFields = append([]string{fieldTicker, fieldIssuer, fieldISIN, fieldTargetType,
	fieldCMICListing, fieldCMICEffective, fieldCMICDivestment}, idTypes...)

// applyField sets the Entry field that the OFAC field typ names from its
// value, the way every OFAC format spells it: ISINs are upper-cased and
// kept once; tickers are parsed (kept raw when they do not parse); CMIC
// dates are read as "02 Jan 2006" or "2006-01-02"; identifier types take
// a trailing "(Country)". A field it does not know is an identifier of
// that type. It returns an error (a *ParseError naming the field) only
// for a CMIC date it cannot read, or for a CMIC date given twice with
// different values (matching ErrConflict); the same date twice is one.
func applyField(e *Entry, typ, value string) error {
	value = strings.TrimSpace(value)
	switch typ {
	case fieldISIN:
		v := strings.ToUpper(value)
		for _, have := range e.ISINs {
			if have == v {
				return nil
			}
		}
		e.ISINs = append(e.ISINs, v)
	case fieldTicker:
		t := Ticker{Raw: value}
		if id, err := holdings.ParseTicker(value); err == nil {
			t.ID = id
		}
		e.Tickers = append(e.Tickers, t)
	case fieldIssuer:
		e.IssuerNames = append(e.IssuerNames, value)
	case fieldTargetType:
		e.TargetType = value
	case fieldLinkedTo:
		e.LinkedTo = append(e.LinkedTo, strings.TrimSuffix(value, "."))
	case fieldCMICListing, fieldCMICEffective, fieldCMICDivestment:
		d, err := parseListDate(value)
		if err != nil {
			return &ParseError{Field: typ, Err: err}
		}
		if e.CMIC == nil {
			e.CMIC = &CMICDates{}
		}
		to := &e.CMIC.Divestment
		switch typ {
		case fieldCMICListing:
			to = &e.CMIC.Listing
		case fieldCMICEffective:
			to = &e.CMIC.Effective
		}
		if !to.IsZero() && *to != d {
			// Which one OFAC meant cannot be told: letting either win
			// could move the date a purchase is blocked from.
			return &ParseError{Field: typ, Err: fmt.Errorf("%w: %w: %s and %s", ErrFormat, ErrConflict, *to, d)}
		}
		*to = d
	default:
		e.IDs = append(e.IDs, identifier(typ, value))
	}
	return nil
}

// parseListDate reads a date as list publishers write them: "02 Jan 2006"
// (OFAC remarks), "2006-01-02" (ISO, the Consolidated Screening List),
// "01/02/2006" (month first, OFAC's Publish_Date).
func parseListDate(s string) (holdings.Date, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"02 Jan 2006", "2 Jan 2006", "2006-01-02", "01/02/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return holdings.DateOf(t), nil
		}
	}
	return holdings.Date{}, fmt.Errorf("%w: %s is not a date like 02 Jan 2006 or 2006-01-02", ErrFormat, excerpt(s))
}
