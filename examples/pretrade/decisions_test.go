package main

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/investscreen/investscreen/compliance/audit"
	"github.com/investscreen/investscreen/compliance/audit/auditdb"
)

// TestDecisionLog: every order the service answers is in the decision log
// before the answer (one record per order, the decision and the actor as
// given); GET /v1/decisions pages through them; and when the log cannot
// be written the service answers 503 with no decision (fail closed).
func TestDecisionLog(t *testing.T) {
	ctx := context.Background()
	dlog, err := auditdb.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "decisions.db"), audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := startWith(t, embeddedConfig, options{decisions: dlog})
	body := `{"orders": [{"account": "A1", "ticker": "0020 HK", "side": "buy", "quantity": "100", "trade_date": "2022-03-01"},
		{"account": "A2", "ticker": "0700 HK", "side": "buy", "quantity": "1", "trade_date": "2022-03-01"}]}`
	if status, b := ts.post(t, "/v1/orders/check", body); status != http.StatusOK {
		t.Fatalf("status %d: %s", status, b)
	}
	if status, b := ts.post(t, "/v1/portfolio/check", `{"as_of": "2022-03-01", "holdings": [{"account": "A1", "ticker": "0020 HK", "quantity": "1"}]}`); status != http.StatusOK {
		t.Fatalf("portfolio: status %d: %s", status, b)
	}
	status, _, b := ts.do(t, http.MethodGet, "/v1/decisions?limit=2", "", nil)
	if status != http.StatusOK {
		t.Fatalf("GET /v1/decisions: %d %s", status, b)
	}
	var page audit.Page
	if err := json.Unmarshal(b, &page); err != nil || len(page.Decisions) != 2 || page.Next == "" {
		t.Fatalf("page %+v, %v: want 2 of 3 decisions and a cursor", page, err)
	}
	status, _, b = ts.do(t, http.MethodGet, "/v1/decisions?cursor="+page.Next, "", nil)
	var rest audit.Page
	if status != http.StatusOK || json.Unmarshal(b, &rest) != nil || len(rest.Decisions) != 1 || rest.Next != "" {
		t.Fatalf("second page %d %s", status, b)
	}
	byAccount := map[string]string{}
	for _, r := range append(page.Decisions, rest.Decisions...) {
		if r.Kind == audit.KindOrder {
			byAccount[r.Account] = string(r.Decision)
		}
		if r.Actor != "anonymous" {
			t.Errorf("actor %q, want anonymous (no tokens)", r.Actor)
		}
	}
	if byAccount["A1"] != "block" || byAccount["A2"] != "allow" {
		t.Errorf("decisions in the log %v, want A1 block and A2 allow", byAccount)
	}
	if _, err := dlog.Verify(ctx); err != nil {
		t.Errorf("verify: %v", err)
	}
	if status, _, b := ts.do(t, http.MethodGet, "/v1/decisions?from=yesterday", "", nil); status != http.StatusBadRequest {
		t.Errorf("bad parameter: %d %s, want 400", status, b)
	}
	// The log can no longer be written: no decision is answered.
	dlog.Close()
	status, b2 := ts.post(t, "/v1/orders/check", body)
	if status != http.StatusServiceUnavailable {
		t.Fatalf("with the log closed: %d %s, want 503", status, b2)
	}
	var e errorJSON
	if json.Unmarshal(b2, &e) != nil || e.Error == "" {
		t.Errorf("503 body %s", b2)
	}
	if status, b := ts.post(t, "/v1/portfolio/check", `{"as_of": "2022-03-01", "holdings": [{"ticker": "0020 HK", "quantity": "1"}]}`); status != http.StatusServiceUnavailable {
		t.Errorf("portfolio with the log closed: %d %s, want 503", status, b)
	}
}
