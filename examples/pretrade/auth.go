package main

import (
	"bufio"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// The token file (-tokens FILE) holds one token a line:
//
//	SCOPE NAME TOKEN
//	SCOPE TOKEN
//
// SCOPE is "check" (the check endpoints and GET /v1/lists) or "admin"
// (reload, GET /v1/decisions, and everything check may do). NAME is who
// the token belongs to ("order-router", "ops-alice"): the actor in the
// logs and in the decision log; the token itself is never written
// anywhere. A line with no NAME gets "token-" and the first 12 hex digits
// of the token's SHA-256. TOKEN is at least minTokenLen characters of
// printable ASCII with no space. Blank lines and lines starting with '#'
// are ignored. Names and tokens must each be unique. The file must not be
// readable, writable or executable by group or others (chmod 600).

// Scopes of a token.
const (
	scopeCheck = "check"
	scopeAdmin = "admin"
)

// Limits of the token file.
const (
	minTokenLen   = 16
	maxTokenLen   = 4096
	maxTokenFile  = 1 << 20 // bytes
	maxNameLen    = 64
	derivedPrefix = "token-"
)

// errTokens is matched (errors.Is) by every error about the token file.
var errTokens = errors.New("bad token file")

// tokenError is an error about one line of the token file; it never
// quotes the line (it may hold a token).
type tokenError struct {
	File string
	Line int
	Msg  string
}

func (e *tokenError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

func (e *tokenError) Unwrap() error { return errTokens }

// caller is who a token belongs to.
type caller struct {
	name  string
	scope string
}

// may reports whether the caller's scope allows an endpoint of scope want.
func (c caller) may(want string) bool { return c.scope == scopeAdmin || c.scope == want }

// tokens are the tokens a service accepts, kept only as SHA-256 hashes.
// It is read-only once built and safe for concurrent use.
type tokens struct {
	hashes  [][sha256.Size]byte
	callers []caller
}

// loadTokens reads the token file at path, refusing one that group or
// others may read.
func loadTokens(path string) (*tokens, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errTokens, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errTokens, err)
	}
	if !st.Mode().IsRegular() {
		return nil, &tokenError{File: path, Msg: "not a regular file"}
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		return nil, &tokenError{File: path, Msg: fmt.Sprintf("permissions %04o let group or others at the tokens: chmod 600 it", perm)}
	}
	return readTokens(path, f)
}

// readTokens parses a token file; name is the file's name for errors.
func readTokens(name string, r io.Reader) (*tokens, error) {
	t := &tokens{}
	names := map[string]int{}
	seen := map[[sha256.Size]byte]int{}
	sc := bufio.NewScanner(io.LimitReader(r, maxTokenFile+1))
	sc.Buffer(make([]byte, 0, 4096), maxTokenLen+2*maxNameLen)
	total, line := 0, 0
	for sc.Scan() {
		line++
		total += len(sc.Bytes()) + 1
		if total > maxTokenFile {
			return nil, &tokenError{File: name, Line: line, Msg: fmt.Sprintf("file larger than %d bytes", maxTokenFile)}
		}
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		var c caller
		var tok string
		switch len(fields) {
		case 2:
			c.scope, tok = fields[0], fields[1]
		case 3:
			c.scope, c.name, tok = fields[0], fields[1], fields[2]
		default:
			return nil, &tokenError{File: name, Line: line, Msg: fmt.Sprintf("%d fields, want SCOPE NAME TOKEN or SCOPE TOKEN", len(fields))}
		}
		if c.scope != scopeCheck && c.scope != scopeAdmin {
			return nil, &tokenError{File: name, Line: line, Msg: "unknown scope: want check or admin"}
		}
		if n := len(tok); n < minTokenLen || n > maxTokenLen {
			return nil, &tokenError{File: name, Line: line, Msg: fmt.Sprintf("token of %d characters: want %d to %d", n, minTokenLen, maxTokenLen)}
		}
		for _, b := range []byte(tok) {
			if b <= ' ' || b > '~' {
				return nil, &tokenError{File: name, Line: line, Msg: "token holds a character that is not printable ASCII"}
			}
		}
		h := sha256.Sum256([]byte(tok))
		if c.name == "" {
			c.name = derivedPrefix + hex.EncodeToString(h[:6])
		} else if err := checkName(c.name); err != nil {
			return nil, &tokenError{File: name, Line: line, Msg: err.Error()}
		}
		if prev, ok := seen[h]; ok {
			return nil, &tokenError{File: name, Line: line, Msg: fmt.Sprintf("the token of line %d again", prev)}
		}
		if prev, ok := names[c.name]; ok {
			return nil, &tokenError{File: name, Line: line, Msg: fmt.Sprintf("name %q already given on line %d", c.name, prev)}
		}
		seen[h], names[c.name] = line, line
		t.hashes = append(t.hashes, h)
		t.callers = append(t.callers, c)
	}
	if err := sc.Err(); err != nil {
		return nil, &tokenError{File: name, Line: line + 1, Msg: "line too long or unreadable"}
	}
	if len(t.hashes) == 0 {
		return nil, &tokenError{File: name, Msg: "no token: every request would be refused"}
	}
	return t, nil
}

// checkName accepts names of letters, digits and ". _ - @", which every
// log and database keeps as they are.
func checkName(n string) error {
	if len(n) > maxNameLen {
		return fmt.Errorf("name longer than %d characters", maxNameLen)
	}
	for _, r := range n {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-', r == '@':
		default:
			return errors.New("name holds a character other than letters, digits and . _ - @")
		}
	}
	return nil
}

// lookup returns the caller whose token is tok. It compares the token's
// SHA-256 with every hash, in constant time and without stopping at a
// match, so that neither the time taken nor the token's length tells an
// attacker anything.
func (t *tokens) lookup(tok string) (caller, bool) {
	h := sha256.Sum256([]byte(tok))
	found := -1
	for i := range t.hashes {
		if subtle.ConstantTimeCompare(h[:], t.hashes[i][:]) == 1 {
			found = i
		}
	}
	if found < 0 {
		return caller{}, false
	}
	return t.callers[found], true
}

// bearer returns the token of an "Authorization: Bearer TOKEN" header.
func bearer(header string) (string, bool) {
	scheme, tok, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok = strings.TrimSpace(tok)
	return tok, tok != ""
}
