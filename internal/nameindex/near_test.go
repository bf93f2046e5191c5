package nameindex

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// testVocabulary returns n distinct made-up words of 3 to 12 letters,
// the same every run, with a few outside ASCII: a vocabulary for the
// near-word search.
func testVocabulary(n int) []string {
	const letters = "abcdefghiklmnoprstuvyz"
	state := uint64(0x2545f4914f6cdd1d)
	next := func() uint64 { // xorshift64
		state ^= state << 13
		state ^= state >> 7
		state ^= state << 17
		return state
	}
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		l := 3 + int(next()%10)
		var b strings.Builder
		for i := 0; i < l; i++ {
			switch r := next() % 64; {
			case r == 0:
				b.WriteRune('ü')
			case r == 1:
				b.WriteRune('ж')
			default:
				b.WriteByte(letters[r%uint64(len(letters))])
			}
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// edits returns words one or two edits from w: each kind of edit at a
// few places, and pairs of them.
func edits(w string) []string {
	r := []rune(w)
	var out []string
	one := func(r []rune) [][]rune {
		var o [][]rune
		for _, i := range []int{0, len(r) / 2, len(r) - 1} {
			if i < 0 || i >= len(r) {
				continue
			}
			o = append(o, cat(r[:i], r[i+1:]))              // deletion
			o = append(o, cat(r[:i], []rune{'q'}, r[i:]))   // insertion
			o = append(o, cat(r[:i], []rune{'x'}, r[i+1:])) // substitution
			o = append(o, cat(r, []rune{'w'}))              // insertion at the end
			if i+1 < len(r) {
				t := slices.Clone(r)
				t[i], t[i+1] = t[i+1], t[i] // transposition
				o = append(o, t)
			}
		}
		return o
	}
	for _, a := range one(r) {
		out = append(out, string(a))
		for _, b := range one(a) {
			out = append(out, string(b))
		}
	}
	return out
}

// cat returns the runes of rs, one after the other, in a new slice.
func cat(rs ...[]rune) []rune {
	var out []rune
	for _, r := range rs {
		out = append(out, r...)
	}
	return out
}

// TestNearIsBruteForce holds near (the gram postings, the letter masks,
// the edit distance on bytes or runes) to a scan of every word of the
// vocabulary with the edit distance on runes: the same words, with the
// same similarities.
func TestNearIsBruteForce(t *testing.T) {
	vocab := testVocabulary(3000)
	x := Build(vocab, Options{})
	sc := x.getScratch()
	defer x.putScratch(sc)
	runes := make([][]rune, len(x.words))
	for id, w := range x.words {
		runes[id] = []rune(w)
	}
	var queries []string
	for _, w := range vocab[:60] {
		queries = append(queries, edits(w)...)
	}
	queries = append(queries, "ab", "abc", "zzzzzzzzzzzzzz", "müllerstrasse")
	checked := 0
	for _, q := range queries {
		n := utf8.RuneCountInString(q)
		if n < nearMinLen {
			continue
		}
		d := 1
		if n >= nearTwoLen {
			d = 2
		}
		got := qword{text: q}
		x.near(&got, d, sc)
		// The reference: every word of the gram index's lengths.
		want := map[int32]float64{}
		qr := []rune(q)
		if distinctGrams(qr)-3*d >= 1 { // near needs a gram to read
			for id, w := range x.words {
				l := len(runes[id])
				if l < nearMinLen-1 || l >= gramLens || l < n-d || l > n+d {
					continue
				}
				if dist := osa(qr, runes[id], d, sc); dist > 0 && dist <= d {
					sim := JaroWinkler(q, w)
					if sim < translitSim && sameConsonants(q, w) {
						sim = translitSim
					}
					want[int32(id)] = sim
				}
			}
		}
		if len(got.exp) != len(want) {
			t.Errorf("near(%q, %d): %d words, want %d", q, d, len(got.exp), len(want))
			continue
		}
		for _, e := range got.exp {
			if s, ok := want[e.id]; !ok || s != e.sim || e.kind != Near {
				t.Errorf("near(%q, %d): %q %.3f %v, want %.3f (%v)", q, d, x.words[e.id], e.sim, e.kind, s, ok)
			}
		}
		checked += len(want)
	}
	t.Logf("%d near words of %d queries checked", checked, len(queries))
	if checked < 500 {
		t.Fatalf("only %d near words checked: the test vocabulary or edits are too sparse", checked)
	}
}

func distinctGrams(r []rune) int {
	seen := map[[2]rune]bool{}
	prev := '^'
	for i := 0; i <= len(r); i++ {
		c := '$'
		if i < len(r) {
			c = r[i]
		}
		seen[[2]rune{prev, c}] = true
		prev = c
	}
	return len(seen)
}

// TestMayBeWord: the length and first-bytes filter of splits and joins
// never rejects a word of the vocabulary.
func TestMayBeWord(t *testing.T) {
	vocab := append(testVocabulary(2000), "ab", "a", "中国", "x"+strings.Repeat("y", 70))
	x := Build(vocab, Options{})
	for _, w := range vocab {
		if !x.mayBeWord(w) {
			t.Errorf("mayBeWord(%q) = false for a word of the vocabulary", w)
		}
		for i := 1; i < len(w); i++ {
			if utf8.RuneStart(w[i]) && !x.mayBeJoined(w[:i], w[i:]) {
				t.Errorf("mayBeJoined(%q, %q) = false for a word of the vocabulary", w[:i], w[i:])
			}
		}
	}
	rejected := 0
	for _, w := range testVocabulary(4000)[2000:] {
		if !x.mayBeWord(w + "qq") {
			rejected++
		}
	}
	if rejected == 0 {
		t.Error("mayBeWord rejects nothing")
	}
}

// TestOSABitsIsOSA: the distance in bits is osa's, for ASCII words of
// every length up to 64 bytes against words a few edits away and others.
func TestOSABitsIsOSA(t *testing.T) {
	vocab := testVocabulary(600)
	long := strings.Repeat("abcdefghij", 7)[:64]
	pairs := [][2]string{{"ca", "abc"}, {"abcd", "acbd"}, {"abcd", "badc"}, {"a", "b"}, {"a", ""}, {"ab", "ba"}, {long, long[1:]}, {long, long[:63] + "q"}, {long, "q" + long}}
	for i, a := range vocab {
		if !isASCII(a) {
			continue
		}
		for _, b := range append(edits(a), vocab[(i+1)%len(vocab)], vocab[(i+7)%len(vocab)]+a) {
			if isASCII(b) {
				pairs = append(pairs, [2]string{a, b}, [2]string{b, a})
			}
		}
	}
	for _, p := range pairs {
		a, b := p[0], p[1]
		if a == "" || len(a) > 64 {
			continue
		}
		var peq [128]uint64
		for i := 0; i < len(a); i++ {
			peq[a[i]] |= 1 << i
		}
		max := len(a) + len(b)
		if got, want := osaBits(&peq, len(a), b), osa([]rune(a), []rune(b), max, &scratch{}); got != want {
			t.Errorf("osaBits(%q, %q) = %d, osa %d", a, b, got, want)
		}
	}
	if len(pairs) < 10000 {
		t.Fatalf("only %d pairs", len(pairs))
	}
}
