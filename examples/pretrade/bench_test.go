package main

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/investscreen/investscreen/compliance"
)

// BenchmarkServeOrders is one request through the whole handler
// (authentication, admission, decoding, the check, metrics, the request
// log in JSON, encoding), without the network: the service's own cost per
// request.
func BenchmarkServeOrders(b *testing.B) {
	tok, err := readTokens("bench", strings.NewReader("check bench "+checkToken+"\n"))
	if err != nil {
		b.Fatal(err)
	}
	s, err := newServer(embeddedConfig, options{tokens: tok, log: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	for _, n := range []int{8, 10000} {
		var sb strings.Builder
		sb.WriteString(`{"orders": [`)
		for i := 0; i < n; i++ {
			if i > 0 {
				sb.WriteString(",")
			}
			ticker := []string{"0700 HK", "0020 HK", "X0001 US"}[i%3]
			fmt.Fprintf(&sb, `{"account":"ACC-%05d","ticker":%q,"side":"buy","quantity":"%d","trade_date":"2026-11-24"}`, i%5000, ticker, 100+i)
		}
		sb.WriteString("]}")
		body := sb.String()
		b.Run(fmt.Sprintf("orders=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest(http.MethodPost, "/v1/orders/check", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+checkToken)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body.String())
				}
			}
		})
	}
}

// BenchmarkDecodeOrders is the library's strict decoder alone, for
// comparison with BenchmarkServeOrders.
func BenchmarkDecodeOrders(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"orders": [`)
	for i := 0; i < 8; i++ {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"account":"ACC-%05d","ticker":"0700 HK","side":"buy","quantity":"%d","trade_date":"2026-11-24"}`, i, 100+i)
	}
	sb.WriteString("]}")
	body := sb.String()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := compliance.DecodeOrderRequest(strings.NewReader(body)); err != nil {
			b.Fatal(err)
		}
	}
}
