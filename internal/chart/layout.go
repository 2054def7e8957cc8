package chart

import (
	"fmt"
	"math"

	"github.com/briefing/briefing/internal/number"
)

// Measurements shared by every chart, in pixels, or in font sizes where
// they grow with the text. A step that keeps two things apart names the
// measurement it keeps them apart by, so line and bar charts agree.
const (
	lineHeight = 1.3  // a line of text, in font sizes
	midline    = 0.35 // a label's baseline below the line it labels, in font sizes

	labelGap    = 6  // a y label from the plot area, and from the canvas edge
	edgeGap     = 2  // text held inside the canvas edge
	xLabelDrop  = 2  // an x label's baseline below a line of text under the plot area
	xLabelSpace = 12 // the least space between neighbouring x labels
	gridLines   = 3  // the fewest y gridlines
	gridSpacing = 3  // about one y gridline to this many lines of text
)

// layout is where a chart's parts go: the canvas, the text, and the plot
// area that the axes' labels leave. Drawing steps read it; the steps that
// measure labels set the plot area's sides.
type layout struct {
	width, height int
	fontSize      float64 // pixels
	lineH         int     // one line of text

	top, bottom, left, right int // the plot area
}

func newLayout(o Options) layout {
	return layout{width: o.Width, height: o.Height, fontSize: o.FontSize, lineH: int(o.FontSize * lineHeight)}
}

// frame sets the plot area's top, bottom and right for a chart with x
// labels below it: one line of text above, two below, each pad from the
// area; margin from the canvas's right edge.
func (l *layout) frame(pad, margin int) {
	l.top, l.bottom, l.right = l.lineH+pad, l.height-2*l.lineH-pad, l.width-margin
}

// baseline is where a label's baseline goes to sit centred on y.
func (l *layout) baseline(y int) int { return y + int(l.fontSize*midline) }

// xLabelY is the baseline of the labels under the plot area.
func (l *layout) xLabelY() int { return l.bottom + l.lineH + xLabelDrop }

// plot is a chart being drawn: its canvas and its layout, shared by the
// drawing steps (y grid, x labels, series, bars) that line and bar charts
// both call.
type plot struct {
	c *canvas
	layout
}

func newPlot(o Options) (*plot, error) {
	c, err := newCanvas(o.Width, o.Height)
	if err != nil {
		return nil, err
	}
	c.fontPixels(o.FontSize)
	return &plot{c: c, layout: newLayout(o)}, nil
}

// label is a piece of text measured, so that a step can place it knowing
// its size.
type label struct {
	text  string
	width int
}

func (p *plot) measure(texts []string) []label {
	out := make([]label, len(texts))
	for i, t := range texts {
		out[i] = label{text: t, width: p.c.textWidth(t)}
	}
	return out
}

func widest(labels []label) int {
	w := 0
	for _, l := range labels {
		w = max(w, l.width)
	}
	return w
}

// axis is a scale with its tick labels, written and measured.
type axis struct {
	scale
	labels []label
}

func (p *plot) axis(s scale) axis {
	texts := make([]string, len(s.ticks))
	for i, t := range s.ticks {
		texts[i] = number.Float(t, s.decimals)
	}
	return axis{scale: s, labels: p.measure(texts)}
}

// yAxis is the vertical value axis over the plot area's height, about one
// gridline to gridSpacing lines of text; it sets the area's left side
// to make room for its labels.
func (p *plot) yAxis(lo, hi float64, whole bool) (axis, error) {
	n := max(gridLines, (p.bottom-p.top)/(gridSpacing*p.lineH))
	s, err := newScale(lo, hi, n, float64(p.bottom), float64(p.top), whole)
	if err != nil {
		return axis{}, err
	}
	y := p.axis(s)
	p.left = labelGap + widest(y.labels) + labelGap
	return y, nil
}

// yGrid draws a gridline across the plot area at each of y's ticks, with
// its label to the left.
func (p *plot) yGrid(y axis) {
	for i, t := range y.ticks {
		py := y.at(t)
		p.hline("grid", nil, py)
		p.c.text("axis-label gc-end", y.labels[i].text, p.left-labelGap, p.baseline(py))
	}
}

// hline draws a line across the plot area at y.
func (p *plot) hline(class string, dash []float64, y int) {
	p.c.style(class, dash)
	p.c.MoveTo(p.left, y)
	p.c.LineTo(p.right, y)
	p.c.Stroke()
}

// vline draws a line down the plot area at x.
func (p *plot) vline(class string, x int) {
	p.c.style(class, nil)
	p.c.MoveTo(x, p.top)
	p.c.LineTo(x, p.bottom)
	p.c.Stroke()
}

// rect draws a rectangle, filled, and stroked as well when stroke is set.
func (p *plot) rect(class string, x0, y0, x1, y1 int, stroke bool) {
	p.c.style(class, nil)
	p.c.MoveTo(x0, y0)
	p.c.LineTo(x1, y0)
	p.c.LineTo(x1, y1)
	p.c.LineTo(x0, y1)
	p.c.Close()
	if stroke {
		p.c.FillStroke()
	} else {
		p.c.Fill()
	}
}

// points places n periods evenly along the x axis, the first and last
// pointInset in from the plot area's sides. (A time axis would place them
// by date instead, behind the same at.)
type points struct {
	left int
	step float64 // pixels between neighbouring periods; 0 for one period
}

const pointInset = 8

func (p *plot) points(n int) points {
	x := points{left: p.left}
	if n > 1 {
		x.step = float64(p.right-p.left-2*pointInset) / float64(n-1)
	}
	return x
}

func (x points) at(i int) int { return x.left + pointInset + int(math.Round(float64(i)*x.step)) }

// every is how often an x label can be shown (1 each, 2 every other…) for
// labels spaced step apart not to touch.
func every(labels []label, step float64) int {
	if step <= 0 {
		return 1
	}
	return max(1, int(math.Ceil(float64(widest(labels)+xLabelSpace)/step)))
}

// xLabels writes labels under the plot area as many as fit without
// touching, each centred under its point unless that would run off the
// canvas: then held to the edge.
func (p *plot) xLabels(labels []label, x points) {
	y := p.xLabelY()
	for i, n := 0, every(labels, x.step); i < len(labels); i += n {
		l, px := labels[i], x.at(i)
		half := l.width/2 + edgeGap
		switch {
		case px+half > p.width:
			p.c.text("axis-label gc-end", l.text, p.width-edgeGap, y)
		case px-half < 0:
			p.c.text("axis-label", l.text, edgeGap, y)
		default:
			p.c.text("axis-label gc-middle", l.text, px, y)
		}
	}
}

// seriesClass is series i's class: its colour in the stylesheet.
func seriesClass(i int) string { return fmt.Sprintf("series-%d", i%len(Palette)) }
