package main

import (
	"container/list"
	"context"
	"sync"
)

// weighted is a weighted semaphore over the orders, positions and
// holdings in flight: a request holds as many units as items it may
// carry. Waiters are served first come, first served, so that a large
// request is not starved by small ones. It is safe for concurrent use.
type weighted struct {
	size    int64
	mu      sync.Mutex
	cur     int64
	waiters list.List // of *waiter
}

type waiter struct {
	n     int64
	ready chan struct{}
}

func newWeighted(size int64) *weighted { return &weighted{size: size} }

// acquire takes n units (at most the size), waiting until ctx is done.
// It reports whether it took them.
func (s *weighted) acquire(ctx context.Context, n int64) bool {
	if n > s.size {
		n = s.size
	}
	s.mu.Lock()
	if s.size-s.cur >= n && s.waiters.Len() == 0 {
		s.cur += n
		s.mu.Unlock()
		return true
	}
	w := &waiter{n: n, ready: make(chan struct{})}
	e := s.waiters.PushBack(w)
	s.mu.Unlock()
	select {
	case <-w.ready:
		return true
	case <-ctx.Done():
		s.mu.Lock()
		select {
		case <-w.ready: // granted meanwhile: give it back
			s.cur -= n
			s.notify()
		default:
			first := s.waiters.Front() == e
			s.waiters.Remove(e)
			if first {
				s.notify()
			}
		}
		s.mu.Unlock()
		return false
	}
}

// tryAcquire takes n units (at most the size) if they are free and no
// one waits, without waiting; it reports whether it took them.
func (s *weighted) tryAcquire(n int64) bool {
	if n > s.size {
		n = s.size
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.size-s.cur >= n && s.waiters.Len() == 0 {
		s.cur += n
		return true
	}
	return false
}

// release gives back n units.
func (s *weighted) release(n int64) {
	if n > s.size {
		n = s.size
	}
	s.mu.Lock()
	s.cur -= n
	if s.cur < 0 {
		s.mu.Unlock()
		panic("pretrade: semaphore released more than held")
	}
	s.notify()
	s.mu.Unlock()
}

// inUse returns the units held.
func (s *weighted) inUse() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur
}

// notify grants waiters in order while they fit; s.mu is held.
func (s *weighted) notify() {
	for {
		e := s.waiters.Front()
		if e == nil {
			return
		}
		w := e.Value.(*waiter)
		if s.size-s.cur < w.n {
			return
		}
		s.cur += w.n
		s.waiters.Remove(e)
		close(w.ready)
	}
}
