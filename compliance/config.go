package compliance

import (
	"errors"
	"fmt"
	"os"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
	"github.com/investscreen/investscreen/lists/source"
)

// ErrNoLists is returned by Config.Build when no list is configured: a
// checker over no lists would allow every order.
var ErrNoLists = errors.New("no lists configured")

// ErrConfig is matched (errors.Is) by Config.Build's errors about the
// configuration itself, such as a value given both as a file and in code.
var ErrConfig = errors.New("bad configuration")

// BuildError is an error of Config.Build about one input: Input is
// "list", "securities", "funds", "ownership" or "waivers" (a program maps
// it onto its flag), Err the cause (for file content, a
// *holdings.ParseError naming file, line and field).
type BuildError struct {
	Input string
	Err   error
}

func (e *BuildError) Error() string { return e.Input + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *BuildError) Unwrap() error { return e.Err }

// Config is everything a Checker is built from: lists, the security
// master, fund constituents, ownership, waivers, the policy and user
// rules. Config.Build is the one way the programs of this module (the
// command line, the pre-trade service) get a Checker, so that they cannot
// disagree on the same input; embedders use it too. Each input can be given
// as a file, which Build reads (and a Live built from the Config reads
// again on every reload), or as a value already loaded; not both.
//
// A Config is plain data; Build only reads it.
type Config struct {
	// Lists are list files as lists.Load takes them: a path (format
	// detected), "FORMAT:PATH", and "PATH@YYYY-MM-DD" for the release date
	// of a file that states none.
	Lists []string
	// Store is a release store directory (see lists/source and
	// examples/update): the history of each of its sources is screened,
	// so that a check as of a date uses the release in force then. Where
	// two sources carry one list (OFAC's legacy CSV and its advanced XML),
	// the first in lists/source order is used.
	Store string
	// Loaded are lists already loaded (lists.Embedded(), or built in
	// code). They are screened with the ones read from Lists; dated
	// releases of one list, from either, always become one history
	// (lists.Histories), so that a check as of a date uses what was in
	// force then.
	Loaded []*lists.List

	// SecuritiesFile is a security master CSV (holdings.LoadMaster);
	// Master one already built.
	SecuritiesFile string
	Master         *holdings.Master
	// FundsFile is a fund constituents CSV (holdings.LoadFunds); Funds
	// the data already built.
	FundsFile string
	Funds     *holdings.Funds
	// OwnershipFile is an ownership CSV (holdings.LoadOwnership), for the
	// SDN 50 Percent Rule; Ownership the stakes already read.
	OwnershipFile string
	Ownership     []holdings.Stake
	// WaiversFile is a waivers CSV (LoadWaivers); Waivers those already
	// read or made with NewWaiver.
	WaiversFile string
	Waivers     []Waiver

	// Policy is the firm's policy on top of the law; the zero Policy is
	// the strict default.
	Policy Policy
	// Rules are the user's own rules, evaluated after the built-in ones.
	Rules []Rule

	// MaxLoss is the share of a list's entries that a newer release may
	// lose against the release before it: in a history built from dated
	// releases, and when a Live reloads. A release that loses more is
	// refused (an error matching lists.ErrShrunk), since a download or
	// export cut short must never become an allow. Zero means
	// lists.DefaultMaxLoss.
	MaxLoss float64
	// AcceptShrink accepts releases that lose more than MaxLoss: the
	// caller has seen the loss (say, a list that really was cut down).
	AcceptShrink bool
}

// Build reads every file of c, merges dated releases of one list into
// histories and returns the Checker. Errors about an input are a
// *BuildError naming it and, for file content, wrap a *holdings.ParseError
// naming file, line and field. A Config with no list at all is ErrNoLists. Build
// is safe to call concurrently on the same Config.
func (c Config) Build() (*Checker, error) {
	if len(c.Lists) == 0 && len(c.Loaded) == 0 && c.Store == "" {
		return nil, ErrNoLists
	}
	all := make([]*lists.List, 0, len(c.Lists)+len(c.Loaded))
	if c.Store != "" {
		hs, err := storeLists(c.Store, (*source.Store).History)
		if err != nil {
			return nil, &BuildError{"store", err}
		}
		all = append(all, hs...)
	}
	for i, l := range c.Loaded {
		if l == nil {
			return nil, fmt.Errorf("%w: Loaded[%d] is nil", ErrConfig, i)
		}
		all = append(all, l)
	}
	for _, spec := range c.Lists {
		l, err := lists.Load(spec)
		if err != nil {
			return nil, &BuildError{"list", err}
		}
		all = append(all, l)
	}
	all, err := lists.HistoriesWith(lists.MergeOptions{MaxLoss: c.MaxLoss, AcceptShrink: c.AcceptShrink}, all...)
	if err != nil {
		return nil, &BuildError{"list", err}
	}
	master, err := either("securities", c.SecuritiesFile, c.Master, c.Master != nil, holdings.LoadMaster)
	if err != nil {
		return nil, err
	}
	funds, err := either("funds", c.FundsFile, c.Funds, c.Funds != nil, holdings.LoadFunds)
	if err != nil {
		return nil, err
	}
	stakes, err := either("ownership", c.OwnershipFile, c.Ownership, c.Ownership != nil, holdings.LoadOwnership)
	if err != nil {
		return nil, err
	}
	waivers, err := either("waivers", c.WaiversFile, c.Waivers, c.Waivers != nil, LoadWaivers)
	if err != nil {
		return nil, err
	}
	chk, err := NewWithOptions(lists.NewSet(all...), master, Options{Policy: c.Policy, Waivers: waivers, Rules: c.Rules, Funds: funds, Ownership: stakes})
	if err != nil {
		return nil, &BuildError{"waivers", err}
	}
	return chk, nil
}

// storeLists reads one list per list name from the store in dir, with
// read: the first source (lists/source order) that holds a release of it.
func storeLists(dir string, read func(*source.Store, string) (*lists.List, error)) ([]*lists.List, error) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%w: %s is not a release store directory", ErrNoLists, dir)
	}
	st, err := source.Open(dir)
	if err != nil {
		return nil, err
	}
	var out []*lists.List
	seen := map[string]bool{}
	for _, name := range source.Names() {
		l, err := read(st, name)
		if err != nil {
			return nil, err
		}
		if l == nil || seen[l.Release.Name] {
			continue
		}
		seen[l.Release.Name] = true
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: the store %s holds no release (run examples/update)", ErrNoLists, dir)
	}
	return out, nil
}

// LastChange returns, for a Config with a Store, the Configs of the
// releases before and after the store's newest change: After screens the
// newest release of each source, Before the release before it (the newest
// again for a source with one release). Compare them with
// Checker.Changes. Everything but the lists is the same in both.
func (c Config) LastChange() (before, after Config, err error) {
	if c.Store == "" {
		return c, c, &BuildError{"store", fmt.Errorf("%w: no store given", ErrConfig)}
	}
	newest, err := storeLists(c.Store, func(st *source.Store, name string) (*lists.List, error) {
		_, n, err := st.Latest(name)
		return n, err
	})
	if err != nil {
		return c, c, &BuildError{"store", err}
	}
	prev, err := storeLists(c.Store, func(st *source.Store, name string) (*lists.List, error) {
		p, n, err := st.Latest(name)
		if p == nil {
			p = n
		}
		return p, err
	})
	if err != nil {
		return c, c, &BuildError{"store", err}
	}
	before, after = c, c
	before.Store, after.Store = "", ""
	before.Loaded = append(append([]*lists.List(nil), c.Loaded...), prev...)
	after.Loaded = append(append([]*lists.List(nil), c.Loaded...), newest...)
	return before, after, nil
}

// either returns the value of an input given as a file or as a value (has
// says whether it is): the file read with load, the value as is, the zero
// value for neither, an error for both.
func either[T any](what, file string, value T, has bool, load func(string) (T, error)) (T, error) {
	var zero T
	switch {
	case file != "" && has:
		return zero, &BuildError{what, fmt.Errorf("%w: given both as a file and as a value", ErrConfig)}
	case file != "":
		v, err := load(file)
		if err != nil {
			return zero, &BuildError{what, err}
		}
		return v, nil
	}
	return value, nil
}

// Lists reports the list releases the Checker screens against, one per
// list (a history counts once, under its newest release), in the order
// given.
func (c *Checker) Lists() []ListInfo {
	if c == nil {
		return []ListInfo{}
	}
	return c.listInfo()
}

// Live returns a Live serving the Checker that c builds; its Reload builds
// c again (reading every file anew) and swaps the result in.
func (c Config) Live() (*Live, error) {
	chk, err := c.Build()
	if err != nil {
		return nil, err
	}
	l := NewLive(chk)
	l.build = func() (*Checker, error) {
		next, err := c.Build()
		if err != nil {
			return nil, err
		}
		if !c.AcceptShrink {
			if err := shrunk(l.Checker(), next, c.MaxLoss); err != nil {
				return nil, err
			}
		}
		return next, nil
	}
	return l, nil
}

// shrunk refuses next when one of its lists lost more than maxLoss of the
// entries the same list (by release name) had in prev.
func shrunk(prev, next *Checker, maxLoss float64) error {
	if maxLoss == 0 {
		maxLoss = lists.DefaultMaxLoss
	}
	old := map[string]*lists.List{}
	for _, l := range prev.set.Lists() {
		old[l.Release.Name] = l
	}
	var errs []error
	for _, l := range next.set.Lists() {
		if p := old[l.Release.Name]; p != nil {
			if err := lists.CheckShrink(p, l, maxLoss); err != nil {
				errs = append(errs, &BuildError{"list", err})
			}
		}
	}
	return errors.Join(errs...)
}

// Policy returns the policy the Checker applies (the Policy's maps are
// shared: do not modify them).
func (c *Checker) Policy() Policy {
	if c == nil {
		return Policy{}
	}
	return c.policy
}

// Waivers returns the waivers the Checker applies; the slice is the
// caller's.
func (c *Checker) Waivers() []Waiver {
	if c == nil {
		return nil
	}
	return append([]Waiver(nil), c.waivers...)
}
