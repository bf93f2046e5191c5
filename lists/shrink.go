package lists

import (
	"errors"
	"fmt"
	"math"
)

// ErrShrunk is matched (errors.Is) by the error CheckShrink returns for a
// release that lost more of its predecessor's entries than allowed: the
// sign of a download or copy that was cut off, which would allow what
// the lost entries block. The error is a *ShrinkError.
var ErrShrunk = errors.New("list release lost too many entries")

// DefaultMaxLoss is the share of a release's entries that the next
// release of the list may lose before CheckShrink refuses it: 5%.
//
// Chosen from the real releases: OFAC's consolidated list went from 443
// entries (2025-03) to 442 (2025-12), losing one entry in nine months
// (0.23%); 5% leaves twenty times that. A cut-off file loses far more:
// cons_prim.csv cut at a line boundary kept 300 of 442 entries (a loss of
// 32%). A small in-house list can legitimately lose more (one of three
// issuers is 33%): its caller then accepts the loss explicitly
// (MergeOptions.AcceptShrink, or a larger MaxLoss).
const DefaultMaxLoss = 0.05

// ShrinkError is the error CheckShrink returns; it matches ErrShrunk.
type ShrinkError struct {
	// Prev and Next are the sources of the two releases.
	Prev, Next string
	// Lost is how many of Prev's entries Next does not hold (by list
	// code and id), of Total.
	Lost, Total int
	// MaxLoss is the share that was allowed.
	MaxLoss float64
}

// Error implements error.
func (e *ShrinkError) Error() string {
	return fmt.Sprintf("%v: %s holds %d fewer of the %d entries of %s (%.1f%%, more than the %.1f%% allowed)",
		ErrShrunk, e.Next, e.Lost, e.Total, e.Prev, 100*float64(e.Lost)/float64(e.Total), 100*e.MaxLoss)
}

// Unwrap returns ErrShrunk.
func (e *ShrinkError) Unwrap() error { return ErrShrunk }

// CheckShrink returns a *ShrinkError (matching ErrShrunk) when next, a
// later release of the list prev is a release of, no longer holds more
// than the share maxLoss of prev's entries, matched by list code and id
// (their stable identity, see IDScheme); entries next adds do not offset
// the loss. maxLoss is a share in [0, 1]: 0 refuses any loss, 1 accepts
// any; a value outside [0, 1] (or NaN) is an error, not a default. A nil
// or empty prev loses nothing. Next may be nil (all of prev lost).
//
// CheckShrink only reads the lists and is safe for concurrent use.
func CheckShrink(prev, next *List, maxLoss float64) error {
	if math.IsNaN(maxLoss) || maxLoss < 0 || maxLoss > 1 {
		return fmt.Errorf("lists: CheckShrink: maxLoss %v is not a share between 0 and 1", maxLoss)
	}
	if prev == nil || len(prev.Entries) == 0 {
		return nil
	}
	have := map[entryKey]bool{}
	if next != nil {
		for _, e := range next.Entries {
			if e != nil {
				have[entryKey{list: e.List, id: e.ID}] = true
			}
		}
	}
	lost, total := 0, 0
	counted := map[entryKey]bool{}
	for _, e := range prev.Entries {
		if e == nil {
			continue
		}
		k := entryKey{list: e.List, id: e.ID}
		if counted[k] {
			continue
		}
		counted[k] = true
		total++
		if !have[k] {
			lost++
		}
	}
	if total == 0 || float64(lost) <= maxLoss*float64(total) {
		return nil
	}
	e := &ShrinkError{Prev: prev.Release.Source, Lost: lost, Total: total, MaxLoss: maxLoss}
	if next != nil {
		e.Next = next.Release.Source
	}
	return e
}

// MergeOptions say how MergeWith and HistoriesWith build a history. The
// zero value is the strict one: every release is checked against the one
// before it with CheckShrink and DefaultMaxLoss.
type MergeOptions struct {
	// MaxLoss is the share of a release's entries the next release may
	// lose (see CheckShrink); 0 means DefaultMaxLoss. To refuse any loss,
	// set a tiny share such as 1e-9.
	MaxLoss float64
	// AcceptShrink turns the shrink check off: the caller has seen the
	// loss and accepts it.
	AcceptShrink bool
}

func (o MergeOptions) check(prev, next *List) error {
	if o.AcceptShrink {
		return nil
	}
	max := o.MaxLoss
	if max == 0 {
		max = DefaultMaxLoss
	}
	if err := CheckShrink(prev, next, max); err != nil {
		return fmt.Errorf("%w: %w", ErrMerge, err)
	}
	return nil
}
