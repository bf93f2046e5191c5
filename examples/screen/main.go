// Command screen screens a portfolio against investment blacklists: the
// main job of investscreen, as a program.
//
//	go run ./examples/screen [-portfolio FILE] [-securities FILE] [-list PATH]... [-as-of YYYY-MM-DD] [-format text|json|csv|html] [-waivers FILE]
//	go run ./examples/screen -orders FILE [-portfolio FILE] ...
//	go run ./examples/screen -store DIR [-changes] ...
//	  [-funds FILE] [-ownership FILE] in either mode
//
// With no flags it screens examples/data/portfolio.csv, resolved through
// examples/data/securities.csv, against the list snapshot embedded in the
// library, as of today (America/New_York). Exit status: 0 when no finding
// is a violation, 1 when one is, 2 on a usage or input error.
//
// With -orders it checks orders before trading (pre-trade mode): each
// order is allowed, warned or blocked on its trade date; the holdings
// given with -portfolio, if that flag is given, are the positions the
// orders act on. Exit status 1 when any order is blocked.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
	_ "time/tzdata" // the New York calendar, on machines without a zone database

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/audit"
	"github.com/investscreen/investscreen/compliance/audit/auditdb"
	"github.com/investscreen/investscreen/compliance/report"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/printable"
	"github.com/investscreen/investscreen/lists"
)

type listFlags []string

func (l *listFlags) String() string     { return strings.Join(*l, ",") }
func (l *listFlags) Set(s string) error { *l = append(*l, s); return nil }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderrRaw io.Writer) int {
	// Messages can quote input (a file name, an excerpt): no control
	// character from it reaches the terminal.
	stderr := printable.NewWriter(stderrRaw)
	defer stderr.Flush()
	fs := flag.NewFlagSet("screen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	portfolio := fs.String("portfolio", "examples/data/portfolio.csv", "holdings CSV `file`")
	securities := fs.String("securities", "examples/data/securities.csv", "security master CSV `file` (ticker/issuer mappings); empty for none")
	var listPaths listFlags
	fs.Var(&listPaths, "list", "list `file` of any supported format, detected (FORMAT:PATH forces one), or an OFAC legacy CSV directory; PATH@YYYY-MM-DD gives its release date; dated releases of one list make a history (repeatable; default: the embedded snapshot)")
	asOf := fs.String("as-of", "", "evaluation `date`, YYYY-MM-DD (default: today in New York)")
	format := fs.String("format", "text", "output format: text, json, csv or html (csv and html: portfolio screening only)")
	ordersPath := fs.String("orders", "", "orders CSV `file`: check orders before trading instead of screening a portfolio")
	waiversPath := fs.String("waivers", "", "waivers CSV `file` (rule, account, security, reason, approver, expires)")
	fundsPath := fs.String("funds", "", "fund constituents CSV `file` (fund, constituent, weight in percent)")
	ownershipPath := fs.String("ownership", "", "ownership CSV `file` (owner, owned, percent; issuer names or LEIs)")
	maxLoss := fs.Float64("max-loss", 0, "share (0..1) of a list's entries a newer release may lose against the one before; 0 for the library's default (lists.DefaultMaxLoss)")
	acceptShrink := fs.Bool("accept-shrink", false, "accept list releases that lose more than -max-loss of their entries (you have checked the loss)")
	store := fs.String("store", "", "release store `directory` (built by examples/update): screen against the histories of its sources instead of the embedded snapshot")
	logDSN := fs.String("log", defaultLog(), "decision log `DSN` the run is recorded in before its report is written: sqlite:PATH or postgres://..., or off to record nothing (default: $INVESTSCREEN_LOG, else "+auditdb.DefaultDSN+")")
	changes := fs.Bool("changes", false, "with -store: print only the holdings whose findings changed between the store's newest release and the one before (exit 1 when an added finding is a violation)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "screen: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *changes && (*store == "" || *ordersPath != "") {
		fmt.Fprintln(stderr, "screen: -changes needs -store, and screens a portfolio (not -orders)")
		return 2
	}
	if *format != "text" && *format != "json" && (*ordersPath != "" || *changes || *format != "csv" && *format != "html") {
		fmt.Fprintf(stderr, "screen: -format: %q: want text or json, or csv or html when screening a portfolio (not with -orders)\n", *format)
		return 2
	}
	date, err := evalDate(*asOf)
	if err != nil {
		fmt.Fprintf(stderr, "screen: -as-of: %v\n", err)
		return 2
	}
	cfg := compliance.Config{Lists: listPaths, SecuritiesFile: *securities, FundsFile: *fundsPath,
		OwnershipFile: *ownershipPath, WaiversFile: *waiversPath, MaxLoss: *maxLoss, AcceptShrink: *acceptShrink, Store: *store}
	if *changes {
		return runChanges(cfg, *portfolio, date, *format, stdout, stderr)
	}
	if len(listPaths) == 0 && *store == "" {
		l, err := lists.Embedded()
		if err != nil {
			fmt.Fprintf(stderr, "screen: embedded list: %v\n", err)
			return 2
		}
		cfg.Loaded = []*lists.List{l}
	}
	if *ordersPath == "" {
		tightHeap() // the streamed screen's peak of memory is the build
	}
	chk, err := cfg.Build()
	if err != nil {
		fmt.Fprintf(stderr, "screen: %s\n", buildError(err))
		return 2
	}
	if *ordersPath == "" {
		return screenPortfolio(chk, *portfolio, date, *format, *logDSN, stdout, stderr)
	}
	portfolioGiven := false
	fs.Visit(func(f *flag.Flag) { portfolioGiven = portfolioGiven || f.Name == "portfolio" })
	var book *holdings.Portfolio
	if portfolioGiven {
		if book, err = holdings.LoadPortfolio(*portfolio); err != nil {
			fmt.Fprintf(stderr, "screen: -portfolio: %v\n", err)
			return 2
		}
	}
	orders, err := compliance.LoadOrders(*ordersPath)
	if err != nil {
		fmt.Fprintf(stderr, "screen: -orders: %v\n", err)
		return 2
	}
	rep := chk.CheckOrders(orders, book)
	body, err := os.ReadFile(*ordersPath)
	if err != nil {
		fmt.Fprintf(stderr, "screen: -orders: %v\n", err)
		return 2
	}
	if err := record(*logDSN, body, "", chk, func(l *audit.Log, src audit.Source) error {
		_, err := l.RecordOrders(context.Background(), src, rep, orders)
		return err
	}); err != nil {
		fmt.Fprintf(stderr, "screen: -log: %v\n", err)
		return 2
	}
	if *format == "json" {
		err = report.WriteJSON(stdout, rep)
	} else {
		err = report.WriteOrdersText(stdout, *ordersPath, rep)
	}
	if err != nil {
		fmt.Fprintf(stderr, "screen: %v\n", err)
		return 2
	}
	if rep.Decision == compliance.Block {
		return 1
	}
	return 0
}

// screenPortfolio screens the book at path as it is read (the streamed
// screen: memory bounded by the lists and the master, not the book),
// spooling the report; records the run in the decision log at dsn
// (unless "off"), the input's digest computed as it was read; and only
// then prints the report. An input error anywhere in the book prints no
// report and exits 2.
func screenPortfolio(chk *compliance.Checker, path string, date holdings.Date, format, dsn string, stdout, stderr io.Writer) int {
	boundHeap()
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(stderr, "screen: -portfolio: %v\n", err)
		return 2
	}
	defer f.Close()
	digest := sha256.New()
	in := io.TeeReader(f, digest)
	rs, err := report.NewStream(format, path, "")
	if err != nil {
		fmt.Fprintf(stderr, "screen: %v\n", err)
		return 2
	}
	defer rs.Close()
	logOn := dsn != logOff
	tally := audit.NewPortfolioTally(0)
	var emitErr error
	sum, err := chk.ScreenCSV(in, path, date, compliance.StreamOptions{RefuseLaterLots: true}, func(e compliance.Event) error {
		if logOn {
			if err := tally.Add(e); err != nil {
				emitErr = err
				return err
			}
		}
		if err := rs.Add(e); err != nil {
			emitErr = err
			return err
		}
		return nil
	})
	switch {
	case err != nil && emitErr != nil:
		fmt.Fprintf(stderr, "screen: %v\n", err)
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "screen: -portfolio: %v\n", err)
		return 2
	}
	if _, err := io.Copy(io.Discard, in); err != nil { // the digest covers the whole file
		fmt.Fprintf(stderr, "screen: -portfolio: %v\n", err)
		return 2
	}
	if !logOn {
		if err := rs.Finish(stdout, sum); err != nil {
			fmt.Fprintf(stderr, "screen: %v\n", err)
			return 2
		}
	} else {
		spool, err := os.CreateTemp("", "investscreen-spool-*")
		if err != nil {
			fmt.Fprintf(stderr, "screen: %v\n", err)
			return 2
		}
		defer os.Remove(spool.Name())
		defer spool.Close()
		printed := sha256.New()
		n := &countWriter{}
		if err := rs.Finish(io.MultiWriter(spool, printed, n), sum); err != nil {
			fmt.Fprintf(stderr, "screen: %v\n", err)
			return 2
		}
		out := audit.Printed{Format: format, SHA256: hex.EncodeToString(printed.Sum(nil)), Bytes: n.n}
		if err := record(dsn, nil, hex.EncodeToString(digest.Sum(nil)), chk, func(l *audit.Log, src audit.Source) error {
			_, err := l.RecordStreamedPortfolio(context.Background(), src, sum, tally, out)
			return err
		}); err != nil {
			fmt.Fprintf(stderr, "screen: -log: %v\n", err)
			return 2
		}
		_, err = spool.Seek(0, io.SeekStart)
		if err == nil {
			_, err = io.Copy(stdout, spool)
		}
		if err != nil { // a report not written in full is not a report
			fmt.Fprintf(stderr, "screen: %v\n", err)
			return 2
		}
	}
	if sum.HasViolation() {
		return 1
	}
	return 0
}

// heapHeadroom is how far past what it holds once the checker is built
// the program lets its heap grow while it streams a book.
const heapHeadroom = 48 << 20

// tightHeap has the collector run at half the default growth (GOGC 50)
// while the lists and the master are loaded and indexed, which is
// otherwise the peak of a streamed screen's memory, unless GOGC or
// GOMEMLIMIT is set; boundHeap restores the default once they are built.
func tightHeap() {
	if os.Getenv("GOMEMLIMIT") == "" && os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
}

// boundHeap restores the default GOGC and sets a soft memory limit
// (runtime/debug.SetMemoryLimit) of the live heap (the lists, the master
// and the checker) plus heapHeadroom, unless GOMEMLIMIT or GOGC is set:
// the garbage of a streamed book is then collected before the heap
// doubles (the GOGC default), which would double the program's memory
// for nothing it keeps. A checker larger than the limit only makes the
// collector run more often.
func boundHeap() {
	if os.Getenv("GOMEMLIMIT") != "" || os.Getenv("GOGC") != "" {
		return
	}
	debug.SetGCPercent(100)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	debug.SetMemoryLimit(int64(ms.HeapAlloc) + heapHeadroom)
}

// logOff is the -log value that records nothing.
const logOff = "off"

// countWriter counts the bytes written to it.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// runChanges screens the book under the store's newest release and the
// one before, and prints the holdings whose findings changed.
func runChanges(cfg compliance.Config, portfolio string, date holdings.Date, format string, stdout, stderr io.Writer) int {
	before, after, err := cfg.LastChange()
	if err != nil {
		fmt.Fprintf(stderr, "screen: %s\n", buildError(err))
		return 2
	}
	bc, err := before.Build()
	if err != nil {
		fmt.Fprintf(stderr, "screen: %s\n", buildError(err))
		return 2
	}
	ac, err := after.Build()
	if err != nil {
		fmt.Fprintf(stderr, "screen: %s\n", buildError(err))
		return 2
	}
	book, err := holdings.LoadPortfolio(portfolio)
	if err == nil {
		err = book.CheckAcquired(date)
	}
	if err != nil {
		fmt.Fprintf(stderr, "screen: -portfolio: %v\n", err)
		return 2
	}
	rep, err := ac.Changes(bc, book, date)
	if err == nil {
		if format == "json" {
			err = report.WriteJSON(stdout, rep)
		} else {
			err = report.WriteChangesText(stdout, portfolio, rep)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "screen: %v\n", err)
		return 2
	}
	if rep.HasViolation() {
		return 1
	}
	return 0
}

// record writes the run to the decision log at dsn before any report is
// written: the actor is the OS user, the request the input file's bytes
// (body), or their SHA-256 when the file was hashed as it was read
// (requestDigest). With dsn "off" it records nothing.
func record(dsn string, body []byte, requestDigest string, chk *compliance.Checker, write func(*audit.Log, audit.Source) error) error {
	if dsn == logOff {
		return nil
	}
	ctx := context.Background()
	l, err := auditdb.Open(ctx, dsn, audit.Options{})
	if err != nil {
		return err
	}
	defer l.Close()
	p := chk.Policy()
	digest, err := audit.PolicyDigest(&p, chk.Waivers())
	if err != nil {
		return err
	}
	if err := write(l, audit.Source{Actor: osUser(), Request: body, RequestDigest: requestDigest, Policy: digest}); err != nil {
		return err
	}
	return l.Close()
}

// osUser names who runs the program, for the decision log.
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}

// defaultLog is the decision log used when -log is not given:
// $INVESTSCREEN_LOG, else auditdb.DefaultDSN (a SQLite file in the working
// directory).
func defaultLog() string {
	if v := os.Getenv("INVESTSCREEN_LOG"); v != "" {
		return v
	}
	return auditdb.DefaultDSN
}

// buildError names the flag of the input a Config.Build error is about.
func buildError(err error) string {
	var be *compliance.BuildError
	if errors.As(err, &be) {
		return "-" + be.Input + ": " + be.Err.Error()
	}
	return err.Error()
}

func evalDate(s string) (holdings.Date, error) {
	if s != "" {
		d, err := holdings.ParseDate(s)
		if err != nil {
			return d, err
		}
		return d, holdings.CheckDateWindow(d, holdings.TodayNY())
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		return holdings.Date{}, errors.New("no time zone data for America/New_York; give -as-of")
	}
	return holdings.Today(ny), nil
}
