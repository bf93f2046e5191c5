package lists

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/investscreen/investscreen/holdings"
)

// ErrMerge is matched (errors.Is) by every error Merge returns: releases
// that cannot be put in one history (none given, a release without a
// date, two releases of the same date, releases of different lists).
var ErrMerge = errors.New("releases cannot be merged")

// Merge builds one list with history from several releases of the same
// list, each with a known Release.Date, given in any order. Every entry
// that appears in any release (matched by list code and id) is kept once,
// in its newest version, with:
//
//   - Listed: the date of the first release that holds it after a loaded
//     release that did not; unknown for an entry of the oldest release, so
//     the entry's own Listed (zero for OFAC) is kept;
//   - Removed: the date of the first release after that no longer holds
//     it; the entry's own Removed (zero for OFAC) when the newest release
//     holds it.
//
// Entry.InForce(d) then answers "on the list on date d" as far as the
// loaded releases can tell: a change between two releases is dated at the
// later one. An entry that left and came back keeps only its latest
// period on the list: InForce is false for dates in the earlier period.
//
// The merged entries come first in the newest release's order, then the
// entries the newest release no longer holds, newest release first. The
// Release is the newest's Name, Format and Date, Source "history:" and
// the sources joined with ",", SHA256 the SHA-256 of the releases' SHA256
// strings, Files all their files and Warnings all their warnings (each
// prefixed with its release's source and ": "), all in date order.
//
// Merge returns an error matching ErrMerge if no release is given, one is
// nil or has no date, two have the same date, or two have different
// non-empty Release.Names; and an *UnstableIDError matching ErrUnstableID
// if a release's ids cannot be matched across releases (positional ids,
// an entry without an id, two entries with the same list code and id):
// matching such ids would confuse two issuers. It only reads the releases and is safe for
// concurrent use; the merged List is new, and its entries are copies that
// share their slices with the given entries (all read-only).
//
// Merge does not check how many entries a release lost to the next: it is
// MergeWith with AcceptShrink. Programs that take releases from outside
// (a download, a release store) use MergeWith, whose zero MergeOptions
// refuse a release that lost more than DefaultMaxLoss of the entries of
// the one before it.
func Merge(releases ...*List) (*List, error) {
	return MergeWith(MergeOptions{AcceptShrink: true}, releases...)
}

// MergeWith is Merge with options; its zero MergeOptions are strict: each
// release, in date order, is checked against the one before it with
// CheckShrink and DefaultMaxLoss (o.MaxLoss sets another share,
// o.AcceptShrink turns the check off), and one that lost more is refused
// with an error matching ErrMerge and ErrShrunk.
func MergeWith(o MergeOptions, releases ...*List) (*List, error) {
	if len(releases) == 0 {
		return nil, fmt.Errorf("%w: no release given", ErrMerge)
	}
	rs := append([]*List(nil), releases...)
	name := ""
	for i, l := range rs {
		if l == nil {
			return nil, fmt.Errorf("%w: release %d is nil", ErrMerge, i+1)
		}
		if l.Release.Date.IsZero() {
			return nil, fmt.Errorf("%w: release %d (%s) has no release date", ErrMerge, i+1, l.Release.Source)
		}
		if err := checkStable(l); err != nil {
			return nil, err
		}
		switch n := l.Release.Name; {
		case n == "":
		case name == "":
			name = n
		case n != name:
			return nil, fmt.Errorf("%w: release %d (%s) is of %q, not %q", ErrMerge, i+1, l.Release.Source, n, name)
		}
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Release.Date.Before(rs[j].Release.Date) })
	for i := 1; i < len(rs); i++ {
		if rs[i].Release.Date == rs[i-1].Release.Date {
			return nil, fmt.Errorf("%w: releases %s and %s have the same date %s", ErrMerge, rs[i-1].Release.Source, rs[i].Release.Source, rs[i].Release.Date)
		}
		if err := o.check(rs[i-1], rs[i]); err != nil {
			return nil, err
		}
	}

	type period struct {
		e               *Entry // newest version
		listed, removed holdings.Date
	}
	periods := map[entryKey]*period{}
	keys := make([][]entryKey, len(rs))
	for i, l := range rs {
		d := l.Release.Date
		var by map[entryKey]*Entry
		keys[i], by = keyed(l.Entries)
		for _, k := range keys[i] {
			p := periods[k]
			switch {
			case p == nil:
				p = &period{}
				if i > 0 {
					p.listed = d
				}
				periods[k] = p
			case !p.removed.IsZero(): // back after a removal: a new period
				p.listed, p.removed = d, holdings.Date{}
			}
			p.e = by[k]
		}
		for k, p := range periods {
			if _, ok := by[k]; !ok && p.removed.IsZero() {
				p.removed = d
			}
		}
	}

	newest := rs[len(rs)-1].Release
	out := &List{Release: Release{Name: newest.Name, Format: newest.Format, Date: newest.Date, IDScheme: newest.IDScheme}}
	sources := make([]string, len(rs))
	h := sha256.New()
	for i, l := range rs {
		sources[i] = l.Release.Source
		io.WriteString(h, l.Release.SHA256)
		out.Release.Files = append(out.Release.Files, l.Release.Files...)
		for _, w := range l.Release.Warnings {
			out.Release.Warnings = append(out.Release.Warnings, l.Release.Source+": "+w)
		}
	}
	out.Release.Source = "history:" + strings.Join(sources, ",")
	out.Release.SHA256 = hex.EncodeToString(h.Sum(nil))

	done := make(map[entryKey]bool, len(periods))
	for i := len(rs) - 1; i >= 0; i-- {
		for _, k := range keys[i] {
			if done[k] {
				continue
			}
			done[k] = true
			p := periods[k]
			e := *p.e
			if !p.listed.IsZero() {
				e.Listed = p.listed
			}
			if !p.removed.IsZero() {
				e.Removed = p.removed
			}
			out.Entries = append(out.Entries, &e)
		}
	}
	return out, nil
}

// LoadOFACRelease is LoadOFAC for a release whose date is known from
// elsewhere (OFAC's legacy CSV carries none): it sets Release.Date to
// date, ready for Merge.
func LoadOFACRelease(path string, date holdings.Date) (*List, error) {
	l, err := LoadOFAC(path)
	if err != nil {
		return nil, err
	}
	l.Release.Date = date
	return l, nil
}

// Histories merges, among ls, the releases of one list (same
// Release.Name) that all carry a date into one List with history (see
// Merge; no shrink check); a list with a single release, or with an
// undated release, is kept as it is. The order of first appearance is
// kept.
func Histories(ls ...*List) ([]*List, error) {
	return HistoriesWith(MergeOptions{AcceptShrink: true}, ls...)
}

// HistoriesWith is Histories merging with MergeWith and o: its zero
// MergeOptions refuse a release that lost more than DefaultMaxLoss of
// its predecessor's entries.
func HistoriesWith(o MergeOptions, ls ...*List) ([]*List, error) {
	byName := map[string][]*List{}
	var order []string
	for _, l := range ls {
		if _, ok := byName[l.Release.Name]; !ok {
			order = append(order, l.Release.Name)
		}
		byName[l.Release.Name] = append(byName[l.Release.Name], l)
	}
	var out []*List
	for _, n := range order {
		group := byName[n]
		dated := len(group) > 1
		for _, l := range group {
			dated = dated && !l.Release.Date.IsZero()
		}
		if !dated {
			out = append(out, group...)
			continue
		}
		m, err := MergeWith(o, group...)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}
