package holdings

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

func mustID(t *testing.T, k Kind, v string) ID {
	t.Helper()
	id, err := ParseID(k, v)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestMasterLookup: every identifier of a security, the CUSIP inside a US
// ISIN and the SEDOL inside a GB ISIN name it; tickers are found in any
// notation with the master's own value; unknown identifiers name nothing.
func TestMasterLookup(t *testing.T) {
	apple := Security{Line: 2, IDs: []ID{mustID(t, ISIN, "US0378331005"), mustID(t, Ticker, "AAPL US")}, Issuer: "Apple Inc."}
	vod := Security{Line: 3, IDs: []ID{mustID(t, ISIN, "GB00BH4HKS39"), mustID(t, Ticker, "VOD LN")}, Issuer: "Vodafone Group Plc"}
	long := Security{Line: 4, IDs: []ID{mustID(t, Ticker, "ABCDEFGHIJKLMNOPQRST US"), mustID(t, FIGI, "BBG000B9XRY4")}}
	m, err := NewMaster([]Security{apple, vod, long})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		kind Kind
		text string
		want int    // security number, -1 for none
		id   string // the ID's value Find returns
	}{
		{"isin", ISIN, "US0378331005", 0, "US0378331005"},
		{"isin lower case", ISIN, " us0378331005 ", 0, "US0378331005"},
		{"cusip inside the isin", CUSIP, "037833100", 0, "037833100"},
		{"sedol inside the isin", SEDOL, "BH4HKS3", 1, "BH4HKS3"},
		{"ticker canonical", Ticker, "AAPL US", 0, "AAPL US"},
		{"ticker bare", Ticker, "aapl", 0, "AAPL US"},
		{"ticker prefix", Ticker, "NASDAQ:AAPL", 0, "AAPL US"},
		{"ticker suffix", Ticker, "VOD.L", 1, "VOD GB"},
		{"ticker yellow key", Ticker, "VOD LN Equity", 1, "VOD GB"},
		{"wide ticker", Ticker, "ABCDEFGHIJKLMNOPQRST UN", 2, "ABCDEFGHIJKLMNOPQRST US"},
		{"wide ticker canonical", Ticker, "ABCDEFGHIJKLMNOPQRST US", 2, "ABCDEFGHIJKLMNOPQRST US"},
		{"figi", FIGI, "BBG000B9XRY4", 2, "BBG000B9XRY4"},
		{"unknown isin", ISIN, "US5949181045", -1, "US5949181045"},
		{"unknown ticker", Ticker, "MSFT US", -1, "MSFT US"},
		{"unknown short ticker form", Ticker, "MSFT.O", -1, "MSFT US"},
		{"a ticker's value as an isin", ISIN, "AAPL US", -1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id, i, err := m.Find(tc.kind, tc.text)
			if tc.id == "" {
				if !errors.Is(err, ErrInvalidID) || i != -1 {
					t.Fatalf("Find = %v, %d, %v; want an ErrInvalidID", id, i, err)
				}
				return
			}
			if err != nil || i != tc.want || id != (ID{Kind: tc.kind, Value: tc.id}) {
				t.Fatalf("Find(%v, %q) = %v, %d, %v; want %s, %d", tc.kind, tc.text, id, i, err, tc.id, tc.want)
			}
			if got := m.Index(id); got != tc.want {
				t.Errorf("Index(%v) = %d, want %d", id, got, tc.want)
			}
			if sec := m.Lookup(id); (sec == nil) != (tc.want < 0) || sec != nil && sec != m.At(tc.want) {
				t.Errorf("Lookup(%v) = %v", id, sec)
			}
		})
	}
	if got := m.At(1).Issuer; got != "Vodafone Group Plc" {
		t.Errorf("At(1) = %q", got)
	}
	var none *Master
	if id, i, err := none.Find(Ticker, "941 HK"); err != nil || i != -1 || id.Value != "941 HK" {
		t.Errorf("nil master: Find = %v, %d, %v", id, i, err)
	}
}

// TestMasterFindAllocatesNothing: finding a security the master knows, by
// ISIN or by a ticker in any notation, allocates nothing.
func TestMasterFindAllocatesNothing(t *testing.T) {
	m, err := NewMaster([]Security{{IDs: []ID{mustID(t, ISIN, "HK0941009539"), mustID(t, Ticker, "941 HK")}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []struct {
		k Kind
		s string
	}{{ISIN, "HK0941009539"}, {Ticker, "941 HK"}, {Ticker, "0941.HK"}, {Ticker, "HKEX:941"}, {Ticker, "941 hk equity"}, {Ticker, "XHKG:0941"}} {
		if n := testing.AllocsPerRun(50, func() { _, _, _ = m.Find(in.k, in.s) }); n != 0 {
			t.Errorf("Find(%v, %q) allocates %.1f times, want 0", in.k, in.s, n)
		}
	}
}

// TestMasterConflicts: an identifier two securities claim is refused,
// also when the second claims it through the table's growth; a derived
// CUSIP never displaces one a security has itself.
func TestMasterConflicts(t *testing.T) {
	isin := mustID(t, ISIN, "US0378331005")
	if _, err := NewMaster([]Security{{Line: 2, IDs: []ID{isin}}, {Line: 3, IDs: []ID{isin}}}); !errors.Is(err, ErrConflict) {
		t.Errorf("two securities with one ISIN: %v, want ErrConflict", err)
	}
	if _, err := NewMaster([]Security{{Line: 2, IDs: []ID{{Kind: 0, Value: "X"}}}}); !errors.Is(err, ErrInvalidID) {
		t.Errorf("an identifier of no kind: %v, want ErrInvalidID", err)
	}
	own := mustID(t, CUSIP, "037833100")
	m, err := NewMaster([]Security{{Line: 2, IDs: []ID{isin}}, {Line: 3, IDs: []ID{own}}})
	if err != nil {
		t.Fatal(err)
	}
	if i := m.Index(own); i != 1 {
		t.Errorf("the CUSIP a security has itself names security %d, want 1", i)
	}
	// Many securities: the tables grow and keep every key.
	var secs []Security
	for i := 0; i < 5000; i++ {
		secs = append(secs, Security{Line: i + 2, IDs: []ID{{Kind: Ticker, Value: fmt.Sprintf("T%d US", i)}, {Kind: Ticker, Value: fmt.Sprintf("LONGSYMBOL%010d US", i)}}})
	}
	secs = append(secs, Security{Line: 9999, IDs: []ID{{Kind: Ticker, Value: "T4321 US"}}})
	if _, err := NewMaster(secs); !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "lines 4323 and 9999") {
		t.Errorf("a repeated ticker among 5000 securities: %v, want ErrConflict naming lines 4323 and 9999", err)
	}
	m, err = NewMaster(secs[:5000])
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5000; i += 97 {
		for _, id := range secs[i].IDs {
			if got := m.Index(id); got != i {
				t.Fatalf("Index(%v) = %d, want %d", id, got, i)
			}
		}
	}
	// A value longer than any table's key, as code may give.
	odd := ID{Kind: Ticker, Value: strings.Repeat("Z", 30)}
	m, err = NewMaster([]Security{{IDs: []ID{odd}}})
	if err != nil || m.Index(odd) != 0 {
		t.Errorf("a long value: %v, index %d", err, m.Index(odd))
	}
}

// TestReadMasterManyRows: a master of more rows than one chunk of rows
// or of identifiers holds reads back whole, every row with its own
// identifiers, issuer, type and line, each found by every identifier.
func TestReadMasterManyRows(t *testing.T) {
	const n = 3*masterChunk + 17
	var b strings.Builder
	b.WriteString("isin,cusip,ticker,issuer,type\n")
	for i := 0; i < n; i++ {
		cusip := withCUSIPCheck(fmt.Sprintf("%08d", i))
		switch i % 3 {
		case 0: // one identifier
			fmt.Fprintf(&b, ",%s,,Issuer %d,\n", cusip, i)
		case 1: // three
			isin := "US" + cusip
			isin += string(isinCheckDigit(isin))
			fmt.Fprintf(&b, "%s,%s,T%d US,Issuer %d,bond\n", isin, cusip, i, i)
		default:
			fmt.Fprintf(&b, ",,T%d US,Issuer %d,ADR\n", i, i)
		}
	}
	m, err := ReadMaster(strings.NewReader(b.String()), "big.csv")
	if err != nil {
		t.Fatal(err)
	}
	if m.Len() != n {
		t.Fatalf("Len = %d, want %d", m.Len(), n)
	}
	for i := 0; i < n; i++ {
		s := m.At(i)
		want := []int{1, 3, 1}[i%3]
		if s.Line != i+2 || len(s.IDs) != want || s.Issuer != fmt.Sprintf("Issuer %d", i) || s.Type != []Type{Equity, Bond, ADR}[i%3] {
			t.Fatalf("security %d: %+v", i, s)
		}
		for _, id := range s.IDs {
			if got := m.Index(id); got != i {
				t.Fatalf("security %d: Index(%v) = %d", i, id, got)
			}
		}
	}
}

// TestNewMasterCopies: NewMaster leaves the caller's securities, and
// their identifiers, as they were.
func TestNewMasterCopies(t *testing.T) {
	isin, tk := mustID(t, ISIN, "US0378331005"), mustID(t, Ticker, "AAPL US")
	secs := []Security{{Line: 2, IDs: []ID{isin, tk}}}
	before := unsafe.StringData(secs[0].IDs[1].Value)
	m, err := NewMaster(secs)
	if err != nil {
		t.Fatal(err)
	}
	if unsafe.StringData(secs[0].IDs[1].Value) != before || secs[0].Type != "" {
		t.Error("NewMaster changed the caller's securities")
	}
	secs[0].IDs[0] = ID{}
	if m.At(0).IDs[0] != isin || m.Index(isin) != 0 {
		t.Error("the Master shares the caller's identifiers")
	}
}

// withCUSIPCheck appends the check digit to an 8-digit CUSIP body (the
// modulus 10 double-add-double of digits).
func withCUSIPCheck(body string) string {
	sum := 0
	for i := 0; i < 8; i++ {
		v := int(body[i] - '0')
		if i%2 == 1 {
			v *= 2
		}
		sum += v/10 + v%10
	}
	return body + string(rune('0'+(10-sum%10)%10))
}

// TestReadMasterSharesIssuerNames: the securities of one issuer share one
// copy of its name, and types are the package's constants: nothing of a
// row's text is kept but in the master's own copies.
func TestReadMasterSharesIssuerNames(t *testing.T) {
	m, err := ReadMaster(strings.NewReader("ticker,issuer,type\nA US,Acme Corp,ADR\nB US,Other,equity\nC US,Acme Corp,bond\n"), "m.csv")
	if err != nil {
		t.Fatal(err)
	}
	a, c := m.At(0).Issuer, m.At(2).Issuer
	if a != "Acme Corp" || unsafe.StringData(a) != unsafe.StringData(c) {
		t.Errorf("issuers %q and %q are not one string", a, c)
	}
	for i, want := range []Type{ADR, Equity, Bond} {
		if got := m.At(i).Type; got != want || unsafe.StringData(string(got)) != unsafe.StringData(string(want)) {
			t.Errorf("security %d: type %q is not the constant %q", i, got, want)
		}
	}
}

// TestMasterFirstErrorOfMany: in a master large enough for its tables to
// be filled in parallel, the error returned is the first in the
// securities' order, whichever table it is in.
func TestMasterFirstErrorOfMany(t *testing.T) {
	var secs []Security
	for i := 0; i < parallelFill; i++ {
		isin := fmt.Sprintf("XS%09d", i)
		isin += string(isinCheckDigit(isin))
		secs = append(secs, Security{Line: i + 2, IDs: []ID{{Kind: ISIN, Value: isin}, {Kind: Ticker, Value: fmt.Sprintf("T%d US", i)}}})
	}
	if _, err := NewMaster(secs); err != nil {
		t.Fatal(err)
	}
	with := func(extra ...Security) []Security { return append(append([]Security(nil), secs...), extra...) }
	isinAgain := Security{Line: 90001, IDs: []ID{secs[7].IDs[0]}}
	tickerAgain := Security{Line: 90002, IDs: []ID{secs[9].IDs[1]}}
	noKind := Security{Line: 90003, IDs: []ID{{Kind: 0, Value: "X"}}}
	for _, tc := range []struct {
		name  string
		secs  []Security
		is    error
		lines string
	}{
		{"isin first", with(isinAgain, tickerAgain, noKind), ErrConflict, "lines 9 and 90001"},
		{"ticker first", with(tickerAgain, isinAgain), ErrConflict, "lines 11 and 90002"},
		{"no kind first", with(noKind, tickerAgain, isinAgain), ErrInvalidID, "line 90003"},
	} {
		_, err := NewMaster(tc.secs)
		if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.lines) {
			t.Errorf("%s: %v, want %v naming %s", tc.name, err, tc.is, tc.lines)
		}
	}
}
