package holdings

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// idCase is one table row for a parser: want is the canonical Value of a
// successful parse; wantErr, when set, is the sentinel the error must match.
type idCase struct {
	name    string
	in      string
	want    string
	wantErr error
}

// runIDCases runs cases against parse, which must return IDs of kind k.
func runIDCases(t *testing.T, k Kind, parse func(string) (ID, error), cases []idCase) {
	t.Helper()
	for _, tc := range cases {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			got, err := parse(tc.in)
			if tc.wantErr != nil {
				if err == nil {
					t.Fatalf("parse(%q) = %v, want error matching %v", tc.in, got, tc.wantErr)
				}
				if !errors.Is(err, tc.wantErr) {
					t.Errorf("parse(%q) error %v does not match %v", tc.in, err, tc.wantErr)
				}
				checkIDError(t, err, k, tc.in)
				if got != (ID{}) {
					t.Errorf("parse(%q) = %v with an error, want the zero ID", tc.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("parse(%q) error: %v", tc.in, err)
			}
			if want := (ID{Kind: k, Value: tc.want}); got != want {
				t.Errorf("parse(%q) = %#v, want %#v", tc.in, got, want)
			}
			again, err := parse(got.Value)
			if err != nil || again != got {
				t.Errorf("parse(%q) = %v, %v; want %v (idempotent)", got.Value, again, err, got)
			}
			if viaID, err := ParseID(k, tc.in); err != nil || viaID != got {
				t.Errorf("ParseID(%v, %q) = %v, %v; want %v", k, tc.in, viaID, err, got)
			}
		})
	}
}

// checkIDError checks that err is an *IDError for kind k and input in that
// matches ErrInvalidID and has a lower-case message of the documented form.
func checkIDError(t *testing.T, err error, k Kind, in string) {
	t.Helper()
	var ie *IDError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not an *IDError", err, err)
	}
	if ie.Kind != k || ie.Input != in {
		t.Errorf("IDError{Kind: %v, Input: %q}, want {%v, %q}", ie.Kind, ie.Input, k, in)
	}
	if !errors.Is(err, ErrInvalidID) {
		t.Errorf("error %v does not match ErrInvalidID", err)
	}
	if ie.Reason == "" {
		t.Errorf("error %v has no reason", err)
	}
	prefix := "invalid " + k.String() + " "
	if msg := err.Error(); !strings.HasPrefix(msg, prefix) {
		t.Errorf("error %q does not start with %q", msg, prefix)
	}
}

var isinCases = []idCase{
	{name: "china mobile adr", in: "US16941M1099", want: "US16941M1099"},
	{name: "china mobile hk", in: "HK0941009539", want: "HK0941009539"},
	{name: "china mainland", in: "CNE1000002V2", want: "CNE1000002V2"},
	{name: "apple", in: "US0378331005", want: "US0378331005"},
	{name: "bae systems", in: "GB0002634946", want: "GB0002634946"},
	{name: "tencent cayman", in: "KYG875721634", want: "KYG875721634"},
	{name: "lower case", in: "us16941m1099", want: "US16941M1099"},
	{name: "surrounding spaces", in: "  US0378331005\t", want: "US0378331005"},
	{name: "bad check digit", in: "US0378331009", wantErr: ErrCheckDigit},
	{name: "transposed digits", in: "US0378331050", wantErr: ErrCheckDigit},
	{name: "too short", in: "US037833100", wantErr: ErrInvalidID},
	{name: "too long", in: "US03783310055", wantErr: ErrInvalidID},
	{name: "empty", in: "", wantErr: ErrInvalidID},
	{name: "blank", in: "   ", wantErr: ErrInvalidID},
	{name: "digit country", in: "1S0378331005", wantErr: ErrInvalidID},
	{name: "letter check digit", in: "US037833100X", wantErr: ErrInvalidID},
	{name: "inner space", in: "US 378331005", wantErr: ErrInvalidID},
	{name: "punctuation", in: "US03783310-5", wantErr: ErrInvalidID},
	{name: "non ascii same rune count", in: "US0378331ö05", wantErr: ErrInvalidID},
	{name: "long s is not s", in: "Uſ0378331005", wantErr: ErrInvalidID},
}

func TestParseISIN(t *testing.T) {
	runIDCases(t, ISIN, ParseISIN, isinCases)
}

var cusipCases = []idCase{
	{name: "apple", in: "037833100", want: "037833100"},
	{name: "china mobile adr", in: "16941M109", want: "16941M109"},
	{name: "tencent cins", in: "G87572163", want: "G87572163"},
	{name: "lower case", in: "16941m109", want: "16941M109"},
	{name: "spaces", in: " 037833100 ", want: "037833100"},
	{name: "private placement bad check digit", in: "0378*@#00", wantErr: ErrCheckDigit},
	{name: "bad check digit", in: "037833101", wantErr: ErrCheckDigit},
	{name: "bad check digit letters", in: "16941M108", wantErr: ErrCheckDigit},
	{name: "too short", in: "03783310", wantErr: ErrInvalidID},
	{name: "too long", in: "0378331000", wantErr: ErrInvalidID},
	{name: "bad character", in: "03783$100", wantErr: ErrInvalidID},
	{name: "letter check digit", in: "03783310A", wantErr: ErrInvalidID},
	{name: "empty", in: "", wantErr: ErrInvalidID},
}

func TestParseCUSIP(t *testing.T) {
	runIDCases(t, CUSIP, ParseCUSIP, cusipCases)
	// A private-placement CUSIP with the right check digit parses.
	body := "0378*@#0"
	pp := body + naiveCUSIPCheck(body)
	if id, err := ParseCUSIP(pp); err != nil || id.Value != pp {
		t.Errorf("ParseCUSIP(%q) = %v, %v", pp, id, err)
	}
}

var sedolCases = []idCase{
	{name: "bae systems", in: "0263494", want: "0263494"},
	{name: "letters", in: "B0YBKJ7", want: "B0YBKJ7"},
	{name: "lower case", in: "b0ybkj7", want: "B0YBKJ7"},
	{name: "spaces", in: " 0263494\n", want: "0263494"},
	{name: "bad check digit", in: "0263495", wantErr: ErrCheckDigit},
	{name: "bad check digit letters", in: "B0YBKJ1", wantErr: ErrCheckDigit},
	{name: "vowel", in: "B0YAKJ7", wantErr: ErrInvalidID},
	{name: "vowel u", in: "U0YBKJ7", wantErr: ErrInvalidID},
	{name: "too short", in: "026349", wantErr: ErrInvalidID},
	{name: "too long", in: "02634940", wantErr: ErrInvalidID},
	{name: "letter check digit", in: "026349B", wantErr: ErrInvalidID},
	{name: "punctuation", in: "02-3494", wantErr: ErrInvalidID},
}

func TestParseSEDOL(t *testing.T) {
	runIDCases(t, SEDOL, ParseSEDOL, sedolCases)
}

var figiCases = []idCase{
	{name: "ibm", in: "BBG000BLNNH6", want: "BBG000BLNNH6"},
	{name: "apple", in: "BBG000B9XRY4", want: "BBG000B9XRY4"},
	{name: "microsoft", in: "BBG000BPH459", want: "BBG000BPH459"},
	{name: "non bbg prefix", in: "NRG92C84SB39", want: "NRG92C84SB39"},
	{name: "lower case", in: "bbg000blnnh6", want: "BBG000BLNNH6"},
	{name: "spaces", in: " BBG000BLNNH6 ", want: "BBG000BLNNH6"},
	{name: "bad check digit", in: "BBG000BLNNH7", wantErr: ErrCheckDigit},
	{name: "too short", in: "BBG000BLNNH", wantErr: ErrInvalidID},
	{name: "too long", in: "BBG000BLNNH66", wantErr: ErrInvalidID},
	{name: "third not g", in: "BBX000BLNNH6", wantErr: ErrInvalidID},
	{name: "vowel", in: "BBG000BLANH6", wantErr: ErrInvalidID},
	{name: "vowel prefix", in: "ABG000BLNNH6", wantErr: ErrInvalidID},
	{name: "digit prefix", in: "B1G000BLNNH6", wantErr: ErrInvalidID},
	{name: "reserved prefix gb", in: "GBG000BLNNH6", wantErr: ErrInvalidID},
	{name: "reserved prefix ky", in: "KYG000BLNNH6", wantErr: ErrInvalidID},
	{name: "letter check digit", in: "BBG000BLNNHX", wantErr: ErrInvalidID},
	{name: "isin is not a figi", in: "US0378331005", wantErr: ErrInvalidID},
}

func TestParseFIGI(t *testing.T) {
	runIDCases(t, FIGI, ParseFIGI, figiCases)
}

var tickerCases = []idCase{
	// The four forms of China Mobile in Hong Kong.
	{name: "bloomberg", in: "941 HK", want: "941 HK"},
	{name: "bloomberg leading zero", in: "0941 HK", want: "941 HK"},
	{name: "suffix", in: "0941.HK", want: "941 HK"},
	{name: "mic prefix", in: "XHKG:941", want: "941 HK"},
	{name: "bloomberg code prefix", in: "HK:941", want: "941 HK"},
	{name: "hkex prefix", in: "HKEX:0941", want: "941 HK"},
	{name: "equity yellow key", in: "941 HK Equity", want: "941 HK"},
	{name: "equity yellow key upper", in: "0941 HK EQUITY", want: "941 HK"},
	{name: "lower case", in: "941 hk equity", want: "941 HK"},
	{name: "surrounding spaces", in: "  941 HK  ", want: "941 HK"},
	{name: "zeros stripped", in: "00883 HK", want: "883 HK"},
	{name: "zero stays", in: "0 HK", want: "0 HK"},
	{name: "zeros to zero", in: "000.HK", want: "0 HK"},

	// Mainland China.
	{name: "missing space", in: "603019CN", want: "603019 CN"},
	{name: "missing space ch", in: "600519CH", want: "600519 CN"},
	{name: "double space", in: "600677  CN", want: "600677 CN"},
	{name: "ch is china", in: "600519 CH", want: "600519 CN"},
	{name: "shanghai connect", in: "600519 C1", want: "600519 CN"},
	{name: "shenzhen leading zeros", in: "002415 CS", want: "2415 CN"},
	{name: "shanghai suffix", in: "600519.SS", want: "600519 CN"},
	{name: "shanghai sh suffix", in: "600519.SH", want: "600519 CN"},
	{name: "shenzhen suffix", in: "000001.SZ", want: "1 CN"},
	{name: "shanghai mic", in: "XSHG:600519", want: "600519 CN"},
	{name: "shenzhen mic", in: "XSHE:002415", want: "2415 CN"},
	{name: "sse name", in: "SSE:600519", want: "600519 CN"},
	{name: "szse name", in: "SZSE:000001", want: "1 CN"},

	// Other suffixes.
	{name: "xetra suffix", in: "BMW.DE", want: "BMW DE"},
	{name: "frankfurt suffix", in: "SAP.F", want: "SAP DE"},
	{name: "stuttgart suffix", in: "SAP.SG", want: "SAP DE"},
	{name: "singapore suffix", in: "D05.SI", want: "D05 SG"},
	{name: "toronto suffix", in: "RY.TO", want: "RY CA"},
	{name: "venture suffix", in: "ABC.V", want: "ABC CA"},
	{name: "cse suffix is canada", in: "ABC.CN", want: "ABC CA"},
	{name: "london suffix", in: "VOD.L", want: "VOD GB"},
	{name: "tokyo suffix", in: "7203.T", want: "7203 JP"},
	{name: "b3 suffix", in: "PETR4.SA", want: "PETR4 BR"},
	{name: "moscow suffix", in: "SBER.ME", want: "SBER RU"},
	{name: "buenos aires suffix", in: "GGAL.BA", want: "GGAL AR"},
	{name: "swiss suffix", in: "NESN.SW", want: "NESN SW"},
	{name: "korea suffix", in: "005930.KS", want: "5930 KR"},
	{name: "nse suffix with ampersand", in: "M&M.NS", want: "M&M IN"},
	{name: "nyse suffix", in: "IBM.N", want: "IBM US"},
	{name: "nasdaq suffix", in: "AAPL.O", want: "AAPL US"},
	{name: "nasdaq oq suffix", in: "AAPL.OQ", want: "AAPL US"},
	{name: "class and suffix", in: "BBD.B.TO", want: "BBD/B CA"},
	{name: "dash class and suffix", in: "BT-A.L", want: "BT/A GB"},

	// Other prefixes and codes.
	{name: "nyse mic", in: "XNYS:IBM", want: "IBM US"},
	{name: "nyse name", in: "NYSE:IBM", want: "IBM US"},
	{name: "nasdaq name", in: "nasdaq:aapl", want: "AAPL US"},
	{name: "prefix with spaces", in: "NYSE : IBM", want: "IBM US"},
	{name: "prefix class", in: "NYSE:BRK.B", want: "BRK/B US"},
	{name: "bloomberg us exchange", in: "IBM UN", want: "IBM US"},
	{name: "bloomberg us class", in: "BRK/B US Equity", want: "BRK/B US"},
	{name: "bloomberg us class space", in: "BRK B US", want: "BRK/B US"},
	{name: "bloomberg london", in: "VOD LN", want: "VOD GB"},
	{name: "bloomberg germany", in: "SAP GY", want: "SAP DE"},
	{name: "bloomberg swiss", in: "NESN SW", want: "NESN SW"},
	{name: "bloomberg swiss exchange", in: "NESN SE", want: "NESN SW"},
	{name: "bloomberg canada", in: "RY CT", want: "RY CA"},
	{name: "bloomberg russia", in: "SBER RM", want: "SBER RU"},

	// Bare symbols are US listings.
	{name: "bare", in: "AAPL", want: "AAPL US"},
	{name: "bare lower", in: "aapl", want: "AAPL US"},
	{name: "share class dot", in: "BRK.B", want: "BRK/B US"},
	{name: "share class slash", in: "BRK/B", want: "BRK/B US"},
	{name: "share class dash", in: "BF-B", want: "BF/B US"},
	{name: "share class dot bf", in: "BF.B", want: "BF/B US"},
	{name: "share class space", in: "BRK B", want: "BRK/B US"},
	{name: "share class a not amex", in: "BRK.A", want: "BRK/A US"},
	{name: "bare digits then letters", in: "3M", wantErr: ErrInvalidID},

	// Errors.
	{name: "bare digits", in: "941", wantErr: ErrInvalidID},
	{name: "bare digits class", in: "941.B", wantErr: ErrInvalidID},
	{name: "unknown code", in: "FOO ZZ", wantErr: ErrUnknownExchange},
	{name: "unknown long code", in: "FOO BAR BAZ", wantErr: ErrUnknownExchange},
	{name: "unknown suffix", in: "FOO.ZZ", wantErr: ErrUnknownExchange},
	{name: "unknown mic", in: "XXXX:FOO", wantErr: ErrUnknownExchange},
	{name: "unknown run-on code", in: "603019ZZ", wantErr: ErrUnknownExchange},
	{name: "empty", in: "", wantErr: ErrInvalidID},
	{name: "blank", in: " \t ", wantErr: ErrInvalidID},
	{name: "empty symbol suffix", in: ".HK", wantErr: ErrInvalidID},
	{name: "empty suffix", in: "941.", wantErr: ErrInvalidID},
	{name: "empty prefix", in: ":941", wantErr: ErrInvalidID},
	{name: "empty symbol prefix", in: "XHKG:", wantErr: ErrInvalidID},
	{name: "space after prefix", in: "XHKG:941 HK", wantErr: ErrInvalidID},
	{name: "two colons", in: "XHKG:941:HK", wantErr: ErrInvalidID},
	{name: "bad character", in: "IB$ US", wantErr: ErrInvalidID},
	{name: "non ascii", in: "ÅPL US", wantErr: ErrInvalidID},
	{name: "double separator", in: "BRK..B", wantErr: ErrInvalidID},
	{name: "leading separator", in: "-B US", wantErr: ErrInvalidID},
	{name: "too many parts", in: "A/B/C/D US", wantErr: ErrInvalidID},
	{name: "too long", in: "ABCDEFGHIJKLMNOPQRSTU US", wantErr: ErrInvalidID},
}

func TestParseTicker(t *testing.T) {
	runIDCases(t, Ticker, ParseTicker, tickerCases)
}

func TestFourFormsSameID(t *testing.T) {
	want := ID{Kind: Ticker, Value: "941 HK"}
	for _, in := range []string{"941 HK", "0941 HK", "0941.HK", "XHKG:941"} {
		got, err := ParseTicker(in)
		if err != nil || got != want {
			t.Errorf("ParseTicker(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}

func TestTickerErrorReasons(t *testing.T) {
	for _, tc := range []struct {
		name, in, reason string
	}{
		{name: "bare digits", in: "941", reason: "no exchange given"},
		{name: "unknown code", in: "FOO ZZ", reason: `unknown exchange code "ZZ"`},
		{name: "unknown suffix", in: "FOO.ZZ", reason: `unknown exchange suffix ".ZZ"`},
		{name: "unknown mic", in: "XXXX:FOO", reason: `unknown exchange "XXXX"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseTicker(tc.in)
			var ie *IDError
			if !errors.As(err, &ie) {
				t.Fatalf("ParseTicker(%q) error = %v, want *IDError", tc.in, err)
			}
			if ie.Reason != tc.reason {
				t.Errorf("ParseTicker(%q) reason = %q, want %q", tc.in, ie.Reason, tc.reason)
			}
		})
	}
}

func TestIDError(t *testing.T) {
	_, err := ParseISIN("US0378331009")
	const want = `invalid isin "US0378331009": check digit is 9, want 5`
	if err == nil || err.Error() != want {
		t.Fatalf("ParseISIN error = %v, want %s", err, want)
	}
	if !errors.Is(err, ErrInvalidID) || !errors.Is(err, ErrCheckDigit) || errors.Is(err, ErrUnknownExchange) {
		t.Errorf("error %v matches the wrong sentinels", err)
	}

	_, err = ParseTicker("FOO ZZ")
	if !errors.Is(err, ErrInvalidID) || !errors.Is(err, ErrUnknownExchange) || errors.Is(err, ErrCheckDigit) {
		t.Errorf("error %v matches the wrong sentinels", err)
	}

	_, err = ParseSEDOL("B0YBKJ1")
	var ie *IDError
	if !errors.As(err, &ie) || ie.Reason != "check digit is 1, want 7" {
		t.Errorf("ParseSEDOL error = %#v, want reason naming check digit 7", err)
	}

	_, err = ParseCUSIP("12")
	if errors.Is(err, ErrCheckDigit) || errors.Is(err, ErrUnknownExchange) {
		t.Errorf("length error %v matches a specific sentinel", err)
	}
	if msg := err.Error(); msg != strings.ToLower(msg) {
		t.Errorf("error %q is not lower case", msg)
	}
}

func TestParseIDUnknownKind(t *testing.T) {
	for _, k := range []Kind{0, Ticker + 1, 255} {
		id, err := ParseID(k, "US0378331005")
		if err == nil || !errors.Is(err, ErrInvalidID) {
			t.Errorf("ParseID(%d, ...) = %v, %v; want an ErrInvalidID error", k, id, err)
		}
		var ie *IDError
		if !errors.As(err, &ie) || ie.Kind != k {
			t.Errorf("ParseID(%d, ...) error %#v is not an *IDError of that kind", k, err)
		}
	}
}

func TestCUSIPISINRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name, isin, cusip string
	}{
		{name: "china mobile adr", isin: "US16941M1099", cusip: "16941M109"},
		{name: "apple", isin: "US0378331005", cusip: "037833100"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			isin := ID{Kind: ISIN, Value: tc.isin}
			c, ok := CUSIPFromISIN(isin)
			if want := (ID{Kind: CUSIP, Value: tc.cusip}); !ok || c != want {
				t.Errorf("CUSIPFromISIN(%v) = %v, %v; want %v", isin, c, ok, want)
			}
			back, err := ISINFromCUSIP(c, "us")
			if err != nil || back != isin {
				t.Errorf("ISINFromCUSIP(%v, \"us\") = %v, %v; want %v", c, back, err, isin)
			}
		})
	}

	// Tencent's CINS with country KY builds its real ISIN, but KY ISINs are
	// not taken apart.
	tencent := ID{Kind: CUSIP, Value: "G87572163"}
	if got, err := ISINFromCUSIP(tencent, "KY"); err != nil || got.Value != "KYG875721634" {
		t.Errorf("ISINFromCUSIP(%v, KY) = %v, %v; want KYG875721634", tencent, got, err)
	}
	for _, isin := range []ID{
		{Kind: ISIN, Value: "KYG875721634"}, // not US or CA
		{Kind: ISIN, Value: "HK0941009539"},
		{Kind: ISIN, Value: "US0378331009"}, // bad check digit
		{Kind: CUSIP, Value: "037833100"},   // not an ISIN
		{},
	} {
		if c, ok := CUSIPFromISIN(isin); ok {
			t.Errorf("CUSIPFromISIN(%v) = %v, true; want false", isin, c)
		}
	}

	for _, tc := range []struct {
		name    string
		cusip   ID
		country string
	}{
		{name: "not a cusip", cusip: ID{Kind: ISIN, Value: "US0378331005"}, country: "US"},
		{name: "bad cusip", cusip: ID{Kind: CUSIP, Value: "037833101"}, country: "US"},
		{name: "bad country", cusip: ID{Kind: CUSIP, Value: "037833100"}, country: "U1"},
		{name: "long country", cusip: ID{Kind: CUSIP, Value: "037833100"}, country: "USA"},
		{name: "private placement", cusip: ID{Kind: CUSIP, Value: "0378*@#0" + naiveCUSIPCheck("0378*@#0")}, country: "US"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ISINFromCUSIP(tc.cusip, tc.country)
			if err == nil || !errors.Is(err, ErrInvalidID) {
				t.Errorf("ISINFromCUSIP(%v, %q) = %v, %v; want an ErrInvalidID error", tc.cusip, tc.country, got, err)
			}
		})
	}
}

func TestSEDOLFromISIN(t *testing.T) {
	for _, tc := range []struct {
		name   string
		isin   ID
		want   string
		wantOK bool
	}{
		{name: "bae systems", isin: ID{Kind: ISIN, Value: "GB0002634946"}, want: "0263494", wantOK: true},
		{name: "us isin", isin: ID{Kind: ISIN, Value: "US0378331005"}},
		{name: "bad isin", isin: ID{Kind: ISIN, Value: "GB0002634947"}},
		{name: "not an isin", isin: ID{Kind: SEDOL, Value: "0263494"}},
		{name: "zero", isin: ID{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := SEDOLFromISIN(tc.isin)
			if ok != tc.wantOK || (ok && got != (ID{Kind: SEDOL, Value: tc.want})) {
				t.Errorf("SEDOLFromISIN(%v) = %v, %v; want %s, %v", tc.isin, got, ok, tc.want, tc.wantOK)
			}
		})
	}
	// An Irish ISIN holds its SEDOL: iShares Core MSCI World UCITS ETF,
	// ISIN IE00B4L5Y983, SEDOL B4L5Y98 (as published by the issuer).
	ie := ID{Kind: ISIN, Value: "IE00B4L5Y983"}
	if got, ok := SEDOLFromISIN(ie); !ok || got.Value != "B4L5Y98" {
		t.Errorf("SEDOLFromISIN(%v) = %v, %v; want B4L5Y98", ie, got, ok)
	}
}

func TestMarketSymbol(t *testing.T) {
	for _, tc := range []struct {
		name           string
		id             ID
		market, symbol string
	}{
		{name: "hk ticker", id: ID{Kind: Ticker, Value: "941 HK"}, market: "HK", symbol: "941"},
		{name: "us class", id: ID{Kind: Ticker, Value: "BRK/B US"}, market: "US", symbol: "BRK/B"},
		{name: "isin", id: ID{Kind: ISIN, Value: "US0378331005"}, market: "", symbol: "US0378331005"},
		{name: "malformed ticker", id: ID{Kind: Ticker, Value: "AAPL"}, market: "", symbol: "AAPL"},
		{name: "zero", id: ID{}, market: "", symbol: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.id.Market(); got != tc.market {
				t.Errorf("%v.Market() = %q, want %q", tc.id, got, tc.market)
			}
			if got := tc.id.Symbol(); got != tc.symbol {
				t.Errorf("%v.Symbol() = %q, want %q", tc.id, got, tc.symbol)
			}
		})
	}
}

func TestMarkets(t *testing.T) {
	ms := Markets()
	if !sort.StringsAreSorted(ms) {
		t.Errorf("Markets() = %v, not sorted", ms)
	}
	for _, want := range []string{"AR", "AU", "BR", "CA", "CN", "DE", "FR", "GB", "HK", "IN", "JP", "KR", "NL", "RU", "SG", "SW", "TW", "US"} {
		if i := sort.SearchStrings(ms, want); i == len(ms) || ms[i] != want {
			t.Errorf("Markets() = %v, missing %s", ms, want)
		}
	}
	ms[0] = "XX"
	if Markets()[0] == "XX" {
		t.Error("Markets() shares its slice with the caller")
	}
	// Every market code parses back to itself, so Values are idempotent.
	for _, m := range Markets() {
		id, err := ParseTicker("ABC " + m)
		if err != nil || id.Market() != m {
			t.Errorf("ParseTicker(%q) = %v, %v; want market %s", "ABC "+m, id, err, m)
		}
	}
}

// TestMarketTable checks that no code, suffix or prefix is listed twice and
// that the mappings the package documents are present.
func TestMarketTable(t *testing.T) {
	seenBBG, seenSuf, seenPfx := map[string]string{}, map[string]string{}, map[string]string{}
	dup := func(seen map[string]string, what, k, m string) {
		if prev, ok := seen[k]; ok {
			t.Errorf("%s %q listed for both %s and %s", what, k, prev, m)
		}
		seen[k] = m
	}
	for _, row := range marketTable {
		dup(seenBBG, "bloomberg code", row.code, row.code)
		dup(seenPfx, "prefix", row.code, row.code)
		for _, k := range row.bloomberg {
			dup(seenBBG, "bloomberg code", k, row.code)
			dup(seenPfx, "prefix", k, row.code)
		}
		for _, k := range row.suffixes {
			dup(seenSuf, "suffix", k, row.code)
		}
		for _, k := range row.prefixes {
			dup(seenPfx, "prefix", k, row.code)
		}
	}

	want := map[string][]string{
		"US": {"US", "UN", "UW", "UQ", "UA", "UP", "UR", "UV", "UF", "PQ",
			".N", ".O", ".OQ", ".A", ".P", ".K", ".PK",
			"XNYS:", "XNAS:", "XASE:", "ARCX:", "BATS:", "XNGS:", "XNCM:", "XNMS:", "OTCM:", "PINX:", "XOTC:", "IEXG:",
			"NYSE:", "NASDAQ:", "AMEX:", "ARCA:", "OTC:"},
		"HK": {"HK", ".HK", "XHKG:", "HKEX:"},
		"CN": {"CN", "CH", "CG", "CS", "C1", "C2", ".SS", ".SH", ".SZ", "XSHG:", "XSHE:", "SSE:", "SZSE:"},
		"DE": {"DE", "GR", "GY", "GF", "GM", "GS", "GD", "GH", "GI",
			".DE", ".F", ".BE", ".MU", ".SG", ".DU", ".HM", ".HA",
			"XETR:", "XFRA:", "XBER:", "XMUN:", "XSTU:", "XDUS:", "XHAM:", "XHAN:"},
		"SG": {"SG", "SP", ".SI", "XSES:"},
		"BR": {"BR", "BZ", "BS", ".SA", "BVMF:"},
		"AR": {"AR", "AF", ".BA", "XBUE:"},
		"RU": {"RU", "RM", "RX", ".ME", ".MM", "MISX:", "RTSX:"},
		"CA": {"CA", "CT", "CV", "CF", ".TO", ".V", ".CN", ".NE", "XTSE:", "XTSX:", "XCNQ:"},
		"GB": {"GB", "LN", ".L", "XLON:"},
		"JP": {"JP", "JT", ".T", "XTKS:"},
		"TW": {"TW", "TT", ".TW", ".TWO", "XTAI:"},
		"KR": {"KR", "KS", "KQ", ".KS", ".KQ", "XKRX:"},
		"IN": {"IN", "IB", "IS", ".NS", ".BO", "XNSE:", "XBOM:"},
		"AU": {"AU", "AT", ".AX", "XASX:"},
		"FR": {"FR", "FP", ".PA", "XPAR:"},
		"NL": {"NL", "NA", ".AS", "XAMS:"},
		"SW": {"SW", "SE", ".SW", "XSWX:"},
	}
	for mkt, keys := range want {
		for _, k := range keys {
			var in string
			switch {
			case strings.HasPrefix(k, "."):
				in = "ABC" + k
			case strings.HasSuffix(k, ":"):
				in = k + "ABC"
			default:
				in = "ABC " + k
				// A Bloomberg code also works as a prefix.
				if id, err := ParseTicker(k + ":ABC"); err != nil || id.Market() != mkt {
					t.Errorf("ParseTicker(%q) = %v, %v; want market %s", k+":ABC", id, err, mkt)
				}
			}
			id, err := ParseTicker(in)
			if err != nil || id.Market() != mkt {
				t.Errorf("ParseTicker(%q) = %v, %v; want market %s", in, id, err, mkt)
			}
		}
	}
}

// naiveCUSIPCheck is the CUSIP check digit as the CUSIP Global Services
// description words it, written independently of the package's
// doubleAddDouble: characters valued 0-9, A=10 ... Z=35, *=36, @=37, #=38;
// every second one (from the left) doubled; the digits of all the values
// summed; the check digit is what brings the sum to a multiple of 10.
func naiveCUSIPCheck(body string) string {
	const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*@#"
	sum := 0
	for i, r := range body {
		v := strings.IndexRune(chars, r)
		if (i+1)%2 == 0 {
			v *= 2
		}
		for _, d := range fmt.Sprint(v) {
			sum += int(d - '0')
		}
	}
	return fmt.Sprint((10 - sum%10) % 10)
}

// TestPinIdentifierDerivations: a CA ISIN holds its CUSIP as a US one does
// (Barrick Gold: ISIN CA0679011084, CUSIP 067901108), and leading zeros are
// dropped from numeric symbols only (0941 HK is 941 HK; 0A12 stays).
func TestPinIdentifierDerivations(t *testing.T) {
	got, ok := CUSIPFromISIN(ID{Kind: ISIN, Value: "CA0679011084"})
	if !ok || got.Value != "067901108" {
		t.Errorf("CUSIPFromISIN(CA0679011084) = %v, %v; want 067901108", got, ok)
	}
	a, err := ParseTicker("0941 HK")
	b, err2 := ParseTicker("941 HK")
	if err != nil || err2 != nil || a != b {
		t.Errorf("0941 HK = %v (%v), 941 HK = %v (%v): want the same security", a, err, b, err2)
	}
	c, err := ParseTicker("0A12 US")
	d, err2 := ParseTicker("A12 US")
	if err != nil || err2 != nil || c == d {
		t.Errorf("0A12 US = %v (%v) and A12 US = %v (%v): an alphanumeric symbol keeps its zeros", c, err, d, err2)
	}
}

// TestCheckDateWindow pins the window's edges: 1990-01-01 and today + 366
// days are in it; the day before and the day after are not.
func TestCheckDateWindow(t *testing.T) {
	today := MustDate("2026-12-01")
	for _, tc := range []struct {
		d  Date
		ok bool
	}{{MustDate("1989-12-31"), false}, {MustDate("1990-01-01"), true}, {today.AddDays(MaxHorizonDays), true}, {today.AddDays(MaxHorizonDays + 1), false}, {Date{}, false}} {
		err := CheckDateWindow(tc.d, today)
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, ErrImplausibleDate)) {
			t.Errorf("CheckDateWindow(%v) = %v, want ok=%v", tc.d, err, tc.ok)
		}
	}
}
