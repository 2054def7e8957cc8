package model

import (
	"testing"
	"time"
)

// TestLatePapers: the items whose papers came late are those with a
// report in a late original pack, and those a late supplement adds,
// brings the report of or replaces the report of; an on-time
// supplement's are not, nor one whose late report an on-time supplement
// replaced; each item is listed once, at its latest late publication.
func TestLatePapers(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2018, 3, d, 0, 0, 0, 0, time.UTC) }
	late, onTime := Notice{ClearDays: 0, Required: 5}, Notice{ClearDays: 5, Required: 5}
	items := []*Item{
		{Number: 1, Title: "Apologies"},
		{Number: 2, Report: &Doc{}},
		{Number: 3, BroughtBy: 1},
		{Number: 4, AddedBy: 2},
		{Number: 5, Report: &Doc{}, Replacements: []Replacement{{Supplement: 2}}},
		{Number: 6, Report: &Doc{}, Replacements: []Replacement{{Supplement: 1}}},
	}
	m := &Meeting{Agenda: items, LetterDate: day(2), Notice: onTime,
		Supplements: []Supplement{{Number: 1, Date: day(5), Notice: onTime}, {Number: 2, Date: day(9), Notice: late}}}
	got := numbers(m.LatePapers())
	if want := "4 5"; got != want {
		t.Errorf("late supplement 2: items %q, want %q", got, want)
	}
	m.Notice = late
	// Item 6's late report was replaced in time, by supplement 1.
	if got, want := numbers(m.LatePapers()), "2 4 5"; got != want {
		t.Errorf("late pack too: items %q, want %q", got, want)
	}
	for _, lp := range m.LatePapers() {
		if lp.Item.Number == 5 && (lp.Label != "Supplement 2" || !lp.Date.Equal(day(9))) {
			t.Errorf("item 5 late in %s on %s, want Supplement 2 on 9 March", lp.Label, lp.Date)
		}
	}
}

func numbers(lps []LatePaper) string {
	s := ""
	for i, lp := range lps {
		if i > 0 {
			s += " "
		}
		s += string(rune('0' + lp.Item.Number))
	}
	return s
}
