package audit_test

import (
	"errors"
	"net/url"
	"testing"

	"github.com/investscreen/investscreen/compliance/audit"
)

// FuzzParseFilter: any query string gives a valid Filter or a
// *QueryError, never a panic; a Filter it accepts passes Check.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"", "account=A1&limit=10", "from=2026-01-01&to=2025-01-01", "cursor=ZDEuMTI", "decision=block&kind=order", "limit=99999999999999999999", "entity=NS-CMIC:1&rule=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		filter, err := audit.ParseFilter(q)
		if err != nil {
			var qe *audit.QueryError
			if !errors.As(err, &qe) || !errors.Is(err, audit.ErrQuery) {
				t.Fatalf("ParseFilter(%q): %v is not a QueryError", s, err)
			}
			return
		}
		if err := filter.Check(); err != nil {
			t.Fatalf("accepted filter fails Check: %v", err)
		}
	})
}
