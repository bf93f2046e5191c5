package holdings

import (
	"fmt"
	"strings"
)

// ParseAny parses an identifier whose kind is not given, trying in turn:
// a "kind:value" prefix naming the kind ("isin:US16941M1099"), an ISIN,
// a CUSIP, a SEDOL and a FIGI (each only when its check digit is right),
// and last a ticker. It is for columns such as a security master's
// underlying, where any identifier may stand. Pure; safe for concurrent
// use.
func ParseAny(s string) (ID, error) {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, ':'); i > 0 {
		for _, k := range []Kind{ISIN, CUSIP, SEDOL, FIGI, Ticker} {
			if strings.EqualFold(s[:i], k.String()) {
				return ParseID(k, s[i+1:])
			}
		}
	}
	for _, k := range []Kind{ISIN, CUSIP, SEDOL, FIGI} {
		if id, err := ParseID(k, s); err == nil {
			return id, nil
		}
	}
	id, err := ParseTicker(s)
	if err != nil {
		return ID{}, fmt.Errorf("not an isin, cusip, sedol, figi or ticker: %w", err)
	}
	return id, nil
}
