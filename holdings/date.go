package holdings

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Date is a calendar date with no time of day and no time zone, as the
// rules are written: OFAC's listing, effective and divestment dates and a
// trade date are all calendar dates. The zero Date means "unknown".
//
// Date is a small comparable value, safe to copy and to share.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ErrDate is matched (with errors.Is) by every error ParseDate returns.
var ErrDate = errors.New("invalid date")

// ParseDate parses a date in ISO 8601 form, YYYY-MM-DD, and checks that the
// day exists (2023-02-29 is an error).
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("%w: %q is not YYYY-MM-DD", ErrDate, s)
	}
	if d, ok := fastDate(s); ok {
		return d, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("%w: %q is not a calendar date", ErrDate, s)
	}
	return DateOf(t), nil
}

// fastDate parses s, 10 bytes with dashes at 4 and 7, when every other
// byte is a digit and the day exists (as time.Parse would), without
// time.Parse; ok is false for anything else, which ParseDate then reads
// the slow way to say what is wrong.
func fastDate(s string) (Date, bool) {
	n := [8]int{}
	for i, j := 0, 0; i < 10; i++ {
		if i == 4 || i == 7 {
			continue
		}
		c := s[i]
		if c < '0' || c > '9' {
			return Date{}, false
		}
		n[j] = int(c - '0')
		j++
	}
	y := n[0]*1000 + n[1]*100 + n[2]*10 + n[3]
	m := n[4]*10 + n[5]
	d := n[6]*10 + n[7]
	if m < 1 || m > 12 || d < 1 || d > daysIn(time.Month(m), y) {
		return Date{}, false
	}
	return Date{Year: y, Month: time.Month(m), Day: d}, true
}

// daysIn returns the number of days of month m of year y (proleptic
// Gregorian calendar, as package time).
func daysIn(m time.Month, y int) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// MustDate is ParseDate for static initialisation and tests: it panics on a
// malformed literal. Never call it on input.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// Today returns the current calendar date in loc (America/New_York is the
// calendar OFAC's dates are written in); a nil loc means UTC.
func Today(loc *time.Location) Date {
	if loc == nil {
		loc = time.UTC
	}
	return DateOf(time.Now().In(loc))
}

// IsZero reports whether d is the zero Date ("unknown").
func (d Date) IsZero() bool { return d == Date{} }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	a, b := d.key(), e.key()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.key() < e.key() }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.key() > e.key() }

// AddDays returns the date n days after d (before it for negative n).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC))
}

func (d Date) key() int { return d.Year*10000 + int(d.Month)*100 + d.Day }

// String formats d as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText implements encoding.TextMarshaler (YYYY-MM-DD; empty when zero).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; empty text gives the
// zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Weekday()
}

// Sub returns the number of days from e to d (negative when d is before e).
func (d Date) Sub(e Date) int {
	a := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	b := time.Date(e.Year, e.Month, e.Day, 0, 0, 0, 0, time.UTC)
	return int(a.Sub(b).Hours() / 24)
}

// ErrImplausibleDate is matched (errors.Is) when a trade or evaluation
// date falls outside the window of dates a check can mean (see
// CheckDateWindow). It also matches ErrDate.
var ErrImplausibleDate = fmt.Errorf("%w: outside the plausible window", ErrDate)

// The plausible window of trade and evaluation dates. No list this module
// reads dates an entry before 1990 (the oldest OFAC designations in
// electronic form are of the mid-1990s), so an earlier date is a typo or a
// default value (0000-01-01, 1900-01-01) and would judge an order against
// lists that did not exist: it would be allowed. A date more than
// MaxHorizonDays after today is a typo too (9999-12-31), and judging it
// would use lists that cannot know what will be listed by then.
const (
	// EarliestDate is the first plausible trade or evaluation date.
	EarliestDate = "1990-01-01"
	// MaxHorizonDays is how many days after today a trade or evaluation
	// date may be (a year, with a leap day).
	MaxHorizonDays = 366
)

var earliest = MustDate(EarliestDate)

// CheckDateWindow returns an error matching ErrImplausibleDate when d is
// before EarliestDate or more than MaxHorizonDays after today, and when d
// is zero. The error does not repeat d.
func CheckDateWindow(d, today Date) error {
	switch {
	case d.IsZero():
		return fmt.Errorf("%w: no date", ErrImplausibleDate)
	case d.Before(earliest):
		return fmt.Errorf("%w: before %s", ErrImplausibleDate, EarliestDate)
	case d.After(today.AddDays(MaxHorizonDays)):
		return fmt.Errorf("%w: more than %d days after today (%s)", ErrImplausibleDate, MaxHorizonDays, today)
	}
	return nil
}

// TodayNY is today's date in New York, the calendar of OFAC's dates (in
// UTC where the machine has no zone data: at most a day off).
func TodayNY() Date {
	nyOnce.Do(func() {
		if loc, err := time.LoadLocation("America/New_York"); err == nil {
			ny = loc
		}
	})
	return Today(ny)
}

var (
	nyOnce sync.Once
	ny     = time.UTC // read only after nyOnce
)
