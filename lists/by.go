package lists

import "github.com/investscreen/investscreen/holdings"

// By says how a lookup key met a list entry: by which identifier, or by
// which kind of name. Its text is what reports and JSON print ("isin",
// "weak alias", "similar name").
type By string

// The ways a Hit or a Candidate meets an entry.
const (
	ByISIN       By = "isin"        // an ISIN the entry lists
	ByCUSIP      By = "cusip"       // a CUSIP the entry lists
	BySEDOL      By = "sedol"       // a SEDOL the entry lists
	ByFIGI       By = "figi"        // a FIGI the entry lists
	ByTicker     By = "ticker"      // an equity ticker the entry lists
	ByName       By = "name"        // the entry's primary name
	ByAlias      By = "alias"       // an aka/fka/nka of the entry
	ByIssuerName By = "issuer name" // an Issuer Name field of the entry
	ByWeakAlias  By = "weak alias"  // a weak a.k.a. from the remarks
	// BySimilarName is a name that is like one of the entry's but not
	// equal to it, even after the transformations SearchName explains
	// (Candidate.Match false): for a human to review.
	BySimilarName By = "similar name"
)

// Strong reports whether a match of this kind is a match by itself: an
// identifier, or a name, alias or issuer name equal to the entry's. A
// weak alias (OFAC's "weak a.k.a.", a nickname or short form) and a
// similar name are for review; so is any kind this package does not
// define (a consumer's own kinds say their strength themselves).
func (b By) Strong() bool {
	switch b {
	case ByISIN, ByCUSIP, BySEDOL, ByFIGI, ByTicker, ByName, ByAlias, ByIssuerName:
		return true
	}
	return false
}

// IsIdentifier reports whether b is a security identifier (ISIN, CUSIP,
// SEDOL, FIGI, ticker) rather than a name.
func (b By) IsIdentifier() bool {
	switch b {
	case ByISIN, ByCUSIP, BySEDOL, ByFIGI, ByTicker:
		return true
	}
	return false
}

// String returns the text of b.
func (b By) String() string { return string(b) }

// byKind is the By of an identifier of kind k that an entry lists.
func byKind(k holdings.Kind) By {
	switch k {
	case holdings.ISIN:
		return ByISIN
	case holdings.CUSIP:
		return ByCUSIP
	case holdings.SEDOL:
		return BySEDOL
	case holdings.FIGI:
		return ByFIGI
	case holdings.Ticker:
		return ByTicker
	}
	return By(k.String())
}
