package compliance

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/investscreen/investscreen/holdings"
)

// Event is what a streamed screen reports of one holding: its findings,
// ordered as in a Report (by list, entry id and rule), and, when it could
// not be resolved in full, why. Holdings with neither are not reported.
type Event struct {
	// Line is the holding's line in its file.
	Line int
	// Findings are the holding's findings; nil for none.
	Findings []Finding
	// Unresolved is set when the holding could not be resolved in full.
	Unresolved *Unresolved
}

// Summary sums up a streamed screen: a Report's fields but the findings
// and the unresolved holdings themselves, which were reported as Events.
// It is bounded by the accounts and the rules, not by the book.
type Summary struct {
	// AsOf, Lists, Warnings, Holdings, Counts, Rules and Regimes are as
	// in Report.
	AsOf     holdings.Date
	Lists    []ListInfo
	Warnings []string
	Holdings int
	Counts   Counts
	Rules    []RuleInfo
	Regimes  []AccountRegimes
	// FailingUnresolved counts the unresolved holdings of severity
	// Violation that are not waived.
	FailingUnresolved int
}

// HasViolation reports whether the screen fails, as Report.HasViolation:
// a finding, or an unresolved holding, of severity Violation that is not
// waived.
func (s *Summary) HasViolation() bool { return s.Counts.Violations > 0 || s.FailingUnresolved > 0 }

// Head returns a Report holding s and no findings or unresolved holdings
// (empty, not nil, lists): the header and footer a report writer shows
// around the streamed events. Its own HasViolation does not know of the
// unresolved holdings: ask s.
func (s *Summary) Head() *Report {
	return &Report{AsOf: s.AsOf, Lists: s.Lists, Warnings: s.Warnings, Holdings: s.Holdings, Violations: []Finding{},
		Unresolved: []Unresolved{}, Counts: s.Counts, Rules: s.Rules, Regimes: s.Regimes}
}

// HoldingSource gives holdings one at a time, in input order, as
// *holdings.HoldingReader does: Next returns io.EOF when there are no
// more, and Err then returns the input's errors, nil when it was read in
// full. Next may skip bad rows (Err keeps them).
type HoldingSource interface {
	Next(*holdings.Holding) error
	Err() error
}

// StreamOptions configure a streamed screen. The zero value screens like
// CheckPortfolio.
type StreamOptions struct {
	// Limits bound the CSV file ScreenCSV reads.
	Limits holdings.Limits
	// RefuseLaterLots makes a lot acquired after the evaluation date an
	// input error, as holdings.Portfolio.CheckAcquired does, instead of
	// an unresolved holding.
	RefuseLaterLots bool
	// Workers is how many goroutines check holdings; 0 for GOMAXPROCS.
	Workers int
}

// ScreenCSV screens the holdings CSV book read from r (file names it in
// errors; the format of holdings.ReadPortfolio) as of asOf, and calls
// emit with an Event for every holding with a finding or unresolved, in
// input order, as it goes; see Screen.
func (c *Checker) ScreenCSV(r io.Reader, file string, asOf holdings.Date, opt StreamOptions, emit func(Event) error) (*Summary, error) {
	hr, err := opt.Limits.NewHoldingReader(r, file)
	if err != nil {
		return nil, err
	}
	defer hr.ReadAhead()() // the bytes' checks off the parse goroutine, the pipeline's serial stage
	return c.Screen(hr, asOf, opt, emit)
}

// streamBatch is how many holdings go to a worker at a time.
const streamBatch = 256

// Screen screens the holdings src gives as of asOf and calls emit with an
// Event for every holding with a finding or unresolved, in input order,
// as it goes; it returns the Summary once src is read in full. The
// events and the Summary are those of CheckPortfolio on the same
// holdings (one finding for another, in the same order, for holdings on
// lines in ascending order, as every file gives them). Holdings are
// parsed on one goroutine and checked on opt.Workers others in batches;
// memory is bounded by the Checker and by the accounts and rules of the
// Summary, not by the number of holdings: nothing of a holding is kept
// once its event is emitted.
//
// Input errors: at the first bad row (or, under opt.RefuseLaterLots, a
// lot acquired after asOf), no event is emitted for it or any later
// holding, src is read on to gather every error (up to the 50 of
// holdings.ReadPortfolio), and Screen returns them with a nil Summary.
// The events already emitted, of the holdings before the bad row, are
// then not a screen of the book: the caller must discard them (the
// command line spools its report and prints none). An error emit returns
// stops the screen and is returned as it is; a nil emit drops the events
// (the Summary alone). emit is called on the goroutine that called Screen.
// Screen is safe for concurrent use; src is read on one goroutine.
func (c *Checker) Screen(src HoldingSource, asOf holdings.Date, opt StreamOptions, emit func(Event) error) (*Summary, error) {
	if c == nil {
		c = New(nil, nil)
	}
	if emit == nil {
		emit = func(Event) error { return nil }
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	s := &streamer{c: c, asOf: asOf, opt: opt, src: src,
		work: make(chan *screenBatch, workers), done: make(chan *screenBatch, workers), stop: make(chan struct{}),
		free: make(chan *screenBatch, 3*workers+2)}
	go s.parse()
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.check()
		}()
	}
	go func() {
		wg.Wait()
		close(s.done)
	}()
	sum := &Summary{AsOf: asOf, Lists: c.listInfo(), Warnings: c.staleness(asOf)}
	applied := map[accountRegimes]bool{}
	fired := map[string]bool{}
	pending := map[int]*screenBatch{}
	next := 0
	var emitErr error
	for b := range s.done {
		if emitErr != nil {
			continue // draining after a stop
		}
		pending[b.seq] = b
		for {
			b, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			sum.Holdings += b.n
			sum.Counts.Flagged += b.flagged
			for _, ar := range b.regimes {
				applied[ar] = true
			}
			for i := range b.events {
				e := &b.events[i]
				for j := range e.Findings {
					f := &e.Findings[j]
					fired[f.Rule] = true
					switch {
					case f.Waived:
						sum.Counts.Waived++
					case f.Severity == Violation:
						sum.Counts.Violations++
					default:
						sum.Counts.Warnings++
					}
				}
				if u := e.Unresolved; u != nil {
					sum.Counts.Unresolved++
					if u.Severity == Violation && !u.Waived {
						sum.FailingUnresolved++
					}
				}
				if emitErr == nil {
					if emitErr = emit(*e); emitErr != nil {
						close(s.stop)
					}
				}
			}
			s.recycle(b)
			if emitErr != nil {
				break
			}
		}
	}
	if emitErr != nil {
		return nil, emitErr
	}
	if s.err != nil { // written by parse before it closed work
		return nil, s.err
	}
	sum.Counts.Holdings = sum.Holdings
	uniq := make([]accountRegimes, 0, len(applied))
	for ar := range applied {
		uniq = append(uniq, ar)
	}
	sum.Regimes = regimesApplied(uniq)
	rules := make([]Finding, 0, len(fired))
	for id := range fired {
		rules = append(rules, Finding{Rule: id})
	}
	sum.Rules = c.firedRules(rules)
	return sum, nil
}

// streamer is one streamed screen's pipeline: parse sends batches of
// holdings on work, check turns each into events on done, and Screen
// puts them back in order (by seq) and emits them. Batches are reused
// through free, so that their number, and the memory, stays bounded by
// the channels.
type streamer struct {
	c    *Checker
	asOf holdings.Date
	opt  StreamOptions
	src  HoldingSource
	work chan *screenBatch
	done chan *screenBatch
	stop chan struct{} // closed when emit fails
	free chan *screenBatch
	err  error // the input's errors; written by parse before it closes work
}

// screenBatch is a batch of holdings and, once checked, their events.
type screenBatch struct {
	seq     int
	hs      []holdings.Holding
	n       int
	events  []Event
	regimes []accountRegimes
	flagged int
}

func (s *streamer) batch() *screenBatch {
	select {
	case b := <-s.free:
		return b
	default:
		return &screenBatch{hs: make([]holdings.Holding, streamBatch)}
	}
}

// recycle returns b, emitted, for reuse. Its events' findings have been
// passed to emit, which may keep them: they are not reused.
func (s *streamer) recycle(b *screenBatch) {
	b.events, b.regimes = b.events[:0], b.regimes[:0]
	b.flagged, b.n = 0, 0
	select {
	case s.free <- b:
	default:
	}
}

// parse reads the holdings into batches. At the first input error it
// sends no more, and reads on only to gather the errors.
func (s *streamer) parse() {
	defer close(s.work)
	var late []error // lots acquired after asOf, under RefuseLaterLots
	seq := 0
	b := s.batch()
	failed := false
	for {
		h := &b.hs[b.n]
		err := s.src.Next(h)
		if err == io.EOF {
			break
		}
		if err != nil { // a source that does not skip bad rows
			s.err = err
			return
		}
		if s.opt.RefuseLaterLots && !h.Acquired.IsZero() && h.Acquired.After(s.asOf) && len(late) < 50 {
			late = append(late, &holdings.ParseError{File: fileOf(s.src), Line: h.Line, Field: "acquired",
				Err: fmt.Errorf("%w: %w: after the evaluation date %s", holdings.ErrInput, holdings.ErrDate, s.asOf)})
			failed = true
		}
		if failed || s.src.Err() != nil {
			failed = true
			continue // nothing from here on is screened
		}
		b.n++
		if b.n == len(b.hs) {
			b.seq, seq = seq, seq+1
			select {
			case s.work <- b:
			case <-s.stop:
				return
			}
			b = s.batch()
		}
	}
	if err := s.src.Err(); err != nil {
		s.err = err
		return
	}
	if len(late) > 0 {
		s.err = errors.Join(late...)
		return
	}
	if b.n > 0 {
		b.seq = seq
		select {
		case s.work <- b:
		case <-s.stop:
		}
	}
}

// fileOf names the file of src in errors, if src knows it.
func fileOf(src HoldingSource) string {
	if f, ok := src.(interface{ File() string }); ok {
		return f.File()
	}
	return ""
}

// check screens the batches from work.
func (s *streamer) check() {
	for b := range s.work {
		for i := 0; i < b.n; i++ {
			h := &b.hs[i]
			o := s.c.screenHolding(h, s.asOf)
			if o.hit {
				b.regimes = append(b.regimes, o.regimes)
			}
			if len(o.findings) > 0 {
				b.flagged++
			}
			if len(o.findings) > 0 || o.unresolved != nil {
				b.events = append(b.events, Event{Line: h.Line, Findings: o.findings, Unresolved: o.unresolved})
			}
		}
		s.done <- b
	}
}
