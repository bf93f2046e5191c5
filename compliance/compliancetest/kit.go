package compliancetest

import (
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// Kit builds, for one test, the lists, the security master, the fund
// constituents, the ownership stakes, the waivers, the book and the orders
// that a Checker screens, all in code and as the library's own types. A
// bad value given to a builder (an ISIN with a wrong check digit, an
// NS-CMIC entry without its dates, a quantity that is not a decimal number)
// fails the test at once through t.FailNow: a kit never guesses.
//
// A Kit belongs to one test and is not safe for concurrent use; call it
// from the test's goroutine (FailNow must be).
type Kit struct {
	t        require.TestingT
	releases []*ListBuilder // explicit releases, in the order made
	official *ListBuilder   // default release of the publishers' lists
	inHouse  *ListBuilder   // default release of in-house lists
	loaded   []*lists.List  // lists loaded elsewhere (Load)
	secs     []*SecurityBuilder
	funds    []*FundBuilder
	stakes   []holdings.Stake
	waivers  []compliance.Waiver
	book     []*HoldingBuilder
	built    bool // Checker or Config was called: the inputs are frozen
}

// New returns an empty Kit that reports to t (a *testing.T or
// *testing.B, or any require.TestingT).
func New(t require.TestingT) *Kit { return &Kit{t: t} }

// tHelper is the part of *testing.T that marks a function as a test
// helper, so that a failure is reported at the test's line. Every function
// of the kit that can fail the test calls it first, itself: Helper marks
// its direct caller only.
type tHelper interface{ Helper() }

// fail fails the test now with a message naming the kit.
func (k *Kit) fail(format string, args ...any) {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	require.Fail(k.t, "compliancetest: "+fmt.Sprintf(format, args...))
}

// noError fails the test now if err is not nil.
func (k *Kit) noError(err error, format string, args ...any) {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	require.NoError(k.t, err, "compliancetest: "+fmt.Sprintf(format, args...))
}

// frozen fails the test if the checker was built already: an input added
// afterwards would silently not be screened.
func (k *Kit) frozen(what string) {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	if k.built {
		k.fail("%s added after Checker or Config: it would not be screened; build the inputs first", what)
	}
}

// Quantity parses a quantity or an amount as holdings.ParseQuantity reads
// it ("150000", "-25", "0.5"); the test fails if s is not one.
func (k *Kit) Quantity(s string) decimal.Decimal {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	q, err := holdings.ParseQuantity(s)
	k.noError(err, "quantity %q", s)
	return q
}

// Load adds lists loaded elsewhere, such as lists.Embedded() or a file
// read with lists.Load, to the lists the Checker screens. They are merged
// into histories with the kit's own releases of the same name, as
// compliance.Config.Build does.
func (k *Kit) Load(ls ...*lists.List) *Kit {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	k.frozen("a list")
	for i, l := range ls {
		if l == nil {
			k.fail("Load: list %d is nil", i+1)
		}
	}
	k.loaded = append(k.loaded, ls...)
	return k
}

// Owns records that owner holds percent (0 < percent <= 100, as a decimal
// text) of owned, directly; owner and owned are issuer names or LEIs, as
// an ownership file gives them. The checker applies the SDN 50 Percent
// Rule over these stakes.
func (k *Kit) Owns(owner, owned, percent string) *Kit {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	k.frozen("a stake")
	p := k.Quantity(percent)
	if !p.IsPositive() || p.GreaterThan(decimal.NewFromInt(100)) {
		k.fail("Owns(%q, %q): percent %s is not above 0 and at most 100", owner, owned, percent)
	}
	if owner == "" || owned == "" {
		k.fail("Owns: owner and owned must be named")
	}
	k.stakes = append(k.stakes, holdings.Stake{Owner: owner, Owned: owned, Percent: p})
	return k
}

// Waiver adds a waiver, checked with compliance.NewWaiver (the test fails
// on an incomplete one).
func (k *Kit) Waiver(w compliance.Waiver) *Kit {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	k.frozen("a waiver")
	w, err := compliance.NewWaiver(w)
	k.noError(err, "waiver of %s", w.Rule)
	k.waivers = append(k.waivers, w)
	return k
}

// Config returns the compliance.Config of everything the kit holds: the
// lists (the kit's releases that hold entries, every release made with
// Release, and those given to Load) in Loaded, the master, the funds, the
// stakes and the waivers as values, and the policy if one is given (at
// most one). A test that needs more (user rules) sets it on the result
// and calls Build itself. After Config, the kit's inputs can no longer be
// changed.
func (k *Kit) Config(policy ...compliance.Policy) compliance.Config {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	if len(policy) > 1 {
		k.fail("Config: give at most one policy, not %d", len(policy))
	}
	// Releases built in code are whole by construction: a later one that
	// drops entries is the test's intent, not a download cut short.
	c := compliance.Config{Loaded: k.Lists(), AcceptShrink: true}
	if len(policy) == 1 {
		c.Policy = policy[0]
	}
	if len(k.secs) > 0 {
		c.Master = k.Master()
	}
	if len(k.funds) > 0 {
		c.Funds = k.Funds()
	}
	if len(k.stakes) > 0 {
		c.Ownership = append([]holdings.Stake(nil), k.stakes...)
	}
	if len(k.waivers) > 0 {
		c.Waivers = append([]compliance.Waiver(nil), k.waivers...)
	}
	k.built = true
	return c
}

// Checker builds the Checker of the kit's inputs with
// compliance.Config.Build, the one way the library builds one, under the
// policy if given (the zero Policy, the strict default, if not). The test
// fails if Build does: no list at all (compliance.ErrNoLists), an
// in-house code no rule reads (compliance.ErrUnreadList), two releases of
// one list with the same date, and so on.
func (k *Kit) Checker(policy ...compliance.Policy) *compliance.Checker {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	chk, err := k.Config(policy...).Build()
	k.noError(err, "Config.Build")
	return chk
}

// Lists returns the lists the kit holds, built: the default release of
// the publishers' lists and that of in-house lists when they hold
// entries, then the releases made with Release in the order made, then
// those given to Load.
func (k *Kit) Lists() []*lists.List {
	if h, ok := k.t.(tHelper); ok {
		h.Helper()
	}
	var out []*lists.List
	for _, b := range []*ListBuilder{k.official, k.inHouse} {
		if b != nil && len(b.entries) > 0 {
			out = append(out, b.List())
		}
	}
	for _, b := range k.releases {
		out = append(out, b.List())
	}
	return append(out, k.loaded...)
}
