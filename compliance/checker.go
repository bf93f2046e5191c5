package compliance

import (
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

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
	res     *resolver
	built   holdings.Date // today in New York when built: a lower bound of today
	horizon holdings.Date // the last trade date CheckDateWindow allows on the day built
	builtAt time.Time
	// warnings are about the lists themselves (empty, unread codes), in
	// every report.
	warnings []string
}

// BuiltAt returns when the Checker was built: when its lists were loaded.
func (c *Checker) BuiltAt() time.Time {
	if c == nil {
		return time.Time{}
	}
	return c.builtAt
}

// checkTradeDate refuses a trade date outside the plausible window
// (holdings.CheckDateWindow). Today is only looked up when the date is
// beyond the window of the day the Checker was built: today is never
// earlier than that.
func (c *Checker) checkTradeDate(d holdings.Date) error {
	if !d.Before(earliestDate) && !d.After(c.horizon) {
		return nil // within the window of the day built, so within today's too
	}
	if err := holdings.CheckDateWindow(d, c.built); err == nil || !d.After(c.built) {
		return err
	}
	return holdings.CheckDateWindow(d, holdings.TodayNY())
}

// earliestDate is holdings.EarliestDate.
var earliestDate = holdings.MustDate(holdings.EarliestDate)

// New returns a Checker with the default Options over the list set and
// security master (either may be nil). Neither may be modified afterwards.
// New cannot fail: in-house rows whose list code no rule reads, which
// NewWithOptions and Config.Build refuse, are reported as warnings in
// every report instead (Policy.AllowUnreadLists). Prefer Config.Build.
func New(set *lists.Set, master *holdings.Master) *Checker {
	c, err := NewWithOptions(set, master, Options{})
	if err != nil {
		c, _ = NewWithOptions(set, master, Options{Policy: Policy{AllowUnreadLists: true}})
	}
	return c
}

// NewWithOptions returns a Checker with opts. A waiver that names a rule
// the Checker does not have, or that NewWaiver rejects, is an error, so
// that a mistyped waiver cannot silently do nothing.
func NewWithOptions(set *lists.Set, master *holdings.Master, opts Options) (*Checker, error) {
	if set == nil {
		set = lists.NewSet()
	}
	if err := opts.Policy.checkRegimes(); err != nil {
		return nil, err
	}
	set = withSubsidiaries(set, opts.Ownership) // EU and UK point (b) subsidiaries
	c := &Checker{set: set, master: master, policy: opts.Policy, built: holdings.TodayNY(), builtAt: time.Now()}
	c.horizon = c.built.AddDays(holdings.MaxHorizonDays)
	var review float64
	switch t := opts.Policy.ReviewThreshold; {
	case t == 0:
		review = lists.DefaultMinScore
	case t <= 1:
		review = t
	}
	var owners *ownership
	if len(opts.Ownership) > 0 {
		owners = newOwnership(opts.Ownership, set)
	}
	c.res = newResolver(set, master, opts.Funds, owners, review)
	c.rules = append(append([]Rule(nil), catalogue...), opts.Rules...)
	known := map[string]bool{RuleUnresolved: true}
	read := map[lists.Code]bool{}
	for _, r := range c.rules {
		known[r.Info().ID] = true
		for _, code := range r.Info().Lists {
			read[code] = true
		}
	}
	if err := c.checkLists(read); err != nil {
		return nil, err
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

// ErrUnreadList is matched (errors.Is) when an in-house list holds rows
// whose list code no rule of the Checker reads ("restrictd" for
// "restricted"): rows that would load, count and never fire.
var ErrUnreadList = errors.New("list code that no rule reads")

// checkLists refuses in-house rows whose code no rule reads (or, under
// Policy.AllowUnreadLists, warns of them), and warns of lists without
// entries.
func (c *Checker) checkLists(read map[lists.Code]bool) error {
	var errs []error
	for _, l := range c.set.Lists() {
		if len(l.Entries) == 0 {
			c.warnings = append(c.warnings, fmt.Sprintf("list %q (%s) has no entries: it blocks nothing", l.Release.Name, l.Release.Source))
		}
		if l.Release.Format != lists.FormatInHouse {
			continue // official lists carry codes of their own (SSI, FSE, ...) on purpose
		}
		rows := map[lists.Code]int{}
		var codes []lists.Code
		for _, e := range l.Entries {
			code := e.List
			if read[code] {
				continue
			}
			if rows[code] == 0 {
				codes = append(codes, code)
			}
			rows[code]++
		}
		for _, code := range codes {
			msg := fmt.Sprintf("list %s: %d rows of list code %q, which no rule reads", l.Release.Source, rows[code], code)
			if c.policy.AllowUnreadLists {
				c.warnings = append(c.warnings, msg+": they are loaded and never fire")
				continue
			}
			errs = append(errs, fmt.Errorf("%w: %s (a misspelt code? the rules read %s; a rule of your own declares its codes in RuleInfo.Lists)", ErrUnreadList, msg, strings.Join(sortedKeys(read), ", ")))
		}
	}
	return errors.Join(errs...)
}

func sortedKeys(m map[lists.Code]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, string(k))
	}
	sort.Strings(out)
	return out
}

// resolve resolves what h names (see resolver.resolve).
func (c *Checker) resolve(h *holdings.Holding) resolution { return c.res.resolve(&h.Ref) }

// evaluate runs every rule over every hit in force on m.Date and returns
// the findings, with policy severities and waivers applied.
func (c *Checker) evaluate(r *resolution, m Match, line int, account string) []Finding {
	var out []Finding
	for i := range r.hits {
		x := &r.hits[i]
		if !x.Entry.InForce(m.Date) {
			continue // not on its list on that date
		}
		var path Path // built for the first finding of the hit only
		built := false
		m.Entry, m.Release, m.By, m.Strength, m.ViaFund, m.Owned = x.Entry, &x.List.Release, x.By, x.strength, len(x.via) > 0, x.owned
		for _, rule := range c.rules {
			o, fired := rule.Check(&m)
			if !fired {
				continue
			}
			info := rule.Info()
			if !built {
				path, built = x.fullPath(), true
			}
			f := Finding{
				Rule:        info.ID,
				RuleVersion: info.Version,
				Severity:    c.policy.severity(info.ID, o.Severity),
				Line:        line,
				Account:     account,
				Entity:      Entity{List: string(x.Entry.List), ID: x.Entry.ID, Name: x.Entry.Name},
				Release:     ReleaseRef{Name: x.List.Release.Name, SHA256: x.List.Release.SHA256},
				MatchedBy:   string(x.By),
				Path:        path,
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
	out := append([]string{}, c.warnings...)
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
		out = append(out, ListInfo{Name: l.Release.Name, Source: l.Release.Source, Format: l.Release.Format, Entries: len(l.Entries), Date: l.Release.Date.String(), SHA256: l.Release.SHA256})
	}
	return out
}

// unresolvedReason says why r leaves h unresolved, or "" if it does not.
func unresolvedReason(h *holdings.Holding, r *resolution) string { return unresolvedRef(&h.Ref, r) }

// unresolvedRef says why r leaves what ref names unresolved, or "".
func unresolvedRef(ref *holdings.Ref, r *resolution) string {
	if len(r.problems) > 0 {
		return strings.Join(r.problems, "; ")
	}
	if r.resolved {
		return ""
	}
	var ids []string
	for _, g := range ref.Identifiers() {
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
	var applied []accountRegimes
	for i := range parts {
		rep.Violations = append(rep.Violations, parts[i].findings...)
		rep.Unresolved = append(rep.Unresolved, parts[i].unresolved...)
		applied = append(applied, parts[i].regimes...)
		flagged += parts[i].flagged
	}
	sortFindings(rep.Violations)
	sort.SliceStable(rep.Unresolved, func(i, j int) bool { return rep.Unresolved[i].Line < rep.Unresolved[j].Line })
	rep.Regimes = regimesApplied(applied)
	rep.count(flagged)
	rep.Rules = c.firedRules(rep.Violations)
	return rep
}

// minChunk is the fewest holdings worth a goroutine of their own.
const minChunk = 4096

// portfolioPart is what one goroutine of CheckPortfolio found.
type portfolioPart struct {
	findings   []Finding
	unresolved []Unresolved
	flagged    int
	regimes    []accountRegimes // of the holdings that reached a list entry
}

func (c *Checker) screen(part *portfolioPart, hs []holdings.Holding, asOf holdings.Date) {
	for i := range hs {
		h := &hs[i]
		o := c.screenHolding(h, asOf)
		if o.hit {
			part.regimes = append(part.regimes, o.regimes)
		}
		if len(o.findings) > 0 {
			part.flagged++
		}
		part.findings = append(part.findings, o.findings...)
		if o.unresolved != nil {
			part.unresolved = append(part.unresolved, *o.unresolved)
		}
	}
}

// holdingOutcome is what screening one holding found.
type holdingOutcome struct {
	findings   []Finding   // sorted (sortFindings)
	unresolved *Unresolved // nil when resolved in full
	hit        bool        // reached a list entry: regimes were applied
	regimes    accountRegimes
}

// screenHolding screens one holding as of asOf: the per-holding work of
// CheckPortfolio and of the streamed screen (ScreenCSV), shared.
func (c *Checker) screenHolding(h *holdings.Holding, asOf holdings.Date) holdingOutcome {
	var o holdingOutcome
	r := c.resolve(h)
	if len(r.hits) > 0 {
		rs := c.policy.regimes(h.Account, h.Regimes, c.policy.usPerson(h.Account))
		o.hit, o.regimes = true, accountRegimes{h.Account, rs}
		o.findings = c.evaluate(&r, Match{Date: asOf, Holding: h, Security: r.security, USPerson: rs.Has(RegimeUS), Outside: allRegimes &^ rs}, h.Line, h.Account)
	}
	reason := unresolvedReason(h, &r)
	if !h.Acquired.IsZero() && h.Acquired.After(asOf) {
		reason = strings.TrimPrefix(reason+"; ", "; ") + fmt.Sprintf("acquired %s, after the evaluation date %s: the purchase rules cannot judge a lot bought later", h.Acquired, asOf)
	}
	if reason != "" {
		u := Unresolved{Line: h.Line, Account: h.Account, Reason: reason, Severity: c.policy.unresolvedSeverity()}
		f := Finding{Rule: RuleUnresolved, Severity: u.Severity, Account: h.Account}
		c.waive(&f, r.ids, asOf)
		u.Waived, u.Waiver = f.Waived, f.Waiver
		o.unresolved = &u
	}
	return o
}

// CheckOrder decides one order: allow, warn or block, with every finding.
// position is what the order's account holds of the security before the
// order (a sell beyond it is partly a short sale); pass the zero Decimal
// when nothing is held.
func (c *Checker) CheckOrder(o *Order, position decimal.Decimal) (res OrderResult) {
	if c == nil {
		c = New(nil, nil)
	}
	var r resolution
	c.res.resolveInto(&r, &o.Ref)
	c.decideInto(&res, o, &r, position)
	return res
}

func (c *Checker) decide(o *Order, r *resolution, position decimal.Decimal) (res OrderResult) {
	c.decideInto(&res, o, r, position)
	return res
}

// decideInto decides o, resolved as r, into *res (zero on entry).
func (c *Checker) decideInto(res *OrderResult, o *Order, r *resolution, position decimal.Decimal) {
	res.Line, res.Violations = o.Line, []Finding{}
	if err := c.checkTradeDate(o.TradeDate); err != nil {
		// A date no list can judge: what cannot be screened is blocked,
		// whatever the policy says of unresolved orders.
		res.Decision, res.Unresolved = Block, "trade_date: "+err.Error()
		return
	}
	rs := c.policy.regimes(o.Account, o.Regimes, !o.NonUSPerson && c.policy.usPerson(o.Account))
	res.Decision, res.Regimes = Allow, rs.shared()
	if len(r.hits) > 0 {
		m := Match{Date: o.TradeDate, Order: o, Security: r.security, USPerson: rs.Has(RegimeUS), Outside: allRegimes &^ rs}
		if o.Side == Sell && o.Quantity.GreaterThan(position) {
			m.Excess = o.Quantity.Sub(decimal.Max(position, decimal.Zero))
		}
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
	if reason := unresolvedRef(&o.Ref, r); reason != "" {
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
}

func orderSecurity(o *Order) string { return o.Ref.String() }

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
		r := c.res.resolve(&o.Ref)
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
		res := c.decide(o, &r, position)
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
	rep.Rules = c.firedOrderRules(rep.Orders)
	return rep
}
