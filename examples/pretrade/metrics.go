package main

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/holdings"
)

// metrics are the service's Prometheus metrics, on a registry of their
// own (no package-level state). Every name starts with investscreen_;
// the registry also holds the standard go_ and process_ collectors.
type metrics struct {
	reg        *prometheus.Registry
	h          http.Handler
	requests   *prometheus.CounterVec   // endpoint, status
	latency    *prometheus.HistogramVec // endpoint, status
	inFlight   prometheus.Gauge
	items      prometheus.Gauge       // orders, positions, holdings in flight
	decisions  *prometheus.CounterVec // kind, decision
	findings   *prometheus.CounterVec // kind, rule, severity
	reloads    *prometheus.CounterVec // trigger, result
	overloaded prometheus.Counter

	// logWrite is the decision log's write latency. The decision log
	// (compliance/audit) observes it once per committed record or batch:
	// call registerDecisionLog when a log is configured, so that the
	// metric exists only where a log does.
	logWrite prometheus.Histogram
}

// Endpoint labels are the routes' paths, or "other" for any other path,
// so that a scanner cannot blow up the label set.
const otherEndpoint = "other"

// newMetrics returns the metrics of a service whose lists live in live.
func newMetrics(live *compliance.Live, today func() holdings.Date) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "investscreen_http_requests_total",
			Help: "HTTP requests answered, by endpoint and status code.",
		}, []string{"endpoint", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "investscreen_http_request_duration_seconds",
			Help:    "Time from a request's arrival to its answer, by endpoint and status code.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"endpoint", "status"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "investscreen_http_requests_in_flight",
			Help: "HTTP requests being served.",
		}),
		items: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "investscreen_items_in_flight",
			Help: "Orders, positions and holdings admitted and not yet answered (the load-shaping semaphore's units in use).",
		}),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "investscreen_decisions_total",
			Help: "Decisions made: kind order (decision allow, warn or block, one per order) or portfolio (decision pass or fail, one per check).",
		}, []string{"kind", "decision"}),
		findings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "investscreen_findings_total",
			Help: "Findings reported, by kind (order or portfolio), rule id and severity (waived findings as severity waived; unresolved securities as rule unresolved).",
		}, []string{"kind", "rule", "severity"}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "investscreen_reloads_total",
			Help: "Reloads, by trigger (http or signal for the lists; tokens and certificate for the token file and the TLS certificate on SIGHUP) and result (ok, failed).",
		}, []string{"trigger", "result"}),
		overloaded: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "investscreen_overload_rejections_total",
			Help: "Requests answered 503 because the orders in flight were at the cap for longer than the queue wait.",
		}),
		logWrite: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "investscreen_decision_log_write_seconds",
			Help:    "Time to commit decisions to the decision log.",
			Buckets: []float64{.0001, .0005, .001, .002, .005, .01, .025, .05, .1, .25, 1},
		}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.inFlight, m.items, m.decisions, m.findings, m.reloads, m.overloaded,
		&listCollector{live: live, today: today},
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.h = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError, MaxRequestsInFlight: 4})
	for _, t := range []string{"http", "signal", "tokens", "certificate"} {
		for _, r := range []string{"ok", "failed"} {
			m.reloads.WithLabelValues(t, r)
		}
	}
	return m
}

// registerDecisionLog adds investscreen_decision_log_write_seconds to
// the registry: the hook for the decision log, which observes m.logWrite.
func (m *metrics) registerDecisionLog() { m.reg.MustRegister(m.logWrite) }

func (m *metrics) handler() http.Handler { return m.h }

func (m *metrics) observe(endpoint string, status int, d time.Duration) {
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(endpoint, code).Inc()
	m.latency.WithLabelValues(endpoint, code).Observe(d.Seconds())
}

func (m *metrics) orders(rep *compliance.OrderReport) {
	counts := map[compliance.Decision]int{}
	type key struct{ rule, severity string }
	found := map[key]int{}
	for i := range rep.Orders {
		o := &rep.Orders[i]
		counts[o.Decision]++
		for j := range o.Violations {
			found[key{o.Violations[j].Rule, severityLabel(&o.Violations[j])}]++
		}
		if o.Unresolved != "" {
			found[key{compliance.RuleUnresolved, string(compliance.Violation)}]++
		}
	}
	for d, n := range counts {
		m.decisions.WithLabelValues("order", string(d)).Add(float64(n))
	}
	for k, n := range found {
		m.findings.WithLabelValues("order", k.rule, k.severity).Add(float64(n))
	}
}

func (m *metrics) portfolio(rep *compliance.Report) {
	outcome := "pass"
	if rep.HasViolation() {
		outcome = "fail"
	}
	m.decisions.WithLabelValues("portfolio", outcome).Inc()
	for i := range rep.Violations {
		m.findings.WithLabelValues("portfolio", rep.Violations[i].Rule, severityLabel(&rep.Violations[i])).Inc()
	}
	for i := range rep.Unresolved {
		sev := string(rep.Unresolved[i].Severity)
		if rep.Unresolved[i].Waived {
			sev = "waived"
		}
		m.findings.WithLabelValues("portfolio", compliance.RuleUnresolved, sev).Inc()
	}
}

func severityLabel(f *compliance.Finding) string {
	if f.Waived {
		return "waived"
	}
	return string(f.Severity)
}

// listCollector reports the lists in service when scraped: entries and
// age in days per list, and when they were loaded.
type listCollector struct {
	live  *compliance.Live
	today func() holdings.Date
}

var (
	listEntriesDesc = prometheus.NewDesc("investscreen_list_entries", "Entries of each list release in service.", []string{"list", "source"}, nil)
	listAgeDesc     = prometheus.NewDesc("investscreen_list_age_days", "Days from each list release's date to today in New York (absent when the release states no date).", []string{"list", "source"}, nil)
	listsLoadedDesc = prometheus.NewDesc("investscreen_lists_loaded_timestamp_seconds", "When the lists in service were loaded (Unix time).", nil, nil)
)

func (c *listCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- listEntriesDesc
	ch <- listAgeDesc
	ch <- listsLoadedDesc
}

func (c *listCollector) Collect(ch chan<- prometheus.Metric) {
	chk := c.live.Checker()
	today := c.today()
	seen := map[[2]string]bool{}
	for _, l := range chk.Lists() {
		k := [2]string{l.Name, l.Source}
		if seen[k] {
			continue
		}
		seen[k] = true
		ch <- prometheus.MustNewConstMetric(listEntriesDesc, prometheus.GaugeValue, float64(l.Entries), l.Name, l.Source)
		if d, err := holdings.ParseDate(l.Date); err == nil && l.Date != "" {
			ch <- prometheus.MustNewConstMetric(listAgeDesc, prometheus.GaugeValue, float64(today.Sub(d)), l.Name, l.Source)
		}
	}
	if t := chk.BuiltAt(); !t.IsZero() {
		ch <- prometheus.MustNewConstMetric(listsLoadedDesc, prometheus.GaugeValue, float64(t.UnixNano())/1e9)
	}
}
