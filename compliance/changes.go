package compliance

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// ChangeReport is how a book's outcome changed between two Checkers: the
// one built from the release before and the one built from the newest.
// Its JSON form is the command line's -changes contract.
type ChangeReport struct {
	// AsOf is the evaluation date of both screenings.
	AsOf holdings.Date `json:"as_of"`
	// Lists are the releases of the newest screening, Before those of
	// the one before.
	Lists  []ListInfo `json:"lists"`
	Before []ListInfo `json:"before"`
	// Holdings is the number of holdings in the book; Rescreened how many
	// of them reach an entry, identifier or name that changed between the
	// releases, and so were screened again under both.
	Holdings   int `json:"holdings"`
	Rescreened int `json:"rescreened"`
	// Changes are the holdings whose findings changed, by line.
	Changes []HoldingChange `json:"changes"`
}

// HoldingChange is one holding whose findings changed: those the newest
// releases give that the ones before did not (Added), and the reverse
// (Removed). Findings are compared by rule, entity, severity, match and
// message, so a changed date in a message is a change.
type HoldingChange struct {
	Line    int       `json:"line"`
	Account string    `json:"account,omitempty"`
	Added   []Finding `json:"added"`
	Removed []Finding `json:"removed"`
}

// HasViolation reports whether an added finding is a violation that is not
// waived: the book got worse.
func (r *ChangeReport) HasViolation() bool {
	for _, c := range r.Changes {
		for _, f := range c.Added {
			if f.Severity == Violation && !f.Waived {
				return true
			}
		}
	}
	return false
}

// Changes screens book as of asOf under c and under before (the Checker
// of the releases before c's) and reports the holdings whose findings
// differ. It works from the releases' Diff: only the holdings that reach,
// under either Checker, an entry that was added, removed or changed (by
// identifier, through the security master, or by name) are screened again;
// the others cannot have changed. Lists are matched by release name; a list
// present on one side only counts as wholly added or removed, and so does a
// pair whose Diff could not compare every field (lists.Changes.Notes). Both
// Checkers must share the security master, funds, ownership and waivers
// for the comparison to be about the lists alone.
func (c *Checker) Changes(before *Checker, book *holdings.Portfolio, asOf holdings.Date) (*ChangeReport, error) {
	if c == nil || before == nil {
		return nil, fmt.Errorf("%w: Changes needs both checkers", ErrConfig)
	}
	if book == nil {
		book = &holdings.Portfolio{}
	}
	touched, err := changedEntries(before.set, c.set)
	if err != nil {
		return nil, err
	}
	a := newAffected(touched, before, c)
	rep := &ChangeReport{AsOf: asOf, Lists: c.Lists(), Before: before.Lists(), Holdings: len(book.Holdings), Changes: []HoldingChange{}}
	// Which holdings to screen again, on every core; then those few, in
	// book order.
	hs := book.Holdings
	workers := runtime.GOMAXPROCS(0)
	if n := len(hs) / minChunk; n < workers {
		workers = n
	}
	if workers < 1 {
		workers = 1
	}
	picked := make([][]int, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := len(hs)*w/workers, len(hs)*(w+1)/workers
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				if a.holding(&hs[i]) {
					picked[w] = append(picked[w], i)
				}
			}
		}(w)
	}
	wg.Wait()
	for _, idx := range picked {
		for _, i := range idx {
			h := &hs[i]
			rep.Rescreened++
			old := before.screenOne(h, asOf)
			now := c.screenOne(h, asOf)
			added, removed := diffFindings(old, now)
			if len(added)+len(removed) > 0 {
				rep.Changes = append(rep.Changes, HoldingChange{Line: h.Line, Account: h.Account, Added: added, Removed: removed})
			}
		}
	}
	return rep, nil
}

// screenOne is the findings of one holding, as CheckPortfolio gives them.
func (c *Checker) screenOne(h *holdings.Holding, asOf holdings.Date) []Finding {
	var part portfolioPart
	c.screen(&part, []holdings.Holding{*h}, asOf)
	return part.findings
}

type entryRef struct {
	list lists.Code
	id   string
}

// changedEntries are the entries that differ between the lists of two
// sets, matched by release name: added, removed and changed.
func changedEntries(before, now *lists.Set) (map[entryRef]bool, error) {
	out := map[entryRef]bool{}
	old := map[string]*lists.List{}
	for _, l := range before.Lists() {
		old[l.Release.Name] = l
	}
	seen := map[string]bool{}
	mark := func(es []*lists.Entry) {
		for _, e := range es {
			out[entryRef{e.List, e.ID}] = true
		}
	}
	for _, l := range now.Lists() {
		seen[l.Release.Name] = true
		p := old[l.Release.Name]
		if p == nil {
			mark(l.Entries)
			continue
		}
		if p == l || p.Release.SHA256 != "" && p.Release.SHA256 == l.Release.SHA256 {
			continue // the same release: the same bytes read
		}
		d, err := lists.Diff(p, l)
		if err != nil {
			return nil, err
		}
		if len(d.Notes) > 0 {
			// Part of the releases could not be compared (a file of the
			// set missing on one side): any entry may have changed.
			mark(p.Entries)
			mark(l.Entries)
			continue
		}
		mark(d.Added)
		mark(d.Removed)
		for _, ch := range d.Changed {
			out[entryRef{ch.List, ch.ID}] = true
		}
	}
	for name, l := range old {
		if !seen[name] {
			mark(l.Entries)
		}
	}
	return out, nil
}

// affected tells whether a holding can reach a changed entry under either
// Checker. It is read-only once built and shared by the workers: a holding
// costs the parse of its identifiers and a few probes of small maps.
type affected struct {
	touched map[entryRef]bool
	ids     map[holdings.ID]bool // every identifier of a security that reaches one
	checks  [2]*Checker
}

func newAffected(touched map[entryRef]bool, before, now *Checker) *affected {
	a := &affected{touched: touched, ids: map[holdings.ID]bool{}, checks: [2]*Checker{before, now}}
	for _, c := range a.checks {
		for i, m := range c.res.memo {
			if m.res == nil || !a.reaches(m.res.hits) {
				continue
			}
			for _, id := range c.master.At(i).IDs {
				a.ids[id] = true
				if d, ok := holdings.CUSIPFromISIN(id); ok {
					a.ids[d] = true
				}
				if d, ok := holdings.SEDOLFromISIN(id); ok {
					a.ids[d] = true
				}
			}
		}
	}
	return a
}

func (a *affected) reaches(hits []hit) bool {
	for _, x := range hits {
		if a.touched[entryRef{x.Entry.List, x.Entry.ID}] {
			return true
		}
	}
	return false
}

// holding reports whether h must be screened again: an identifier of it
// is listed by a changed entry or names a security that reaches one, or a
// fund only the funds data knows; or it has a name (names are matched by
// similarity too, which a list change can move: they are always screened
// again).
func (a *affected) holding(h *holdings.Holding) bool {
	if h.Name != "" {
		return true
	}
	for _, g := range [...]holdings.Given{{Kind: holdings.ISIN, Text: h.ISIN}, {Kind: holdings.CUSIP, Text: h.CUSIP},
		{Kind: holdings.SEDOL, Text: h.SEDOL}, {Kind: holdings.FIGI, Text: h.FIGI}, {Kind: holdings.Ticker, Text: h.Ticker}} {
		if g.Text == "" {
			continue
		}
		id, err := holdings.ParseID(g.Kind, g.Text)
		if err != nil {
			continue // unresolved under both: a list change cannot move it
		}
		if a.ids[id] {
			return true
		}
		for _, c := range a.checks {
			for _, lh := range c.set.ByID(id) {
				if a.touched[entryRef{lh.Entry.List, lh.Entry.ID}] {
					return true
				}
			}
			if c.res.funds.Constituents(id) != nil && c.master.Lookup(id) == nil {
				return true
			}
		}
	}
	return false
}

// diffFindings returns the findings of now that old lacks and the reverse.
func diffFindings(old, now []Finding) (added, removed []Finding) {
	key := func(f *Finding) string {
		return f.Rule + "\x00" + f.Entity.List + "\x00" + f.Entity.ID + "\x00" + string(f.Severity) + "\x00" + f.MatchedBy + "\x00" + f.Message + "\x00" + fmt.Sprint(f.Waived)
	}
	count := map[string]int{}
	for i := range old {
		count[key(&old[i])]++
	}
	for i := range now {
		k := key(&now[i])
		if count[k] > 0 {
			count[k]--
			continue
		}
		added = append(added, now[i])
	}
	left := map[string]int{}
	for i := range now {
		left[key(&now[i])]++
	}
	for i := range old {
		k := key(&old[i])
		if left[k] > 0 {
			left[k]--
			continue
		}
		removed = append(removed, old[i])
	}
	sortFindings(added)
	sortFindings(removed)
	if added == nil {
		added = []Finding{}
	}
	if removed == nil {
		removed = []Finding{}
	}
	return added, removed
}
