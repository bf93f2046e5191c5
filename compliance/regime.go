package compliance

import (
	"sort"
	"strings"

	"github.com/investscreen/investscreen/holdings"
)

// Regime is a sanctions regime that can bind an account (holdings.Regime).
type Regime = holdings.Regime

// The regimes, as in holdings.
const (
	RegimeUS = holdings.RegimeUS
	RegimeEU = holdings.RegimeEU
	RegimeUK = holdings.RegimeUK
)

// RegimeSet is a set of regimes. Its zero value is empty.
type RegimeSet uint8

func regimeBit(r Regime) RegimeSet {
	for i, x := range holdings.AllRegimes {
		if x == r {
			return 1 << i
		}
	}
	return 0
}

// NewRegimeSet returns the set of rs.
func NewRegimeSet(rs ...Regime) RegimeSet {
	var s RegimeSet
	for _, r := range rs {
		s |= regimeBit(r)
	}
	return s
}

// allRegimes is every regime.
var allRegimes = NewRegimeSet(holdings.AllRegimes[:]...)

// Has reports whether r is in s.
func (s RegimeSet) Has(r Regime) bool { b := regimeBit(r); return b != 0 && s&b != 0 }

// Regimes returns the regimes of s in canonical order (us, eu, uk).
func (s RegimeSet) Regimes() []Regime {
	out := []Regime{}
	for _, r := range holdings.AllRegimes {
		if s.Has(r) {
			out = append(out, r)
		}
	}
	return out
}

// String joins the regimes with "|", as input files write them; "none"
// for the empty set.
func (s RegimeSet) String() string {
	if s == 0 {
		return "none"
	}
	return joinRegimes(s.Regimes())
}

func joinRegimes(rs []Regime) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = string(r)
	}
	return strings.Join(parts, "|")
}

// Binds reports whether regime r binds the account of m. A Match's zero
// value is bound by every regime (the strict reading); the Checker sets
// Outside from the row, the policy and the US-person flag.
func (m *Match) Binds(r Regime) bool { return !m.Outside.Has(r) }

// regimes returns the regimes that bind a row of account: the row's own
// when it names any, else the policy's for the account, else the policy's
// default, else all of them; a non-US person is never bound by the US.
func (p *Policy) regimes(account string, row []Regime, usPerson bool) RegimeSet {
	var s RegimeSet
	switch rs, ok := p.Regimes[account]; {
	case len(row) > 0:
		s = NewRegimeSet(row...)
	case ok:
		s = NewRegimeSet(rs...)
	case len(p.DefaultRegimes) > 0:
		s = NewRegimeSet(p.DefaultRegimes...)
	default:
		s = allRegimes
	}
	if !usPerson {
		s &^= regimeBit(RegimeUS)
	}
	return s
}

type accountRegimes struct {
	account string
	set     RegimeSet
}

// regimesApplied returns each account and set of regimes once, sorted by
// account and then set.
func regimesApplied(rows []accountRegimes) []AccountRegimes {
	seen := map[accountRegimes]bool{}
	var uniq []accountRegimes
	for _, r := range rows {
		if !seen[r] {
			seen[r] = true
			uniq = append(uniq, r)
		}
	}
	sort.Slice(uniq, func(i, j int) bool {
		if uniq[i].account != uniq[j].account {
			return uniq[i].account < uniq[j].account
		}
		return uniq[i].set < uniq[j].set
	})
	var out []AccountRegimes
	for _, r := range uniq {
		out = append(out, AccountRegimes{Account: r.account, Regimes: r.set.Regimes()})
	}
	return out
}
