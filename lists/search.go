package lists

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/investscreen/investscreen/internal/nameindex"
)

// DefaultMinScore is the Score from which SearchName returns a candidate
// that is not a Match, when SearchOptions.MinScore is 0. It sits in the
// gap that the labelled sets in testdata/names show (labelled.csv:
// variants of names on the embedded list and on the SDN list: case,
// punctuation, legal forms, word order, abbreviations, exchange display
// names, short names, typos, transliterations, joined and split words;
// display.csv: NS-CMIC issuers as terminals, exchanges and fund holdings
// files write them; and near-miss negatives in both): every true variant
// scores 0.88 or more, and the negatives that differ from a listed name
// by a word that tells companies apart score 0.84 or less ("China
// National Nuclear Power" against CHINA NATIONAL NUCLEAR 0.83, "China
// Railway Group" against CHINA RAILWAY CONSTRUCTION 0.77 to 0.80). A
// negative that only lacks a generic word of the listed name ("China
// United Network Communications" against its GROUP) scores above it, by
// design: a human should look at it; one that adds a generic word
// ("Lukoil International", "China Electronics Holdings") pays the word in
// full and stays below. A candidate at or above it that is not a Match is
// for a human to review; it is never a match by itself.
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
// SearchName returns it. A candidate whose Match is set, with a strong
// kind of name (By.Strong), is a match; any other is for a human to
// review (Kind says which).
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
	// Match reports whether the query names this entry: equal to Key
	// after normalisation or after the transformations in Notes only
	// (designators dropped, listed abbreviations expanded, a truncated
	// final word, an optional place name), and not outranked by another
	// entry that the query meets more closely (NoteOutranked). A weak
	// alias that matches is still for review: see Kind.
	Match bool
	// Strength is how closely the query meets the entry: compare it
	// with other candidates' and with StrengthIdentifier (see
	// SearchName's ranking).
	Strength Strength
	// Notes are the transformations that the query went through to meet
	// Key, in the order applied: what a finding's path should say.
	Notes []Note
	// Tokens are the words of the normalised query that matched a word
	// of Key (equal, abbreviated, plural, one or two edits apart, or
	// written joined or split), in query order: what the score rests on.
	Tokens []string
}

// Kind is how the candidate meets its entry, for a finding: the field of
// the entry (By) when the candidate is a Match, and BySimilarName when it
// is not. A match on a weak alias stays ByWeakAlias: weak either way.
func (c *Candidate) Kind() By {
	if c.Match {
		return c.By
	}
	return BySimilarName
}

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
// names found there whose weight, and the query words their own words
// meet, allow MinScore. What a query word meets in the vocabulary
// (abbreviations, plurals, near words, splits) is found once per word
// and kept for later searches; the first search of a word pays for it.
//
// Before any of this, the query is read as vendors and exchanges write
// names (see nameForms): share-class and instrument designators that
// end it are dropped ("SENSETIME-W", "CNOOC Ltd - H Shares", "CHINA
// MOBILE LTD-SPON ADR", "Class A", "Reg S"), and so is a legal form cut
// short ("CO LT"); a parenthesised part is tried both as words of the
// name, set aside, and alone as an alias of the query ("... Corp.
// (SMIC)"). Each way is searched and the best candidate per entry kept;
// one found only through a parenthesised alias is for review. A place
// name that opens either name (a Chinese province or city, or SZ, BJ,
// SH: placePrefix) and is not aligned does not count, unless both open
// with one; the score is then scaled by 0.98. A generic word that the
// query adds and the name lacks ("Holdings", "International") counts at
// its full inverse document frequency, not 1. The last query word, when
// it is 4 runes or more and no name's word, meets the words it begins
// (a truncation) with similarity 0.9 plus 0.1 of the share kept.
//
// A candidate is a Match when the query equals its Key (after the
// designators and cut legal form are dropped), or when every word of
// both is aligned, in order, but a place name left out, with equal
// words, listed abbreviations or a truncated final word only. Its
// Strength is StrengthName when the words are equal or abbreviations and
// the query's legal form is the name's (or the query has none),
// StrengthLegalForm when the legal forms differ, and StrengthVariant (or
// StrengthVariantLegalForm, the legal forms differing too) when a
// truncation, a place name or a parenthesised alias was needed;
// StrengthSimilar otherwise (not a Match). Notes say
// each transformation.
//
// Ranking between entries of one list: when the query matches some entry
// with a strong kind of name (By.Strong) at a Strength, the matches of a
// lower Strength to other entries of the same list are not Matches: they
// get NoteOutranked and are for review (entries of other lists are never
// outranked: each list has its own rules). So "CNOOC Ltd." matches CNOOC LIMITED (alias CNOOC LTD,
// as written) and only reaches CHINA NATIONAL OFFSHORE OIL CORPORATION
// (alias CNOOC, once Ltd is dropped) for review, while "China Mobile",
// equally close to CHINA MOBILE LIMITED and to the group's alias CHINA
// MOBILE, matches both. A resolver that also reaches entries by
// identifier ranks them at StrengthIdentifier the same way.
//
// SearchName returns at most one candidate per entry, with the best of
// its names (a Match first, then the greater Strength, the higher Score,
// the primary name, then an alias, an issuer name, a weak alias),
// ordered the same way: Matches first, then by Strength, by Score,
// highest first, then by the list's place in the Set, the entry ID
// (numerically when both are numbers) and Key. The result is the
// caller's. SearchName is safe for concurrent use.
func (s *Set) SearchName(name string, opt SearchOptions) []Candidate {
	if s == nil || len(s.keys) == 0 {
		return nil
	}
	exact, forms := nameForms(name)
	if len(forms) == 0 {
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

	// Each form's results, then room for every hit of them: one
	// allocation for the candidates.
	var rbuf [4][]nameindex.Result
	results := rbuf[:0]
	n := 0
	for fi := range forms {
		rs := s.search.Search(forms[fi].key, theta)
		results = append(results, rs)
		for i := range rs {
			n += len(s.names[s.keys[rs[i].Key]])
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Candidate, 0, n)
	var dbuf [16]bool
	direct := dbuf[:0]    // per candidate: found by a form that is not a parenthesised alias
	var at map[*Entry]int // entry -> index in out, once out is long
	index := func(e *Entry) int {
		if at != nil {
			if i, ok := at[e]; ok {
				return i
			}
			return -1
		}
		for i := range out {
			if out[i].Entry == e {
				return i
			}
		}
		return -1
	}
	for fi := range forms {
		f := &forms[fi]
		for _, r := range results[fi] {
			key := s.keys[r.Key]
			m := meet(f, &r, key)
			for hi, h := range s.names[key] {
				c := candidate(f, &r, &m, key, s.legal[key][hi], h, hi == 0)
				c.Exact = key == exact
				if !c.Exact && c.Score >= 1 {
					c.Score = math.Nextafter(1, 0) // only Exact scores 1
				}
				if i := index(h.Entry); i >= 0 {
					direct[i] = direct[i] || !f.alias
					if better(c, out[i]) {
						out[i] = c
					}
					continue
				}
				out = append(out, c)
				direct = append(direct, !f.alias)
				switch {
				case at != nil:
					at[h.Entry] = len(out) - 1
				case len(out) > 16:
					at = make(map[*Entry]int, 2*len(out))
					for i := range out {
						at[out[i].Entry] = i
					}
				}
			}
		}
	}
	for i := range out {
		c := &out[i]
		if !direct[i] {
			// Found only through a parenthesised part: for review.
			c.Match, c.Strength, c.Exact = false, StrengthSimilar, false
			if c.Score >= 1 {
				c.Score = math.Nextafter(1, 0)
			}
		}
	}
	s.sortCandidates(out)
	// Ranking between entries, within each list: the same issuer on two
	// lists (an SSI entry and the EU Article 5 row of Sberbank) is two
	// matches, each for its own rule; a parent and its listed subsidiary
	// on one list are ranked.
	var tbuf [4]listTop
	top := listTops(tbuf[:0])
	for i := range out {
		if !out[i].Match || !out[i].By.Strong() {
			continue
		}
		if t, ok := top.get(out[i].Entry.List); !ok || out[i].Strength > out[t].Strength {
			top = top.set(out[i].Entry.List, i)
		}
	}
	demoted := false
	for i := range out {
		c := &out[i]
		t, ok := top.get(c.Entry.List)
		if ok && c.Match && c.Strength < out[t].Strength {
			c.Match = false
			c.Notes = append(c.Notes, Note{Kind: NoteOutranked, From: string(out[t].Entry.List) + " " + out[t].Entry.ID, To: out[t].Strength.String()})
			demoted = true
		}
	}
	if demoted {
		s.sortCandidates(out)
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit:limit]
	}
	// The notes, the caller's: one array for all of them.
	notes := 0
	for i := range out {
		notes += len(out[i].Notes)
	}
	if notes > 0 {
		all := make([]Note, 0, notes)
		for i := range out {
			if ns := out[i].Notes; len(ns) > 0 {
				all = append(all, ns...)
				out[i].Notes = all[len(all)-len(ns) : len(all) : len(all)]
			}
		}
	}
	return out
}

// listTop is the candidate that ranks first within a list (by its
// Strength), for SearchName's ranking.
type listTop struct {
	list Code
	at   int
}

// listTops is the top candidate per list, a few lists at most.
type listTops []listTop

func (ts listTops) get(l Code) (int, bool) {
	for _, t := range ts {
		if t.list == l {
			return t.at, true
		}
	}
	return 0, false
}

func (ts listTops) set(l Code, at int) listTops {
	for i := range ts {
		if ts[i].list == l {
			ts[i].at = at
			return ts
		}
	}
	return append(ts, listTop{l, at})
}

// meeting is what one result of a form says of how the query meets a
// key, the same for every hit of the key.
type meeting struct {
	notes   []Note
	match   bool // complete with equal words, abbreviations, a truncation
	variant bool // a truncation, a place name or the alias form was needed
}

// meet reads result r of form f, for key.
func meet(f *nameForm, r *nameindex.Result, key string) meeting {
	m := meeting{notes: f.notes}
	add := func(n Note) { m.notes = append(m.notes[:len(m.notes):len(m.notes)], n) }
	for _, p := range r.Pairs {
		if p.Kind == nameindex.Equal {
			continue
		}
		q := words(f.key, p.Query, p.QueryLen)
		k := words(key, p.Key, p.KeyLen)
		switch p.Kind {
		case nameindex.Abbreviation:
			if len(q) > len(k) {
				q, k = k, q
			}
			add(Note{Kind: NoteAbbreviation, From: title(q), To: title(k)})
		case nameindex.Truncation:
			add(Note{Kind: NoteTruncation, From: strings.ToUpper(q), To: strings.ToUpper(k)})
		case nameindex.Plural:
			add(Note{Kind: NotePlural, From: title(q), To: title(k)})
		case nameindex.Near:
			add(Note{Kind: NoteSpelling, From: title(q), To: title(k)})
		case nameindex.Joined, nameindex.Split:
			add(Note{Kind: NoteJoined, From: title(q), To: title(k)})
		}
	}
	if r.QueryPlace > 0 {
		add(Note{Kind: NotePlace, From: title(words(f.key, 0, r.QueryPlace))})
	}
	if r.KeyPlace > 0 {
		add(Note{Kind: NotePlace, From: title(words(key, 0, r.KeyPlace))})
	}
	words := r.Exact || r.Complete(nameindex.Equal, nameindex.Abbreviation)
	m.match = words || r.Complete(nameindex.Equal, nameindex.Abbreviation, nameindex.Truncation)
	m.variant = !words || r.QueryPlace > 0 || r.KeyPlace > 0 || f.alias
	return m
}

// words returns words i to i+n-1 of key (words separated by single
// spaces), as key writes them.
func words(key string, i, n int) string {
	start := 0
	for ; i > 0; i-- {
		start += strings.IndexByte(key[start:], ' ') + 1
	}
	end := start
	for ; n > 0; n-- {
		if j := strings.IndexByte(key[end:], ' '); j >= 0 && n > 1 {
			end += j + 1
		} else if j >= 0 {
			end += j
		} else {
			end = len(key)
		}
	}
	return key[start:end]
}

// candidate makes the candidate of hit h, whose name has legal form
// words legal, as m says; Exact is the caller's. The first hit of a
// result takes its Tokens, the others copy them.
func candidate(f *nameForm, r *nameindex.Result, m *meeting, key, legal string, h Hit, first bool) Candidate {
	c := Candidate{Hit: h, Key: key, Score: r.Score, Notes: m.notes, Tokens: r.Tokens}
	if !first {
		c.Tokens = append([]string(nil), r.Tokens...) // each candidate's own
	}
	if !m.match {
		return c // StrengthSimilar
	}
	c.Match = true
	// The same legal form: none in the query, the name's, or the
	// beginning of the name's when the query's was cut ("CO" of "CO LT"
	// and COMPANY LIMITED).
	sameForm := f.legal == "" || f.legal == legal || f.cut && strings.HasPrefix(legal, f.legal+" ")
	switch {
	case m.variant && sameForm:
		c.Strength = StrengthVariant
	case m.variant:
		c.Strength = StrengthVariantLegalForm
	case sameForm:
		c.Strength = StrengthName
	default:
		c.Strength = StrengthLegalForm
	}
	if !sameForm {
		c.Notes = append(c.Notes[:len(c.Notes):len(c.Notes)], Note{Kind: NoteLegalForm, From: title(f.legal), To: title(legal)})
	}
	return c
}

// sortCandidates orders candidates as SearchName returns them.
func (s *Set) sortCandidates(out []Candidate) {
	slices.SortStableFunc(out, func(a, b Candidate) int {
		switch {
		case a.Match != b.Match:
			if a.Match {
				return -1
			}
			return 1
		case a.Strength != b.Strength:
			return cmp.Compare(b.Strength, a.Strength)
		case a.Score != b.Score:
			return cmp.Compare(b.Score, a.Score)
		}
		if la, lb := s.listIndex(a.List), s.listIndex(b.List); la != lb {
			return cmp.Compare(la, lb)
		}
		if a.Entry.ID != b.Entry.ID {
			if lessID(a.Entry.ID, b.Entry.ID) {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Key, b.Key)
	})
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
// Match, then the greater Strength, a higher score, then a stronger kind
// of name (name, alias, issuer name, weak alias), then the smaller key.
func better(c, d Candidate) bool {
	if c.Match != d.Match {
		return c.Match
	}
	if c.Strength != d.Strength {
		return c.Strength > d.Strength
	}
	if c.Score != d.Score {
		return c.Score > d.Score
	}
	if rc, rd := byRank(c.By), byRank(d.By); rc != rd {
		return rc < rd
	}
	return c.Key < d.Key
}

func byRank(by By) int {
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

// isMinorWord reports whether w is a word of a legal form (one NormalizeName
// drops, or a word of a multi-word one): SearchName weighs such words
// little.
func isMinorWord(w string) bool { return minorWords[w] }

// minorWords are the words of legal forms, single and multi-word ones.
var minorWords = func() map[string]bool {
	m := map[string]bool{}
	for w := range legalForms {
		m[w] = true
	}
	for w := range leadingForms {
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
