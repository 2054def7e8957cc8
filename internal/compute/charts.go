package compute

import (
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
	names := c.chartNames()
	seen := map[string]bool{}
	for _, mc := range c.ds.Charts {
		ch := Chart{Chart: mc, Valid: true}
		fail := func(format string, args ...any) {
			c.fail(mc.At, "chart %q: "+format, append([]any{mc.ID}, args...)...)
			ch.Valid = false
		}
		switch {
		case c.ds.Kind == model.KindList:
			fail("a list has no figures to draw")
		case c.ds.Kind == model.KindLost:
			// Nothing to draw: the pack says the chart is not available.
			if seen[mc.ID] {
				fail("the id is used twice in this dataset")
			}
			seen[mc.ID] = true
		case !slices.Contains(model.ChartKinds, mc.Kind):
			ch.Valid = false // load reported the kind it could not read
		default:
			if seen[mc.ID] {
				fail("the id is used twice in this dataset")
			}
			seen[mc.ID] = true
			c.checkKind(mc, fail)
			ch.Columns = c.chartColumns(mc, names, fail)
			ch.Rows = c.chartRows(mc, names, fail)
			ch.Mark = c.chartMark(mc, ch.Rows, fail)
		}
		c.t.Charts = append(c.t.Charts, ch)
	}
}

// chartNames is what a chart may name: the table's columns, by id, and the
// dataset's data rows, by label.
type chartNames struct {
	cols, rows diag.Names
	colAt      map[string]int  // id → first column of it
	labels     map[string]bool // fold(label) of the data rows
}

func (c *computer) chartNames() *chartNames {
	n := &chartNames{cols: diag.Names{Label: "there are"}, rows: diag.Names{Label: "there are"}, colAt: map[string]int{}, labels: map[string]bool{}}
	for i, col := range c.t.Columns {
		n.cols.List = append(n.cols.List, col.ID)
		if _, ok := n.colAt[col.ID]; !ok {
			n.colAt[col.ID] = i
		}
	}
	for _, r := range c.ds.Rows {
		n.rows.List = append(n.rows.List, r.Label)
		n.labels[fold(r.Label)] = true
	}
	return n
}

// checkKind checks that the chart's kind suits the dataset and the keys
// it was given. The messages name line and bars: line is the only kind
// over periods.
func (c *computer) checkKind(mc model.Chart, fail func(string, ...any)) {
	over := mc.Kind.OverPeriods()
	switch {
	case over && c.ds.Kind != model.KindSeries:
		fail("a %s chart draws a series; a %s dataset is drawn as bars", mc.Kind, c.ds.Kind)
	case over && len(mc.Rows) > 0:
		fail("rows choose the bars of a bar chart; a %s chart draws lines", mc.Kind)
	case !over && mc.Target != nil:
		fail("a target line is drawn on line charts only")
	case !over && mc.MarkLabel != "":
		fail("only a line chart can mark periods")
	}
}

// chartColumns are the columns the chart names, in order, or every typed
// column.
func (c *computer) chartColumns(mc model.Chart, n *chartNames, fail func(string, ...any)) []int {
	var out []int
	named := map[string]bool{}
	for _, id := range mc.Columns {
		i, ok := n.colAt[id]
		switch {
		case named[id]:
			fail("%q is named twice", id)
		case !ok:
			fail("no line or column %q%s", id, n.cols.Suggest(id))
		default:
			out = append(out, i)
		}
		named[id] = true
	}
	if len(mc.Columns) == 0 {
		for i, col := range c.t.Columns {
			if !col.Measure {
				out = append(out, i)
			}
		}
	}
	return out
}

// chartRows are the data rows the chart names, or all of them.
func (c *computer) chartRows(mc model.Chart, n *chartNames, fail func(string, ...any)) []int {
	chosen := map[string]bool{} // fold(label) of the rows named
	for _, r := range mc.Rows {
		chosen[fold(r)] = true
		if !n.labels[fold(r)] {
			fail("no row %q%s", r, n.rows.Suggest(r))
		}
	}
	var out []int
	for i, r := range c.t.Rows {
		if r.Kind == DataRow && (len(mc.Rows) == 0 || chosen[fold(r.Label)]) {
			out = append(out, i)
		}
	}
	return out
}

// chartMark is the shaded run of periods of a line chart over a series,
// as indexes in rows, the periods it draws, or nil.
func (c *computer) chartMark(mc model.Chart, rows []int, fail func(string, ...any)) *[2]int {
	if mc.MarkLabel == "" || !mc.Kind.OverPeriods() || c.ds.Kind != model.KindSeries {
		return nil
	}
	from, to := c.periodIndex(rows, mc.MarkFrom), c.periodIndex(rows, mc.MarkTo)
	if from < 0 || to < 0 || from > to {
		fail("mark from %s to %s: both must be periods of the series", mc.MarkFrom, mc.MarkTo)
		return nil
	}
	return &[2]int{from, to}
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

// Agreements checks the agreements of the series t with comparisons: the
// sum of its periods must equal the comparison's figure. A chart of
// months then cannot drift from the table of years beside it. other finds
// a computed dataset by id, or nil; ids are every dataset's, for "did you
// mean". A dataset that other does not find but unread says may exist
// (its file or folder could not be read, and that is reported) is not
// reported again. s gives the lookups their "did you mean": one reader's,
// shared by the agreements of one build.
func Agreements(t *Table, other func(id string) *Table, ids []string, unread func(id string) bool, s *Suggestions) error {
	var errs diag.List
	for _, a := range t.Dataset.Agrees {
		errs.Append(agreement(t, a, other(a.Dataset), ids, unread, s))
	}
	return errs.Sort().Err()
}

func agreement(t *Table, a model.Agreement, other *Table, ids []string, unread func(string) bool, s *Suggestions) error {
	var errs diag.List
	at := diag.Pos(a.At)
	if other == nil && unread(a.Dataset) {
		return nil
	}
	if other == nil {
		errs.Add(at, "agrees_with: no dataset %q%s", a.Dataset, diag.Suggest(a.Dataset, ids, "datasets"))
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
		ri, err := other.row(a.Row, s)
		if err != nil {
			errs.Add(at, "agrees_with: %v", err)
			continue
		}
		cell := other.named[ri].Cells[i]
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
