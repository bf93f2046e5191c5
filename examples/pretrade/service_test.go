package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/investscreen/investscreen/compliance"
)

// Test tokens (each at least 16 characters).
const (
	checkToken = "chk-0123456789abcdef"
	adminToken = "adm-fedcba9876543210"
	bareToken  = "bare-token-without-name"
)

// writeTokens writes a token file with mode perm and returns its path.
func writeTokens(t *testing.T, content string, perm os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "tokens")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, perm); err != nil {
		t.Fatal(err)
	}
	return p
}

const goodTokens = "# scope name token\ncheck order-router " + checkToken + "\n\nadmin ops-alice " + adminToken + "\ncheck " + bareToken + "\n"

func TestLoadTokens(t *testing.T) {
	long := strings.Repeat("x", maxTokenLen+1)
	tests := []struct {
		name, reason string
		content      string
		perm         os.FileMode
		line         int // of the error; 0 for none or for the file
		wantErr      bool
	}{
		{name: "good", reason: "names, derived names, comments and blank lines", content: goodTokens, perm: 0o600},
		{name: "owner read only", reason: "0400 is as private as 0600", content: goodTokens, perm: 0o400},
		{name: "group readable", reason: "others in the group could read the tokens", content: goodTokens, perm: 0o640, wantErr: true},
		{name: "world readable", reason: "anyone could read the tokens", content: goodTokens, perm: 0o604, wantErr: true},
		{name: "group writable", reason: "a group member could add a token", content: goodTokens, perm: 0o620, wantErr: true},
		{name: "short token", reason: "fewer than 16 characters is guessable", content: "check short-1 0123456789abcde\n", perm: 0o600, line: 1, wantErr: true},
		{name: "short bare token", reason: "the length rule holds for unnamed tokens too", content: "check " + checkToken + "\nadmin abc\n", perm: 0o600, line: 2, wantErr: true},
		{name: "too long", reason: "a bound on every line", content: "check x " + long + "\n", perm: 0o600, line: 1, wantErr: true},
		{name: "unknown scope", reason: "a typo must not grant anything", content: "admn ops " + adminToken + "\n", perm: 0o600, line: 1, wantErr: true},
		{name: "four fields", reason: "SCOPE NAME TOKEN at most", content: "check a b " + checkToken + "\n", perm: 0o600, line: 1, wantErr: true},
		{name: "one field", reason: "a token alone has no scope", content: checkToken + "\n", perm: 0o600, line: 1, wantErr: true},
		{name: "duplicate token", reason: "one token, one caller", content: "check a " + checkToken + "\nadmin b " + checkToken + "\n", perm: 0o600, line: 2, wantErr: true},
		{name: "duplicate name", reason: "the actor must say who it was", content: "check a " + checkToken + "\nadmin a " + adminToken + "\n", perm: 0o600, line: 2, wantErr: true},
		{name: "bad name", reason: "names go into logs and databases as they are", content: "check a;drop " + checkToken + "\n", perm: 0o600, line: 1, wantErr: true},
		{name: "control character in token", reason: "printable ASCII only", content: "check a chk-0123456789\x7fabcdef\n", perm: 0o600, line: 1, wantErr: true},
		{name: "no token", reason: "a file of comments would refuse everyone silently", content: "# none yet\n", perm: 0o600, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeTokens(t, tt.content, tt.perm)
			tok, err := loadTokens(p)
			if !tt.wantErr {
				if err != nil {
					t.Fatalf("loadTokens: %v (%s)", err, tt.reason)
				}
				for _, c := range []struct{ tok, name, scope string }{
					{checkToken, "order-router", scopeCheck},
					{adminToken, "ops-alice", scopeAdmin},
					{bareToken, "token-", scopeCheck},
				} {
					got, ok := tok.lookup(c.tok)
					if !ok || !strings.HasPrefix(got.name, c.name) || got.scope != c.scope {
						t.Errorf("lookup(%s) = %+v, %v; want name %s..., scope %s", c.name, got, ok, c.name, c.scope)
					}
				}
				if got, _ := tok.lookup(bareToken); len(got.name) != len(derivedPrefix)+12 {
					t.Errorf("derived name %q: want token- and 12 hex digits", got.name)
				}
				if _, ok := tok.lookup(checkToken + "x"); ok {
					t.Error("a token with a character more was accepted")
				}
				return
			}
			if !errors.Is(err, errTokens) {
				t.Fatalf("loadTokens: %v; want an error matching errTokens (%s)", err, tt.reason)
			}
			var te *tokenError
			if !errors.As(err, &te) || te.Line != tt.line {
				t.Errorf("error %v: want a *tokenError at line %d", err, tt.line)
			}
			for _, secret := range []string{checkToken, adminToken, "0123456789abcde"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("the error quotes a token: %v", err)
				}
			}
		})
	}
	t.Run("directory", func(t *testing.T) {
		if _, err := loadTokens(t.TempDir()); !errors.Is(err, errTokens) {
			t.Errorf("a directory: %v, want errTokens", err)
		}
	})
	t.Run("missing", func(t *testing.T) {
		if _, err := loadTokens(filepath.Join(t.TempDir(), "none")); !errors.Is(err, os.ErrNotExist) || !errors.Is(err, errTokens) {
			t.Errorf("a missing file: %v, want errTokens and fs.ErrNotExist", err)
		}
	})
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// logLine is one request line of the log.
type logLine struct {
	Msg       string  `json:"msg"`
	ID        string  `json:"id"`
	Method    string  `json:"method"`
	Path      string  `json:"path"`
	Status    int     `json:"status"`
	LatencyMS float64 `json:"latency_ms"`
	Actor     string  `json:"actor"`
	Items     int     `json:"items"`
}

func requestLines(t *testing.T, log string) []logLine {
	t.Helper()
	var out []logLine
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		if line == "" {
			continue
		}
		var l logLine
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if l.Msg == "request" {
			out = append(out, l)
		}
	}
	return out
}

// send sends a request with the given headers.
func (ts *testServer) send(t *testing.T, method, path string, hdr map[string]string, body string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := ts.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

const (
	secretAccount = "SECRET-ACCT-4711"
	secretQty     = "7654321"
	oneOrder      = `{"orders": [{"account": "` + secretAccount + `", "ticker": "0020 HK", "side": "buy", "quantity": "` + secretQty + `", "trade_date": "2022-03-01"}]}`
	onePortfolio  = `{"as_of": "2022-03-01", "holdings": [{"account": "` + secretAccount + `", "ticker": "0020 HK", "quantity": "` + secretQty + `"}]}`
)

func TestAuthentication(t *testing.T) {
	tok, err := loadTokens(writeTokens(t, goodTokens, 0o600))
	if err != nil {
		t.Fatal(err)
	}
	var log syncBuffer
	ts := startWith(t, embeddedConfig, options{tokens: tok, log: slog.New(slog.NewJSONHandler(&log, nil))})
	json := map[string]string{"Content-Type": "application/json"}
	with := func(token string) map[string]string {
		h := map[string]string{"Content-Type": "application/json"}
		if token != "" {
			h["Authorization"] = "Bearer " + token
		}
		return h
	}
	tests := []struct {
		name, reason string
		method, path string
		hdr          map[string]string
		body         string
		status       int
		actor        string
	}{
		{"no token", "every /v1 call needs a token", "POST", "/v1/orders/check", json, oneOrder, 401, "anonymous"},
		{"unknown token", "a token not in the file", "POST", "/v1/orders/check", with("chk-0123456789abcdeX"), oneOrder, 401, "anonymous"},
		{"prefix of a token", "no partial match", "POST", "/v1/orders/check", with(checkToken[:16]), oneOrder, 401, "anonymous"},
		{"basic scheme", "only Bearer", "POST", "/v1/orders/check", map[string]string{"Content-Type": "application/json", "Authorization": "Basic " + checkToken}, oneOrder, 401, "anonymous"},
		{"lowercase bearer", "the scheme is case-insensitive (RFC 9110)", "POST", "/v1/orders/check", map[string]string{"Content-Type": "application/json", "Authorization": "bearer " + checkToken}, oneOrder, 200, "order-router"},
		{"no token, unknown path", "nothing is told before authentication", "GET", "/v1/nothing", nil, "", 401, "anonymous"},
		{"check orders", "scope check", "POST", "/v1/orders/check", with(checkToken), oneOrder, 200, "order-router"},
		{"check portfolio", "scope check", "POST", "/v1/portfolio/check", with(checkToken), onePortfolio, 200, "order-router"},
		{"check lists", "GET /v1/lists is scope check", "GET", "/v1/lists", with(checkToken), "", 200, "order-router"},
		{"check reload", "reload needs admin", "POST", "/v1/lists/reload", with(checkToken), "", 403, "order-router"},
		{"bare token", "a token without a name gets a derived one", "GET", "/v1/lists", with(bareToken), "", 200, "token-"},
		{"admin reload", "scope admin", "POST", "/v1/lists/reload", with(adminToken), "", 200, "ops-alice"},
		{"admin checks", "admin may also check", "POST", "/v1/orders/check", with(adminToken), oneOrder, 200, "ops-alice"},
		{"unknown path with token", "404 after authentication", "GET", "/v1/nothing", with(checkToken), "", 404, "order-router"},
		{"healthz", "no token needed", "GET", "/healthz", nil, "", 200, "anonymous"},
		{"metrics", "no token needed", "GET", "/metrics", nil, "", 200, "anonymous"},
		{"openapi", "no token needed", "GET", "/openapi.json", nil, "", 200, "anonymous"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(requestLines(t, log.String()))
			status, hdr, body := ts.send(t, tt.method, tt.path, tt.hdr, tt.body)
			if status != tt.status {
				t.Fatalf("status %d, want %d (%s): %s", status, tt.status, tt.reason, body)
			}
			switch status {
			case 401:
				if !strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Bearer") {
					t.Errorf("401 without WWW-Authenticate: Bearer")
				}
			case 403:
				if !strings.Contains(hdr.Get("WWW-Authenticate"), "insufficient_scope") {
					t.Errorf("403 for scope without insufficient_scope: %q", hdr.Get("WWW-Authenticate"))
				}
			}
			// The line is written once the answer is: wait for it.
			lines := requestLines(t, log.String())
			for deadline := time.Now().Add(5 * time.Second); len(lines) == before && time.Now().Before(deadline); {
				time.Sleep(time.Millisecond)
				lines = requestLines(t, log.String())
			}
			if len(lines) != before+1 {
				t.Fatalf("%d request log lines after the request, want %d", len(lines), before+1)
			}
			l := lines[len(lines)-1]
			if !strings.HasPrefix(l.Actor, tt.actor) || l.Status != status || l.ID == "" || l.ID != hdr.Get("X-Request-ID") || l.Method != tt.method {
				t.Errorf("log line %+v: want actor %s..., status %d, the id answered (%s)", l, tt.actor, status, hdr.Get("X-Request-ID"))
			}
		})
	}
	for _, secret := range []string{checkToken, adminToken, bareToken, checkToken[:16], secretAccount, secretQty} {
		if strings.Contains(log.String(), secret) {
			t.Errorf("the log holds %q: tokens and order contents never go into the log", secret)
		}
	}
}

// TestStateChanging checks that the POST endpoints take only JSON and no
// cross-origin browser request, with tokens and without.
func TestStateChanging(t *testing.T) {
	tok, err := loadTokens(writeTokens(t, goodTokens, 0o600))
	if err != nil {
		t.Fatal(err)
	}
	for _, auth := range []struct {
		name  string
		o     options
		token string
	}{{"without tokens", options{}, ""}, {"with tokens", options{tokens: tok}, adminToken}} {
		t.Run(auth.name, func(t *testing.T) {
			ts := startWith(t, embeddedConfig, auth.o)
			host := strings.TrimPrefix(ts.base, "http://")
			for _, ep := range []struct{ path, body string }{
				{"/v1/orders/check", oneOrder}, {"/v1/portfolio/check", onePortfolio}, {"/v1/lists/reload", ""},
			} {
				for _, tt := range []struct {
					name   string
					hdr    map[string]string
					status int
				}{
					{"json", map[string]string{"Content-Type": "application/json"}, 200},
					{"json utf-8", map[string]string{"Content-Type": "application/json; charset=utf-8"}, 200},
					{"no content type", map[string]string{}, 415},
					{"text/plain", map[string]string{"Content-Type": "text/plain"}, 415},
					{"form", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 415},
					{"json latin-1", map[string]string{"Content-Type": "application/json; charset=iso-8859-1"}, 415},
					{"json-ish", map[string]string{"Content-Type": "application/jsonx"}, 415},
					{"other origin", map[string]string{"Content-Type": "application/json", "Origin": "https://evil.example"}, 403},
					{"null origin", map[string]string{"Content-Type": "application/json", "Origin": "null"}, 403},
					{"same origin", map[string]string{"Content-Type": "application/json", "Origin": "http://" + host}, 200},
					{"cross-site fetch", map[string]string{"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"}, 403},
					{"same-site fetch", map[string]string{"Content-Type": "application/json", "Sec-Fetch-Site": "same-site"}, 403},
					{"same-origin fetch", map[string]string{"Content-Type": "application/json", "Sec-Fetch-Site": "same-origin"}, 200},
					{"text/plain cross-site", map[string]string{"Content-Type": "text/plain", "Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}, 403},
				} {
					t.Run(ep.path+" "+tt.name, func(t *testing.T) {
						if auth.token != "" {
							tt.hdr["Authorization"] = "Bearer " + auth.token
						}
						status, _, body := ts.send(t, http.MethodPost, ep.path, tt.hdr, ep.body)
						if status != tt.status {
							t.Errorf("status %d, want %d: %s", status, tt.status, body)
						}
					})
				}
			}
			t.Run("reload with parameters", func(t *testing.T) {
				hdr := map[string]string{"Content-Type": "application/json"}
				if auth.token != "" {
					hdr["Authorization"] = "Bearer " + auth.token
				}
				for _, body := range []string{`{"lists": []}`, `[]`, `null`, `{`} {
					if status, _, b := ts.send(t, http.MethodPost, "/v1/lists/reload", hdr, body); status != 400 {
						t.Errorf("reload with %s: %d %s, want 400", body, status, b)
					}
				}
				if status, _, b := ts.send(t, http.MethodPost, "/v1/lists/reload", hdr, " {} "); status != 200 {
					t.Errorf("reload with {}: %d %s, want 200", status, b)
				}
			})
		})
	}
}

// TestOverload fills the orders-in-flight semaphore and checks that a
// check waits at most the queue wait and is answered 503 with Retry-After,
// that other endpoints still answer, and that room again means 200.
func TestOverload(t *testing.T) {
	ts := startWith(t, embeddedConfig, options{maxInFlight: 2 * compliance.MaxRequestItems, queueWait: 50 * time.Millisecond})
	if !ts.sem.acquire(context.Background(), ts.sem.size) {
		t.Fatal("could not take the semaphore")
	}
	for _, ep := range []struct{ path, body string }{{"/v1/orders/check", oneOrder}, {"/v1/portfolio/check", onePortfolio}} {
		status, hdr, body := ts.do(t, http.MethodPost, ep.path, "application/json", []byte(ep.body))
		if status != http.StatusServiceUnavailable || hdr.Get("Retry-After") != "1" {
			t.Errorf("%s at the cap: %d, Retry-After %q: %s; want 503 with Retry-After 1", ep.path, status, hdr.Get("Retry-After"), body)
		}
	}
	if status, _, _ := ts.do(t, http.MethodGet, "/v1/lists", "", nil); status != 200 {
		t.Errorf("GET /v1/lists at the cap: %d, want 200 (it carries no orders)", status)
	}
	if status, _, _ := ts.do(t, http.MethodGet, "/healthz", "", nil); status != 200 {
		t.Errorf("GET /healthz at the cap: %d", status)
	}
	// A request waiting in the queue gets in when room is made.
	done := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, ts.base+"/v1/orders/check", strings.NewReader(oneOrder))
		req.Header.Set("Content-Type", "application/json")
		resp, err := ts.client.Do(req)
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	time.Sleep(10 * time.Millisecond)
	ts.sem.release(ts.sem.size)
	if status := <-done; status != http.StatusOK && status != http.StatusServiceUnavailable {
		t.Errorf("after release: %d", status)
	}
	if status, _, b := ts.do(t, http.MethodPost, "/v1/orders/check", "application/json", []byte(oneOrder)); status != 200 {
		t.Errorf("with room: %d %s, want 200", status, b)
	}
	if n := ts.sem.inUse(); n != 0 {
		t.Errorf("%d units still held after every request was answered", n)
	}
}

func TestWeighBody(t *testing.T) {
	const max = 2 * compliance.MaxRequestItems
	for _, tt := range []struct {
		name   string
		length int64
		want   int64
	}{
		{"unknown length", -1, max},
		{"empty", 0, 0},
		{"one item", minItemBytes, 1},
		{"a byte more", minItemBytes + 1, 2},
		{"10,000 small items", 10000 * minItemBytes, 10000},
		{"the largest body", maxBody, max},
		{"beyond the largest body", maxBody + 1, max},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := &http.Request{ContentLength: tt.length}
			if got := weighBody(max)(r); got != tt.want {
				t.Errorf("weighBody(%d) = %d, want %d", tt.length, got, tt.want)
			}
		})
	}
	// The estimate bounds what the decoder can accept: minItemBytes is
	// no more than the shortest order or position it takes.
	for _, item := range []string{`{"isin":"X","quantity":"1"}`, `{"name":"A","side":"b","quantity":"1","trade_date":"2022-03-01"}`} {
		if len(item)+1 < minItemBytes {
			t.Errorf("%s with its comma is %d bytes, fewer than minItemBytes %d", item, len(item)+1, minItemBytes)
		}
	}
}

func TestWeighted(t *testing.T) {
	s := newWeighted(10)
	ctx := context.Background()
	if !s.acquire(ctx, 6) {
		t.Fatal("acquire 6 of 10")
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if s.acquire(short, 5) {
		t.Fatal("acquired 5 with 4 free")
	}
	// First come, first served: a large waiter is not passed by a small one.
	big := make(chan bool)
	go func() { big <- s.acquire(ctx, 8) }()
	for {
		s.mu.Lock()
		n := s.waiters.Len()
		s.mu.Unlock()
		if n == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	small, cancel2 := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel2()
	if s.acquire(small, 1) {
		t.Error("a small request passed a large one waiting")
	}
	s.release(6)
	if !<-big {
		t.Fatal("the large waiter never got in")
	}
	if got := s.inUse(); got != 8 {
		t.Errorf("in use %d, want 8", got)
	}
	s.release(8)
	if !s.acquire(ctx, 50) || s.inUse() != 10 { // more than the size takes the whole
		t.Errorf("acquire(50) of 10: in use %d, want 10", s.inUse())
	}
	s.release(50)
	if got := s.inUse(); got != 0 {
		t.Errorf("in use %d after releasing everything", got)
	}
}
