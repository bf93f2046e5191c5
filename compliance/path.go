package compliance

import (
	"encoding/json"
	"strings"
)

// StepKind says what one step of a finding's path is.
type StepKind uint8

// The kinds of path step, in the order a path usually meets them.
const (
	// StepInput is the identifier or name as the input gave it
	// ("ticker 0020 HK", `name "SenseTime"`).
	StepInput StepKind = iota + 1
	// StepMaster is the security master row that the identifier named
	// ("security master (line 2, equity)").
	StepMaster
	// StepIdentifier is another identifier of the same security.
	StepIdentifier
	// StepIssuer is the security's issuer as the master names it.
	StepIssuer
	// StepKey is a name normalised, the form names are compared in.
	StepKey
	// StepListed is the entry's own identifier or name that matched.
	StepListed
	// StepSimilar is a similar, not equal, name (rule review).
	StepSimilar
	// StepOwnership is the aggregate ownership by blocked persons.
	StepOwnership
	// StepUnderlying is the underlying of a depositary receipt or
	// derivative.
	StepUnderlying
	// StepConstituent is a constituent of a fund, with its weight.
	StepConstituent
	// StepEntry is the list entry reached.
	StepEntry
)

// Step is one step of a Path: its kind and its text. Steps are built once,
// by the resolver; the text is what reports print.
type Step struct {
	Kind StepKind
	Text string
}

// String returns the step's text.
func (s Step) String() string { return s.Text }

// MarshalJSON encodes a step as its text: paths stay arrays of strings in
// the JSON contract.
func (s Step) MarshalJSON() ([]byte, error) { return json.Marshal(s.Text) }

// UnmarshalJSON reads a step from its text (its kind is then unknown: 0).
func (s *Step) UnmarshalJSON(b []byte) error {
	*s = Step{}
	return json.Unmarshal(b, &s.Text)
}

// Path is each step from a holding's or order's input to a list entry. It
// is shared and read-only once in a Finding.
type Path []Step

// String joins the steps with " -> ", as the text report prints them.
func (p Path) String() string {
	var b strings.Builder
	for i, s := range p {
		if i > 0 {
			b.WriteString(" -> ")
		}
		b.WriteString(s.Text)
	}
	return b.String()
}

// Strings returns the steps' texts.
func (p Path) Strings() []string {
	out := make([]string, len(p))
	for i, s := range p {
		out[i] = s.Text
	}
	return out
}

// MarshalJSON encodes a path as an array of strings (never null).
func (p Path) MarshalJSON() ([]byte, error) {
	if p == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(p.Strings()) // one array of strings: no Marshaler per step
}

// join returns a new path: p followed by steps.
func (p Path) join(steps ...Step) Path {
	out := make(Path, 0, len(p)+len(steps))
	return append(append(out, p...), steps...)
}
