package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestLoopbackURL(t *testing.T) {
	for _, tt := range []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080", true},
		{"http://[::1]:8080", true},
		{"http://localhost:8080", true},
		{"http://10.0.0.1:8080", false},
		{"http://example.com", false},
		{"http://0.0.0.0:8080", false},
	} {
		if err := loopbackURL(tt.url); (err == nil) != tt.ok {
			t.Errorf("loopbackURL(%s) = %v, want ok %v", tt.url, err, tt.ok)
		}
	}
}

func TestPercentiles(t *testing.T) {
	var l []time.Duration
	for i := 100; i >= 1; i-- {
		l = append(l, time.Duration(i)*time.Millisecond)
	}
	got := percentiles(l)
	want := "p50 50.00 ms, p90 90.00 ms, p99 99.00 ms, p99.9 100.00 ms, max 100.00 ms"
	if got != want {
		t.Errorf("percentiles = %q, want %q (nearest rank)", got, want)
	}
	if got := percentiles(nil); !strings.HasPrefix(got, "p50 0.00 ms") {
		t.Errorf("percentiles(nil) = %q", got)
	}
}

// TestBodies checks the generated requests: the size asked for, valid
// JSON, and a 10,000-order basket under the service's 1 MiB limit.
func TestBodies(t *testing.T) {
	b, err := makeBook(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []int{8, 10000} {
		bodies := makeBodies(b, k, 2)
		if bytes.Equal(bodies[0], bodies[1]) {
			t.Errorf("%d orders: the two bodies are the same", k)
		}
		var req struct {
			Orders []map[string]any `json:"orders"`
		}
		if err := json.Unmarshal(bodies[0], &req); err != nil || len(req.Orders) != k {
			t.Fatalf("%d orders: %v, %d decoded", k, err, len(req.Orders))
		}
		if len(bodies[0]) > 1<<20 {
			t.Errorf("%d orders: %d bytes, over the service's 1 MiB", k, len(bodies[0]))
		}
	}
}
