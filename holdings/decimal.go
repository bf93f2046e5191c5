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
	if d, ok := smallDecimal(s); ok {
		return d, nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("%w (digits with an optional sign and decimal point)", errNumber)
	}
	return d, nil
}

// smallDecimal parses s, already checked to be an optional sign, digits
// and at most one decimal point, without the intermediate strings of
// decimal.NewFromString when its digits fit an int64 (at most 18): the
// same value and exponent NewFromString gives.
func smallDecimal(s string) (decimal.Decimal, bool) {
	neg := false
	switch {
	case s[0] == '-':
		neg, s = true, s[1:]
	case s[0] == '+':
		s = s[1:]
	}
	var v int64
	digits, exp, dot := 0, int32(0), false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '.' {
			dot = true
			continue
		}
		if c < '0' || c > '9' {
			return decimal.Decimal{}, false // "-+1": NewFromString says
		}
		digits++
		if digits > 18 {
			return decimal.Decimal{}, false
		}
		v = v*10 + int64(c-'0')
		if dot {
			exp--
		}
	}
	if neg {
		v = -v
	}
	return decimal.New(v, exp), true
}
