package main

import (
	"errors"
	"strings"
	"testing"
)

// FuzzReadTokens feeds the token file parser anything: it never panics,
// an error is always errTokens and never quotes a line, and what it
// accepts holds only valid scopes, unique names, and tokens it finds.
func FuzzReadTokens(f *testing.F) {
	f.Add(goodTokens)
	f.Add("check a " + checkToken + "\nadmin a " + adminToken + "\n")
	f.Add("check short\n")
	f.Add("# only a comment\n\n")
	f.Add("admin \x00\x01 " + adminToken + "\n")
	f.Fuzz(func(t *testing.T, content string) {
		tok, err := readTokens("fuzz", strings.NewReader(content))
		if err != nil {
			if !errors.Is(err, errTokens) {
				t.Fatalf("error %v does not match errTokens", err)
			}
			for _, line := range strings.Split(content, "\n") {
				if f := strings.Fields(line); len(f) >= 2 && len(f[len(f)-1]) >= minTokenLen && strings.Contains(err.Error(), f[len(f)-1]) {
					t.Fatalf("the error %q quotes a token", err)
				}
			}
			return
		}
		names := map[string]bool{}
		for i, c := range tok.callers {
			if c.scope != scopeCheck && c.scope != scopeAdmin || names[c.name] || checkName(c.name) != nil {
				t.Fatalf("accepted caller %d: %+v", i, c)
			}
			names[c.name] = true
		}
		for _, line := range strings.Split(content, "\n") {
			f := strings.Fields(line)
			if len(f) < 2 || strings.HasPrefix(f[0], "#") {
				continue
			}
			if _, ok := tok.lookup(f[len(f)-1]); !ok {
				t.Fatalf("the token of line %q is not accepted", line)
			}
		}
	})
}
