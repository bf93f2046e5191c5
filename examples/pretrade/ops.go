package main

import (
	_ "embed"
	"fmt"
	"net/http"

	"github.com/investscreen/investscreen/holdings"
)

// openAPI is the service's contract, kept in the repository beside the
// code and checked against every handler's answers by the tests.
//
//go:embed openapi.json
var openAPI []byte

func serveOpenAPI(w http.ResponseWriter, _ *http.Request, _ *call) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	w.Write(openAPI)
}

// healthJSON answers GET /healthz and GET /readyz.
type healthJSON struct {
	Status  string   `json:"status"` // "ok", "ready" or "not ready"
	Reasons []string `json:"reasons,omitempty"`
}

// healthz answers 200 while the process serves at all.
func (s *server) healthz(w http.ResponseWriter, _ *http.Request, _ *call) {
	writeJSON(w, http.StatusOK, healthJSON{Status: "ok"})
}

// readyz answers 200 only when lists are loaded and none is older than
// the policy's maximum age (Policy.MaxListAge, or
// compliance.DefaultMaxListAge) or of unknown date, and the service is not
// shutting down; else 503 with every reason.
func (s *server) readyz(w http.ResponseWriter, _ *http.Request, _ *call) {
	if reasons := s.notReady(); len(reasons) > 0 {
		writeJSON(w, http.StatusServiceUnavailable, healthJSON{Status: "not ready", Reasons: reasons})
		return
	}
	writeJSON(w, http.StatusOK, healthJSON{Status: "ready"})
}

func (s *server) notReady() []string {
	var out []string
	if s.draining.Load() {
		out = append(out, "shutting down")
	}
	ls := s.live.Checker().Lists()
	if len(ls) == 0 {
		return append(out, "no lists loaded")
	}
	today := s.today()
	for _, l := range ls {
		d, err := holdings.ParseDate(l.Date)
		switch {
		case l.Date == "" || err != nil:
			out = append(out, fmt.Sprintf("list %q (%s) states no release date: its age cannot be checked", l.Name, l.Source))
		case today.Sub(d) > s.maxAge:
			out = append(out, fmt.Sprintf("list %q (%s) is of %s, %d days old (more than %d)", l.Name, l.Source, l.Date, today.Sub(d), s.maxAge))
		}
	}
	return out
}
