package nameindex

import (
	"math"
	"runtime"
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
	// placeScale is applied when a place name that opens the key or the
	// query is left out (Options.Place): such a name is the same company
	// but not the same words.
	placeScale = 0.98
	// truncSim is the least similarity of a truncated last query word
	// and the key word it begins; minTruncLen is its shortest length in
	// runes, and maxTrunc the most key words one truncated word meets.
	truncSim    = 0.9
	minTruncLen = 4
	minCutLen   = 24
	maxTrunc    = 64
	// maxTruncKnown is maxTrunc for a last word that is itself a word
	// of the vocabulary.
	maxTruncKnown = 16
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
	// Place returns how many of the leading words are a place name that
	// a name may be written with or without ("hangzhou", "inner
	// mongolia"), or 0. Such words of a key or of the query that are left
	// unaligned do not count against the score, unless both open with
	// one: then they are different places. Nil means none.
	Place func(words []string) int
}

// Kind says how a query word meets a key word.
type Kind uint8

// The ways words meet.
const (
	Equal        Kind = iota // the same word
	Abbreviation             // one is an abbreviation of the other ("intl", "international")
	Plural                   // one is the plural of the other
	Near                     // one or two edits apart
	Truncation               // the last query word is the beginning of the key word
	Joined                   // two query words are one key word ("great wall", "greatwall")
	Split                    // one query word is two key words
)

// Pair is one aligned pair of a Result: query words Query to
// Query+QueryLen-1 and key words Key to Key+KeyLen-1 (indexes of the
// words of the query and of the key, split at spaces).
type Pair struct {
	Query, QueryLen int
	Key, KeyLen     int
	Kind            Kind
	Sim             float64
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
	// Pairs are the aligned pairs, in query order.
	Pairs []Pair
	// InOrder reports whether the aligned key words are in query order.
	InOrder bool
	// QueryPlace and KeyPlace are the leading words of the query and of
	// the key that are a place name left out (Options.Place), or 0.
	QueryPlace, KeyPlace int
	// QueryWords and KeyWords are the numbers of words of each.
	QueryWords, KeyWords int
}

// Complete reports whether every word of the query and of the key is
// aligned, but the place names left out, in order, and each pair is of
// one of the given kinds.
func (r *Result) Complete(kinds ...Kind) bool {
	if !r.InOrder {
		return false
	}
	nq, nk := r.QueryPlace, r.KeyPlace
	for _, p := range r.Pairs {
		if !slices.Contains(kinds, p.Kind) {
			return false
		}
		nq += p.QueryLen
		nk += p.KeyLen
	}
	return nq == r.QueryWords && nk == r.KeyWords
}

// Build indexes keys: normalised names, words separated by single spaces.
// The Index is read-only afterwards and safe for concurrent use.
func Build(keys []string, opt Options) *Index {
	x := &Index{keys: keys, minor: opt.Minor, place: opt.Place}
	x.build(keys)
	return x
}

// Index is the word index of a set of keys that Build makes. It is
// read-only afterwards, but for its caches of what query words meet and
// its free scratches, which are safe for concurrent use: so is Search.
type Index struct {
	keys      []string
	minor     func(string) bool
	place     func([]string) int
	keyPlace  []uint8             // key k opens with keyPlace[k] words of a place name
	keyPlaceW []float64           // their weight
	full      []float64           // weight of a word left unaligned in the query (qword.full)
	sorted    []int32             // word ids in byte order of the words, for truncated words
	prefixes  map[string][2]int32 // the first minTruncLen bytes of words -> their span of sorted
	keyOff    []int32             // key k's words are keyTok[keyOff[k]:keyOff[k+1]]
	keyTok    []int32             // word ids
	keyW      []float64           // total weight of key k's words
	vocab     map[string]int32
	words     []string
	wordLen   []uint8   // rune count, capped at 255
	wordMask  []uint64  // letterMask
	weight    []float64 // weight of a word
	post      [][]int32 // word id -> keys holding it, ascending (slices of one array)
	unseen    float64   // weight of a word no key has

	// The gram index: the words of gramLens runes or fewer (and at least
	// nearMinLen-1) holding gram g (padded with '^' and '$'), by length l,
	// are gramPost[gramOff[g*gramLens+l]:gramOff[g*gramLens+l+1]].
	asciiGram []int32          // ASCII gram a<<7|b -> gram id + 1; 0 if none
	gramID    map[uint64]int32 // other grams (a<<32|b) -> gram id
	gramOff   []int32
	gramPost  []int32
	gramMask  []uint64 // the letterMask of each word of gramPost, beside it: read in order

	wordASCII []bool   // the word is ASCII: its edit distance is computed on bytes
	startLen  []uint64 // ASCII first two bytes a<<7|b -> bit l set if a word of l bytes (< 64) starts so
	// free holds scratches for searches to reuse: a channel rather than
	// a sync.Pool, which every garbage collection empties, so that a
	// search after one does not allocate and clear a scratch (a few
	// hundred kilobytes) anew. Its capacity bounds the scratches kept.
	free       chan *scratch
	newScratch func() *scratch

	// known caches, for a query word that is in the vocabulary (by id),
	// what wordInfo finds of it (its abbreviations, plurals, near words
	// and splits): such words recur across queries. Its size is bounded
	// by the vocabulary. other does the same for words outside it, up to
	// maxOther words.
	known  []atomic.Pointer[wordInfo]
	other  sync.Map // string -> *wordInfo
	others atomic.Int32
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
	x.wordASCII = make([]bool, len(x.words))
	x.startLen = make([]uint64, 128*128)
	for id, w := range x.words {
		x.wordASCII[id] = isASCII(w)
		if len(w) >= 2 && len(w) < 64 && w[0] < utf8.RuneSelf && w[1] < utf8.RuneSelf {
			x.startLen[int(w[0])<<7|int(w[1])] |= 1 << len(w)
		}
	}
	x.known = make([]atomic.Pointer[wordInfo], len(x.words))
	x.keyW = make([]float64, len(keys))
	for k := range keys {
		for _, t := range x.keyTok[x.keyOff[k]:x.keyOff[k+1]] {
			x.keyW[k] += x.weight[t]
		}
	}
	x.full = make([]float64, len(x.words))
	for id, w := range x.words {
		x.full[id] = x.weight[id]
		if descriptorWords[w] {
			x.full[id] = math.Max(x.weight[id], math.Log(1+n/float64(df[id])))
		}
	}
	x.sorted = make([]int32, len(x.words))
	for id := range x.sorted {
		x.sorted[id] = int32(id)
	}
	slices.SortFunc(x.sorted, func(a, b int32) int { return strings.Compare(x.words[a], x.words[b]) })
	x.prefixes = map[string][2]int32{}
	for i, id := range x.sorted {
		if w := x.words[id]; len(w) > minTruncLen {
			p := w[:minTruncLen]
			span, ok := x.prefixes[p]
			if !ok {
				span[0] = int32(i)
			}
			span[1] = int32(i + 1)
			x.prefixes[p] = span
		}
	}
	x.keyPlace = make([]uint8, len(keys))
	x.keyPlaceW = make([]float64, len(keys))
	if x.place != nil {
		var buf []string
		for k := range keys {
			toks := x.keyTok[x.keyOff[k]:x.keyOff[k+1]]
			buf = buf[:0]
			for _, t := range toks {
				buf = append(buf, x.words[t])
			}
			n := x.place(buf)
			if n <= 0 || n >= len(toks) || n > 255 {
				continue // a name that is only a place keeps it
			}
			x.keyPlace[k] = uint8(n)
			for _, t := range toks[:n] {
				x.keyPlaceW[k] += x.weight[t]
			}
		}
	}
	x.buildGrams()
	nk, nw := len(keys), len(x.words)
	x.newScratch = func() *scratch {
		return &scratch{acc: make([]float64, nk), last: make([]int32, nk), mark: make([]uint32, nw),
			tstamp: make([]uint32, nw), thead: make([]int32, nw)}
	}
	x.free = make(chan *scratch, min(max(2*runtime.GOMAXPROCS(0), 4), maxFree))
}

// maxFree bounds the scratches an Index keeps.
const maxFree = 32

// mayBeWord reports whether s may be a word of the vocabulary: false
// when no word has its length and its first two bytes (ASCII). It saves
// the map lookups of the splits of a word that no name has.
func (x *Index) mayBeWord(s string) bool {
	if len(s) < 2 || len(s) >= 64 || s[0] >= utf8.RuneSelf || s[1] >= utf8.RuneSelf {
		return true
	}
	return x.startLen[int(s[0])<<7|int(s[1])]&(1<<len(s)) != 0
}

// mayBeJoined is mayBeWord for a and b written as one word.
func (x *Index) mayBeJoined(a, b string) bool {
	n := len(a) + len(b)
	if len(a) == 0 || len(b) == 0 || n >= 64 {
		return true
	}
	c1 := b[0]
	if len(a) > 1 {
		c1 = a[1]
	}
	if a[0] >= utf8.RuneSelf || c1 >= utf8.RuneSelf {
		return true
	}
	return x.startLen[int(a[0])<<7|int(c1)]&(1<<n) != 0
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
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
					x.gramMask[counts[slot]] = x.wordMask[id]
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
			x.gramMask = make([]uint64, total)
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

// gramWords returns where the words of l runes holding gram g are in
// gramPost and gramMask: from lo to hi.
func (x *Index) gramWords(g int32, l int) (lo, hi int32) {
	if l < 0 || l >= gramLens {
		return 0, 0
	}
	slot := int(g)*gramLens + l
	return x.gramOff[slot], x.gramOff[slot+1]
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

// scratch is the per-search working memory, reused. Nothing a search
// returns points into it.
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

	// The query: its words, their qwords and the first matches of each
	// (slab), the order candidates reads them in and the keys it finds.
	words []string
	q     []qword
	slab  []wordSim
	order []int
	keys  []int32

	// The query's table (table): for a vocabulary word t whose
	// tstamp[t] is tgen, the query words that meet it are the entries
	// tents[thead[t]], then each entry's next, to -1. held is, per query
	// word, the best similarity of a key's words to it (tight).
	tstamp []uint32
	thead  []int32
	tgen   uint32
	tents  []tent
	held   []float64
}

// tent is an entry of the query's table: query word qi meets the
// vocabulary word as kind with similarity sim; for a Split, with other
// as the key word after it; for a Joined, with query word qi+1 too.
type tent struct {
	next  int32
	qi    int32
	other int32
	kind  Kind
	sim   float64
}

// getScratch returns a scratch for one search: a free one, or a new one.
func (x *Index) getScratch() *scratch {
	if x.newScratch == nil {
		return &scratch{}
	}
	select {
	case sc := <-x.free:
		return sc
	default:
		return x.newScratch()
	}
}

// putScratch clears what the search wrote into sc and keeps it for the
// next, unless as many are kept already.
func (x *Index) putScratch(sc *scratch) {
	for _, k := range sc.touched {
		sc.acc[k] = 0
		sc.last[k] = 0
	}
	sc.touched = sc.touched[:0]
	select {
	case x.free <- sc:
	default:
	}
}
