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
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// Limits on one request. A body beyond maxBody, or an array beyond
// maxItems, is answered 413.
const (
	maxBody  = 1 << 20 // bytes
	maxItems = 10000   // orders, positions or holdings per request
)

// config says where the server's data comes from; a reload reads the same
// files again.
type config struct {
	// Lists are the list paths (-list); none means the embedded snapshot.
	Lists []string
	// Securities, Funds, Ownership and Waivers are optional files; empty
	// for none.
	Securities, Funds, Ownership, Waivers string
}

// loadList reads one -list path. It is the one place that knows the list
// format: switch it to lists.Load (format detection) when that exists.
func loadList(path string) (*lists.List, error) {
	return lists.Load(path)
}

// snapshot is one loaded state: a Checker and the releases it screens
// against. It is never modified once built, so a request that took it
// uses one whole release from start to end.
type snapshot struct {
	chk      *compliance.Checker
	lists    []releaseJSON
	loadedAt time.Time
}

// releaseJSON is one list release in GET /v1/lists.
type releaseJSON struct {
	Name    string `json:"name"`
	Source  string `json:"source"`
	Format  string `json:"format"`
	Date    string `json:"date,omitempty"` // YYYY-MM-DD; absent when unknown
	SHA256  string `json:"sha256"`
	Entries int    `json:"entries"`
}

// listsJSON answers GET /v1/lists and POST /v1/lists/reload.
type listsJSON struct {
	Lists    []releaseJSON `json:"lists"`
	LoadedAt string        `json:"loaded_at"` // RFC 3339
}

// server is the pre-trade HTTP service. Its current snapshot is swapped
// atomically by reload; handlers are safe for concurrent use.
type server struct {
	cfg      config
	cur      atomic.Pointer[snapshot]
	reloadMu sync.Mutex // one reload at a time
	ny       *time.Location
	now      func() time.Time
	log      *log.Logger
}

// newServer loads cfg and returns a server over it; logger may be nil.
func newServer(cfg config, logger *log.Logger) (*server, error) {
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		return nil, fmt.Errorf("time zone America/New_York: %w", err)
	}
	s := &server{cfg: cfg, ny: ny, now: time.Now, log: logger}
	snap, err := s.load()
	if err != nil {
		return nil, err
	}
	s.cur.Store(snap)
	return s, nil
}

// load reads every file of the configuration and builds a new snapshot.
func (s *server) load() (*snapshot, error) {
	var loaded []*lists.List
	if len(s.cfg.Lists) == 0 {
		l, err := lists.Embedded()
		if err != nil {
			return nil, fmt.Errorf("embedded list: %w", err)
		}
		loaded = append(loaded, l)
	}
	for _, p := range s.cfg.Lists {
		l, err := loadList(p)
		if err != nil {
			return nil, fmt.Errorf("-list: %w", err)
		}
		loaded = append(loaded, l)
	}
	var master *holdings.Master
	var opts compliance.Options
	var err error
	if s.cfg.Securities != "" {
		if master, err = holdings.LoadMaster(s.cfg.Securities); err != nil {
			return nil, fmt.Errorf("-securities: %w", err)
		}
	}
	if s.cfg.Funds != "" {
		if opts.Funds, err = holdings.LoadFunds(s.cfg.Funds); err != nil {
			return nil, fmt.Errorf("-funds: %w", err)
		}
	}
	if s.cfg.Ownership != "" {
		if opts.Ownership, err = holdings.LoadOwnership(s.cfg.Ownership); err != nil {
			return nil, fmt.Errorf("-ownership: %w", err)
		}
	}
	if s.cfg.Waivers != "" {
		if opts.Waivers, err = compliance.LoadWaivers(s.cfg.Waivers); err != nil {
			return nil, fmt.Errorf("-waivers: %w", err)
		}
	}
	chk, err := compliance.NewWithOptions(lists.NewSet(loaded...), master, opts)
	if err != nil {
		return nil, fmt.Errorf("-waivers: %s: %w", s.cfg.Waivers, err)
	}
	snap := &snapshot{chk: chk, loadedAt: s.now().UTC().Truncate(time.Second)}
	for _, l := range loaded {
		r := releaseJSON{Name: l.Release.Name, Source: l.Release.Source, Format: l.Release.Format, SHA256: l.Release.SHA256, Entries: len(l.Entries)}
		if !l.Release.Date.IsZero() {
			r.Date = l.Release.Date.String()
		}
		snap.lists = append(snap.lists, r)
	}
	return snap, nil
}

// reload builds a new snapshot from the configuration and swaps it in. On
// failure the snapshot in service stays and is returned with the error.
func (s *server) reload() (*snapshot, error) {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	snap, err := s.load()
	if err != nil {
		s.log.Printf("reload failed, keeping the lists loaded at %s: %v", s.cur.Load().loadedAt.Format(time.RFC3339), err)
		return s.cur.Load(), err
	}
	s.cur.Store(snap)
	for _, l := range snap.lists {
		s.log.Printf("reloaded %s (%s): %d entries, sha256 %s", l.Name, l.Source, l.Entries, l.SHA256)
	}
	return snap, nil
}

// route is one endpoint: the method it takes and its handler, which gets
// the snapshot the request started with.
type route struct {
	method string
	handle func(w http.ResponseWriter, r *http.Request, snap *snapshot)
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
		rt.handle(w, r, s.cur.Load())
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

// Request bodies.

type orderJSON struct {
	Account   string `json:"account"`
	ISIN      string `json:"isin"`
	CUSIP     string `json:"cusip"`
	SEDOL     string `json:"sedol"`
	FIGI      string `json:"figi"`
	Ticker    string `json:"ticker"`
	Name      string `json:"name"`
	Side      string `json:"side"`
	Quantity  string `json:"quantity"`
	TradeDate string `json:"trade_date"`
	USPerson  *bool  `json:"us_person"` // absent: true
}

type positionJSON struct {
	Account  string `json:"account"`
	ISIN     string `json:"isin"`
	CUSIP    string `json:"cusip"`
	SEDOL    string `json:"sedol"`
	FIGI     string `json:"figi"`
	Ticker   string `json:"ticker"`
	Name     string `json:"name"`
	Quantity string `json:"quantity"`
}

type holdingJSON struct {
	Account     string `json:"account"`
	ISIN        string `json:"isin"`
	CUSIP       string `json:"cusip"`
	SEDOL       string `json:"sedol"`
	FIGI        string `json:"figi"`
	Ticker      string `json:"ticker"`
	Name        string `json:"name"`
	Quantity    string `json:"quantity"`
	MarketValue string `json:"market_value"`
	Currency    string `json:"currency"`
	Acquired    string `json:"acquired"`
}

// The arrays are kept raw and decoded one element at a time, so that an
// error names the element: "orders[2].quantity".
type ordersRequest struct {
	Orders    []json.RawMessage `json:"orders"`
	Positions []json.RawMessage `json:"positions"`
}

type portfolioRequest struct {
	AsOf     string            `json:"as_of"`
	Holdings []json.RawMessage `json:"holdings"`
}

func (s *server) checkOrders(w http.ResponseWriter, r *http.Request, snap *snapshot) {
	var req ordersRequest
	if e := decodeBody(w, r, &req); e != nil {
		writeError(w, e)
		return
	}
	if len(req.Orders) == 0 {
		writeError(w, &httpError{status: http.StatusBadRequest, field: "orders", msg: "no orders: want one order or more"})
		return
	}
	if e := checkCount("orders", len(req.Orders)); e != nil {
		writeError(w, e)
		return
	}
	if e := checkCount("positions", len(req.Positions)); e != nil {
		writeError(w, e)
		return
	}
	orders, e := parseEach(req.Orders, parseOrder)
	if e != nil {
		writeError(w, e)
		return
	}
	var book *holdings.Portfolio
	if len(req.Positions) > 0 {
		hs, e := parseEach(req.Positions, parsePosition)
		if e != nil {
			writeError(w, e)
			return
		}
		book = &holdings.Portfolio{Source: "positions", Holdings: hs}
	}
	writeJSON(w, http.StatusOK, snap.chk.CheckOrders(orders, book))
}

func (s *server) checkPortfolio(w http.ResponseWriter, r *http.Request, snap *snapshot) {
	var req portfolioRequest
	if e := decodeBody(w, r, &req); e != nil {
		writeError(w, e)
		return
	}
	if e := checkCount("holdings", len(req.Holdings)); e != nil {
		writeError(w, e)
		return
	}
	asOf := holdings.DateOf(s.now().In(s.ny))
	if req.AsOf != "" {
		d, err := holdings.ParseDate(req.AsOf)
		if err != nil {
			writeError(w, &httpError{status: http.StatusBadRequest, field: "as_of", msg: "not a calendar date in YYYY-MM-DD form"})
			return
		}
		asOf = d
	}
	hs, e := parseEach(req.Holdings, parseHolding)
	if e != nil {
		writeError(w, e)
		return
	}
	book := &holdings.Portfolio{Source: "request", Holdings: hs}
	writeJSON(w, http.StatusOK, snap.chk.CheckPortfolio(book, asOf))
}

func (s *server) listReleases(w http.ResponseWriter, r *http.Request, snap *snapshot) {
	writeJSON(w, http.StatusOK, snap.listsJSON())
}

func (snap *snapshot) listsJSON() listsJSON {
	return listsJSON{Lists: append([]releaseJSON{}, snap.lists...), LoadedAt: snap.loadedAt.Format(time.RFC3339)}
}

// reloadFailure answers a failed reload: the error and what stays in
// service.
type reloadFailure struct {
	Error string `json:"error"`
	listsJSON
}

func (s *server) reloadLists(w http.ResponseWriter, r *http.Request, _ *snapshot) {
	snap, err := s.reload()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, reloadFailure{
			Error:     "reload failed; the lists loaded before stay in service: " + err.Error(),
			listsJSON: snap.listsJSON(),
		})
		return
	}
	writeJSON(w, http.StatusOK, snap.listsJSON())
}

// Parsing. Error messages name the field but never repeat account
// numbers, quantities or other values from the request.

// parseEach parses every item of a request array with parse, stopping at
// the first error (which names the item).
func parseEach[T any](raws []json.RawMessage, parse func(json.RawMessage, int) (T, *httpError)) ([]T, *httpError) {
	out := make([]T, 0, len(raws))
	for i, raw := range raws {
		v, e := parse(raw, i)
		if e != nil {
			return nil, e
		}
		out = append(out, v)
	}
	return out, nil
}

func parseOrder(raw json.RawMessage, i int) (compliance.Order, *httpError) {
	at := fmt.Sprintf("orders[%d]", i)
	var in orderJSON
	if e := decodeItem(raw, at, &in); e != nil {
		return compliance.Order{}, e
	}
	o := compliance.Order{Line: i + 1, Account: in.Account, Ref: holdings.Ref{ISIN: in.ISIN, CUSIP: in.CUSIP, SEDOL: in.SEDOL,
		FIGI: in.FIGI, Ticker: in.Ticker, Name: in.Name}}
	if noSecurity(in.ISIN, in.CUSIP, in.SEDOL, in.FIGI, in.Ticker, in.Name) {
		return o, badField(at, "the order names no security: give isin, cusip, sedol, figi, ticker or name")
	}
	side, err := compliance.ParseSide(in.Side)
	if err != nil {
		return o, badField(at+".side", "unknown side: want buy, sell, sell short or buy to cover")
	}
	o.Side = side
	q, err := parseDecimal(in.Quantity)
	if err != nil || !q.IsPositive() {
		return o, badField(at+".quantity", "not a positive decimal number in a JSON string (digits and an optional decimal point, e.g. \"100\")")
	}
	o.Quantity = q
	d, err := holdings.ParseDate(in.TradeDate)
	if err != nil {
		return o, badField(at+".trade_date", "not a calendar date in YYYY-MM-DD form")
	}
	o.TradeDate = d
	o.NonUSPerson = in.USPerson != nil && !*in.USPerson
	return o, nil
}

func parsePosition(raw json.RawMessage, i int) (holdings.Holding, *httpError) {
	at := fmt.Sprintf("positions[%d]", i)
	var in positionJSON
	if e := decodeItem(raw, at, &in); e != nil {
		return holdings.Holding{}, e
	}
	h := holdings.Holding{Line: i + 1, Account: in.Account, Ref: holdings.Ref{ISIN: in.ISIN, CUSIP: in.CUSIP, SEDOL: in.SEDOL,
		FIGI: in.FIGI, Ticker: in.Ticker, Name: in.Name}}
	if noSecurity(in.ISIN, in.CUSIP, in.SEDOL, in.FIGI, in.Ticker, in.Name) {
		return h, badField(at, "the position names no security: give isin, cusip, sedol, figi, ticker or name")
	}
	q, err := parseDecimal(in.Quantity)
	if err != nil {
		return h, badField(at+".quantity", "not a decimal number in a JSON string (an optional sign, digits and an optional decimal point)")
	}
	h.Quantity = q
	return h, nil
}

func parseHolding(raw json.RawMessage, i int) (holdings.Holding, *httpError) {
	at := fmt.Sprintf("holdings[%d]", i)
	var in holdingJSON
	if e := decodeItem(raw, at, &in); e != nil {
		return holdings.Holding{}, e
	}
	h := holdings.Holding{Line: i + 1, Account: in.Account, Ref: holdings.Ref{ISIN: in.ISIN, CUSIP: in.CUSIP, SEDOL: in.SEDOL,
		FIGI: in.FIGI, Ticker: in.Ticker, Name: in.Name}, Currency: in.Currency}
	if noSecurity(in.ISIN, in.CUSIP, in.SEDOL, in.FIGI, in.Ticker, in.Name) {
		return h, badField(at, "the holding names no security: give isin, cusip, sedol, figi, ticker or name")
	}
	q, err := parseDecimal(in.Quantity)
	if err != nil {
		return h, badField(at+".quantity", "not a decimal number in a JSON string (an optional sign, digits and an optional decimal point)")
	}
	h.Quantity = q
	if in.MarketValue != "" {
		v, err := parseDecimal(in.MarketValue)
		if err != nil {
			return h, badField(at+".market_value", "not a decimal number in a JSON string (an optional sign, digits and an optional decimal point)")
		}
		h.MarketValue = decimal.NullDecimal{Decimal: v, Valid: true}
	}
	if in.Acquired != "" {
		d, err := holdings.ParseDate(in.Acquired)
		if err != nil {
			return h, badField(at+".acquired", "not a calendar date in YYYY-MM-DD form")
		}
		h.Acquired = d
	}
	return h, nil
}

func noSecurity(ids ...string) bool {
	for _, s := range ids {
		if s != "" {
			return false
		}
	}
	return true
}

// parseDecimal parses a plain decimal number as the CSV readers do: an
// optional sign, digits and an optional fraction; no exponent, thousands
// separator, NaN or infinity. Its error does not repeat the value.
func parseDecimal(s string) (decimal.Decimal, error) {
	errNumber := errors.New("not a decimal number")
	body := strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	digits, dots := 0, 0
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case '0' <= c && c <= '9':
			digits++
		case c == '.':
			dots++
		default:
			return decimal.Decimal{}, errNumber
		}
	}
	if digits == 0 || dots > 1 || len(body) > 40 {
		return decimal.Decimal{}, errNumber
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, errNumber
	}
	return d, nil
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

func badField(field, msg string) *httpError {
	return &httpError{status: http.StatusBadRequest, field: field, msg: msg}
}

func checkCount(field string, n int) *httpError {
	if n > maxItems {
		return &httpError{status: http.StatusRequestEntityTooLarge, field: field, msg: fmt.Sprintf("too many %s: at most %d per request", field, maxItems)}
	}
	return nil
}

// decodeBody decodes the request's JSON object into v: at most maxBody
// bytes, no unknown fields, nothing after the object. A Content-Type, if
// given, must be application/json (this keeps HTML forms out).
func decodeBody(w http.ResponseWriter, r *http.Request, v any) *httpError {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return &httpError{status: http.StatusUnsupportedMediaType, msg: "Content-Type must be application/json"}
		}
	}
	body := http.MaxBytesReader(w, r.Body, maxBody)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError("", err)
	}
	var extra json.RawMessage
	switch err := dec.Decode(&extra); {
	case err == io.EOF:
		return nil
	case err == nil:
		return &httpError{status: http.StatusBadRequest, msg: "data after the JSON object"}
	default:
		return jsonError("", err)
	}
}

// decodeItem decodes one array element, already known to be valid JSON.
func decodeItem(raw json.RawMessage, at string, v any) *httpError {
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return badField(at, "want a JSON object, not null")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(at, err)
	}
	return nil
}

// jsonError turns a decoding error into an answer naming the field under
// prefix. Values from the request are never repeated.
func jsonError(prefix string, err error) *httpError {
	join := func(name string) string {
		switch {
		case prefix == "":
			return name
		case name == "":
			return prefix
		}
		return prefix + "." + name
	}
	var mbe *http.MaxBytesError
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mbe):
		return &httpError{status: http.StatusRequestEntityTooLarge, msg: fmt.Sprintf("request body larger than %d bytes", mbe.Limit)}
	case errors.Is(err, io.EOF):
		return &httpError{status: http.StatusBadRequest, msg: "empty body: want a JSON object"}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &httpError{status: http.StatusBadRequest, msg: "malformed JSON: the body ends early"}
	case errors.As(err, &se):
		return &httpError{status: http.StatusBadRequest, msg: fmt.Sprintf("malformed JSON at byte %d", se.Offset)}
	case errors.As(err, &te):
		field := join(te.Field)
		if field == "" {
			return &httpError{status: http.StatusBadRequest, msg: "the body must be a JSON object"}
		}
		got, _, _ := strings.Cut(te.Value, " ") // "number 100": keep the kind, drop the value
		return &httpError{status: http.StatusBadRequest, field: field, msg: fmt.Sprintf("want a JSON %s, not a JSON %s", jsonKind(te.Type), got)}
	}
	// encoding/json reports an unknown field only by its text.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if u, err := strconv.Unquote(name); err == nil {
			name = u
		}
		if len(name) > 64 {
			name = name[:64]
		}
		return &httpError{status: http.StatusBadRequest, field: join(name), msg: "unknown field"}
	}
	return &httpError{status: http.StatusBadRequest, msg: "malformed JSON"}
}

// jsonKind names the JSON type that decodes into t.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "value"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice, reflect.Array:
		if t == reflect.TypeOf(json.RawMessage(nil)) {
			return "value"
		}
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "number"
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
