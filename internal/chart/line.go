package chart

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/briefing/briefing/internal/number"
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

// Line draws spec as an SVG line chart.
func Line(spec LineSpec, o Options) ([]byte, error) {
	o.defaults()
	if err := checkID(o.ID); err != nil {
		return nil, err
	}
	n := len(spec.Periods)
	if n == 0 || len(spec.Lines) == 0 {
		return nil, errors.New("chart: a line chart needs at least one period and one line")
	}
	lo, hi, err := valueRange(spec.Lines, n, "line", "periods")
	if err != nil {
		return nil, err
	}
	if spec.Target != nil {
		lo, hi = math.Min(lo, spec.Target.Value), math.Max(hi, spec.Target.Value)
	}
	lo = math.Min(lo, 0) // counts start at zero, so a change is not exaggerated
	ticks := spec.Ticks
	if len(ticks) != n {
		ticks = spec.Periods
	}

	c, err := newCanvas(o.Width, o.Height)
	if err != nil {
		return nil, err
	}
	c.fontPixels(o.FontSize)
	lineH := int(o.FontSize * 1.3)
	top, bottom := lineH+6, o.Height-2*lineH-6
	y, err := newScale(lo, hi, max(3, (bottom-top)/(3*lineH)), float64(bottom), float64(top), spec.Decimals == 0)
	if err != nil {
		return nil, err
	}
	labelW := 0
	for _, t := range y.ticks {
		labelW = max(labelW, c.textWidth(number.Float(t, max(y.decimals, 0))))
	}
	left, right := labelW+12, o.Width-8
	step := 0.0
	if n > 1 {
		step = float64(right-left-16) / float64(n-1)
	}
	x := func(i int) int { return left + 8 + int(math.Round(float64(i)*step)) }

	// Shaded period, behind everything.
	if spec.Mark != nil && !spec.Mark.valid(n) {
		return nil, fmt.Errorf("chart: mark %d to %d is outside the %d periods", spec.Mark.From, spec.Mark.To, n)
	}
	if m := spec.Mark; m != nil {
		x0, x1 := x(m.From)-int(step/2), x(m.To)+int(step/2)
		x0, x1 = max(x0, left), min(x1, right)
		c.style("mark", nil)
		c.MoveTo(x0, top)
		c.LineTo(x1, top)
		c.LineTo(x1, bottom)
		c.LineTo(x0, bottom)
		c.Close()
		c.Fill()
		// The label sits at the foot of the band, where the lines (which
		// start from zero) seldom are.
		c.text("mark-label", c.truncate(m.Label, x1-x0-8), x0+4, bottom-6)
	}

	// Grid and y labels.
	for _, t := range y.ticks {
		py := y.at(t)
		c.style("grid", nil)
		c.MoveTo(left, py)
		c.LineTo(right, py)
		c.Stroke()
		c.text("axis-label gc-end", number.Float(t, y.decimals), left-6, py+int(o.FontSize*0.35))
	}

	// x labels, as many as fit without touching.
	widest := 0
	for _, t := range ticks {
		widest = max(widest, c.textWidth(t))
	}
	every := 1
	if step > 0 {
		every = max(1, int(math.Ceil(float64(widest+12)/step)))
	}
	for i := 0; i < n; i += every {
		// Centred under its point, unless that would run off the canvas:
		// then held to the edge.
		half := c.textWidth(ticks[i])/2 + 2
		switch {
		case x(i)+half > o.Width:
			c.text("axis-label gc-end", ticks[i], o.Width-2, bottom+lineH+2)
		case x(i)-half < 0:
			c.text("axis-label", ticks[i], 2, bottom+lineH+2)
		default:
			c.text("axis-label gc-middle", ticks[i], x(i), bottom+lineH+2)
		}
	}
	c.style("axis", nil)
	c.MoveTo(left, bottom)
	c.LineTo(right, bottom)
	c.Stroke()

	if t := spec.Target; t != nil {
		py := y.at(t.Value)
		c.style("target", []float64{6, 4})
		c.MoveTo(left, py)
		c.LineTo(right, py)
		c.Stroke()
		c.text("target-label gc-end", c.truncate(t.Label, (right-left)/2), right, py-4)
	}

	// Lines: split at missing values, so a gap is a gap. Markers when the
	// points are few enough to see.
	for i, l := range spec.Lines {
		cls := fmt.Sprintf("series-%d", i%len(Palette))
		started := false
		c.style("line gc-"+cls, dashes[i%len(dashes)])
		for j, v := range l.Values {
			if v == nil {
				if started {
					c.Stroke()
					c.style("line gc-"+cls, dashes[i%len(dashes)])
				}
				started = false
				continue
			}
			if !started {
				c.MoveTo(x(j), y.at(*v))
				started = true
			} else {
				c.LineTo(x(j), y.at(*v))
			}
		}
		if started {
			c.Stroke()
		}
		if n <= 40 {
			for j, v := range l.Values {
				if v != nil {
					marker(c, cls, i, x(j), y.at(*v))
				}
			}
		} else {
			// Lone points between gaps would be invisible without a marker.
			for j, v := range l.Values {
				if v != nil && (j == 0 || l.Values[j-1] == nil) && (j == n-1 || l.Values[j+1] == nil) {
					marker(c, cls, i, x(j), y.at(*v))
				}
			}
		}
	}

	var desc bytes.Buffer
	for _, l := range spec.Lines {
		desc.WriteString(describeLine(l, spec.Periods, spec.Decimals))
		desc.WriteString(" ")
	}
	if m := spec.Mark; m != nil {
		fmt.Fprintf(&desc, "%s is shaded: %s to %s.", m.Label, spec.Periods[m.From], spec.Periods[m.To])
	}
	if t := spec.Target; t != nil {
		fmt.Fprintf(&desc, " A dashed line marks %s at %s.", t.Label, number.Float(t.Value, spec.Decimals))
	}
	var out bytes.Buffer
	if err := c.finish(&out, o, strings.TrimSpace(desc.String())); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
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
func marker(c *canvas, cls string, i, x, y int) {
	c.style("marker gc-"+cls, nil)
	const r = 3
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
