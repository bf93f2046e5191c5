// Command pretrade is a pre-trade compliance service: a JSON API over
// HTTP that checks orders (one, or a basket) and portfolios against the
// investment blacklists, using only the standard library and investscreen.
//
//	go run ./examples/pretrade [-addr 127.0.0.1:8080] [-list PATH]... [-securities FILE]
//	    [-funds FILE] [-ownership FILE] [-waivers FILE]
//
// With no -list it screens against the list snapshot embedded in the
// library; each -list is an OFAC legacy CSV set (its directory or primary
// file). The endpoints:
//
//	POST /v1/orders/check     {"orders": [...], "positions": [...]} -> compliance.OrderReport
//	POST /v1/portfolio/check  {"as_of": "YYYY-MM-DD", "holdings": [...]} -> compliance.Report
//	GET  /v1/lists            the list releases in service
//	POST /v1/lists/reload     read every file again and swap the new lists in
//
// An order is {"account", "isin", "cusip", "sedol", "figi", "ticker",
// "name", "side", "quantity" (a decimal in a string), "trade_date"
// (YYYY-MM-DD), "us_person" (default true), "regimes" ("us", "eu", "uk",
// |-separated; default the policy's)}; "line" in the answer is the
// 1-based index of the order in the request. A position has the order's
// identifiers, "account" and "quantity"; a holding adds "market_value",
// "currency", "acquired" and "regimes". An identifier that does not parse is not an
// error: the order comes back unresolved (and blocked, under the default
// policy). A malformed request is answered 4xx with {"error", "field"};
// the texts never repeat account numbers or quantities.
//
// A request with a body must have no Content-Type or application/json
// (so that an HTML form cannot post to the service); it may be up to 1 MiB
// and hold up to 10,000 orders, positions or holdings (413 beyond).
//
// A reload that fails (a corrupt file) is answered 500 and the lists in
// service stay. Every request is answered from one set of lists, whole,
// even while a reload swaps them.
//
// The service has no authentication: it listens on the loopback
// interface by default and must not be exposed as is. It stops gracefully
// on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // the New York calendar, on machines without a zone database

	"github.com/investscreen/investscreen/compliance"
)

type listFlags []string

func (l *listFlags) String() string     { return strings.Join(*l, ",") }
func (l *listFlags) Set(s string) error { *l = append(*l, s); return nil }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second signal stops the process at once
	}()
	os.Exit(run(ctx, os.Args[1:], os.Stderr))
}

// run serves until ctx is done. It returns the exit status: 0 after a
// graceful shutdown, 1 when serving fails, 2 on a usage or input error.
func run(ctx context.Context, args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("pretrade", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on (host:port)")
	var cfg compliance.Config
	fs.Var((*listFlags)(&cfg.Lists), "list", "list `file` of any supported format, detected (FORMAT:PATH forces one), or an OFAC legacy CSV directory; PATH@YYYY-MM-DD gives its release date; dated releases of one list make a history (repeatable; default: the embedded snapshot)")
	fs.StringVar(&cfg.SecuritiesFile, "securities", "", "security master CSV `file` (ticker/issuer mappings); empty for none")
	fs.StringVar(&cfg.FundsFile, "funds", "", "fund constituents CSV `file`")
	fs.StringVar(&cfg.OwnershipFile, "ownership", "", "ownership CSV `file`")
	fs.StringVar(&cfg.WaiversFile, "waivers", "", "waivers CSV `file`")
	fs.Float64Var(&cfg.MaxLoss, "max-loss", 0, "share (0..1) of a list's entries a newer release (in a history, or on reload) may lose; 0 for the library's default (lists.DefaultMaxLoss)")
	fs.BoolVar(&cfg.AcceptShrink, "accept-shrink", false, "accept list releases that lose more than -max-loss of their entries")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "pretrade: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	logger := log.New(stderr, "pretrade: ", log.LstdFlags)
	s, err := newServer(cfg, logger)
	if err != nil {
		var be *compliance.BuildError
		if errors.As(err, &be) {
			err = fmt.Errorf("-%s: %w", be.Input, be.Err)
		}
		fmt.Fprintf(stderr, "pretrade: %v\n", err)
		return 2
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "pretrade: %v\n", err)
		return 2
	}
	if host, _, err := net.SplitHostPort(ln.Addr().String()); err == nil {
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			logger.Printf("warning: listening on %s, beyond the loopback interface; the service has no authentication", host)
		}
	}
	for _, l := range s.live.Checker().Lists() {
		logger.Printf("list %s (%s): %d entries, sha256 %s", l.Name, l.Source, l.Entries, l.SHA256)
	}
	logger.Printf("listening on http://%s", ln.Addr())
	if err := s.serve(ctx, ln, 10*time.Second); err != nil {
		logger.Printf("%v", err)
		return 1
	}
	logger.Printf("stopped")
	return 0
}
