package source

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Refresher keeps a store fresh: on a timer (Run) and on demand
// (Refresh), fetching its sources with its Fetcher. It is what a service
// needs for "-store DIR -refresh 6h": a failed source keeps its old
// releases and is reported in Status, and refreshes asked for while one
// runs wait for it and share its result.
//
// Set the fields before the first call and do not change them after; a
// Refresher is then safe for concurrent use.
type Refresher struct {
	// Fetcher fetches the sources (nil: a zero Fetcher, the defaults).
	Fetcher *Fetcher
	// Store is the store to keep fresh.
	Store *Store
	// Sources are fetched in this order at each refresh.
	Sources []Source
	// Every is the time between two refreshes of Run (0: 6 hours).
	Every time.Duration
	// OnChange, if set, is called after a refresh that stored at least
	// one new release, with every source's Outcome, before the refresh
	// returns: typically to read Store.Histories and swap the lists in
	// service. Its error is the refresh's (see Refresh) and is reported in
	// Status until a later refresh's OnChange succeeds.
	OnChange func(ctx context.Context, outs []Outcome) error

	mu      sync.Mutex
	running *refreshRun
	status  map[string]*SourceStatus
	change  error // the last OnChange error, nil once one succeeds
}

type refreshRun struct {
	done chan struct{}
	outs []Outcome
	err  error
}

// SourceStatus is what a Refresher knows of one source.
type SourceStatus struct {
	// Source is the source's name.
	Source string
	// Release is the newest stored release (nil if none).
	Release *Release
	// LastAttempt is when the last refresh of the source began (zero
	// before the first); LastSuccess when the last one that ended New or
	// Unchanged began.
	LastAttempt, LastSuccess time.Time
	// LastError is the error of the last refresh, nil if it succeeded.
	LastError error
}

// DefaultRefresh is the time between refreshes when Refresher.Every is 0.
const DefaultRefresh = 6 * time.Hour

// Refresh fetches every source now, unless a refresh is already running:
// then it waits for that one and returns its result. It returns each
// source's Outcome and the error of OnChange, if it was called and
// failed. A cancelled ctx stops the wait (with ctx's error), not a
// refresh another caller started.
func (r *Refresher) Refresh(ctx context.Context) ([]Outcome, error) {
	return r.wait(ctx, r.start(context.WithoutCancel(ctx)))
}

// start returns the running refresh, or starts one under runCtx.
func (r *Refresher) start(runCtx context.Context) *refreshRun {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running == nil {
		r.running = &refreshRun{done: make(chan struct{})}
		go r.refresh(runCtx, r.running)
	}
	return r.running
}

func (r *Refresher) wait(ctx context.Context, run *refreshRun) ([]Outcome, error) {
	select {
	case <-run.done:
		return append([]Outcome(nil), run.outs...), run.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (r *Refresher) refresh(ctx context.Context, run *refreshRun) {
	defer func() {
		r.mu.Lock()
		r.running = nil
		r.mu.Unlock()
		close(run.done)
	}()
	f := r.Fetcher
	if f == nil {
		f = &Fetcher{}
	}
	start := time.Now()
	run.outs = f.FetchAll(ctx, r.Store, r.Sources...)
	kept := map[string]*Release{} // the releases a failed source keeps
	for _, o := range run.outs {
		if o.Err != nil {
			kept[o.Source], _ = r.Store.Newest(o.Source)
		}
	}
	changed := false
	r.mu.Lock()
	if r.status == nil {
		r.status = map[string]*SourceStatus{}
	}
	for _, o := range run.outs {
		s := r.status[o.Source]
		if s == nil {
			s = &SourceStatus{Source: o.Source}
			r.status[o.Source] = s
		}
		s.LastAttempt, s.LastError = start, o.Err
		if o.Err != nil {
			s.Release = kept[o.Source]
		} else {
			s.LastSuccess, s.Release = start, o.Result.Release
			changed = changed || o.Result.Status == New
		}
	}
	r.mu.Unlock()
	if changed && r.OnChange != nil {
		run.err = r.OnChange(ctx, run.outs)
		r.mu.Lock()
		r.change = run.err
		r.mu.Unlock()
	}
}

// Run refreshes at once and then every Every until ctx is done, and
// returns ctx's error. Errors of a refresh are in Status (and OnChange's
// in ChangeError); they do not stop Run.
func (r *Refresher) Run(ctx context.Context) error {
	every := r.Every
	if every <= 0 {
		every = DefaultRefresh
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		r.wait(ctx, r.start(ctx)) // a refresh Run starts ends with Run
		if ctx.Err() != nil {
			return ctx.Err()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Status returns what the Refresher knows of each of its sources, in
// Sources order. Before a source's first refresh its Release is the
// newest stored one (read from the store) and LastAttempt is zero. The
// values are copies.
func (r *Refresher) Status() ([]SourceStatus, error) {
	out := make([]SourceStatus, 0, len(r.Sources))
	var errs []error
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, src := range r.Sources {
		if s := r.status[src.Name]; s != nil {
			out = append(out, *s)
			continue
		}
		n, err := r.Store.Newest(src.Name)
		errs = append(errs, err)
		out = append(out, SourceStatus{Source: src.Name, Release: n})
	}
	return out, errors.Join(errs...)
}

// ChangeError returns the error of the last OnChange call, nil if it
// succeeded or was never called: the lists in service are then older
// than the store's.
func (r *Refresher) ChangeError() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.change
}
