package render

import (
	"math"
	"testing"
	"time"

	"github.com/briefing/briefing/internal/compute"
	"github.com/briefing/briefing/internal/model"
)

// TestTableWidth holds the wide-table rule's arithmetic: each column's
// widest unbreakable text, a figure whole (a change with its arrow) and a
// label or heading by its longest word, plus the cells' padding.
func TestTableWidth(t *testing.T) {
	table := &compute.Table{
		Dataset: &model.Dataset{RowHeader: "Team"},
		Columns: []compute.Column{{Label: "Establishment"}, {Label: "Change", Unit: "%"}},
		Rows: []compute.Row{
			{Label: "Birmingham East", Cells: []compute.Cell{{Text: "1,234"}, {Text: "+12.5", Dir: 1}}},
			{Label: "Solihull", Cells: []compute.Cell{{Text: "12"}, {Text: "x", Missing: "x", Dir: 1}}},
		},
		Total: &compute.Row{Label: "Total", Cells: []compute.Cell{{Text: "123,456"}, {Text: "0.0"}}},
	}
	// "Birmingham" (10 × 8.8), "Establishment" bold (13 × 9.92), the
	// arrow, a space and "+12.5" (7 × 8.8), each with 19.2 of padding.
	want := 10*8.8 + 13*9.92 + 7*8.8 + 3*19.2
	if got := tableWidth(table); math.Abs(got-want) > 1e-9 {
		t.Errorf("tableWidth = %v, want %v", got, want)
	}
}

func TestStale(t *testing.T) {
	day := time.Date(2019, 1, 21, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		updated time.Time
		want    bool
	}{
		{time.Time{}, false},                            // no date: nothing to say
		{day.AddDate(-1, 0, 0), false},                  // a year to the day
		{day.AddDate(-1, 0, 0).Add(-time.Second), true}, // a moment more
		{day.AddDate(0, 1, 0), false},                   // after the meeting
	} {
		if got := stale(tt.updated, day); got != tt.want {
			t.Errorf("stale(%v, %v) = %t, want %t", tt.updated, day, got, tt.want)
		}
	}
}
