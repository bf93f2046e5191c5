package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/lists"
)

// testServer is a server answering on a real loopback listener.
type testServer struct {
	*server
	base   string
	client *http.Client
}

// start serves cfg on 127.0.0.1:0 until the test ends, then shuts it down
// and checks the shutdown was clean.
func start(t *testing.T, cfg compliance.Config, setup ...func(*server)) *testServer {
	t.Helper()
	return startWith(t, cfg, options{}, setup...)
}

// startWith is start with options.
func startWith(t *testing.T, cfg compliance.Config, o options, setup ...func(*server)) *testServer {
	t.Helper()
	s, err := newServer(cfg, o)
	if err != nil {
		t.Fatalf("newServer: %v", err)
	}
	for _, f := range setup {
		f(s)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.serve(ctx, ln, 5*time.Second) }()
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	ts := &testServer{server: s, base: "http://" + ln.Addr().String(), client: &http.Client{Transport: &validating{t: t, next: tr}, Timeout: 20 * time.Second}}
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return ts
}

// do sends a request and returns the status, headers and body.
func (ts *testServer) do(t *testing.T, method, path, contentType string, body []byte) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.base+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := ts.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	return resp.StatusCode, resp.Header, b
}

func (ts *testServer) post(t *testing.T, path, body string) (int, []byte) {
	t.Helper()
	status, _, b := ts.do(t, http.MethodPost, path, "application/json", []byte(body))
	return status, b
}

// decodeStrict decodes b into v, refusing keys v does not have.
func decodeStrict(t *testing.T, b []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decoding %T: %v\n%s", v, err, b)
	}
}

// embeddedConfig is the server of the examples: the embedded list and a
// security master that maps 0020 HK to SenseTime and 700 HK to Tencent.
var embeddedConfig = compliance.Config{SecuritiesFile: "testdata/securities.csv"}

// inProcess is the Checker the server should be running for cfg, built
// directly, to compare answers with.
func inProcess(t *testing.T, cfg compliance.Config) *compliance.Checker {
	t.Helper()
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	m, err := holdings.LoadMaster(cfg.SecuritiesFile)
	if err != nil {
		t.Fatal(err)
	}
	return compliance.New(lists.NewSet(l), m)
}

// orderSummary is what the order tests compare: per order, its line,
// decision, rules fired, unresolved or not, and the reject record's rule.
type orderSummary struct {
	Line       int
	Decision   compliance.Decision
	Rules      []string
	Unresolved bool
	Reject     string
}

func summarize(rep *compliance.OrderReport) (compliance.Decision, []orderSummary) {
	var out []orderSummary
	for _, o := range rep.Orders {
		s := orderSummary{Line: o.Line, Decision: o.Decision, Unresolved: o.Unresolved != ""}
		for _, f := range o.Violations {
			s.Rules = append(s.Rules, f.Rule)
		}
		if o.Reject != nil {
			s.Reject = o.Reject.Rule
		}
		out = append(out, s)
	}
	return rep.Decision, out
}

func TestCheckOrders(t *testing.T) {
	ts := start(t, embeddedConfig)
	chk := inProcess(t, embeddedConfig)
	const (
		buySenseTime  = `{"account": "ACC-1", "ticker": "0020 HK", "side": "buy", "quantity": "10000", "trade_date": "2022-03-01"}`
		sellSenseTime = `{"account": "ACC-1", "ticker": "0020 HK", "side": "sell", "quantity": "50000", "trade_date": "2022-03-01"}`
		buyTencent    = `{"account": "ACC-1", "ticker": "0700 HK", "side": "buy", "quantity": "200", "trade_date": "2022-03-01"}`
		held          = `"positions": [{"account": "ACC-1", "ticker": "20 HK", "quantity": "150000"}]`
	)
	tests := []struct {
		name, reason string
		body         string
		decision     compliance.Decision
		want         []orderSummary
	}{
		{
			name:     "SenseTime buy",
			reason:   "a purchase on or after the effective date (2022-02-08) is prohibited and reported to OFAC",
			body:     `{"orders": [` + buySenseTime + `]}`,
			decision: compliance.Block,
			want:     []orderSummary{{Line: 1, Decision: compliance.Block, Rules: []string{"ns-cmic/purchase"}, Reject: "ns-cmic/purchase"}},
		},
		{
			name:     "SenseTime sell within the position",
			reason:   "selling what is held before the divestment date is a divestment: allowed, with a warning",
			body:     `{"orders": [` + sellSenseTime + `], ` + held + `}`,
			decision: compliance.Warn,
			want:     []orderSummary{{Line: 1, Decision: compliance.Warn, Rules: []string{"ns-cmic/divestment"}}},
		},
		{
			name:     "SenseTime sell with no position",
			reason:   "a sale of what is not held is a short sale, a purchase-side exposure",
			body:     `{"orders": [` + sellSenseTime + `]}`,
			decision: compliance.Block,
			want:     []orderSummary{{Line: 1, Decision: compliance.Block, Rules: []string{"ns-cmic/purchase"}, Reject: "ns-cmic/purchase"}},
		},
		{
			name:     "Tencent",
			reason:   "Tencent is resolved through the security master and is on no list",
			body:     `{"orders": [` + buyTencent + `]}`,
			decision: compliance.Allow,
			want:     []orderSummary{{Line: 1, Decision: compliance.Allow}},
		},
		{
			name:     "basket",
			reason:   "each order is decided on its own and the basket takes the strictest decision; line is the index in the request",
			body:     `{"orders": [` + buyTencent + `, ` + sellSenseTime + `, ` + buySenseTime + `], ` + held + `}`,
			decision: compliance.Block,
			want: []orderSummary{
				{Line: 1, Decision: compliance.Allow},
				{Line: 2, Decision: compliance.Warn, Rules: []string{"ns-cmic/divestment"}},
				{Line: 3, Decision: compliance.Block, Rules: []string{"ns-cmic/purchase"}, Reject: "ns-cmic/purchase"},
			},
		},
		{
			name:     "non-US person",
			reason:   "the NS-CMIC rules bind US persons only",
			body:     `{"orders": [{"account": "OFFSHORE-1", "ticker": "0020 HK", "side": "buy", "quantity": "10000", "trade_date": "2022-03-01", "us_person": false}]}`,
			decision: compliance.Allow,
			want:     []orderSummary{{Line: 1, Decision: compliance.Allow}},
		},
		{
			name:     "EU account",
			reason:   "an account bound by the EU only is not bound by the US rules: regimes as us_person=false",
			body:     `{"orders": [{"account": "PARIS-1", "ticker": "0020 HK", "side": "buy", "quantity": "10000", "trade_date": "2022-03-01", "regimes": "eu"}]}`,
			decision: compliance.Allow,
			want:     []orderSummary{{Line: 1, Decision: compliance.Allow}},
		},
		{
			name:     "bad identifier",
			reason:   "an identifier with a wrong check digit is not a request error: the order is unresolved, and blocked by the strict default",
			body:     `{"orders": [{"account": "ACC-1", "isin": "US0000000001", "side": "buy", "quantity": "1", "trade_date": "2022-03-01"}]}`,
			decision: compliance.Block,
			want:     []orderSummary{{Line: 1, Decision: compliance.Block, Unresolved: true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := ts.post(t, "/v1/orders/check", tt.body)
			if status != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", status, body)
			}
			var rep compliance.OrderReport
			decodeStrict(t, body, &rep)
			decision, got := summarize(&rep)
			if decision != tt.decision {
				t.Errorf("basket decision %s, want %s (%s)", decision, tt.decision, tt.reason)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("orders (-want +got), %s:\n%s", tt.reason, diff)
			}
			// The answer is exactly the library's OrderReport for the
			// same orders.
			want := directOrders(t, chk, tt.body)
			if diff := cmp.Diff(jsonValue(t, want), jsonValue(t, body)); diff != "" {
				t.Errorf("answer differs from compliance.CheckOrders (-direct +server):\n%s", diff)
			}
		})
	}
	t.Run("reject report", func(t *testing.T) {
		_, body := ts.post(t, "/v1/orders/check", `{"orders": [`+buySenseTime+`]}`)
		var rep compliance.OrderReport
		decodeStrict(t, body, &rep)
		r := rep.Orders[0].Reject
		want := &compliance.RejectRecord{Rule: "ns-cmic/purchase", Account: "ACC-1", Security: "ticker 0020 HK", Side: compliance.Buy,
			Quantity: "10000", TradeDate: holdings.MustDate("2022-03-01"), Entity: compliance.Entity{List: "NS-CMIC", ID: "33114", Name: "SENSETIME GROUP LIMITED"},
			ReportDue: holdings.MustDate("2022-03-15"),
			Reason:    "purchase: prohibited on or after the effective date 2022-02-08 (EO 13959 as amended by EO 14032; 31 CFR part 586)"}
		if diff := cmp.Diff(want, r); diff != "" {
			t.Errorf("reject report (-want +got):\n%s", diff)
		}
	})
}

// orderJSON and positionJSON decode a request the plain way (encoding/json),
// independently of the library's strict decoder.
type orderJSON struct {
	Account   string `json:"account"`
	ISIN      string `json:"isin"`
	Ticker    string `json:"ticker"`
	Name      string `json:"name"`
	Side      string `json:"side"`
	Quantity  string `json:"quantity"`
	TradeDate string `json:"trade_date"`
	USPerson  *bool  `json:"us_person"`
	Regimes   string `json:"regimes"`
}

type positionJSON struct {
	Account  string `json:"account"`
	ISIN     string `json:"isin"`
	Ticker   string `json:"ticker"`
	Name     string `json:"name"`
	Quantity string `json:"quantity"`
}

// directOrders decodes an orders request the plain way and checks it with
// chk in process: the answer the server must give.
func directOrders(t *testing.T, chk *compliance.Checker, body string) []byte {
	t.Helper()
	var req struct {
		Orders    []orderJSON    `json:"orders"`
		Positions []positionJSON `json:"positions"`
	}
	if err := json.Unmarshal([]byte(body), &req); err != nil {
		t.Fatal(err)
	}
	var orders []compliance.Order
	for i, o := range req.Orders {
		side, err := compliance.ParseSide(o.Side)
		if err != nil {
			t.Fatal(err)
		}
		var regimes []compliance.Regime
		for _, r := range strings.Split(o.Regimes, "|") {
			if r != "" {
				regimes = append(regimes, compliance.Regime(r))
			}
		}
		orders = append(orders, compliance.Order{Line: i + 1, Account: o.Account, Ref: holdings.Ref{ISIN: o.ISIN, Ticker: o.Ticker, Name: o.Name}, Side: side, Quantity: mustDecimal(t, o.Quantity), TradeDate: holdings.MustDate(o.TradeDate), NonUSPerson: o.USPerson != nil && !*o.USPerson, Regimes: regimes})
	}
	var book *holdings.Portfolio
	if len(req.Positions) > 0 {
		book = &holdings.Portfolio{}
		for i, p := range req.Positions {
			book.Holdings = append(book.Holdings, holdings.Holding{Line: i + 1, Account: p.Account, Ref: holdings.Ref{ISIN: p.ISIN, Ticker: p.Ticker, Name: p.Name}, Quantity: mustDecimal(t, p.Quantity)})
		}
	}
	b, err := json.Marshal(chk.CheckOrders(orders, book))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustDecimal(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := holdings.ParseQuantity(s)
	if err != nil {
		t.Fatalf("quantity: %v", err)
	}
	return d
}

// jsonValue decodes JSON into plain values, for comparing documents.
func jsonValue(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return v
}

func TestCheckPortfolio(t *testing.T) {
	// 03:00 UTC on 2 March is still 1 March in New York.
	ts := start(t, embeddedConfig, func(s *server) {
		s.now = func() time.Time { return time.Date(2022, 3, 2, 3, 0, 0, 0, time.UTC) }
	})
	chk := inProcess(t, embeddedConfig)
	book := &holdings.Portfolio{Holdings: []holdings.Holding{
		{Line: 1, Account: "FUND-A", Ref: holdings.Ref{Ticker: "0020 HK"}, Quantity: mustDecimal(t, "150000"), Acquired: holdings.MustDate("2021-11-02")},
		{Line: 2, Account: "FUND-A", Ref: holdings.Ref{Ticker: "0020 HK"}, Quantity: mustDecimal(t, "500"), Acquired: holdings.MustDate("2022-02-15")},
		{Line: 3, Account: "FUND-C", Ref: holdings.Ref{ISIN: "KYG875721634"}, Quantity: mustDecimal(t, "1000")},
		{Line: 4, Account: "FUND-C", Ref: holdings.Ref{ISIN: "US0000000001"}, Quantity: mustDecimal(t, "1")},
	}}
	holdingsJSON := `"holdings": [
		{"account": "FUND-A", "ticker": "0020 HK", "quantity": "150000", "market_value": "24750.00", "currency": "HKD", "acquired": "2021-11-02"},
		{"account": "FUND-A", "ticker": "0020 HK", "quantity": "500", "acquired": "2022-02-15"},
		{"account": "FUND-C", "isin": "KYG875721634", "quantity": "1000"},
		{"account": "FUND-C", "isin": "US0000000001", "quantity": "1"}]`
	for _, tt := range []struct {
		name, body string
		asOf       string
	}{
		{"as_of given", `{"as_of": "2022-03-01", ` + holdingsJSON + `}`, "2022-03-01"},
		{"as_of today in New York", `{` + holdingsJSON + `}`, "2022-03-01"},
		{"later date", `{"as_of": "2023-01-05", ` + holdingsJSON + `}`, "2023-01-05"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, body := ts.post(t, "/v1/portfolio/check", tt.body)
			if status != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", status, body)
			}
			var rep compliance.Report
			decodeStrict(t, body, &rep)
			if rep.AsOf.String() != tt.asOf {
				t.Errorf("as_of %s, want %s", rep.AsOf, tt.asOf)
			}
			want, err := json.Marshal(chk.CheckPortfolio(book, holdings.MustDate(tt.asOf)))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(jsonValue(t, want), jsonValue(t, body)); diff != "" {
				t.Errorf("answer differs from compliance.CheckPortfolio (-direct +server):\n%s", diff)
			}
			if tt.asOf == "2022-03-01" {
				got := map[string]bool{}
				for _, f := range rep.Violations {
					got[fmt.Sprintf("%d %s %s", f.Line, f.Rule, f.Entity.ID)] = true
				}
				for _, k := range []string{"1 ns-cmic/divestment 33114", "2 ns-cmic/purchase 33114"} {
					if !got[k] {
						t.Errorf("no finding %q in %v", k, got)
					}
				}
				if len(rep.Unresolved) != 1 || rep.Unresolved[0].Line != 4 || !rep.HasViolation() {
					t.Errorf("unresolved %+v, HasViolation %v; want line 4 unresolved, and a failing report", rep.Unresolved, rep.HasViolation())
				}
			}
		})
	}
}

func TestListReleases(t *testing.T) {
	ts := start(t, embeddedConfig)
	status, hdr, body := ts.do(t, http.MethodGet, "/v1/lists", "", nil)
	if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
		t.Fatalf("status %d, Content-Type %q: %s", status, hdr.Get("Content-Type"), body)
	}
	var got listsJSON
	decodeStrict(t, body, &got)
	l, err := lists.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	want := []compliance.ListInfo{{Name: "OFAC Consolidated (non-SDN) List", Source: "embedded:ofac-consolidated-2025-12", Format: lists.FormatOFACCSV,
		Date: "2025-12-19", SHA256: l.Release.SHA256, Entries: 442}}
	if diff := cmp.Diff(want, got.Lists); diff != "" {
		t.Errorf("lists (-want +got):\n%s", diff)
	}
	if _, err := time.Parse(time.RFC3339, got.LoadedAt); err != nil {
		t.Errorf("loaded_at %q: %v", got.LoadedAt, err)
	}
}

func TestBadRequests(t *testing.T) {
	ts := start(t, embeddedConfig)
	// Values that must never come back in an error text.
	const account, quantity = "SECRET-ACCT-991", "987654321"
	order := func(fields string) string {
		return `{"account": "` + account + `", "ticker": "0020 HK", "trade_date": "2022-03-01", ` + fields + `}`
	}
	good := order(`"side": "buy", "quantity": "` + quantity + `"`)
	many := `{"orders": [` + strings.Repeat(`{},`, compliance.MaxRequestItems) + `{}]}`
	huge := `{"orders": [` + good + `], "positions": [` + strings.Repeat(`{"account": "`+account+`", "ticker": "0020 HK", "quantity": "1"},`, maxBody/60) + `{}]}`
	tests := []struct {
		name, reason        string
		method, path, ctype string
		body                string
		status              int
		field               string
	}{
		{name: "bad JSON", reason: "truncated", body: `{"orders": [` + good, status: 400},
		{name: "syntax error", reason: "not JSON", body: `{"orders": [` + good + `,,]}`, status: 400},
		{name: "not an object", reason: "the body is an object", body: `[` + good + `]`, status: 400},
		{name: "empty body", reason: "nothing to check", body: ``, status: 400},
		{name: "trailing data", reason: "one object per request", body: `{"orders": [` + good + `]} {}`, status: 400},
		{name: "unknown top-level field", reason: "DisallowUnknownFields", body: `{"orders": [` + good + `], "order": []}`, status: 400, field: "order"},
		{name: "unknown order field", reason: "a misspelt key must not be ignored", body: `{"orders": [` + good + `, ` + order(`"side": "buy", "quantity": "1", "usperson": false`) + `]}`, status: 400, field: "orders[1].usperson"},
		{name: "orders not an array", reason: "type error names the field", body: `{"orders": {}}`, status: 400, field: "orders"},
		{name: "no orders", reason: "an empty basket is a mistake", body: `{"orders": []}`, status: 400, field: "orders"},
		{name: "null order", reason: "an order is an object", body: `{"orders": [null]}`, status: 400, field: "orders[0]"},
		{name: "no security", reason: "an order must name a security", body: `{"orders": [{"side": "buy", "quantity": "1", "trade_date": "2022-03-01"}]}`, status: 400, field: "orders[0]"},
		{name: "bad side", reason: "side is required and must be known", body: `{"orders": [` + good + `, ` + order(`"side": "purchase", "quantity": "`+quantity+`"`) + `]}`, status: 400, field: "orders[1].side"},
		{name: "quantity with exponent", reason: "no exponents", body: `{"orders": [` + order(`"side": "buy", "quantity": "9876e5"`) + `]}`, status: 400, field: "orders[0].quantity"},
		{name: "quantity NaN", reason: "no NaN", body: `{"orders": [` + order(`"side": "buy", "quantity": "NaN"`) + `]}`, status: 400, field: "orders[0].quantity"},
		{name: "quantity negative", reason: "an order's quantity is positive", body: `{"orders": [` + order(`"side": "buy", "quantity": "-`+quantity+`"`) + `]}`, status: 400, field: "orders[0].quantity"},
		{name: "quantity zero", reason: "an order's quantity is positive", body: `{"orders": [` + order(`"side": "buy", "quantity": "0"`) + `]}`, status: 400, field: "orders[0].quantity"},
		{name: "quantity separators", reason: "1,000 is never read as 1", body: `{"orders": [` + order(`"side": "buy", "quantity": "987,654,321"`) + `]}`, status: 400, field: "orders[0].quantity"},
		{name: "quantity a JSON number", reason: "quantities are strings, so no float rounding", body: `{"orders": [` + order(`"side": "buy", "quantity": `+quantity) + `]}`, status: 400, field: "orders[0].quantity"},
		{name: "bad trade date", reason: "2022-02-30 does not exist", body: `{"orders": [{"account": "` + account + `", "ticker": "0020 HK", "side": "buy", "quantity": "1", "trade_date": "2022-02-30"}]}`, status: 400, field: "orders[0].trade_date"},
		{name: "us_person not a boolean", reason: "us_person is true or false", body: `{"orders": [` + order(`"side": "buy", "quantity": "1", "us_person": "no"`) + `]}`, status: 400, field: "orders[0].us_person"},
		{name: "bad position quantity", reason: "positions are checked like orders", body: `{"orders": [` + good + `], "positions": [{"account": "` + account + `", "ticker": "20 HK", "quantity": "1e9"}]}`, status: 400, field: "positions[0].quantity"},
		{name: "too many orders", reason: "at most compliance.MaxRequestItems per request", body: many, status: 413, field: "orders"},
		{name: "body too large", reason: "at most maxBody bytes", body: huge, status: 413},
		{name: "wrong content type", reason: "HTML forms cannot post here", ctype: "text/plain", body: `{"orders": [` + good + `]}`, status: 415},
		{name: "portfolio bad as_of", reason: "as_of is YYYY-MM-DD", path: "/v1/portfolio/check", body: `{"as_of": "01/03/2022", "holdings": []}`, status: 400, field: "as_of"},
		{name: "portfolio bad acquired", reason: "acquired is YYYY-MM-DD", path: "/v1/portfolio/check", body: `{"holdings": [{"account": "` + account + `", "ticker": "0020 HK", "quantity": "` + quantity + `", "acquired": "2022-13-01"}]}`, status: 400, field: "holdings[0].acquired"},
		{name: "portfolio bad market value", reason: "a plain decimal", path: "/v1/portfolio/check", body: `{"holdings": [{"account": "` + account + `", "ticker": "0020 HK", "quantity": "1", "market_value": "` + quantity + `e2"}]}`, status: 400, field: "holdings[0].market_value"},
		{name: "portfolio unknown field", reason: "DisallowUnknownFields", path: "/v1/portfolio/check", body: `{"holdings": [{"account": "` + account + `", "ticker": "0020 HK", "quantity": "1", "qty": "1"}]}`, status: 400, field: "holdings[0].qty"},
		{name: "GET a POST endpoint", reason: "wrong method", method: "GET", status: 405},
		{name: "POST the lists", reason: "wrong method", method: "POST", path: "/v1/lists", status: 405},
		{name: "GET reload", reason: "a reload changes state: POST only", method: "GET", path: "/v1/lists/reload", status: 405},
		{name: "unknown path", reason: "404 in JSON", path: "/v1/order/check", status: 404},
		{name: "root", reason: "404 in JSON", method: "GET", path: "/", status: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method, path, ctype := tt.method, tt.path, tt.ctype
			if method == "" {
				method = http.MethodPost
			}
			if path == "" {
				path = "/v1/orders/check"
			}
			if ctype == "" {
				ctype = "application/json"
			}
			status, hdr, body := ts.do(t, method, path, ctype, []byte(tt.body))
			if status != tt.status {
				t.Errorf("status %d, want %d (%s): %s", status, tt.status, tt.reason, body)
			}
			if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q, want JSON", ct)
			}
			var e errorJSON
			decodeStrict(t, body, &e)
			if e.Error == "" || e.Field != tt.field {
				t.Errorf("error %q, field %q; want a message and field %q (%s)", e.Error, e.Field, tt.field, tt.reason)
			}
			if strings.Contains(string(body), account) || strings.Contains(string(body), quantity) {
				t.Errorf("the answer repeats an account number or quantity: %s", body)
			}
			if status == http.StatusMethodNotAllowed && hdr.Get("Allow") == "" {
				t.Error("405 without an Allow header")
			}
		})
	}
}

// TestHandler uses the handler without a process or a socket.
func TestHandler(t *testing.T) {
	s, err := newServer(embeddedConfig, options{})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	body := `{"orders": [{"ticker": "0020 HK", "side": "buy", "quantity": "1", "trade_date": "2022-01-10"}]}`
	req := httptest.NewRequest(http.MethodPost, "/v1/orders/check", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	s.Handler().ServeHTTP(rec, req)
	var rep compliance.OrderReport
	decodeStrict(t, rec.Body.Bytes(), &rep)
	if rec.Code != http.StatusOK || rep.Decision != compliance.Warn {
		t.Errorf("status %d, decision %s; want 200 and warn (2022-01-10 is before the effective date: pending)", rec.Code, rep.Decision)
	}
}

// writeRelease writes the OFAC legacy CSV files of a release into dir;
// each file is written to a temporary name and renamed into place.
func writeRelease(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for name, b := range files {
		tmp := filepath.Join(dir, "."+name+".tmp")
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
}

// releases returns two releases of the consolidated list: the quirks
// test set, whose entry 1 (ACME MISSILE WORKS LIMITED) is NS-CMIC, and a
// variant without entry 1; and their SHA-256 as the list reader computes
// them.
func releases(t *testing.T) (withCMIC, without map[string][]byte, shaWith, shaWithout string) {
	t.Helper()
	withCMIC, without = map[string][]byte{}, map[string][]byte{}
	for _, name := range []string{"cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "lists", "testdata", "quirks", name))
		if err != nil {
			t.Fatal(err)
		}
		withCMIC[name] = b
		var kept bytes.Buffer
		for _, line := range bytes.SplitAfter(b, []byte("\n")) {
			if !bytes.HasPrefix(line, []byte("1,")) {
				kept.Write(line)
			}
		}
		without[name] = kept.Bytes()
	}
	sha := func(files map[string][]byte) string {
		dir := t.TempDir()
		writeRelease(t, dir, files)
		l, err := lists.LoadOFAC(dir)
		if err != nil {
			t.Fatal(err)
		}
		return l.Release.SHA256
	}
	shaWith, shaWithout = sha(withCMIC), sha(without)
	if shaWith == shaWithout {
		t.Fatal("the two releases have one hash")
	}
	return withCMIC, without, shaWith, shaWithout
}

// TestReloadUnderLoad reloads the lists, between two releases, while 8
// clients send order checks, and checks that every answer comes from one
// whole release: the release the answer names decides it.
func TestReloadUnderLoad(t *testing.T) {
	withCMIC, without, shaWith, shaWithout := releases(t)
	live := t.TempDir()
	writeRelease(t, live, withCMIC)
	ts := start(t, compliance.Config{Lists: []string{live}, AcceptShrink: true})

	// ACME is an NS-CMIC company in one release and on no list in the
	// other; an order naming it is resolved by its name in both.
	const body = `{"orders": [{"account": "ACC-7", "name": "ACME MISSILE WORKS LIMITED", "side": "buy", "quantity": "100", "trade_date": "2022-03-01"}]}`
	const workers, perWorker = 8, 200
	var served, seenWith, seenWithout, failures atomic.Int64
	check := func(status int, b []byte) error {
		if status != http.StatusOK {
			return fmt.Errorf("status %d: %s", status, b)
		}
		var rep compliance.OrderReport
		if err := json.Unmarshal(b, &rep); err != nil {
			return err
		}
		if len(rep.Lists) != 1 || len(rep.Orders) != 1 {
			return fmt.Errorf("lists %+v, %d orders", rep.Lists, len(rep.Orders))
		}
		o := rep.Orders[0]
		switch sha := rep.Lists[0].SHA256; sha {
		case shaWith:
			seenWith.Add(1)
			if rep.Decision != compliance.Block || o.Decision != compliance.Block || len(o.Violations) != 1 || o.Reject == nil {
				return fmt.Errorf("release with ACME: decision %s, order %+v; want a block with a reject report", rep.Decision, o)
			}
			f := o.Violations[0]
			if f.Rule != compliance.RuleCMICPurchase || f.Entity.ID != "1" || f.Release.SHA256 != sha || o.Reject.Entity.ID != "1" {
				return fmt.Errorf("release with ACME: finding %+v not of this release's entry 1", f)
			}
		case shaWithout:
			seenWithout.Add(1)
			if rep.Decision != compliance.Allow || o.Decision != compliance.Allow || len(o.Violations) != 0 || o.Reject != nil || o.Unresolved != "" {
				return fmt.Errorf("release without ACME: decision %s, order %+v; want allow and nothing else", rep.Decision, o)
			}
		default:
			return fmt.Errorf("answer names release %s, neither of the two loaded", sha)
		}
		return nil
	}

	var wg sync.WaitGroup
	done := make(chan struct{})
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				resp, err := ts.client.Post(ts.base+"/v1/orders/check", "application/json", strings.NewReader(body))
				if err != nil {
					t.Errorf("request: %v", err)
					return
				}
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err == nil {
					err = check(resp.StatusCode, b)
				}
				if err != nil && failures.Add(1) <= 5 {
					t.Error(err)
				}
				served.Add(1)
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()

	// waitServed waits until n more answers have been given (or all).
	waitServed := func(n int64) {
		target := served.Load() + n
		deadline := time.After(60 * time.Second)
		for served.Load() < target {
			select {
			case <-done:
				return
			case <-deadline:
				t.Fatalf("stuck at %d answers", served.Load())
			case <-time.After(time.Millisecond):
			}
		}
	}
	inService := func() string {
		status, _, b := ts.do(t, http.MethodGet, "/v1/lists", "", nil)
		var l listsJSON
		if err := json.Unmarshal(b, &l); status != http.StatusOK || err != nil || len(l.Lists) != 1 {
			t.Fatalf("GET /v1/lists: %d %v %s", status, err, b)
		}
		return l.Lists[0].SHA256
	}

	reloads := 0
	waitServed(50)
	for i := 0; i < 8; i++ {
		files, sha := without, shaWithout
		if i%2 == 1 {
			files, sha = withCMIC, shaWith
		}
		if i == 4 {
			// A corrupt release fails to load; the one in service stays.
			before := inService()
			writeRelease(t, live, map[string][]byte{"cons_prim.csv": []byte("1,\"ACME\n")})
			status, b := ts.post(t, "/v1/lists/reload", "")
			var fail reloadFailure
			if err := json.Unmarshal(b, &fail); status != http.StatusInternalServerError || err != nil || fail.Error == "" ||
				len(fail.Lists) != 1 || fail.Lists[0].SHA256 != before {
				t.Errorf("failed reload answered %d %s; want 500 with the error and the lists still in service (%s)", status, b, before)
			}
			waitServed(50)
			if got := inService(); got != before {
				t.Errorf("after a failed reload the lists in service are %s, want %s", got, before)
			}
		}
		writeRelease(t, live, files)
		status, b := ts.post(t, "/v1/lists/reload", "")
		var l listsJSON
		if err := json.Unmarshal(b, &l); status != http.StatusOK || err != nil || len(l.Lists) != 1 || l.Lists[0].SHA256 != sha {
			t.Fatalf("reload %d answered %d %s; want 200 naming %s", i, status, b, sha)
		}
		reloads++
		waitServed(100)
	}
	<-done
	total := served.Load()
	t.Logf("%d answers (%d from the release with ACME, %d without) across %d reloads", total, seenWith.Load(), seenWithout.Load(), reloads)
	if total != workers*perWorker || seenWith.Load()+seenWithout.Load() != total-failures.Load() {
		t.Errorf("%d answers, %d failures; want %d", total, failures.Load(), workers*perWorker)
	}
	if seenWith.Load() == 0 || seenWithout.Load() == 0 {
		t.Errorf("answers from the release with ACME: %d, without: %d; want both", seenWith.Load(), seenWithout.Load())
	}
}

// listeningURL returns the URL of a "listening" log line, or "".
func listeningURL(line string) string {
	var l struct {
		Msg string `json:"msg"`
		URL string `json:"url"`
	}
	if json.Unmarshal([]byte(line), &l) == nil {
		if l.Msg != "listening" {
			return ""
		}
		return l.URL
	}
	// -log-format text: ... msg=listening url=http://... auth=...
	if !strings.Contains(line, " msg=listening ") {
		return ""
	}
	_, u, _ := strings.Cut(line, " url=")
	u, _, _ = strings.Cut(u, " ")
	return u
}

// TestRun runs the command as main does, and stops it as a signal would.
func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"-addr", "127.0.0.1:0", "-securities", "testdata/securities.csv"}, pw, nil)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var base string
	for base == "" && lines.Scan() {
		base = listeningURL(lines.Text())
	}
	go io.Copy(io.Discard, pr) // keep the log flowing
	if base == "" {
		t.Fatal("the server never said where it listens")
	}
	resp, err := http.Get(base + "/v1/lists")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /v1/lists: %d", resp.StatusCode)
	}
	cancel()
	select {
	case code := <-exit:
		if code != 0 {
			t.Errorf("exit %d after shutdown, want 0", code)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no shutdown")
	}
}

func TestRunUsage(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
	}{
		{"unknown flag", []string{"-nope"}},
		{"argument", []string{"extra"}},
		{"missing list", []string{"-list", filepath.Join(t.TempDir(), "none")}},
		{"bad securities", []string{"-securities", "server_test.go"}},
		{"bad address", []string{"-addr", "127.0.0.1:http-nope"}},
		{"missing funds", []string{"-funds", filepath.Join(t.TempDir(), "none")}},
		{"missing ownership", []string{"-ownership", filepath.Join(t.TempDir(), "none")}},
		{"missing waivers", []string{"-waivers", filepath.Join(t.TempDir(), "none")}},
		{"bad waivers", []string{"-waivers", "testdata/securities.csv"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(context.Background(), tt.args, &stderr, nil); code != 2 {
				t.Errorf("exit %d, want 2; stderr %s", code, stderr.String())
			}
		})
	}
}
