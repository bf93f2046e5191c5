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

// TestSetByIDKinds: identifiers are found by kind and value, each kind
// apart (a value listed as a CUSIP is not a FIGI's), also of a kind the
// holdings package does not name, as code may build one.
func TestSetByIDKinds(t *testing.T) {
	odd := holdings.ID{Kind: holdings.Ticker + 7, Value: "X1"}
	figi := holdings.ID{Kind: holdings.FIGI, Value: "BBG000B9XRY4"}
	e := &lists.Entry{List: "TEST", ID: "1", Name: "Test Co", Securities: []holdings.ID{odd, figi}}
	s := lists.NewSet(&lists.List{Release: lists.Release{Name: "test"}, Entries: []*lists.Entry{e}})
	for _, tc := range []struct {
		id   holdings.ID
		hits int
	}{
		{odd, 1}, {figi, 1}, {holdings.ID{Kind: holdings.CUSIP, Value: figi.Value}, 0},
		{holdings.ID{Kind: holdings.Ticker + 8, Value: "X1"}, 0}, {holdings.ID{}, 0},
	} {
		if got := s.ByID(tc.id); len(got) != tc.hits || tc.hits > 0 && got[0].Entry != e {
			t.Errorf("ByID(%v) = %v, want %d hits of the entry", tc.id, got, tc.hits)
		}
	}
}
