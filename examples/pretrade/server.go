package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/compliance/audit"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/printable"
	"github.com/investscreen/investscreen/lists"
	"github.com/investscreen/investscreen/lists/source"
)

// Limits on one request. A body beyond maxBody, or an array beyond
// compliance.MaxRequestItems, is answered 413.
const maxBody = 1 << 20 // bytes

// minItemBytes is the fewest bytes one order, position or holding takes
// in a request body (`{"isin":"X","quantity":"1"},` is 28): a body of n
// bytes holds at most n/minItemBytes items, which is what a request is
// admitted with before it is decoded.
const minItemBytes = 24

// Defaults of the load-shaping options.
const (
	defaultMaxInFlight = 40000 // orders, positions and holdings
	defaultQueueWait   = time.Second
)

// listsJSON answers GET /v1/lists and POST /v1/lists/reload.
type listsJSON struct {
	Lists    []compliance.ListInfo `json:"lists"`
	LoadedAt string                `json:"loaded_at"` // RFC 3339
	// Sources are, with -store, each official source's newest release,
	// when it was fetched, its age and the last refresh's error.
	Sources []sourceJSON `json:"sources,omitempty"`
}

// sourceJSON is one source of the release store in GET /v1/lists.
type sourceJSON struct {
	Source      string `json:"source"`
	Release     string `json:"release,omitempty"`    // the newest stored release's id
	FetchedAt   string `json:"fetched_at,omitempty"` // RFC 3339, UTC
	AgeDays     *int   `json:"age_days,omitempty"`
	Entries     int    `json:"entries,omitempty"`
	LastAttempt string `json:"last_attempt,omitempty"`
	LastError   string `json:"last_error,omitempty"`
}

// options are what a server takes beyond its compliance.Config; the zero
// options are the defaults with no authentication.
type options struct {
	// tokens are the accepted tokens; nil for no authentication.
	tokens *tokens
	// tokenFile is where tokens came from, read again by reloadTokens.
	tokenFile string
	// maxInFlight caps the orders, positions and holdings being decoded,
	// checked or answered at once; zero for defaultMaxInFlight.
	maxInFlight int64
	// queueWait is how long a request waits for room under the cap
	// before it is answered 503; zero for defaultQueueWait.
	queueWait time.Duration
	// log receives the service's logs; nil for none.
	log *slog.Logger
	// cert, when set, makes the service answer HTTPS only.
	cert *certificate
	// decisions is the decision log every answer is written to before it
	// is sent; nil for none (tests only: the program always opens one).
	decisions *audit.Log
	// refresher, with a release store (-store), fetches the official
	// sources on POST /v1/lists/reload (and on its own timer, -refresh)
	// before the lists are rebuilt from the store; nil without a store.
	refresher *source.Refresher
}

// server is the pre-trade HTTP service: routing, authentication, load
// shaping, decoding through the library, encoding, metrics, shutdown. The
// checker in service is the library's compliance.Live, built from one
// compliance.Config; handlers are safe for concurrent use.
type server struct {
	live      *compliance.Live
	maxAge    int // days a list may be old for /readyz
	now       func() time.Time
	log       *slog.Logger
	tokens    atomic.Pointer[tokens] // nil without authentication
	tokenFile string                 // re-read on SIGHUP; "" when tokens came in code
	cert      *certificate           // nil for plain HTTP
	sem       *weighted
	queueWait time.Duration
	metrics   *metrics
	draining  atomic.Bool
	idPrefix  string
	ids       atomic.Uint64
	routes    map[string]route
	decisions *audit.Log // nil for none
	refresher *source.Refresher
}

// newServer builds cfg (with the embedded snapshot when it names no list)
// and returns a server over it.
func newServer(cfg compliance.Config, o options) (*server, error) {
	if o.log == nil {
		o.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.maxInFlight <= 0 {
		o.maxInFlight = defaultMaxInFlight
	}
	if o.queueWait <= 0 {
		o.queueWait = defaultQueueWait
	}
	if len(cfg.Lists) == 0 && len(cfg.Loaded) == 0 && cfg.Store == "" {
		l, err := lists.Embedded()
		if err != nil {
			return nil, fmt.Errorf("embedded list: %w", err)
		}
		cfg.Loaded = []*lists.List{l}
	}
	live, err := cfg.Live()
	if err != nil {
		return nil, err
	}
	var prefix [4]byte
	if _, err := rand.Read(prefix[:]); err != nil {
		return nil, err
	}
	s := &server{live: live, maxAge: cfg.Policy.MaxListAge, now: time.Now, log: o.log, tokenFile: o.tokenFile, cert: o.cert,
		sem: newWeighted(o.maxInFlight), queueWait: o.queueWait, idPrefix: hex.EncodeToString(prefix[:]), decisions: o.decisions, refresher: o.refresher}
	if s.maxAge <= 0 {
		s.maxAge = compliance.DefaultMaxListAge
	}
	if o.tokens != nil {
		s.tokens.Store(o.tokens)
	}
	s.metrics = newMetrics(live, s.today)
	if s.decisions != nil {
		s.metrics.registerDecisionLog()
	}
	s.routes = s.routeTable()
	return s, nil
}

// today is the date in New York, the calendar of OFAC's dates.
func (s *server) today() holdings.Date { return holdings.DateOf(s.now().In(newYork)) }

// reload builds the configuration again and swaps it in (coalesced by
// compliance.Live); trigger ("http", "signal") labels the metric. On
// failure the checker in service stays and is returned with the error.
func (s *server) reload(trigger string) (*compliance.Checker, error) {
	if s.refresher != nil {
		// Fetch the sources first; a source that fails keeps its old
		// releases, and the lists are rebuilt from what the store holds.
		outs, err := s.refresher.Refresh(context.Background())
		for _, o := range outs {
			if o.Err != nil {
				s.log.Error("refresh", "trigger", trigger, "source", o.Source, "err", printable.Escape(o.Err.Error()))
			}
		}
		if err != nil {
			s.log.Error("refresh", "trigger", trigger, "err", printable.Escape(err.Error()))
		}
	}
	chk, err := s.live.Reload()
	if err != nil {
		s.metrics.reloads.WithLabelValues(trigger, "failed").Inc()
		s.log.Error("reload failed, keeping the lists in service", "trigger", trigger, "loaded_at", chk.BuiltAt().UTC().Format(time.RFC3339), "err", err)
		return chk, err
	}
	s.metrics.reloads.WithLabelValues(trigger, "ok").Inc()
	for _, l := range chk.Lists() {
		s.log.Info("reloaded", "trigger", trigger, "list", l.Name, "source", l.Source, "entries", l.Entries, "date", l.Date, "sha256", l.SHA256)
	}
	return chk, nil
}

// reloadCertificate reads the TLS certificate and key again (on SIGHUP);
// on failure the certificate in service stays, and the error is logged.
func (s *server) reloadCertificate() error {
	if s.cert == nil {
		return nil
	}
	if err := s.cert.reload(); err != nil {
		s.metrics.reloads.WithLabelValues("certificate", "failed").Inc()
		s.log.Error("certificate reload failed, keeping the certificate in service", "err", err)
		return err
	}
	s.metrics.reloads.WithLabelValues("certificate", "ok").Inc()
	s.log.Info("certificate reloaded")
	return nil
}

// reloadTokens reads the token file again (on SIGHUP) and puts the new
// tokens in service: rotated tokens take effect without a restart. A file
// that no longer passes loadTokens keeps the tokens in service, and the
// error is logged and returned.
func (s *server) reloadTokens() error {
	if s.tokenFile == "" {
		return nil
	}
	t, err := loadTokens(s.tokenFile)
	if err != nil {
		s.metrics.reloads.WithLabelValues("tokens", "failed").Inc()
		s.log.Error("token reload failed, keeping the tokens in service", "err", err)
		return err
	}
	s.metrics.reloads.WithLabelValues("tokens", "ok").Inc()
	s.tokens.Store(t)
	s.log.Info("tokens reloaded", "tokens", len(t.hashes))
	return nil
}

// route is one endpoint: its method, the token scope it needs ("" for
// the operations endpoints, which need none), how many items a request
// may carry before it is decoded (nil: none), and its handler, which gets
// the snapshot the request started with.
type route struct {
	method string
	scope  string
	weigh  func(r *http.Request) int64
	handle func(w http.ResponseWriter, r *http.Request, c *call)
}

// routeTable is every endpoint. The decision log adds
// "GET /v1/decisions" with scope admin.
func (s *server) routeTable() map[string]route {
	return map[string]route{
		"/v1/orders/check":    {http.MethodPost, scopeCheck, weighBody(2 * compliance.MaxRequestItems), s.checkOrders},
		"/v1/portfolio/check": {http.MethodPost, scopeCheck, weighBody(compliance.MaxRequestItems), s.checkPortfolio},
		"/v1/lists":           {http.MethodGet, scopeCheck, nil, s.listReleases},
		"/v1/lists/reload":    {http.MethodPost, scopeAdmin, nil, s.reloadLists},
		"/v1/decisions":       {http.MethodGet, scopeAdmin, nil, s.listDecisions},
		"/healthz":            {http.MethodGet, "", nil, s.healthz},
		"/readyz":             {http.MethodGet, "", nil, s.readyz},
		"/metrics":            {http.MethodGet, "", nil, func(w http.ResponseWriter, r *http.Request, _ *call) { s.metrics.handler().ServeHTTP(w, r) }},
		"/openapi.json":       {http.MethodGet, "", nil, serveOpenAPI},
	}
}

// weighBody returns the items a request may carry: what its declared
// length can hold, at most max (max when the length is not declared).
func weighBody(max int64) func(r *http.Request) int64 {
	return func(r *http.Request) int64 {
		n := r.ContentLength
		if n < 0 || n > maxBody {
			return max
		}
		n = (n + minItemBytes - 1) / minItemBytes
		if n > max {
			return max
		}
		return n
	}
}

// call is one request as the service sees it: its id, who made it (the
// token's name, or "anonymous" without authentication: the actor the
// decision log records), what it holds of the semaphore.
type call struct {
	id    string
	actor string
	route *route
	items int
	held  int64
	s     *server
}

// shrink lowers the call's hold on the semaphore to the n items it turned
// out to carry.
func (c *call) shrink(n int) {
	c.items = n
	if d := c.held - int64(n); d > 0 {
		c.s.sem.release(d)
		c.s.metrics.items.Sub(float64(d))
		c.held = int64(n)
	}
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Handler returns the service's HTTP handler. Paths are matched exactly
// and methods checked here (Go 1.21 ServeMux patterns have no methods).
func (s *server) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

func (s *server) serveHTTP(rw http.ResponseWriter, r *http.Request) {
	start := time.Now()
	s.metrics.inFlight.Inc()
	w := &statusWriter{ResponseWriter: rw}
	c := &call{id: s.requestID(r), actor: "anonymous", s: s}
	w.Header().Set("X-Request-ID", c.id)
	endpoint := otherEndpoint
	if rt, ok := s.routes[r.URL.Path]; ok {
		endpoint = r.URL.Path
		c.route = &rt
	}
	defer func() {
		if c.held > 0 {
			s.sem.release(c.held)
			s.metrics.items.Sub(float64(c.held))
		}
		s.metrics.inFlight.Dec()
		elapsed := time.Since(start)
		status := w.status
		if status == 0 {
			status = http.StatusOK
		}
		s.metrics.observe(endpoint, status, elapsed)
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelWarn
		}
		// Never the query (GET /v1/decisions?account=...) nor the body.
		s.log.LogAttrs(r.Context(), level, "request", slog.String("id", c.id), slog.String("method", r.Method),
			slog.String("path", endpoint), slog.Int("status", status), slog.Float64("latency_ms", float64(elapsed.Microseconds())/1000),
			slog.String("actor", c.actor), slog.Int("items", c.items), slog.String("remote", r.RemoteAddr))
	}()
	s.dispatch(w, r, c)
}

func (s *server) dispatch(w http.ResponseWriter, r *http.Request, c *call) {
	v1 := strings.HasPrefix(r.URL.Path, "/v1/") || r.URL.Path == "/v1"
	if v1 || c.route != nil && c.route.method != http.MethodGet {
		if r.Method != http.MethodGet && r.Method != http.MethodHead && crossOrigin(r) {
			writeError(w, &httpError{status: http.StatusForbidden, msg: "cross-origin request refused"})
			return
		}
	}
	var who caller
	toks := s.tokens.Load()
	if v1 && toks != nil {
		tok, ok := bearer(r.Header.Get("Authorization"))
		if ok {
			who, ok = toks.lookup(tok)
		}
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="investscreen"`)
			writeError(w, &httpError{status: http.StatusUnauthorized, msg: "a valid token is required: Authorization: Bearer TOKEN"})
			return
		}
		c.actor = who.name
	}
	rt := c.route
	if rt == nil {
		writeError(w, &httpError{status: http.StatusNotFound, msg: "no such endpoint (POST /v1/orders/check, POST /v1/portfolio/check, GET /v1/lists, POST /v1/lists/reload, GET /healthz, GET /readyz, GET /metrics, GET /openapi.json)"})
		return
	}
	if r.Method != rt.method {
		w.Header().Set("Allow", rt.method)
		writeError(w, &httpError{status: http.StatusMethodNotAllowed, msg: "method not allowed: use " + rt.method})
		return
	}
	if rt.scope != "" && toks != nil && !who.may(rt.scope) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="investscreen", error="insufficient_scope", scope="`+rt.scope+`"`)
		writeError(w, &httpError{status: http.StatusForbidden, msg: "the token's scope does not allow this endpoint: it needs " + rt.scope})
		return
	}
	if rt.method == http.MethodPost {
		if e := checkContentType(r); e != nil {
			writeError(w, e)
			return
		}
	}
	if rt.weigh != nil {
		n := rt.weigh(r)
		if n > s.sem.size {
			n = s.sem.size
		}
		ok := s.sem.tryAcquire(n)
		if !ok {
			ctx, cancel := context.WithTimeout(r.Context(), s.queueWait)
			ok = s.sem.acquire(ctx, n)
			cancel()
		}
		if !ok {
			s.metrics.overloaded.Inc()
			w.Header().Set("Retry-After", strconv.Itoa(int((s.queueWait+time.Second-1)/time.Second)))
			writeError(w, &httpError{status: http.StatusServiceUnavailable, msg: "too many orders in flight: retry later"})
			return
		}
		c.held = n
		s.metrics.items.Add(float64(n))
	}
	rt.handle(w, r, c)
}

// requestID is the caller's X-Request-ID when it is short and plain,
// else one made here.
func (s *server) requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-ID"); id != "" && len(id) <= 64 {
		plain := true
		for _, b := range []byte(id) {
			if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.' || b == ':') {
				plain = false
				break
			}
		}
		if plain {
			return id
		}
	}
	return s.idPrefix + "-" + strconv.FormatUint(s.ids.Add(1), 10)
}

// crossOrigin reports whether a browser says the request comes from
// another site: a Sec-Fetch-Site other than same-origin or none, or an
// Origin whose host is not the request's Host. Programs send neither.
func crossOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return true
	}
	if o := r.Header.Values("Origin"); len(o) > 0 {
		if len(o) > 1 {
			return true
		}
		u, err := url.Parse(o[0])
		if err != nil || u.Host == "" || !strings.EqualFold(u.Host, r.Host) {
			return true
		}
	}
	return false
}

// httpServer returns an http.Server for h with timeouts set.
func httpServer(h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// serve answers on ln until ctx is done, then shuts down gracefully: it
// stops accepting, /readyz answers 503, and requests in flight get up to
// grace to finish.
func (s *server) serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	srv := httpServer(s.Handler(), s.log)
	errc := make(chan error, 1)
	if s.cert != nil {
		srv.TLSConfig = s.cert.config()
		go func() { errc <- srv.ServeTLS(ln, "", "") }()
	} else {
		go func() { errc <- srv.Serve(ln) }()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.draining.Store(true)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (s *server) checkOrders(w http.ResponseWriter, r *http.Request, c *call) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeError(w, requestError(err))
		return
	}
	req, err := compliance.DecodeOrderRequest(bytes.NewReader(body))
	if err != nil {
		writeError(w, requestError(err))
		return
	}
	n := len(req.Orders)
	if req.Positions != nil {
		n += len(req.Positions.Holdings)
	}
	c.shrink(n)
	chk := s.live.Checker()
	rep := chk.CheckOrders(req.Orders, req.Positions)
	if !s.record(w, r, func(src audit.Source) error {
		_, err := s.decisions.RecordOrders(r.Context(), src, rep, req.Orders)
		return err
	}, chk, c, body) {
		return
	}
	s.metrics.orders(rep)
	writeJSON(w, http.StatusOK, rep)
}

func (s *server) checkPortfolio(w http.ResponseWriter, r *http.Request, c *call) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeError(w, requestError(err))
		return
	}
	req, err := compliance.DecodePortfolioRequest(bytes.NewReader(body))
	if err != nil {
		writeError(w, requestError(err))
		return
	}
	c.shrink(len(req.Portfolio.Holdings))
	asOf, err := req.Date(s.today())
	if err != nil {
		writeError(w, requestError(err))
		return
	}
	chk := s.live.Checker()
	rep := chk.CheckPortfolio(req.Portfolio, asOf)
	if !s.record(w, r, func(src audit.Source) error {
		_, err := s.decisions.RecordPortfolio(r.Context(), src, rep)
		return err
	}, chk, c, body) {
		return
	}
	s.metrics.portfolio(rep)
	writeJSON(w, http.StatusOK, rep)
}

// record writes a decision to the log before it is answered. When the log
// cannot be written the request is answered 503 and record reports false:
// no decision leaves the service unrecorded (fail closed).
func (s *server) record(w http.ResponseWriter, r *http.Request, write func(audit.Source) error, chk *compliance.Checker, c *call, body []byte) bool {
	if s.decisions == nil {
		return true
	}
	p := chk.Policy()
	digest, err := audit.PolicyDigest(&p, chk.Waivers())
	if err == nil {
		start := time.Now()
		err = write(audit.Source{Actor: c.actor, Request: body, Policy: digest})
		s.metrics.logWrite.Observe(time.Since(start).Seconds())
	}
	if err != nil {
		s.log.Error("decision log", "id", c.id, "error", err.Error())
		w.Header().Set("Retry-After", "1")
		writeError(w, &httpError{status: http.StatusServiceUnavailable, msg: "the decision log cannot be written: no decision is answered without its record"})
		return false
	}
	return true
}

// listDecisions answers GET /v1/decisions: the decision log queried by
// account, entity, rule, decision, kind and trade dates, a page at a time.
func (s *server) listDecisions(w http.ResponseWriter, r *http.Request, _ *call) {
	if s.decisions == nil {
		writeError(w, &httpError{status: http.StatusServiceUnavailable, msg: "no decision log"})
		return
	}
	f, err := audit.ParseFilter(r.URL.Query())
	if err != nil {
		var qe *audit.QueryError
		if errors.As(err, &qe) {
			writeError(w, &httpError{status: http.StatusBadRequest, field: qe.Field, msg: "bad query parameter"})
			return
		}
		writeError(w, &httpError{status: http.StatusBadRequest, msg: "bad query"})
		return
	}
	page, err := s.decisions.Query(r.Context(), f)
	if err != nil {
		writeError(w, &httpError{status: http.StatusServiceUnavailable, msg: "the decision log cannot be read"})
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *server) listReleases(w http.ResponseWriter, r *http.Request, _ *call) {
	writeJSON(w, http.StatusOK, s.listsNow(s.live.Checker()))
}

func listsOf(chk *compliance.Checker) listsJSON {
	return listsJSON{Lists: chk.Lists(), LoadedAt: chk.BuiltAt().UTC().Format(time.RFC3339)}
}

// listsNow is listsOf with, under -store, each source's state.
func (s *server) listsNow(chk *compliance.Checker) listsJSON {
	l := listsOf(chk)
	if s.refresher == nil {
		return l
	}
	st, err := s.refresher.Status()
	if err != nil {
		l.Sources = []sourceJSON{{Source: "store", LastError: err.Error()}}
		return l
	}
	for _, ss := range st {
		j := sourceJSON{Source: ss.Source}
		if r := ss.Release; r != nil {
			j.Release, j.FetchedAt, j.Entries = r.ID, r.FetchedAt.UTC().Format(time.RFC3339), r.Entries
			age := int(s.now().Sub(r.FetchedAt).Hours() / 24)
			j.AgeDays = &age
		}
		if !ss.LastAttempt.IsZero() {
			j.LastAttempt = ss.LastAttempt.UTC().Format(time.RFC3339)
		}
		if ss.LastError != nil {
			j.LastError = printable.Escape(ss.LastError.Error())
		}
		l.Sources = append(l.Sources, j)
	}
	return l
}

// reloadFailure answers a failed reload: the error and what stays in
// service.
type reloadFailure struct {
	Error string `json:"error"`
	listsJSON
}

// maxReloadBody bounds the body of a reload, which is empty or {}.
const maxReloadBody = 1 << 10

func (s *server) reloadLists(w http.ResponseWriter, r *http.Request, _ *call) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxReloadBody))
	if err != nil {
		writeError(w, requestError(err))
		return
	}
	if b = bytes.TrimSpace(b); len(b) > 0 {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil || m == nil || len(m) > 0 {
			writeError(w, &httpError{status: http.StatusBadRequest, msg: "a reload takes no parameters: send no body or {}"})
			return
		}
	}
	chk, err := s.reload("http")
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, reloadFailure{
			Error:     "reload failed; the lists loaded before stay in service: " + printable.Escape(err.Error()),
			listsJSON: s.listsNow(chk),
		})
		return
	}
	writeJSON(w, http.StatusOK, s.listsNow(chk))
}

// HTTP plumbing.

// httpError is a 4xx or 5xx answer: {"error": msg, "field": field}.
type httpError struct {
	status int
	field  string
	msg    string
}

type errorJSON struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// newYork is the calendar of OFAC's dates (UTC where the machine has no
// zone data; main embeds it).
var newYork = func() *time.Location {
	if loc, err := time.LoadLocation("America/New_York"); err == nil {
		return loc
	}
	return time.UTC
}()

// checkContentType refuses a body that is not JSON, so that no HTML form
// or plain fetch can post to the service: Content-Type must be given, and
// be application/json (charset, if any, utf-8).
func checkContentType(r *http.Request) *httpError {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err == nil && mt == "application/json" {
		cs, ok := params["charset"]
		if !ok || strings.EqualFold(cs, "utf-8") {
			return nil
		}
	}
	return &httpError{status: http.StatusUnsupportedMediaType, msg: "Content-Type must be application/json"}
}

// requestError answers a request the library refused: 413 for a body or
// an array beyond the limits, else 400 naming the field. The library's
// messages never repeat values from the request.
func requestError(err error) *httpError {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &httpError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("request body larger than %d bytes", mbe.Limit)}
	}
	status := http.StatusBadRequest
	if errors.Is(err, holdings.ErrLimit) {
		status = http.StatusRequestEntityTooLarge
	}
	var pe *holdings.ParseError
	if errors.As(err, &pe) {
		return &httpError{status: status, field: pe.Field, msg: pe.Err.Error()}
	}
	return &httpError{status: status, msg: "malformed request"}
}

func writeError(w http.ResponseWriter, e *httpError) {
	writeJSON(w, e.status, errorJSON{Error: e.msg, Field: e.field})
}

// writeJSON encodes v before writing anything, so that an encoding
// failure is a clean 500.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error":"could not encode the answer"}` + "\n")
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
