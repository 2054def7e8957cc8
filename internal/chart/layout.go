package chart

import (
	"fmt"
	"math"
	"strings"
	"time"

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
	xLabelDrop  = 3  // an x label's baseline below a line of text under the plot area
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
	texts, bars []box // what was drawn, for the labels drawn last to keep clear of
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
		p.text("axis-label gc-end", y.labels[i].text, p.left-labelGap, p.baseline(py))
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

// points places the periods along the x axis, the first and last
// pointInset in from the plot area's sides: by date when the periods'
// times are given (a ten-month gap is drawn ten months wide), else evenly.
type points struct {
	xs []int
}

const pointInset = 8

func (p *plot) points(n int, times []time.Time) points {
	x := points{xs: make([]int, n)}
	from, span := float64(p.left+pointInset), float64(p.right-p.left-2*pointInset)
	byTime := len(times) == n && n > 1 && times[n-1].After(times[0])
	for i := range x.xs {
		var at float64
		switch {
		case byTime:
			at = float64(times[i].Sub(times[0])) / float64(times[n-1].Sub(times[0]))
		case n > 1:
			at = float64(i) / float64(n-1)
		}
		x.xs[i] = int(math.Round(from + at*span))
	}
	return x
}

func (x points) at(i int) int { return x.xs[i] }

// half is half the space between period i and its neighbours, for a band
// around it.
func (x points) half(i int) (before, after int) {
	n := len(x.xs)
	if i > 0 {
		before = (x.xs[i] - x.xs[i-1]) / 2
	}
	if i < n-1 {
		after = (x.xs[i+1] - x.xs[i]) / 2
	}
	switch {
	case n == 1:
		return pointInset, pointInset
	case i == 0:
		before = after
	case i == n-1:
		after = before
	}
	return before, after
}

// wrap breaks text into lines of at most width pixels, at spaces, in at
// most maxLines lines; a word wider than width, or text beyond the last
// line, is cut with "…" (the data table beside the chart has it whole).
func (p *plot) wrap(text string, width, maxLines int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case p.c.textWidth(line+" "+word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	lines = append(lines, line)
	if len(lines) > maxLines {
		lines[maxLines-1] = strings.Join(lines[maxLines-1:], " ")
		lines = lines[:maxLines]
	}
	for i, l := range lines {
		lines[i] = p.c.truncate(l, width)
	}
	return lines
}

// fits says whether text wraps into maxLines lines of width without
// cutting a word.
func (p *plot) fits(text string, width, maxLines int) bool {
	lines := p.wrap(text, width, maxLines)
	return !strings.HasSuffix(lines[len(lines)-1], "…") && len(lines) <= maxLines &&
		strings.Join(lines, " ") == strings.Join(strings.Fields(text), " ")
}

// placed is a label placed on one line: its text, where its box starts
// and ends, and how it is anchored at x.
type placed struct {
	text   string
	x      int
	anchor string // "", "end" or "middle"
	x0, x1 int
}

// place centres a label of width w on px, unless that would run off the
// canvas: then it is held to the edge.
func (p *plot) place(l label, px int) placed {
	half := l.width/2 + edgeGap
	switch {
	case px+half > p.width:
		return placed{l.text, p.width - edgeGap, "end", p.width - edgeGap - l.width, p.width - edgeGap}
	case px-half < 0:
		return placed{l.text, edgeGap, "", edgeGap, edgeGap + l.width}
	}
	return placed{l.text, px, "middle", px - l.width/2, px - l.width/2 + l.width}
}

// thin places every n-th label at its point, with the least n for which
// no two placed labels come closer than xLabelSpace: labels are thinned
// until none touch, at any spacing of the points. n is first chosen for
// a reference plot area, as wide as if the value axis's labels were
// refWidest wide, so that sibling charts of the same periods (whose value
// labels differ) label the same periods; and n is one of everyNice, so
// that monthly labels fall every quarter, half year or year.
func (p *plot) thin(labels []label, x points, ref points) []placed {
	for _, n := range everyNice(len(labels)) {
		if _, ok := p.thinEvery(labels, ref, n); !ok {
			continue
		}
		if out, ok := p.thinEvery(labels, x, n); ok {
			return out
		}
	}
	out, _ := p.thinEvery(labels, x, len(labels)) // the first label alone
	return out
}

// everyNice are the steps a label may be shown at: 1, 2, 3, 4, 6, 12, 24
// and so on.
func everyNice(n int) []int {
	steps := []int{1, 2, 3, 4, 6}
	for s := 12; s < n; s *= 2 {
		steps = append(steps, s)
	}
	return append(steps, max(n, 1))
}

// thinEvery places every n-th label, and says whether none come closer
// than xLabelSpace.
func (p *plot) thinEvery(labels []label, x points, n int) ([]placed, bool) {
	var out []placed
	for i := 0; i < len(labels); i += n {
		l := p.place(labels[i], x.at(i))
		if len(out) > 0 && l.x0 < out[len(out)-1].x1+xLabelSpace {
			return nil, false
		}
		out = append(out, l)
	}
	return out, true
}

// refWidest is the value labels' width that a reference plot area, the
// same for sibling charts, leaves room for: six digits and a comma.
const refWidest = "000,000"

// refPoints are the periods' points on the reference plot area.
func (p *plot) refPoints(n int, times []time.Time) points {
	q := *p
	q.left = max(p.left, labelGap+p.c.textWidth(refWidest)+labelGap)
	return q.points(n, times)
}

// xLabels writes labels under the plot area, as many as fit without
// touching.
func (p *plot) xLabels(labels []label, x, ref points) {
	y := p.xLabelY()
	for _, l := range p.thin(labels, x, ref) {
		p.text(anchorClass("axis-label", l.anchor), l.text, l.x, y)
	}
}

// anchorClass is class with the class of its text anchor.
func anchorClass(class, anchor string) string {
	if anchor == "" {
		return class
	}
	return class + " gc-" + anchor
}

// yTitle writes the value axis's title (its unit, and whether it starts
// at zero) above the plot area, at the canvas's left edge.
func (p *plot) yTitle(title string) {
	if title == "" {
		return
	}
	p.text("axis-title", p.c.truncate(title, p.width-2*edgeGap), edgeGap, int(p.fontSize))
}

// axisTitle is the value axis's title: the unit, and a note when the axis
// does not start at zero.
func axisTitle(unit string, s scale) string {
	if s.min <= 0 && s.max >= 0 {
		return unit
	}
	if unit == "" {
		return "axis does not start at 0"
	}
	return unit + " (axis does not start at 0)"
}

// titleGap is the room a y title takes above the plot area's usual top.
const titleGap = 4

// seriesClass is series i's class: its colour in the stylesheet.
func seriesClass(i int) string { return fmt.Sprintf("series-%d", i%len(Palette)) }
