package nameindex

import (
	"math/bits"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxOther bounds the cache of what wordInfo finds of query words
// outside the vocabulary.
const maxOther = 1 << 16

// wordInfo is what a query word meets in the vocabulary that depends on
// the word alone: not itself, not the words it is the truncation of (that
// depends on its place in the query) and not the word it makes joined
// with the next one. It is shared between searches: read-only.
type wordInfo struct {
	// exp are the abbreviations and plurals (exp[:pre]), then the near
	// words (exp[pre:]), each part without a word twice.
	exp []wordSim
	pre int
	// all is what a qword of the word (not a truncated one) matches:
	// itself if known, then exp, each word once, as qword.add leaves
	// them.
	all []wordSim
	// split are the pairs of adjacent vocabulary words it is written as.
	split [][2]int32
}

// noInfo is the wordInfo of a word that meets nothing.
var noInfo = &wordInfo{}

// info returns the wordInfo of w, whose id is own if it is known (in the
// vocabulary), from the caches when it is there.
func (x *Index) info(w string, known bool, own int32, sc *scratch) *wordInfo {
	if known {
		if wi := x.known[own].Load(); wi != nil {
			return wi
		}
	} else if v, ok := x.other.Load(w); ok {
		return v.(*wordInfo)
	}
	wi := x.newInfo(w, known, own, sc)
	switch {
	case known:
		x.known[own].Store(wi)
	case x.others.Add(1) <= maxOther:
		x.other.Store(strings.Clone(w), wi)
	}
	return wi
}

// newInfo finds the wordInfo of w, whose id is own if it is known.
func (x *Index) newInfo(w string, known bool, own int32, sc *scratch) *wordInfo {
	var pre qword
	for _, a := range abbrevPairs[w] {
		if id, ok := x.vocab[a]; ok {
			pre.add(id, abbrevSim, Abbreviation)
		}
	}
	var pbuf [2][64]byte
	var pout [2][]byte
	for _, p := range appendPlurals(&pbuf, &pout, w) {
		if id, ok := x.vocab[string(p)]; ok {
			pre.add(id, pluralSim, Plural)
		}
	}
	near := qword{text: w}
	var split [][2]int32
	if n := utf8.RuneCountInString(w); n >= nearMinLen {
		d := 1
		if n >= nearTwoLen {
			d = 2
		}
		x.near(&near, d, sc)
		for p := 2; p <= len(w)-2; p++ {
			if !utf8.RuneStart(w[p]) || !x.mayBeWord(w[:p]) || !x.mayBeWord(w[p:]) {
				continue
			}
			a, okA := x.vocab[w[:p]]
			if !okA {
				continue
			}
			if b, okB := x.vocab[w[p:]]; okB {
				split = append(split, [2]int32{a, b})
			}
		}
	}
	if !known && len(pre.exp) == 0 && len(near.exp) == 0 && len(split) == 0 {
		return noInfo
	}
	exp := make([]wordSim, 0, len(pre.exp)+len(near.exp))
	exp = append(append(exp, pre.exp...), near.exp...)
	all := qword{exp: make([]wordSim, 0, 1+len(exp))}
	if known {
		all.add(own, 1, Equal)
	}
	for _, e := range exp {
		all.add(e.id, e.sim, e.kind)
	}
	return &wordInfo{exp: exp, pre: len(pre.exp), all: all.exp, split: split}
}

// qword is a word of the query and what it may match.
type qword struct {
	text string
	w    float64
	// full is the weight the word has when it is left unaligned: its
	// inverse document frequency for a generic word (descriptorWords),
	// so that a query that adds "Holdings" or "International" to a name
	// is far from it; w otherwise.
	full  float64
	exp   []wordSim  // vocabulary words it matches, and how well
	join  int32      // the vocabulary word it makes joined with the next query word, or -1
	split [][2]int32 // pairs of adjacent vocabulary words it is written as
}

type wordSim struct {
	id   int32
	sim  float64
	kind Kind
}

// add records that q meets word id with similarity sim, keeping the best
// way.
func (q *qword) add(id int32, sim float64, kind Kind) { q.addAfter(len(q.exp), id, sim, kind) }

// addAfter is add when only q.exp[:had] may hold id.
func (q *qword) addAfter(had int, id int32, sim float64, kind Kind) {
	for i := range q.exp[:had] {
		if q.exp[i].id == id {
			if sim > q.exp[i].sim {
				q.exp[i].sim, q.exp[i].kind = sim, kind
			}
			return
		}
	}
	q.exp = append(q.exp, wordSim{id, sim, kind})
}

// qinfo is what query finds of the query as a whole.
type qinfo struct {
	place  int     // leading words that are a place name (Options.Place)
	placeW float64 // their weight
}

// query splits the normalised query into words and finds what each may
// match in the vocabulary. The words are in sc's memory.
func (x *Index) query(qkey string, sc *scratch) ([]qword, qinfo) {
	words := sc.words[:0]
	for start := 0; ; {
		end := strings.IndexByte(qkey[start:], ' ')
		if end < 0 {
			words = append(words, qkey[start:])
			break
		}
		words = append(words, qkey[start:start+end])
		start += end + 1
	}
	sc.words = words
	if cap(sc.q) < len(words) {
		sc.q = make([]qword, len(words))
	}
	q := sc.q[:len(words)]
	for i, w := range words {
		qw := &q[i]
		*qw = qword{text: w, join: -1}
		own, known := x.vocab[w]
		wi := x.info(w, known, own, sc)
		trunc := 0 // the most words the last word may be cut from
		if i == len(words)-1 {
			switch {
			case !known:
				trunc = maxTrunc
			case len(qkey) >= minCutLen && utf8.RuneCountInString(w) > minTruncLen:
				trunc = maxTruncKnown
			}
		}
		if trunc == 0 {
			qw.exp = wi.all // shared: read only
		} else {
			// The same adds as wi.all's, with the truncations before
			// the near words, in sc's memory.
			if sc.slab == nil {
				sc.slab = make([]wordSim, 0, 4+maxTrunc+28)
			}
			qw.exp = sc.slab[:0]
			if known {
				qw.add(own, 1, Equal)
			}
			for _, e := range wi.exp[:wi.pre] {
				qw.add(e.id, e.sim, e.kind)
			}
			x.truncated(qw, trunc)
			for _, e := range wi.exp[wi.pre:] {
				qw.add(e.id, e.sim, e.kind)
			}
		}
		qw.split = wi.split // shared: read only
		if i+1 < len(words) && x.mayBeJoined(w, words[i+1]) {
			var buf [64]byte
			joined := append(append(buf[:0], w...), words[i+1]...)
			if id, ok := x.vocab[string(joined)]; ok {
				qw.join = id
			}
		}
		switch {
		case known:
			qw.w, qw.full = x.weight[own], x.full[own]
		case len(qw.exp) > 0:
			// A word no name has weighs as the word it is nearest,
			best := qw.exp[0]
			for _, e := range qw.exp[1:] {
				if e.sim > best.sim || e.sim == best.sim && e.id < best.id {
					best = e
				}
			}
			qw.w, qw.full = x.weight[best.id], x.full[best.id]
		case len(qw.split) > 0:
			// or as the words it splits into,
			sp := qw.split[0]
			qw.w = x.weight[sp[0]] + x.weight[sp[1]]
			qw.full = qw.w
		default:
			// or as a word in one name.
			qw.w = x.wordWeight(w, x.unseen)
			qw.full = qw.w
			if descriptorWords[w] {
				qw.full = x.unseen
			}
		}
	}
	var info qinfo
	if x.place != nil {
		if info.place = x.place(words); info.place >= len(q) {
			info.place = 0 // a name that is only a place keeps it
		}
		for i := 0; i < info.place && i < len(q); i++ {
			info.placeW += q[i].w
		}
	}
	return q, info
}

// truncated adds to qw, the last word of the query, the vocabulary words
// it is the beginning of, when it has minTruncLen runes or more: a name
// cut at a fixed field width ("CHINA SATELLITE COMMUNICATI"). A last word
// that is a word of the vocabulary is taken as cut only when it is longer
// than minTruncLen and the query has minCutLen bytes or more, as a name
// cut at a terminal's field width has ("CHINA AEROSPACE TIMES ELECTRON"). The
// similarity rises with the share of the word kept, from truncSim; at
// most the given number of words, the first in byte order, are added.
func (x *Index) truncated(qw *qword, most int) {
	n := utf8.RuneCountInString(qw.text)
	if n < minTruncLen {
		return
	}
	w := qw.text
	span, ok := x.prefixes[w[:minTruncLen]] // minTruncLen runes are as many bytes or more
	if !ok {
		return
	}
	sorted := x.sorted[span[0]:span[1]]
	i, _ := slices.BinarySearchFunc(sorted, w, func(id int32, w string) int { return strings.Compare(x.words[id], w) })
	// The words found are distinct: only the matches qw had before can
	// be among them (add, without reading the new ones).
	had := len(qw.exp)
	for added := 0; i < len(sorted) && added < most; i++ {
		id := sorted[i]
		full := x.words[id]
		if !strings.HasPrefix(full, w) {
			break
		}
		if len(full) == len(w) {
			continue
		}
		l := utf8.RuneCountInString(full)
		qw.addAfter(had, id, truncSim+(1-truncSim)*float64(n)/float64(l), Truncation)
		added++
	}
}

// appendPlurals returns the other number of word w ("group" "groups",
// "technology" "technologies"), written into buf and out: one or two
// words, or none for a word of fewer than 3 bytes.
func appendPlurals(buf *[2][64]byte, out *[2][]byte, w string) [][]byte {
	if len(w) < 3 {
		return nil
	}
	out[0] = append(append(buf[0][:0], w...), 's')
	n := 1
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		out[1], n = append(append(buf[1][:0], w[:len(w)-3]...), 'y'), 2
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		out[1], n = append(buf[1][:0], w[:len(w)-1]...), 2
	case strings.HasSuffix(w, "y"):
		out[1], n = append(append(buf[1][:0], w[:len(w)-1]...), "ies"...), 2
	}
	return out[:n:n]
}

// near adds to q the vocabulary words within maxD edits (optimal string
// alignment: insertions, deletions, substitutions, transpositions) of
// q.text. An edit destroys at most three of q's distinct padded
// two-letter grams (a transposition three, a substitution or a deletion
// two, an insertion one), so such a word shares all but 3*maxD of them
// and is in one of the 3*maxD+1 shortest postings of them for its
// length; fewer for a length other than q's (destroyed), since a word
// longer or shorter by k needs k insertions or deletions. Only those are
// read (for the lengths within maxD of q's), and each word found is
// checked: its letters (letterMask), then its distance.
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
	// An ASCII query word of 64 bytes or fewer meets ASCII words a
	// column at a time in bits (osaBits); the others rune by rune.
	var peq [128]uint64
	bitwise := len(q.text) <= 64 && isASCII(q.text)
	if bitwise {
		for i := 0; i < len(q.text); i++ {
			peq[q.text[i]] |= 1 << i
		}
	}
	var wbuf [64]rune
	type span struct{ lo, hi int32 }
	var pbuf [65]span
	for l := len(qr) - maxD; l <= len(qr)+maxD; l++ {
		ps := pbuf[:0]
		for _, g := range gs {
			var p span
			if g >= 0 {
				p.lo, p.hi = x.gramWords(g, l)
			}
			// Insert by length: the shortest postings first.
			i := len(ps)
			ps = append(ps, p)
			for ; i > 0 && ps[i-1].hi-ps[i-1].lo > p.hi-p.lo; i-- {
				ps[i] = ps[i-1]
			}
			ps[i] = p
		}
		for _, p := range ps[:destroyed(maxD, l-len(qr))+1] {
			post, masks := x.gramPost[p.lo:p.hi], x.gramMask[p.lo:p.hi]
			for k, id := range post {
				// The letters first, read beside the postings: most words
				// fail there, and a word failing it twice costs less than
				// marking it.
				if bits.OnesCount64(qm^masks[k]) > 2*maxD || sc.mark[id] == sc.stamp {
					continue
				}
				sc.mark[id] = sc.stamp
				var d int
				if bitwise && x.wordASCII[id] {
					d = osaBits(&peq, len(q.text), x.words[id])
				} else {
					d = osa(qr, appendRunes(wbuf[:0], x.words[id]), maxD, sc)
				}
				if d == 0 || d > maxD {
					continue
				}
				sim := JaroWinkler(q.text, x.words[id])
				if sim < translitSim && sameConsonants(q.text, x.words[id]) {
					sim = translitSim
				}
				q.add(id, sim, Near)
			}
		}
	}
}

// destroyed is the most distinct padded two-letter grams of a word that
// maxD edits destroy when they make it longer by delta runes (shorter
// when delta is negative). Longer by delta >= 0 takes delta insertions
// (one gram each) and leaves maxD-delta edits of at most three: 3*maxD -
// 2*delta. Shorter by -delta takes -delta deletions (two each) and
// leaves maxD+delta edits of three: 3*maxD + delta.
func destroyed(maxD, delta int) int {
	if delta >= 0 {
		return 3*maxD - 2*delta
	}
	return 3*maxD + delta
}
