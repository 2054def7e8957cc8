package compute

import (
	"maps"
	"math/big"
	"slices"
	"time"

	"github.com/briefing/briefing/internal/diag"
	"github.com/briefing/briefing/internal/model"
)

// checkCharts checks that each chart of ds names lines, columns, rows and
// periods the dataset has.
func (c *computer) checkCharts() {
	ds := c.ds
	var cols, rows []string
	for _, col := range c.t.Columns {
		cols = append(cols, col.ID)
	}
	for _, r := range ds.Rows {
		rows = append(rows, r.Label)
	}
	seen := map[string]bool{}
	for _, ch := range ds.Charts {
		if ds.Kind == model.KindList {
			c.fail(ch.At, "chart %q: a list has no figures to draw", ch.ID)
			continue
		}
		dup := map[string]bool{}
		for _, id := range ch.Columns {
			if dup[id] {
				c.fail(ch.At, "chart %q: %q is named twice", ch.ID, id)
			}
			dup[id] = true
		}
		if seen[ch.ID] {
			c.fail(ch.At, "chart id %q is used twice in this dataset", ch.ID)
		}
		seen[ch.ID] = true
		switch {
		case ch.Kind == model.LineChart && ds.Kind != model.KindSeries:
			c.fail(ch.At, "chart %q: a line chart draws a series; a %s dataset is drawn as bars", ch.ID, ds.Kind)
		case ch.Kind == model.LineChart && len(ch.Rows) > 0:
			c.fail(ch.At, "chart %q: rows choose the bars of a bar chart; a line chart draws lines", ch.ID)
		case ch.Kind == model.BarChart && ch.Target != nil:
			c.fail(ch.At, "chart %q: a target line is drawn on line charts only", ch.ID)
		case ch.Kind == model.BarChart && ch.MarkLabel != "":
			c.fail(ch.At, "chart %q: only a line chart can mark periods", ch.ID)
		}
		for _, id := range ch.Columns {
			if !slices.Contains(cols, id) {
				c.fail(ch.At, "chart %q: no line or column %q%s", ch.ID, id, diag.Suggest(id, cols, "there are"))
			}
		}
		for _, r := range ch.Rows {
			if !slices.ContainsFunc(rows, func(x string) bool { return same(x, r) }) {
				c.fail(ch.At, "chart %q: no row %q%s", ch.ID, r, diag.Suggest(r, rows, "there are"))
			}
		}
		if ch.MarkLabel != "" && ch.Kind == model.LineChart && ds.Kind == model.KindSeries {
			if from, to := PeriodIndex(ds, ch.MarkFrom), PeriodIndex(ds, ch.MarkTo); from < 0 || to < 0 || from > to {
				c.fail(ch.At, "chart %q: mark from %s to %s: both must be periods of the series", ch.ID, ch.MarkFrom, ch.MarkTo)
			}
		}
	}
}

// PeriodIndex finds a period of a series by its text as typed in the YAML
// (2018, 2018-03 or 2018-03-12), or -1.
func PeriodIndex(ds *model.Dataset, key string) int {
	for _, layout := range []string{"2006", "2006-01", time.DateOnly} {
		if len(key) != len(layout) {
			continue
		}
		t, err := time.Parse(layout, key)
		if err != nil {
			return -1
		}
		return slices.IndexFunc(ds.Rows, func(r model.Row) bool { return r.Period.Equal(t) })
	}
	return -1
}

// Agreements checks every series that says it agrees with a comparison:
// the sum of its periods must equal the comparison's figure. A chart of
// months then cannot drift from the table of years beside it.
func Agreements(tables map[string]*Table) error {
	var errs diag.List
	for _, id := range slices.Sorted(maps.Keys(tables)) {
		t := tables[id]
		for _, a := range t.Dataset.Agrees {
			errs.Append(agreement(t, a, tables))
		}
	}
	return errs.Sort().Err()
}

func agreement(t *Table, a model.Agreement, tables map[string]*Table) error {
	var errs diag.List
	at := diag.Pos(a.At)
	other := tables[a.Dataset]
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
