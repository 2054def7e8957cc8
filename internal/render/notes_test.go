package render

import (
	"math"
	"testing"
	"time"

	"github.com/briefing/briefing/internal/compute"
	"github.com/briefing/briefing/internal/model"
)

// TestColumnWidths holds the wide-table rule's arithmetic: each column's
// widest unbreakable text, a figure whole (a change with its arrow) and a
// label or heading by its longest word, a part's label indented and the
// total row bold, plus the cells' padding.
func TestColumnWidths(t *testing.T) {
	table := &compute.Table{
		Dataset: &model.Dataset{RowHeader: "Team"},
		Columns: []compute.Column{{Label: "Establishment"}, {Label: "Change", Unit: "%"}},
		Rows: []compute.Row{
			{Label: "Birmingham East", Cells: []compute.Cell{{Text: "1,234"}, {Text: "+12.5", Dir: 1}}},
			{Label: "Birmingham", Kind: compute.PartRow, Cells: []compute.Cell{{Text: "1"}, {Text: "+1.0", Dir: 1}}},
			{Label: "Solihull", Cells: []compute.Cell{{Text: "12"}, {Text: "x", Missing: "x", Dir: 1}}},
		},
		Total: &compute.Row{Label: "All", Kind: compute.TotalRow, Cells: []compute.Cell{{Text: "123,456"}, {Text: "0.0"}}},
	}
	// "Birmingham" indented (12.8 + 10 × 8.8); "Establishment", a bold
	// heading (13 × 9.92), against the total's bold "123,456" (7 × 9.92);
	// the arrow, a space and "+12.5" (7 × 8.8); each with 12.8 of padding.
	want := []float64{12.8 + 10*8.8 + 12.8, 13*9.92 + 12.8, 7*8.8 + 12.8}
	got := columnWidths(table)
	if len(got) != len(want) {
		t.Fatalf("columnWidths = %v, want %v", got, want)
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-9 {
			t.Errorf("columnWidths = %v, want %v", got, want)
			break
		}
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
