package lists

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// IDScheme says where the ids of a release's entries come from, and so
// whether they identify the same entry across releases. Merge and Diff
// match entries of different releases by list code and id: they refuse a
// release whose ids are positional (see ErrUnstableID).
type IDScheme string

// The id schemes of the readers of this package.
const (
	// IDPublisher: the publisher's own ids (OFAC ent_num and uid, the
	// advanced XML's FixedRef, the UN's DATAID, the CSL's entity_number
	// or _id). Stable for as long as the publisher keeps them.
	IDPublisher IDScheme = "publisher"
	// IDColumn: an id column of a file of the firm's own, filled in every
	// row. Stable for as long as the firm keeps them.
	IDColumn IDScheme = "column"
	// IDContent: a key derived from what the entry is (its list code,
	// normalised name and identifiers; see ContentID). Stable however the
	// rows move; a change of name or identifiers makes a new entry.
	IDContent IDScheme = "content"
	// IDPosition: the entry's place in the file (a row number). Not
	// stable: a row inserted above or removed shifts every id after it.
	// No reader of this package gives it; Merge and Diff refuse it.
	IDPosition IDScheme = "position"
)

// ErrUnstableID is matched (errors.Is) by the error Merge and Diff return
// for a release whose ids cannot be matched across releases: ids that are
// positional (Release.IDScheme IDPosition), an entry without an id, or
// two entries with the same list code and id in one release. The error is
// an *UnstableIDError.
var ErrUnstableID = errors.New("entry ids are not stable across releases")

// UnstableIDError is the error Merge and Diff return for a release whose
// ids are not stable. It matches ErrUnstableID.
type UnstableIDError struct {
	// Source is the release's Release.Source.
	Source string
	// List and ID name the entry concerned; empty when the whole release
	// is concerned (positional ids).
	List Code
	ID   string
	// Reason says what is wrong, e.g. "ids are row positions".
	Reason string
}

// Error implements error.
func (e *UnstableIDError) Error() string {
	s := ErrUnstableID.Error() + ": " + e.Source
	if e.List != "" || e.ID != "" {
		s += fmt.Sprintf(": entry %s %s", e.List, excerpt(e.ID))
	}
	return s + ": " + e.Reason
}

// Unwrap returns ErrUnstableID.
func (e *UnstableIDError) Unwrap() error { return ErrUnstableID }

// checkStable returns an *UnstableIDError if the ids of l cannot be
// matched across releases (see ErrUnstableID). A nil list is stable.
func checkStable(l *List) error {
	if l == nil {
		return nil
	}
	src := l.Release.Source
	if l.Release.IDScheme == IDPosition {
		return &UnstableIDError{Source: src, Reason: "ids are row positions: give the file an id column, or leave it out for ids derived from the rows' content"}
	}
	seen := make(map[entryKey]bool, len(l.Entries))
	for i, e := range l.Entries {
		if e == nil {
			continue
		}
		if e.ID == "" {
			return &UnstableIDError{Source: src, List: e.List, Reason: fmt.Sprintf("entry %d has no id", i+1)}
		}
		k := entryKey{list: e.List, id: e.ID}
		if seen[k] {
			return &UnstableIDError{Source: src, List: e.List, ID: e.ID, Reason: "two entries have this list code and id"}
		}
		seen[k] = true
	}
	return nil
}

// ContentID returns the id that ReadInHouse derives for an entry of a file
// without an id column: "h-" and 16 hex digits of the SHA-256 of its list
// code, its name after NormalizeName, and its identifiers (ISINs, other
// security identifiers, canonical tickers, and other identifiers), sorted,
// so that neither the row's place in the file nor the order of values in a
// cell changes it. The same issuer on the same list with the same
// identifiers has the same id in every release. It is a pure function,
// safe for concurrent use.
func ContentID(e *Entry) string {
	var ids []string
	for _, v := range e.ISINs {
		ids = append(ids, "isin "+v)
	}
	for _, v := range e.Securities {
		ids = append(ids, v.String())
	}
	for _, t := range e.Tickers {
		if t.ID.IsZero() {
			ids = append(ids, "ticker-raw "+t.Raw)
		} else {
			ids = append(ids, "ticker "+t.ID.Value)
		}
	}
	for _, v := range e.IDs {
		ids = append(ids, v.Type+" "+v.Value+" "+v.Country)
	}
	sort.Strings(ids)
	h := sha256.New()
	h.Write([]byte(e.List))
	h.Write([]byte{0})
	h.Write([]byte(NormalizeName(e.Name)))
	for _, v := range ids {
		h.Write([]byte{0})
		h.Write([]byte(strings.TrimSpace(v)))
	}
	return "h-" + hex.EncodeToString(h.Sum(nil))[:16]
}
