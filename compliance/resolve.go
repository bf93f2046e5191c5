package compliance

import (
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// Strength is how certainly a match names its list entry. The resolver
// computes it once for each hit; rules read it and never re-derive it
// from how the entry was matched.
type Strength uint8

// Match strengths.
const (
	// WeakMatch is a match by a weak alias or a similar (not equal) name
	// only: a human must check it, and it never blocks (rule review).
	WeakMatch Strength = iota + 1
	// StrongMatch is a match by an identifier, an equal name or alias, or
	// ownership data.
	StrongMatch
)

// strengthOf is the strength of a match of kind by: the one place that
// tells weak matches from strong ones (lists.By.Strong).
func strengthOf(by lists.By) Strength {
	if by.Strong() {
		return StrongMatch
	}
	return WeakMatch
}

// hit is one way a holding or order reached a list entry.
//
// Its path is built only when a finding is made (fullPath): a hit keeps
// what the path is made of. The steps after the input step are path,
// unless listed, cand or owner says how to build them; the input step is
// in (none when in.text is ""), and outranked, when set, is a step put
// before the entry step. Memo hits are built whole (path only), once.
type hit struct {
	lists.Hit
	path     Path
	strength Strength
	rank     lists.Strength  // how closely a name met the entry; StrengthIdentifier for an identifier
	via      []string        // funds looked through, then the constituent
	weight   decimal.Decimal // effective weight in percent, through funds
	owned    decimal.Decimal // aggregate blocked ownership, for ByOwnership

	in        inputStep
	listed    holdings.Kind    // not 0: the steps are the listed identifier's and the entry's
	cand      *lists.Candidate // not nil: the steps are the name candidate's
	owner     *owned           // not nil: the steps are the ownership's
	outranked string           // not "": a StepSimilar before the entry step
}

// inputStep is a path's first step, as the input gave it: "kind text" for
// an identifier, name %q for a name (kind 0).
type inputStep struct {
	kind holdings.Kind
	text string
}

func (s inputStep) step() Step {
	if s.kind == 0 {
		return Step{StepInput, fmt.Sprintf("name %q", s.text)}
	}
	return Step{StepInput, s.kind.String() + " " + s.text}
}

// appendSteps appends the steps of x's path after its input step to p.
func (x *hit) appendSteps(p Path) Path {
	n := len(p)
	switch {
	case x.listed != 0:
		p = append(p, listedStep(x.listed, x.Hit), entryStep(x.Entry))
	case x.cand != nil:
		p = appendNameSteps(p, x.cand, x.in.text)
	case x.owner != nil:
		p = append(p, Step{StepOwnership, fmt.Sprintf("owned %s%% by blocked persons: %s", x.owner.agg, x.owner.why)}, entryStep(x.owner.top.Entry))
	default:
		p = append(p, x.path...)
	}
	if x.outranked != "" && len(p) > n {
		last := p[len(p)-1]
		p[len(p)-1] = Step{StepSimilar, x.outranked}
		p = append(p, last)
	}
	return p
}

// steps returns the steps of x's path after its input step.
func (x *hit) steps() Path { return x.appendSteps(make(Path, 0, x.stepCount())) }

// stepCount is about how many steps x's path has after its input step.
func (x *hit) stepCount() int {
	n := len(x.path) + 1
	switch {
	case x.listed != 0, x.owner != nil:
		n = 3
	case x.cand != nil:
		n = 4 + len(x.cand.Notes)
	}
	return n
}

// fullPath builds x's path: its input step, then its steps.
func (x *hit) fullPath() Path {
	if x.in.text == "" {
		return x.steps()
	}
	p := make(Path, 0, 1+x.stepCount())
	return x.appendSteps(append(p, x.in.step()))
}

// settle builds x's path whole, after the steps at, so that the memo
// keeps it: what is lazily built for a holding is built once for a
// security.
func (x *hit) settle(at Path) {
	x.path = at.join(x.steps()...)
	x.listed, x.cand, x.owner, x.outranked = 0, nil, nil, ""
}

// resolution is what resolving a holding, an order or a security found.
type resolution struct {
	hits     []hit
	security *holdings.Security // the first security-master match; set only when there are hits
	ids      []holdings.ID      // every identifier met, for waivers and positions
	resolved bool               // the issuer or a list entry is known
	problems []string           // identifiers that did not parse, cycles
}

// add adds x unless its entry is already reached, in which case the
// stronger of the two ways stays (the first, when equally strong).
func (r *resolution) add(x hit) {
	for i := range r.hits {
		if r.hits[i].Entry == x.Entry {
			if x.strength > r.hits[i].strength {
				r.hits[i] = x
			}
			return
		}
	}
	r.hits = append(r.hits, x)
}

// maxDepth bounds how many underlying and fund hops are followed.
const maxDepth = 16

// resolver walks identifier -> security -> issuer -> owners, underlying
// and fund constituents, to list entries. Every security of the master is
// resolved once, when the resolver is built (the memo); a holding or an
// order then only parses its identifiers, looks them up and joins the
// memo's hits to its own first step. It is immutable once built and safe
// for concurrent use.
type resolver struct {
	set    *lists.Set
	master *holdings.Master
	funds  *holdings.Funds
	owners *ownership
	review float64 // similar-name threshold; 0 for none
	// memo holds, by security number (holdings.Master.Index), the
	// resolution of every security that reaches a list entry or has a
	// problem (nil: it reaches nothing), and whether any identifier that
	// names it is listed itself.
	memo []secMemo
	// hot has bit i set when memo[i] holds anything (a resolution or
	// listed): most securities reach nothing, and this small bitset says
	// so without reading memo.
	hot []uint64
	// fresh makes resolve walk every security anew instead of reading the
	// memo: for the test that the memo changes nothing.
	fresh bool
}

// secMemo is what the resolver knows of one security of the master.
type secMemo struct {
	res *resolution // nil: it reaches nothing
	// listed: some identifier that names the security (its own, or a
	// CUSIP or SEDOL inside its ISIN) is on a list itself.
	listed bool
}

// newResolver builds the resolver and its memo, on every core.
func newResolver(set *lists.Set, master *holdings.Master, funds *holdings.Funds, owners *ownership, review float64) *resolver {
	rv := &resolver{set: set, master: master, funds: funds, owners: owners, review: review}
	n := master.Len()
	memo := make([]secMemo, n)
	workers := runtime.GOMAXPROCS(0)
	if workers > n/256+1 {
		workers = n/256 + 1
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(lo, hi int) { // each worker writes its own part of memo; rv.memo is nil until all are done
			defer wg.Done()
			wk := &walk{rv: rv, local: map[*holdings.Security]*resolution{}}
			for i := lo; i < hi; i++ {
				sec := master.At(i)
				if wk.reachesNothing(sec) {
					continue // most of a master: its memo stays empty
				}
				if r := wk.security(sec, 0); len(r.hits) > 0 || len(r.problems) > 0 {
					memo[i].res = r
				}
				memo[i].listed = rv.anyListed(sec)
			}
		}(n*w/workers, n*(w+1)/workers)
	}
	wg.Wait()
	hot := make([]uint64, (n+63)/64)
	for i := range memo {
		if memo[i].res != nil || memo[i].listed {
			hot[i/64] |= 1 << (i % 64)
		}
	}
	rv.memo, rv.hot = memo, hot
	return rv
}

// reachesNothing reports, without building a resolution, that sec
// resolves to nothing and no identifier naming it is listed: none of its
// identifiers (nor a CUSIP or SEDOL inside its ISIN) is on a list or
// names a fund of the funds data, it has no underlying, and its issuer's
// name reaches no entry. The memo of such a security is empty, as walking
// it would leave it.
func (wk *walk) reachesNothing(sec *holdings.Security) bool {
	rv := wk.rv
	if !sec.Underlying.IsZero() || rv.anyListed(sec) {
		return false
	}
	for _, id := range sec.IDs {
		if rv.funds.Constituents(id) != nil {
			return false
		}
	}
	return sec.Issuer == "" || len(wk.issuer(sec.Issuer)) == 0
}

// anyListed reports whether an identifier that names sec in the master
// is on a list itself.
func (rv *resolver) anyListed(sec *holdings.Security) bool {
	for _, id := range sec.IDs {
		if len(rv.set.ByID(id)) > 0 {
			return true
		}
		if d, ok := holdings.CUSIPFromISIN(id); ok && len(rv.set.ByID(d)) > 0 {
			return true
		}
		if d, ok := holdings.SEDOLFromISIN(id); ok && len(rv.set.ByID(d)) > 0 {
			return true
		}
	}
	return false
}

// walk is one resolution in progress while the memo is built (or, for an
// identifier the master does not know, while a holding is resolved): the
// securities on the way (for cycles) and a local memo of what it resolved
// so far. A walk is used by one goroutine.
type walk struct {
	rv    *resolver
	stack []*holdings.Security
	ids   []holdings.ID // fund ids on the way, for fund cycles
	local map[*holdings.Security]*resolution
	// names caches what each issuer name reaches (rv.name's hits, before
	// their path is settled): a master holds many securities of one
	// issuer, and a name's search does not depend on the security.
	names map[string][]hit
}

// issuer returns the hits of the issuer name, searched once per walk.
// The hits are shared: copy before changing one.
func (wk *walk) issuer(name string) []hit {
	if hits, ok := wk.names[name]; ok {
		return hits
	}
	var r resolution
	wk.rv.name(&r, inputStep{text: name})
	if wk.names == nil {
		wk.names = map[string][]hit{}
	}
	wk.names[name] = r.hits
	return r.hits
}

// security resolves sec from its master row: its identifiers, its issuer,
// its underlying and its constituents. Paths start at the master step.
// The result is shared: do not modify it.
func (wk *walk) security(sec *holdings.Security, depth int) *resolution {
	if wk.rv.memo != nil && len(sec.IDs) > 0 {
		if r := wk.rv.memo[wk.rv.master.Index(sec.IDs[0])].res; r != nil {
			return r
		}
	}
	if r, ok := wk.local[sec]; ok {
		return r
	}
	wk.stack = append(wk.stack, sec)
	r := &resolution{resolved: true, security: sec}
	// The master step is formatted only for a security that reaches
	// something: most reach nothing.
	var masterPath Path
	master := func() Path {
		if masterPath == nil {
			masterPath = Path{{StepMaster, fmt.Sprintf("security master (line %d, %s)", sec.Line, sec.Type)}}
		}
		return masterPath
	}
	for _, id := range sec.IDs {
		r.ids = append(r.ids, id)
		for _, lh := range wk.rv.set.ByID(id) {
			x := listedHit(id, lh)
			x.settle(master().join(Step{StepIdentifier, id.String()}))
			r.add(x)
		}
	}
	if sec.Issuer != "" {
		if hits := wk.issuer(sec.Issuer); len(hits) > 0 {
			issuer := master().join(Step{StepIssuer, fmt.Sprintf("issuer %q", sec.Issuer)})
			for _, x := range hits {
				x.settle(issuer)
				x.in = inputStep{}
				r.add(x)
			}
		}
	}
	if u := sec.Underlying; !u.IsZero() {
		if depth+1 > maxDepth {
			r.problems = append(r.problems, fmt.Sprintf("chain of underlyings and funds longer than %d at %s", maxDepth, u))
		} else if us := wk.rv.master.Lookup(u); us != nil && wk.onStack(us) {
			r.problems = append(r.problems, fmt.Sprintf("security master: underlying cycle at %s (line %d)", u, sec.Line))
		} else {
			wk.join(r, master().join(Step{StepUnderlying, "underlying " + u.String()}), nil, decimal.Zero, u, depth+1)
		}
	}
	for _, fid := range sec.IDs {
		if len(wk.rv.funds.Constituents(fid)) > 0 {
			wk.constituents(r, master(), fid, depth)
		}
	}
	wk.stack = wk.stack[:len(wk.stack)-1]
	r.outrank()
	for i := range r.hits {
		if r.hits[i].outranked != "" {
			r.hits[i].settle(nil)
		}
	}
	if len(r.problems) == 0 {
		wk.local[sec] = r // a resolution without problems does not depend on the way here
	}
	return r
}

func (wk *walk) onStack(sec *holdings.Security) bool {
	for _, s := range wk.stack {
		if s == sec {
			return true
		}
	}
	return false
}

// constituents follows the constituents of the fund that fid names, if
// the funds data has it.
func (wk *walk) constituents(r *resolution, at Path, fid holdings.ID, depth int) {
	csts := wk.rv.funds.Constituents(fid)
	if len(csts) == 0 {
		return
	}
	r.resolved = true
	wk.ids = append(wk.ids, fid)
	defer func() { wk.ids = wk.ids[:len(wk.ids)-1] }()
	for _, cst := range csts {
		if depth+1 > maxDepth {
			r.problems = append(r.problems, fmt.Sprintf("chain of underlyings and funds longer than %d at %s", maxDepth, cst.ID))
			return
		}
		cs := wk.rv.master.Lookup(cst.ID)
		if containsID(wk.ids, cst.ID) || cs != nil && wk.onStack(cs) {
			r.problems = append(r.problems, fmt.Sprintf("funds: cycle at %s (line %d)", cst.ID, cst.Line))
			continue
		}
		step := Step{StepConstituent, fmt.Sprintf("constituent %s (weight %s%%)", cst.ID, cst.Weight)}
		wk.join(r, at.join(step), []string{fid.String(), cst.ID.String()}, cst.Weight, cst.ID, depth+1)
	}
}

// join adds to r what id reaches, below the steps at: the entries that
// list id, and what its security (or, for a fund the master does not
// know, its constituents) reaches. via and weight are those of the fund
// hop that led here (nil and zero for none).
func (wk *walk) join(r *resolution, at Path, via []string, weight decimal.Decimal, id holdings.ID, depth int) {
	r.ids = append(r.ids, id)
	sub := &resolution{}
	for _, lh := range wk.rv.set.ByID(id) {
		sub.resolved = true
		x := listedHit(id, lh)
		x.settle(nil)
		sub.add(x)
	}
	if sec := wk.rv.master.Lookup(id); sec != nil {
		s := wk.security(sec, depth)
		sub.resolved = true
		for _, x := range s.hits {
			sub.add(x)
		}
		r.ids = append(r.ids, s.ids...)
		r.problems = append(r.problems, s.problems...)
	} else {
		wk.constituents(sub, nil, id, depth)
		r.ids = append(r.ids, sub.ids...)
		r.problems = append(r.problems, sub.problems...)
	}
	r.resolved = r.resolved || sub.resolved
	for _, x := range sub.hits {
		x.path = at.join(x.path...)
		if via != nil {
			x.weight = weightThrough(weight, x.weight)
			if len(x.via) > 0 {
				x.via = append(append([]string(nil), via...), x.via[1:]...)
			} else {
				x.via = via
			}
		}
		r.add(x)
	}
}

// weightThrough is the effective weight of a constituent held at inner
// percent (zero: the constituent itself) in a fund held at outer percent.
func weightThrough(outer, inner decimal.Decimal) decimal.Decimal {
	if inner.IsZero() {
		return outer
	}
	return outer.Mul(inner).Div(decimal.NewFromInt(100))
}

func containsID(ids []holdings.ID, id holdings.ID) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

// listedHit is the hit of a list entry reached by identifier id, its
// steps built when needed (listedSteps).
func listedHit(id holdings.ID, lh lists.Hit) hit {
	return hit{Hit: lh, strength: strengthOf(lh.By), rank: lists.StrengthIdentifier, listed: id.Kind}
}

// listedStep is the step of a list entry's identifier that an
// identifier of kind k matched.
func listedStep(k holdings.Kind, lh lists.Hit) Step {
	if lh.Inside {
		return Step{StepListed, fmt.Sprintf("%s inside listed ISIN %s", k, lh.Value)}
	}
	return Step{StepListed, fmt.Sprintf("listed %s %q", lh.By, lh.Value)}
}

// name adds to r the entries an issuer name reaches, as
// lists.Set.SearchName ranks them: the names it matches (equal, or equal
// once designators, legal forms, abbreviations, a truncated final word or
// a place name are allowed, each said in the path), and the ones only
// similar or outranked, for review; and the SDN 50 Percent Rule through
// the ownership data. The hits' steps after the name's own step are built
// when needed (nameSteps); their input step is the name, in.
func (rv *resolver) name(r *resolution, in inputStep) {
	name := in.text
	minScore := rv.review
	if minScore == 0 {
		minScore = 1 // review off: matches only
	}
	cands := rv.set.SearchName(name, lists.SearchOptions{MinScore: minScore, Limit: 8})
	matched := false
	for i := range cands {
		matched = matched || cands[i].Match
	}
	for i := range cands {
		c := &cands[i]
		switch {
		case c.Match:
		case rv.review == 0:
			continue
		case matched && !outranked(c.Notes):
			continue // a name matched: names only similar to others are not reviewed
		}
		lh := c.Hit
		lh.By = c.Kind()
		r.add(hit{Hit: lh, strength: strengthOf(lh.By), rank: c.Strength, in: in, cand: c})
	}
	if o := rv.owners.lookup(name); o != nil && o.top != nil {
		x := hit{Hit: *o.top, strength: StrongMatch, rank: lists.StrengthIdentifier, owned: o.agg, in: in, owner: o}
		x.By = ByOwnership
		r.add(x)
	}
}

// appendNameSteps appends the steps of a name candidate after the name
// itself to p: the name normalised (a match) or the similar name, what
// the query went through, the entry's name and the entry.
func appendNameSteps(p Path, c *lists.Candidate, name string) Path {
	if c.Match {
		p = append(p, Step{StepKey, fmt.Sprintf("name %q", lists.NormalizeName(name))})
	} else {
		p = append(p, Step{StepSimilar, fmt.Sprintf("similar to %q (score %.2f; words in common: %s)", c.Key, c.Score, strings.Join(c.Tokens, ", "))})
	}
	for _, n := range c.Notes {
		if n.Kind == lists.NoteLegalForm {
			continue // legal forms never tell companies apart: said only when they decide
		}
		p = append(p, Step{StepKey, n.String()})
	}
	return append(p, Step{StepListed, fmt.Sprintf("%s %q", c.By, c.Value)}, entryStep(c.Entry))
}

func outranked(ns []lists.Note) bool {
	for _, n := range ns {
		if n.Kind == lists.NoteOutranked {
			return true
		}
	}
	return false
}

// outrank makes review of the name matches that a closer match to another
// entry outranks: when one entry is reached by an identifier, or by a name
// met more closely, a weaker name match to a different entry is for a
// human to check, not a second match (lists.SearchName ranks names among
// themselves; this ranks them against identifiers too).
func (r *resolution) outrank() {
	if len(r.hits) < 2 {
		return
	}
	// The closest strong match of each list; entries of other lists are
	// never outranked: each list has its own rules.
	best := map[lists.Code]int{}
	for i := range r.hits {
		x := &r.hits[i]
		if x.strength != StrongMatch || x.By == ByOwnership {
			continue
		}
		if b, ok := best[x.Entry.List]; !ok || x.rank > r.hits[b].rank {
			best[x.Entry.List] = i
		}
	}
	for i := range r.hits {
		x := &r.hits[i]
		b, ok := best[x.Entry.List]
		if !ok || x.strength != StrongMatch || x.By == ByOwnership || x.By.IsIdentifier() {
			continue
		}
		top := &r.hits[b]
		if x.rank >= top.rank || x.Entry == top.Entry {
			continue
		}
		x.outranked = "outranked by " + string(top.Entry.List) + " " + top.Entry.ID + " (" + rankText(top.rank) + ")"
		x.By, x.strength = lists.BySimilarName, WeakMatch
	}
}

func rankText(s lists.Strength) string {
	switch s {
	case lists.StrengthIdentifier:
		return "an identifier"
	case lists.StrengthName:
		return "its name as written"
	}
	return "a closer name"
}

func entryStep(e *lists.Entry) Step {
	return Step{StepEntry, string(e.List) + " " + e.ID + " " + e.Name}
}

// resolve follows what ref names to list entries: each identifier
// (parsed once) to the entries that list it and to its security's memo,
// and the name to equal or similar entry names. Nothing is allocated when
// the identifiers reach nothing, and no path is built (see hit).
func (rv *resolver) resolve(ref *holdings.Ref) resolution {
	var r resolution
	rv.resolveInto(&r, ref)
	return r
}

// resolveInto is resolve into *r, which must be zero.
func (rv *resolver) resolveInto(r *resolution, ref *holdings.Ref) {
	var ids [5]holdings.ID
	n := 0
	var secs [5]int
	ns := 0
	texts := [...]*string{holdings.ISIN: &ref.ISIN, holdings.CUSIP: &ref.CUSIP, holdings.SEDOL: &ref.SEDOL, holdings.FIGI: &ref.FIGI, holdings.Ticker: &ref.Ticker}
	for k := holdings.ISIN; k <= holdings.Ticker; k++ {
		if *texts[k] == "" {
			continue
		}
		g := holdings.Given{Kind: k, Text: *texts[k]}
		id, i, err := rv.master.Find(g.Kind, g.Text)
		if err != nil {
			r.problems = append(r.problems, fmt.Sprintf("%s: %v", g.Kind, err))
			continue
		}
		ids[n] = id
		n++
		var direct []lists.Hit
		var memo *resolution
		fund := false // a fund that only the funds data knows
		switch {
		case i < 0:
			direct = rv.set.ByID(id)
			fund = rv.funds.Constituents(id) != nil
		case containsInt(secs[:ns], i):
			// Its memo is joined already, through another identifier.
			if rv.isHot(i) && rv.memo[i].listed {
				direct = rv.set.ByID(id)
			}
		default:
			r.resolved = true
			secs[ns] = i
			ns++
			if rv.isHot(i) {
				if rv.memo[i].listed {
					direct = rv.set.ByID(id)
				}
				memo = rv.memo[i].res
			}
			if rv.fresh {
				sec := rv.master.At(i)
				memo = (&walk{rv: &resolver{set: rv.set, master: rv.master, funds: rv.funds, owners: rv.owners, review: rv.review},
					local: map[*holdings.Security]*resolution{}}).security(sec, 0)
				if len(memo.hits) == 0 && len(memo.problems) == 0 {
					memo = nil
				}
			}
		}
		if len(direct) == 0 && memo == nil && !fund {
			continue // nothing reached through this identifier
		}
		in := inputStep{kind: g.Kind, text: g.Text}
		for _, lh := range direct {
			r.resolved = true
			x := listedHit(id, lh)
			x.in = in
			r.add(x)
		}
		switch {
		case memo != nil:
			for _, x := range memo.hits {
				x.in = in
				r.add(x)
			}
			r.ids = append(r.ids, memo.ids...)
			r.problems = append(r.problems, memo.problems...)
		case fund:
			// A fund that only the funds data knows: walk it now.
			wk := &walk{rv: rv, local: map[*holdings.Security]*resolution{}}
			sub := &resolution{}
			wk.constituents(sub, Path{in.step()}, id, 0)
			r.resolved = r.resolved || sub.resolved
			for _, x := range sub.hits {
				r.add(x)
			}
			r.ids = append(r.ids, sub.ids...)
			r.problems = append(r.problems, sub.problems...)
		}
	}
	if ref.Name != "" {
		r.resolved = true // a name was screened, which is all a name allows
		rv.name(r, inputStep{text: ref.Name})
	}
	if len(r.hits) > 0 || !r.resolved {
		r.ids = append(append([]holdings.ID(nil), ids[:n]...), r.ids...)
	}
	if ns > 0 && len(r.hits) > 0 {
		r.security = rv.master.At(secs[0]) // the first security-master match; read only when rules are
	}
	r.outrank()
}

// isHot reports whether the memo holds anything for security number i.
func (rv *resolver) isHot(i int) bool { return rv.hot[i/64]&(1<<(i%64)) != 0 }

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
