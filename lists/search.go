package lists

import (
	"math"
	"sort"
)

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
	hits := s.search.Search(qkey, theta)

	var out []Candidate
	at := map[*Entry]int{}
	for _, f := range hits {
		key := s.keys[f.Key]
		for _, h := range s.names[key] {
			c := Candidate{Hit: h, Key: key, Score: f.Score, Exact: f.Exact, Tokens: append([]string(nil), f.Tokens...)}
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
