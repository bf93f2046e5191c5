package report

import (
	"errors"

	"github.com/investscreen/investscreen/compliance"
	"github.com/investscreen/investscreen/internal/printable"
)

// ErrNoReport is returned by the writers when given a nil report.
var ErrNoReport = errors.New("report: no report to write")

// steps returns the text of each step of f's path, escaped. It is the
// only place the package reads Finding.Path.
func steps(f *compliance.Finding) []string {
	out := make([]string, len(f.Path))
	for i := range f.Path {
		out[i] = printable.Escape(f.Path[i].Text)
	}
	return out
}

// via returns the funds a finding went through, escaped.
func via(f *compliance.Finding) []string {
	out := make([]string, len(f.Via))
	for i, s := range f.Via {
		out[i] = printable.Escape(s)
	}
	return out
}
