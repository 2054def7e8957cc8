package chart

import (
	"errors"
	"fmt"
	"math"
	"time"
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
	Periods []string // full labels, for the description
	Ticks   []string // short labels under the axis ("Mar 2016"); default Periods
	// Times are the periods' starts: given, the x axis is proportional to
	// time, and a line breaks where periods are missing (a gap of more
	// than gapFactor times the series' shortest step).
	Times []time.Time
	// Unit titles the value axis ("%", "offences").
	Unit     string
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
	p.top += titleGap
	y, err := p.yAxis(lo, hi, spec.Decimals == 0)
	if err != nil {
		return nil, err
	}
	// The lines' names at their ends, when they fit, take the right of
	// the canvas.
	names, namesW := p.directNames(spec)
	var ends []int
	if names != nil {
		for _, l := range spec.Lines {
			ends = append(ends, y.at(*l.Values[len(l.Values)-1]))
		}
		if _, ok := nudge(ends, p.directHeights(names), p.directTop(), p.bottom); ok {
			p.right = p.width - edgeGap - namesW - directGap
		} else {
			names = nil
		}
	}
	x := p.points(len(spec.Periods), spec.times())
	p.band(spec.Mark, x) // behind everything
	p.yGrid(y)
	p.yTitle(axisTitle(spec.Unit, y.scale))
	p.xLabels(p.measure(spec.ticks()), x, p.refPoints(len(spec.Periods), spec.times()))
	p.hline("axis", nil, p.bottom)
	p.axisBreak(y.scale)
	p.target(spec.Target, y)
	breaks := spec.breaks()
	for i, l := range spec.Lines {
		p.line(i, l, x, y.scale, breaks)
	}
	if names != nil {
		p.directLabels(names, ends)
	}
	return p.c.finish(o, describeLines(spec))
}

// check checks spec and returns the range of values the y axis covers:
// every value, the target, and zero unless the values lie far from it
// (lineRange).
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
	if len(spec.Times) != 0 && len(spec.Times) != n {
		return 0, 0, fmt.Errorf("chart: %d times for %d periods", len(spec.Times), n)
	}
	lo, hi = lineRange(lo, hi)
	return lo, hi, nil
}

// lineRange is the baseline rule of line charts: the value axis starts at
// zero, unless every value is above zero and the lowest is more than half
// the highest (or, below zero, the mirror of that): then an axis from zero
// would flatten the change, and it starts near the lowest value instead,
// and says so in its title. Bars always start at zero.
func lineRange(lo, hi float64) (float64, float64) {
	switch {
	case lo > 0 && lo > hi/2, hi < 0 && hi < lo/2:
		return lo, hi
	}
	return math.Min(lo, 0), math.Max(hi, 0)
}

// gapFactor: a step between periods this many times the series' shortest
// step or more is a gap, and a line does not join across it. (Months
// differ by a few days; a missing month doubles the step.)
const gapFactor = 1.5

func (spec LineSpec) times() []time.Time {
	if len(spec.Times) != len(spec.Periods) {
		return nil
	}
	return spec.Times
}

// breaks says, for each period, whether a line breaks before it: the
// periods before it are missing.
func (spec LineSpec) breaks() []bool {
	ts := spec.times()
	out := make([]bool, len(spec.Periods))
	var least time.Duration
	for i := 1; i < len(ts); i++ {
		if d := ts[i].Sub(ts[i-1]); d > 0 && (least == 0 || d < least) {
			least = d
		}
	}
	for i := 1; i < len(ts); i++ {
		out[i] = least > 0 && float64(ts[i].Sub(ts[i-1])) >= gapFactor*float64(least)
	}
	return out
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
	before, _ := x.half(m.From)
	_, after := x.half(m.To)
	x0, x1 := max(x.at(m.From)-before, p.left), min(x.at(m.To)+after, p.right)
	p.rect("mark", x0, p.top, x1, p.bottom, false)
	p.text("mark-label", p.c.truncate(m.Label, x1-x0-2*bandInset), x0+bandInset, p.bottom-bandLift)
}

// target draws a dashed reference line across the plot, labelled at its
// right end.
func (p *plot) target(t *Target, y axis) {
	if t == nil {
		return
	}
	py := y.at(t.Value)
	p.hline("target", targetDash, py)
	p.text("target-label gc-end", p.c.truncate(t.Label, (p.right-p.left)/2), p.right, py-targetLift)
}

// line draws series i, broken at each missing value so that a gap is a
// gap, and its markers: on every point when the periods are few enough
// to see them, else on lone points, which would be invisible without.
func (p *plot) line(i int, l Series, x points, y scale, breaks []bool) {
	cls := seriesClass(i)
	drawn := false
	for j, v := range l.Values {
		if breaks[j] && drawn {
			p.c.Stroke()
			drawn = false
		}
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
		lone := (j == 0 || l.Values[j-1] == nil || breaks[j]) && (j == n-1 || l.Values[j+1] == nil || breaks[j+1])
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
