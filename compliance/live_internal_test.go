package compliance

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestReloadCoalesced: callers that arrive while a reload runs wait for
// it and share its result; the build runs once for all of them.
func TestReloadCoalesced(t *testing.T) {
	old, next := New(nil, nil), New(nil, nil)
	l := NewLive(old)
	var calls atomic.Int32
	started, release := make(chan struct{}), make(chan struct{})
	l.build = func() (*Checker, error) {
		if calls.Add(1) == 1 {
			close(started)
		}
		<-release
		return next, nil
	}
	var wg sync.WaitGroup
	got := make([]*Checker, 8)
	reload := func(i int) {
		defer wg.Done()
		c, err := l.Reload()
		if err != nil {
			t.Error(err)
		}
		got[i] = c
	}
	wg.Add(len(got))
	go reload(0)
	<-started
	for i := 1; i < len(got); i++ {
		go reload(i)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		l.fmu.Lock()
		n := l.cur.waiting.Load()
		l.fmu.Unlock()
		if n == int32(len(got)-1) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d callers waiting, want %d", n, len(got)-1)
		}
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("build ran %d times for %d coalesced reloads, want 1", calls.Load(), len(got))
	}
	for i, c := range got {
		if c != next {
			t.Errorf("caller %d got %p, want the shared result %p", i, c, next)
		}
	}
	if l.Checker() != next {
		t.Error("the reloaded checker is not in service")
	}
}
