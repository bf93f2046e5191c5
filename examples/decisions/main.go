// Command decisions reads and maintains the decision log that
// examples/pretrade and examples/screen write (package compliance/audit).
//
//	decisions [-log DSN] verify [-head HASH]...
//	decisions [-log DSN] head
//	decisions [-log DSN] list [-account A] [-entity LIST:ID] [-rule ID] [-decision allow|warn|block]
//	                          [-kind order|portfolio|purge] [-from DATE] [-to DATE] [-limit N] [-cursor C]
//	decisions [-log DSN] rejects [-from DATE] [-to DATE] [-format csv|json]
//	decisions [-log DSN] purge [-before DATE] [-actor NAME]
//
// DSN is sqlite:PATH or postgres://...; the default is
// sqlite:investscreen-decisions.db. verify walks the hash chain: it exits
// 0 when it is intact and 1 naming the first bad record (edited, deleted,
// reordered, or truncated when a head given with -head is missing). head
// prints the newest record's number and hash, to keep elsewhere for a
// later verify -head. list prints one page of records as JSON, the answer
// of GET /v1/decisions ({"decisions": [...], "next": CURSOR}); pass
// -cursor NEXT for the page after. rejects prints the NS-CMIC rejects
// whose OFAC report falls due in the window (default: today to ten
// business days on), as CSV or JSON. purge removes the records older than
// the ten-year retention (or than -before, which may not be later), and
// records who purged.
//
// Exit codes: 0 done; 1 verify found a bad record; 2 usage (bad flags,
// DSN or filter, or a purge inside the retention period); 3 the log could
// not be opened or read.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"time"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/audit"
	"github.com/investscreen/investscreen/compliance/audit/auditdb"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/calendar"
)

// Exit codes.
const (
	exitOK     = 0
	exitBad    = 1
	exitUsage  = 2
	exitFailed = 3
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = "usage: decisions [-log DSN] verify|head|list|rejects|purge [flags]"

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("decisions", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dsn := fs.String("log", auditdb.DefaultDSN, "the decision log: sqlite:PATH or postgres://...")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, usage)
		return exitUsage
	}
	cmd, rest := fs.Arg(0), fs.Args()[1:]
	c := &command{dsn: *dsn, stdout: stdout, stderr: stderr}
	switch cmd {
	case "verify":
		return c.verify(rest)
	case "head":
		return c.head(rest)
	case "list":
		return c.list(rest)
	case "rejects":
		return c.rejects(rest)
	case "purge":
		return c.purge(rest)
	}
	fmt.Fprintf(stderr, "decisions: unknown command %q\n%s\n", cmd, usage)
	return exitUsage
}

type command struct {
	dsn            string
	stdout, stderr io.Writer
}

func (c *command) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("decisions "+name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	return fs
}

// parse parses a subcommand's flags; it takes no arguments.
func (c *command) parse(fs *flag.FlagSet, args []string) bool {
	if err := fs.Parse(args); err != nil {
		return false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return false
	}
	return true
}

// open opens the log, an existing one only: reading or purging a log
// must not create an empty one (that would then verify).
func (c *command) open() (*audit.Log, int) {
	if _, _, err := auditdb.Parse(c.dsn); err != nil {
		fmt.Fprintf(c.stderr, "decisions: -log: %v\n", err)
		return nil, exitUsage
	}
	if path, ok := auditdb.SQLitePath(c.dsn); ok {
		if _, err := os.Stat(path); err != nil {
			fmt.Fprintf(c.stderr, "decisions: no decision log: %v\n", err)
			return nil, exitFailed
		}
	}
	l, err := auditdb.Open(context.Background(), c.dsn, audit.Options{})
	if err != nil {
		fmt.Fprintf(c.stderr, "decisions: %v\n", err)
		return nil, exitFailed
	}
	return l, exitOK
}

type heads []string

func (h *heads) String() string     { return fmt.Sprint(*h) }
func (h *heads) Set(s string) error { *h = append(*h, s); return nil }

func (c *command) verify(args []string) int {
	fs := c.flags("verify")
	var hs heads
	fs.Var(&hs, "head", "a head printed earlier by `decisions head`, which must still be in the chain (repeatable)")
	if !c.parse(fs, args) {
		return exitUsage
	}
	l, code := c.open()
	if l == nil {
		return code
	}
	defer l.Close()
	start := time.Now()
	sum, err := l.Verify(context.Background(), hs...)
	var ce *audit.ChainError
	switch {
	case errors.As(err, &ce):
		fmt.Fprintf(c.stdout, "BAD: %v\n", err)
		return exitBad
	case err != nil:
		fmt.Fprintf(c.stderr, "decisions: verify: %v\n", err)
		return exitFailed
	}
	fmt.Fprintf(c.stdout, "ok: %d records (%d to %d), head %s, verified in %s\n", sum.Records, sum.First, sum.Last, sum.Head, time.Since(start).Round(time.Millisecond))
	return exitOK
}

func (c *command) head(args []string) int {
	if !c.parse(c.flags("head"), args) {
		return exitUsage
	}
	l, code := c.open()
	if l == nil {
		return code
	}
	defer l.Close()
	h, err := l.Head(context.Background())
	if err != nil {
		fmt.Fprintf(c.stderr, "decisions: head: %v\n", err)
		return exitFailed
	}
	fmt.Fprintf(c.stdout, "%d %s\n", h.Seq, h.Hash)
	return exitOK
}

// dateFlag is a YYYY-MM-DD flag.
type dateFlag struct{ d *holdings.Date }

func (f dateFlag) String() string {
	if f.d == nil {
		return ""
	}
	return f.d.String()
}
func (f dateFlag) Set(s string) error {
	d, err := holdings.ParseDate(s)
	if err != nil {
		return err
	}
	*f.d = d
	return nil
}

func (c *command) list(args []string) int {
	fs := c.flags("list")
	var f audit.Filter
	var decision, kind string
	fs.StringVar(&f.Account, "account", "", "the account, exactly")
	fs.StringVar(&f.Entity, "entity", "", "a list entry: LIST:ID, or an ID on any list")
	fs.StringVar(&f.Rule, "rule", "", "a rule id that fired")
	fs.StringVar(&decision, "decision", "", "allow, warn or block")
	fs.StringVar(&kind, "kind", "", "order, portfolio or purge")
	fs.Var(dateFlag{&f.From}, "from", "first trade date, YYYY-MM-DD")
	fs.Var(dateFlag{&f.To}, "to", "last trade date, YYYY-MM-DD")
	fs.IntVar(&f.Limit, "limit", audit.DefaultLimit, "records per page")
	fs.StringVar(&f.Cursor, "cursor", "", "the next cursor of the page before")
	if !c.parse(fs, args) {
		return exitUsage
	}
	f.Decision, f.Kind = compliance.Decision(decision), audit.Kind(kind)
	if err := f.Check(); err != nil {
		fmt.Fprintf(c.stderr, "decisions: list: %v\n", err)
		return exitUsage
	}
	l, code := c.open()
	if l == nil {
		return code
	}
	defer l.Close()
	page, err := l.Query(context.Background(), f)
	if errors.Is(err, audit.ErrQuery) {
		fmt.Fprintf(c.stderr, "decisions: list: %v\n", err)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "decisions: list: %v\n", err)
		return exitFailed
	}
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(page); err != nil {
		fmt.Fprintf(c.stderr, "decisions: list: %v\n", err)
		return exitFailed
	}
	return exitOK
}

func (c *command) rejects(args []string) int {
	fs := c.flags("rejects")
	today := holdings.Today(nil)
	from, to := today, calendar.AddBusinessDays(today, audit.ReportDueDays)
	fs.Var(dateFlag{&from}, "from", "first due date, YYYY-MM-DD (default today, UTC)")
	fs.Var(dateFlag{&to}, "to", "last due date, YYYY-MM-DD (default ten business days after today)")
	format := fs.String("format", "csv", "csv or json")
	if !c.parse(fs, args) {
		return exitUsage
	}
	if *format != "csv" && *format != "json" {
		fmt.Fprintf(c.stderr, "decisions: rejects: -format %q: want csv or json\n", *format)
		return exitUsage
	}
	if to.Before(from) {
		fmt.Fprintln(c.stderr, "decisions: rejects: -to is before -from")
		return exitUsage
	}
	l, code := c.open()
	if l == nil {
		return code
	}
	defer l.Close()
	rs, err := l.Rejects(context.Background(), from, to)
	if err != nil {
		fmt.Fprintf(c.stderr, "decisions: rejects: %v\n", err)
		return exitFailed
	}
	if *format == "json" {
		err = audit.WriteRejectsJSON(c.stdout, from, to, rs)
	} else {
		err = audit.WriteRejectsCSV(c.stdout, rs)
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "decisions: rejects: %v\n", err)
		return exitFailed
	}
	return exitOK
}

func (c *command) purge(args []string) int {
	fs := c.flags("purge")
	var before holdings.Date
	fs.Var(dateFlag{&before}, "before", "remove records older than this date (default: ten years ago; never later)")
	actor := fs.String("actor", osUser(), "who purges, as recorded")
	if !c.parse(fs, args) {
		return exitUsage
	}
	l, code := c.open()
	if l == nil {
		return code
	}
	defer l.Close()
	var cut time.Time
	if !before.IsZero() {
		cut = time.Date(before.Year, before.Month, before.Day, 0, 0, 0, 0, time.UTC)
	}
	res, err := l.Purge(context.Background(), *actor, cut)
	if errors.Is(err, audit.ErrRetention) {
		fmt.Fprintf(c.stderr, "decisions: purge: %v\n", err)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "decisions: purge: %v\n", err)
		return exitFailed
	}
	if res.Removed == 0 {
		fmt.Fprintln(c.stdout, "nothing older than the retention period")
		return exitOK
	}
	fmt.Fprintf(c.stdout, "removed %d records (through %d); purge recorded as %d\n", res.Removed, res.ThroughSeq, res.Seq)
	return exitOK
}

// osUser is the actor of the command line: the OS user.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}
