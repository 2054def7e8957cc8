package chart

import (
	"errors"
	"fmt"
	"math"
)

// BarSpec is a bar chart: categories (areas, teams), each with one bar per
// series (last year and this year; establishment, strength, deployable).
type BarSpec struct {
	Categories []string
	Series     []Series // one value per category each
	Decimals   int
	// Horizontal lays bars along the x axis, for long labels or many
	// categories; it is chosen automatically when the labels need it.
	Horizontal bool
	// Unit titles the value axis ("%", "offences").
	Unit string
}

// Measurements of bar charts, in pixels or in parts of a category's slot.
const (
	barPad     = 4   // between the plot area and the text above and below it
	barMargin  = 4   // the plot area from the canvas's right edge
	groupGap   = 0.1 // a slot's space before its bars, in slots
	groupWidth = 0.8 // a slot's bars together, in slots
	barGap     = 1   // space each side of a bar, between neighbouring bars
	missingGap = 4   // a missing value's mark from the zero line
	slotInset  = 4   // a category label narrower than its slot
	// Horizontal bars: category labels take up to a third of the width.
	hLabelGap    = 10 // a category label's room beyond its width, to the plot area
	hTop         = 4  // the plot area from the canvas's top
	hBottom      = 8  // the plot area above the line of tick labels
	hMargin      = 8  // the plot area from the canvas's right edge
	hTicks       = 5  // about this many ticks along the value axis
	hSlotGap     = 4  // between neighbouring categories' wrapped labels
	hBarLeast    = 8  // the least height of a bar, when the canvas grows to fit
	zeroBar      = 3  // a zero value's bar: thin, but not nothing
	hMissingDrop = 2  // a missing value's mark up from its bar's foot
	// Bars lie along the x axis past this many categories, or when the
	// widest label is more than labelShare of a slot of the width less
	// slotMargin.
	maxColumns = 12
	labelShare = 0.9
	slotMargin = 60
)

// maxLabelLines is the most lines a category label is wrapped to.
const maxLabelLines = 3

// Bars draws spec as an SVG bar chart, grouped when it has several
// series. go-chart has no grouped bars, so they are drawn here, from zero.
func Bars(spec BarSpec, o Options) ([]byte, error) {
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
	cats := p.measure(spec.Categories)
	if spec.horizontal(p, cats, o.Width) {
		err = p.horizontalBars(spec, cats, lo, hi)
	} else {
		err = p.verticalBars(spec, cats, lo, hi)
	}
	if err != nil {
		return nil, err
	}
	return p.c.finish(o, describeBars(spec))
}

// check checks spec and returns the range of values the value axis
// covers: every value, and zero, since bars stand on zero.
func (spec BarSpec) check() (lo, hi float64, err error) {
	if len(spec.Categories) == 0 || len(spec.Series) == 0 {
		return 0, 0, errors.New("chart: a bar chart needs at least one category and one series")
	}
	lo, hi, err = valueRange(spec.Series, len(spec.Categories), "series", "categories")
	return math.Min(lo, 0), math.Max(hi, 0), err
}

// horizontal says whether bars lie along the x axis: when asked, for
// many categories, or for labels that, wrapped, do not fit under their
// bars in maxLabelLines lines (or have a word wider than a slot).
func (spec BarSpec) horizontal(p *plot, cats []label, width int) bool {
	n := len(cats)
	if spec.Horizontal || n > maxColumns {
		return true
	}
	room := int(labelShare * float64(slotWidth(width, n)))
	for _, c := range cats {
		if !p.fits(c.text, room, maxLabelLines) {
			return true
		}
	}
	return false
}

// slots divides length pixels from start among n categories.
type slots struct {
	start int
	size  float64
}

// group is where category j's first bar starts.
func (s slots) group(j int) int { return s.start + int(float64(j)*s.size+s.size*groupGap) }

// thickness is each of k bars' share of a slot.
func (s slots) thickness(k int) int { return int(s.size * groupWidth / float64(k)) }

// bar draws series i's bar between two corners, and keeps its box.
func (p *plot) bar(i, x0, y0, x1, y1 int) {
	p.rect(fmt.Sprintf("bar gc-%s gc-fill-%d", seriesClass(i), i%2), x0, y0, x1, y1, true)
	p.bars = append(p.bars, box{min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)})
}

// valueBar is the bar just drawn, of series i and value j, to label.
func (p *plot) valueBar(s Series, i, j, decimals int) valueBar {
	return valueBar{bar: len(p.bars) - 1, series: i, text: s.text(j, decimals), negative: *s.Values[j] < 0}
}

// missing is how a missing value is marked: as the table marks it
// ([x], [c], [z]), or [x].
func (s Series) missing(j int) string {
	if j < len(s.Texts) && s.Texts[j] != "" {
		return s.Texts[j]
	}
	return "[x]"
}

// labelled says whether spec's bars are few enough for value labels.
func labelled(spec BarSpec) bool { return len(spec.Categories)*len(spec.Series) <= maxValueBars }

func (p *plot) verticalBars(spec BarSpec, cats []label, lo, hi float64) error {
	n := len(cats)
	rows := 1
	for _, c := range cats {
		rows = max(rows, len(p.wrap(c.text, slotWidth(p.width, n)-slotInset, maxLabelLines)))
	}
	p.frame(barPad, barMargin)
	p.top += titleGap
	p.bottom -= (rows - 1) * p.lineH
	y, err := p.yAxis(lo, hi, spec.Decimals == 0)
	if err != nil {
		return err
	}
	p.yGrid(y)
	p.yTitle(axisTitle(spec.Unit, y.scale))
	s := slots{start: p.left, size: float64(p.right-p.left) / float64(n)}
	barW := s.thickness(len(spec.Series))
	zero := y.at(0)
	var values []valueBar
	for j, cat := range spec.Categories {
		x0 := s.group(j)
		for i, series := range spec.Series {
			bx := x0 + i*barW
			if v := series.Values[j]; v != nil {
				y0, y1 := min(zero, y.at(*v)), max(zero, y.at(*v))
				if y1-y0 < zeroBar {
					y0 = zero - zeroBar // zero is a thin bar, told from missing
				}
				p.bar(i, bx+barGap, y0, bx+barW-barGap, y1)
				values = append(values, p.valueBar(series, i, j, spec.Decimals))
			} else {
				p.text("missing gc-middle", series.missing(j), bx+barW/2, zero-missingGap)
			}
		}
		for k, line := range p.wrap(cat, int(s.size)-slotInset, rows) {
			p.text("axis-label gc-middle", line, x0+int(s.size*groupWidth/2), p.xLabelY()+k*p.lineH)
		}
	}
	p.hline("axis", nil, zero)
	if labelled(spec) {
		p.valueLabels(values, false)
	}
	return nil
}

// slotWidth is about the width of each of n categories' slots across a
// canvas width wide, before the value axis's labels are measured.
func slotWidth(width, n int) int { return (width - slotMargin) / n }

// horizontalBars lays bars along the x axis, each category's label
// wrapped to the left of its bars; the canvas grows taller when the
// categories need it.
func (p *plot) horizontalBars(spec BarSpec, cats []label, lo, hi float64) error {
	labelW := min(widest(cats), p.width/3)
	n := len(cats)
	wrapped := make([][]string, n)
	rows := 1
	for j, c := range cats {
		wrapped[j] = p.wrap(c.text, labelW, maxLabelLines)
		rows = max(rows, len(wrapped[j]))
	}
	below := 2*p.lineH + hBottom + edgeGap // tick labels and the axis title
	least := hBarLeast
	if labelled(spec) {
		least = p.textHeight() + 2*barGap + 1 // a bar as tall as its value label
	}
	slot := max(rows*p.lineH+hSlotGap, len(spec.Series)*least)
	if need := hTop + int(math.Ceil(float64(n*slot)/groupWidth)) + below; need > p.height {
		p.height = need
		p.c.h = need
	}
	p.top, p.bottom, p.left = hTop, p.height-below, labelW+hLabelGap
	x, err := p.valueAxis(lo, hi, spec.Decimals == 0)
	if err != nil {
		return err
	}
	p.xGrid(x)
	if t := axisTitle(spec.Unit, x.scale); t != "" {
		p.text("axis-title", p.c.truncate(t, p.right-p.left), p.left, p.bottom+2*p.lineH+edgeGap)
	}
	sl := slots{start: p.top, size: float64(p.bottom-p.top) / float64(n)}
	barH := max(1, sl.thickness(len(spec.Series)))
	zero := x.at(0)
	var values []valueBar
	for j := range spec.Categories {
		y0 := sl.group(j)
		for i, series := range spec.Series {
			by := y0 + i*barH
			if v := series.Values[j]; v != nil {
				x0, x1 := min(zero, x.at(*v)), max(zero, x.at(*v))
				if x1-x0 < zeroBar {
					x1 = zero + zeroBar // zero is a thin bar, told from missing
				}
				p.bar(i, x0, by+barGap, x1, by+barH-barGap)
				values = append(values, p.valueBar(series, i, j, spec.Decimals))
			} else {
				p.text("missing", series.missing(j), zero+missingGap, by+barH-hMissingDrop)
			}
		}
		lines := wrapped[j]
		middle := y0 + int(sl.size*groupWidth/2)
		first := middle - (len(lines)-1)*p.lineH/2
		for k, line := range lines {
			p.text("axis-label gc-end", line, p.left-labelGap, p.baseline(first+k*p.lineH))
		}
	}
	p.vline("axis", zero)
	if labelled(spec) {
		p.valueLabels(values, true)
	}
	return nil
}

// valueAxis is the horizontal value axis from the plot area's left side to
// the canvas's right edge less room for its last label: as many ticks as
// fit (hTicks at most) without their labels, each centred on its tick,
// coming closer than xLabelSpace. It sets the plot area's right side.
func (p *plot) valueAxis(lo, hi float64, whole bool) (axis, error) {
	var x axis
	for n := hTicks; n >= 1; n-- {
		s, err := newScale(lo, hi, n, float64(p.left), float64(p.width-hMargin), whole)
		if err != nil {
			return axis{}, err
		}
		x = p.axis(s)
		last := x.labels[len(x.labels)-1].width
		p.right = p.width - max(hMargin, last/2+edgeGap)
		if x.scale, err = stepScale(s.min, s.max, s.ticks[1]-s.ticks[0], float64(p.left), float64(p.right)); err != nil {
			return axis{}, err
		}
		if p.ticksFit(x) {
			break
		}
	}
	return x, nil
}

// ticksFit says whether x's labels, centred on their ticks, keep
// xLabelSpace apart.
func (p *plot) ticksFit(x axis) bool {
	for i := 1; i < len(x.ticks); i++ {
		gap := x.at(x.ticks[i]) - x.at(x.ticks[i-1]) - (x.labels[i].width+x.labels[i-1].width+1)/2
		if gap < xLabelSpace {
			return false
		}
	}
	return true
}

// xGrid draws a gridline down the plot area at each of x's ticks, with
// its label at the foot, centred on it.
func (p *plot) xGrid(x axis) {
	for i, t := range x.ticks {
		px := x.at(t)
		p.vline("grid", px)
		p.text("axis-label gc-middle", x.labels[i].text, px, p.bottom+p.lineH)
	}
}
