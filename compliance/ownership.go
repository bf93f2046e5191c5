package compliance

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// ownership is the SDN 50 Percent Rule over the user's ownership data,
// computed once when the Checker is built: for every company in the data,
// the aggregate share owned by blocked persons.
type ownership struct {
	nodes map[string]*owned // by node key
}

type owned struct {
	name   string // as first written
	owners []stake
	// Computed:
	done    bool
	busy    bool
	direct  *lists.Hit      // the company is itself blocked (SDN or UN)
	agg     decimal.Decimal // aggregate share owned by blocked owners
	blocked bool            // direct, or agg >= 50
	why     string          // "30% by A (SDN 1) + 25% by B (owned 60% by blocked persons)"
	top     *lists.Hit      // the list entry that explains the blocking
}

type stake struct {
	owner   string // node key
	percent decimal.Decimal
	line    int
}

var fifty = decimal.NewFromInt(50)

// nodeKey is the key of a company in the ownership data: an LEI as is,
// a name normalised.
func nodeKey(s string) string {
	s = strings.TrimSpace(s)
	if isLEI(s) {
		return "lei:" + strings.ToUpper(s)
	}
	return "name:" + lists.NormalizeName(s)
}

// isLEI reports whether s has the form of an ISO 17442 LEI: 18
// alphanumerics and two check digits (mod 97 = 1).
func isLEI(s string) bool {
	if len(s) != 20 {
		return false
	}
	rem := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
			v := int(c|0x20-'a') + 10
			rem = (rem*100 + v) % 97
		default:
			return false
		}
		if i >= 18 && (c < '0' || c > '9') {
			return false
		}
	}
	return rem == 1
}

// newOwnership indexes the stakes and works out who is blocked.
func newOwnership(stakes []holdings.Stake, set *lists.Set) *ownership {
	o := &ownership{nodes: map[string]*owned{}}
	node := func(s string) *owned {
		k := nodeKey(s)
		n := o.nodes[k]
		if n == nil {
			n = &owned{name: strings.TrimSpace(s)}
			o.nodes[k] = n
		}
		return n
	}
	for _, s := range stakes {
		node(s.Owner)
		n := node(s.Owned)
		n.owners = append(n.owners, stake{owner: nodeKey(s.Owner), percent: s.Percent, line: s.Line})
	}
	leis := map[string]lists.Hit{}
	for _, l := range set.Lists() {
		for _, e := range l.Entries {
			if e.List != lists.SDN && e.List != lists.UN {
				continue
			}
			for _, id := range e.IDs {
				if id.Type == "Legal Entity Number" {
					leis["lei:"+strings.ToUpper(id.Value)] = lists.Hit{List: l, Entry: e, By: "legal entity number", Value: id.Value}
				}
			}
		}
	}
	keys := make([]string, 0, len(o.nodes))
	for k := range o.nodes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		o.compute(k, set, leis)
	}
	return o
}

func (o *ownership) compute(k string, set *lists.Set, leis map[string]lists.Hit) *owned {
	n := o.nodes[k]
	if n == nil || n.done {
		return n
	}
	if n.busy { // a cycle: counts as not blocked through this edge
		return nil
	}
	n.busy = true
	defer func() { n.busy, n.done = false, true }()
	if h, ok := leis[k]; ok {
		n.direct = &h
	} else if strings.HasPrefix(k, "name:") {
		_, hits := set.ByName(n.name)
		for i := range hits {
			if (hits[i].Entry.List == lists.SDN || hits[i].Entry.List == lists.UN) && hits[i].By != lists.ByWeakAlias {
				n.direct = &hits[i]
				break
			}
		}
	}
	if n.direct != nil {
		n.blocked, n.top = true, n.direct
	}
	var parts []string
	var best decimal.Decimal
	for _, s := range n.owners {
		ow := o.compute(s.owner, set, leis)
		if ow == nil || !ow.blocked {
			continue
		}
		n.agg = n.agg.Add(s.percent)
		what := fmt.Sprintf("%s%% by %q", s.percent, ow.name)
		if ow.direct != nil {
			what += fmt.Sprintf(" (%s %s)", ow.direct.Entry.List, ow.direct.Entry.ID)
		} else {
			what += fmt.Sprintf(" (owned %s%% by blocked persons)", ow.agg)
		}
		parts = append(parts, what)
		if n.direct == nil && (n.top == nil || s.percent.GreaterThan(best)) {
			n.top, best = ow.top, s.percent // the largest blocked owner explains it
		}
	}
	if n.agg.GreaterThanOrEqual(fifty) {
		n.blocked = true
	}
	if n.direct == nil && !n.blocked {
		n.top = nil
	}
	n.why = strings.Join(parts, " + ")
	return n
}

// lookup returns the ownership result for a company name or LEI: non-nil
// only when the company is not itself listed and blocked persons own 50%
// or more of it.
func (o *ownership) lookup(name string) *owned {
	if o == nil {
		return nil
	}
	n := o.nodes[nodeKey(name)]
	if n == nil || n.direct != nil || !n.blocked {
		return nil
	}
	return n
}
