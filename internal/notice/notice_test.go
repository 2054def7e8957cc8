package notice

import (
	"testing"
	"time"
)

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestClearDays(t *testing.T) {
	cal := NewCalendar()
	for _, c := range []struct {
		name               string
		published, meeting string
		want               int
	}{
		// The seed: the pack went out on Friday 2 March 2018 for Monday
		// 12 March: Monday 5 to Friday 9 March are clear.
		{"seed pack", "2018-03-02", "2018-03-12", 5},
		// Its supplement, Friday 9 March, for Monday 12 March: none.
		{"seed supplement", "2018-03-09", "2018-03-12", 0},
		// A Monday meeting after Easter: Good Friday 30 March and Easter
		// Monday 2 April 2018 are not clear days.
		{"monday after easter", "2018-03-29", "2018-04-09", 4},
		{"monday after easter, a week more", "2018-03-23", "2018-04-09", 8},
		// A Monday meeting after the spring bank holiday weekend (Monday
		// 28 May 2018): Friday 25 May and Tuesday 29 May to Friday 1 June.
		{"monday after spring bank holiday", "2018-05-24", "2018-06-04", 5},
		// A Tuesday meeting after Christmas 2022: Boxing Day on Monday
		// 26, Christmas Day's substitute on Tuesday 27 December, New
		// Year's Day's on Monday 2 January 2023.
		{"tuesday after christmas 2022", "2022-12-23", "2023-01-03", 3},
		// Christmas 2020 on a Friday: Boxing Day's substitute is Monday
		// 28 December.
		{"tuesday after christmas 2020", "2020-12-21", "2020-12-29", 3},
		{"same day", "2018-03-12", "2018-03-12", 0},
		{"day before", "2018-03-11", "2018-03-12", 0},
		{"meeting before publication", "2018-03-14", "2018-03-12", 0},
		{"times of day do not count", "2018-03-02T17:30:00Z", "2018-03-12T09:00:00Z", 5},
	} {
		t.Run(c.name, func(t *testing.T) {
			parse := func(s string) time.Time {
				if len(s) > 10 {
					v, err := time.Parse(time.RFC3339, s)
					if err != nil {
						t.Fatal(err)
					}
					return v
				}
				return d(s)
			}
			if got := cal.ClearDays(parse(c.published), parse(c.meeting)); got != c.want {
				t.Errorf("ClearDays(%s, %s) = %d, want %d", c.published, c.meeting, got, c.want)
			}
		})
	}
}

func TestExtraHolidays(t *testing.T) {
	// A council closes on Tuesday 6 March 2018: the seed's pack then has
	// 4 clear days.
	cal := NewCalendar(d("2018-03-06"), time.Date(2018, 3, 7, 15, 0, 0, 0, time.FixedZone("", 3600)))
	if got := cal.ClearDays(d("2018-03-02"), d("2018-03-12")); got != 3 {
		t.Errorf("with two closures: %d clear days, want 3", got)
	}
	if !cal.Holiday(d("2018-03-06")) || cal.Holiday(d("2018-03-08")) {
		t.Error("Holiday: wrong")
	}
}

// The built-in table against GOV.UK's lists for years with every kind of
// rule and exception.
func TestBankHolidays(t *testing.T) {
	want := map[int][]string{
		2002: {"2002-01-01", "2002-03-29", "2002-04-01", "2002-05-06", "2002-06-03", "2002-06-04", "2002-08-26", "2002-12-25", "2002-12-26"},
		2004: {"2004-01-01", "2004-04-09", "2004-04-12", "2004-05-03", "2004-05-31", "2004-08-30", "2004-12-27", "2004-12-28"},
		2011: {"2011-01-03", "2011-04-22", "2011-04-25", "2011-04-29", "2011-05-02", "2011-05-30", "2011-08-29", "2011-12-26", "2011-12-27"},
		2012: {"2012-01-02", "2012-04-06", "2012-04-09", "2012-05-07", "2012-06-04", "2012-06-05", "2012-08-27", "2012-12-25", "2012-12-26"},
		2018: {"2018-01-01", "2018-03-30", "2018-04-02", "2018-05-07", "2018-05-28", "2018-08-27", "2018-12-25", "2018-12-26"},
		2020: {"2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28"},
		2022: {"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"},
		2023: {"2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26"},
		2024: {"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"},
		2026: {"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"},
	}
	got := map[int][]string{}
	all := BankHolidays()
	for _, h := range all {
		got[h.Date.Year()] = append(got[h.Date.Year()], h.Date.Format(time.DateOnly))
	}
	for y, w := range want {
		if g := got[y]; len(g) != len(w) || func() bool {
			for i := range g {
				if g[i] != w[i] {
					return true
				}
			}
			return false
		}() {
			t.Errorf("%d: got %v, want %v", y, g, w)
		}
	}
	for y := FirstYear; y <= LastYear; y++ {
		if n := len(got[y]); n < 8 {
			t.Errorf("%d: %d bank holidays, want at least 8", y, n)
		}
	}
	if all[0].Date.Year() != FirstYear || all[len(all)-1].Date.Year() != LastYear {
		t.Errorf("table runs from %v to %v", all[0].Date, all[len(all)-1].Date)
	}
}

func TestEaster(t *testing.T) {
	for y, want := range map[int]string{2000: "2000-04-23", 2008: "2008-03-23", 2019: "2019-04-21", 2024: "2024-03-31", 2035: "2035-03-25"} {
		if got := easterSunday(y).Format(time.DateOnly); got != want {
			t.Errorf("Easter %d: %s, want %s", y, got, want)
		}
	}
}

func TestCallIn(t *testing.T) {
	for _, c := range []struct {
		name               string
		published          string
		days               int
		deadline, takesEff string
	}{
		// Published on Wednesday 18 July 2018: Thursday 19, Friday 20,
		// Monday 23, Tuesday 24, Wednesday 25 July; in force Thursday.
		{"a plain week", "2018-07-18", 5, "2018-07-25", "2018-07-26"},
		// Published on a Friday: the weekend does not count, and the
		// deadline, a Friday, is followed by one.
		{"from a friday", "2018-03-09", 5, "2018-03-16", "2018-03-19"},
		// Published on Thursday 29 March 2018, before Easter: Good Friday
		// and Easter Monday do not count: Tuesday 3 to Friday 6 and
		// Monday 9 April.
		{"over easter", "2018-03-29", 5, "2018-04-09", "2018-04-10"},
		// Published on Friday 23 December 2022: Boxing Day and Christmas
		// Day's substitute do not count.
		{"over christmas", "2022-12-23", 5, "2023-01-04", "2023-01-05"},
		// A deadline before a bank holiday Monday: in force on Tuesday.
		{"before the spring bank holiday", "2018-05-18", 5, "2018-05-25", "2018-05-29"},
		// Published on a Saturday (a decision notice on the website):
		// the count starts on Monday.
		{"from a saturday", "2018-07-21", 3, "2018-07-25", "2018-07-26"},
		{"no call-in period", "2018-07-18", 0, "2018-07-18", "2018-07-19"},
	} {
		t.Run(c.name, func(t *testing.T) {
			deadline, eff := NewCalendar().CallIn(d(c.published), c.days)
			if got := deadline.Format(time.DateOnly); got != c.deadline {
				t.Errorf("deadline %s, want %s", got, c.deadline)
			}
			if got := eff.Format(time.DateOnly); got != c.takesEff {
				t.Errorf("takes effect %s, want %s", got, c.takesEff)
			}
		})
	}
	// A site's own closure counts as a holiday: closed on Monday 23
	// July 2018, the deadline moves a day.
	deadline, _ := NewCalendar(d("2018-07-23")).CallIn(d("2018-07-18"), 5)
	if got := deadline.Format(time.DateOnly); got != "2018-07-26" {
		t.Errorf("with a closure: deadline %s, want 2018-07-26", got)
	}
}
