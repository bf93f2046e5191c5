package holdings

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
)

// idKeyLen is the longest identifier value an idTable keeps inline: every
// canonical value (a ticker is at most 23 bytes) fits.
const idKeyLen = 24

// idTable maps identifier values of one kind to security numbers by open
// addressing, each key inline in its 32-byte slot beside its security
// number, so that a lookup reads one cache line (or two) of the table and
// nothing else: no map group, no key string elsewhere in memory. Values
// longer than idKeyLen, which only code that builds a Master by hand can
// give, are kept in a map. The hash is seeded at random per table. It is
// read-only once built.
type idTable struct {
	slots  []idSlot
	mask   uint64
	s0, s1 uint64
	n      int
	long   map[string]int32
}

// idSlot is one slot: a key (zero-padded; canonical values hold no zero
// byte) and 1 + the security number (0: empty), and where the value lies
// in the master's block of values.
type idSlot struct {
	key [idKeyLen]byte
	sec int32  // 1 + security number; 0 for an empty slot
	off uint32 // offset of the value in Master.values
}

func newIDTable(n int) *idTable {
	size := 16
	for size < 2*n {
		size *= 2
	}
	var h maphash.Hash
	h.WriteByte(0)
	s0 := h.Sum64()
	h.WriteByte(1)
	s1 := h.Sum64()
	return &idTable{slots: make([]idSlot, size), mask: uint64(size - 1), s0: s0, s1: s1, long: map[string]int32{}}
}

// idKey packs v into a key; false when v is too long or holds a zero byte.
func idKey[S ~string | ~[]byte](v S) (k [idKeyLen]byte, ok bool) {
	if len(v) == 0 || len(v) > idKeyLen {
		return k, false
	}
	for i := 0; i < len(v); i++ {
		if v[i] == 0 {
			return k, false
		}
		k[i] = v[i]
	}
	return k, true
}

func (t *idTable) hash(k *[idKeyLen]byte) uint64 {
	a := binary.LittleEndian.Uint64(k[0:]) ^ t.s0
	b := binary.LittleEndian.Uint64(k[8:]) ^ t.s1
	c := binary.LittleEndian.Uint64(k[16:])
	hi, lo := bits.Mul64(a, b^0x9E3779B97F4A7C15)
	hi, lo = bits.Mul64(hi^lo^c, t.s1^0xBF58476D1CE4E5B9)
	return hi ^ lo
}

// find returns the slot of key k, or nil.
func (t *idTable) find(k *[idKeyLen]byte) *idSlot {
	for i := t.hash(k) & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
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
	k, ok := idKey(v)
	if !ok {
		if i, found := t.long[v]; found {
			return int(i)
		}
		return -1
	}
	if s := t.find(&k); s != nil {
		return int(s.sec - 1)
	}
	return -1
}

// put sets value v, at offset off of the master's values, to security
// number sec.
func (t *idTable) put(v string, sec int32, off uint32) {
	k, ok := idKey(v)
	if !ok {
		t.long[v] = sec
		return
	}
	for i := t.hash(&k) & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.sec == 0 {
			if 2*(t.n+1) > len(t.slots) {
				t.grow()
				t.put(v, sec, off)
				return
			}
			*s = idSlot{key: k, sec: sec + 1, off: off}
			t.n++
			return
		}
		if s.key == k {
			s.sec, s.off = sec+1, off
			return
		}
	}
}

// grow doubles the table.
func (t *idTable) grow() {
	old := t.slots
	t.slots = make([]idSlot, 2*len(old))
	t.mask = uint64(len(t.slots) - 1)
	for _, s := range old {
		if s.sec == 0 {
			continue
		}
		k := s.key
		i := t.hash(&k) & t.mask
		for t.slots[i].sec != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = s
	}
}
