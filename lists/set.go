package lists

import (
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/investscreen/investscreen/holdings"
)

// How a Hit matched, in Hit.By.
const (
	ByISIN       = "isin"        // an ISIN the entry lists
	ByCUSIP      = "cusip"       // a CUSIP the entry lists
	BySEDOL      = "sedol"       // a SEDOL the entry lists
	ByFIGI       = "figi"        // a FIGI the entry lists
	ByTicker     = "ticker"      // an equity ticker the entry lists
	ByName       = "name"        // the entry's primary name
	ByAlias      = "alias"       // an aka/fka/nka of the entry
	ByIssuerName = "issuer name" // an Issuer Name field of the entry
	ByWeakAlias  = "weak alias"  // a weak a.k.a. from the remarks
)

// Hit is one way a lookup key meets a list entry.
type Hit struct {
	// List is the list the entry came from.
	List *List
	// Entry is the entry.
	Entry *Entry
	// By says which field of the entry matched (ByISIN, ByName, ...).
	By string
	// Value is the entry's own text that matched, as published
	// ("600677  CN", "SENSETIME GROUP LTD").
	Value string
	// Inside is set when the key was the CUSIP or SEDOL contained in
	// Value, an ISIN the entry lists (By is then ByISIN).
	Inside bool
}

// Set is an index over one or more lists: one lookup by identifier or by
// name (exact with ByName, approximate with SearchName) meets the entries
// of all of them. A Set is immutable once built and safe for concurrent
// use; to update, build a new Set and swap it in.
type Set struct {
	lists   []*List
	ids     map[holdings.ID][]Hit
	names   map[string][]Hit
	keys    []string // the keys of names, in the order first indexed
	entries int
	search  nameIndex // for SearchName
}

// NewSet indexes the given lists: by identifier, by normalised name, and
// by the words of the normalised names for SearchName. The lists must not
// be modified afterwards.
func NewSet(ls ...*List) *Set {
	s := &Set{lists: append([]*List(nil), ls...), ids: map[holdings.ID][]Hit{}, names: map[string][]Hit{}}
	for _, l := range ls {
		for _, e := range l.Entries {
			s.add(l, e)
		}
	}
	s.search.build(s.keys)
	return s
}

func (s *Set) add(l *List, e *Entry) {
	s.entries++
	addID := func(id holdings.ID, by, value string, inside bool) {
		for _, h := range s.ids[id] {
			if h.Entry == e {
				return
			}
		}
		s.ids[id] = append(s.ids[id], Hit{List: l, Entry: e, By: by, Value: value, Inside: inside})
	}
	for _, v := range e.ISINs {
		id, err := holdings.ParseISIN(v)
		if err != nil {
			// A list's ISIN with a wrong check digit is still the list's
			// word: index it as written.
			id = holdings.ID{Kind: holdings.ISIN, Value: v}
		}
		addID(id, ByISIN, v, false)
		if c, ok := holdings.CUSIPFromISIN(id); ok {
			addID(c, ByISIN, v, true)
		}
		if c, ok := holdings.SEDOLFromISIN(id); ok {
			addID(c, ByISIN, v, true)
		}
	}
	for _, id := range e.Securities {
		addID(id, id.Kind.String(), id.Value, false)
	}
	for _, t := range e.Tickers {
		if !t.ID.IsZero() {
			addID(t.ID, ByTicker, t.Raw, false)
		}
	}
	addName := func(name, by string) {
		key := NormalizeName(name)
		if key == "" {
			return
		}
		hits, ok := s.names[key]
		if !ok {
			s.keys = append(s.keys, key)
		}
		for _, h := range hits {
			if h.Entry == e {
				return
			}
		}
		s.names[key] = append(hits, Hit{List: l, Entry: e, By: by, Value: name})
	}
	addName(e.Name, ByName)
	for _, a := range e.Aliases {
		if !a.Weak {
			addName(a.Name, ByAlias)
		}
	}
	for _, n := range e.IssuerNames {
		addName(n, ByIssuerName)
	}
	for _, a := range e.Aliases {
		if a.Weak {
			addName(a.Name, ByWeakAlias)
		}
	}
}

// Lists returns the indexed lists, in the order given to NewSet.
func (s *Set) Lists() []*List { return append([]*List(nil), s.lists...) }

// Len returns the number of entries indexed.
func (s *Set) Len() int { return s.entries }

// ByID returns the entries that list id: an ISIN, a ticker (canonical, so
// "0941.HK" meets "941 HK"), or a CUSIP or SEDOL embedded in a listed ISIN.
// The returned slice is shared: do not modify it.
func (s *Set) ByID(id holdings.ID) []Hit { return s.ids[id] }

// ByName returns the entries one of whose names, aliases or issuer names
// equals name after NormalizeName, and the normalised key. The returned
// slice is shared: do not modify it.
func (s *Set) ByName(name string) (key string, hits []Hit) {
	key = NormalizeName(name)
	return key, s.names[key]
}

// DefaultMinScore is the Score from which SearchName returns a candidate
// that is not Exact, when SearchOptions.MinScore is 0. It sits in the gap
// that the labelled set in testdata/names shows (variants of names on the
// embedded list and on the SDN list: case, punctuation, legal forms, word
// order, abbreviations, exchange display names, short names, typos,
// transliterations, joined and split words; and near-miss negatives):
// every true variant scores 0.88 or more, and the negatives that differ
// from a listed name by a word that tells companies apart score 0.84 or
// less ("China National Nuclear Power" against CHINA NATIONAL NUCLEAR
// 0.83, "China Railway Group" against CHINA RAILWAY CONSTRUCTION 0.77 to
// 0.80). Negatives that differ only by a generic word ("China United
// Network Communications" against its GROUP) score above it, by design:
// a human should look at them. A candidate at or above it that is not
// Exact is for a human to review; it is never a match by itself.
const DefaultMinScore = 0.86

// SearchOptions tune SearchName. The zero value is the default search.
type SearchOptions struct {
	// MinScore is the lowest Score at which a candidate that is not
	// Exact is returned; 0 means DefaultMinScore. Exact candidates are
	// always returned. A negative MinScore returns every entry with a
	// name that shares a word, or a near word, with the query.
	MinScore float64
	// Limit is the most candidates returned; 0 means 10 and a negative
	// Limit means no limit.
	Limit int
}

// Candidate is an entry whose name is like the name searched for, as
// SearchName returns it. Exact means a match (as ByName); a candidate
// that is not Exact is for a human to review.
type Candidate struct {
	// Hit is the entry and the name of it that scored: By is ByName,
	// ByAlias, ByIssuerName or ByWeakAlias, Value the name as published.
	Hit
	// Key is that name normalised (NormalizeName), the form it scored in.
	Key string
	// Score is how alike the query and Key are, from 0 to 1; 1 means
	// equal after normalisation (Exact). See SearchName.
	Score float64
	// Exact reports whether the query equals Key after normalisation;
	// Set.ByName finds the same hit.
	Exact bool
	// Tokens are the words of the normalised query that matched a word
	// of Key (equal, abbreviated, plural, one or two edits apart, or
	// written joined or split), in query order: what the score rests on.
	Tokens []string
}

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
	joinSim   = 0.95 // two words written as one ("great wall", "greatwall")
	// translitSim is the least similarity of near words that differ only
	// in their vowels, as transliterations of Arabic or Persian names do
	// ("hezbollah", "hizballah").
	translitSim = 0.92
	orderScale  = 0.96 // applied when matched words are in another order
	// nearMinLen is the shortest word (in runes) matched one edit away;
	// words of nearTwoLen runes or more are matched two edits away.
	nearMinLen = 4
	nearTwoLen = 8
)

// SearchName returns the entries with a name, alias, issuer name or weak
// alias like name: those whose normalised name equals name's (Exact,
// Score 1) and those that score at least opt.MinScore.
//
// Both names are normalised (NormalizeName) and split into words. A word
// weighs its inverse document frequency over the Set's names, ln(1+N/n)
// for a word in n of the N names, so that rare words count more than
// "china" or "of"; legal-form words, words of security descriptions
// ("adr", "class") and one-letter words weigh 0.5, generic words
// ("group", "holdings", "technology", "international") and Russian
// patronymics 1. A query word that no name has weighs as the word it is
// near, or as the words it splits into, or as a word in one name.
//
// The query's words are aligned with the name's, greedily, heaviest pairs
// first. A query word meets a name word that is equal (similarity 1), its
// abbreviation or its plural (0.95: "intl" and "international", "grp" and
// "group", "technology" and "technologies"), or one edit away (two for
// words of 8 runes or more: insertions, deletions, substitutions,
// transpositions) with their Jaro-Winkler similarity ("hikvison" and
// "hikvision" 0.978), at least 0.92 when only the vowels differ
// ("hezbollah" and "hizballah"); two adjacent query words meet one name
// word written joined, and one query word two name words written apart
// (0.95: "great wall" and "greatwall"). A pair counts its similarity
// times the weight of its query words plus that of its name words, the
// latter at most the former, and
//
//	Score = sum over pairs of sim * (wq + min(wn, wq))
//	        / (weight of all query words + weight of all name words)
//
// scaled by 0.96 when the aligned words are in another order. Every word
// left unaligned, on either side, lowers the score by its weight. Only
// Exact candidates score 1. Candidate.Tokens are the query words
// aligned.
//
// The search does not score every name. NewSet indexes the words of all
// names (postings) and the two-letter grams of the vocabulary by word
// length. A name that scores MinScore shares with the query words
// weighing at least MinScore/(2-MinScore) of the query's weight, so
// SearchName reads only the postings of the query's heaviest words (and
// of their abbreviations, plurals, near words found through the gram
// index, joins and splits) that a name must share, and scores only the
// names found there whose weight allows MinScore.
//
// SearchName returns at most one candidate per entry, with the
// best-scoring of its names (the primary name, then an alias, an issuer
// name, a weak alias, when they score alike), ordered by Score, highest
// first, then by the list's place in the Set, the entry ID (numerically
// when both are numbers) and Key. The result is the caller's. SearchName
// is safe for concurrent use.
func (s *Set) SearchName(name string, opt SearchOptions) []Candidate {
	if s == nil || len(s.keys) == 0 {
		return nil
	}
	qkey := NormalizeName(name)
	if qkey == "" {
		return nil
	}
	theta := opt.MinScore
	if theta == 0 || math.IsNaN(theta) {
		theta = DefaultMinScore
	}
	limit := opt.Limit
	if limit == 0 {
		limit = 10
	}
	x := &s.search
	sc := x.getScratch()
	defer x.putScratch(sc)
	q := x.query(qkey, sc)

	var wq float64
	for i := range q {
		wq += q[i].w
	}
	// A name scoring theta or more shares query words weighing
	// theta*wq/(2-theta) or more (see nameIndex.candidates).
	cut := theta
	if cut > 1 {
		cut = 1
	}
	need := 0.0
	if cut > 0 {
		need = cut*wq/(2-cut) - 1e-9
	}
	keys := x.candidates(q, need, sc)

	type found struct {
		key   int32
		score float64
		exact bool
		toks  []string
	}
	var hits []found
	restW := sc.restW
	for _, k := range keys {
		kw := x.keyW[k]
		if a := sc.acc[k] + restW; (a+math.Min(a, kw))/(wq+kw) < cut-1e-9 {
			continue
		}
		exact := s.keys[k] == qkey
		score, aligned := x.align(q, k, wq, sc)
		if exact {
			score = 1
		} else if score >= 1 {
			score = math.Nextafter(1, 0)
		}
		if !exact && score < theta {
			continue
		}
		var toks []string
		for i, ok := range aligned {
			if ok {
				toks = append(toks, q[i].text)
			}
		}
		hits = append(hits, found{key: k, score: score, exact: exact, toks: toks})
	}

	var out []Candidate
	at := map[*Entry]int{}
	for _, f := range hits {
		key := s.keys[f.key]
		for _, h := range s.names[key] {
			c := Candidate{Hit: h, Key: key, Score: f.score, Exact: f.exact, Tokens: append([]string(nil), f.toks...)}
			if i, ok := at[h.Entry]; ok {
				if better(c, out[i]) {
					out[i] = c
				}
				continue
			}
			at[h.Entry] = len(out)
			out = append(out, c)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if la, lb := s.listIndex(a.List), s.listIndex(b.List); la != lb {
			return la < lb
		}
		if a.Entry.ID != b.Entry.ID {
			return lessID(a.Entry.ID, b.Entry.ID)
		}
		return a.Key < b.Key
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit:limit]
	}
	return out
}

// listIndex returns the place of l in the Set.
func (s *Set) listIndex(l *List) int {
	for i, x := range s.lists {
		if x == l {
			return i
		}
	}
	return len(s.lists)
}

// better reports whether c is a better name of its entry than d: a
// higher score, then a stronger kind of name (name, alias, issuer name,
// weak alias), then the smaller key.
func better(c, d Candidate) bool {
	if c.Score != d.Score {
		return c.Score > d.Score
	}
	if rc, rd := byRank(c.By), byRank(d.By); rc != rd {
		return rc < rd
	}
	return c.Key < d.Key
}

func byRank(by string) int {
	switch by {
	case ByName:
		return 0
	case ByAlias:
		return 1
	case ByIssuerName:
		return 2
	}
	return 3
}

// lessID orders entry IDs, numerically when both are numbers.
func lessID(a, b string) bool {
	if len(a) != len(b) && isDigits(a) && isDigits(b) {
		return len(a) < len(b)
	}
	return a < b
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// abbreviations pairs words with the abbreviations that names write them
// with, normalised. Each is matched both ways with similarity abbrevSim.
var abbreviations = map[string][]string{
	"corporation":     {"corp"},
	"company":         {"co", "cie"},
	"international":   {"intl", "intern"},
	"technology":      {"tech", "technol"},
	"technologies":    {"tech", "techs"},
	"group":           {"grp"},
	"manufacturing":   {"mfg", "manuf"},
	"manufacturer":    {"mfr"},
	"construction":    {"constr"},
	"electronics":     {"electr", "elec"},
	"electronic":      {"electr", "elec"},
	"electric":        {"elec"},
	"holding":         {"hldg"},
	"holdings":        {"hldgs", "hldg", "hlds"},
	"national":        {"natl"},
	"industry":        {"ind", "indus"},
	"industries":      {"inds", "ind", "indus"},
	"industrial":      {"indl", "ind"},
	"services":        {"svcs", "svc", "servs"},
	"service":         {"svc"},
	"engineering":     {"eng", "engg"},
	"development":     {"dev", "devt"},
	"investment":      {"inv", "invt"},
	"investments":     {"invts", "inv"},
	"management":      {"mgmt", "mgt"},
	"association":     {"assn", "assoc"},
	"university":      {"univ"},
	"science":         {"sci"},
	"bank":            {"bk"},
	"chemical":        {"chem"},
	"chemicals":       {"chems", "chem"},
	"pharmaceutical":  {"pharm", "pharma"},
	"pharmaceuticals": {"pharms", "pharma"},
	"communications":  {"comms", "comm", "commun"},
	"communication":   {"comm", "commun"},
	"systems":         {"sys", "syst"},
	"information":     {"info"},
	"equipment":       {"equip"},
	"machinery":       {"mach"},
	"shipping":        {"shpg"},
	"brothers":        {"bros"},
	"petroleum":       {"petrol"},
	"petrochemical":   {"petrochem"},
	"aviation":        {"aviat"},
	"financial":       {"finl"},
	"trading":         {"trdg"},
	"transport":       {"transp"},
	"mining":          {"mng"},
}

// abbrevPairs holds abbreviations both ways.
var abbrevPairs = func() map[string][]string {
	m := map[string][]string{}
	for word, abs := range abbreviations {
		for _, a := range abs {
			m[word] = append(m[word], a)
			m[a] = append(m[a], word)
		}
	}
	for _, v := range m {
		sort.Strings(v)
	}
	return m
}()

// minorWords are the words weighed minorWeight: legal forms and the words
// of multi-word legal forms.
var minorWords = func() map[string]bool {
	m := map[string]bool{}
	for w := range legalForms {
		m[w] = true
	}
	for w := range leadingForms {
		m[w] = true
	}
	// Words of security descriptions ("CHINA MOBILE LTD-ADR", "Class H
	// shares").
	for _, w := range strings.Fields("adr adrs ads gdr gdrs class cl share shares shs sponsored spon unsponsored " +
		"ord ordinary common reg regs registered bearer pref preferred") {
		m[w] = true
	}
	keep := map[string]bool{"and": true, "de": true, "public": true, "private": true, "open": true, "closed": true, "per": true, "par": true, "mit": true}
	for _, f := range multiForms {
		for _, w := range f.words {
			if !keep[w] {
				m[w] = true
			}
		}
	}
	return m
}()

// nameIndex is the index of SearchName: the words of every normalised
// name (key) of a Set, their postings and weights, and a two-letter gram
// index of the vocabulary for near words. It is built once by NewSet and
// read-only afterwards; its scratch pool is safe for concurrent use.
type nameIndex struct {
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
func (x *nameIndex) nearCached(qw *qword, known bool, own int32, d int, sc *scratch) {
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

func (x *nameIndex) build(keys []string) {
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
		x.weight[id] = wordWeight(w, math.Log(1+n/float64(df[id])))
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
func (x *nameIndex) buildGrams() {
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
func (x *nameIndex) gram(a, b rune) (int32, bool) {
	if a < 128 && b < 128 {
		g := x.asciiGram[a<<7|b]
		return g - 1, g > 0
	}
	g, ok := x.gramID[uint64(uint32(a))<<32|uint64(uint32(b))]
	return g, ok
}

func (x *nameIndex) setGram(a, b rune, g int32) {
	if a < 128 && b < 128 {
		x.asciiGram[a<<7|b] = g + 1
		return
	}
	x.gramID[uint64(uint32(a))<<32|uint64(uint32(b))] = g
}

// gramWords returns the words of l runes holding gram g.
func (x *nameIndex) gramWords(g int32, l int) []int32 {
	if l < 0 || l >= gramLens {
		return nil
	}
	slot := int(g)*gramLens + l
	return x.gramPost[x.gramOff[slot]:x.gramOff[slot+1]]
}

// wordWeight is the weight of word w with inverse document frequency idf.
func wordWeight(w string, idf float64) float64 {
	switch {
	case minorWords[w] || utf8.RuneCountInString(w) == 1:
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

func (x *nameIndex) getScratch() *scratch {
	if x.pool == nil {
		return &scratch{}
	}
	return x.pool.Get().(*scratch)
}

func (x *nameIndex) putScratch(sc *scratch) {
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
func (x *nameIndex) query(qkey string, sc *scratch) []qword {
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
			qw.w = wordWeight(w, x.unseen)
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
func (x *nameIndex) near(q *qword, maxD int, sc *scratch) {
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
				sim := jaroWinkler(q.text, x.words[id])
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
func (x *nameIndex) candidates(q []qword, need float64, sc *scratch) []int32 {
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
func (x *nameIndex) align(q []qword, k int32, wq float64, sc *scratch) (float64, []bool) {
	kt := x.keyTok[x.keyOff[k]:x.keyOff[k+1]]
	ps := sc.pairs[:0]
	for i := range q {
		qw := &q[i]
		for j, t := range kt {
			if s := qw.sim(t); s > 0 {
				ps = append(ps, pair{i, 1, j, 1, s * pairWeight(qw.w, x.weight[t])})
			}
			if qw.join >= 0 && t == qw.join {
				ps = append(ps, pair{i, 2, j, 1, joinSim * pairWeight(qw.w+q[i+1].w, x.weight[t])})
			}
			if j+1 < len(kt) {
				for _, sp := range qw.split {
					if sp[0] == t && sp[1] == kt[j+1] {
						ps = append(ps, pair{i, 1, j, 2, joinSim * pairWeight(qw.w, x.weight[t]+x.weight[kt[j+1]])})
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
			score *= orderScale
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
