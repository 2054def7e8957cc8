package chart

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Labels drawn last, where they fit: values on bars, and lines' names at
// their ends. Every text a chart draws is kept as a box — its width
// measured in the font, its height the font's ascent and descent, as a
// browser's getBBox gives it — and so is every bar. A label is drawn only
// where its box keeps textSpace clear of every other text, every other
// bar and the canvas's edge; when one label of a kind cannot be placed,
// none of that kind is drawn (a chart half labelled reads as if the rest
// were missing), and the data table and legend beside the chart say what
// the labels would have.

const (
	ascent    = 0.928 // a text's box above its baseline, in font sizes (Roboto; Liberation Sans 0.905)
	descent   = 0.244 // and below it (Roboto; Liberation Sans 0.212)
	textSpace = 2     // the least space between a label's box and any other box
)

// box is a rectangle on the canvas, in whole pixels: a text's or a bar's.
type box struct{ x0, y0, x1, y1 int }

// near says whether a and b come closer than gap.
func (a box) near(b box, gap int) bool {
	return a.x0 < b.x1+gap && b.x0 < a.x1+gap && a.y0 < b.y1+gap && b.y0 < a.y1+gap
}

// within says whether a lies inside b.
func (a box) within(b box) bool {
	return a.x0 >= b.x0 && a.x1 <= b.x1 && a.y0 >= b.y0 && a.y1 <= b.y1
}

// text draws body at x, y in class, and keeps its box; the class ends
// with its anchor's (anchorClass).
func (p *plot) text(class, body string, x, y int) {
	p.texts = append(p.texts, p.textBox(body, anchorOf(class), x, y))
	p.c.text(class, body, x, y)
}

// anchorOf is the text anchor that a class made by anchorClass ends with.
func anchorOf(class string) string {
	for _, a := range []string{"end", "middle"} {
		if strings.HasSuffix(class, " gc-"+a) {
			return a
		}
	}
	return ""
}

// textBox is the box of body drawn at x, y with its anchor.
func (p *plot) textBox(body, anchor string, x, y int) box {
	w := p.c.textWidth(body)
	switch anchor {
	case "end":
		x -= w
	case "middle":
		x -= w / 2
	}
	return box{x, y - p.up(), x + w, y + p.down()}
}

// up and down are a text's box above and below its baseline.
func (p *plot) up() int   { return int(math.Ceil(p.fontSize * ascent)) }
func (p *plot) down() int { return int(math.Ceil(p.fontSize * descent)) }

// textHeight is the height of a line of text's box.
func (p *plot) textHeight() int { return p.up() + p.down() }

// clear says whether b lies on the canvas and keeps textSpace from every
// text drawn, every bar but bar own (-1 for none), and every label of
// others.
func (p *plot) clear(b box, own int, others []placedText) bool {
	if !b.within(box{edgeGap, 0, p.width - edgeGap, p.height}) {
		return false
	}
	for _, t := range p.texts {
		if b.near(t, textSpace) {
			return false
		}
	}
	for i, r := range p.bars {
		if i != own && b.near(r, textSpace) {
			return false
		}
	}
	for _, o := range others {
		if b.near(o.box, textSpace) {
			return false
		}
	}
	return true
}

// placedText is a label placed, to be drawn once all of its kind fit.
type placedText struct {
	class, text string
	x, y        int
	box
}

// placeText places body at x, y in class (its anchor last).
func (p *plot) placeText(class, body string, x, y int) placedText {
	return placedText{class, body, x, y, p.textBox(body, anchorOf(class), x, y)}
}

func (p *plot) drawPlaced(labels []placedText) {
	for _, l := range labels {
		p.text(l.class, l.text, l.x, l.y)
	}
}

// Value labels on bars.
const (
	// maxValueBars: a bar chart labels its bars with their values when it
	// has at most this many bars (eight areas, this year and last): more
	// figures are the table's job, and the table is with the chart.
	maxValueBars = 16
	valueGap     = 3 // a value label from its bar's end
	insidePad    = 3 // a value label inside its bar, from the bar's sides
)

// valueBar is a bar to label: its index in p.bars, its series, its
// value as the table shows it, and whether it runs down (or left) from
// zero.
type valueBar struct {
	bar, series int
	text        string
	negative    bool
}

// valueLabels writes each bar's value at its end: outside the bar, in
// the plot area, or else inside it; or, when any label can be placed
// neither way, none.
func (p *plot) valueLabels(bars []valueBar, horizontal bool) {
	var out []placedText
	for _, v := range bars {
		l, ok := p.valueLabel(v, horizontal, out)
		if !ok {
			return
		}
		out = append(out, l)
	}
	p.drawPlaced(out)
}

// valueLabel places v's label outside its bar's end, in the plot area,
// or else inside the bar, wherever it is clear of everything placed.
func (p *plot) valueLabel(v valueBar, horizontal bool, others []placedText) (placedText, bool) {
	b := p.bars[v.bar]
	inside := fmt.Sprintf("value-inside gc-fill-%d", v.series%2)
	var out, in placedText
	// Beside a horizontal bar, the label's box is centred on the bar's.
	beside := (b.y0+b.y1)/2 - p.textHeight()/2 + p.up()
	room := box{b.x0 + insidePad, b.y0 + insidePad, b.x1 - insidePad, b.y1 - insidePad}
	switch {
	case horizontal && !v.negative:
		out = p.placeText("value", v.text, b.x1+valueGap, beside)
		in = p.placeText(inside+" gc-end", v.text, b.x1-insidePad, beside)
	case horizontal:
		out = p.placeText("value gc-end", v.text, b.x0-valueGap, beside)
		in = p.placeText(inside, v.text, b.x0+insidePad, beside)
	case !v.negative:
		cx := (b.x0 + b.x1) / 2
		out = p.placeText("value gc-middle", v.text, cx, b.y0-valueGap-p.down())
		in = p.placeText(inside+" gc-middle", v.text, cx, b.y0+insidePad+p.up())
	default:
		cx := (b.x0 + b.x1) / 2
		out = p.placeText("value gc-middle", v.text, cx, b.y1+valueGap+p.up())
		in = p.placeText(inside+" gc-middle", v.text, cx, b.y1-insidePad-p.down())
	}
	area := box{p.left, p.top, p.right, p.bottom}
	if out.within(area) && p.clear(out.box, v.bar, others) {
		return out, true
	}
	if horizontal {
		room.y0, room.y1 = b.y0, b.y1 // a bar as tall as the label is enough
	}
	if in.within(room) && p.clear(in.box, v.bar, others) {
		return in, true
	}
	return placedText{}, false
}

// Direct labels on lines.
const (
	directShare = 0.25 // the names take at most this share of the width
	directLines = 2    // each name in at most this many lines
	directGap   = 8    // the names from the plot area's right side
	leaderLeast = 3    // a name moved this far from its line's end gets a leader
)

// directNames are the names of spec's lines wrapped for labels at their
// ends, and the width they take; nil when the legend alone keys the
// lines: one line (the title names it), a line with no value at the last
// period (its name would float away from it), or a name that does not
// fit directLines lines of directShare of the width.
func (p *plot) directNames(spec LineSpec) ([][]string, int) {
	n := len(spec.Periods)
	if len(spec.Lines) < 2 {
		return nil, 0
	}
	room := int(directShare * float64(p.width))
	for _, l := range spec.Lines {
		if l.Values[n-1] == nil || !p.fits(l.Name, room, directLines) {
			return nil, 0
		}
	}
	// Each name wrapped as narrow as it goes in directLines lines (found
	// by halving): "Emergency / (P1 and P2)", not "Emergency (P1 / and
	// P2)", and no wider a column than the names need.
	var names [][]string
	w := 0
	for _, l := range spec.Lines {
		lo, hi := 1, room
		for lo < hi {
			if mid := (lo + hi) / 2; p.fits(l.Name, mid, directLines) {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		lines := p.wrap(l.Name, lo, directLines)
		for _, s := range lines {
			w = max(w, p.c.textWidth(s))
		}
		names = append(names, lines)
	}
	return names, w
}

// nudge moves boxes of the heights given, each wanted centred at want,
// apart by textSpace and inside lo..hi, keeping their order from top to
// bottom; it returns their centres, or false when they cannot fit.
func nudge(want, heights []int, lo, hi int) ([]int, bool) {
	order := make([]int, len(want))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return want[a] - want[b] })
	top := make([]int, len(want))
	next := lo
	for _, i := range order { // down: each below the one above it
		top[i] = max(want[i]-heights[i]/2, next)
		next = top[i] + heights[i] + textSpace
	}
	next = hi
	for k := len(order) - 1; k >= 0; k-- { // up: each above the one below it
		i := order[k]
		top[i] = min(top[i], next-heights[i])
		next = top[i] - textSpace
	}
	centre := make([]int, len(want))
	for i := range top {
		if top[i] < lo {
			return nil, false
		}
		centre[i] = top[i] + heights[i]/2
	}
	return centre, true
}

// directLabels writes each line's name to the right of the plot area,
// level with its last value (at ys), nudged apart so that none touch,
// with a leader where a name moved; or, when they do not fit, none.
func (p *plot) directLabels(names [][]string, ys []int) bool {
	heights := p.directHeights(names)
	centres, ok := nudge(ys, heights, p.directTop(), p.bottom)
	if !ok {
		return false
	}
	x := p.right + directGap
	var out []placedText
	for i, lines := range names {
		first := centres[i] - heights[i]/2 + p.up()
		others := out // a name's own lines are a line apart
		for k, line := range lines {
			l := p.placeText("direct-label", line, x, first+k*p.lineH)
			if !p.clear(l.box, -1, others) {
				return false
			}
			out = append(out, l)
		}
	}
	p.drawPlaced(out)
	for i := range names {
		if abs(centres[i]-ys[i]) >= leaderLeast {
			p.c.style("leader", nil)
			p.c.MoveTo(p.right-pointInset+markerRadius+2, ys[i])
			p.c.LineTo(x-2, centres[i])
			p.c.Stroke()
		}
	}
	return true
}

// directHeights are the heights of the names' boxes.
func (p *plot) directHeights(names [][]string) []int {
	heights := make([]int, len(names))
	for i, lines := range names {
		heights[i] = (len(lines)-1)*p.lineH + p.textHeight()
	}
	return heights
}

// directTop is as high as a name may go: half a line above the plot
// area, below the axis title.
func (p *plot) directTop() int { return p.top - p.lineH/2 }

func abs(v int) int { return max(v, -v) }

// axisBreak draws a zig-zag on the value axis at its end nearer zero —
// its foot, or its head for an axis of values below zero — when the axis
// does not reach zero: the drawing says so, as the axis's title does.
func (p *plot) axisBreak(s scale) {
	y, dir := 0, 0
	switch {
	case s.min > 0:
		y, dir = p.bottom, -1
	case s.max < 0:
		y, dir = p.top, 1
	default:
		return
	}
	const r = 3 // the zig-zag's half width
	x := p.left
	p.c.style("axis-break", nil)
	p.c.MoveTo(x, y)
	for k, dx := range []int{0, -r, r, -r, 0, 0} {
		p.c.LineTo(x+dx, y+dir*(3+3*k))
	}
	p.c.Stroke()
}
