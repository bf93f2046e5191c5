package holdings

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// ErrInvalidID is matched (with errors.Is) by every error the identifier
// parsers in this file return.
var ErrInvalidID = errors.New("invalid identifier")

// ErrCheckDigit is matched (with errors.Is) by an identifier error whose
// cause is a wrong check digit. Such an error also matches ErrInvalidID.
var ErrCheckDigit = errors.New("check digit mismatch")

// ErrUnknownExchange is matched (with errors.Is) when a ticker's exchange
// code, suffix, MIC or exchange name is not in the market table (see
// Markets). Such an error also matches ErrInvalidID.
var ErrUnknownExchange = errors.New("unknown exchange")

// IDError describes why an identifier did not parse. Its Error method
// returns `invalid <kind> "<input>": <reason>`, for example
// `invalid isin "US0378331009": check digit is 9, want 5`.
//
// errors.Is matches an *IDError against ErrInvalidID always, and against
// Err (ErrCheckDigit or ErrUnknownExchange) when Err is set.
type IDError struct {
	Kind   Kind   // the kind of identifier that was being parsed
	Input  string // the input exactly as given
	Reason string // why it was rejected, in lower case
	Err    error  // nil, ErrCheckDigit or ErrUnknownExchange
}

// Error returns `invalid <kind> "<input>": <reason>`.
func (e *IDError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", e.Kind, e.Input, e.Reason)
}

// Unwrap returns ErrInvalidID and, when set, the more specific Err, so that
// errors.Is works for both.
func (e *IDError) Unwrap() []error {
	if e.Err == nil || e.Err == ErrInvalidID {
		return []error{ErrInvalidID}
	}
	return []error{ErrInvalidID, e.Err}
}

func newIDError(k Kind, in string, err error, format string, args ...any) *IDError {
	return &IDError{Kind: k, Input: in, Reason: fmt.Sprintf(format, args...), Err: err}
}

// ParseID parses s as an identifier of kind k by calling ParseISIN,
// ParseCUSIP, ParseSEDOL, ParseFIGI or ParseTicker. An unknown kind gives an
// *IDError matching ErrInvalidID. It is a pure function, safe for concurrent
// use.
func ParseID(k Kind, s string) (ID, error) {
	switch k {
	case ISIN:
		return ParseISIN(s)
	case CUSIP:
		return ParseCUSIP(s)
	case SEDOL:
		return ParseSEDOL(s)
	case FIGI:
		return ParseFIGI(s)
	case Ticker:
		return ParseTicker(s)
	}
	return ID{}, newIDError(k, s, nil, "unknown identifier kind %d", uint8(k))
}

// ParseISIN parses an International Securities Identification Number
// (ISO 6166). Surrounding white space is trimmed and ASCII letters are
// upper-cased; the result is 12 characters: a two-letter country code, nine
// letters or digits, and a check digit, which must be right (the standard
// ISIN algorithm: letters are expanded to two digits, A=10 .. Z=35, and a
// Luhn check digit is taken over the digit string). The canonical Value is
// the upper-case ISIN. It is a pure function, safe for concurrent use.
func ParseISIN(s string) (ID, error) {
	if len(s) == 12 && isUpperByte(s[0]) && isUpperByte(s[1]) && isDigitByte(s[11]) && allAlnum(s[2:11]) && isinCheckDigit(s[:11]) == s[11] {
		return ID{Kind: ISIN, Value: s}, nil // canonical already
	}
	v := upperASCIIString(strings.TrimSpace(s))
	if r := idLengthReason(v, 12); r != "" {
		return ID{}, newIDError(ISIN, s, nil, "%s", r)
	}
	if !isUpperByte(v[0]) || !isUpperByte(v[1]) {
		return ID{}, newIDError(ISIN, s, nil, "country code %q is not two letters", v[:2])
	}
	for i := 2; i < 11; i++ {
		if !isAlnumByte(v[i]) {
			return ID{}, newIDError(ISIN, s, nil, "%s", idCharReason(v, i))
		}
	}
	if !isDigitByte(v[11]) {
		return ID{}, newIDError(ISIN, s, nil, "%s: check digit must be a digit", idCharReason(v, 11))
	}
	if want := isinCheckDigit(v[:11]); v[11] != want {
		return ID{}, newIDError(ISIN, s, ErrCheckDigit, "check digit is %c, want %c", v[11], want)
	}
	return ID{Kind: ISIN, Value: v}, nil
}

// ParseCUSIP parses a CUSIP (or CINS) number. Surrounding white space is
// trimmed and ASCII letters are upper-cased; the result is 9 characters:
// eight letters, digits or '*', '@', '#' (used by private placements), and a
// check digit, which must be right (the CUSIP "double add double"
// algorithm: A=10 .. Z=35, '*'=36, '@'=37, '#'=38, every second value
// doubled, the digits of the products summed). The canonical Value is the
// upper-case CUSIP. It is a pure function, safe for concurrent use.
func ParseCUSIP(s string) (ID, error) {
	if len(s) == 9 && isDigitByte(s[8]) && allCUSIPChars(s[:8]) && doubleAddDouble(s[:8]) == s[8] {
		return ID{Kind: CUSIP, Value: s}, nil // canonical already
	}
	v := upperASCIIString(strings.TrimSpace(s))
	if r := idLengthReason(v, 9); r != "" {
		return ID{}, newIDError(CUSIP, s, nil, "%s", r)
	}
	for i := 0; i < 8; i++ {
		if cusipCharValue(v[i]) < 0 {
			return ID{}, newIDError(CUSIP, s, nil, "%s", idCharReason(v, i))
		}
	}
	if !isDigitByte(v[8]) {
		return ID{}, newIDError(CUSIP, s, nil, "%s: check digit must be a digit", idCharReason(v, 8))
	}
	if want := doubleAddDouble(v[:8]); v[8] != want {
		return ID{}, newIDError(CUSIP, s, ErrCheckDigit, "check digit is %c, want %c", v[8], want)
	}
	return ID{Kind: CUSIP, Value: v}, nil
}

// ParseSEDOL parses a SEDOL (Stock Exchange Daily Official List) code.
// Surrounding white space is trimmed and ASCII letters are upper-cased; the
// result is 7 characters: six digits or consonants (the vowels A, E, I, O
// and U never appear in a SEDOL) and a check digit, which must be right
// (weights 1, 3, 1, 7, 3, 9 over the values 0-9 and B=11 .. Z=35). The
// canonical Value is the upper-case SEDOL. It is a pure function, safe for
// concurrent use.
func ParseSEDOL(s string) (ID, error) {
	v := upperASCIIString(strings.TrimSpace(s))
	if r := idLengthReason(v, 7); r != "" {
		return ID{}, newIDError(SEDOL, s, nil, "%s", r)
	}
	for i := 0; i < 6; i++ {
		if !isAlnumByte(v[i]) {
			return ID{}, newIDError(SEDOL, s, nil, "%s", idCharReason(v, i))
		}
		if isVowelByte(v[i]) {
			return ID{}, newIDError(SEDOL, s, nil, "vowel %c at position %d is not allowed", v[i], i+1)
		}
	}
	if !isDigitByte(v[6]) {
		return ID{}, newIDError(SEDOL, s, nil, "%s: check digit must be a digit", idCharReason(v, 6))
	}
	if want := sedolCheckDigit(v[:6]); v[6] != want {
		return ID{}, newIDError(SEDOL, s, ErrCheckDigit, "check digit is %c, want %c", v[6], want)
	}
	return ID{Kind: SEDOL, Value: v}, nil
}

// reservedFIGIPrefixes are the two-letter prefixes a FIGI may not start
// with, so that no FIGI can be mistaken for an ISIN.
var reservedFIGIPrefixes = map[string]bool{
	"BS": true, "BM": true, "GG": true, "GB": true, "GH": true, "KY": true, "VG": true,
}

// ParseFIGI parses a Financial Instrument Global Identifier (OMG FIGI, as
// issued by OpenFIGI). Surrounding white space is trimmed and ASCII letters
// are upper-cased; the result is 12 characters: two consonants that are not
// one of the reserved prefixes BS, BM, GG, GB, GH, KY and VG, the letter G,
// eight consonants or digits, and a check digit, which must be right (the
// values 0-9 and B=11 .. Z=35, every second value doubled, the digits of
// the products summed, as for CUSIP). The canonical Value is the upper-case
// FIGI. It is a pure function, safe for concurrent use.
func ParseFIGI(s string) (ID, error) {
	v := upperASCIIString(strings.TrimSpace(s))
	if r := idLengthReason(v, 12); r != "" {
		return ID{}, newIDError(FIGI, s, nil, "%s", r)
	}
	for i := 0; i < 11; i++ {
		c := v[i]
		switch {
		case !isAlnumByte(c):
			return ID{}, newIDError(FIGI, s, nil, "%s", idCharReason(v, i))
		case isVowelByte(c):
			return ID{}, newIDError(FIGI, s, nil, "vowel %c at position %d is not allowed", c, i+1)
		case i < 2 && !isUpperByte(c):
			return ID{}, newIDError(FIGI, s, nil, "character %d is %c, want a consonant", i+1, c)
		case i == 2 && c != 'G':
			return ID{}, newIDError(FIGI, s, nil, "third character is %c, want G", c)
		}
	}
	if reservedFIGIPrefixes[v[:2]] {
		return ID{}, newIDError(FIGI, s, nil, "prefix %s is reserved", v[:2])
	}
	if !isDigitByte(v[11]) {
		return ID{}, newIDError(FIGI, s, nil, "%s: check digit must be a digit", idCharReason(v, 11))
	}
	if want := doubleAddDouble(v[:11]); v[11] != want {
		return ID{}, newIDError(FIGI, s, ErrCheckDigit, "check digit is %c, want %c", v[11], want)
	}
	return ID{Kind: FIGI, Value: v}, nil
}

// CUSIPFromISIN returns the CUSIP embedded in a United States or Canadian
// ISIN (country code US or CA): characters 3 to 11 of the ISIN. It reports
// false when isin is not a valid ISIN ID, is from another country (ISINs of
// other countries, such as KY or BM ones, embed a CINS or a national number
// that this function does not extract), or when the embedded code is not a
// valid CUSIP. It is a pure function, safe for concurrent use.
func CUSIPFromISIN(isin ID) (ID, bool) {
	if isin.Kind != ISIN {
		return ID{}, false
	}
	v, err := ParseISIN(isin.Value)
	if err != nil {
		return ID{}, false
	}
	if c := v.Value[:2]; c != "US" && c != "CA" {
		return ID{}, false
	}
	cusip, err := ParseCUSIP(v.Value[2:11])
	if err != nil {
		return ID{}, false
	}
	return cusip, true
}

// ISINFromCUSIP builds the ISIN for a CUSIP (or CINS) number: the two-letter
// country code (trimmed and upper-cased), the nine-character CUSIP and the
// ISIN check digit. For example 16941M109 with "US" gives US16941M1099.
// cusip must be a valid CUSIP ID without the private-placement characters
// '*', '@' and '#', which an ISIN cannot hold. Errors are *IDError values
// matching ErrInvalidID. It is a pure function, safe for concurrent use.
func ISINFromCUSIP(cusip ID, country string) (ID, error) {
	if cusip.Kind != CUSIP {
		return ID{}, newIDError(CUSIP, cusip.Value, nil, "identifier is a %s, not a cusip", cusip.Kind)
	}
	c, err := ParseCUSIP(cusip.Value)
	if err != nil {
		return ID{}, err
	}
	cc := upperASCIIString(strings.TrimSpace(country))
	if len(cc) != 2 || !isUpperByte(cc[0]) || !isUpperByte(cc[1]) {
		return ID{}, newIDError(ISIN, country+c.Value, nil, "country code %q is not two letters", country)
	}
	if strings.ContainsAny(c.Value, "*@#") {
		return ID{}, newIDError(ISIN, cc+c.Value, nil, "cusip %s has a private-placement character", c.Value)
	}
	body := cc + c.Value
	return ID{Kind: ISIN, Value: body + string(isinCheckDigit(body))}, nil
}

// SEDOLFromISIN returns the SEDOL embedded in a British or Irish ISIN
// (country code GB or IE, followed by "00", the seven-character SEDOL and the
// ISIN check digit): GB0002634946 gives 0263494. It reports false when isin
// is not a valid ISIN ID of that form or the embedded code is not a valid
// SEDOL. It is a pure function, safe for concurrent use.
func SEDOLFromISIN(isin ID) (ID, bool) {
	if isin.Kind != ISIN {
		return ID{}, false
	}
	v, err := ParseISIN(isin.Value)
	if err != nil {
		return ID{}, false
	}
	if c := v.Value[:2]; (c != "GB" && c != "IE") || v.Value[2:4] != "00" {
		return ID{}, false
	}
	sedol, err := ParseSEDOL(v.Value[4:11])
	if err != nil {
		return ID{}, false
	}
	return sedol, true
}

// Market returns the market code of a Ticker ID ("HK" for "941 HK"), one of
// Markets(), and "" for any other kind of ID. It is safe for concurrent use.
func (id ID) Market() string {
	if id.Kind != Ticker {
		return ""
	}
	if i := strings.LastIndexByte(id.Value, ' '); i >= 0 {
		return id.Value[i+1:]
	}
	return ""
}

// Symbol returns the symbol of a Ticker ID ("941" for "941 HK") and the whole
// Value for any other kind of ID. It is safe for concurrent use.
func (id ID) Symbol() string {
	if id.Kind != Ticker {
		return id.Value
	}
	if i := strings.LastIndexByte(id.Value, ' '); i >= 0 {
		return id.Value[:i]
	}
	return id.Value
}

// ParseTicker parses an exchange ticker in any of the common notations and
// returns a Ticker ID whose Value is "SYMBOL MARKET", for example "941 HK".
// It is a pure function, safe for concurrent use.
//
// Input is trimmed and upper-cased (ASCII only). These forms are accepted:
//
//   - Bloomberg style, "SYMBOL CODE" with one or more spaces: "941 HK",
//     "600677  CN", optionally followed by the yellow key "Equity" in any
//     case ("941 HK Equity"), which is dropped.
//   - A Bloomberg code run onto an all-digit symbol: "603019CN". This form
//     is only recognised when everything before the last two characters is
//     digits and those two characters are letters.
//   - Reuters / Yahoo! suffix style, "SYMBOL.SUFFIX": "0941.HK", "VOD.L",
//     "600519.SS", "RY.TO". The suffix is taken after the last dot.
//   - Prefix style, "EXCHANGE:SYMBOL", where EXCHANGE is an ISO 10383 MIC
//     ("XHKG:941"), a Bloomberg code ("HK:941") or a short exchange name
//     ("NYSE:IBM", "NASDAQ:", "HKEX:", "SSE:", "SZSE:", ...).
//   - A bare symbol with no exchange ("AAPL", "BRK.B", "BRK/B", "BF-B",
//     "BRK B") is taken to be a United States listing (market US), as is
//     usual for US holdings files. A bare symbol that starts with a digit
//     ("941") is ambiguous and is rejected with the reason
//     "no exchange given".
//
// Share classes and suffixes: after a dot, a suffix of two or more letters,
// or one of the single letters L, T, F, V, N and O (the Reuters / Yahoo!
// single-letter suffixes: London, Tokyo, Frankfurt, TSX Venture, NYSE,
// Nasdaq), names the exchange. Any other single letter is a US share class:
// "BRK.B" and "BF.B" are Berkshire Hathaway and Brown-Forman class B, so
// "BRK.A" is class A, not the Reuters AMEX suffix. Unknown suffixes are
// errors.
//
// Symbols are upper-case letters, digits and '&'. A class separator inside
// a symbol ('.', '/', '-' or a space) is written '/': "BRK.B", "BRK/B",
// "BRK-B" and "BRK B" all give "BRK/B US". An all-digit symbol loses its
// leading zeros ("0941" gives "941", "0" stays "0"), so "941 HK", "0941 HK",
// "0941.HK" and "XHKG:941" are the same ID.
//
// Markets are written with the codes Markets returns, mostly ISO 3166
// country codes of the listing (US, HK, CN, DE, GB, ...), except SW for
// Switzerland. A market code always maps to itself, so a Value parses back
// to the same ID. Points to note in the table:
//
//   - Bloomberg CN and CH are mainland China (Shanghai and Shenzhen), as
//     OFAC writes them ("600677 CN"); they never mean Canada or
//     Switzerland. Canada is CA, CT, CV, CF; Switzerland is SW, SE, VX.
//   - GB, the market code of the United Kingdom, means the UK; Bloomberg's
//     Berlin code GB is therefore not supported (use "SYMBOL.BE" or
//     "XBER:SYMBOL" for Berlin).
//   - The suffix ".CN" is the Canadian Securities Exchange, as on Yahoo!,
//     while the Bloomberg code "CN" is China.
//   - ".SG" is Stuttgart (Yahoo!), while the Bloomberg code "SG" is
//     Singapore.
//
// An exchange code, suffix, MIC or name not in the table gives an *IDError
// matching ErrUnknownExchange; other errors match ErrInvalidID only.
//
// ParseTicker does not allocate for a ticker given in canonical form, nor
// for one whose canonical form it has made before (it keeps up to about a
// quarter of a million of them, shared by every caller).
func ParseTicker(s string) (ID, error) {
	if id, ok := tickerFast(s); ok {
		return id, nil
	}
	return parseTicker(s)
}

// parseTicker is the general ticker parser: it gives every error with its
// reason. tickerFast accepts exactly what it accepts, with the same IDs.
func parseTicker(s string) (ID, error) {
	u := upperASCIIString(strings.TrimSpace(s))
	if u == "" {
		return ID{}, newIDError(Ticker, s, nil, "empty")
	}
	if i := strings.IndexByte(u, ':'); i >= 0 {
		return tickerPrefixForm(s, strings.TrimSpace(u[:i]), strings.TrimSpace(u[i+1:]))
	}
	f := strings.Fields(u)
	if len(f) >= 2 && f[len(f)-1] == "EQUITY" {
		f = f[:len(f)-1]
	}
	if len(f) >= 2 {
		code := f[len(f)-1]
		if mkt, ok := bloombergMarkets[code]; ok {
			return makeTicker(s, strings.Join(f[:len(f)-1], " "), mkt)
		}
		if len(f) == 2 && isShareClassLetter(code) {
			return bareTicker(s, f[0]+" "+code)
		}
		return ID{}, newIDError(Ticker, s, ErrUnknownExchange, "unknown exchange code %q", code)
	}
	t := f[0]
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		base, suf := t[:i], t[i+1:]
		if suf == "" {
			return ID{}, newIDError(Ticker, s, nil, "nothing after '.'")
		}
		if mkt, ok := suffixMarkets[suf]; ok && (len(suf) >= 2 || singleLetterSuffixes[suf]) {
			return makeTicker(s, base, mkt)
		}
		if !isShareClassLetter(suf) {
			return ID{}, newIDError(Ticker, s, ErrUnknownExchange, "unknown exchange suffix %q", "."+suf)
		}
		return bareTicker(s, t)
	}
	if n := len(t); n >= 3 && isUpperByte(t[n-1]) && isUpperByte(t[n-2]) && allDigitBytes(t[:n-2]) {
		code := t[n-2:]
		if mkt, ok := bloombergMarkets[code]; ok {
			return makeTicker(s, t[:n-2], mkt)
		}
		return ID{}, newIDError(Ticker, s, ErrUnknownExchange, "unknown exchange code %q", code)
	}
	return bareTicker(s, t)
}

// tickerPrefixForm parses "EXCHANGE:SYMBOL".
func tickerPrefixForm(in, exch, sym string) (ID, error) {
	if exch == "" {
		return ID{}, newIDError(Ticker, in, nil, "no exchange before ':'")
	}
	mkt, ok := prefixMarkets[exch]
	if !ok {
		return ID{}, newIDError(Ticker, in, ErrUnknownExchange, "unknown exchange %q", exch)
	}
	if sym == "" {
		return ID{}, newIDError(Ticker, in, nil, "no symbol after ':'")
	}
	if len(strings.Fields(sym)) != 1 {
		return ID{}, newIDError(Ticker, in, nil, "symbol %q contains a space", sym)
	}
	return makeTicker(in, sym, mkt)
}

// bareTicker parses a symbol given without an exchange: a US listing unless
// it starts with a digit.
func bareTicker(in, sym string) (ID, error) {
	norm, reason := normSymbol(sym)
	if reason != "" {
		return ID{}, newIDError(Ticker, in, nil, "%s", reason)
	}
	if isDigitByte(norm[0]) {
		return ID{}, newIDError(Ticker, in, nil, "no exchange given")
	}
	return ID{Kind: Ticker, Value: norm + " US"}, nil
}

func makeTicker(in, sym, mkt string) (ID, error) {
	norm, reason := normSymbol(sym)
	if reason != "" {
		return ID{}, newIDError(Ticker, in, nil, "%s", reason)
	}
	return ID{Kind: Ticker, Value: norm + " " + mkt}, nil
}

const (
	maxSymbolLen   = 20 // bytes in a canonical symbol
	maxSymbolParts = 3  // e.g. "BAM/PR/A"
)

// normSymbol returns the canonical form of an upper-cased symbol, or a
// reason why it is not one.
func normSymbol(s string) (string, string) {
	if s == "" {
		return "", "empty symbol"
	}
	if !isAlnumByte(s[0]) {
		return "", fmt.Sprintf("%s: symbol must start with a letter or digit", idCharReason(s, 0))
	}
	b := make([]byte, 0, len(s))
	parts, partLen := 1, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isAlnumByte(c) || c == '&':
			b = append(b, c)
			partLen++
		case c == '.' || c == '/' || c == '-' || c == ' ':
			if partLen == 0 {
				return "", fmt.Sprintf("misplaced %q in symbol", c)
			}
			b = append(b, '/')
			parts++
			partLen = 0
		default:
			return "", idCharReason(s, i)
		}
	}
	if partLen == 0 {
		return "", fmt.Sprintf("symbol ends with %q", s[len(s)-1])
	}
	if parts > maxSymbolParts {
		return "", fmt.Sprintf("symbol has %d parts, want at most %d", parts, maxSymbolParts)
	}
	if allDigitBytes(string(b)) {
		t := strings.TrimLeft(string(b), "0")
		if t == "" {
			t = "0"
		}
		b = []byte(t)
	}
	if len(b) > maxSymbolLen {
		return "", fmt.Sprintf("symbol is %d characters long, want at most %d", len(b), maxSymbolLen)
	}
	return string(b), ""
}

// singleLetterSuffixes are the one-letter suffixes that name an exchange;
// any other single letter after a dot is a US share class.
var singleLetterSuffixes = map[string]bool{"L": true, "T": true, "F": true, "V": true, "N": true, "O": true}

// marketRow is one row of the market table.
type marketRow struct {
	code      string   // canonical market code, also accepted as a Bloomberg code
	bloomberg []string // Bloomberg exchange and composite codes: "SYMBOL CODE", "CODE:SYMBOL"
	suffixes  []string // Reuters and Yahoo! suffixes: "SYMBOL.SUFFIX"
	prefixes  []string // ISO 10383 MICs and exchange short names: "MIC:SYMBOL"
}

// marketTable lists the markets ParseTicker knows. No key may appear twice
// within a column (bloomberg with code, suffixes, prefixes with bloomberg);
// TestMarketTable checks this.
var marketTable = []marketRow{
	{
		code:      "US",
		bloomberg: []string{"UN", "UW", "UQ", "UA", "UP", "UR", "UV", "UF", "PQ"},
		// A, P and K are listed for completeness, but as single letters
		// outside singleLetterSuffixes they read as US share classes.
		suffixes: []string{"N", "O", "OQ", "A", "P", "K", "PK"},
		prefixes: []string{
			"XNYS", "XNAS", "XASE", "ARCX", "BATS", "XNGS", "XNCM", "XNMS", "OTCM", "PINX", "XOTC", "IEXG",
			"NYSE", "NASDAQ", "AMEX", "ARCA", "OTC", "NYSEARCA", "NYSEAMERICAN", "OTCMKTS",
		},
	},
	{code: "HK", suffixes: []string{"HK"}, prefixes: []string{"XHKG", "HKEX", "SEHK", "HKG"}},
	{
		code:      "CN", // mainland China: Shanghai and Shenzhen
		bloomberg: []string{"CH", "CG", "CS", "C1", "C2"},
		suffixes:  []string{"SS", "SH", "SZ"},
		prefixes:  []string{"XSHG", "XSHE", "SSE", "SZSE", "SHA", "SHE"},
	},
	{
		code:      "DE",
		bloomberg: []string{"GR", "GY", "GF", "GM", "GS", "GD", "GH", "GI"},
		suffixes:  []string{"DE", "F", "BE", "MU", "SG", "DU", "HM", "HA"},
		prefixes:  []string{"XETR", "XFRA", "XBER", "XMUN", "XSTU", "XDUS", "XHAM", "XHAN", "XETRA", "FRA", "ETR"},
	},
	{code: "SG", bloomberg: []string{"SP"}, suffixes: []string{"SI"}, prefixes: []string{"XSES", "SGX"}},
	{code: "BR", bloomberg: []string{"BZ", "BS"}, suffixes: []string{"SA"}, prefixes: []string{"BVMF", "BOVESPA"}},
	{code: "AR", bloomberg: []string{"AF"}, suffixes: []string{"BA"}, prefixes: []string{"XBUE", "BCBA"}},
	{code: "RU", bloomberg: []string{"RM", "RX"}, suffixes: []string{"ME", "MM"}, prefixes: []string{"MISX", "RTSX", "MOEX", "MCX"}},
	{
		code:      "CA",
		bloomberg: []string{"CT", "CV", "CF"},
		suffixes:  []string{"TO", "V", "CN", "NE"},
		prefixes:  []string{"XTSE", "XTSX", "XCNQ", "TSX", "TSXV"},
	},
	{code: "GB", bloomberg: []string{"LN"}, suffixes: []string{"L"}, prefixes: []string{"XLON", "LSE", "LON"}},
	{code: "JP", bloomberg: []string{"JT"}, suffixes: []string{"T"}, prefixes: []string{"XTKS", "TYO", "JPX"}},
	{code: "TW", bloomberg: []string{"TT"}, suffixes: []string{"TW", "TWO"}, prefixes: []string{"XTAI", "ROCO", "TWSE", "TPE"}},
	{code: "KR", bloomberg: []string{"KS", "KQ"}, suffixes: []string{"KS", "KQ"}, prefixes: []string{"XKRX", "XKOS", "KRX"}},
	{code: "IN", bloomberg: []string{"IB", "IS"}, suffixes: []string{"NS", "BO"}, prefixes: []string{"XNSE", "XBOM", "NSE", "BOM"}},
	{code: "AU", bloomberg: []string{"AT"}, suffixes: []string{"AX"}, prefixes: []string{"XASX", "ASX"}},
	{code: "FR", bloomberg: []string{"FP"}, suffixes: []string{"PA"}, prefixes: []string{"XPAR", "EPA"}},
	{code: "NL", bloomberg: []string{"NA"}, suffixes: []string{"AS"}, prefixes: []string{"XAMS", "AMS"}},
	{
		code:      "SW", // Switzerland; Bloomberg CH is China, so not "CH"
		bloomberg: []string{"SE", "VX"},
		suffixes:  []string{"SW"},
		prefixes:  []string{"XSWX", "XVTX", "SIX", "SWX"},
	},
}

// The lookup tables built from marketTable; read-only after package
// initialisation.
var bloombergMarkets, suffixMarkets, prefixMarkets, marketCodes = buildMarketMaps(marketTable)

func buildMarketMaps(table []marketRow) (bbg, suf, pfx map[string]string, codes []string) {
	bbg, suf, pfx = map[string]string{}, map[string]string{}, map[string]string{}
	add := func(m map[string]string, k, v string) {
		if _, dup := m[k]; !dup {
			m[k] = v
		}
	}
	for _, m := range table {
		codes = append(codes, m.code)
		add(bbg, m.code, m.code)
		add(pfx, m.code, m.code)
		for _, k := range m.bloomberg {
			add(bbg, k, m.code)
			add(pfx, k, m.code)
		}
		for _, k := range m.suffixes {
			add(suf, k, m.code)
		}
		for _, k := range m.prefixes {
			add(pfx, k, m.code)
		}
	}
	sort.Strings(codes)
	return bbg, suf, pfx, codes
}

// Markets returns the canonical market codes a Ticker ID can carry, sorted,
// for documentation and validation. The caller owns the returned slice. It
// is safe for concurrent use.
func Markets() []string {
	return append([]string(nil), marketCodes...)
}

// ---- check digits ----

// isinCheckDigit returns the ISIN check digit for an 11-character body of
// upper-case letters and digits: each letter stands for its two digits
// (A=10 .. Z=35), and the Luhn check digit is taken over the digit string,
// whose rightmost digit is doubled. It reads the body from the right,
// without building the digit string.
func isinCheckDigit(body string) byte {
	sum, p := 0, 1 // p: 1 when the next digit from the right is doubled
	for i := len(body) - 1; i >= 0; i-- {
		e := &isinDigits[body[i]]
		sum += int(e.sum[p])
		p ^= int(e.flip)
	}
	return byte('0' + (10-sum%10)%10)
}

// isinDigits holds, for each character of an ISIN body, what it adds to
// the Luhn sum when its rightmost digit is not doubled (sum[0]) and when
// it is (sum[1]), and whether it is one digit (flip 1: the parity of the
// next changes) or a letter's two (flip 0).
var isinDigits = func() (t [256]struct {
	sum  [2]uint8
	flip uint8
}) {
	for c := 0; c < 256; c++ {
		v := alnumCharValue(byte(c))
		switch {
		case v < 0:
		case v >= 10: // two digits, the units first from the right
			t[c].sum[1] = uint8(luhnDoubled[v%10] + v/10)
			t[c].sum[0] = uint8(v%10 + luhnDoubled[v/10])
		default:
			t[c].sum[1], t[c].sum[0], t[c].flip = uint8(luhnDoubled[v]), uint8(v), 1
		}
	}
	return t
}()

// luhnDoubled is a digit doubled, its digits summed.
var luhnDoubled = [10]int{0, 2, 4, 6, 8, 1, 3, 5, 7, 9}

// doubleAddDouble returns the CUSIP / FIGI check digit of body: from the
// left, every second character's value is doubled and the digits of all the
// values are summed.
func doubleAddDouble(body string) byte {
	sum := 0
	for i := 0; i < len(body); i++ {
		v := cusipCharValue(body[i])
		if i%2 == 1 {
			v *= 2
		}
		sum += v/10 + v%10
	}
	return byte('0' + (10-sum%10)%10)
}

var sedolWeights = [6]int{1, 3, 1, 7, 3, 9}

// sedolCheckDigit returns the SEDOL check digit for a 6-character body.
func sedolCheckDigit(body string) byte {
	sum := 0
	for i := 0; i < len(body); i++ {
		sum += alnumCharValue(body[i]) * sedolWeights[i]
	}
	return byte('0' + (10-sum%10)%10)
}

// ---- character helpers ----

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }
func isUpperByte(c byte) bool { return 'A' <= c && c <= 'Z' }
func isAlnumByte(c byte) bool { return isDigitByte(c) || isUpperByte(c) }

func isVowelByte(c byte) bool {
	switch c {
	case 'A', 'E', 'I', 'O', 'U':
		return true
	}
	return false
}

func isShareClassLetter(s string) bool { return len(s) == 1 && isUpperByte(s[0]) }

func allAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlnumByte(s[i]) {
			return false
		}
	}
	return true
}

func allCUSIPChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if cusipCharValue(s[i]) < 0 {
			return false
		}
	}
	return true
}

func allDigitBytes(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigitByte(s[i]) {
			return false
		}
	}
	return true
}

// alnumCharValue returns 0-9 for a digit, 10-35 for A-Z and -1 otherwise.
func alnumCharValue(c byte) int {
	switch {
	case isDigitByte(c):
		return int(c - '0')
	case isUpperByte(c):
		return int(c-'A') + 10
	}
	return -1
}

// cusipCharValue is alnumCharValue extended with '*'=36, '@'=37, '#'=38.
func cusipCharValue(c byte) int {
	switch c {
	case '*':
		return 36
	case '@':
		return 37
	case '#':
		return 38
	}
	return alnumCharValue(c)
}

// upperASCIIString upper-cases ASCII letters only, so that no non-ASCII input
// (such as U+017F, which strings.ToUpper turns into 'S') can become a valid
// identifier.
func upperASCIIString(s string) string {
	i := 0
	for i < len(s) && !('a' <= s[i] && s[i] <= 'z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if 'a' <= b[i] && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

// idLengthReason returns "" when v is n bytes long, or a reason why not.
func idLengthReason(v string, n int) string {
	if v == "" {
		return "empty"
	}
	if len(v) == n {
		return ""
	}
	if rc := utf8.RuneCountInString(v); rc != n {
		return fmt.Sprintf("length is %d, want %d", rc, n)
	}
	for i := 0; i < len(v); i++ {
		if v[i] >= utf8.RuneSelf {
			return idCharReason(v, i)
		}
	}
	return fmt.Sprintf("length is %d, want %d", len(v), n) // not reached
}

// idCharReason describes the character at byte offset i of s.
func idCharReason(s string, i int) string {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return fmt.Sprintf("invalid character %q at position %d", r, utf8.RuneCountInString(s[:i])+1)
}
