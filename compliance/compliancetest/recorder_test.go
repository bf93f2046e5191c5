package compliancetest_test

import (
	"fmt"
	"strings"
	"testing"
)

// recorder is a TestingT that records what an assertion or a builder
// reports instead of failing the test: the Errorf messages, whether
// FailNow was called, and how often Helper was.
type recorder struct {
	errors  []string
	stopped bool
	helpers int
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) FailNow() { r.stopped = true }

func (r *recorder) Helper() { r.helpers++ }

func (r *recorder) Logf(format string, args ...any) {}

// text is everything reported, joined.
func (r *recorder) text() string { return strings.Join(r.errors, "\n") }

// failed asserts, on the real t, that the recorder saw a failure whose
// text holds every one of want.
func (r *recorder) failed(t *testing.T, want ...string) {
	t.Helper()
	if len(r.errors) == 0 {
		t.Fatalf("no failure reported, want one mentioning %q", want)
	}
	txt := r.text()
	for _, w := range want {
		if !strings.Contains(txt, w) {
			t.Errorf("failure message lacks %q; it is:\n%s", w, txt)
		}
	}
}

// passed asserts, on the real t, that the recorder saw no failure.
func (r *recorder) passed(t *testing.T) {
	t.Helper()
	if len(r.errors) != 0 || r.stopped {
		t.Fatalf("failure reported (FailNow %v):\n%s", r.stopped, r.text())
	}
}
