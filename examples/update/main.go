// Command update fetches official sanctions lists into a release store
// (see package lists/source): one folder per source, one sub-folder per
// release, each release verified as a whole list before it is kept.
//
//	go run ./examples/update -store DIR [-source NAME]... [-url NAME=URL]...
//
// Sources: ofac-sdn, ofac-cons, ofac-sdn-advanced, ofac-cons-advanced,
// csl, un (all by default). -url NAME=URL fetches NAME from URL instead
// of its publisher: for a multi-file source (ofac-sdn, ofac-cons) URL is
// the prefix the upstream file names (CONS_PRIM.CSV, ...) are appended to.
//
// For each source it prints one line: the new release (id, entries, and
// entries added, removed and changed against the previous release), or
// "unchanged", or the error. A download that fails or is refused leaves
// the store as it was. On a terminal, a progress line goes to stderr.
//
// Exit status: 0 when every source was fetched or is unchanged, 1 when
// one failed (its old releases are kept), 2 on a usage error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/investscreen/investscreen/lists/source"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := os.Stderr.Stat()
	terminal := err == nil && st.Mode()&os.ModeCharDevice != 0
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, terminal))
}

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func run(ctx context.Context, args []string, stdout, stderr io.Writer, terminal bool) int {
	fs := flag.NewFlagSet("update", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var names, urls multi
	dir := fs.String("store", "", "release store directory (created if missing)")
	fs.Var(&names, "source", "source to fetch, repeatable: "+strings.Join(source.Names(), ", ")+" (default: all)")
	fs.Var(&urls, "url", "NAME=URL: fetch source NAME from URL (for ofac-sdn and ofac-cons, the prefix of the file names), repeatable")
	timeout := fs.Duration("timeout", source.DefaultTimeout, "time limit of one attempt at one file")
	attempts := fs.Int("attempts", source.DefaultAttempts, "attempts per file")
	maxLoss := fs.Float64("max-loss", source.DefaultMaxLoss, "share of the previous release's entries a new release may lose (0..1; 1 accepts any loss)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: update -store DIR [-source NAME]... [-url NAME=URL]...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "update: "+format+"\n", a...)
		fs.Usage()
		return 2
	}
	switch {
	case fs.NArg() > 0:
		return usage("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	case *dir == "":
		return usage("-store DIR is required")
	case *timeout <= 0:
		return usage("-timeout must be positive")
	case *attempts < 1:
		return usage("-attempts must be at least 1")
	case *maxLoss <= 0 || *maxLoss > 1:
		return usage("-max-loss must be above 0 and at most 1")
	}
	srcs, err := source.Select(names, urls)
	if err != nil {
		return usage("-source, -url: %v", err)
	}

	st, err := source.Open(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "update: %s\n", clean(err.Error()))
		return 1
	}
	f := &source.Fetcher{Timeout: *timeout, Attempts: *attempts, MaxLoss: *maxLoss}
	var bar *progressLine
	if terminal {
		bar = &progressLine{w: stderr}
		f.Progress = bar.show
	}
	code := 0
	for _, src := range srcs {
		n := src.Name
		res, err := f.Fetch(ctx, st, src)
		bar.clear()
		if err != nil {
			fmt.Fprintf(stdout, "%s: failed: %s\n", n, clean(strings.TrimPrefix(err.Error(), n+": ")))
			code = 1
			continue
		}
		fmt.Fprintln(stdout, describe(res))
	}
	return code
}

// describe is the line printed for a fetched source.
func describe(res *source.Result) string {
	r := res.Release
	if res.Status == source.Unchanged {
		return fmt.Sprintf("%s: unchanged: release %s, %d entries", res.Source, r.ID, r.Entries)
	}
	s := fmt.Sprintf("%s: new release %s: %d entries", res.Source, r.ID, r.Entries)
	if res.Previous == nil {
		return s + " (first release)"
	}
	c := res.Changes
	return fmt.Sprintf("%s, %d added, %d removed, %d changed against %s", s, len(c.Added), len(c.Removed), len(c.Changed), res.Previous.ID)
}

// progressLine draws one self-overwriting progress line on a terminal,
// at most ten times a second.
type progressLine struct {
	w     io.Writer
	last  time.Time
	drawn bool
}

func (p *progressLine) show(pr source.Progress) {
	now := time.Now()
	if now.Sub(p.last) < 100*time.Millisecond && pr.Done < pr.Files {
		return
	}
	p.last = now
	size := ""
	if pr.Size >= 0 {
		size = " of " + mib(pr.Size)
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s: file %d of %d, %s %s%s", pr.Source, min(pr.Done+1, pr.Files), pr.Files, clean(pr.File), mib(pr.Bytes), size)
	p.drawn = true
}

func (p *progressLine) clear() {
	if p != nil && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// clean escapes control characters, so that nothing a server or a file
// sent can drive the terminal.
func clean(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			fmt.Fprintf(&b, `\x%02x`, r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
