package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

var (
	apiOnce   sync.Once
	apiDoc    *openapi3.T
	apiRouter routers.Router
	apiErr    error
)

// openAPIRouter loads the embedded document once, validates it as an
// OpenAPI 3 document, and returns a router over it (servers dropped, so
// that any test address matches).
func openAPIRouter(t testing.TB) (*openapi3.T, routers.Router) {
	t.Helper()
	apiOnce.Do(func() {
		l := openapi3.NewLoader()
		apiDoc, apiErr = l.LoadFromData(openAPI)
		if apiErr != nil {
			return
		}
		if apiErr = apiDoc.Validate(context.Background()); apiErr != nil {
			return
		}
		apiDoc.Servers = nil
		apiRouter, apiErr = legacy.NewRouter(apiDoc)
	})
	if apiErr != nil {
		t.Fatalf("openapi.json: %v", apiErr)
	}
	return apiDoc, apiRouter
}

// validating is an http.RoundTripper that checks every answer against the
// OpenAPI document (status, headers, body schema), and every request the
// service accepted (2xx) against it too: the document cannot drift from
// the code without a test failing. Requests the service refused are
// meant to be bad; their answers still have to be documented.
type validating struct {
	t    testing.TB
	next http.RoundTripper
}

func (v *validating) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		if err != nil {
			return nil, err
		}
		req.Body.Close()
		reqBody = b
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	resp, err := v.next.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	v.check(req, reqBody, resp, body)
	return resp, nil
}

func (v *validating) check(req *http.Request, reqBody []byte, resp *http.Response, body []byte) {
	_, router := openAPIRouter(v.t)
	vreq := req.Clone(context.Background())
	vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := router.FindRoute(vreq)
	if err != nil {
		if resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusMethodNotAllowed &&
			resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusForbidden {
			v.t.Errorf("openapi: %s %s answered %d but is not in the document: %v", req.Method, req.URL.Path, resp.StatusCode, err)
		}
		return
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route, Options: opts}
	if resp.StatusCode/100 == 2 {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			v.t.Errorf("openapi: %s %s was answered %d but the document refuses the request: %v", req.Method, req.URL.Path, resp.StatusCode, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header, Body: io.NopCloser(bytes.NewReader(body)), Options: opts}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		v.t.Errorf("openapi: the answer %d to %s %s does not match the document: %v\n%.500s", resp.StatusCode, req.Method, req.URL.Path, err, body)
	}
}

// TestOpenAPIRoutes checks that the document and the router list the same
// endpoints, with the same methods.
func TestOpenAPIRoutes(t *testing.T) {
	doc, _ := openAPIRouter(t)
	s, err := newServer(embeddedConfig, options{})
	if err != nil {
		t.Fatal(err)
	}
	var inDoc, inCode []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			inDoc = append(inDoc, method+" "+path)
		}
	}
	for path, rt := range s.routes {
		inCode = append(inCode, rt.method+" "+path)
	}
	sort.Strings(inDoc)
	sort.Strings(inCode)
	if strings.Join(inDoc, "\n") != strings.Join(inCode, "\n") {
		t.Errorf("endpoints in openapi.json:\n%s\nin the router:\n%s", strings.Join(inDoc, "\n"), strings.Join(inCode, "\n"))
	}
	for path, rt := range s.routes {
		op := doc.Paths.Find(path).GetOperation(rt.method)
		secured := op.Security == nil || len(*op.Security) > 0
		if secured != (rt.scope != "") {
			t.Errorf("%s %s: the document says secured %v, the router needs scope %q", rt.method, path, secured, rt.scope)
		}
	}
}

// TestOpenAPIServed checks that GET /openapi.json serves the document in
// the repository, byte for byte.
func TestOpenAPIServed(t *testing.T) {
	ts := start(t, embeddedConfig)
	status, hdr, body := ts.do(t, http.MethodGet, "/openapi.json", "", nil)
	if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") || !bytes.Equal(body, openAPI) {
		t.Errorf("GET /openapi.json: %d %q, %d bytes; want 200, JSON, the %d bytes of openapi.json", status, hdr.Get("Content-Type"), len(body), len(openAPI))
	}
}
