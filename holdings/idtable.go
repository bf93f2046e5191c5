package holdings

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"strings"
)

// shortKeyLen and idKeyLen are the longest identifier values the two
// slot sizes of an idTable keep inline: an ISIN, a CUSIP, a SEDOL, a FIGI
// and most tickers fit the short one, every canonical ticker (at most 23
// bytes) the wide one.
const (
	shortKeyLen = 12
	idKeyLen    = 24
)

// idTable maps identifier values of one kind to security numbers by open
// addressing, each key inline in its slot beside its security number, so
// that a lookup reads one cache line of the table (rarely two) and
// nothing else: no map group, no key string elsewhere in memory. Short
// values are in 16-byte slots, four to a cache line; longer ones in
// 32-byte slots; values longer than idKeyLen, which only code that builds
// a Master by hand can give, in a map. The hash is seeded at random per
// table. It is read-only once built.
type idTable struct {
	short  []shortSlot
	wide   []wideSlot
	s0, s1 uint64
	ns, nw int
	long   map[string]int32
}

// shortSlot holds a key of up to shortKeyLen bytes, zero-padded
// (canonical values hold no zero byte), and 1 + the security number (0:
// an empty slot).
type shortSlot struct {
	key [shortKeyLen]byte
	sec int32
}

// wideSlot holds a key of up to idKeyLen bytes, 1 + the security number,
// and where the value lies in the master's block of values.
type wideSlot struct {
	key [idKeyLen]byte
	sec int32
	off uint32
}

func newIDTable(n int) *idTable {
	var h maphash.Hash // a random seed
	h.WriteByte(0)
	s0 := h.Sum64()
	h.WriteByte(1)
	s1 := h.Sum64()
	return &idTable{short: make([]shortSlot, tableSize(n)), wide: make([]wideSlot, 16), s0: s0, s1: s1, long: map[string]int32{}}
}

// tableSize is the number of slots for n keys: a power of two, at most
// seven eighths full (linear probing then finds a key in a few probes,
// mostly within one cache line of four short slots), so that the table
// is as small as it can be and stays in the caches.
func tableSize(n int) int {
	size := 16
	for full(n-1, size) {
		size *= 2
	}
	return size
}

// full reports whether a table of size slots holding n keys must grow
// before it takes another.
func full(n, size int) bool { return 8*(n+1) > 7*size }

// packKey packs v, zero-padded, into k; false when v is empty, longer
// than k or holds a zero byte.
func packKey(k []byte, v string) bool {
	if len(v) == 0 || len(v) > len(k) || strings.IndexByte(v, 0) >= 0 {
		return false
	}
	copy(k, v)
	return true
}

func (t *idTable) hash(a, b, c uint64) uint64 {
	hi, lo := bits.Mul64(a^t.s0, b^t.s1^0x9E3779B97F4A7C15)
	hi, lo = bits.Mul64(hi^lo^c, t.s1^0xBF58476D1CE4E5B9)
	return hi ^ lo
}

func (t *idTable) shortHash(k *[shortKeyLen]byte) uint64 {
	return t.hash(binary.LittleEndian.Uint64(k[0:]), uint64(binary.LittleEndian.Uint32(k[8:])), 0)
}

func (t *idTable) wideHash(k *[idKeyLen]byte) uint64 {
	return t.hash(binary.LittleEndian.Uint64(k[0:]), binary.LittleEndian.Uint64(k[8:]), binary.LittleEndian.Uint64(k[16:]))
}

// findShort returns the slot of k, or nil.
func (t *idTable) findShort(k *[shortKeyLen]byte) *shortSlot {
	mask := uint64(len(t.short) - 1)
	for i := t.shortHash(k) & mask; ; i = (i + 1) & mask {
		s := &t.short[i]
		if s.sec == 0 {
			return nil
		}
		if s.key == *k {
			return s
		}
	}
}

// findWide returns the slot of k, or nil.
func (t *idTable) findWide(k *[idKeyLen]byte) *wideSlot {
	mask := uint64(len(t.wide) - 1)
	for i := t.wideHash(k) & mask; ; i = (i + 1) & mask {
		s := &t.wide[i]
		if s.sec == 0 {
			return nil
		}
		if s.key == *k {
			return s
		}
	}
}

// get returns the security number of value v, or -1.
func (t *idTable) get(v string) int {
	if len(v) <= shortKeyLen {
		var k [shortKeyLen]byte
		if packKey(k[:], v) {
			if s := t.findShort(&k); s != nil {
				return int(s.sec - 1)
			}
			return -1
		}
	} else {
		var k [idKeyLen]byte
		if packKey(k[:], v) {
			if s := t.findWide(&k); s != nil {
				return int(s.sec - 1)
			}
			return -1
		}
	}
	if i, found := t.long[v]; found {
		return int(i)
	}
	return -1
}

// insert sets value v, at offset off of the master's values, to security
// number sec unless v has one already,
// and returns that one (-1 when v was new): the test for a conflict and
// the insertion in one probe.
func (t *idTable) insert(v string, sec int32, off uint32) int {
	return t.set(v, sec, off, true)
}

// set is put (keep false) and insert (keep true).
func (t *idTable) set(v string, sec int32, off uint32, keep bool) int {
	if len(v) <= shortKeyLen {
		var k [shortKeyLen]byte
		if packKey(k[:], v) {
			return t.putShort(shortSlot{key: k, sec: sec + 1}, keep)
		}
	} else {
		var k [idKeyLen]byte
		if packKey(k[:], v) {
			return t.putWide(wideSlot{key: k, sec: sec + 1, off: off}, keep)
		}
	}
	if o, ok := t.long[v]; ok && keep {
		return int(o)
	}
	t.long[v] = sec
	return -1
}

// putShort sets x's key to x's security, or with keep leaves a key that
// is there already; it returns the key's security before (-1 for none).
func (t *idTable) putShort(x shortSlot, keep bool) int {
	if full(t.ns, len(t.short)) {
		old := t.short
		t.short, t.ns = make([]shortSlot, 2*len(old)), 0
		for _, s := range old {
			if s.sec != 0 {
				t.putShort(s, false)
			}
		}
	}
	mask := uint64(len(t.short) - 1)
	for i := t.shortHash(&x.key) & mask; ; i = (i + 1) & mask {
		s := &t.short[i]
		if s.sec == 0 {
			t.ns++
			*s = x
			return -1
		}
		if s.key == x.key {
			prev := int(s.sec - 1)
			if !keep {
				*s = x
			}
			return prev
		}
	}
}

// putWide is putShort for wide slots.
func (t *idTable) putWide(x wideSlot, keep bool) int {
	if full(t.nw, len(t.wide)) {
		old := t.wide
		t.wide, t.nw = make([]wideSlot, 2*len(old)), 0
		for _, s := range old {
			if s.sec != 0 {
				t.putWide(s, false)
			}
		}
	}
	mask := uint64(len(t.wide) - 1)
	for i := t.wideHash(&x.key) & mask; ; i = (i + 1) & mask {
		s := &t.wide[i]
		if s.sec == 0 {
			t.nw++
			*s = x
			return -1
		}
		if s.key == x.key {
			prev := int(s.sec - 1)
			if !keep {
				*s = x
			}
			return prev
		}
	}
}
