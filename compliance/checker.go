package compliance

import (
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// Options configure a Checker beyond its lists and security master. The
// zero Options are the strict default: the built-in rules, no waivers,
// the zero Policy.
type Options struct {
	// Policy is the firm's policy on top of the law.
	Policy Policy
	// Waivers are approved exceptions; build them with NewWaiver or
	// ReadWaivers.
	Waivers []Waiver
	// Rules are the user's own rules, evaluated after the built-in ones.
	Rules []Rule
	// Funds are fund and ETF constituents, looked through to any depth.
	Funds *holdings.Funds
	// Ownership are direct ownership stakes between companies, for the
	// SDN 50 Percent Rule.
	Ownership []holdings.Stake
}

// Checker screens portfolios and orders against lists, resolving
// securities through a security master. It holds only immutable indexes
// and is safe for concurrent use. A nil *Checker screens against no lists.
type Checker struct {
	set     *lists.Set
	master  *holdings.Master
	policy  Policy
	waivers []Waiver
	rules   []Rule
	funds   *holdings.Funds
	owners  *ownership
	cache   map[*holdings.Security]*resolution // securities that reach something
	review  float64                            // similar-name threshold; 0 for none
}

// New returns a Checker with the default Options over the list set and
// security master (either may be nil). Neither may be modified afterwards.
func New(set *lists.Set, master *holdings.Master) *Checker {
	c, _ := NewWithOptions(set, master, Options{})
	return c
}

// NewWithOptions returns a Checker with opts. A waiver that names a rule
// the Checker does not have, or that NewWaiver rejects, is an error, so
// that a mistyped waiver cannot silently do nothing.
func NewWithOptions(set *lists.Set, master *holdings.Master, opts Options) (*Checker, error) {
	if set == nil {
		set = lists.NewSet()
	}
	c := &Checker{set: set, master: master, policy: opts.Policy, funds: opts.Funds}
	switch t := opts.Policy.ReviewThreshold; {
	case t == 0:
		c.review = lists.DefaultMinScore
	case t <= 1:
		c.review = t
	}
	if len(opts.Ownership) > 0 {
		c.owners = newOwnership(opts.Ownership, set)
	}
	c.buildCache()
	c.rules = append(append([]Rule(nil), catalogue...), opts.Rules...)
	known := map[string]bool{RuleUnresolved: true}
	for _, r := range c.rules {
		known[r.Info().ID] = true
	}
	for _, w := range opts.Waivers {
		v, err := NewWaiver(w)
		if err != nil {
			return nil, fmt.Errorf("waiver (line %d): %w", w.Line, err)
		}
		if !known[v.Rule] {
			return nil, fmt.Errorf("waiver (line %d): %w: unknown rule %q", w.Line, ErrWaiver, v.Rule)
		}
		c.waivers = append(c.waivers, v)
	}
	return c, nil
}

// hit is one way a holding or order reached a list entry.
type hit struct {
	lists.Hit
	path   []string
	strong bool            // reached by an identifier or an exact name, not a weak alias
	via    []string        // funds looked through, then the constituent
	weight decimal.Decimal // effective weight in percent, through funds
	owned  decimal.Decimal // aggregate blocked ownership, for ByOwnership
}

// fast resolves the common case without the general machinery: a
// holding or order named by identifiers only (no name), all of which are
// valid and name the same security of the master (or none), whose
// resolution was cached when the Checker was built. It allocates nothing
// when nothing is reached.
func (c *Checker) fast(h *holdings.Holding) (resolution, bool) {
	if h.Name != "" {
		return resolution{}, false
	}
	var ids [5]holdings.ID
	var given [5]holdings.Given
	n, hits := 0, 0
	var sec *holdings.Security
	secAt := -1
	for _, g := range [...]holdings.Given{{Kind: holdings.ISIN, Text: h.ISIN}, {Kind: holdings.CUSIP, Text: h.CUSIP},
		{Kind: holdings.SEDOL, Text: h.SEDOL}, {Kind: holdings.FIGI, Text: h.FIGI}, {Kind: holdings.Ticker, Text: h.Ticker}} {
		if g.Text == "" {
			continue
		}
		id, err := holdings.ParseID(g.Kind, g.Text)
		if err != nil {
			return resolution{}, false // the general path reports it
		}
		s := c.master.Lookup(id)
		switch {
		case s == nil && c.funds.Constituents(id) != nil:
			return resolution{}, false // a fund known only to the funds data
		case s != nil && sec != nil && s != sec:
			return resolution{}, false // identifiers of two securities
		case s != nil && sec == nil:
			sec, secAt = s, n
		}
		hits += len(c.set.ByID(id))
		ids[n], given[n] = id, g
		n++
	}
	if n == 0 {
		return resolution{}, false
	}
	cached := c.cache[sec]
	if hits == 0 && cached == nil {
		if sec == nil {
			return resolution{ids: append([]holdings.ID(nil), ids[:n]...)}, true // unresolved
		}
		return resolution{resolved: true, security: sec}, true
	}
	r := resolution{resolved: true, security: sec, ids: append([]holdings.ID(nil), ids[:n]...)}
	add := func(x hit) {
		for i := range r.hits {
			if r.hits[i].Entry == x.Entry {
				if x.strong && !r.hits[i].strong {
					r.hits[i] = x
				}
				return
			}
		}
		r.hits = append(r.hits, x)
	}
	for k := 0; k < n; k++ {
		start := given[k].Kind.String() + " " + given[k].Text
		for _, lh := range c.set.ByID(ids[k]) {
			add(hit{Hit: lh, strong: lh.By != lists.ByWeakAlias, path: []string{start, idStep(ids[k], lh), entryStep(lh.Entry)}})
		}
	}
	if cached != nil {
		start := given[secAt].Kind.String() + " " + given[secAt].Text
		r.ids = append(r.ids, cached.ids...)
		r.problems = cached.problems
		for _, x := range cached.hits {
			x.path = appendPath([]string{start}, x.path...)
			add(x)
		}
	}
	return r, true
}

// buildCache resolves every security of the master once, on every
// core, keeping those that reach a list entry or have a problem.
func (c *Checker) buildCache() {
	c.cache = map[*holdings.Security]*resolution{}
	secs := c.master.Securities()
	workers := runtime.GOMAXPROCS(0)
	if workers > len(secs)/256+1 {
		workers = len(secs)/256 + 1
	}
	found := make([]map[*holdings.Security]*resolution, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			m := map[*holdings.Security]*resolution{}
			for _, sec := range secs[len(secs)*w/workers : len(secs)*(w+1)/workers] {
				r := c.explore(&holdings.Holding{}, sec)
				if len(r.hits) > 0 || len(r.problems) > 0 {
					m[sec] = &r
				}
			}
			found[w] = m
		}(w)
	}
	wg.Wait()
	for _, m := range found {
		for k, v := range m {
			c.cache[k] = v
		}
	}
}

// trail is where resolution stands: the path so far and the funds passed.
type trail struct {
	path   []string
	via    []string
	weight decimal.Decimal // zero when no fund was passed
	depth  int
}

// resolution is what resolving one security found.
type resolution struct {
	hits     []hit
	security *holdings.Security // the first security-master match
	ids      []holdings.ID      // every identifier met, for waivers and positions
	resolved bool               // the issuer or a list entry is known
	problems []string           // identifiers that did not parse, cycles
}

// maxDepth bounds how many underlying hops are followed.
const maxDepth = 16

// resolve follows a holding's identifiers and name to list entries:
// through the security master, underlyings and fund constituents to any
// depth (cycles reported), and through ownership for the SDN 50 Percent
// Rule.
func (c *Checker) resolve(h *holdings.Holding) resolution {
	if r, ok := c.fast(h); ok {
		return r
	}
	return c.explore(h, nil)
}

// explore is the general resolution of a holding, or, when start is not
// nil, of a security of the master (for the cache).
func (c *Checker) explore(h *holdings.Holding, start *holdings.Security) resolution {
	var r resolution
	seen := map[*lists.Entry]int{} // entry -> index in r.hits
	add := func(x hit) {
		x.strong = x.By != lists.ByWeakAlias && x.By != lists.BySimilarName
		if i, ok := seen[x.Entry]; ok {
			if x.strong && !r.hits[i].strong {
				r.hits[i] = x
			}
			return
		}
		seen[x.Entry] = len(r.hits)
		r.hits = append(r.hits, x)
	}
	listed := func(t trail, lh lists.Hit, steps ...string) {
		add(hit{Hit: lh, path: appendPath(t.path, steps...), via: t.via, weight: t.weight})
	}
	issuer := func(t trail, name string, first string) {
		key, hits := c.set.ByName(name)
		for _, lh := range hits {
			listed(t, lh, first, fmt.Sprintf("name %q", key), nameStep(lh), entryStep(lh.Entry))
		}
		if len(hits) == 0 && c.review > 0 {
			// No name is equal: look for similar ones, for a human to review.
			for _, cand := range c.set.SearchName(name, lists.SearchOptions{MinScore: c.review, Limit: 5}) {
				if cand.Exact {
					continue
				}
				lh := cand.Hit
				lh.By = lists.BySimilarName
				listed(t, lh, first, fmt.Sprintf("similar to %q (score %.2f; words in common: %s)", cand.Key, cand.Score, strings.Join(cand.Tokens, ", ")), nameStep(cand.Hit), entryStep(lh.Entry))
			}
		}
		if o := c.owners.lookup(name); o != nil && o.top != nil {
			x := hit{Hit: *o.top, via: t.via, weight: t.weight, owned: o.agg}
			x.By = ByOwnership
			x.path = appendPath(t.path, first, fmt.Sprintf("owned %s%% by blocked persons: %s", o.agg, o.why), entryStep(o.top.Entry))
			add(x)
		}
	}
	visited := map[holdings.ID]bool{}
	var follow func(id holdings.ID, t trail)
	// security follows what the security master says of sec, reached by
	// id (zero when resolution starts at sec): its other identifiers and
	// its issuer. It returns the trail after the master and sec's ids.
	security := func(sec *holdings.Security, id holdings.ID, t trail) (trail, []holdings.ID) {
		r.resolved = true
		if r.security == nil {
			r.security = sec
		}
		ids := []holdings.ID{}
		if !id.IsZero() {
			ids = append(ids, id)
		}
		p := t
		p.path = appendPath(t.path, fmt.Sprintf("security master (line %d, %s)", sec.Line, sec.Type))
		for _, other := range sec.IDs {
			if other != id && !visited[other] {
				visited[other] = true
				r.ids = append(r.ids, other)
				ids = append(ids, other)
				for _, lh := range c.set.ByID(other) {
					listed(p, lh, other.String(), idStep(other, lh), entryStep(lh.Entry))
				}
			}
		}
		if sec.Issuer != "" {
			issuer(p, sec.Issuer, fmt.Sprintf("issuer %q", sec.Issuer))
		}
		return p, ids
	}
	// beyond follows sec's underlying and the constituents of the funds
	// that ids name.
	beyond := func(id holdings.ID, sec *holdings.Security, t, p trail, ids []holdings.ID) {
		if t.depth >= maxDepth {
			r.problems = append(r.problems, fmt.Sprintf("chain of underlyings and funds longer than %d at %s", maxDepth, id))
			return
		}
		if sec != nil && !sec.Underlying.IsZero() {
			if visited[sec.Underlying] {
				r.problems = append(r.problems, fmt.Sprintf("security master: underlying cycle at %s (line %d)", sec.Underlying, sec.Line))
			} else {
				u := p
				u.path, u.depth = appendPath(p.path, "underlying "+sec.Underlying.String()), p.depth+1
				follow(sec.Underlying, u)
			}
		}
		for _, fid := range ids {
			for _, cst := range c.funds.Constituents(fid) {
				r.resolved = true
				if visited[cst.ID] {
					if cst.ID == id || containsID(t.via, cst.ID) {
						r.problems = append(r.problems, fmt.Sprintf("funds: cycle at %s (line %d)", cst.ID, cst.Line))
					}
					continue
				}
				w := cst.Weight
				if !t.weight.IsZero() {
					w = t.weight.Mul(cst.Weight).Div(decimal.NewFromInt(100))
				}
				u := trail{
					path:   appendPath(p.path, fmt.Sprintf("constituent %s (weight %s%%)", cst.ID, cst.Weight)),
					via:    append(append(append([]string(nil), t.via...), viaStart(t.via, fid)...), cst.ID.String()),
					weight: w,
					depth:  t.depth + 1,
				}
				follow(cst.ID, u)
			}
		}
	}
	follow = func(id holdings.ID, t trail) {
		if visited[id] {
			return
		}
		visited[id] = true
		r.ids = append(r.ids, id)
		for _, lh := range c.set.ByID(id) {
			r.resolved = true
			listed(t, lh, idStep(id, lh), entryStep(lh.Entry))
		}
		p, ids := t, []holdings.ID{id}
		sec := c.master.Lookup(id)
		if sec != nil {
			p, ids = security(sec, id, t)
		}
		beyond(id, sec, t, p, ids)
	}
	if start != nil {
		// Resolution of a security for the cache: paths start at the
		// master.
		p, _ := security(start, holdings.ID{}, trail{})
		var first holdings.ID
		if len(start.IDs) > 0 {
			first = start.IDs[0]
		}
		beyond(first, start, trail{}, p, start.IDs)
		return r
	}
	for _, g := range h.Identifiers() {
		id, err := holdings.ParseID(g.Kind, g.Text)
		if err != nil {
			r.problems = append(r.problems, fmt.Sprintf("%s: %v", g.Kind, err))
			continue
		}
		follow(id, trail{path: []string{g.Kind.String() + " " + g.Text}})
	}
	if h.Name != "" {
		r.resolved = true // a name was screened, which is all a name allows
		issuer(trail{}, h.Name, fmt.Sprintf("name %q", h.Name))
	}
	return r
}

// viaStart is the fund itself when a look-through starts.
func viaStart(via []string, fund holdings.ID) []string {
	if len(via) == 0 {
		return []string{fund.String()}
	}
	return nil
}

func containsID(via []string, id holdings.ID) bool {
	for _, v := range via {
		if v == id.String() {
			return true
		}
	}
	return false
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

func nameStep(h lists.Hit) string { return fmt.Sprintf("%s %q", h.By, h.Value) }

func entryStep(e *lists.Entry) string { return e.List + " " + e.ID + " " + e.Name }

// evaluate runs every rule over every hit in force on m.Date and returns
// the findings, with policy severities and waivers applied.
func (c *Checker) evaluate(r *resolution, m Match, line int, account string) []Finding {
	var out []Finding
	for i := range r.hits {
		x := &r.hits[i]
		if !x.Entry.InForce(m.Date) {
			continue // not on its list on that date
		}
		m.Entry, m.Release, m.By, m.ViaFund, m.Owned = x.Entry, &x.List.Release, x.By, len(x.via) > 0, x.owned
		for _, rule := range c.rules {
			o, fired := rule.Check(&m)
			if !fired {
				continue
			}
			info := rule.Info()
			f := Finding{
				Rule:        info.ID,
				RuleVersion: info.Version,
				Severity:    c.policy.severity(info.ID, o.Severity),
				Line:        line,
				Account:     account,
				Entity:      Entity{List: x.Entry.List, ID: x.Entry.ID, Name: x.Entry.Name},
				Release:     ReleaseRef{Name: x.List.Release.Name, SHA256: x.List.Release.SHA256},
				MatchedBy:   string(x.By),
				Path:        x.path,
				Via:         x.via,
				Message:     o.Message + " (" + info.Source + ")",
			}
			if len(x.via) > 0 {
				f.Weight = x.weight.String()
			}
			c.waive(&f, r.ids, m.Date)
			out = append(out, f)
		}
	}
	sortFindings(out)
	return out
}

// waive marks f waived by the first waiver that covers it.
func (c *Checker) waive(f *Finding, ids []holdings.ID, d holdings.Date) {
	for i := range c.waivers {
		if c.waivers[i].applies(f.Rule, f.Account, ids, d) {
			w := c.waivers[i]
			f.Waived, f.Waiver = true, &w
			return
		}
	}
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
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
}

// lessID orders numeric ids numerically and others as text.
func lessID(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// staleness returns the warnings about the lists' age on date d.
func (c *Checker) staleness(d holdings.Date) []string {
	out := []string{}
	if c.policy.SkipStaleCheck {
		return out
	}
	for _, l := range c.set.Lists() {
		r := l.Release
		switch age := d.Sub(r.Date); {
		case r.Date.IsZero():
			out = append(out, fmt.Sprintf("list %q (%s) has no known release date: its age cannot be checked; give one", r.Name, r.Source))
		case age > c.policy.maxListAge():
			out = append(out, fmt.Sprintf("list %q (%s) is of %s, %d days before the evaluation date %s (more than %d): listings since then are missing", r.Name, r.Source, r.Date, age, d, c.policy.maxListAge()))
		case age < 0:
			out = append(out, fmt.Sprintf("list %q (%s) is of %s, after the evaluation date %s: entries removed before it are not known unless a history of releases is loaded", r.Name, r.Source, r.Date, d))
		}
	}
	return out
}

func (c *Checker) listInfo() []ListInfo {
	var out []ListInfo
	for _, l := range c.set.Lists() {
		out = append(out, ListInfo{Name: l.Release.Name, Source: l.Release.Source, Entries: len(l.Entries), Date: l.Release.Date.String(), SHA256: l.Release.SHA256})
	}
	return out
}

// unresolvedReason says why r leaves h unresolved, or "" if it does not.
func unresolvedReason(h *holdings.Holding, r *resolution) string {
	if len(r.problems) > 0 {
		return strings.Join(r.problems, "; ")
	}
	if r.resolved {
		return ""
	}
	var ids []string
	for _, g := range h.Identifiers() {
		ids = append(ids, g.Kind.String()+" "+g.Text)
	}
	return strings.Join(ids, ", ") + ": not in the security master and on no list, and no name given: its issuer is unknown, so it could not be screened"
}

// CheckPortfolio screens every holding of p as of asOf and returns a
// report of every finding and every holding it could not resolve. It
// never stops at the first finding. A large book is screened on every
// core (GOMAXPROCS goroutines); the report's order is deterministic all
// the same: findings by line, list, entry id and rule; unresolved by line.
func (c *Checker) CheckPortfolio(p *holdings.Portfolio, asOf holdings.Date) *Report {
	if c == nil {
		c = New(nil, nil)
	}
	rep := &Report{AsOf: asOf, Lists: c.listInfo(), Warnings: c.staleness(asOf), Violations: []Finding{}, Unresolved: []Unresolved{}}
	if p == nil {
		p = &holdings.Portfolio{}
	}
	rep.Holdings = len(p.Holdings)
	hs := p.Holdings
	workers := runtime.GOMAXPROCS(0)
	if n := len(hs) / minChunk; n < workers {
		workers = n
	}
	if workers < 1 {
		workers = 1
	}
	parts := make([]portfolioPart, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := len(hs)*w/workers, len(hs)*(w+1)/workers
		wg.Add(1)
		go func(part *portfolioPart, hs []holdings.Holding) {
			defer wg.Done()
			c.screen(part, hs, asOf)
		}(&parts[w], hs[lo:hi])
	}
	wg.Wait()
	flagged := 0
	for i := range parts {
		rep.Violations = append(rep.Violations, parts[i].findings...)
		rep.Unresolved = append(rep.Unresolved, parts[i].unresolved...)
		flagged += parts[i].flagged
	}
	sortFindings(rep.Violations)
	sort.SliceStable(rep.Unresolved, func(i, j int) bool { return rep.Unresolved[i].Line < rep.Unresolved[j].Line })
	rep.count(flagged)
	return rep
}

// minChunk is the fewest holdings worth a goroutine of their own.
const minChunk = 4096

// portfolioPart is what one goroutine of CheckPortfolio found.
type portfolioPart struct {
	findings   []Finding
	unresolved []Unresolved
	flagged    int
}

func (c *Checker) screen(part *portfolioPart, hs []holdings.Holding, asOf holdings.Date) {
	for i := range hs {
		h := &hs[i]
		r := c.resolve(h)
		if len(r.hits) > 0 {
			fs := c.evaluate(&r, Match{Date: asOf, Holding: h, Security: r.security, USPerson: c.policy.usPerson(h.Account)}, h.Line, h.Account)
			if len(fs) > 0 {
				part.flagged++
			}
			part.findings = append(part.findings, fs...)
		}
		if reason := unresolvedReason(h, &r); reason != "" {
			u := Unresolved{Line: h.Line, Account: h.Account, Reason: reason, Severity: c.policy.unresolvedSeverity()}
			f := Finding{Rule: RuleUnresolved, Severity: u.Severity, Account: h.Account}
			c.waive(&f, r.ids, asOf)
			u.Waived, u.Waiver = f.Waived, f.Waiver
			part.unresolved = append(part.unresolved, u)
		}
	}
}

// CheckOrder decides one order: allow, warn or block, with every finding.
// position is what the order's account holds of the security before the
// order (a sell beyond it is partly a short sale); pass the zero Decimal
// when nothing is held.
func (c *Checker) CheckOrder(o *Order, position decimal.Decimal) OrderResult {
	if c == nil {
		c = New(nil, nil)
	}
	h := o.holding()
	r := c.resolve(&h)
	return c.decide(o, &h, &r, position)
}

func (c *Checker) decide(o *Order, h *holdings.Holding, r *resolution, position decimal.Decimal) OrderResult {
	m := Match{Date: o.TradeDate, Order: o, Security: r.security, USPerson: !o.NonUSPerson && c.policy.usPerson(o.Account)}
	if o.Side == Sell && o.Quantity.GreaterThan(position) {
		m.Excess = o.Quantity.Sub(decimal.Max(position, decimal.Zero))
	}
	res := OrderResult{Line: o.Line, Decision: Allow, Violations: []Finding{}}
	if len(r.hits) > 0 {
		res.Violations = c.evaluate(r, m, o.Line, o.Account)
		if res.Violations == nil {
			res.Violations = []Finding{}
		}
	}
	for i := range res.Violations {
		f := &res.Violations[i]
		if f.Waived {
			continue
		}
		d := Warn
		if f.Severity == Violation {
			d = Block
		}
		if d.rank() > res.Decision.rank() {
			res.Decision = d
		}
		if d == Block && res.Reject == nil && strings.HasPrefix(f.Rule, "ns-cmic/") {
			res.Reject = &RejectRecord{Rule: f.Rule, Account: o.Account, Security: orderSecurity(o), Side: o.Side,
				Quantity: o.Quantity.String(), TradeDate: o.TradeDate, Entity: f.Entity, Reason: f.Message,
				ReportDue: addBusinessDays(o.TradeDate, 10)}
		}
	}
	if reason := unresolvedReason(h, r); reason != "" {
		res.Unresolved = reason
		f := Finding{Rule: RuleUnresolved, Account: o.Account}
		c.waive(&f, r.ids, o.TradeDate)
		if !f.Waived {
			d := Block
			if c.policy.AllowUnresolved {
				d = Warn
			}
			if d.rank() > res.Decision.rank() {
				res.Decision = d
			}
		}
	}
	return res
}

func orderSecurity(o *Order) string {
	h := o.holding()
	for _, g := range h.Identifiers() {
		return g.Kind.String() + " " + g.Text
	}
	return "name " + o.Name
}

// CheckOrders decides a basket of orders against the positions in book
// (nil for none): each order's decision, and the basket's, the strictest
// of them. Positions are matched to orders by account and by any
// identifier the two share, directly or through the security master;
// sells in the basket that are not blocked use up the position in order,
// so that a second sell of what the first already sold is a short sale.
func (c *Checker) CheckOrders(orders []Order, book *holdings.Portfolio) *OrderReport {
	if c == nil {
		c = New(nil, nil)
	}
	rep := &OrderReport{Decision: Allow, Lists: c.listInfo(), Orders: []OrderResult{}}
	var latest holdings.Date
	for i := range orders {
		if orders[i].TradeDate.After(latest) {
			latest = orders[i].TradeDate
		}
	}
	rep.Warnings = c.staleness(latest)
	// Index the positions: account + identifier -> holdings.
	type pos struct{ left decimal.Decimal }
	var held []pos
	index := map[string][]int{}
	if book != nil {
		for i := range book.Holdings {
			h := &book.Holdings[i]
			r := c.resolve(h)
			held = append(held, pos{h.Quantity})
			for _, id := range r.ids {
				k := h.Account + "\x00" + id.String()
				index[k] = append(index[k], i)
			}
		}
	}
	for i := range orders {
		o := &orders[i]
		h := o.holding()
		r := c.resolve(&h)
		var mine []int
		seen := map[int]bool{}
		for _, id := range r.ids {
			for _, j := range index[o.Account+"\x00"+id.String()] {
				if !seen[j] {
					seen[j] = true
					mine = append(mine, j)
				}
			}
		}
		sort.Ints(mine)
		position := decimal.Zero
		for _, j := range mine {
			position = position.Add(held[j].left)
		}
		res := c.decide(o, &h, &r, position)
		if o.Side == Sell && res.Decision != Block { // a blocked sale does not happen
			q := o.Quantity
			for _, j := range mine {
				take := decimal.Min(q, decimal.Max(held[j].left, decimal.Zero))
				held[j].left = held[j].left.Sub(take)
				q = q.Sub(take)
			}
		}
		if res.Decision.rank() > rep.Decision.rank() {
			rep.Decision = res.Decision
		}
		rep.Orders = append(rep.Orders, res)
	}
	return rep
}
