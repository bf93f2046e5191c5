package holdings

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// errNumber is the cause of a malformed quantity or amount.
var errNumber = errors.New("not a decimal number")

// ErrNumber is matched (errors.Is) by ParseQuantity's errors.
var ErrNumber = errNumber

// ParseQuantity parses a quantity or an amount as every reader of this
// module takes it (CSV and JSON alike): a plain decimal number, an optional
// sign, digits and an optional fraction, at most 40 characters. Thousands
// separators, exponents, NaN and infinities are refused, so that "1,000" is
// never read as 1. Its errors match ErrNumber and do not repeat the value:
// quantities stay out of error text.
func ParseQuantity(s string) (decimal.Decimal, error) {
	if s == "" {
		return decimal.Decimal{}, fmt.Errorf("%w: empty", errNumber)
	}
	body := strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	digits, dot := 0, 0
	for _, r := range body {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.':
			dot++
		default:
			return decimal.Decimal{}, fmt.Errorf("%w (digits with an optional sign and decimal point)", errNumber)
		}
	}
	if digits == 0 || dot > 1 || len(body) > 40 {
		return decimal.Decimal{}, fmt.Errorf("%w (digits with an optional sign and decimal point)", errNumber)
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%w (digits with an optional sign and decimal point)", errNumber)
	}
	return d, nil
}
