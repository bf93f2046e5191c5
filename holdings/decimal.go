package holdings

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// errNumber is the cause of a malformed quantity or amount.
var errNumber = errors.New("not a decimal number")

// parseDecimal parses a plain decimal number: an optional sign, digits
// and an optional fraction. Thousands separators, exponents, NaN and
// infinities are refused, so that "1,000" is never read as 1.
// Its errors do not repeat the value: quantities stay out of error text.
func parseDecimal(s string) (decimal.Decimal, error) {
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
