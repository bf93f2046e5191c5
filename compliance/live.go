package compliance

import (
	"errors"
	"sync/atomic"
)

// Live holds the Checker in service and replaces it atomically: checks
// running while an update lands finish on the Checker they started with,
// so every answer comes from one whole set of lists. A failed update keeps
// the old Checker in service. Live is safe for concurrent use; its zero
// value holds no Checker (Checker returns nil, which screens against no
// lists).
type Live struct {
	p atomic.Pointer[Checker]
}

// NewLive returns a Live serving c.
func NewLive(c *Checker) *Live {
	l := &Live{}
	l.p.Store(c)
	return l
}

// Checker returns the Checker in service. Use the one value for the whole
// of one check (do not call Checker again midway), so that the check sees
// one release of the lists.
func (l *Live) Checker() *Checker { return l.p.Load() }

// ErrNoChecker is returned by Update when build returns neither a Checker
// nor an error.
var ErrNoChecker = errors.New("update built no checker")

// Update builds a new Checker with build (typically: load the lists, build
// a lists.Set, call NewWithOptions) and puts it in service. If build
// fails, Update returns its error and the old Checker stays in service.
// Concurrent Updates are serialised by the caller's build order: the last
// to finish wins.
func (l *Live) Update(build func() (*Checker, error)) error {
	c, err := build()
	if err != nil {
		return err
	}
	if c == nil {
		return ErrNoChecker
	}
	l.p.Store(c)
	return nil
}
