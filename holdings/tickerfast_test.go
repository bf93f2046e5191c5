package holdings

import (
	"testing"
)

// fastAgrees fails t unless tickerFast and the general parser agree on in:
// the same ID when the fast path accepts it, and when it does not, the
// general parser rejects it or the input is outside the fast path's reach
// (non-ASCII or very long).
func fastAgrees(t *testing.T, in string) {
	t.Helper()
	slow, err := parseTicker(in)
	fast, ok := tickerFast(in)
	switch {
	case ok && (err != nil || fast != slow):
		t.Fatalf("tickerFast(%q) = %v; parseTicker = %v, %v", in, fast, slow, err)
	case !ok && err == nil && inFastReach(in):
		t.Fatalf("tickerFast(%q) refused what parseTicker reads as %v", in, slow)
	}
}

func inFastReach(in string) bool {
	t := trimASCIISpace([]byte(in))
	if len(t) > maxFastTicker {
		return false
	}
	for _, c := range []byte(in) {
		if c >= 0x80 {
			return false
		}
	}
	fields := 0
	for i := 0; i < len(t); i++ {
		if !isASCIISpace(t[i]) && (i == 0 || isASCIISpace(t[i-1])) {
			fields++
		}
	}
	return fields <= maxFastFields
}

// TestTickerFastAgrees: the allocation-free parser gives the general
// parser's ID for every ticker of the unit-test tables and their variants,
// and refuses exactly the inputs the general parser rejects.
func TestTickerFastAgrees(t *testing.T) {
	var ins []string
	for _, c := range tickerCases {
		ins = append(ins, c.in, c.want, " "+c.in+" ", c.in+" Equity", c.in+" equity", "\t"+c.in)
	}
	ins = append(ins, "EQUITY", "EQUITY EQUITY", "0 HK", "000 HK", "0000.HK", "A B C D", "BRK. B US", "BRK .B",
		"NYSE:BRK:B", "NYSE:A B", "HK:0941", "941 HK EQUITY EQUITY", "A&B US", "&B US", "9A US", "12AB", "1.B", "A.B.C.D",
		"ABCDEFGHIJKLMNOPQRST US", "ABCDEFGHIJKLMNOPQRSTU US", "00000000000000000000001 HK", "X.BE", "X.", ".X",
		"0A12 US", "00A1.HK", "XNYS:0AB", "0A.B", "007 HK", "0/1 HK", "0 1 HK")
	for _, in := range ins {
		t.Run(in, func(t *testing.T) { fastAgrees(t, in) })
	}
}

// TestParseTickerGeneral: the general parser, which reads what the fast
// one leaves to it, passes the ticker table on its own.
func TestParseTickerGeneral(t *testing.T) {
	runIDCases(t, Ticker, parseTicker, tickerCases)
	for _, in := range []string{"0A12 US", "A12 US"} {
		if id, err := parseTicker(in); err != nil || id.Value != in {
			t.Errorf("parseTicker(%q) = %v, %v; want %s: only all-digit symbols lose leading zeros", in, id, err, in)
		}
	}
}

func FuzzTickerFast(f *testing.F) {
	seedIDFuzz(f, tickerCases)
	f.Fuzz(func(t *testing.T, in string) { fastAgrees(t, in) })
}

// TestParseTickerAllocatesNothing: a ticker in any accepted form parses
// without allocating, once its canonical form has been made (the first
// parse of a form that is not canonical makes it).
func TestParseTickerAllocatesNothing(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"bloomberg", "941 HK", "941 HK"},
		{"leading zero", "0941 HK", "941 HK"},
		{"suffix", "0941.HK", "941 HK"},
		{"exchange name", "HKEX:941", "941 HK"},
		{"mic", "XHKG:0941", "941 HK"},
		{"yellow key", "941 HK Equity", "941 HK"},
		{"lower case", "0941 hk equity", "941 HK"},
		{"two spaces", "941  HK", "941 HK"},
		{"bloomberg exchange code", "600677 CH", "600677 CN"},
		{"run-on code", "603019CN", "603019 CN"},
		{"bare", "AAPL", "AAPL US"},
		{"share class", "BRK.B", "BRK/B US"},
		{"share class space", "BRK B", "BRK/B US"},
		{"canonical class", "BRK/B US", "BRK/B US"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if id, err := ParseTicker(tc.in); err != nil || id.Value != tc.want {
				t.Fatalf("ParseTicker(%q) = %v, %v; want %s", tc.in, id, err, tc.want)
			}
			if n := testing.AllocsPerRun(100, func() { _, _ = ParseTicker(tc.in) }); n != 0 {
				t.Errorf("ParseTicker(%q) allocates %.1f times, want 0", tc.in, n)
			}
		})
	}
}

// TestInternTableBounded: the intern table hands out equal strings for
// equal values, stops growing at maxInterned, and keeps answering.
func TestInternTableBounded(t *testing.T) {
	var tab internTable
	a := tab.intern([]byte("941 HK"))
	b := tab.intern([]byte("941 HK"))
	if a != "941 HK" || b != a {
		t.Fatalf("intern = %q, %q", a, b)
	}
	for i := 0; i < maxInterned+1000; i++ {
		v := []byte{byte(i), byte(i >> 8), byte(i >> 16), byte(i >> 24)}
		if got := tab.intern(v); got != string(v) {
			t.Fatalf("intern(%q) = %q", v, got)
		}
	}
	size := len(tab.dirty)
	if m := tab.read.Load(); m != nil {
		size += len(*m)
	}
	if size > maxInterned {
		t.Errorf("table holds %d values, want at most %d", size, maxInterned)
	}
}

func BenchmarkParseTicker(b *testing.B) {
	forms := []string{"941 HK", "0941.HK", "HKEX:941", "941 HK Equity", "XHKG:0941", "0941 hk", "600677 CH", "603019CN", "AAPL", "BRK.B"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ParseTicker(forms[i%len(forms)]); err != nil {
			b.Fatal(err)
		}
	}
}

// referenceISINCheckDigit is the ISIN algorithm as the standard writes
// it: expand the letters into digits, then Luhn over the digit string.
func referenceISINCheckDigit(body string) byte {
	var digits []int
	for i := 0; i < len(body); i++ {
		v := alnumCharValue(body[i])
		if v >= 10 {
			digits = append(digits, v/10, v%10)
		} else {
			digits = append(digits, v)
		}
	}
	sum := 0
	for i := len(digits) - 1; i >= 0; i-- {
		d := digits[i]
		if (len(digits)-1-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}

// TestISINCheckDigitReference: the right-to-left check digit equals the
// standard's expand-then-Luhn one on every body of a deterministic sample
// (all letters, all digits, mixed).
func TestISINCheckDigitReference(t *testing.T) {
	const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	seed := uint32(1)
	for n := 0; n < 20000; n++ {
		b := make([]byte, 11)
		for i := range b {
			seed = seed*1664525 + 1013904223
			switch n % 3 {
			case 0:
				b[i] = chars[seed>>8%36]
			case 1:
				b[i] = chars[seed>>8%10]
			default:
				b[i] = chars[10+seed>>8%26]
			}
		}
		if got, want := isinCheckDigit(string(b)), referenceISINCheckDigit(string(b)); got != want {
			t.Fatalf("isinCheckDigit(%s) = %c, want %c", b, got, want)
		}
	}
}
