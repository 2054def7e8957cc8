package chart

import (
	"errors"
	"fmt"
	"math"
)

// Series is a named run of values; a nil value is missing and drawn as a
// gap, never as zero. Texts, when given, are the values as the pack shows
// them (rounded by the dataset's rule), for the description to quote.
type Series struct {
	Name   string
	Values []*float64
	Texts  []string
}

// LineSpec is a line chart over periods.
type LineSpec struct {
	Periods  []string // full labels, for the description
	Ticks    []string // short labels under the axis ("Mar 2016"); default Periods
	Lines    []Series
	Decimals int // of the figures, in the description and axis
	// Mark shades the periods From..To (indexes) with a label, such as
	// "This year" or a reorganisation.
	Mark *Mark
	// Target draws a horizontal reference line, such as an establishment.
	Target *Target
}

// Mark is a shaded run of periods.
type Mark struct {
	From, To int
	Label    string
}

func (m *Mark) valid(n int) bool { return m.From >= 0 && m.To < n && m.From <= m.To }

// Target is a reference value.
type Target struct {
	Value float64
	Label string
}

// Measurements of line charts, in pixels.
const (
	linePad      = 6  // between the plot area and the text above and below it
	lineMargin   = 8  // the plot area from the canvas's right edge
	bandInset    = 4  // a band's label in from the band's sides
	bandLift     = 6  // a band's label up from the plot area's foot
	targetLift   = 4  // a target's label above its line
	markerRadius = 3  // a marker's half width
	maxMarkers   = 40 // periods up to which every point has a marker
)

// targetDash is the target line's dash pattern.
var targetDash = []float64{6, 4}

// Line draws spec as an SVG line chart.
func Line(spec LineSpec, o Options) ([]byte, error) {
	o.defaults()
	if err := o.check(); err != nil {
		return nil, err
	}
	lo, hi, err := spec.check()
	if err != nil {
		return nil, err
	}
	p, err := newPlot(o)
	if err != nil {
		return nil, err
	}
	p.frame(linePad, lineMargin)
	y, err := p.yAxis(lo, hi, spec.Decimals == 0)
	if err != nil {
		return nil, err
	}
	x := p.points(len(spec.Periods))
	p.band(spec.Mark, x) // behind everything
	p.yGrid(y)
	p.xLabels(p.measure(spec.ticks()), x)
	p.hline("axis", nil, p.bottom)
	p.target(spec.Target, y)
	for i, l := range spec.Lines {
		p.line(i, l, x, y.scale)
	}
	return p.c.finish(o, describeLines(spec))
}

// check checks spec and returns the range of values the y axis covers:
// every value, the target, and zero, since counts start at zero and a
// change is not to be exaggerated.
func (spec LineSpec) check() (lo, hi float64, err error) {
	n := len(spec.Periods)
	if n == 0 || len(spec.Lines) == 0 {
		return 0, 0, errors.New("chart: a line chart needs at least one period and one line")
	}
	lo, hi, err = valueRange(spec.Lines, n, "line", "periods")
	if err != nil {
		return 0, 0, err
	}
	if m := spec.Mark; m != nil && !m.valid(n) {
		return 0, 0, fmt.Errorf("chart: mark %d to %d is outside the %d periods", m.From, m.To, n)
	}
	if t := spec.Target; t != nil {
		if !finite(t.Value) {
			return 0, 0, errors.New("chart: the target is not a finite number")
		}
		lo, hi = math.Min(lo, t.Value), math.Max(hi, t.Value)
	}
	return math.Min(lo, 0), hi, nil
}

// ticks are the labels under the x axis.
func (spec LineSpec) ticks() []string {
	if len(spec.Ticks) != len(spec.Periods) {
		return spec.Periods
	}
	return spec.Ticks
}

// band shades the marked periods, with the mark's label at the foot of
// the band, where the lines (which start from zero) seldom are.
func (p *plot) band(m *Mark, x points) {
	if m == nil {
		return
	}
	half := int(x.step / 2)
	x0, x1 := max(x.at(m.From)-half, p.left), min(x.at(m.To)+half, p.right)
	p.rect("mark", x0, p.top, x1, p.bottom, false)
	p.c.text("mark-label", p.c.truncate(m.Label, x1-x0-2*bandInset), x0+bandInset, p.bottom-bandLift)
}

// target draws a dashed reference line across the plot, labelled at its
// right end.
func (p *plot) target(t *Target, y axis) {
	if t == nil {
		return
	}
	py := y.at(t.Value)
	p.hline("target", targetDash, py)
	p.c.text("target-label gc-end", p.c.truncate(t.Label, (p.right-p.left)/2), p.right, py-targetLift)
}

// line draws series i, broken at each missing value so that a gap is a
// gap, and its markers: on every point when the periods are few enough
// to see them, else on lone points, which would be invisible without.
func (p *plot) line(i int, l Series, x points, y scale) {
	cls := seriesClass(i)
	drawn := false
	for j, v := range l.Values {
		switch {
		case v == nil && drawn:
			p.c.Stroke()
			drawn = false
		case v == nil:
		case !drawn:
			p.c.style("line gc-"+cls, dashes[i%len(dashes)])
			p.c.MoveTo(x.at(j), y.at(*v))
			drawn = true
		default:
			p.c.LineTo(x.at(j), y.at(*v))
		}
	}
	if drawn {
		p.c.Stroke()
	}
	n := len(l.Values)
	for j, v := range l.Values {
		lone := (j == 0 || l.Values[j-1] == nil) && (j == n-1 || l.Values[j+1] == nil)
		if v != nil && (n <= maxMarkers || lone) {
			p.marker(cls, i, x.at(j), y.at(*v))
		}
	}
}

// valueRange checks that each series has n finite values (or gaps) and
// returns the lowest and highest; what and of name the series and the
// points in messages.
func valueRange(series []Series, n int, what, of string) (lo, hi float64, err error) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range series {
		if len(s.Values) != n {
			return 0, 0, fmt.Errorf("chart: %s %q has %d values for %d %s", what, s.Name, len(s.Values), n, of)
		}
		for _, v := range s.Values {
			if v == nil {
				continue
			}
			if !finite(*v) {
				return 0, 0, errors.New("chart: a value is not a finite number")
			}
			lo, hi = math.Min(lo, *v), math.Max(hi, *v)
		}
	}
	if math.IsInf(lo, 1) {
		return 0, 0, errors.New("chart: every value is missing; there is nothing to draw")
	}
	return lo, hi, nil
}

// marker draws series i's marker: circle, square, triangle or diamond.
func (p *plot) marker(cls string, i, x, y int) {
	c := p.c
	c.style("marker gc-"+cls, nil)
	const r = markerRadius
	switch i % 4 {
	case 0:
		c.Circle(r, x, y)
		c.FillStroke()
		return
	case 1:
		c.MoveTo(x-r, y-r)
		c.LineTo(x+r, y-r)
		c.LineTo(x+r, y+r)
		c.LineTo(x-r, y+r)
	case 2:
		c.MoveTo(x, y-r-1)
		c.LineTo(x+r+1, y+r)
		c.LineTo(x-r-1, y+r)
	case 3:
		c.MoveTo(x, y-r-1)
		c.LineTo(x+r+1, y)
		c.LineTo(x, y+r+1)
		c.LineTo(x-r-1, y)
	}
	c.Close()
	c.FillStroke()
}
