package nameindex

import (
	"math"
	"slices"
)

// Search returns the keys that score at least minScore against the
// normalised query qkey, or equal it, in ascending key order. A
// negative minScore returns every key that shares a word, or a near word,
// with the query. Search is safe for concurrent use.
func (x *Index) Search(qkey string, minScore float64) []Result {
	if x == nil || len(x.keys) == 0 || qkey == "" {
		return nil
	}
	theta := minScore
	sc := x.getScratch()
	defer x.putScratch(sc)
	q, info := x.query(qkey, sc)

	var wq float64
	for i := range q {
		wq += q[i].w
	}
	// A name scoring theta or more shares query words weighing
	// theta*wq/(2-theta) or more (see Index.candidates), where wq leaves
	// out a place name that opens the query: it may be left out.
	wqLo := wq - info.placeW
	cut := theta
	if cut > 1 {
		cut = 1
	}
	need := 0.0
	if cut > 0 {
		need = cut*wqLo/(2-cut) - 1e-9
	}
	keys := x.candidates(q, need, sc)
	x.table(q, sc)

	// The keys that both bounds let through, in place, then in order.
	restW := sc.restW
	keep := keys[:0]
	for _, k := range keys {
		kwLo, kw := x.keyW[k]-x.keyPlaceW[k], x.keyW[k]
		if bound(sc.acc[k]+restW, wqLo, kwLo, kw) < cut-1e-9 {
			continue
		}
		if a, extra := x.tight(q, info, k, sc); bound(a, wqLo+extra, kwLo, kw) < cut-1e-9 {
			continue
		}
		keep = append(keep, k)
	}
	slices.Sort(keep)
	var hits []Result
	buf := resultBuf{room: min(len(keep), 4)}
	for _, k := range keep {
		if r, ok := x.result(q, info, k, qkey, wq, theta, sc, &buf); ok {
			if hits == nil {
				hits = make([]Result, 0, len(keep))
			}
			hits = append(hits, r)
		}
	}
	return hits
}

// resultBuf holds the Tokens and Pairs of the results of one search,
// each result's a full slice of them, so that a search allocates for
// them a few times rather than twice a result.
type resultBuf struct {
	toks  []string
	pairs []Pair
	room  int // the results to make room for at first; 0 for two
}

// bound is the most a key can score when the query words it holds weigh
// at most a, the query weighs wq and the key between kwLo and kw (a place
// name that opens it may be left out): a pair counts at most its query
// words' weight and as much again of its key words' (pairWeight), so the
// score is at most (a+min(a,w))/(wq+w) for the key's weight w, which is
// greatest at w = a.
func bound(a, wq, kwLo, kw float64) float64 {
	w := minf(maxf(a, kwLo), kw)
	return (a + minf(a, w)) / (wq + w)
}

// Scan is Search without the postings and their bounds: every key is
// scored. It is the reference that tests hold Search to; it is slow.
func (x *Index) Scan(qkey string, minScore float64) []Result {
	if x == nil || len(x.keys) == 0 || qkey == "" {
		return nil
	}
	sc := x.getScratch()
	defer x.putScratch(sc)
	q, info := x.query(qkey, sc)
	x.table(q, sc)
	var wq float64
	for i := range q {
		wq += q[i].w
	}
	var hits []Result
	var buf resultBuf
	for k := range x.keys {
		if r, ok := x.result(q, info, int32(k), qkey, wq, minScore, sc, &buf); ok {
			hits = append(hits, r)
		}
	}
	return hits
}

// result scores key k against the query.
func (x *Index) result(q []qword, info qinfo, k int32, qkey string, wq, theta float64, sc *scratch, buf *resultBuf) (Result, bool) {
	exact := x.keys[k] == qkey
	al := x.align(q, info, k, wq, sc)
	score := al.score
	if exact {
		score = 1
	} else if score >= 1 {
		score = math.Nextafter(1, 0)
	}
	if !exact && score < theta {
		return Result{}, false
	}
	r := Result{Key: k, Score: score, Exact: exact, InOrder: al.inOrder, QueryPlace: al.qPlace, KeyPlace: al.kPlace,
		QueryWords: len(q), KeyWords: int(x.keyOff[k+1] - x.keyOff[k])}
	if buf.toks == nil {
		n := buf.room // results to make room for
		if n <= 0 {
			n = 2
		}
		buf.toks = make([]string, 0, n*len(q))
		buf.pairs = make([]Pair, 0, n*len(q))
	}
	t0 := len(buf.toks)
	for i, ok := range al.uq {
		if ok {
			buf.toks = append(buf.toks, q[i].text)
		}
	}
	if len(buf.toks) > t0 {
		r.Tokens = buf.toks[t0:len(buf.toks):len(buf.toks)]
	}
	p0 := len(buf.pairs)
	for _, p := range al.taken {
		buf.pairs = append(buf.pairs, Pair{Query: p.qi, QueryLen: p.qn, Key: p.kj, KeyLen: p.kn, Kind: p.kind, Sim: p.sim})
	}
	r.Pairs = buf.pairs[p0:len(buf.pairs):len(buf.pairs)]
	return r, true
}

// candidates returns the keys that may score theta or more, in no
// order, where
// need = theta*wq/(2-theta). A pair counts at most its query words'
// weight plus as much again of its key words' (pairWeight), so a key
// with weight wk holding (by equal, near, joined or split words) query
// words of total weight A scores at most min(2A, A+wk)/(wq+wk), which is
// at most 2A/(wq+A); scoring theta needs A >= need. So it holds
// one of the heaviest query words whose weights, taken heaviest first,
// leave less than need for the rest: only their postings are read.
// sc.acc gets, per key, the weight of those words it holds, and sc.restW
// the weight of the other words.
func (x *Index) candidates(q []qword, need float64, sc *scratch) []int32 {
	order := sc.order[:0]
	for range q {
		order = append(order, 0)
	}
	sc.order = order
	var rest float64
	for i := range q {
		order[i] = i
		rest += q[i].w
	}
	for i := 1; i < len(order); i++ { // heaviest first, stable
		for j := i; j > 0 && q[order[j]].w > q[order[j-1]].w; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	keys := sc.keys[:0]
	visit := func(p []int32, i int) {
		for _, k := range p {
			if sc.last[k] == 0 {
				sc.touched = append(sc.touched, k)
				keys = append(keys, k)
			}
			if sc.last[k] != int32(i+1) {
				sc.last[k] = int32(i + 1)
				sc.acc[k] += q[i].w
			}
		}
	}
	for _, i := range order {
		if rest < need {
			break
		}
		rest -= q[i].w
		for _, e := range q[i].exp {
			visit(x.post[e.id], i)
		}
		for _, sp := range q[i].split {
			a, b := x.post[sp[0]], x.post[sp[1]]
			if len(b) < len(a) {
				a = b
			}
			visit(a, i)
		}
		if q[i].join >= 0 {
			visit(x.post[q[i].join], i)
		}
		if i > 0 && q[i-1].join >= 0 {
			visit(x.post[q[i-1].join], i)
		}
	}
	if rest < 0 {
		rest = 0
	}
	sc.restW = rest
	sc.keys = keys
	return keys
}

// table fills sc's table of the query: for each vocabulary word, the
// query words that meet it (equal, abbreviated, plural, near, truncated,
// joined with the next or split in two), so that align and tight read a
// key's words once each instead of comparing every pair of words.
func (x *Index) table(q []qword, sc *scratch) {
	if len(sc.tstamp) < len(x.words) {
		sc.tstamp = make([]uint32, len(x.words))
		sc.thead = make([]int32, len(x.words))
		sc.tgen = 0
	}
	sc.tgen++
	if sc.tgen == 0 {
		for i := range sc.tstamp {
			sc.tstamp[i] = 0
		}
		sc.tgen = 1
	}
	sc.tents = sc.tents[:0]
	push := func(id int32, e tent) {
		if sc.tstamp[id] != sc.tgen {
			sc.tstamp[id] = sc.tgen
			sc.thead[id] = -1
		}
		e.next = sc.thead[id]
		sc.thead[id] = int32(len(sc.tents))
		sc.tents = append(sc.tents, e)
	}
	for i := range q {
		qw := &q[i]
		for _, e := range qw.exp {
			if e.sim > 0 {
				push(e.id, tent{qi: int32(i), kind: e.kind, sim: e.sim})
			}
		}
		if qw.join >= 0 {
			push(qw.join, tent{qi: int32(i), kind: Joined, sim: JoinSim})
		}
		for _, sp := range qw.split {
			push(sp[0], tent{qi: int32(i), other: sp[1], kind: Split, sim: JoinSim})
		}
	}
}

// entries returns the first entry of the query's table for word t, or -1.
func (sc *scratch) entries(t int32) int32 {
	if sc.tstamp[t] != sc.tgen {
		return -1
	}
	return sc.thead[t]
}

// tight returns, for key k, the most the aligned pairs can count of the
// query's weight (each query word that some word of the key meets, times
// the best similarity of such a word) and the weight that the query's
// generic words that no word of the key meets add in full (see align):
// a bound on k's score that is tighter than the postings' (bound).
func (x *Index) tight(q []qword, info qinfo, k int32, sc *scratch) (a, extra float64) {
	kt := x.keyTok[x.keyOff[k]:x.keyOff[k+1]]
	held := sc.held[:0]
	for range q {
		held = append(held, 0)
	}
	sc.held = held
	for j, t := range kt {
		for e := sc.entries(t); e >= 0; e = sc.tents[e].next {
			te := &sc.tents[e]
			switch te.kind {
			case Joined:
				held[te.qi] = maxf(held[te.qi], te.sim)
				held[te.qi+1] = maxf(held[te.qi+1], te.sim)
			case Split:
				if j+1 < len(kt) && kt[j+1] == te.other {
					held[te.qi] = maxf(held[te.qi], te.sim)
				}
			default:
				held[te.qi] = maxf(held[te.qi], te.sim)
			}
		}
	}
	for i, h := range held {
		switch {
		case h > 0:
			a += h * q[i].w
		case i >= info.place:
			// Unaligned, and not a place name left out.
			extra += q[i].full - q[i].w
		}
	}
	return a, extra
}

// pairWeight is the weight an aligned pair counts: that of its query
// words and that of its key words, the latter at most the former. So a
// pair counts at most twice its query words' weight, whatever the key's.
func pairWeight(wq, wk float64) float64 { return wq + minf(wk, wq) }

// minf and maxf are math.Min and math.Max for the weights and
// similarities, which are never NaN nor negative zero: compiled inline.
func minf(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

// pair is an aligned pair: query words qi..qi+qn-1 and key words
// kj..kj+kn-1, contributing c, met with similarity sim as kind.
type pair struct {
	qi, qn, kj, kn int
	c, sim         float64
	kind           Kind
}

// alignment is what align finds, in sc's memory: valid until the next
// align.
type alignment struct {
	score          float64
	uq             []bool // the query words aligned
	taken          []pair // the pairs taken, in query order
	inOrder        bool
	qPlace, kPlace int // place names left out (Result.QueryPlace, KeyPlace)
}

// align scores key k against the query: the greedy alignment of its
// words, best pairs first (see lists.Set.SearchName).
func (x *Index) align(q []qword, info qinfo, k int32, wq float64, sc *scratch) alignment {
	kt := x.keyTok[x.keyOff[k]:x.keyOff[k+1]]
	ps := sc.pairs[:0]
	for j, t := range kt {
		for e := sc.entries(t); e >= 0; e = sc.tents[e].next {
			te := &sc.tents[e]
			i := int(te.qi)
			switch te.kind {
			case Joined:
				ps = append(ps, pair{i, 2, j, 1, JoinSim * pairWeight(q[i].w+q[i+1].w, x.weight[t]), JoinSim, Joined})
			case Split:
				if j+1 < len(kt) && kt[j+1] == te.other {
					ps = append(ps, pair{i, 1, j, 2, JoinSim * pairWeight(q[i].w, x.weight[t]+x.weight[kt[j+1]]), JoinSim, Split})
				}
			default:
				ps = append(ps, pair{i, 1, j, 1, te.sim * pairWeight(q[i].w, x.weight[t]), te.sim, te.kind})
			}
		}
	}
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].before(ps[j-1]); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
	n := len(q) + len(kt)
	if cap(sc.used) < n {
		sc.used = make([]bool, n)
	}
	used := sc.used[:n]
	for i := range used {
		used[i] = false
	}
	uq, uk := used[:len(q)], used[len(q):]
	var sum float64
	taken := ps[:0]
	for _, p := range ps {
		if uq[p.qi] || uq[p.qi+p.qn-1] || uk[p.kj] || uk[p.kj+p.kn-1] {
			continue
		}
		uq[p.qi], uq[p.qi+p.qn-1], uk[p.kj], uk[p.kj+p.kn-1] = true, true, true, true
		sum += p.c
		taken = append(taken, p)
	}
	sc.pairs = ps
	al := alignment{uq: uq, inOrder: true}

	// A place name that opens the query or the key and is left
	// unaligned does not count, unless both open with one.
	den := wq + x.keyW[k]
	qOpt := info.place > 0 && !anyTrue(uq[:info.place])
	kp := int(x.keyPlace[k])
	kOpt := kp > 0 && !anyTrue(uk[:kp])
	switch {
	case qOpt && kOpt:
	case qOpt:
		den -= info.placeW
		al.qPlace = info.place
	case kOpt:
		den -= x.keyPlaceW[k]
		al.kPlace = kp
	}
	// A generic word the query adds counts in full.
	for i := al.qPlace; i < len(q); i++ {
		if !uq[i] {
			den += q[i].full - q[i].w
		}
	}
	score := sum / den
	if al.qPlace > 0 || al.kPlace > 0 {
		score *= placeScale
	}
	// In order if, taken by query word, the pairs' key words rise.
	for i := 1; i < len(taken); i++ {
		for j := i; j > 0 && taken[j].qi < taken[j-1].qi; j-- {
			taken[j], taken[j-1] = taken[j-1], taken[j]
		}
	}
	for i := 1; i < len(taken); i++ {
		if taken[i].kj < taken[i-1].kj {
			score *= OrderScale
			al.inOrder = false
			break
		}
	}
	al.score, al.taken = score, taken
	return al
}

func anyTrue(bs []bool) bool {
	for _, b := range bs {
		if b {
			return true
		}
	}
	return false
}

// before orders pairs for the greedy alignment: heavier first, then by
// query word, key word, and the single-word pairs first.
func (p pair) before(o pair) bool {
	if p.c != o.c {
		return p.c > o.c
	}
	if p.qi != o.qi {
		return p.qi < o.qi
	}
	if p.kj != o.kj {
		return p.kj < o.kj
	}
	if p.qn != o.qn {
		return p.qn < o.qn
	}
	return p.kn < o.kn
}
