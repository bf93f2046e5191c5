package compliance

import "sort"

// firedRules returns the description of every rule of the Checker (built-in
// and user rules) that produced one of the findings, once each, sorted by
// id. A rule id the Checker does not have (RuleUnresolved, which is not a
// rule) gets no entry. When two rules share an id, the first in evaluation
// order describes it. The slice is never nil, so that it encodes as [].
func (c *Checker) firedRules(findings []Finding) []RuleInfo {
	out := []RuleInfo{}
	if len(findings) == 0 {
		return out
	}
	fired := map[string]bool{}
	for i := range findings {
		fired[findings[i].Rule] = true
	}
	for _, r := range c.rules {
		info := r.Info()
		if fired[info.ID] {
			out = append(out, info)
			delete(fired, info.ID) // the first rule with an id describes it
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// firedOrderRules is firedRules over the findings of every order.
func (c *Checker) firedOrderRules(orders []OrderResult) []RuleInfo {
	var all []Finding
	for i := range orders {
		all = append(all, orders[i].Violations...)
	}
	return c.firedRules(all)
}
