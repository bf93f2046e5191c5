package holdings

import (
	"errors"
	"strings"
	"testing"
)

// seedIDFuzz adds the inputs of the unit-test tables, and the canonical
// values they expect, to the fuzz corpus.
func seedIDFuzz(f *testing.F, cases ...[]idCase) {
	for _, cs := range cases {
		for _, c := range cs {
			f.Add(c.in)
			if c.want != "" {
				f.Add(c.want)
			}
		}
	}
}

// checkFuzzParse checks the properties every parser has on any input: an
// error is an *IDError of kind k for the input that matches ErrInvalidID and
// comes with the zero ID; a success has kind k and parses again, from its
// Value, to the same ID (idempotence); ParseID agrees.
func checkFuzzParse(t *testing.T, k Kind, parse func(string) (ID, error), in string) (ID, bool) {
	t.Helper()
	id, err := parse(in)
	if viaID, err2 := ParseID(k, in); viaID != id || (err == nil) != (err2 == nil) {
		t.Fatalf("ParseID(%v, %q) = %v, %v; Parse = %v, %v", k, in, viaID, err2, id, err)
	}
	if err != nil {
		var ie *IDError
		if !errors.As(err, &ie) || ie.Kind != k || ie.Input != in || !errors.Is(err, ErrInvalidID) {
			t.Fatalf("parse(%q) error %#v: want an *IDError of kind %v matching ErrInvalidID", in, err, k)
		}
		if id != (ID{}) {
			t.Fatalf("parse(%q) = %v with error %v; want the zero ID", in, id, err)
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "invalid "+k.String()+" ") {
			t.Fatalf("parse(%q) error message %q", in, msg)
		}
		return ID{}, false
	}
	if id.Kind != k || id.Value == "" {
		t.Fatalf("parse(%q) = %#v", in, id)
	}
	again, err := parse(id.Value)
	if err != nil || again != id {
		t.Fatalf("parse(%q) = %v; parse(%q) = %v, %v: not idempotent", in, id, id.Value, again, err)
	}
	return id, true
}

func FuzzParseISIN(f *testing.F) {
	seedIDFuzz(f, isinCases)
	f.Fuzz(func(t *testing.T, in string) {
		id, ok := checkFuzzParse(t, ISIN, ParseISIN, in)
		if !ok {
			return
		}
		if c, ok := CUSIPFromISIN(id); ok {
			back, err := ISINFromCUSIP(c, id.Value[:2])
			if err != nil || back != id {
				t.Fatalf("ISINFromCUSIP(CUSIPFromISIN(%v)) = %v, %v", id, back, err)
			}
		}
		if s, ok := SEDOLFromISIN(id); ok {
			if want := id.Value[:4] + s.Value; !strings.HasPrefix(id.Value, want) {
				t.Fatalf("SEDOLFromISIN(%v) = %v", id, s)
			}
		}
	})
}

func FuzzParseCUSIP(f *testing.F) {
	seedIDFuzz(f, cusipCases)
	f.Fuzz(func(t *testing.T, in string) {
		id, ok := checkFuzzParse(t, CUSIP, ParseCUSIP, in)
		if !ok {
			return
		}
		isin, err := ISINFromCUSIP(id, "US")
		if strings.ContainsAny(id.Value, "*@#") {
			if err == nil {
				t.Fatalf("ISINFromCUSIP(%v) = %v; want an error", id, isin)
			}
			return
		}
		if err != nil {
			t.Fatalf("ISINFromCUSIP(%v, US): %v", id, err)
		}
		if _, err := ParseISIN(isin.Value); err != nil {
			t.Fatalf("ISINFromCUSIP(%v, US) = %v, which does not parse: %v", id, isin, err)
		}
		if back, ok := CUSIPFromISIN(isin); !ok || back != id {
			t.Fatalf("CUSIPFromISIN(%v) = %v, %v; want %v", isin, back, ok, id)
		}
	})
}

func FuzzParseSEDOL(f *testing.F) {
	seedIDFuzz(f, sedolCases)
	f.Fuzz(func(t *testing.T, in string) {
		checkFuzzParse(t, SEDOL, ParseSEDOL, in)
	})
}

func FuzzParseFIGI(f *testing.F) {
	seedIDFuzz(f, figiCases)
	f.Fuzz(func(t *testing.T, in string) {
		checkFuzzParse(t, FIGI, ParseFIGI, in)
	})
}

func FuzzParseTicker(f *testing.F) {
	seedIDFuzz(f, tickerCases)
	f.Fuzz(func(t *testing.T, in string) {
		id, ok := checkFuzzParse(t, Ticker, ParseTicker, in)
		if !ok {
			return
		}
		sym, mkt := id.Symbol(), id.Market()
		if sym+" "+mkt != id.Value || sym == "" || strings.Contains(sym, " ") {
			t.Fatalf("ParseTicker(%q) = %v: Symbol %q, Market %q", in, id, sym, mkt)
		}
		known := false
		for _, m := range Markets() {
			known = known || m == mkt
		}
		if !known {
			t.Fatalf("ParseTicker(%q) = %v: market %q is not in Markets()", in, id, mkt)
		}
		// The other notations of the same ticker give the same ID.
		for _, alt := range []string{mkt + ":" + sym, id.Value + " Equity", strings.ToLower(id.Value)} {
			if got, err := ParseTicker(alt); err != nil || got != id {
				t.Fatalf("ParseTicker(%q) = %v, %v; want %v (from %q)", alt, got, err, id, in)
			}
		}
	})
}
