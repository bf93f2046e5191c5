package holdings

import (
	"fmt"
	"strings"
)

// Regime is a sanctions regime that can bind an account: whose law its
// holder must obey.
type Regime string

// The regimes the rules know. A rule of one regime gives no finding to an
// account outside its reach.
const (
	// RegimeUS is the United States (OFAC): US persons.
	RegimeUS Regime = "us"
	// RegimeEU is the European Union: EU persons and anyone in the Union.
	RegimeEU Regime = "eu"
	// RegimeUK is the United Kingdom: UK persons and anyone in the UK.
	RegimeUK Regime = "uk"
)

// AllRegimes are the regimes in their canonical order.
var AllRegimes = [...]Regime{RegimeUS, RegimeEU, RegimeUK}

// ParseRegimes reads a regimes field as input files write it: regime
// names separated by "|" ("eu|uk"), case-insensitive, spaces around names
// ignored. It returns them once each, in canonical order (us, eu, uk).
// An empty field is nil: the policy's default applies. An unknown or empty
// name is an error matching ErrInput.
func ParseRegimes(s string) ([]Regime, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	seen := map[Regime]bool{}
	for _, part := range strings.Split(s, "|") {
		r := Regime(strings.ToLower(strings.TrimSpace(part)))
		switch r {
		case RegimeUS, RegimeEU, RegimeUK:
			seen[r] = true
		case "":
			return nil, fmt.Errorf("%w: an empty regime name: want us, eu or uk separated by |", ErrInput)
		default:
			return nil, fmt.Errorf("%w: unknown regime %q: want us, eu or uk separated by |", ErrInput, shorten(string(r)))
		}
	}
	var out []Regime
	for _, r := range AllRegimes {
		if seen[r] {
			out = append(out, r)
		}
	}
	return out, nil
}

func shorten(s string) string {
	if len(s) > 16 {
		return s[:16] + "..."
	}
	return s
}
