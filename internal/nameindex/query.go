package nameindex

import (
	"math/bits"
	"strings"
	"unicode/utf8"
)

// maxNearOther bounds the cache of near words for query words outside the
// vocabulary.
const maxNearOther = 1 << 16

// nearCached adds to qw the words near it, from the cache when qw is a
// known word.
func (x *Index) nearCached(qw *qword, known bool, own int32, d int, sc *scratch) {
	var v any
	var ok bool
	if known {
		v, ok = x.nearKnown.Load(own)
	} else {
		v, ok = x.nearOther.Load(qw.text)
	}
	if ok {
		for _, e := range v.([]wordSim) {
			qw.add(e.id, e.sim)
		}
		return
	}
	tmp := qword{text: qw.text, join: -1}
	x.near(&tmp, d, sc)
	found := append([]wordSim(nil), tmp.exp...)
	switch {
	case known:
		x.nearKnown.Store(own, found)
	case x.nearOthers.Add(1) <= maxNearOther:
		x.nearOther.Store(strings.Clone(qw.text), found)
	}
	for _, e := range found {
		qw.add(e.id, e.sim)
	}
}

// qword is a word of the query and what it may match.
type qword struct {
	text  string
	w     float64
	exp   []wordSim  // vocabulary words it matches, and how well
	join  int32      // the vocabulary word it makes joined with the next query word, or -1
	split [][2]int32 // pairs of adjacent vocabulary words it is written as
}

type wordSim struct {
	id  int32
	sim float64
}

func (q *qword) sim(id int32) float64 {
	for _, e := range q.exp {
		if e.id == id {
			return e.sim
		}
	}
	return 0
}

func (q *qword) add(id int32, sim float64) {
	for i := range q.exp {
		if q.exp[i].id == id {
			if sim > q.exp[i].sim {
				q.exp[i].sim = sim
			}
			return
		}
	}
	q.exp = append(q.exp, wordSim{id, sim})
}

// query splits the normalised query into words and finds what each may
// match in the vocabulary.
func (x *Index) query(qkey string, sc *scratch) []qword {
	words := strings.Split(qkey, " ")
	q := make([]qword, len(words))
	for i, w := range words {
		qw := &q[i]
		qw.text = w
		qw.join = -1
		own, known := x.vocab[w]
		if known {
			qw.add(own, 1)
		}
		for _, a := range abbrevPairs[w] {
			if id, ok := x.vocab[a]; ok {
				qw.add(id, abbrevSim)
			}
		}
		for _, p := range plurals(w) {
			if id, ok := x.vocab[p]; ok {
				qw.add(id, pluralSim)
			}
		}
		if n := utf8.RuneCountInString(w); n >= nearMinLen {
			d := 1
			if n >= nearTwoLen {
				d = 2
			}
			x.nearCached(qw, known, own, d, sc)
			for p := 2; p <= len(w)-2; p++ {
				if !utf8.RuneStart(w[p]) {
					continue
				}
				a, okA := x.vocab[w[:p]]
				b, okB := x.vocab[w[p:]]
				if okA && okB {
					qw.split = append(qw.split, [2]int32{a, b})
				}
			}
		}
		if i+1 < len(words) {
			var buf [64]byte
			joined := append(append(buf[:0], w...), words[i+1]...)
			if id, ok := x.vocab[string(joined)]; ok {
				qw.join = id
			}
		}
		switch {
		case known:
			qw.w = x.weight[own]
		case len(qw.exp) > 0:
			// A word no name has weighs as the word it is nearest,
			best := qw.exp[0]
			for _, e := range qw.exp[1:] {
				if e.sim > best.sim || e.sim == best.sim && e.id < best.id {
					best = e
				}
			}
			qw.w = x.weight[best.id]
		case len(qw.split) > 0:
			// or as the words it splits into,
			sp := qw.split[0]
			qw.w = x.weight[sp[0]] + x.weight[sp[1]]
		default:
			// or as a word in one name.
			qw.w = x.wordWeight(w, x.unseen)
		}
	}
	return q
}

// plurals returns the other number of word w: "group" "groups",
// "technology" "technologies".
func plurals(w string) []string {
	if len(w) < 3 {
		return nil
	}
	out := []string{w + "s"}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		out = append(out, w[:len(w)-3]+"y")
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		out = append(out, w[:len(w)-1])
	case strings.HasSuffix(w, "y"):
		out = append(out, w[:len(w)-1]+"ies")
	}
	return out
}

// near adds to q the vocabulary words within maxD edits (optimal string
// alignment: insertions, deletions, substitutions, transpositions) of
// q.text. Each edit destroys at most three of q's distinct padded
// two-letter grams, so such a word shares all but 3*maxD of them and is
// in one of the 3*maxD+1 shortest postings of them for its length; only
// those are read (for the lengths within maxD of q's), and each word
// found is checked: its letters (letterMask), then its distance.
func (x *Index) near(q *qword, maxD int, sc *scratch) {
	var rbuf [64]rune
	qr := appendRunes(rbuf[:0], q.text)
	var gbuf [65]int32 // q's distinct grams; -1 for one no word has
	gs := gbuf[:0]
	grams := 0
	prev := '^'
	for i := 0; i <= len(qr); i++ {
		r := '$'
		if i < len(qr) {
			r = qr[i]
		}
		g, ok := x.gram(prev, r)
		prev = r
		if !ok {
			g = -1 - int32(i) // distinct, and no postings
		}
		if !containsID(gs, g) {
			gs = append(gs, g)
		}
	}
	grams = len(gs)
	read := 3*maxD + 1 // postings to read per length
	if grams-3*maxD < 1 || len(sc.mark) == 0 {
		return
	}
	sc.stamp++
	if sc.stamp == 0 {
		for i := range sc.mark {
			sc.mark[i] = 0
		}
		sc.stamp = 1
	}
	qm := letterMask(q.text)
	var wbuf [64]rune
	var pbuf [65][]int32
	for l := len(qr) - maxD; l <= len(qr)+maxD; l++ {
		ps := pbuf[:0]
		for _, g := range gs {
			var p []int32
			if g >= 0 {
				p = x.gramWords(g, l)
			}
			// Insert by length: the shortest postings first.
			i := len(ps)
			ps = append(ps, p)
			for ; i > 0 && len(ps[i-1]) > len(p); i-- {
				ps[i] = ps[i-1]
			}
			ps[i] = p
		}
		for _, p := range ps[:read] {
			for _, id := range p {
				if sc.mark[id] == sc.stamp {
					continue
				}
				sc.mark[id] = sc.stamp
				if bits.OnesCount64(qm^x.wordMask[id]) > 2*maxD {
					continue
				}
				wr := appendRunes(wbuf[:0], x.words[id])
				d := osa(qr, wr, maxD, sc)
				if d == 0 || d > maxD {
					continue
				}
				sim := JaroWinkler(q.text, x.words[id])
				if sim < translitSim && sameConsonants(q.text, x.words[id]) {
					sim = translitSim
				}
				q.add(id, sim)
			}
		}
	}
}
