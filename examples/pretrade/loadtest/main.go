// Command loadtest drives the pre-trade service (examples/pretrade) with
// concurrent clients on the loopback interface and prints throughput,
// latency percentiles and the service's peak resident memory.
//
//	go run ./examples/pretrade/loadtest [-orders 8] [-clients 8] [-requests 20000] [-duration 60s]
//	    [-bin FILE] [-url http://127.0.0.1:PORT -token TOKEN [-pid PID]] [-- SERVICE FLAGS...]
//
// By default it builds examples/pretrade, writes a generated security
// master (internal/gen: 10,000 securities, about 1% of them listed) and a
// token file into a temporary directory, and starts the service as a child
// process on 127.0.0.1 with authentication and metrics on (it scrapes
// /metrics every second while the test runs). Each request is a basket
// of -orders orders drawn from the generated book (every identifier kind,
// buys and sells). The run is bounded by -requests and by -duration,
// whichever comes first, after a warm-up that is not counted. Peak RSS is
// the child's VmHWM from /proc (Linux). A 503 (over the orders-in-flight
// cap) is counted apart and retried after its Retry-After.
//
// With -url it drives a service already running (on loopback only), with
// -token as its Bearer token; -pid names the process for its peak RSS.
// Arguments after "--" go to the child service.
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/gen"
	"github.com/investscreen/investscreen/lists"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	orders := fs.Int("orders", 8, "orders per request (1 to 10,000)")
	clients := fs.Int("clients", 8, "concurrent clients")
	requests := fs.Int("requests", 20000, "requests to send after the warm-up (the bound on count)")
	duration := fs.Duration("duration", 60*time.Second, "longest the measured run may take (the bound on time)")
	bin := fs.String("bin", "", "pretrade binary to start; empty: build ./examples/pretrade")
	target := fs.String("url", "", "drive this running service (loopback only) instead of starting one")
	token := fs.String("token", "", "Bearer token for -url")
	pid := fs.Int("pid", 0, "process id of the -url service, for its peak RSS")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fail := func(err error) int { fmt.Fprintf(stderr, "loadtest: %v\n", err); return 1 }
	if *orders < 1 || *orders > 10000 || *clients < 1 || *requests < 1 || *duration <= 0 {
		fmt.Fprintln(stderr, "loadtest: -orders 1..10000, -clients, -requests and -duration positive")
		return 2
	}
	dir, err := os.MkdirTemp("", "loadtest")
	if err != nil {
		return fail(err)
	}
	defer os.RemoveAll(dir)
	book, err := makeBook(dir)
	if err != nil {
		return fail(err)
	}
	base, tok, childPID := *target, *token, *pid
	if base != "" {
		if err := loopbackURL(base); err != nil {
			return fail(err)
		}
	} else {
		svc, err := startService(dir, *bin, fs.Args(), stderr)
		if err != nil {
			return fail(err)
		}
		defer svc.stop(stderr)
		base, tok, childPID = svc.base, svc.token, svc.cmd.Process.Pid
	}
	bodies := makeBodies(book, *orders, 64)
	r := &runner{base: base, token: tok, bodies: bodies,
		client: &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients, DisableCompression: true}}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go r.scrape(ctx)
	warm := *clients * 4
	if warm > *requests/10+*clients {
		warm = *requests/10 + *clients
	}
	r.drive(*clients, warm, *duration)
	r.reset()
	res := r.drive(*clients, *requests, *duration)
	cancel()
	res.print(stdout, *orders, *clients, childPID)
	if res.failed > 0 {
		return 1
	}
	return 0
}

// makeBook generates the book the orders come from and writes its
// security master to dir/securities.csv.
func makeBook(dir string) (*gen.Book, error) {
	l, err := lists.Embedded()
	if err != nil {
		return nil, err
	}
	b := gen.NewBook(1, 20000, 10000, 0.01, l)
	f, err := os.Create(filepath.Join(dir, "securities.csv"))
	if err != nil {
		return nil, err
	}
	w := csv.NewWriter(f)
	w.Write([]string{"isin", "cusip", "sedol", "figi", "ticker", "issuer", "type", "underlying"})
	for _, s := range b.Securities {
		row := make([]string, 8)
		for _, id := range s.IDs {
			if id.Kind >= holdings.ISIN && id.Kind <= holdings.Ticker {
				row[id.Kind-holdings.ISIN] = id.Value
			}
		}
		row[5], row[6] = s.Issuer, string(s.Type)
		if !s.Underlying.IsZero() {
			row[7] = s.Underlying.Value
		}
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return nil, err
	}
	return b, f.Close()
}

// makeBodies returns n request bodies of k orders each, drawn in turn
// from the book's holdings: buys and sells, every identifier kind.
func makeBodies(b *gen.Book, k, n int) [][]byte {
	hs := b.Portfolio.Holdings
	type order struct {
		Account   string `json:"account"`
		ISIN      string `json:"isin,omitempty"`
		CUSIP     string `json:"cusip,omitempty"`
		SEDOL     string `json:"sedol,omitempty"`
		FIGI      string `json:"figi,omitempty"`
		Ticker    string `json:"ticker,omitempty"`
		Name      string `json:"name,omitempty"`
		Side      string `json:"side"`
		Quantity  string `json:"quantity"`
		TradeDate string `json:"trade_date"`
	}
	out := make([][]byte, n)
	next := 0
	for i := range out {
		req := struct {
			Orders []order `json:"orders"`
		}{}
		for j := 0; j < k; j++ {
			h := hs[next%len(hs)]
			next++
			side := "buy"
			if next%3 == 0 {
				side = "sell"
			}
			// Accounts as A0000..A4999 keep a 10,000-order basket under
			// the service's 1 MiB body limit.
			req.Orders = append(req.Orders, order{Account: "A" + strings.TrimPrefix(h.Account, "ACC-0"), ISIN: h.ISIN, CUSIP: h.CUSIP, SEDOL: h.SEDOL, FIGI: h.FIGI, Ticker: h.Ticker, Name: h.Name,
				Side: side, Quantity: h.Quantity.String(), TradeDate: "2026-11-24"})
		}
		out[i], _ = json.Marshal(req)
	}
	fmt.Fprintf(os.Stderr, "loadtest: %d request bodies of %d orders, the first %d bytes\n", n, k, len(out[0]))
	return out
}

func loopbackURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-url %s: the load test drives loopback addresses only", s)
	}
	return nil
}

// service is the child process.
type service struct {
	cmd   *exec.Cmd
	base  string
	token string
	done  chan struct{}
}

func startService(dir, bin string, extra []string, stderr io.Writer) (*service, error) {
	if bin == "" {
		bin = filepath.Join(dir, "pretrade")
		build := exec.Command("go", "build", "-o", bin, "./examples/pretrade")
		build.Stdout, build.Stderr = stderr, stderr
		if err := build.Run(); err != nil {
			return nil, fmt.Errorf("building examples/pretrade (run from the repository root): %w", err)
		}
	}
	var raw [24]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return nil, err
	}
	tok := hex.EncodeToString(raw[:])
	tokens := filepath.Join(dir, "tokens")
	if err := os.WriteFile(tokens, []byte("check loadtest "+tok+"\n"), 0o600); err != nil {
		return nil, err
	}
	args := append([]string{"-addr", "127.0.0.1:0", "-securities", filepath.Join(dir, "securities.csv"), "-tokens", tokens,
		"-log-format", "json", "-max-list-age", "100000"}, extra...)
	cmd := exec.Command(bin, args...)
	pipe, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &service{cmd: cmd, token: tok, done: make(chan struct{})}
	found := make(chan string, 1)
	go func() {
		defer close(s.done)
		sc := bufio.NewScanner(pipe)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			var l struct{ Msg, URL string }
			if json.Unmarshal(sc.Bytes(), &l) == nil && l.Msg == "listening" {
				found <- l.URL
			} else if !bytes.Contains(sc.Bytes(), []byte(`"msg":"request"`)) {
				fmt.Fprintf(stderr, "service: %s\n", sc.Bytes())
			}
		}
		close(found)
	}()
	select {
	case u, ok := <-found:
		if !ok {
			cmd.Wait()
			return nil, errors.New("the service exited before listening")
		}
		s.base = u
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		return nil, errors.New("the service did not listen within 60 s")
	}
	return s, nil
}

func (s *service) stop(stderr io.Writer) {
	s.cmd.Process.Signal(syscall.SIGTERM)
	waited := make(chan error, 1)
	go func() { <-s.done; waited <- s.cmd.Wait() }()
	select {
	case err := <-waited:
		if err != nil {
			fmt.Fprintf(stderr, "loadtest: the service exited: %v\n", err)
		}
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		fmt.Fprintln(stderr, "loadtest: the service did not stop on SIGTERM; killed")
	}
}

// runner sends the requests.
type runner struct {
	base, token string
	bodies      [][]byte
	client      *http.Client

	mu        sync.Mutex
	latencies []time.Duration // of the answers 200
	endToEnd  []time.Duration // from the first try, 503s and waits included
	statuses  map[int]int
	rejected  atomic.Int64
}

type result struct {
	latencies []time.Duration
	endToEnd  []time.Duration
	statuses  map[int]int
	rejected  int64
	failed    int
	elapsed   time.Duration
}

func (r *runner) reset() {
	r.mu.Lock()
	r.latencies, r.endToEnd, r.statuses = nil, nil, nil
	r.mu.Unlock()
	r.rejected.Store(0)
}

// drive sends n requests from c clients, or as many as fit in limit.
func (r *runner) drive(c, n int, limit time.Duration) result {
	var sent atomic.Int64
	deadline := time.Now().Add(limit)
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < c; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for k := i; ; k += c {
				if sent.Add(1) > int64(n) || time.Now().After(deadline) {
					return
				}
				r.one(r.bodies[k%len(r.bodies)])
			}
		}(i)
	}
	wg.Wait()
	r.mu.Lock()
	defer r.mu.Unlock()
	res := result{latencies: r.latencies, endToEnd: r.endToEnd, statuses: r.statuses, rejected: r.rejected.Load(), elapsed: time.Since(start)}
	for s, k := range res.statuses {
		if s != http.StatusOK {
			res.failed += k
		}
	}
	return res
}

// one sends one request, retrying after a 503's Retry-After.
func (r *runner) one(body []byte) {
	first := time.Now()
	for {
		req, _ := http.NewRequest(http.MethodPost, r.base+"/v1/orders/check", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+r.token)
		t0 := time.Now()
		resp, err := r.client.Do(req)
		status := 0
		if err == nil {
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if status = resp.StatusCode; err != nil {
				status = 0 // the answer was cut
			}
		}
		d := time.Since(t0)
		if status == http.StatusServiceUnavailable {
			r.rejected.Add(1)
			wait, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
			time.Sleep(time.Duration(wait) * time.Second)
			continue
		}
		r.mu.Lock()
		if r.statuses == nil {
			r.statuses = map[int]int{}
		}
		r.statuses[status]++
		if status == http.StatusOK {
			r.latencies = append(r.latencies, d)
			r.endToEnd = append(r.endToEnd, time.Since(first))
		}
		r.mu.Unlock()
		return
	}
}

// scrape reads /metrics every second, as Prometheus would.
func (r *runner) scrape(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if resp, err := r.client.Get(r.base + "/metrics"); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
	}
}

func (res result) print(w io.Writer, orders, clients, pid int) {
	secs := res.elapsed.Seconds()
	n := len(res.latencies)
	fmt.Fprintf(w, "orders/request %d, clients %d: %d answered 200 in %.2f s (%d other, %d overload 503s retried)\n", orders, clients, n, secs, res.failed, res.rejected)
	fmt.Fprintf(w, "throughput: %.0f requests/s, %.0f orders/s\n", float64(n)/secs, float64(n*orders)/secs)
	fmt.Fprintf(w, "latency of the answers: %s\n", percentiles(res.latencies))
	if res.rejected > 0 {
		fmt.Fprintf(w, "latency end to end (503s and Retry-After waits included): %s\n", percentiles(res.endToEnd))
	}
	if res.failed > 0 {
		fmt.Fprintf(w, "statuses: %v\n", res.statuses)
	}
	if pid > 0 {
		fmt.Fprintf(w, "service peak RSS (VmHWM, pid %d): %s\n", pid, procStatus(pid, "VmHWM"))
	}
	fmt.Fprintf(w, "load generator peak RSS: %s\n", procStatus(os.Getpid(), "VmHWM"))
}

// percentiles returns p50, p90, p99, p99.9 and max of l (sorted in place),
// each the nearest-rank value.
func percentiles(l []time.Duration) string {
	sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
	pct := func(p float64) time.Duration {
		if len(l) == 0 {
			return 0
		}
		i := int(math.Ceil(p*float64(len(l)))) - 1
		if i < 0 {
			i = 0
		}
		return l[i]
	}
	return fmt.Sprintf("p50 %s, p90 %s, p99 %s, p99.9 %s, max %s", ms(pct(.50)), ms(pct(.90)), ms(pct(.99)), ms(pct(.999)), ms(pct(1)))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

// procStatus returns a field of /proc/PID/status ("123456 kB" as "120.6 MB").
func procStatus(pid int, field string) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			if err != nil {
				return strings.TrimSpace(v)
			}
			return fmt.Sprintf("%.1f MB", float64(kb)/1024)
		}
	}
	return "unknown"
}
