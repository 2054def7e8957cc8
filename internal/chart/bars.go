package chart

import (
	"bytes"
	"errors"
	"fmt"
	"math"

	"github.com/briefing/briefing/internal/number"
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

// Bars draws spec as an SVG bar chart, grouped when it has several
// series. go-chart has no grouped bars, so they are drawn here, from zero.
func Bars(spec BarSpec, o Options) ([]byte, error) {
	o.defaults()
	if err := checkID(o.ID); err != nil {
		return nil, err
	}
	n, k := len(spec.Categories), len(spec.Series)
	if n == 0 || k == 0 {
		return nil, errors.New("chart: a bar chart needs at least one category and one series")
	}
	lo, hi, err := valueRange(spec.Series, n, "series", "categories")
	if err != nil {
		return nil, err
	}
	lo, hi = math.Min(lo, 0), math.Max(hi, 0) // bars stand on zero
	c, err := newCanvas(o.Width, o.Height)
	if err != nil {
		return nil, err
	}
	c.fontPixels(o.FontSize)
	lineH := int(o.FontSize * 1.3)
	widest := 0
	for _, cat := range spec.Categories {
		widest = max(widest, c.textWidth(cat))
	}
	horizontal := spec.Horizontal || n > 12 || float64(widest) > 0.9*float64(o.Width-60)/float64(n)
	if horizontal {
		err = drawHorizontal(c, spec, o, lo, hi, lineH, widest)
	} else {
		err = drawVertical(c, spec, o, lo, hi, lineH)
	}
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := c.finish(&out, o, describeBars(spec)); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func barClass(i int) string {
	return fmt.Sprintf("bar gc-series-%d gc-fill-%d", i%len(Palette), i%2)
}

func bar(c *canvas, cls string, x0, y0, x1, y1 int) {
	c.style(cls, nil)
	c.MoveTo(x0, y0)
	c.LineTo(x1, y0)
	c.LineTo(x1, y1)
	c.LineTo(x0, y1)
	c.Close()
	c.FillStroke()
}

func drawVertical(c *canvas, spec BarSpec, o Options, lo, hi float64, lineH int) error {
	n, k := len(spec.Categories), len(spec.Series)
	top, bottom := lineH+4, o.Height-lineH*2-4
	y, err := newScale(lo, hi, max(3, (bottom-top)/(3*lineH)), float64(bottom), float64(top), spec.Decimals == 0)
	if err != nil {
		return err
	}
	labelW := 0
	for _, t := range y.ticks {
		labelW = max(labelW, c.textWidth(number.Float(t, y.decimals)))
	}
	left, right := labelW+12, o.Width-4
	for _, t := range y.ticks {
		py := y.at(t)
		c.style("grid", nil)
		c.MoveTo(left, py)
		c.LineTo(right, py)
		c.Stroke()
		c.text("axis-label gc-end", number.Float(t, y.decimals), left-6, py+int(o.FontSize*0.35))
	}
	slot := float64(right-left) / float64(n)
	barW := int(slot * 0.8 / float64(k))
	zero := y.at(0)
	for j, cat := range spec.Categories {
		x0 := left + int(float64(j)*slot+slot*0.1)
		for i, s := range spec.Series {
			bx := x0 + i*barW
			if v := s.Values[j]; v != nil {
				bar(c, barClass(i), bx+1, min(zero, y.at(*v)), bx+barW-1, max(zero, y.at(*v)))
			} else {
				c.text("missing gc-middle", "[x]", bx+barW/2, zero-4)
			}
		}
		c.text("axis-label gc-middle", c.truncate(cat, int(slot)-4), x0+int(slot*0.4), bottom+lineH+2)
	}
	c.style("axis", nil)
	c.MoveTo(left, zero)
	c.LineTo(right, zero)
	c.Stroke()
	return nil
}

func drawHorizontal(c *canvas, spec BarSpec, o Options, lo, hi float64, lineH, widest int) error {
	n, k := len(spec.Categories), len(spec.Series)
	labelW := min(widest, o.Width/3)
	left, right := labelW+10, o.Width-8
	top, bottom := 4, o.Height-lineH-8
	x, err := newScale(lo, hi, 5, float64(left), float64(right), spec.Decimals == 0)
	if err != nil {
		return err
	}
	// Tick labels at the foot, kept inside the canvas.
	for _, t := range x.ticks {
		px := x.at(t)
		c.style("grid", nil)
		c.MoveTo(px, top)
		c.LineTo(px, bottom)
		c.Stroke()
		c.text("axis-label gc-middle", number.Float(t, x.decimals), min(max(px, left+20), right-20), bottom+lineH)
	}
	slot := float64(bottom-top) / float64(n)
	barH := max(1, int(slot*0.8/float64(k)))
	zero := x.at(0)
	for j, cat := range spec.Categories {
		y0 := top + int(float64(j)*slot+slot*0.1)
		for i, s := range spec.Series {
			by := y0 + i*barH
			if v := s.Values[j]; v != nil {
				bar(c, barClass(i), min(zero, x.at(*v)), by+1, max(zero, x.at(*v)), by+barH-1)
			} else {
				c.text("missing", "[x]", zero+4, by+barH-2)
			}
		}
		c.text("axis-label gc-end", c.truncate(cat, labelW), left-6, y0+int(slot*0.4)+int(c.MeasureText(cat).Height())/3)
	}
	c.style("axis", nil)
	c.MoveTo(zero, top)
	c.LineTo(zero, bottom)
	c.Stroke()
	return nil
}
