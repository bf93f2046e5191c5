package lists

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Strength orders how firmly a name meets an entry, for ranking the
// entries one name meets: a greater Strength is a closer match. Compare
// Strengths with < and >; their numbers are not a contract.
type Strength uint8

// The strengths of a Candidate, weakest first. StrengthIdentifier is
// never a Candidate's: it is the strength a resolver gives an entry it
// reached by an identifier (Set.ByID), so that one ranking covers both.
const (
	// StrengthSimilar is a name that is only like the entry's: for
	// review (Candidate.Match false).
	StrengthSimilar Strength = iota
	// StrengthVariantLegalForm is StrengthVariant where the query's
	// legal form is not the entry name's either.
	StrengthVariantLegalForm
	// StrengthVariant is a name equal to the entry's once a truncated
	// final word, a place name that opens one of them, or a
	// parenthesised alias is allowed (Notes say which).
	StrengthVariant
	// StrengthLegalForm is a name equal to the entry's once legal forms
	// are set aside, where the query's legal form is not the entry
	// name's: "CNOOC Ltd." against CNOOC.
	StrengthLegalForm
	// StrengthName is a name equal to the entry's as written: the same
	// words, abbreviations read as the words they stand for, designators
	// dropped, and the query's legal form the entry name's (Ltd is
	// Limited) or none: "CNOOC Ltd." against CNOOC LTD, "China Mobile"
	// against CHINA MOBILE LIMITED.
	StrengthName
	// StrengthIdentifier is an entry reached by an identifier it lists.
	StrengthIdentifier
)

var strengthNames = [...]string{"similar", "equal after transformations and legal forms", "equal after transformations", "equal after legal forms", "equal as written", "identifier"}

// String returns a description of s ("equal as written").
func (s Strength) String() string {
	if int(s) < len(strengthNames) {
		return strengthNames[s]
	}
	return "unknown"
}

// NoteKind says what a Note records.
type NoteKind uint8

// The transformations SearchName records.
const (
	// NoteDesignator: a share-class or instrument designator dropped
	// from the end of the query (From: as written, "-W").
	NoteDesignator NoteKind = iota + 1
	// NoteLegalForm: the query's legal form differs from the entry
	// name's and was set aside (From: the query's, To: the entry's).
	NoteLegalForm
	// NoteTruncatedLegalForm: a cut legal form ending the query was
	// dropped (From: "Lt").
	NoteTruncatedLegalForm
	// NoteAbbreviation: an abbreviation read as the word it stands for
	// (From: the abbreviation, To: the word).
	NoteAbbreviation
	// NoteTruncation: the query's final word is the beginning of the
	// entry's word (From: the query's, To: the entry's).
	NoteTruncation
	// NotePlace: a place name that opens one of the names was left out
	// (From: the place).
	NotePlace
	// NoteParenthesis: a parenthesised part of the query was read as an
	// alias of it (To empty) or set aside (To "set aside").
	NoteParenthesis
	// NotePlural, NoteSpelling and NoteJoined: words that differ in
	// number, by one or two edits, or by being written joined or apart:
	// similar, not equal.
	NotePlural
	NoteSpelling
	NoteJoined
	// NoteOutranked: the entry would match, but another entry matches
	// the name more closely (From: that entry, "NS-CMIC 30926"; To: its
	// strength), so this one is for review.
	NoteOutranked
)

// Note is one transformation SearchName applied to meet an entry's name:
// what the resolver puts in a finding's path. Its String is the
// explanation ("designator -W dropped", "place prefix Hangzhou
// optional").
type Note struct {
	Kind     NoteKind
	From, To string
}

// String explains the note in words.
func (n Note) String() string {
	switch n.Kind {
	case NoteDesignator:
		return "designator " + n.From + " dropped"
	case NoteLegalForm:
		if n.To == "" {
			return "legal form " + n.From + " dropped"
		}
		if n.From == "" {
			return "legal form " + n.To + " of the list name dropped"
		}
		return "legal form " + n.From + " read as " + n.To
	case NoteTruncatedLegalForm:
		return "truncated legal form " + n.From + " dropped"
	case NoteAbbreviation:
		return "abbreviation " + n.From + " expanded to " + n.To
	case NoteTruncation:
		return "truncated final word " + n.From + " matched " + n.To
	case NotePlace:
		return "place prefix " + n.From + " optional"
	case NoteParenthesis:
		if n.To != "" {
			return "parenthesised " + n.From + " " + n.To
		}
		return "parenthesised " + n.From + " read as an alias"
	case NotePlural:
		return "plural " + n.From + " for " + n.To
	case NoteSpelling:
		return "spelling " + n.From + " for " + n.To
	case NoteJoined:
		return "words " + n.From + " written " + n.To
	case NoteOutranked:
		return "outranked by " + n.From + " (" + n.To + ")"
	}
	return n.From + " " + n.To
}

// MarshalText writes the note as its String, so that JSON holds the
// explanation.
func (n Note) MarshalText() ([]byte, error) { return []byte(n.String()), nil }

// title writes a normalised word or words as a name is written: each
// word with a capital ("intl" is "Intl").
func title(s string) string {
	b := []byte(nil)
	up := true
	for _, r := range s {
		if up {
			r = unicode.ToUpper(r)
		}
		up = r == ' '
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// joinNotes is the notes' explanations joined by "; ".
func joinNotes(ns []Note) string {
	var b strings.Builder
	for i, n := range ns {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(n.String())
	}
	return b.String()
}
