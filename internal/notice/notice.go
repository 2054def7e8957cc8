// Package notice counts the notice a paper gives before a meeting: the
// clear days between the day it is published and the day of the meeting,
// as section 100B of the Local Government Act 1972 requires (five clear
// days by default).
//
// A clear day is a working day strictly between the two: not the day of
// publication, not the day of the meeting, not a Saturday or Sunday and
// not a bank holiday. That is the reading most councils publish. The bank
// holidays of England and Wales from 2000 to 2035 are built in (see
// BankHolidays); a site adds its own closures as extra holidays.
//
// The package imports nothing but the standard library.
package notice

import (
	"sort"
	"time"
)

// DefaultClearDays is the notice section 100B requires.
const DefaultClearDays = 5

// First and last years of the built-in bank holidays.
const (
	FirstYear = 2000
	LastYear  = 2035
)

// Calendar says which days are not working days: weekends, the built-in
// bank holidays and a site's own extra dates.
type Calendar struct {
	extra map[time.Time]bool
}

// NewCalendar returns the England and Wales calendar with the extra
// holidays added (any time of day; only the date counts).
func NewCalendar(extra ...time.Time) Calendar {
	c := Calendar{extra: map[time.Time]bool{}}
	for _, d := range extra {
		c.extra[day(d)] = true
	}
	return c
}

// Holiday reports whether d is a bank holiday or one of the calendar's
// extra dates (weekends are not holidays; see Working).
func (c Calendar) Holiday(d time.Time) bool {
	d = day(d)
	return c.extra[d] || bankHolidays[d] != ""
}

// Working reports whether d is a working day.
func (c Calendar) Working(d time.Time) bool {
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	return !c.Holiday(d)
}

// ClearDays counts the working days strictly after published and strictly
// before meeting; 0 when the meeting is not at least two days later.
func (c Calendar) ClearDays(published, meeting time.Time) int {
	n := 0
	end := day(meeting)
	for d := day(published).AddDate(0, 0, 1); d.Before(end); d = d.AddDate(0, 0, 1) {
		if c.Working(d) {
			n++
		}
	}
	return n
}

// DefaultCallInDays is the working days a council commonly gives members
// to call in a decision once it is published.
const DefaultCallInDays = 5

// CallIn is when a decision published on published may be called in
// until, and when it takes effect if it is not: the deadline is the
// days-th working day after publication (the day of publication does not
// count), and the decision takes effect on the next working day after
// the deadline. With days 0 the deadline is the day of publication.
func (c Calendar) CallIn(published time.Time, days int) (deadline, takesEffect time.Time) {
	deadline = day(published)
	for n := 0; n < days; {
		deadline = deadline.AddDate(0, 0, 1)
		if c.Working(deadline) {
			n++
		}
	}
	takesEffect = deadline.AddDate(0, 0, 1)
	for !c.Working(takesEffect) {
		takesEffect = takesEffect.AddDate(0, 0, 1)
	}
	return deadline, takesEffect
}

// day is t's date at midnight UTC.
func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Holiday is one bank holiday.
type Holiday struct {
	Date time.Time // midnight UTC
	Name string
}

// BankHolidays returns the built-in bank holidays of England and Wales,
// FirstYear to LastYear, in date order. They are computed by the rules of
// the Banking and Financial Dealings Act 1971 and the proclamations made
// under it, as GOV.UK lists them:
//
//   - New Year's Day, 1 January, or the Monday after when it falls on a
//     weekend;
//   - Good Friday and Easter Monday, from Easter Sunday (the Gregorian
//     computus);
//   - the early May bank holiday, the first Monday in May (moved to Friday
//     8 May in 2020 for VE Day);
//   - the spring bank holiday, the last Monday in May (moved to Tuesday
//     4 June in 2002 and Thursday 2 June in 2022 for the Golden and
//     Platinum Jubilees; in 2012 to Monday 4 June for the Diamond Jubilee);
//   - the summer bank holiday, the last Monday in August;
//   - Christmas Day and Boxing Day, with substitute days on the next
//     weekdays when they fall on a weekend;
//
// and the one-off holidays: Monday 3 June 2002 (Golden Jubilee), Friday
// 29 April 2011 (royal wedding), Tuesday 5 June 2012 (Diamond Jubilee),
// Friday 3 June 2022 (Platinum Jubilee), Monday 19 September 2022 (the
// state funeral of Queen Elizabeth II) and Monday 8 May 2023 (the
// coronation of King Charles III). Dates after 2026 follow the rules
// alone: a holiday proclaimed later is a site's extra holiday.
func BankHolidays() []Holiday {
	out := make([]Holiday, 0, len(bankHolidays))
	for d, name := range bankHolidays {
		out = append(out, Holiday{Date: d, Name: name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

var bankHolidays = computeBankHolidays()

func computeBankHolidays() map[time.Time]string {
	h := map[time.Time]string{}
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for y := FirstYear; y <= LastYear; y++ {
		// New Year's Day, or the next Monday.
		ny := date(y, time.January, 1)
		for ny.Weekday() == time.Saturday || ny.Weekday() == time.Sunday {
			ny = ny.AddDate(0, 0, 1)
		}
		h[ny] = "New Year's Day"
		easter := easterSunday(y)
		h[easter.AddDate(0, 0, -2)] = "Good Friday"
		h[easter.AddDate(0, 0, 1)] = "Easter Monday"
		earlyMay := firstMonday(y, time.May)
		if y == 2020 {
			earlyMay = date(2020, time.May, 8)
		}
		h[earlyMay] = "Early May bank holiday"
		spring := lastMonday(y, time.May)
		switch y {
		case 2002:
			spring = date(2002, time.June, 4)
		case 2012:
			spring = date(2012, time.June, 4)
		case 2022:
			spring = date(2022, time.June, 2)
		}
		h[spring] = "Spring bank holiday"
		h[lastMonday(y, time.August)] = "Summer bank holiday"
		// Christmas Day and Boxing Day: a day on a weekend moves to the
		// next weekday that is not already a holiday.
		for _, d := range []struct {
			day  int
			name string
		}{{25, "Christmas Day"}, {26, "Boxing Day"}} {
			t := date(y, time.December, d.day)
			for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday || h[t] != "" {
				t = t.AddDate(0, 0, 1)
			}
			h[t] = d.name
		}
	}
	h[date(2002, time.June, 3)] = "Golden Jubilee"
	h[date(2011, time.April, 29)] = "Royal wedding"
	h[date(2012, time.June, 5)] = "Diamond Jubilee"
	h[date(2022, time.June, 3)] = "Platinum Jubilee"
	h[date(2022, time.September, 19)] = "State funeral of Queen Elizabeth II"
	h[date(2023, time.May, 8)] = "Coronation of King Charles III"
	return h
}

// easterSunday is Easter Sunday of year y in the Gregorian calendar (the
// anonymous Gregorian algorithm).
func easterSunday(y int) time.Time {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	dd := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), dd, 0, 0, 0, 0, time.UTC)
}

func firstMonday(y int, m time.Month) time.Time {
	t := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	for t.Weekday() != time.Monday {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

func lastMonday(y int, m time.Month) time.Time {
	t := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
	for t.Weekday() != time.Monday {
		t = t.AddDate(0, 0, -1)
	}
	return t
}
