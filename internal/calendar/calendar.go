// Package calendar counts US business days: Monday to Friday, less the
// holidays of the Federal Reserve System (the eleven US federal holidays
// of 5 U.S.C. 6103 as the Federal Reserve Banks observe them).
//
// The Federal Reserve observes a holiday that falls on a Sunday on the
// following Monday; one that falls on a Saturday is not moved (the Friday
// before stays a business day, unlike the OPM calendar for federal
// employees). Counting the Friday as a business day errs early, which is
// the safe side for a deadline such as OFAC's ten business days for a
// reject report (FAQ 1048; 31 CFR 501.604).
//
// The rules are those in force from 1971 (Monday holidays) with Martin
// Luther King Jr. Day from 1986 and Juneteenth from 2021; dates before
// 1971 are counted by the 1971 rules. Everything here is a pure function
// of its arguments and safe for concurrent use.
package calendar

import (
	"time"

	"github.com/investscreen/investscreen/holdings"
)

// Holiday reports whether d is a Federal Reserve holiday (as observed),
// and its name.
func Holiday(d holdings.Date) (string, bool) {
	for _, h := range holidays(d.Year) {
		if h.date == d {
			return h.name, true
		}
	}
	// A Sunday holiday of next year (1 January) cannot fall in this year:
	// observed on Monday 2 January, which holidays(d.Year) covers.
	return "", false
}

// BusinessDay reports whether d is a business day: Monday to Friday and
// not a Federal Reserve holiday.
func BusinessDay(d holdings.Date) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, h := Holiday(d)
	return !h
}

// AddBusinessDays returns the date n business days after d (n >= 0): the
// n-th business day strictly after d. AddBusinessDays(d, 0) is d.
func AddBusinessDays(d holdings.Date, n int) holdings.Date {
	for n > 0 {
		d = d.AddDays(1)
		if BusinessDay(d) {
			n--
		}
	}
	return d
}

type holiday struct {
	date holdings.Date
	name string
}

// holidays returns the observed holidays of year y.
func holidays(y int) []holiday {
	fixed := func(m time.Month, day int, name string) holiday {
		d := holdings.Date{Year: y, Month: m, Day: day}
		if d.Weekday() == time.Sunday {
			d = d.AddDays(1)
		}
		return holiday{d, name}
	}
	hs := []holiday{
		fixed(time.January, 1, "New Year's Day"),
		{nthWeekday(y, time.February, time.Monday, 3), "Washington's Birthday"},
		{lastWeekday(y, time.May, time.Monday), "Memorial Day"},
		fixed(time.July, 4, "Independence Day"),
		{nthWeekday(y, time.September, time.Monday, 1), "Labor Day"},
		{nthWeekday(y, time.October, time.Monday, 2), "Columbus Day"},
		fixed(time.November, 11, "Veterans Day"),
		{nthWeekday(y, time.November, time.Thursday, 4), "Thanksgiving Day"},
		fixed(time.December, 25, "Christmas Day"),
	}
	if y >= 1986 {
		hs = append(hs, holiday{nthWeekday(y, time.January, time.Monday, 3), "Birthday of Martin Luther King, Jr."})
	}
	if y >= 2021 {
		hs = append(hs, fixed(time.June, 19, "Juneteenth National Independence Day"))
	}
	return hs
}

// nthWeekday is the n-th (1-based) weekday wd of month m in year y.
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) holdings.Date {
	d := holdings.Date{Year: y, Month: m, Day: 1}
	off := (int(wd) - int(d.Weekday()) + 7) % 7
	return d.AddDays(off + 7*(n-1))
}

// lastWeekday is the last weekday wd of month m in year y.
func lastWeekday(y int, m time.Month, wd time.Weekday) holdings.Date {
	d := holdings.Date{Year: y, Month: m + 1, Day: 1}.AddDays(-1)
	if m == time.December {
		d = holdings.Date{Year: y, Month: m, Day: 31}
	}
	off := (int(d.Weekday()) - int(wd) + 7) % 7
	return d.AddDays(-off)
}
