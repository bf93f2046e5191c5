package nameindex

import (
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Weights and similarities of SearchName's score.
const (
	// minorWeight is the weight of legal-form words ("corp", "co",
	// "joint", "stock"), words of security descriptions ("adr", "class",
	// "shares") and one-letter words ("h" of "Corp Ltd-H"), which say
	// little about which company is meant.
	minorWeight = 0.5
	// descriptorWeight is the weight of the generic words that companies
	// add to their names ("group", "holdings", "technology",
	// "international"): they count, but less than the name's own words, so
	// that "SenseTime" is near "SENSETIME GROUP" while "China Railway
	// Group" stays far from "CHINA RAILWAY CONSTRUCTION".
	descriptorWeight = 1.0
	// abbrevSim is the similarity of a word and its abbreviation
	// ("intl", "international"), pluralSim of a word and its plural.
	abbrevSim = 0.95
	pluralSim = 0.95
	JoinSim   = 0.95 // two words written as one ("great wall", "greatwall")
	// translitSim is the least similarity of near words that differ only
	// in their vowels, as transliterations of Arabic or Persian names do
	// ("hezbollah", "hizballah").
	translitSim = 0.92
	OrderScale  = 0.96 // applied when matched words are in another order
	// nearMinLen is the shortest word (in runes) matched one edit away;
	// words of nearTwoLen runes or more are matched two edits away.
	nearMinLen = 4
	nearTwoLen = 8
)

// Options tune Build.
type Options struct {
	// Minor reports the words weighed minorWeight besides the words of
	// security descriptions and one-letter words: the caller's legal-form
	// words. Nil means none.
	Minor func(word string) bool
}

// Result is a key that Search found.
type Result struct {
	// Key is the index of the key in the keys given to Build.
	Key int32
	// Score is how alike the query and the key are, from 0 to 1; only
	// an Exact result scores 1.
	Score float64
	// Exact reports whether the query equals the key.
	Exact bool
	// Tokens are the query words aligned with words of the key, in query
	// order.
	Tokens []string
}

// Build indexes keys: normalised names, words separated by single spaces.
// The Index is read-only afterwards and safe for concurrent use.
func Build(keys []string, opt Options) *Index {
	x := &Index{keys: keys, minor: opt.Minor}
	x.build(keys)
	return x
}

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
	q := x.query(qkey, sc)

	var wq float64
	for i := range q {
		wq += q[i].w
	}
	// A name scoring theta or more shares query words weighing
	// theta*wq/(2-theta) or more (see Index.candidates).
	cut := theta
	if cut > 1 {
		cut = 1
	}
	need := 0.0
	if cut > 0 {
		need = cut*wq/(2-cut) - 1e-9
	}
	keys := x.candidates(q, need, sc)

	var hits []Result
	restW := sc.restW
	for _, k := range keys {
		kw := x.keyW[k]
		if a := sc.acc[k] + restW; (a+math.Min(a, kw))/(wq+kw) < cut-1e-9 {
			continue
		}
		if r, ok := x.result(q, k, qkey, wq, theta, sc); ok {
			hits = append(hits, r)
		}
	}
	return hits
}

// Scan is Search without the postings and their bounds: every key is
// scored. It is the reference that tests hold Search to; it is slow.
func (x *Index) Scan(qkey string, minScore float64) []Result {
	if x == nil || len(x.keys) == 0 || qkey == "" {
		return nil
	}
	sc := x.getScratch()
	defer x.putScratch(sc)
	q := x.query(qkey, sc)
	var wq float64
	for i := range q {
		wq += q[i].w
	}
	var hits []Result
	for k := range x.keys {
		if r, ok := x.result(q, int32(k), qkey, wq, minScore, sc); ok {
			hits = append(hits, r)
		}
	}
	return hits
}

// result scores key k against the query.
func (x *Index) result(q []qword, k int32, qkey string, wq, theta float64, sc *scratch) (Result, bool) {
	exact := x.keys[k] == qkey
	score, aligned := x.align(q, k, wq, sc)
	if exact {
		score = 1
	} else if score >= 1 {
		score = math.Nextafter(1, 0)
	}
	if !exact && score < theta {
		return Result{}, false
	}
	var toks []string
	for i, ok := range aligned {
		if ok {
			toks = append(toks, q[i].text)
		}
	}
	return Result{Key: k, Score: score, Exact: exact, Tokens: toks}, true
}

// read-only afterwards; its scratch pool is safe for concurrent use.
type Index struct {
	keys     []string
	minor    func(string) bool
	keyOff   []int32   // key k's words are keyTok[keyOff[k]:keyOff[k+1]]
	keyTok   []int32   // word ids
	keyW     []float64 // total weight of key k's words
	vocab    map[string]int32
	words    []string
	wordLen  []uint8   // rune count, capped at 255
	wordMask []uint64  // letterMask
	weight   []float64 // weight of a word
	post     [][]int32 // word id -> keys holding it, ascending (slices of one array)
	unseen   float64   // weight of a word no key has

	// The gram index: the words of gramLens runes or fewer (and at least
	// nearMinLen-1) holding gram g (padded with '^' and '$'), by length l,
	// are gramPost[gramOff[g*gramLens+l]:gramOff[g*gramLens+l+1]].
	asciiGram []int32          // ASCII gram a<<7|b -> gram id + 1; 0 if none
	gramID    map[uint64]int32 // other grams (a<<32|b) -> gram id
	gramOff   []int32
	gramPost  []int32

	pool *sync.Pool

	// nearKnown caches, for a query word that is in the vocabulary (by
	// id), the near words near finds: such words recur across queries.
	// Its size is bounded by the vocabulary. nearOther does the same for
	// words outside it, up to maxNearOther words.
	nearKnown  sync.Map // int32 -> []wordSim
	nearOther  sync.Map // string -> []wordSim
	nearOthers atomic.Int32
}

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

// gramLens bounds the length of the words in the gram index: longer ones
// are matched exactly or by abbreviation only.
const gramLens = 64

func (x *Index) build(keys []string) {
	x.vocab = make(map[string]int32, len(keys))
	x.keyOff = make([]int32, 1, len(keys)+1)
	x.keyTok = make([]int32, 0, 4*len(keys))
	var df []int32
	for _, key := range keys {
		first := len(x.keyTok)
		for start := 0; start < len(key); {
			end := strings.IndexByte(key[start:], ' ')
			if end < 0 {
				end = len(key)
			} else {
				end += start
			}
			w := key[start:end]
			id, ok := x.vocab[w]
			if !ok {
				id = int32(len(x.words))
				x.vocab[w] = id
				x.words = append(x.words, w)
				df = append(df, 0)
			}
			if !containsID(x.keyTok[first:], id) {
				df[id]++
			}
			x.keyTok = append(x.keyTok, id)
			start = end + 1
		}
		x.keyOff = append(x.keyOff, int32(len(x.keyTok)))
	}
	// Postings: one array, cut per word.
	flat := make([]int32, 0, len(x.keyTok))
	x.post = make([][]int32, len(x.words))
	for id, n := range df {
		x.post[id] = flat[len(flat) : len(flat) : len(flat)+int(n)]
		flat = flat[:len(flat)+int(n)]
	}
	for k := range keys {
		toks := x.keyTok[x.keyOff[k]:x.keyOff[k+1]]
		for i, id := range toks {
			if !containsID(toks[:i], id) {
				x.post[id] = append(x.post[id], int32(k))
			}
		}
	}

	n := float64(len(keys))
	x.unseen = math.Log(1 + n)
	x.weight = make([]float64, len(x.words))
	x.wordLen = make([]uint8, len(x.words))
	x.wordMask = make([]uint64, len(x.words))
	for id, w := range x.words {
		x.weight[id] = x.wordWeight(w, math.Log(1+n/float64(df[id])))
		l := utf8.RuneCountInString(w)
		if l > 255 {
			l = 255
		}
		x.wordLen[id] = uint8(l)
		x.wordMask[id] = letterMask(w)
	}
	x.keyW = make([]float64, len(keys))
	for k := range keys {
		for _, t := range x.keyTok[x.keyOff[k]:x.keyOff[k+1]] {
			x.keyW[k] += x.weight[t]
		}
	}
	x.buildGrams()
	nk, nw := len(keys), len(x.words)
	x.pool = &sync.Pool{New: func() any {
		return &scratch{acc: make([]float64, nk), last: make([]int32, nk), mark: make([]uint32, nw)}
	}}
}

func containsID(ids []int32, id int32) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// buildGrams builds the gram index in two passes over the vocabulary:
// count, then fill.
func (x *Index) buildGrams() {
	x.asciiGram = make([]int32, 128*128)
	x.gramID = map[uint64]int32{}
	ngrams := int32(0)
	var counts []int32 // by gram*gramLens+length, then offsets
	var gbuf [gramLens + 1]int32
	for pass := 0; pass < 2; pass++ {
		for id, w := range x.words {
			l := int(x.wordLen[id])
			if l < nearMinLen-1 || l >= gramLens {
				continue
			}
			gs := gbuf[:0]
			prev := '^'
			for i := 0; i <= len(w); {
				r, size := '$', 1
				if i < len(w) {
					r, size = utf8.DecodeRuneInString(w[i:])
				}
				i += size
				g, ok := x.gram(prev, r)
				if !ok {
					g = ngrams
					ngrams++
					x.setGram(prev, r, g)
					counts = append(counts, make([]int32, gramLens)...)
				}
				prev = r
				if !containsID(gs, g) {
					gs = append(gs, g)
				}
			}
			for _, g := range gs {
				slot := int(g)*gramLens + l
				if pass == 0 {
					counts[slot]++
				} else {
					x.gramPost[counts[slot]] = int32(id)
					counts[slot]++
				}
			}
		}
		if pass == 0 {
			// Offsets: counts becomes each slot's start, gramOff the
			// same with the end appended.
			total := int32(0)
			for i, c := range counts {
				counts[i] = total
				total += c
			}
			x.gramOff = append(append(make([]int32, 0, len(counts)+1), counts...), total)
			x.gramPost = make([]int32, total)
		}
	}
}

// gram returns the id of gram ab.
func (x *Index) gram(a, b rune) (int32, bool) {
	if a < 128 && b < 128 {
		g := x.asciiGram[a<<7|b]
		return g - 1, g > 0
	}
	g, ok := x.gramID[uint64(uint32(a))<<32|uint64(uint32(b))]
	return g, ok
}

func (x *Index) setGram(a, b rune, g int32) {
	if a < 128 && b < 128 {
		x.asciiGram[a<<7|b] = g + 1
		return
	}
	x.gramID[uint64(uint32(a))<<32|uint64(uint32(b))] = g
}

// gramWords returns the words of l runes holding gram g.
func (x *Index) gramWords(g int32, l int) []int32 {
	if l < 0 || l >= gramLens {
		return nil
	}
	slot := int(g)*gramLens + l
	return x.gramPost[x.gramOff[slot]:x.gramOff[slot+1]]
}

// wordWeight is the weight of word w with inverse document frequency idf.
func (x *Index) wordWeight(w string, idf float64) float64 {
	switch {
	case descriptionWords[w] || x.minor != nil && x.minor(w) || utf8.RuneCountInString(w) == 1:
		return math.Min(idf, minorWeight)
	case descriptorWords[w] || isPatronymic(w):
		return math.Min(idf, descriptorWeight)
	}
	return idf
}

// isPatronymic reports whether w looks like a Russian patronymic
// ("vladimirovich", "feliksovna"), which Western renderings of a name
// often leave out; it weighs as a descriptor.
func isPatronymic(w string) bool {
	if len(w) < 7 {
		return false
	}
	for _, s := range []string{"ovich", "evich", "ovna", "evna", "ichna"} {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

// descriptorWords are the generic words weighed descriptorWeight, and
// their abbreviations.
var descriptorWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields("group groups holding holdings international global worldwide " +
		"technology technologies industry industries") {
		m[w] = true
		for _, a := range abbrevPairs[w] {
			m[a] = true
		}
	}
	return m
}()

// scratch is the per-search working memory, pooled.
type scratch struct {
	acc     []float64 // key -> weight of the query words it holds (so far)
	last    []int32   // key -> 1 + index of the last query word counted
	touched []int32   // keys with acc or last set
	mark    []uint32  // word -> stamp, for near-word search
	stamp   uint32
	restW   float64 // weight of the query words not used to find keys
	used    []bool
	pairs   []pair
	rows    []int // osa's
}

func (x *Index) getScratch() *scratch {
	if x.pool == nil {
		return &scratch{}
	}
	return x.pool.Get().(*scratch)
}

func (x *Index) putScratch(sc *scratch) {
	for _, k := range sc.touched {
		sc.acc[k] = 0
		sc.last[k] = 0
	}
	sc.touched = sc.touched[:0]
	if x.pool != nil {
		x.pool.Put(sc)
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

// sameConsonants reports whether a and b, of five letters or more, differ
// only in their vowels: the same consonants in the same order (doubled
// ones once) with vowels between the same ones. So "hezbollah" and
// "hizballah", "mohammed" and "muhammad" do, "mohammed" and "mahmoud" do
// not.
func sameConsonants(a, b string) bool {
	if len(a) < 5 || len(b) < 5 {
		return false
	}
	i, j := 0, 0
	for {
		ua, ni := skeletonUnit(a, i)
		ub, nj := skeletonUnit(b, j)
		if ua != ub {
			return false
		}
		if ua == 0 {
			return true
		}
		i, j = ni, nj
	}
}

// skeletonUnit returns the unit of word w at byte i and where the next
// starts: a consonant (repeats of it skipped), 'V' for a run of vowels,
// or 0 at the end or at a byte that is not a lower-case ASCII letter.
func skeletonUnit(w string, i int) (byte, int) {
	if i >= len(w) || w[i] < 'a' || w[i] > 'z' {
		return 0, i
	}
	c := w[i]
	if isVowel(c) {
		for i < len(w) && isVowel(w[i]) {
			i++
		}
		return 'V', i
	}
	for i < len(w) && w[i] == c {
		i++
	}
	return c, i
}

func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

func appendRunes(buf []rune, s string) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

// osa returns the optimal string alignment distance of a and b
// (insertions, deletions, substitutions and transpositions of adjacent
// runes, no substring edited twice), or max+1 if it is more than max. Only
// the diagonal band of width 2*max+1 is computed.
func osa(a, b []rune, max int, sc *scratch) int {
	la, lb := len(a), len(b)
	inf := max + 1
	if la-lb > max || lb-la > max {
		return inf
	}
	if cap(sc.rows) < 3*(lb+1) {
		sc.rows = make([]int, 3*(lb+1))
	}
	rows := sc.rows[:3*(lb+1)]
	for i := range rows {
		rows[i] = inf
	}
	prev2, prev, cur := rows[:lb+1], rows[lb+1:2*(lb+1)], rows[2*(lb+1):]
	for j := 0; j <= lb && j <= max; j++ {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		lo, hi := i-max, i+max
		if lo < 1 {
			lo = 1
		}
		if hi > lb {
			hi = lb
		}
		low := inf
		if i <= max {
			cur[0], low = i, i
		} else {
			cur[0] = inf
		}
		if lo > 1 {
			cur[lo-1] = inf
		}
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j-1] + cost
			if prev[j]+1 < v {
				v = prev[j] + 1
			}
			if cur[j-1]+1 < v {
				v = cur[j-1] + 1
			}
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] && prev2[j-2]+1 < v {
				v = prev2[j-2] + 1
			}
			if v > inf {
				v = inf
			}
			cur[j] = v
			if v < low {
				low = v
			}
		}
		if low > max {
			return inf
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}

// letterMask returns a set of the runes of w, 64 buckets: each edit of
// w changes at most two of its bits.
func letterMask(w string) uint64 {
	var m uint64
	for _, r := range w {
		switch {
		case r >= 'a' && r <= 'z':
			m |= 1 << uint(r-'a')
		case r >= '0' && r <= '9':
			m |= 1 << uint(26+r-'0')
		default:
			m |= 1 << uint(36+r%28)
		}
	}
	return m
}

// candidates returns the keys that may score theta or more, where
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
	order := make([]int, len(q))
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
	var keys []int32
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
	slices.Sort(keys)
	return keys
}

// pairWeight is the weight an aligned pair counts: that of its query
// words and that of its key words, the latter at most the former. So a
// pair counts at most twice its query words' weight, whatever the key's.
func pairWeight(wq, wk float64) float64 { return wq + math.Min(wk, wq) }

// pair is an aligned pair: query words qi..qi+qn-1 and key words
// kj..kj+kn-1, contributing c.
type pair struct {
	qi, qn, kj, kn int
	c              float64
}

// align scores key k against the query: the greedy alignment of its
// words, best pairs first (see SearchName). It returns the score and
// which query words are aligned, in sc's memory: valid until the next
// align.
func (x *Index) align(q []qword, k int32, wq float64, sc *scratch) (float64, []bool) {
	kt := x.keyTok[x.keyOff[k]:x.keyOff[k+1]]
	ps := sc.pairs[:0]
	for i := range q {
		qw := &q[i]
		for j, t := range kt {
			if s := qw.sim(t); s > 0 {
				ps = append(ps, pair{i, 1, j, 1, s * pairWeight(qw.w, x.weight[t])})
			}
			if qw.join >= 0 && t == qw.join {
				ps = append(ps, pair{i, 2, j, 1, JoinSim * pairWeight(qw.w+q[i+1].w, x.weight[t])})
			}
			if j+1 < len(kt) {
				for _, sp := range qw.split {
					if sp[0] == t && sp[1] == kt[j+1] {
						ps = append(ps, pair{i, 1, j, 2, JoinSim * pairWeight(qw.w, x.weight[t]+x.weight[kt[j+1]])})
					}
				}
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
	score := sum / (wq + x.keyW[k])
	// In order if, taken by query word, the pairs' key words rise.
	for i := 1; i < len(taken); i++ {
		for j := i; j > 0 && taken[j].qi < taken[j-1].qi; j-- {
			taken[j], taken[j-1] = taken[j-1], taken[j]
		}
	}
	for i := 1; i < len(taken); i++ {
		if taken[i].kj < taken[i-1].kj {
			score *= OrderScale
			break
		}
	}
	return score, uq
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
