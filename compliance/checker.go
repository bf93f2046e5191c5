package compliance

import (
	"fmt"
	"sort"
	"strings"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// Checker screens portfolios against lists, resolving holdings through a
// security master. It holds only immutable indexes and is safe for
// concurrent use. The zero Checker screens against no lists and no
// master.
type Checker struct {
	set    *lists.Set
	master *holdings.Master
}

// New returns a Checker over the list set and security master (either may
// be nil). Neither may be modified afterwards.
func New(set *lists.Set, master *holdings.Master) *Checker {
	if set == nil {
		set = lists.NewSet()
	}
	return &Checker{set: set, master: master}
}

// hit is one way a holding reached a list entry.
type hit struct {
	lists.Hit
	path   []string
	strong bool // reached by an identifier or an exact name, not a weak alias
}

// resolution is what resolving one holding found.
type resolution struct {
	hits     []hit
	resolved bool     // the issuer or a list entry is known
	problems []string // identifiers that did not parse, and the like
}

// maxDepth bounds how many underlying hops are followed.
const maxDepth = 16

// resolve follows a holding's identifiers and name to list entries.
func (c *Checker) resolve(h *holdings.Holding) resolution {
	var r resolution
	seen := map[*lists.Entry]int{} // entry -> index in r.hits
	add := func(lh lists.Hit, path []string) {
		strong := lh.By != lists.ByWeakAlias
		if i, ok := seen[lh.Entry]; ok {
			if strong && !r.hits[i].strong {
				r.hits[i] = hit{Hit: lh, path: path, strong: true}
			}
			return
		}
		seen[lh.Entry] = len(r.hits)
		r.hits = append(r.hits, hit{Hit: lh, path: path, strong: strong})
	}
	visited := map[holdings.ID]bool{}
	var follow func(id holdings.ID, path []string, depth int)
	follow = func(id holdings.ID, path []string, depth int) {
		if visited[id] {
			return
		}
		visited[id] = true
		for _, lh := range c.set.ByID(id) {
			r.resolved = true
			add(lh, appendPath(path, idStep(id, lh), entryStep(lh.Entry)))
		}
		sec := c.master.Lookup(id)
		if sec == nil {
			return
		}
		r.resolved = true
		p := appendPath(path, fmt.Sprintf("security master (line %d, %s)", sec.Line, sec.Type))
		for _, other := range sec.IDs {
			if other != id && !visited[other] {
				visited[other] = true
				for _, lh := range c.set.ByID(other) {
					add(lh, appendPath(p, other.String(), idStep(other, lh), entryStep(lh.Entry)))
				}
			}
		}
		if sec.Issuer != "" {
			key, hits := c.set.ByName(sec.Issuer)
			for _, lh := range hits {
				add(lh, appendPath(p, fmt.Sprintf("issuer %q", sec.Issuer), fmt.Sprintf("name %q", key), nameStep(lh), entryStep(lh.Entry)))
			}
		}
		if !sec.Underlying.IsZero() {
			if depth >= maxDepth {
				r.problems = append(r.problems, fmt.Sprintf("underlying chain longer than %d at %s", maxDepth, sec.Underlying))
				return
			}
			up := appendPath(p, "underlying "+sec.Underlying.String())
			if visited[sec.Underlying] {
				r.problems = append(r.problems, fmt.Sprintf("security master: underlying cycle at %s (line %d)", sec.Underlying, sec.Line))
				return
			}
			follow(sec.Underlying, up, depth+1)
		}
	}
	for _, g := range h.Identifiers() {
		id, err := holdings.ParseID(g.Kind, g.Text)
		if err != nil {
			r.problems = append(r.problems, fmt.Sprintf("%s: %v", g.Kind, err))
			continue
		}
		follow(id, []string{g.Kind.String() + " " + g.Text}, 0)
	}
	if h.Name != "" {
		r.resolved = true // a name was screened, which is all a name allows
		key, hits := c.set.ByName(h.Name)
		for _, lh := range hits {
			add(lh, []string{fmt.Sprintf("name %q", h.Name), fmt.Sprintf("name %q", key), nameStep(lh), entryStep(lh.Entry)})
		}
	}
	return r
}

func appendPath(path []string, steps ...string) []string {
	out := make([]string, 0, len(path)+len(steps))
	out = append(out, path...)
	for _, s := range steps {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func idStep(key holdings.ID, h lists.Hit) string {
	if h.Inside {
		return fmt.Sprintf("%s inside listed ISIN %s", key.Kind, h.Value)
	}
	return fmt.Sprintf("listed %s %q", h.By, h.Value)
}

func nameStep(h lists.Hit) string {
	return fmt.Sprintf("%s %q", h.By, h.Value)
}

func entryStep(e *lists.Entry) string {
	return e.List + " " + e.ID + " " + e.Name
}

// CheckPortfolio screens every holding of p as of asOf and returns a
// report of every finding and every holding it could not resolve. It
// never stops at the first finding. The report's order is deterministic:
// findings by line, list, entry id and rule; unresolved by line.
func (c *Checker) CheckPortfolio(p *holdings.Portfolio, asOf holdings.Date) *Report {
	if c == nil {
		c = New(nil, nil)
	}
	rep := &Report{AsOf: asOf, Violations: []Finding{}, Unresolved: []Unresolved{}}
	for _, l := range c.set.Lists() {
		rep.Lists = append(rep.Lists, ListInfo{Name: l.Release.Name, Source: l.Release.Source, Entries: len(l.Entries), Date: l.Release.Date.String(), SHA256: l.Release.SHA256})
	}
	if p == nil {
		p = &holdings.Portfolio{}
	}
	rep.Holdings = len(p.Holdings)
	flagged := 0
	for i := range p.Holdings {
		h := &p.Holdings[i]
		r := c.resolve(h)
		before := len(rep.Violations)
		for _, x := range r.hits {
			if !x.Entry.InForce(asOf) {
				continue // not on its list on that date
			}
			for _, v := range verdicts(x.Hit, h.Acquired, asOf) {
				rep.Violations = append(rep.Violations, Finding{
					Rule:      v.rule,
					Severity:  v.severity,
					Line:      h.Line,
					Account:   h.Account,
					Entity:    Entity{List: x.Entry.List, ID: x.Entry.ID, Name: x.Entry.Name},
					MatchedBy: x.By,
					Path:      x.path,
					Message:   v.message,
				})
			}
		}
		if len(rep.Violations) > before {
			flagged++
		}
		switch {
		case len(r.problems) > 0:
			rep.Unresolved = append(rep.Unresolved, Unresolved{Line: h.Line, Account: h.Account, Reason: strings.Join(r.problems, "; ")})
		case !r.resolved:
			rep.Unresolved = append(rep.Unresolved, Unresolved{Line: h.Line, Account: h.Account, Reason: unresolvedReason(h)})
		}
	}
	sort.SliceStable(rep.Violations, func(i, j int) bool {
		a, b := rep.Violations[i], rep.Violations[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Entity.List != b.Entity.List {
			return a.Entity.List < b.Entity.List
		}
		if a.Entity.ID != b.Entity.ID {
			return lessID(a.Entity.ID, b.Entity.ID)
		}
		return a.Rule < b.Rule
	})
	rep.count(flagged)
	return rep
}

// lessID orders numeric ids numerically and others as text.
func lessID(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func unresolvedReason(h *holdings.Holding) string {
	var ids []string
	for _, g := range h.Identifiers() {
		ids = append(ids, g.Kind.String()+" "+g.Text)
	}
	return strings.Join(ids, ", ") + ": not in the security master and on no list, and no name given: its issuer is unknown, so it could not be screened"
}
