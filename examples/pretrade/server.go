package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net"
	"net/http"
	"time"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// Limits on one request. A body beyond maxBody, or an array beyond
// compliance.MaxRequestItems, is answered 413.
const maxBody = 1 << 20 // bytes

// listsJSON answers GET /v1/lists and POST /v1/lists/reload.
type listsJSON struct {
	Lists    []compliance.ListInfo `json:"lists"`
	LoadedAt string                `json:"loaded_at"` // RFC 3339
}

// server is the pre-trade HTTP service: routing, decoding through the
// library, encoding, shutdown. The checker in service is the library's
// compliance.Live, built from one compliance.Config; handlers are safe for
// concurrent use.
type server struct {
	live *compliance.Live
	now  func() time.Time
	log  *log.Logger
}

// newServer builds cfg (with the embedded snapshot when it names no list)
// and returns a server over it; logger may be nil.
func newServer(cfg compliance.Config, logger *log.Logger) (*server, error) {
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	if len(cfg.Lists) == 0 && len(cfg.Loaded) == 0 {
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
	return &server{live: live, now: time.Now, log: logger}, nil
}

// reload builds the configuration again and swaps it in (coalesced by
// compliance.Live). On failure the checker in service stays and is
// returned with the error.
func (s *server) reload() (*compliance.Checker, error) {
	chk, err := s.live.Reload()
	if err != nil {
		s.log.Printf("reload failed, keeping the lists loaded at %s: %v", chk.BuiltAt().Format(time.RFC3339), err)
		return chk, err
	}
	for _, l := range chk.Lists() {
		s.log.Printf("reloaded %s (%s): %d entries, sha256 %s", l.Name, l.Source, l.Entries, l.SHA256)
	}
	return chk, nil
}

// route is one endpoint: the method it takes and its handler, which gets
// the snapshot the request started with.
type route struct {
	method string
	handle func(w http.ResponseWriter, r *http.Request, chk *compliance.Checker)
}

// Handler returns the service's HTTP handler. Paths are matched exactly
// and methods checked here (Go 1.21 ServeMux patterns have no methods).
func (s *server) Handler() http.Handler {
	routes := map[string]route{
		"/v1/orders/check":    {http.MethodPost, s.checkOrders},
		"/v1/portfolio/check": {http.MethodPost, s.checkPortfolio},
		"/v1/lists":           {http.MethodGet, s.listReleases},
		"/v1/lists/reload":    {http.MethodPost, s.reloadLists},
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rt, ok := routes[r.URL.Path]
		if !ok {
			writeError(w, &httpError{status: http.StatusNotFound, msg: "no such endpoint (POST /v1/orders/check, POST /v1/portfolio/check, GET /v1/lists, POST /v1/lists/reload)"})
			return
		}
		if r.Method != rt.method {
			w.Header().Set("Allow", rt.method)
			writeError(w, &httpError{status: http.StatusMethodNotAllowed, msg: "method not allowed: use " + rt.method})
			return
		}
		rt.handle(w, r, s.live.Checker())
	})
}

// httpServer returns an http.Server for h with timeouts set.
func httpServer(h http.Handler, logger *log.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          logger,
	}
}

// serve answers on ln until ctx is done, then shuts down gracefully:
// requests in flight get up to grace to finish.
func (s *server) serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	srv := httpServer(s.Handler(), s.log)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
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

func (s *server) checkOrders(w http.ResponseWriter, r *http.Request, chk *compliance.Checker) {
	if e := checkContentType(r); e != nil {
		writeError(w, e)
		return
	}
	req, err := compliance.DecodeOrderRequest(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeError(w, requestError(err))
		return
	}
	writeJSON(w, http.StatusOK, chk.CheckOrders(req.Orders, req.Positions))
}

func (s *server) checkPortfolio(w http.ResponseWriter, r *http.Request, chk *compliance.Checker) {
	if e := checkContentType(r); e != nil {
		writeError(w, e)
		return
	}
	req, err := compliance.DecodePortfolioRequest(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeError(w, requestError(err))
		return
	}
	asOf, err := req.Date(holdings.DateOf(s.now().In(newYork)))
	if err != nil {
		writeError(w, requestError(err))
		return
	}
	writeJSON(w, http.StatusOK, chk.CheckPortfolio(req.Portfolio, asOf))
}

func (s *server) listReleases(w http.ResponseWriter, r *http.Request, chk *compliance.Checker) {
	writeJSON(w, http.StatusOK, listsOf(chk))
}

func listsOf(chk *compliance.Checker) listsJSON {
	return listsJSON{Lists: chk.Lists(), LoadedAt: chk.BuiltAt().UTC().Format(time.RFC3339)}
}

// reloadFailure answers a failed reload: the error and what stays in
// service.
type reloadFailure struct {
	Error string `json:"error"`
	listsJSON
}

func (s *server) reloadLists(w http.ResponseWriter, r *http.Request, _ *compliance.Checker) {
	if e := checkContentType(r); e != nil {
		writeError(w, e)
		return
	}
	chk, err := s.reload()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, reloadFailure{
			Error:     "reload failed; the lists loaded before stay in service: " + err.Error(),
			listsJSON: listsOf(chk),
		})
		return
	}
	writeJSON(w, http.StatusOK, listsOf(chk))
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

// checkContentType refuses a body that is not JSON (so that an HTML form
// cannot post to the service): a Content-Type, if given, must be
// application/json.
func checkContentType(r *http.Request) *httpError {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return &httpError{status: http.StatusUnsupportedMediaType, msg: "Content-Type must be application/json"}
		}
	}
	return nil
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
