package source_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/investscreen/investscreen/lists/source"
)

func TestRefresher(t *testing.T) {
	u := newUpstream(t)
	u.etags = true
	u.serve(t, "/exports/", "testdata/cons-2025-12", true)
	u.fault("/un/consolidated.xml", status(http.StatusBadGateway))
	st, err := source.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	f := quick()
	f.Attempts = 1
	var changes int
	var changeErr error
	r := &source.Refresher{
		Fetcher: f, Store: st,
		Sources: []source.Source{consSource(t, u), singleSource(t, "un", u.srv.URL+"/un/consolidated.xml")},
		OnChange: func(ctx context.Context, outs []source.Outcome) error {
			changes++
			if _, err := st.Histories("ofac-cons"); err != nil {
				return err
			}
			return changeErr
		},
	}
	before, err := r.Status()
	if err != nil || len(before) != 2 || before[0].Release != nil || !before[0].LastAttempt.IsZero() {
		t.Fatalf("status before any refresh: got %+v, %v", before, err)
	}

	outs, err := r.Refresh(context.Background())
	if err != nil || len(outs) != 2 || outs[0].Err != nil || outs[0].Result.Status != source.New || outs[1].Err == nil {
		t.Fatalf("first refresh: got %+v, %v; want ofac-cons new, un failed", outs, err)
	}
	if changes != 1 {
		t.Errorf("got %d OnChange calls, want 1", changes)
	}
	sts, _ := r.Status()
	var se *source.StatusError
	if sts[0].Release == nil || sts[0].Release.Entries != 442 || sts[0].LastError != nil || sts[0].LastSuccess.IsZero() {
		t.Errorf("ofac-cons status: got %+v", sts[0])
	}
	if sts[1].Release != nil || !errors.As(sts[1].LastError, &se) || se.Code != http.StatusBadGateway || !sts[1].LastSuccess.IsZero() {
		t.Errorf("un status: got %+v, want its 502", sts[1])
	}

	// Nothing new: no OnChange.
	if _, err := r.Refresh(context.Background()); err != nil || changes != 1 {
		t.Errorf("unchanged refresh: got %v and %d OnChange calls, want none more", err, changes)
	}

	// A new release whose OnChange fails is reported until one succeeds.
	u.set("/un/consolidated.xml", readFile(t, "testdata/un/consolidated.xml"))
	u.fault("/un/consolidated.xml", nil)
	changeErr = errors.New("checker build failed")
	if _, err := r.Refresh(context.Background()); !errors.Is(err, changeErr) || !errors.Is(r.ChangeError(), changeErr) {
		t.Errorf("failing OnChange: got %v and ChangeError %v", err, r.ChangeError())
	}
	sts, _ = r.Status()
	if sts[1].Release == nil || sts[1].LastError != nil {
		t.Errorf("un status after its release: got %+v", sts[1])
	}

	// A source that fails keeps its release in the status.
	unRelease := sts[1].Release.ID
	u.fault("/un/consolidated.xml", status(http.StatusInternalServerError))
	r.Refresh(context.Background())
	sts, _ = r.Status()
	if sts[1].Release == nil || sts[1].Release.ID != unRelease || sts[1].LastError == nil {
		t.Errorf("un status after a failure: got %+v, want release %s and the error", sts[1], unRelease)
	}
}

// TestRefresherCoalesces: refreshes asked for while one runs share it.
func TestRefresherCoalesces(t *testing.T) {
	u := newUpstream(t)
	u.serve(t, "/exports/", "testdata/cons-2025-12", true)
	release := make(chan struct{})
	prim := readFile(t, "testdata/cons-2025-12/cons_prim.csv")
	u.fault("/exports/CONS_PRIM.CSV", func(w http.ResponseWriter, r *http.Request, _ []byte) {
		<-release
		w.Write(prim)
	})
	st, err := source.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r := &source.Refresher{Fetcher: quick(), Store: st, Sources: []source.Source{consSource(t, u)}}
	var wg sync.WaitGroup
	results := make([][]source.Outcome, 5)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i], _ = r.Refresh(context.Background())
		}(i)
	}
	for u.hitsOf("/exports/CONS_PRIM.CSV") == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // let the others arrive while it runs
	close(release)
	wg.Wait()
	if got := u.hitsOf("/exports/CONS_PRIM.CSV"); got != 1 {
		t.Errorf("got %d downloads for 5 concurrent refreshes, want 1", got)
	}
	for i, outs := range results {
		if len(outs) != 1 || outs[0].Err != nil || outs[0].Result.Status != source.New {
			t.Errorf("caller %d: got %+v, want the shared new release", i, outs)
		}
	}

	// A caller whose context ends stops waiting, not the refresh.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Refresh(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller: got %v, want context.Canceled", err)
	}
}

func TestRefresherRun(t *testing.T) {
	u := newUpstream(t)
	u.etags = true
	u.serve(t, "/exports/", "testdata/cons-2025-12", true)
	st, err := source.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var changes atomic.Int32
	r := &source.Refresher{Fetcher: quick(), Store: st, Sources: []source.Source{consSource(t, u)}, Every: 20 * time.Millisecond,
		OnChange: func(context.Context, []source.Outcome) error { changes.Add(1); return nil }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- r.Run(ctx) }()
	for u.hitsOf("/exports/CONS_PRIM.CSV") < 3 {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run: got %v, want context.Canceled", err)
	}
	if got := changes.Load(); got != 1 {
		t.Errorf("got %d OnChange calls over repeated refreshes of one content, want 1", got)
	}
	if ids := releaseIDs(t, st, "ofac-cons"); len(ids) != 1 {
		t.Errorf("got releases %v, want one", ids)
	}
}
