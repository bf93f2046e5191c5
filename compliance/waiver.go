package compliance

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/investscreen/investscreen/holdings"
	"github.com/investscreen/investscreen/internal/table"
)

// Waiver is an exception approved by compliance: findings of Rule for the
// Account and/or Security are still reported, marked waived, and no
// longer count as violations, up to and including the Expires date. An
// expired waiver does nothing.
type Waiver struct {
	// Rule is the rule id waived.
	Rule string `json:"rule"`
	// Account is the account it covers; empty for any account.
	Account string `json:"account,omitempty"`
	// Security is the identifier it covers, as written; empty for any
	// security. It matches a holding or order that carries the same
	// identifier (canonically) or resolves to a security that does.
	Security string `json:"security,omitempty"`
	// Reason and Approver say why and who.
	Reason   string `json:"reason"`
	Approver string `json:"approver"`
	// Expires is the last day the waiver applies.
	Expires holdings.Date `json:"expires"`
	// Line is the waiver's line in its file (0 if not read from one).
	Line int `json:"line,omitempty"`

	id holdings.ID // Security parsed
}

// ErrWaiver is matched by errors about a waiver's content.
var ErrWaiver = errors.New("bad waiver")

// NewWaiver checks w and returns it ready to use: Rule, Reason, Approver
// and Expires are required, and at least one of Account and Security (a
// waiver of a rule for everything is a policy change: use
// Policy.Severity).
func NewWaiver(w Waiver) (Waiver, error) {
	switch {
	case w.Rule == "":
		return w, fmt.Errorf("%w: no rule", ErrWaiver)
	case w.Account == "" && w.Security == "":
		return w, fmt.Errorf("%w: neither account nor security: a waiver must name what it covers", ErrWaiver)
	case w.Reason == "" || w.Approver == "":
		return w, fmt.Errorf("%w: reason and approver are required", ErrWaiver)
	case w.Expires.IsZero():
		return w, fmt.Errorf("%w: no expiry date", ErrWaiver)
	}
	if w.Security != "" {
		id, err := holdings.ParseAny(w.Security)
		if err != nil {
			return w, fmt.Errorf("%w: security: %w", ErrWaiver, err)
		}
		w.id = id
	}
	return w, nil
}

// applies reports whether w covers a finding of rule for account, on a
// subject carrying ids, on date d.
func (w *Waiver) applies(rule, account string, ids []holdings.ID, d holdings.Date) bool {
	if w.Rule != rule || d.After(w.Expires) || (w.Account != "" && w.Account != account) {
		return false
	}
	if w.Security == "" {
		return true
	}
	for _, id := range ids {
		if id == w.id {
			return true
		}
	}
	return false
}

// LoadWaivers reads a waivers CSV file; see ReadWaivers.
func LoadWaivers(path string) ([]Waiver, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadWaivers(f, path)
}

// ReadWaivers reads waivers in CSV from r (file names r in errors):
// header row with rule, account, security, reason, approver, expires
// (YYYY-MM-DD); case-insensitive, any order. Every bad row is reported
// as a *holdings.ParseError naming file, line and column.
func ReadWaivers(r io.Reader, file string) ([]Waiver, error) {
	t, err := table.New(r, table.Limits{}.WithDefaults(), "rule", "reason", "approver", "expires")
	if err != nil {
		return nil, inputError(file, err)
	}
	var out []Waiver
	errs := t.Rows(50, func(err error) error { return inputError(file, err) }, func(row table.Row) error {
		w := Waiver{Rule: row.Get("rule"), Account: row.Get("account"), Security: row.Get("security"),
			Reason: row.Get("reason"), Approver: row.Get("approver"), Line: row.Line}
		if s := row.Get("expires"); s != "" {
			d, err := holdings.ParseDate(s)
			if err != nil {
				return &holdings.ParseError{File: file, Line: row.Line, Field: "expires", Err: fmt.Errorf("%w: %w", holdings.ErrInput, err)}
			}
			w.Expires = d
		}
		w, err = NewWaiver(w)
		if err != nil {
			return &holdings.ParseError{File: file, Line: row.Line, Err: fmt.Errorf("%w: %w", holdings.ErrInput, err)}
		}
		out = append(out, w)
		return nil
	})
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// inputError turns an internal table error into a *holdings.ParseError.
func inputError(file string, err error) error {
	var te *table.Error
	if errors.As(err, &te) {
		return &holdings.ParseError{File: file, Line: te.Line, Field: te.Column, Err: fmt.Errorf("%w: %w", holdings.ErrInput, te.Err)}
	}
	return &holdings.ParseError{File: file, Err: err}
}
