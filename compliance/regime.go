package compliance

import (
	"errors"
	"fmt"
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

// Regimes returns the regimes of s in canonical order (us, eu, uk). The
// slice is the caller's.
func (s RegimeSet) Regimes() []Regime { return append([]Regime{}, s.shared()...) }

// shared is Regimes without a copy: one slice per set, built once and
// read-only, so that an order's result costs no allocation.
func (s RegimeSet) shared() []Regime {
	if int(s) < len(regimeSlices) {
		return regimeSlices[s]
	}
	return s.list()
}

func (s RegimeSet) list() []Regime {
	out := []Regime{}
	for _, r := range holdings.AllRegimes {
		if s.Has(r) {
			out = append(out, r)
		}
	}
	return out
}

// regimeSlices holds the regimes of every set of the known regimes.
var regimeSlices = func() [8][]Regime {
	var t [8][]Regime
	for i := range t {
		t[i] = RegimeSet(i).list()
	}
	return t
}()

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
//
// A regime name it does not know (a row built in code with "EU") binds
// every regime: a typo never removes a finding. Checker construction
// refuses such names in the Policy itself (ErrRegime).
func (p *Policy) regimes(account string, row []Regime, usPerson bool) RegimeSet {
	var s RegimeSet
	var rs []Regime
	ok := false
	if len(p.Regimes) > 0 { // most policies name no account: no lookup on the hot path
		rs, ok = p.Regimes[account]
	}
	switch {
	case len(row) > 0:
		s = strictSet(row)
	case ok:
		s = strictSet(rs)
	case len(p.DefaultRegimes) > 0:
		s = strictSet(p.DefaultRegimes)
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

// strictSet is the set of rs, or every regime when rs names one that is
// not known or names none.
func strictSet(rs []Regime) RegimeSet {
	var s RegimeSet
	for _, r := range rs {
		b := regimeBit(r)
		if b == 0 {
			return allRegimes
		}
		s |= b
	}
	if s == 0 {
		return allRegimes
	}
	return s
}

// ErrRegime is matched (errors.Is) when a Policy names a regime that is
// not us, eu or uk, or maps an account to no regime at all: a typo would
// otherwise take findings away.
var ErrRegime = errors.New("unknown regime")

// checkRegimes refuses unknown regime names and empty regime lists in p.
func (p *Policy) checkRegimes() error {
	check := func(what string, rs []Regime) error {
		if len(rs) == 0 {
			return fmt.Errorf("%w: %s binds no regime: give us, eu or uk", ErrRegime, what)
		}
		for _, r := range rs {
			if regimeBit(r) == 0 {
				return fmt.Errorf("%w: %s names %q: want us, eu or uk", ErrRegime, what, r)
			}
		}
		return nil
	}
	if len(p.DefaultRegimes) > 0 {
		if err := check("Policy.DefaultRegimes", p.DefaultRegimes); err != nil {
			return err
		}
	}
	accounts := make([]string, 0, len(p.Regimes))
	for a := range p.Regimes {
		accounts = append(accounts, a)
	}
	sort.Strings(accounts)
	for i, a := range accounts {
		// The account itself is not named: error strings carry no account
		// numbers.
		if err := check(fmt.Sprintf("Policy.Regimes entry %d (in account order)", i+1), p.Regimes[a]); err != nil {
			return err
		}
	}
	return nil
}
