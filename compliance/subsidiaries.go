package compliance

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// The European subsidiary tests (EU Art. 5(1)-(4) point (b); UK reg.
// 16(2)(b), (4)(b)) as the library reads them, pinned by tests:
//
//   - more than 50%, not 50% or more: 50% exactly is not caught;
//   - by ONE listed entity, not in the aggregate: two Annex entities
//     owning 30% and 25% do not catch the company (OFAC's 50 Percent Rule
//     would; the EU and UK texts say "owned ... by an entity listed" and
//     "owned by a person within sub-paragraph (a)");
//   - directly or indirectly: a stake held through a company that is
//     itself caught through the same listed entity counts in full (the
//     UK's Schedule 1 reading of indirect holdings through majority-owned
//     companies, read the same for the EU);
//   - the incorporation test (non-EU; non-UK) is not known from the
//     ownership data: every such company is caught, and the finding
//     says so (the strict reading).
var fiftyPercent = decimal.NewFromInt(50)

// withSubsidiaries returns set with, when the ownership data make any, a
// list of derived entries: each company more than 50% owned, directly or
// indirectly, by one entity of an eu-833 or uk-russia list, under the same
// code and restriction with the paragraph's point (b). set itself is
// returned when there are none.
func withSubsidiaries(set *lists.Set, stakes []holdings.Stake) *lists.Set {
	if len(stakes) == 0 {
		return set
	}
	type parent struct {
		list  *lists.List
		entry *lists.Entry
	}
	var parents []parent
	for _, l := range set.Lists() {
		for _, e := range l.Entries {
			if (e.List == ListEU833 || e.List == ListUKRussia) && l.Release.Format != formatDerived {
				parents = append(parents, parent{l, e})
			}
		}
	}
	if len(parents) == 0 {
		return set
	}
	owners := map[string][]holdings.Stake{} // owned key -> stakes in it
	names := map[string]string{}            // key -> name as first written
	var keys []string
	for _, s := range stakes {
		for _, n := range []string{s.Owner, s.Owned} {
			if k := nodeKey(n); names[k] == "" {
				names[k] = strings.TrimSpace(n)
				keys = append(keys, k)
			}
		}
		owners[nodeKey(s.Owned)] = append(owners[nodeKey(s.Owned)], s)
	}
	sort.Strings(keys)
	derived := &lists.List{Release: lists.Release{Name: "EU and UK subsidiaries from the ownership data", Format: formatDerived,
		Source: "ownership data", IDScheme: lists.IDColumn}}
	for _, p := range parents {
		self := map[string]bool{}
		for _, n := range append([]string{p.entry.Name}, aliasNames(p.entry)...) {
			self[nodeKey(n)] = true
		}
		for _, id := range p.entry.IDs {
			if id.Type == "Legal Entity Number" {
				self["lei:"+strings.ToUpper(id.Value)] = true
			}
		}
		if derived.Release.Date.IsZero() || p.list.Release.Date.Before(derived.Release.Date) {
			derived.Release.Date = p.list.Release.Date
		}
		memo := map[string]decimal.Decimal{}
		busy := map[string]bool{}
		var share func(k string) decimal.Decimal
		// share is the part of company k owned by p: direct stakes, plus
		// stakes held by companies p itself owns more than half of.
		share = func(k string) decimal.Decimal {
			if self[k] {
				return decimal.NewFromInt(100)
			}
			if v, ok := memo[k]; ok {
				return v
			}
			if busy[k] {
				return decimal.Zero // a cycle: not through this edge
			}
			busy[k] = true
			sum := decimal.Zero
			for _, s := range owners[k] {
				ok := nodeKey(s.Owner)
				if self[ok] || share(ok).GreaterThan(fiftyPercent) {
					sum = sum.Add(s.Percent)
				}
			}
			busy[k] = false
			memo[k] = sum
			return sum
		}
		for _, k := range keys {
			if self[k] {
				continue
			}
			if v := share(k); v.GreaterThan(fiftyPercent) {
				e := &lists.Entry{List: p.entry.List, ID: p.entry.ID + "/owned:" + k, Type: "entity", Name: names[k]}
				for _, r := range p.entry.Restrictions {
					r.Paragraph += " (b)"
					r.Source = fmt.Sprintf("owned %s%% by %s (%s %s), directly or through companies it owns more than half of; whether it is established outside the Union or the UK is not known from the ownership data: caught (strict)", v, p.entry.Name, p.entry.List, p.entry.ID)
					e.Restrictions = append(e.Restrictions, r)
				}
				if strings.HasPrefix(k, "lei:") {
					e.IDs = []lists.Identifier{{Type: "Legal Entity Number", Value: strings.TrimPrefix(k, "lei:")}}
				}
				derived.Entries = append(derived.Entries, e)
			}
		}
	}
	if len(derived.Entries) == 0 {
		return set
	}
	return lists.NewSet(append(set.Lists(), derived)...)
}

// formatDerived is the Release.Format of the derived subsidiaries list.
const formatDerived = "derived"

func aliasNames(e *lists.Entry) []string {
	var out []string
	for _, a := range e.Aliases {
		if !a.Weak {
			out = append(out, a.Name)
		}
	}
	return out
}
