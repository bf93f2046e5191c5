package lists_test

import (
	"encoding/json"
	"testing"

	"github.com/investscreen/investscreen/holdings"

	"github.com/investscreen/investscreen/lists"
)

func TestByStrengthAndText(t *testing.T) {
	tests := []struct {
		by         lists.By
		text       string
		strong, id bool
	}{
		{lists.ByISIN, "isin", true, true},
		{lists.ByCUSIP, "cusip", true, true},
		{lists.BySEDOL, "sedol", true, true},
		{lists.ByFIGI, "figi", true, true},
		{lists.ByTicker, "ticker", true, true},
		{lists.ByName, "name", true, false},
		{lists.ByAlias, "alias", true, false},
		{lists.ByIssuerName, "issuer name", true, false},
		{lists.ByWeakAlias, "weak alias", false, false},
		{lists.BySimilarName, "similar name", false, false},
		{lists.By("ownership"), "ownership", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			if tc.by.Strong() != tc.strong || tc.by.IsIdentifier() != tc.id {
				t.Errorf("%q: Strong %v IsIdentifier %v, want %v %v", tc.by, tc.by.Strong(), tc.by.IsIdentifier(), tc.strong, tc.id)
			}
			b, err := json.Marshal(tc.by)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != `"`+tc.text+`"` || tc.by.String() != tc.text {
				t.Errorf("JSON %s, String %q, want %q", b, tc.by.String(), tc.text)
			}
		})
	}
}

func TestSetHitKinds(t *testing.T) {
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	s := lists.NewSet(l)
	id, err := holdings.ParseISIN("HK0941009539")
	if err != nil {
		t.Fatal(err)
	}
	hits := s.ByID(id)
	if len(hits) != 1 {
		t.Fatalf("ISIN of China Mobile: %d hits, want 1", len(hits))
	}
	for _, h := range hits {
		if h.By != lists.ByISIN || !h.By.Strong() {
			t.Errorf("ISIN hit By %q", h.By)
		}
	}
}
