// Command pretrade is a pre-trade compliance service: a JSON API over
// HTTP that checks orders (one, or a basket) and portfolios against the
// investment blacklists. It holds only HTTP (routing, authentication, load
// shaping, decoding through the library's strict decoders, encoding,
// metrics, shutdown) over a compliance.Live built from one
// compliance.Config: every decision is the library's.
//
//	go run ./examples/pretrade [-addr 127.0.0.1:8080] [-tokens FILE] [-list PATH]... [-securities FILE]
//	    [-funds FILE] [-ownership FILE] [-waivers FILE] [-max-list-age DAYS]
//	    [-max-inflight ITEMS] [-queue-wait DURATION] [-shutdown-grace DURATION] [-log-format auto|json|text]
//	    [-tls-cert FILE -tls-key FILE]
//
// With no -list it screens against the list snapshot embedded in the
// library; each -list is a list file or an OFAC legacy CSV set (its
// directory or primary file). The endpoints:
//
//	POST /v1/orders/check     {"orders": [...], "positions": [...]} -> compliance.OrderReport   (scope check)
//	POST /v1/portfolio/check  {"as_of": "YYYY-MM-DD", "holdings": [...]} -> compliance.Report (scope check)
//	GET  /v1/lists            the list releases in service                                   (scope check)
//	POST /v1/lists/reload     read every file again and swap the new lists in                (scope admin)
//	GET  /healthz             the process is alive
//	GET  /readyz              200 when lists are loaded and none is older than -max-list-age
//	GET  /metrics             Prometheus metrics (investscreen_...)
//	GET  /openapi.json        the OpenAPI 3 document of all of these
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
// Authentication: with -tokens FILE (one "SCOPE NAME TOKEN" or "SCOPE
// TOKEN" a line; see auth.go), every /v1 call needs "Authorization: Bearer
// TOKEN": 401 without a valid token, 403 when its scope does not allow the
// endpoint. The token's name is the actor in the logs. The service refuses
// to start when the file is readable by group or others or holds a token
// shorter than 16 characters. Without -tokens it needs no token and
// listens only on a loopback address: it refuses any other at start.
//
// A POST must have Content-Type application/json (415 otherwise, so that
// no HTML form can post to the service) and no browser cross-origin
// headers (403): an Origin that is not the service's own host, or a
// Sec-Fetch-Site other than same-origin or none. A body may be up to
// 1 MiB and hold up to 10,000 orders, positions or holdings (413 beyond).
//
// Load shaping: at most -max-inflight orders, positions and holdings are
// decoded and checked at once (a request is admitted with what its length
// can hold, then with what it holds); a request that finds no room within
// -queue-wait is answered 503 with Retry-After.
//
// A reload that fails (a corrupt file) is answered 500 and the lists in
// service stay; reloads are coalesced. Every request is answered from one
// set of lists, whole, even while a reload swaps them. With -tls-cert and
// -tls-key the service answers HTTPS only (TLS 1.2 or later). SIGHUP
// re-reads the certificate and the token file and reloads the lists; SIGINT or SIGTERM stop accepting,
// turn /readyz to 503 and let requests in flight finish (up to
// -shutdown-grace). Logs are slog, JSON unless stderr is a terminal, one
// line per request (id, method, path, status, latency, actor, items),
// never the body or the query.
//
// Exit status: 0 after a graceful stop, 1 when serving fails or requests
// outlive the grace period, 2 on a usage, configuration or input error.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // the New York calendar, on machines without a zone database

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/audit"
	"github.com/investscreen/investscreen/compliance/audit/auditdb"
	"github.com/investscreen/investscreen/lists/source"
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
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	os.Exit(run(ctx, os.Args[1:], os.Stderr, hup))
}

// Exit statuses.
const (
	exitOK    = 0 // stopped gracefully
	exitServe = 1 // serving failed, or requests were still running at the end of the grace period
	exitUsage = 2 // a usage, configuration or input error: nothing was served
)

// run serves until ctx is done (SIGINT, SIGTERM), reloading the TLS
// certificate, the token file and the lists on every value from hup
// (SIGHUP). It returns the exit
// status.
func run(ctx context.Context, args []string, stderr io.Writer, hup <-chan os.Signal) int {
	fs := flag.NewFlagSet("pretrade", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on (host:port); without -tokens only a loopback address is accepted")
	var cfg compliance.Config
	fs.Var((*listFlags)(&cfg.Lists), "list", "list `file` of any supported format, detected (FORMAT:PATH forces one), or an OFAC legacy CSV directory; PATH@YYYY-MM-DD gives its release date; dated releases of one list make a history (repeatable; default: the embedded snapshot)")
	fs.StringVar(&cfg.SecuritiesFile, "securities", "", "security master CSV `file` (ticker/issuer mappings); empty for none")
	fs.StringVar(&cfg.FundsFile, "funds", "", "fund constituents CSV `file`")
	fs.StringVar(&cfg.OwnershipFile, "ownership", "", "ownership CSV `file`")
	fs.StringVar(&cfg.WaiversFile, "waivers", "", "waivers CSV `file`")
	fs.Float64Var(&cfg.MaxLoss, "max-loss", 0, "share (0..1) of a list's entries a newer release (in a history, or on reload) may lose; 0 for the library's default (lists.DefaultMaxLoss)")
	fs.BoolVar(&cfg.AcceptShrink, "accept-shrink", false, "accept list releases that lose more than -max-loss of their entries")
	fs.IntVar(&cfg.Policy.MaxListAge, "max-list-age", compliance.DefaultMaxListAge, "`days` a list release may be old before reports warn and /readyz answers 503")
	tokenFile := fs.String("tokens", "", "token `file`: one 'SCOPE NAME TOKEN' (or 'SCOPE TOKEN') a line, scope check or admin, mode 600; every /v1 call then needs Authorization: Bearer TOKEN")
	maxInFlight := fs.Int64("max-inflight", defaultMaxInFlight, "`items` (orders, positions, holdings) decoded and checked at once; requests beyond wait, then get 503")
	queueWait := fs.Duration("queue-wait", defaultQueueWait, "how long a request waits for room under -max-inflight before 503 with Retry-After")
	grace := fs.Duration("shutdown-grace", 10*time.Second, "how long requests in flight may run on after SIGTERM")
	certFile := fs.String("tls-cert", "", "PEM certificate (chain) `file`: serve HTTPS only (with -tls-key)")
	keyFile := fs.String("tls-key", "", "PEM private key `file` of -tls-cert")
	fs.StringVar(&cfg.Store, "store", "", "release store `directory` (built by examples/update): serve its histories instead of -list files; POST /v1/lists/reload fetches the official sources into it first")
	refresh := fs.Duration("refresh", 0, "with -store: fetch the official sources and reload every `interval` (e.g. 6h); 0 for on reload only")
	var storeSources, storeURLs listFlags
	fs.Var(&storeSources, "source", "with -store: a source `name` to fetch (repeatable; default all)")
	fs.Var(&storeURLs, "url", "with -store: NAME=URL overrides a source's URL (a prefix for multi-file sources; repeatable)")
	logDSN := fs.String("log", defaultLog(), "decision log `DSN`: sqlite:PATH (WAL, every commit synced) or postgres://...; every decision is written to it before it is answered (default: $INVESTSCREEN_LOG, else "+auditdb.DefaultDSN+")")
	logFormat := fs.String("log-format", "auto", "`format` of the logs on stderr: json, text, or auto (JSON unless stderr is a terminal)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "pretrade: "+format+"\n", a...)
		return exitUsage
	}
	if fs.NArg() > 0 {
		return usage("unexpected argument %q", fs.Arg(0))
	}
	switch {
	case cfg.Policy.MaxListAge < 1:
		return usage("-max-list-age %d: want 1 day or more", cfg.Policy.MaxListAge)
	case *maxInFlight < 2*compliance.MaxRequestItems:
		return usage("-max-inflight %d: want at least %d, so that a request of the largest size can run", *maxInFlight, 2*compliance.MaxRequestItems)
	case *queueWait <= 0 || *grace <= 0:
		return usage("-queue-wait and -shutdown-grace must be positive")
	case (*certFile == "") != (*keyFile == ""):
		return usage("-tls-cert and -tls-key go together")
	}
	logger, err := newLogger(stderr, *logFormat)
	if err != nil {
		return usage("%v", err)
	}
	o := options{maxInFlight: *maxInFlight, queueWait: *queueWait, log: logger, tokenFile: *tokenFile}
	if *tokenFile != "" {
		if o.tokens, err = loadTokens(*tokenFile); err != nil {
			return usage("-tokens: %v", err)
		}
	}
	if *certFile != "" {
		if o.cert, err = loadCertificate(*certFile, *keyFile); err != nil {
			return usage("-tls-cert, -tls-key: %v", err)
		}
	}
	if cfg.Store != "" {
		if len(cfg.Lists) > 0 {
			return usage("-store and -list: give one")
		}
		st, err := source.Open(cfg.Store)
		if err != nil {
			return usage("-store: %v", err)
		}
		srcs, err := source.Select(storeSources, storeURLs)
		if err != nil {
			return usage("-source, -url: %v", err)
		}
		o.refresher = &source.Refresher{Store: st, Sources: srcs, Fetcher: &source.Fetcher{MaxLoss: cfg.MaxLoss}}
		if names, _ := st.Sources(); len(names) == 0 {
			// A new store: fetch once before the first build.
			outs, _ := o.refresher.Refresh(ctx)
			for _, out := range outs {
				if out.Err != nil {
					logger.Error("first fetch into the store", "source", out.Source, "err", out.Err.Error())
				}
			}
		}
	} else if *refresh != 0 || len(storeSources)+len(storeURLs) > 0 {
		return usage("-refresh, -source and -url need -store")
	}
	dlog, err := auditdb.Open(ctx, *logDSN, audit.Options{})
	if err != nil {
		return usage("-log: %v", err)
	}
	defer dlog.Close()
	o.decisions = dlog
	s, err := newServer(cfg, o)
	if err != nil {
		var be *compliance.BuildError
		if errors.As(err, &be) {
			err = fmt.Errorf("-%s: %w", be.Input, be.Err)
		}
		return usage("%v", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return usage("%v", err)
	}
	if o.tokens == nil && !loopback(ln.Addr()) {
		ln.Close()
		return usage("-addr %s: listening on %s, beyond the loopback interface, needs -tokens: without them anyone who reaches the port could use the service", *addr, ln.Addr())
	}
	for _, l := range s.live.Checker().Lists() {
		logger.Info("list", "list", l.Name, "source", l.Source, "entries", l.Entries, "date", l.Date, "sha256", l.SHA256)
	}
	auth := "off (loopback only)"
	if o.tokens != nil {
		auth = fmt.Sprintf("%d tokens", len(o.tokens.hashes))
	}
	scheme := "http"
	if o.cert != nil {
		scheme = "https"
	} else if !loopback(ln.Addr()) {
		logger.Warn("serving plain HTTP beyond the loopback interface: tokens travel in clear; use -tls-cert and -tls-key, or a TLS-terminating proxy")
	}
	logger.Info("listening", "url", scheme+"://"+ln.Addr().String(), "auth", auth, "max_inflight", *maxInFlight)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if *refresh > 0 {
		go func() { // -refresh: fetch the sources and reload on a timer
			t := time.NewTicker(*refresh)
			defer t.Stop()
			for {
				select {
				case <-sctx.Done():
					return
				case <-t.C:
					s.reload("refresh")
				}
			}
		}()
	}
	go func() {
		for {
			select {
			case <-sctx.Done():
				return
			case <-hup:
				s.reloadCertificate()
				s.reloadTokens()
				s.reload("signal")
			}
		}
	}()
	if err := s.serve(ctx, ln, *grace); err != nil {
		logger.Error("stopped", "err", err)
		return exitServe
	}
	logger.Info("stopped")
	return exitOK
}

// loopback reports whether a listener's address is on the loopback
// interface only.
func loopback(a net.Addr) bool {
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// newLogger returns the service's logger on w: JSON, or text for a
// person at a terminal.
func newLogger(w io.Writer, format string) (*slog.Logger, error) {
	switch format {
	case "auto":
		format = "json"
		if f, ok := w.(*os.File); ok {
			if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
				format = "text"
			}
		}
	case "json", "text":
	default:
		return nil, fmt.Errorf("-log-format %q: want json, text or auto", format)
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, nil)), nil
	}
	return slog.New(slog.NewJSONHandler(w, nil)), nil
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
