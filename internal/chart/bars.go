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
	hTickHold    = 20 // a tick label's centre held in from the plot area's ends
	hMissingDrop = 2  // a missing value's mark up from its bar's foot
	// Bars lie along the x axis past this many categories, or when the
	// widest label is more than labelShare of a slot of the width less
	// slotMargin.
	maxColumns = 12
	labelShare = 0.9
	slotMargin = 60
)

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
	if spec.horizontal(cats, o.Width) {
		err = p.horizontalBars(spec, cats, lo, hi)
	} else {
		err = p.verticalBars(spec, lo, hi)
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
// many categories, or for labels too wide to stand under their bars.
func (spec BarSpec) horizontal(cats []label, width int) bool {
	n := len(cats)
	return spec.Horizontal || n > maxColumns || float64(widest(cats)) > labelShare*float64(width-slotMargin)/float64(n)
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

// bar draws series i's bar between two corners.
func (p *plot) bar(i, x0, y0, x1, y1 int) {
	p.rect(fmt.Sprintf("bar gc-%s gc-fill-%d", seriesClass(i), i%2), x0, y0, x1, y1, true)
}

func (p *plot) verticalBars(spec BarSpec, lo, hi float64) error {
	p.frame(barPad, barMargin)
	y, err := p.yAxis(lo, hi, spec.Decimals == 0)
	if err != nil {
		return err
	}
	p.yGrid(y)
	n := len(spec.Categories)
	s := slots{start: p.left, size: float64(p.right-p.left) / float64(n)}
	barW := s.thickness(len(spec.Series))
	zero := y.at(0)
	for j, cat := range spec.Categories {
		x0 := s.group(j)
		for i, series := range spec.Series {
			bx := x0 + i*barW
			if v := series.Values[j]; v != nil {
				p.bar(i, bx+barGap, min(zero, y.at(*v)), bx+barW-barGap, max(zero, y.at(*v)))
			} else {
				p.c.text("missing gc-middle", "[x]", bx+barW/2, zero-missingGap)
			}
		}
		p.c.text("axis-label gc-middle", p.c.truncate(cat, int(s.size)-slotInset), x0+int(s.size*groupWidth/2), p.xLabelY())
	}
	p.hline("axis", nil, zero)
	return nil
}

func (p *plot) horizontalBars(spec BarSpec, cats []label, lo, hi float64) error {
	labelW := min(widest(cats), p.width/3)
	p.top, p.bottom, p.left, p.right = hTop, p.height-p.lineH-hBottom, labelW+hLabelGap, p.width-hMargin
	s, err := newScale(lo, hi, hTicks, float64(p.left), float64(p.right), spec.Decimals == 0)
	if err != nil {
		return err
	}
	x := p.axis(s)
	p.xGrid(x)
	n := len(spec.Categories)
	sl := slots{start: p.top, size: float64(p.bottom-p.top) / float64(n)}
	barH := max(1, sl.thickness(len(spec.Series)))
	zero := x.at(0)
	for j, cat := range spec.Categories {
		y0 := sl.group(j)
		for i, series := range spec.Series {
			by := y0 + i*barH
			if v := series.Values[j]; v != nil {
				p.bar(i, min(zero, x.at(*v)), by+barGap, max(zero, x.at(*v)), by+barH-barGap)
			} else {
				p.c.text("missing", "[x]", zero+missingGap, by+barH-hMissingDrop)
			}
		}
		middle := y0 + int(sl.size*groupWidth/2)
		p.c.text("axis-label gc-end", p.c.truncate(cat, labelW), p.left-labelGap, middle+p.c.textHeight()/3)
	}
	p.vline("axis", zero)
	return nil
}

// xGrid draws a gridline down the plot area at each of x's ticks, with
// its label at the foot, kept inside the canvas.
func (p *plot) xGrid(x axis) {
	for i, t := range x.ticks {
		px := x.at(t)
		p.vline("grid", px)
		p.c.text("axis-label gc-middle", x.labels[i].text, min(max(px, p.left+hTickHold), p.right-hTickHold), p.bottom+p.lineH)
	}
}
