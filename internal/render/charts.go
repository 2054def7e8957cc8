package render

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/briefing/briefing/internal/chart"
	"github.com/briefing/briefing/internal/compute"
	"github.com/briefing/briefing/internal/markdown"
	"github.com/briefing/briefing/internal/model"
)

// figureView is the data of the "figure" partial.
type figureView struct {
	ID, Number   string
	Chart        model.Chart
	Dataset      *model.Dataset
	Wide, Narrow template.HTML // the same chart drawn for wide and narrow pages
	Legend       []legendEntry
	Head         string   // heading of the data table's first column
	Columns      []string // the data table's other column headings
	Rows         []figureRow
	Notes        []note
	SeeNotes     []noteRef // where the notes that repeat an earlier figure's are shown
	// Mark is model.IllustrativeMark when the figures are not the
	// source's, written after the figure's number.
	Mark     string
	Download *download // the figure's data as CSV
}

type legendEntry struct {
	Name   string
	Series int // palette index
	Dash   string
	Bar    bool
	Fill   int
}

type figureRow struct {
	Label string
	Cells []string
}

// numberFigures gives each chart the pack places its figure number, in
// the order the pack shows them, so that a sentence can refer to a figure
// before or after it.
func (d *packData) numberFigures(docs []model.Doc) {
	d.figures = map[string]int{}
	n := 0
	for _, doc := range docs {
		for _, m := range markdown.Charts(doc) {
			key := figureKey(m[0], d.chartID(m[0], m[1]))
			if _, ok := d.figures[key]; !ok {
				n++
				d.figures[key] = n
			}
		}
	}
}

func figureKey(id, chartID string) string { return id + " " + chartID }

// chartID is the id of the chart a reference names: its own, or the id of
// the dataset's first chart.
func (d *packData) chartID(id, chartID string) string {
	if chartID != "" {
		return chartID
	}
	// A dataset that cannot be read is reported where the pack places it.
	if t, _ := d.table(id); t != nil && len(t.Dataset.Charts) > 0 {
		return t.Dataset.Charts[0].ID
	}
	return chartID
}

// findChart returns the dataset and the chart named, the first chart when
// chartID is "".
func (d *packData) findChart(id, chartID string) (*compute.Table, compute.Chart, error) {
	t, err := d.lookup(id)
	if err != nil {
		return nil, compute.Chart{}, err
	}
	var ids []string
	for _, ch := range t.Charts {
		ids = append(ids, ch.ID)
		if chartID == "" || ch.ID == chartID {
			return t, ch, nil
		}
	}
	if len(ids) == 0 {
		return nil, compute.Chart{}, fmt.Errorf("dataset %q has no charts; add one under its charts key", id)
	}
	return nil, compute.Chart{}, fmt.Errorf("dataset %q has no chart %q (there are: %s)", id, chartID, strings.Join(ids, ", "))
}

// Figure implements markdown.Data: a reference to a figure by name.
func (d *packData) Figure(id, chartID string) (string, string, error) {
	t, ch, err := d.findChart(id, chartID)
	if err != nil {
		return "", "", err
	}
	n, ok := d.figures[figureKey(id, ch.ID)]
	if !ok {
		return "", "", fmt.Errorf("chart %q of %q is not shown in this pack; place it with [[chart %s %s]]", ch.ID, t.Dataset.ID, id, ch.ID)
	}
	return fmt.Sprintf("Figure %d", n), figureID(n), nil
}

// Chart implements markdown.Data: a figure placed in commentary, with
// the number numberFigures gave it.
func (d *packData) Chart(id, chartID string) (int, error) {
	t, ch, err := d.findChart(id, chartID)
	if err != nil {
		return 0, err
	}
	key := figureKey(id, ch.ID)
	n := d.figures[key]
	if d.placed[key] {
		return 0, fmt.Errorf("chart %q of %q is already shown in this pack as Figure %d; show each chart once, and refer to it with [[figure %s %s]]", ch.ID, id, n, id, ch.ID)
	}
	if d.placed == nil {
		d.placed = map[string]bool{}
	}
	d.placed[key] = true
	if !ch.Valid {
		return 0, markdown.ErrReported // compute reported the chart's mistake
	}
	d.shown = append(d.shown, tableEntry{ID: figureID(n), Title: numbered("Figure", n, t.Dataset) + ": " + ch.Title})
	return n, nil
}

func figureID(n int) string { return fmt.Sprintf("figure-%d", n) }

// drawChart draws a chart that Chart placed: its figure, with the wide
// and narrow drawings, the legend and the data table.
func (d *packData) drawChart(w *strings.Builder, b markdown.Block) error {
	t, ch, err := d.findChart(b.Dataset, b.Chart)
	if err != nil {
		return err
	}
	v := figureView{ID: figureID(b.Number), Number: fmt.Sprint(b.Number), Chart: ch.Chart, Dataset: t.Dataset, Mark: mark(t.Dataset)}
	// The table's own notes ([z], totals) are about the table.
	v.Notes, v.SeeNotes = d.notes(datasetNotes(t.Dataset), v.ID, figureLabel("Figure", b.Number))
	draw, ok := figures[ch.Kind]
	if !ok {
		return fmt.Errorf("chart %q of %q: Briefing cannot draw a chart of kind %q", ch.ID, t.Dataset.ID, ch.Kind)
	}
	if err := draw(d, &v, t, ch); err != nil {
		return fmt.Errorf("chart %q of %q: %v", ch.ID, t.Dataset.ID, err)
	}
	v.Download = d.offer(t, ch.ID, figureLabel("Figure", b.Number), ch.Title, chartCSV(t, ch))
	return d.marked(w, "figure", v, t.Dataset, figureLabel("Figure", b.Number))
}

// figures draws each kind of chart: its figure's legend, data table and
// drawings. Every model.ChartKind has one (TestEveryChartKindDraws).
var figures = map[model.ChartKind]func(*packData, *figureView, *compute.Table, compute.Chart) error{
	model.LineChart: (*packData).lineFigure,
	model.BarChart:  (*packData).barFigure,
}

func value(c compute.Cell) *float64 {
	if c.Exact == nil {
		return nil
	}
	f, _ := c.Exact.Float64()
	return &f
}

// decimalsOf is the most decimals the drawn columns show.
func decimalsOf(t *compute.Table, cols []int) int {
	d := 0
	for _, i := range cols {
		d = max(d, t.Columns[i].Decimals)
	}
	return d
}

// unitOf is the value axis's title: "%" when every drawn column is a
// percentage, else the unit the drawn columns share (their own, or the
// dataset's), or "" when they differ.
func unitOf(t *compute.Table, cols []int) string {
	unit := ""
	for k, i := range cols {
		u := t.Columns[i].Unit
		switch {
		case t.Columns[i].Points:
			u = "percentage points"
		case t.Columns[i].Percent:
			u = "%"
		case u == "":
			u = t.Dataset.Unit
		}
		if k > 0 && u != unit {
			return ""
		}
		unit = u
	}
	return unit
}

// shortPeriod labels a period under the axis: 2018, Mar 2018 or
// 12 Mar 2018.
func shortPeriod(r compute.Row) string {
	switch r.Label {
	case r.Period.Format("2006"):
		return r.Label
	case r.Period.Format("January 2006"):
		return r.Period.Format("Jan 2006")
	}
	return r.Period.Format("2 Jan 2006")
}

// plotted returns the series a chart draws, one per column, over its rows,
// and fills the figure's data table and legend with the same figures.
func plotted(v *figureView, t *compute.Table, ch compute.Chart, bars bool) []chart.Series {
	v.Head = t.Dataset.RowHeader
	for _, ri := range ch.Rows {
		row := figureRow{Label: t.Rows[ri].Label}
		for _, ci := range ch.Columns {
			row.Cells = append(row.Cells, t.Rows[ri].Cells[ci].Text)
		}
		v.Rows = append(v.Rows, row)
	}
	var out []chart.Series
	for k, ci := range ch.Columns {
		s := chart.Series{Name: t.Columns[ci].Label}
		for _, ri := range ch.Rows {
			cell := t.Rows[ri].Cells[ci]
			s.Values = append(s.Values, value(cell))
			s.Texts = append(s.Texts, cell.Text)
		}
		out = append(out, s)
		v.Columns = append(v.Columns, s.Name)
		entry := legendEntry{Name: s.Name, Series: k % len(chart.Palette), Dash: chart.Dash(k)}
		if bars {
			entry = legendEntry{Name: s.Name, Series: k % len(chart.Palette), Bar: true, Fill: k % 2}
		}
		v.Legend = append(v.Legend, entry)
	}
	return out
}

func (d *packData) lineFigure(v *figureView, t *compute.Table, ch compute.Chart) error {
	spec := chart.LineSpec{Decimals: decimalsOf(t, ch.Columns), Lines: plotted(v, t, ch, false), Unit: unitOf(t, ch.Columns)}
	for _, ri := range ch.Rows {
		spec.Periods = append(spec.Periods, t.Rows[ri].Label)
		spec.Ticks = append(spec.Ticks, shortPeriod(t.Rows[ri]))
		spec.Times = append(spec.Times, t.Rows[ri].Period)
	}
	if ch.Mark != nil {
		spec.Mark = &chart.Mark{From: ch.Mark[0], To: ch.Mark[1], Label: ch.MarkLabel}
	}
	if ch.Target != nil {
		f, _ := ch.Target.Float64()
		spec.Target = &chart.Target{Value: f, Label: ch.TargetLabel}
	}
	return d.draw(v, t.Dataset, ch.Chart, func(o chart.Options) ([]byte, error) { return chart.Line(spec, o) })
}

func (d *packData) barFigure(v *figureView, t *compute.Table, ch compute.Chart) error {
	spec := chart.BarSpec{Decimals: decimalsOf(t, ch.Columns), Horizontal: ch.Horizontal, Series: plotted(v, t, ch, true), Unit: unitOf(t, ch.Columns)}
	for _, ri := range ch.Rows {
		spec.Categories = append(spec.Categories, t.Rows[ri].Label)
	}
	return d.draw(v, t.Dataset, ch.Chart, func(o chart.Options) ([]byte, error) { return chart.Bars(spec, o) })
}

// draw makes the wide and the narrow drawing of a chart: an SVG scales but
// does not reflow, so a phone gets one laid out for its width.
func (d *packData) draw(v *figureView, ds *model.Dataset, ch model.Chart, draw func(chart.Options) ([]byte, error)) error {
	title, about := illustrativeTitle(ch, ds), ""
	if ds.Illustrative != "" {
		about = "The figures are illustrative, not the source's: " + ds.Illustrative
	}
	wide, err := draw(chart.Options{ID: v.ID + "-wide", Title: title, About: about, Width: 640, Height: 360})
	if err != nil {
		return err
	}
	narrow, err := draw(chart.Options{ID: v.ID + "-narrow", Title: title, About: about, Width: 340, Height: 300})
	if err != nil {
		return err
	}
	v.Wide, v.Narrow = template.HTML(wide), template.HTML(narrow)
	return nil
}

var _ markdown.Data = (*packData)(nil)
