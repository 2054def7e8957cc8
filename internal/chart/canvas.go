// Package chart draws Briefing's charts as accessible, deterministic SVG.
// It is the only package that imports go-chart (archived upstream, so kept
// replaceable here): go-chart's SVG renderer is used as a drawing surface
// and for measuring text with its embedded font, and this package does the
// layout itself — scales, ticks, gaps, grouped bars — because go-chart's
// own charts have traps we cannot afford (no grouped bars, bars scaled from
// the smallest value, ticks in the machine's time zone, NaN and one-point
// series as errors, a tick explosion on all-zero data, partial output on
// error; see shared/notes/libraries.md).
//
// A chart is drawn as a layout (layout.go): named measurements, and steps
// that line and bar charts share — measure the labels, frame the plot
// area, the y axis and its grid, x labels thinned to fit, lines and
// rectangles across it. A kind of chart keeps only its own measurements,
// named, and reads as its steps; a new kind is a file of that shape, with
// its kind in model.ChartKinds and its figure in render.
//
// The canvas (canvas.go) wraps go-chart's renderer and asks it only for
// clean output: text escaped before it is written, every point checked before
// it is drawn (NaN is refused where values come in), and our own <svg>
// root element around what it drew.
//
// Call sites read chart.Line(spec, chart.Options{…}) and chart.Bars(…).
// Every chart:
//
//   - is an <svg> with a viewBox, role="img", and a <title> and <desc>
//     wired with aria-labelledby; the description is a plain-English summary
//     generated from the figures (first and last, change, highest, lowest);
//   - tells series apart by more than colour: dash patterns and markers on
//     lines, solid and hollow bars, and a legend;
//   - escapes every piece of text it draws (go-chart writes text into the
//     SVG as it is), and writes no colour: it names each series by class
//     (gc-series-N), which the stylesheet colours from Palette;
//   - is byte-for-byte the same for the same input.
package chart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/golang/freetype/truetype"
	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"golang.org/x/image/font"
)

// Palette is the UK Government Analysis Function's categorical palette, in
// the fixed order series take it; each has at least 3:1 contrast on white.
// The SVG names a series by class (gc-series-N) and the stylesheet colours
// it: static/briefing.css types these again, and a test holds the two.
var Palette = []string{"#12436D", "#28A197", "#801650", "#F46A25"}

// dashes tells lines apart without colour: solid, dashed, dotted, dash-dot.
var dashes = [][]float64{nil, {8, 4}, {2, 3}, {10, 4, 2, 4}}

// Dash is line i's dash pattern as an SVG stroke-dasharray, for a legend
// drawn outside the chart; "" for a solid line.
func Dash(i int) string {
	var parts []string
	for _, d := range dashes[i%len(dashes)] {
		parts = append(parts, strconv.FormatFloat(d, 'f', -1, 64))
	}
	return strings.Join(parts, " ")
}

// Options size a chart. The SVG scales to its container; Width and Height
// set its proportions and the size text is drawn at.
type Options struct {
	ID     string // prefix of the ids of <title> and <desc>; must be unique in the page
	Title  string // the <title>: the chart's headline
	Width  int    // default 640
	Height int    // default 360
	// FontSize in pixels at Width; default 14.
	FontSize float64
}

func (o *Options) defaults() {
	if o.Width == 0 {
		o.Width = 640
	}
	if o.Height == 0 {
		o.Height = 360
	}
	if o.FontSize == 0 {
		o.FontSize = 14
	}
}

var (
	fontOnce sync.Once
	theFont  *truetype.Font
	fontErr  error
	facesMu  sync.Mutex
	faces    = map[float64]font.Face{}
)

// loadFont parses go-chart's embedded font once. go-chart's own lazy
// loading is a data race when several charts start at once.
func loadFont() (*truetype.Font, error) {
	fontOnce.Do(func() { theFont, fontErr = gochart.GetDefaultFont() })
	return theFont, fontErr
}

// canvas wraps go-chart's SVG renderer so that what it writes needs no
// repair: it escapes text, refuses coordinates far off the canvas, and
// measures text with a cached font face (go-chart builds a new face, with
// its glyph cache, for every measurement: 99% of a chart's allocations).
type canvas struct {
	gochart.Renderer
	w, h int
	size float64 // font size in points
	err  error   // the first coordinate refused
}

func newCanvas(w, h int) (*canvas, error) {
	f, err := loadFont()
	if err != nil {
		return nil, fmt.Errorf("chart: font: %w", err)
	}
	r, err := gochart.SVG(w, h)
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	r.SetFont(f)
	return &canvas{Renderer: r, w: w, h: h}, nil
}

// SetFontSize implements gochart.Renderer.
func (c *canvas) SetFontSize(points float64) {
	c.size = points
	c.Renderer.SetFontSize(points)
}

// Text implements gochart.Renderer, escaping body: go-chart does not.
func (c *canvas) Text(body string, x, y int) {
	if c.onCanvas(x, y) {
		c.Renderer.Text(escape(body), x, y)
	}
}

// MoveTo implements gochart.Renderer.
func (c *canvas) MoveTo(x, y int) {
	if c.onCanvas(x, y) {
		c.Renderer.MoveTo(x, y)
	}
}

// LineTo implements gochart.Renderer.
func (c *canvas) LineTo(x, y int) {
	if c.onCanvas(x, y) {
		c.Renderer.LineTo(x, y)
	}
}

// Circle implements gochart.Renderer.
func (c *canvas) Circle(radius float64, x, y int) {
	if c.onCanvas(x, y) && finite(radius) {
		c.Renderer.Circle(radius, x, y)
	}
}

// onCanvas reports whether a point can be drawn: every point a chart
// draws is on its canvas or near it, so one far off is a mistake, kept in
// c.err and not written. NaN is stopped earlier, where values come in
// (Options.check, valueRange, stepScale): converted to an int it is a
// number that depends on the machine.
func (c *canvas) onCanvas(x, y int) bool {
	if x >= -c.w && x <= 2*c.w && y >= -c.h && y <= 2*c.h {
		return true
	}
	if c.err == nil {
		c.err = fmt.Errorf("chart: the point (%d, %d) is far off the %d by %d canvas", x, y, c.w, c.h)
	}
	return false
}

// MeasureText implements gochart.Renderer with a cached face; the geometry
// is go-chart's own (a face of the same font, size and DPI).
func (c *canvas) MeasureText(body string) gochart.Box {
	facesMu.Lock()
	defer facesMu.Unlock()
	face := faces[c.size]
	if face == nil {
		face = truetype.NewFace(theFont, &truetype.Options{DPI: c.GetDPI(), Size: c.size})
		faces[c.size] = face
	}
	w := (&font.Drawer{Face: face}).MeasureString(body).Ceil()
	return gochart.Box{Right: w, Bottom: int(drawing.PointsToPixels(c.GetDPI(), c.size))}
}

// style sets what the next drawing uses. Colours and fonts come from the
// pack's stylesheet through the class (prefixed gc-, since inline SVG shares
// the page's CSS); go-chart then writes no inline style.
func (c *canvas) style(class string, dash []float64) {
	c.ResetStyle()
	c.SetClassName("gc-" + class)
	c.SetStrokeColor(drawing.ColorBlack) // marks "stroke" in the class list
	c.SetStrokeDashArray(dash)
}

func (c *canvas) text(class, body string, x, y int) {
	c.ResetStyle()
	c.SetClassName("gc-text gc-" + class)
	c.Text(body, x, y)
}

// fontPixels sets the font size, given in pixels, in the points go-chart
// takes.
func (c *canvas) fontPixels(px float64) {
	c.SetFontSize(px * 72 / c.GetDPI())
}

// textWidth measures body at the current font size.
func (c *canvas) textWidth(body string) int { return c.MeasureText(body).Width() }

// goChartRoot is the root element go-chart's SVG renderer opens for a
// canvas of width by height when it is made, before anything is drawn;
// Save closes it. It cannot be left out, so body cuts it off.
const goChartRoot = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 %d %d">`

// body is what was drawn, without go-chart's root element.
func (c *canvas) body() ([]byte, error) {
	var buf bytes.Buffer
	if err := c.Save(&buf); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	b, opened := bytes.CutPrefix(buf.Bytes(), fmt.Appendf(nil, goChartRoot, c.w, c.h))
	b, closed := bytes.CutSuffix(b, []byte("</svg>"))
	if !opened || !closed {
		return nil, errors.New("chart: go-chart's SVG renderer no longer opens and closes the drawing as expected")
	}
	return b, nil
}

// finish returns the chart: an accessible root element of our own, with
// its title and description, around what was drawn.
func (c *canvas) finish(o Options, desc string) ([]byte, error) {
	if c.err != nil {
		return nil, c.err
	}
	body, err := c.body()
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" class="chart-svg" role="img" aria-labelledby="%s-title %s-desc">`, c.w, c.h, o.ID, o.ID)
	fmt.Fprintf(&out, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, o.ID, escape(o.Title), o.ID, escape(desc))
	out.Write(body)
	out.WriteString("</svg>")
	return out.Bytes(), nil
}

func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// idRE is what an id may hold: it is written into attributes unescaped.
var idRE = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// check refuses options no chart can be drawn with.
func (o Options) check() error {
	switch {
	case !idRE.MatchString(o.ID):
		return fmt.Errorf("chart: id %q must be lower-case letters, digits and hyphens", o.ID)
	case o.Width <= 0 || o.Height <= 0:
		return fmt.Errorf("chart: a width and height of %d by %d cannot be drawn", o.Width, o.Height)
	case !finite(o.FontSize) || o.FontSize <= 0:
		return fmt.Errorf("chart: a font size of %v cannot be drawn", o.FontSize)
	}
	return nil
}

// finite reports whether every value is a usable number.
func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// truncate shortens a label to fit width pixels, ending it with "…"; the
// full text is in the data table beside the chart.
func (c *canvas) truncate(label string, width int) string {
	if c.textWidth(label) <= width {
		return label
	}
	// The longest prefix that fits, by halving: a label may be long.
	r := []rune(label)
	lo, hi := 1, len(r)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if c.textWidth(string(r[:mid])+"…") <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimSpace(string(r[:lo])) + "…"
}
