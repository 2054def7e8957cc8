package compute

import (
	"maps"
	"math/big"
	"slices"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
)

// Chart is a dataset's chart resolved against its computed table: what to
// draw, by index, so that drawing is only drawing.
type Chart struct {
	model.Chart
	Columns []int // indexes in Table.Columns: the lines, or the bars of each row
	Rows    []int // indexes in Table.Rows: the data rows a bar chart draws
	// Mark is the shaded run of periods (indexes in Rows, the periods
	// drawn), or nil.
	Mark *[2]int
	// Valid is false when the chart has a mistake, already reported.
	Valid bool
}

// charts checks each chart of the dataset and resolves what it draws.
func (c *computer) charts() {
	ds := c.ds
	cols, rows := diag.Names{Label: "there are"}, diag.Names{Label: "there are"}
	colAt := map[string]int{} // id → first column of it
	for i, col := range c.t.Columns {
		cols.List = append(cols.List, col.ID)
		if _, ok := colAt[col.ID]; !ok {
			colAt[col.ID] = i
		}
	}
	labels := map[string]bool{} // fold(label) of the data rows
	for _, r := range ds.Rows {
		rows.List = append(rows.List, r.Label)
		labels[fold(r.Label)] = true
	}
	seen := map[string]bool{}
	for _, mc := range ds.Charts {
		ch := Chart{Chart: mc, Valid: true}
		fail := func(format string, args ...any) {
			c.fail(mc.At, "chart %q: "+format, append([]any{mc.ID}, args...)...)
			ch.Valid = false
		}
		if ds.Kind == model.KindList {
			fail("a list has no figures to draw")
			c.t.Charts = append(c.t.Charts, ch)
			continue
		}
		if !slices.Contains(model.ChartKinds, mc.Kind) {
			ch.Valid = false // load reported the kind it could not read
			c.t.Charts = append(c.t.Charts, ch)
			continue
		}
		if seen[mc.ID] {
			fail("the id is used twice in this dataset")
		}
		seen[mc.ID] = true
		// The messages name line and bars: line is the only kind over
		// periods.
		over := mc.Kind.OverPeriods()
		switch {
		case over && ds.Kind != model.KindSeries:
			fail("a %s chart draws a series; a %s dataset is drawn as bars", mc.Kind, ds.Kind)
		case over && len(mc.Rows) > 0:
			fail("rows choose the bars of a bar chart; a %s chart draws lines", mc.Kind)
		case !over && mc.Target != nil:
			fail("a target line is drawn on line charts only")
		case !over && mc.MarkLabel != "":
			fail("only a line chart can mark periods")
		}
		// Columns: those named, in order, or every typed column.
		named := map[string]bool{}
		for _, id := range mc.Columns {
			i, ok := colAt[id]
			switch {
			case named[id]:
				fail("%q is named twice", id)
			case !ok:
				fail("no line or column %q%s", id, cols.Suggest(id))
			default:
				ch.Columns = append(ch.Columns, i)
			}
			named[id] = true
		}
		if len(mc.Columns) == 0 {
			for i, col := range c.t.Columns {
				if !col.Measure {
					ch.Columns = append(ch.Columns, i)
				}
			}
		}
		// Rows: the data rows named, or all of them.
		chosen := map[string]bool{} // fold(label) of the rows named
		for _, r := range mc.Rows {
			chosen[fold(r)] = true
			if !labels[fold(r)] {
				fail("no row %q%s", r, rows.Suggest(r))
			}
		}
		for i, r := range c.t.Rows {
			if r.Kind == DataRow && (len(mc.Rows) == 0 || chosen[fold(r.Label)]) {
				ch.Rows = append(ch.Rows, i)
			}
		}
		if mc.MarkLabel != "" && mc.Kind.OverPeriods() && ds.Kind == model.KindSeries {
			from, to := c.periodIndex(ch.Rows, mc.MarkFrom), c.periodIndex(ch.Rows, mc.MarkTo)
			if from < 0 || to < 0 || from > to {
				fail("mark from %s to %s: both must be periods of the series", mc.MarkFrom, mc.MarkTo)
			} else {
				ch.Mark = &[2]int{from, to}
			}
		}
		c.t.Charts = append(c.t.Charts, ch)
	}
}

// periodIndex finds a period among rows (indexes in Table.Rows) by its
// text as typed in the YAML (2018, 2018-03 or 2018-03-12), and returns
// its index in rows, or -1.
func (c *computer) periodIndex(rows []int, key string) int {
	for _, layout := range []string{"2006", "2006-01", time.DateOnly} {
		if len(key) != len(layout) {
			continue
		}
		t, err := time.Parse(layout, key)
		if err != nil {
			return -1
		}
		return slices.IndexFunc(rows, func(i int) bool { return c.t.Rows[i].Period.Equal(t) })
	}
	return -1
}

// Agreements checks every series that says it agrees with a comparison:
// the sum of its periods must equal the comparison's figure. A chart of
// months then cannot drift from the table of years beside it.
// A dataset that is not in tables but unread says may exist (its file or
// folder could not be read, and that is reported) is not reported again.
func Agreements(tables map[string]*Table, unread func(id string) bool) error {
	var errs diag.List
	for _, id := range slices.Sorted(maps.Keys(tables)) {
		t := tables[id]
		for _, a := range t.Dataset.Agrees {
			errs.Append(agreement(t, a, tables, unread))
		}
	}
	return errs.Sort().Err()
}

func agreement(t *Table, a model.Agreement, tables map[string]*Table, unread func(string) bool) error {
	var errs diag.List
	at := diag.Pos(a.At)
	other := tables[a.Dataset]
	if other == nil && unread(a.Dataset) {
		return nil
	}
	if other == nil {
		errs.Add(at, "agrees_with: no dataset %q%s", a.Dataset, diag.Suggest(a.Dataset, slices.Sorted(maps.Keys(tables)), "datasets"))
		return errs
	}
	if other.Dataset.Kind != model.KindComparison {
		errs.Add(at, "agrees_with: %q is a %s, not a comparison", a.Dataset, other.Dataset.Kind)
		return errs
	}
	if len(other.Columns) < 2 {
		return nil // its periods are wrong, and reported
	}
	line := slices.IndexFunc(t.Dataset.Columns, func(c model.Column) bool { return c.ID == a.Line })
	if line < 0 {
		errs.Add(at, "agrees_with: no line %q in this series", a.Line)
		return errs
	}
	for i, span := range [][2]time.Time{a.Previous, a.Current} {
		sum, ok := new(big.Rat), true
		count := 0
		for _, r := range t.Dataset.Rows {
			if r.Period.Before(span[0]) || r.Period.After(span[1]) {
				continue
			}
			count++
			if v := r.Values[line].Num; v != nil {
				sum.Add(sum, v)
			} else {
				ok = false
			}
		}
		label := []string{a.PreviousText, a.CurrentText}[i]
		if count == 0 {
			errs.Add(at, "agrees_with: the series has no periods from %s", label)
			continue
		}
		cell, err := other.Lookup(a.Row, other.Columns[i].ID)
		if err != nil {
			errs.Add(at, "agrees_with: %v", err)
			continue
		}
		if !ok || cell.Exact == nil {
			continue // a missing value: nothing to check
		}
		if sum.Cmp(cell.Exact) != 0 {
			errs.Add(at, "agrees_with: line %q adds up to %s over %s, but %s gives %s for %s, %s",
				a.Line, Format(sum, 0), label, a.Dataset, cell.Text, a.Row, other.Columns[i].Label)
		}
	}
	return errs.Err()
}
