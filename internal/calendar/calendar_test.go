package calendar

import (
	"testing"

	"github.com/investscreen/investscreen/holdings"
)

// The Federal Reserve's published holiday schedules for 2026 and 2027
// (federalreserve.gov, "Holidays Observed by the Federal Reserve System").
func TestHolidaysFederalReserve(t *testing.T) {
	want := map[int][]string{
		2026: {"2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25", "2026-06-19", "2026-09-07", "2026-10-12", "2026-11-11", "2026-11-26", "2026-12-25"},
		2027: {"2027-01-01", "2027-01-18", "2027-02-15", "2027-05-31", "2027-07-05", "2027-09-06", "2027-10-11", "2027-11-11", "2027-11-25"},
		2022: {"2022-01-17", "2022-02-21", "2022-05-30", "2022-06-20", "2022-07-04", "2022-09-05", "2022-10-10", "2022-11-11", "2022-11-24", "2022-12-26"},
	}
	for year, dates := range want {
		set := map[holdings.Date]bool{}
		for _, s := range dates {
			set[holdings.MustDate(s)] = true
		}
		for d := (holdings.Date{Year: year, Month: 1, Day: 1}); d.Year == year; d = d.AddDays(1) {
			if wd := d.Weekday(); wd == 0 || wd == 6 {
				continue // a Saturday holiday closes nothing more
			}
			_, got := Holiday(d)
			if got != set[d] {
				t.Errorf("Holiday(%s) = %v, want %v", d, got, set[d])
			}
		}
	}
}

func TestAddBusinessDays(t *testing.T) {
	tests := []struct {
		name, from string
		n          int
		want       string
		reason     string
	}{
		{"plain fortnight", "2026-03-02", 10, "2026-03-16", "Monday to Monday two weeks on, no holiday"},
		{"zero", "2026-03-07", 0, "2026-03-07", "zero business days is the day itself, even a Saturday"},
		{"thanksgiving", "2026-11-20", 10, "2026-12-07", "Thanksgiving 2026-11-26 is skipped"},
		{"christmas and new year", "2026-12-18", 10, "2027-01-05", "2026-12-25 and 2027-01-01 are skipped"},
		{"saturday holiday not moved", "2026-06-26", 5, "2026-07-03", "2026-07-04 is a Saturday: Friday 07-03 stays a business day"},
		{"sunday holiday observed monday", "2027-07-02", 1, "2027-07-06", "2027-07-04 is a Sunday, observed Monday 07-05"},
		{"from a weekend", "2026-03-07", 1, "2026-03-09", "Saturday plus one business day is Monday"},
		{"juneteenth", "2026-06-18", 1, "2026-06-22", "2026-06-19 is a Friday holiday"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := AddBusinessDays(holdings.MustDate(tc.from), tc.n)
			if got != holdings.MustDate(tc.want) {
				t.Errorf("AddBusinessDays(%s, %d) = %s, want %s (%s)", tc.from, tc.n, got, tc.want, tc.reason)
			}
		})
	}
}
