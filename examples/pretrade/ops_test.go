package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"

	"github.com/investscreen/investscreen/compliance"
)

// at returns a clock fixed at 15:00 UTC (10:00 or 11:00 in New York) of
// the date.
func at(date string) func(*server) {
	d, err := time.Parse("2006-01-02", date)
	if err != nil {
		panic(err)
	}
	return func(s *server) { s.now = func() time.Time { return d.Add(15 * time.Hour) } }
}

func TestReadyz(t *testing.T) {
	// The embedded list is of 2025-12-19.
	maxAge := func(days int) compliance.Config {
		cfg := embeddedConfig
		cfg.Policy.MaxListAge = days
		return cfg
	}
	tests := []struct {
		name, reason string
		cfg          compliance.Config
		today        string
		draining     bool
		status       int
		reason0      string // in the first reason
	}{
		{name: "fresh", reason: "a day old", cfg: embeddedConfig, today: "2025-12-20", status: 200},
		{name: "release day", reason: "age 0", cfg: embeddedConfig, today: "2025-12-19", status: 200},
		{name: "at the maximum age", reason: "30 days is not more than 30", cfg: embeddedConfig, today: "2026-01-18", status: 200},
		{name: "a day past the maximum age", reason: "31 days is stale", cfg: embeddedConfig, today: "2026-01-19", status: 503, reason0: "31 days old (more than 30)"},
		{name: "stale today", reason: "the snapshot is a year old", cfg: embeddedConfig, today: "2026-12-01", status: 503, reason0: "OFAC Consolidated"},
		{name: "longer policy", reason: "-max-list-age 400", cfg: maxAge(400), today: "2026-12-01", status: 200},
		{name: "shorter policy", reason: "-max-list-age 1", cfg: maxAge(1), today: "2025-12-21", status: 503, reason0: "2 days old (more than 1)"},
		{name: "shutting down", reason: "a draining service takes no new work", cfg: embeddedConfig, today: "2025-12-20", draining: true, status: 503, reason0: "shutting down"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := start(t, tt.cfg, at(tt.today))
			ts.draining.Store(tt.draining)
			status, _, body := ts.do(t, http.MethodGet, "/readyz", "", nil)
			var h healthJSON
			decodeStrict(t, body, &h)
			if status != tt.status {
				t.Fatalf("status %d, want %d (%s): %s", status, tt.status, tt.reason, body)
			}
			if tt.status == 200 && (h.Status != "ready" || len(h.Reasons) != 0) {
				t.Errorf("ready answer %+v", h)
			}
			if tt.status == 503 && (h.Status != "not ready" || len(h.Reasons) == 0 || !strings.Contains(h.Reasons[0], tt.reason0)) {
				t.Errorf("not-ready answer %+v; want a reason with %q", h, tt.reason0)
			}
			// Health does not depend on the lists.
			if status, _, body := ts.do(t, http.MethodGet, "/healthz", "", nil); status != 200 {
				t.Errorf("/healthz %d %s", status, body)
			}
		})
	}
}

// scrape returns the metrics in the Prometheus text format.
func (ts *testServer) scrape(t *testing.T) map[string]*dto.MetricFamily {
	t.Helper()
	status, hdr, body := ts.do(t, http.MethodGet, "/metrics", "", nil)
	if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %q", status, hdr.Get("Content-Type"))
	}
	var p expfmt.TextParser
	fams, err := p.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parsing /metrics: %v", err)
	}
	return fams
}

// value returns the value of the metric of family name whose labels
// include labels (a counter, gauge, or a histogram's count); -1 when none.
func value(fams map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	f := fams[name]
	if f == nil {
		return -1
	}
next:
	for _, m := range f.Metric {
		have := map[string]string{}
		for _, l := range m.Label {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range labels {
			if have[k] != v {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return -1
}

func TestMetrics(t *testing.T) {
	ts := start(t, embeddedConfig, at("2025-12-29"))
	const (
		block   = `{"account": "A", "ticker": "0020 HK", "side": "buy", "quantity": "1", "trade_date": "2022-03-01"}`
		allow   = `{"account": "A", "ticker": "0700 HK", "side": "buy", "quantity": "1", "trade_date": "2022-03-01"}`
		unknown = `{"account": "A", "isin": "US0000000001", "side": "buy", "quantity": "1", "trade_date": "2022-03-01"}`
	)
	for _, b := range []string{
		`{"orders": [` + block + `, ` + allow + `, ` + allow + `]}`,
		`{"orders": [` + unknown + `]}`,
	} {
		if status, body := ts.post(t, "/v1/orders/check", b); status != 200 {
			t.Fatalf("%d %s", status, body)
		}
	}
	if status, body := ts.post(t, "/v1/portfolio/check", onePortfolio); status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	if status, _ := ts.post(t, "/v1/orders/check", `{"orders": []}`); status != 400 {
		t.Fatalf("empty basket: %d", status)
	}
	if status, _ := ts.post(t, "/v1/lists/reload", ""); status != 200 {
		t.Fatalf("reload: %d", status)
	}
	ts.reload("signal")
	ts.do(t, http.MethodGet, "/nowhere", "", nil)
	fams := ts.scrape(t)
	for _, tt := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"investscreen_http_requests_total", map[string]string{"endpoint": "/v1/orders/check", "status": "200"}, 2},
		{"investscreen_http_requests_total", map[string]string{"endpoint": "/v1/orders/check", "status": "400"}, 1},
		{"investscreen_http_requests_total", map[string]string{"endpoint": "/v1/portfolio/check", "status": "200"}, 1},
		{"investscreen_http_requests_total", map[string]string{"endpoint": "other", "status": "404"}, 1},
		{"investscreen_http_request_duration_seconds", map[string]string{"endpoint": "/v1/orders/check", "status": "200"}, 2},
		{"investscreen_http_requests_in_flight", nil, 1}, // the scrape itself
		{"investscreen_items_in_flight", nil, 0},
		{"investscreen_decisions_total", map[string]string{"kind": "order", "decision": "block"}, 2},
		{"investscreen_decisions_total", map[string]string{"kind": "order", "decision": "allow"}, 2},
		{"investscreen_decisions_total", map[string]string{"kind": "portfolio", "decision": "pass"}, 1}, // a divestment warning only
		{"investscreen_findings_total", map[string]string{"kind": "order", "rule": "ns-cmic/purchase", "severity": "violation"}, 1},
		{"investscreen_findings_total", map[string]string{"kind": "order", "rule": "unresolved", "severity": "violation"}, 1},
		{"investscreen_findings_total", map[string]string{"kind": "portfolio", "rule": "ns-cmic/divestment", "severity": "warning"}, 1},
		{"investscreen_list_entries", map[string]string{"list": "OFAC Consolidated (non-SDN) List"}, 442},
		{"investscreen_list_age_days", map[string]string{"list": "OFAC Consolidated (non-SDN) List"}, 10},
		{"investscreen_reloads_total", map[string]string{"trigger": "http", "result": "ok"}, 1},
		{"investscreen_reloads_total", map[string]string{"trigger": "signal", "result": "ok"}, 1},
		{"investscreen_reloads_total", map[string]string{"trigger": "http", "result": "failed"}, 0},
		{"investscreen_overload_rejections_total", nil, 0},
	} {
		if got := value(fams, tt.name, tt.labels); got != tt.want {
			t.Errorf("%s%v = %v, want %v", tt.name, tt.labels, got, tt.want)
		}
	}
	if value(fams, "investscreen_lists_loaded_timestamp_seconds", nil) <= 0 {
		t.Error("no investscreen_lists_loaded_timestamp_seconds")
	}
	for name := range fams {
		if !strings.HasPrefix(name, "investscreen_") && !strings.HasPrefix(name, "go_") && !strings.HasPrefix(name, "process_") && !strings.HasPrefix(name, "promhttp_") {
			t.Errorf("metric %s: the service's own names start with investscreen_", name)
		}
	}
	if _, ok := fams["investscreen_decision_log_write_seconds"]; ok {
		t.Error("the decision log's latency is exposed without a decision log")
	}
	ts.metrics.registerDecisionLog()
	ts.metrics.logWrite.Observe(0.001)
	if got := value(ts.scrape(t), "investscreen_decision_log_write_seconds", nil); got != 1 {
		t.Errorf("decision log write latency count %v after the hook, want 1", got)
	}
}

// waitMetric waits until the metric of the service at base reaches want.
func waitMetric(t *testing.T, base, name string, labels map[string]string, want float64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		var p expfmt.TextParser
		fams, err := p.TextToMetricFamilies(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		got := value(fams, name, labels)
		if got == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s%v = %v, want %v", name, labels, got, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// runService runs the command with args until the test ends; it returns
// the base URL, the hup channel, and a stop function giving the exit
// status.
func runService(t *testing.T, args ...string) (string, chan<- os.Signal, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	exit := make(chan int, 1)
	hup := make(chan os.Signal, 1)
	go func() {
		exit <- run(ctx, args, pw, hup)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	var base string
	var log []string
	for base == "" && lines.Scan() {
		log = append(log, lines.Text())
		base = listeningURL(lines.Text())
	}
	go io.Copy(io.Discard, pr)
	if base == "" {
		cancel()
		t.Fatalf("the service did not start: exit %d\n%s", <-exit, strings.Join(log, "\n"))
	}
	stopped := false
	var code int
	stop := func() int {
		if !stopped {
			stopped = true
			cancel()
			select {
			case code = <-exit:
			case <-time.After(20 * time.Second):
				t.Fatal("no shutdown")
			}
		}
		return code
	}
	t.Cleanup(func() { stop() })
	return base, hup, stop
}

func TestRunFlags(t *testing.T) {
	good := writeTokens(t, goodTokens, 0o600)
	tests := []struct {
		name string
		args []string
		exit int
	}{
		{"help", []string{"-help"}, exitOK},
		{"tokens missing", []string{"-tokens", filepath.Join(t.TempDir(), "none")}, exitUsage},
		{"tokens readable by others", []string{"-tokens", writeTokens(t, goodTokens, 0o644)}, exitUsage},
		{"tokens readable by group", []string{"-tokens", writeTokens(t, goodTokens, 0o640)}, exitUsage},
		{"short token", []string{"-tokens", writeTokens(t, "check router 0123456789abcde\n", 0o600)}, exitUsage},
		{"no loopback without tokens", []string{"-addr", "0.0.0.0:0"}, exitUsage},
		{"all interfaces without tokens", []string{"-addr", ":0"}, exitUsage},
		{"max-list-age 0", []string{"-max-list-age", "0"}, exitUsage},
		{"max-inflight below a request", []string{"-max-inflight", "100"}, exitUsage},
		{"queue-wait 0", []string{"-queue-wait", "0s"}, exitUsage},
		{"shutdown-grace negative", []string{"-shutdown-grace", "-1s"}, exitUsage},
		{"log format", []string{"-log-format", "xml"}, exitUsage},
		{"good tokens but bad list", []string{"-tokens", good, "-list", filepath.Join(t.TempDir(), "none")}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(context.Background(), tt.args, &stderr, nil); code != tt.exit {
				t.Errorf("exit %d, want %d; stderr %s", code, tt.exit, stderr.String())
			}
			if strings.Contains(stderr.String(), "0123456789abcde") {
				t.Errorf("stderr quotes a token: %s", stderr.String())
			}
		})
	}
}

// TestRunWithTokens starts the command on every interface with tokens,
// which it allows, and checks that it asks for them.
func TestRunWithTokens(t *testing.T) {
	base, _, stop := runService(t, "-addr", "0.0.0.0:0", "-tokens", writeTokens(t, goodTokens, 0o600), "-log-format", "json")
	_, port, err := net.SplitHostPort(strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	base = "http://127.0.0.1:" + port
	for _, tt := range []struct {
		token  string
		status int
	}{{"", 401}, {checkToken, 200}} {
		req, _ := http.NewRequest(http.MethodGet, base+"/v1/lists", nil)
		if tt.token != "" {
			req.Header.Set("Authorization", "Bearer "+tt.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("token %q: %d, want %d", tt.token, resp.StatusCode, tt.status)
		}
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit %d after shutdown, want 0", code)
	}
}

// TestSIGHUP reloads through the signal path: new files on disk, a
// SIGHUP, the new release in service.
func TestSIGHUP(t *testing.T) {
	withCMIC, without, shaWith, shaWithout := releases(t)
	dir := t.TempDir()
	writeRelease(t, dir, withCMIC)
	// The second release drops the NS-CMIC entries: more than the
	// default share a release may lose, so the test accepts the loss.
	base, hup, stop := runService(t, "-list", dir, "-accept-shrink")
	inService := func() string {
		resp, err := http.Get(base + "/v1/lists")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var l listsJSON
		if err := json.NewDecoder(resp.Body).Decode(&l); err != nil || len(l.Lists) != 1 {
			t.Fatalf("GET /v1/lists: %v %+v", err, l)
		}
		return l.Lists[0].SHA256
	}
	if got := inService(); got != shaWith {
		t.Fatalf("in service %s, want %s", got, shaWith)
	}
	writeRelease(t, dir, without)
	hup <- syscall.SIGHUP
	deadline := time.Now().Add(10 * time.Second)
	for inService() != shaWithout {
		if time.Now().After(deadline) {
			t.Fatal("SIGHUP did not reload the lists")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// A corrupt release on SIGHUP keeps the one in service.
	writeRelease(t, dir, map[string][]byte{"cons_prim.csv": []byte("1,\"ACME\n")})
	hup <- syscall.SIGHUP
	waitMetric(t, base, "investscreen_reloads_total", map[string]string{"trigger": "signal", "result": "failed"}, 1)
	if got := inService(); got != shaWithout {
		t.Errorf("after a failed reload %s is in service, want %s", got, shaWithout)
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit %d, want 0", code)
	}
}

// TestDrain stops the service while a request is in flight: the request
// is answered, then serve returns cleanly; a request that outlives the
// grace period makes serve fail.
func TestDrain(t *testing.T) {
	for _, tt := range []struct {
		name    string
		grace   time.Duration
		finish  bool
		wantErr bool
	}{
		{"drained", 10 * time.Second, true, false},
		{"grace exceeded", 200 * time.Millisecond, false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, err := newServer(embeddedConfig, options{})
			if err != nil {
				t.Fatal(err)
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			served := make(chan error, 1)
			go func() { served <- s.serve(ctx, ln, tt.grace) }()
			pr, pw := io.Pipe()
			answered := make(chan int, 1)
			go func() {
				req, _ := http.NewRequest(http.MethodPost, "http://"+ln.Addr().String()+"/v1/orders/check", pr)
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					answered <- 0
					return
				}
				resp.Body.Close()
				answered <- resp.StatusCode
			}()
			io.WriteString(pw, oneOrder[:20]) // the request is in flight
			for s.sem.inUse() == 0 {
				time.Sleep(time.Millisecond)
			}
			cancel() // SIGTERM
			time.Sleep(50 * time.Millisecond)
			if !s.draining.Load() {
				t.Error("not draining after the stop")
			}
			if tt.finish {
				io.WriteString(pw, oneOrder[20:])
				pw.Close()
				if status := <-answered; status != http.StatusOK {
					t.Errorf("the request in flight was answered %d, want 200", status)
				}
			}
			err = <-served
			if (err != nil) != tt.wantErr {
				t.Errorf("serve: %v, want error %v", err, tt.wantErr)
			}
			pw.Close()
		})
	}
}

// TestSIGHUPTokens rotates a token through SIGHUP: the new one is
// accepted and the old one refused without a restart; a token file that
// no longer passes keeps the tokens in service.
func TestSIGHUPTokens(t *testing.T) {
	file := writeTokens(t, "check router "+checkToken+"\n", 0o600)
	base, hup, stop := runService(t, "-tokens", file)
	status := func(tok string) int {
		req, _ := http.NewRequest(http.MethodGet, base+"/v1/lists", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status(checkToken); got != 200 {
		t.Fatalf("the token in the file: %d", got)
	}
	const rotated = "chk-rotated-0000000001"
	if err := os.WriteFile(file, []byte("check router "+rotated+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	hup <- syscall.SIGHUP
	deadline := time.Now().Add(10 * time.Second)
	for status(rotated) != 200 {
		if time.Now().After(deadline) {
			t.Fatal("the rotated token was never accepted")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got := status(checkToken); got != 401 {
		t.Errorf("the old token after rotation: %d, want 401", got)
	}
	for _, bad := range []struct {
		name, content string
		perm          os.FileMode
	}{{"short token", "check router short\n", 0o600}, {"readable by others", "check router chk-other-000000000001\n", 0o644}} {
		failed := 1.0
		if bad.perm != 0o600 {
			failed = 2
		}
		if err := os.WriteFile(file, []byte(bad.content), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(file, bad.perm); err != nil {
			t.Fatal(err)
		}
		hup <- syscall.SIGHUP
		waitMetric(t, base, "investscreen_reloads_total", map[string]string{"trigger": "tokens", "result": "failed"}, failed)
		if got := status(rotated); got != 200 {
			t.Errorf("%s: the token in service answered %d after a bad token file, want 200 (kept)", bad.name, got)
		}
		if got := status("short"); got != 401 {
			t.Errorf("%s: a token of the bad file answered %d", bad.name, got)
		}
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit %d", code)
	}
}

// TestRunOptions starts the command with every option set to a good
// value and checks the ones a client can see: -max-list-age reaches
// /readyz, -log-format text gives text logs.
func TestRunOptions(t *testing.T) {
	get := func(base, path string) int {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// The embedded list is of 2025-12-19: stale under the default 30 days
	// from 2026-01-19 on, fresh under 100,000 days for centuries.
	for _, tt := range []struct {
		name  string
		args  []string
		ready int
	}{
		{"defaults", nil, http.StatusServiceUnavailable},
		{"every option", []string{"-securities", "testdata/securities.csv", "-max-list-age", "100000", "-max-inflight", "50000",
			"-queue-wait", "2s", "-shutdown-grace", "1s", "-log-format", "text"}, http.StatusOK},
		{"json logs", []string{"-max-list-age", "100000", "-log-format", "json"}, http.StatusOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base, _, stop := runService(t, tt.args...)
			if got := get(base, "/readyz"); got != tt.ready {
				t.Errorf("/readyz %d, want %d", got, tt.ready)
			}
			if got := get(base, "/healthz"); got != http.StatusOK {
				t.Errorf("/healthz %d", got)
			}
			if code := stop(); code != exitOK {
				t.Errorf("exit %d", code)
			}
		})
	}
}
