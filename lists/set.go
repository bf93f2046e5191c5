package lists

import (
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/nameindex"
)

// Hit is one way a lookup key meets a list entry.
type Hit struct {
	// List is the list the entry came from.
	List *List
	// Entry is the entry.
	Entry *Entry
	// By says which field of the entry matched (ByISIN, ByName, ...).
	By By
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
	ids     idIndex
	names   map[string][]Hit
	legal   map[string][]string // per key, the legal-form words of each hit's name (legalWords), as names
	keys    []string            // the keys of names, in the order first indexed
	entries int
	search  *nameindex.Index // for SearchName, over keys
}

// NewSet indexes the given lists: by identifier, by normalised name, and
// by the words of the normalised names for SearchName. The lists must not
// be modified afterwards.
func NewSet(ls ...*List) *Set {
	s := &Set{lists: append([]*List(nil), ls...), names: map[string][]Hit{}, legal: map[string][]string{}}
	for _, l := range ls {
		for _, e := range l.Entries {
			s.add(l, e)
		}
	}
	s.search = nameindex.Build(s.keys, nameindex.Options{Minor: isMinorWord, Place: placePrefix})
	return s
}

func (s *Set) add(l *List, e *Entry) {
	s.entries++
	addID := func(id holdings.ID, by By, value string, inside bool) {
		hits := s.ids.get(id)
		for _, h := range hits {
			if h.Entry == e {
				return
			}
		}
		s.ids.set(id, append(hits, Hit{List: l, Entry: e, By: by, Value: value, Inside: inside}))
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
		addID(id, byKind(id.Kind), id.Value, false)
	}
	for _, t := range e.Tickers {
		if !t.ID.IsZero() {
			addID(t.ID, ByTicker, t.Raw, false)
		}
	}
	addName := func(name string, by By) {
		folded := foldName(name)
		key := trimLegalForms(folded)
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
		s.legal[key] = append(s.legal[key], legalWords(folded))
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
func (s *Set) ByID(id holdings.ID) []Hit { return s.ids.get(id) }

// idIndex maps identifiers to hits: one map per kind, keyed by the value,
// so that a lookup hashes a string rather than a struct holding one (a
// screen looks up every identifier of every security of its master).
type idIndex struct {
	byKind [holdings.Ticker + 1]map[string][]Hit
	other  map[holdings.ID][]Hit // an identifier of no known kind, as code may build
}

func (x *idIndex) get(id holdings.ID) []Hit {
	if int(id.Kind) < len(x.byKind) {
		return x.byKind[id.Kind][id.Value]
	}
	return x.other[id]
}

func (x *idIndex) set(id holdings.ID, hits []Hit) {
	if int(id.Kind) < len(x.byKind) {
		if x.byKind[id.Kind] == nil {
			x.byKind[id.Kind] = map[string][]Hit{}
		}
		x.byKind[id.Kind][id.Value] = hits
		return
	}
	if x.other == nil {
		x.other = map[holdings.ID][]Hit{}
	}
	x.other[id] = hits
}

// ByName returns the entries one of whose names, aliases or issuer names
// equals name after NormalizeName, and the normalised key. The returned
// slice is shared: do not modify it.
func (s *Set) ByName(name string) (key string, hits []Hit) {
	key = NormalizeName(name)
	return key, s.names[key]
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
