package compliance

import (
	"errors"
	"sync"
	"sync/atomic"
)

// Live holds the Checker in service and replaces it atomically: checks
// running while an update lands finish on the Checker they started with,
// so every answer comes from one whole set of lists. A failed update keeps
// the old Checker in service. Live is safe for concurrent use; its zero
// value holds no Checker (Checker returns nil, which screens against no
// lists) and cannot Reload.
type Live struct {
	p     atomic.Pointer[Checker]
	build func() (*Checker, error) // what Reload builds; nil for none
	mu    sync.Mutex               // one update at a time
	fmu   sync.Mutex               // guards cur
	cur   *flight                  // the reload in progress, if any
}

// NewLive returns a Live serving c. Its Reload has nothing to build: use
// Config.Live for a Live that reloads.
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
// nor an error, and by Reload on a Live that has nothing to build.
var ErrNoChecker = errors.New("update built no checker")

// Update builds a new Checker with build and puts it in service. Updates
// are serialised: Update holds the Live's own lock while build runs, so
// the last Update to start is the last to land. If build fails, Update
// returns its error and the old Checker stays in service.
func (l *Live) Update(build func() (*Checker, error)) error {
	l.mu.Lock()
	defer l.mu.Unlock()
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

// flight is a reload in progress, which the callers that arrive while it
// runs wait for and share.
type flight struct {
	done    chan struct{}
	waiting atomic.Int32 // callers waiting for it
	chk     *Checker
	err     error
}

// Reload builds the Live's Config again (every file read anew) and puts
// the result in service. Reloads are coalesced: one runs at a time, and
// callers that arrive while one runs wait for it and share its result
// (the Checker in service after it, and its error). A failed reload keeps
// the old Checker in service and returns it with the error.
func (l *Live) Reload() (*Checker, error) {
	if l.build == nil {
		return l.Checker(), ErrNoChecker
	}
	l.fmu.Lock()
	if f := l.cur; f != nil {
		f.waiting.Add(1)
		l.fmu.Unlock()
		<-f.done
		return f.chk, f.err
	}
	f := &flight{done: make(chan struct{}), err: ErrNoChecker}
	l.cur = f
	l.fmu.Unlock()
	defer func() { // even if build panics, the waiters are released
		f.chk = l.Checker()
		l.fmu.Lock()
		l.cur = nil
		l.fmu.Unlock()
		close(f.done)
	}()
	f.err = l.Update(l.build)
	return l.Checker(), f.err
}
