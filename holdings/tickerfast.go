package holdings

import (
	"strings"
	"sync"
	"sync/atomic"
)

// maxFastTicker is the longest trimmed input the allocation-free ticker
// parser reads; longer inputs (never a valid ticker in practice) take the
// general parser.
const maxFastTicker = 64

// maxFastFields bounds the white-space separated fields of a ticker the
// allocation-free parser reads ("BAM PR A US Equity" has five).
const maxFastFields = 6

// tickerFast parses s as ParseTicker does, without allocating for a
// ticker already in canonical form or one parsed before, and reports
// false for any input it does not accept (every error, and every input
// outside its reach: non-ASCII bytes, very long input): ParseTicker then
// runs the general parser, which gives the same ID or the error with its
// exact reason. TestTickerFastAgrees and FuzzTickerFast hold the two to
// the same results.
func tickerFast(s string) (ID, bool) {
	var out [maxFastTicker + 8]byte
	n, t, ok := tickerCanon(s, &out)
	if !ok {
		return ID{}, false
	}
	if v := out[:n]; string(v) != t {
		t = tickerValues.intern(v)
	}
	return ID{Kind: Ticker, Value: t}, true // t: canonical already, the input itself
}

// tickerCanon writes the canonical value of the ticker s to out, and
// returns its length and s trimmed, as tickerFast reads s.
func tickerCanon(s string, out *[maxFastTicker + 8]byte) (int, string, bool) {
	t := strings.TrimSpace(s)
	if t == "" || len(t) > maxFastTicker {
		return 0, "", false
	}
	// One pass: upper-case into u, find the first ':' and the fields.
	var u [maxFastTicker]byte
	var f [maxFastFields][]byte
	nf, start, colon, tooMany := 0, -1, -1, false
	for i := 0; i < len(t); i++ {
		c := t[i]
		cl := tickerClass[c]
		if cl&classBad != 0 {
			return 0, "", false // non-ASCII or a control character: the general parser says why
		}
		c -= cl & classLower // 'a'-'A' for a lower-case letter
		u[i] = c
		switch {
		case cl&classSpace != 0:
			if start >= 0 {
				if nf < len(f) {
					f[nf] = u[start:i]
				}
				nf++
				start = -1
			}
		case start < 0:
			start = i
		}
		if c == ':' && colon < 0 {
			colon = i
		}
	}
	if start >= 0 {
		if nf < len(f) {
			f[nf] = u[start:len(t)]
		}
		nf++
	}
	tooMany = nf > len(f)
	b := u[:len(t)]
	n, ok := 0, false
	if i := colon; i >= 0 {
		exch, sym := trimASCIISpace(b[:i]), trimASCIISpace(b[i+1:])
		mkt, known := prefixCodes.get(exch)
		if len(exch) == 0 || !known || len(sym) == 0 || hasASCIISpace(sym) {
			return 0, "", false
		}
		n, ok = canonTicker(out, sym, mkt)
	} else {
		if tooMany {
			return 0, "", false
		}
		if nf >= 2 && string(f[nf-1]) == "EQUITY" {
			nf--
		}
		switch {
		case nf >= 2:
			code := f[nf-1]
			if mkt, known := bloombergCodes.get(code); known {
				// The symbol is the fields before the code, joined by one
				// space (a class separator).
				n, ok = canonTickerFields(out, f[:nf-1], mkt)
			} else if nf == 2 && len(code) == 1 && isUpperByte(code[0]) {
				n, ok = canonTickerFields(out, f[:2], "US")
				ok = ok && !isDigitByte(out[0])
			}
		default:
			tk := f[0]
			if i := lastIndexByte(tk, '.'); i >= 0 {
				base, suf := tk[:i], tk[i+1:]
				if len(suf) == 0 {
					return 0, "", false
				}
				if mkt, known := suffixCodes.get(suf); known && (len(suf) >= 2 || singleLetterSuffixes[string(suf)]) {
					n, ok = canonTicker(out, base, mkt)
					break
				}
				if len(suf) != 1 || !isUpperByte(suf[0]) {
					return 0, "", false
				}
				n, ok = canonTicker(out, tk, "US")
				ok = ok && !isDigitByte(out[0])
				break
			}
			if m := len(tk); m >= 3 && isUpperByte(tk[m-1]) && isUpperByte(tk[m-2]) && allDigits(tk[:m-2]) {
				mkt, known := bloombergCodes.get(tk[m-2:])
				if !known {
					return 0, "", false
				}
				n, ok = canonTicker(out, tk[:m-2], mkt)
				break
			}
			n, ok = canonTicker(out, tk, "US")
			ok = ok && !isDigitByte(out[0])
		}
	}
	return n, t, ok
}

// canonTicker writes the canonical "SYMBOL MARKET" of an upper-cased
// symbol to out, as normSymbol and makeTicker do, and reports false where
// normSymbol gives a reason.
func canonTicker(out *[maxFastTicker + 8]byte, sym []byte, mkt string) (int, bool) {
	var one [1][]byte
	one[0] = sym
	return canonTickerFields(out, one[:], mkt)
}

// canonTickerFields is canonTicker for a symbol given as fields that a
// space separates.
func canonTickerFields(out *[maxFastTicker + 8]byte, fields [][]byte, mkt string) (int, bool) {
	n, parts, partLen, digits := 0, 1, 0, true
	for fi, fld := range fields {
		if fi > 0 { // the space between fields: a class separator
			if partLen == 0 {
				return 0, false
			}
			out[n] = '/'
			n++
			parts++
			partLen = 0
			digits = false
		}
		for i := 0; i < len(fld); i++ {
			c := fld[i]
			switch {
			case n == 0 && !isAlnumByte(c):
				return 0, false
			case isAlnumByte(c) || c == '&':
				digits = digits && isDigitByte(c)
				out[n] = c
				n++
				partLen++
			case c == '.' || c == '/' || c == '-':
				if partLen == 0 {
					return 0, false
				}
				out[n] = '/'
				n++
				parts++
				partLen = 0
				digits = false
			default:
				return 0, false
			}
		}
	}
	if n == 0 || partLen == 0 || parts > maxSymbolParts {
		return 0, false
	}
	if digits { // an all-digit symbol loses its leading zeros
		z := 0
		for z < n-1 && out[z] == '0' {
			z++
		}
		n = copy(out[:], out[z:n])
	}
	if n > maxSymbolLen {
		return 0, false
	}
	out[n] = ' '
	n++
	n += copy(out[n:], mkt)
	return n, true
}

// Character classes for the ticker parser (tickerClass).
const (
	classLower = 'a' - 'A' // a lower-case letter: what to subtract
	classSpace = 1         // ASCII white space
	classBad   = 2         // a byte the fast parser leaves to the general one
)

// tickerClass classifies every byte for tickerCanon.
var tickerClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case 'a' <= c && c <= 'z':
			t[c] = classLower
		case isASCIISpace(byte(c)):
			t[c] = classSpace
		case c >= 0x7f || c < 0x20:
			t[c] = classBad
		}
	}
	return t
}()

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func trimASCIISpace(b []byte) []byte {
	for len(b) > 0 && isASCIISpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isASCIISpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func hasASCIISpace(b []byte) bool {
	for _, c := range b {
		if isASCIISpace(c) {
			return true
		}
	}
	return false
}

func lastIndexByte(b []byte, c byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == c {
			return i
		}
	}
	return -1
}

func allDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !isDigitByte(c) {
			return false
		}
	}
	return true
}

// codeTable maps the exchange codes, suffixes and prefixes of one column
// of the market table to market codes, as the maps built from it do, with
// each key of up to eight bytes packed into an integer and found by open
// addressing; longer keys are looked up in the map. Read-only after
// package initialisation.
type codeTable struct {
	keys  []uint64
	vals  []string
	shift uint
	long  map[string]string
}

func newCodeTable(m map[string]string) *codeTable {
	size := 16
	for size < 4*len(m) {
		size *= 2
	}
	t := &codeTable{keys: make([]uint64, size), vals: make([]string, size), long: map[string]string{}}
	for t.shift = 64; 1<<(64-t.shift) < size; t.shift-- {
	}
	for k, v := range m {
		key, ok := packCode([]byte(k))
		if !ok {
			t.long[k] = v
			continue
		}
		i := t.slot(key)
		for t.keys[i] != 0 {
			i = (i + 1) & (size - 1)
		}
		t.keys[i], t.vals[i] = key, v
	}
	return t
}

func (t *codeTable) slot(key uint64) int { return int((key * 0x9E3779B97F4A7C15) >> t.shift) }

// get returns the market code of code, and whether it is in the table.
func (t *codeTable) get(code []byte) (string, bool) {
	key, ok := packCode(code)
	if !ok {
		if len(code) <= 8 {
			return "", false
		}
		v, ok := t.long[string(code)]
		return v, ok
	}
	for i := t.slot(key); ; i = (i + 1) & (len(t.keys) - 1) {
		switch t.keys[i] {
		case key:
			return t.vals[i], true
		case 0:
			return "", false
		}
	}
}

// packCode packs a key of one to eight non-zero bytes into an integer
// (distinct keys, distinct integers).
func packCode(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 8 {
		return 0, false
	}
	var k uint64
	for _, c := range b {
		if c == 0 {
			return 0, false
		}
		k = k<<8 | uint64(c)
	}
	return k, true
}

// The market table's columns as code tables, for the allocation-free
// ticker parser.
var (
	bloombergCodes = newCodeTable(bloombergMarkets)
	suffixCodes    = newCodeTable(suffixMarkets)
	prefixCodes    = newCodeTable(prefixMarkets)
)

// maxInterned bounds how many canonical ticker values the intern table
// keeps (about 40 bytes each): beyond it, a ticker that is not in
// canonical form costs one allocation per parse, as it did before.
const maxInterned = 1 << 18

// tickerValues holds the canonical ticker values made so far.
var tickerValues internTable

// internTable hands out one string per canonical value: a read-only
// snapshot read without locking, and the values made since, under a
// mutex, promoted into a new snapshot once they have been asked for
// often enough that copying pays. It is safe for concurrent use; its
// contents never change a result, only whether a parse allocates.
type internTable struct {
	read   atomic.Pointer[map[string]string]
	mu     sync.Mutex
	dirty  map[string]string // values not in read
	misses int               // lookups that read could not answer since the last promotion
}

// intern returns the string of b, allocating only for a value not seen
// before (or once the table is full).
func (t *internTable) intern(b []byte) string {
	if m := t.read.Load(); m != nil {
		if v, ok := (*m)[string(b)]; ok {
			return v
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	var read map[string]string
	if m := t.read.Load(); m != nil {
		read = *m
		if v, ok := read[string(b)]; ok {
			return v
		}
	}
	v, ok := t.dirty[string(b)]
	if !ok {
		v = string(b)
		if len(read)+len(t.dirty) < maxInterned {
			if t.dirty == nil {
				t.dirty = map[string]string{}
			}
			t.dirty[v] = v
		}
	}
	t.misses++
	if len(t.dirty) > 0 && t.misses >= 64+len(read)/8 {
		next := make(map[string]string, len(read)+len(t.dirty))
		for k, x := range read {
			next[k] = x
		}
		for k, x := range t.dirty {
			next[k] = x
		}
		t.read.Store(&next)
		t.dirty, t.misses = nil, 0
	}
	return v
}
