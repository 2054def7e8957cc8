// Package chart draws Briefing's charts as accessible, deterministic SVG.
// It is the only package that imports go-chart (archived upstream, so kept
// replaceable here): its embedded font measures text, and this package does the
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
// The canvas (canvas.go) is the drawing surface. It writes SVG in the
// form go-chart's SVG renderer writes it (a test holds the two byte for
// byte), for the few calls the charts make, straight into one buffer,
// and only clean output: text escaped before it is written, every point
// checked before it is drawn (NaN is refused where values come in), and
// our own <svg> root element around what it drew.
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
	"encoding/xml"
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
	ID    string // prefix of the ids of <title> and <desc>; must be unique in the page
	Title string // the <title>: the chart's headline
	// About, if set, is a sentence put before the generated description
	// in the <desc>, such as why the figures are not the source's.
	About  string
	Width  int // default 640
	Height int // default 360
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
	widths   = map[widthKey]int{} // text measured, by size: labels recur in every chart
)

type widthKey struct {
	size float64
	text string
}

// maxWidths bounds the memory of widths: past it, the map starts again.
const maxWidths = 1 << 14

// loadFont parses go-chart's embedded font once. go-chart's own lazy
// loading is a data race when several charts start at once.
func loadFont() (*truetype.Font, error) {
	fontOnce.Do(func() { theFont, fontErr = gochart.GetDefaultFont() })
	return theFont, fontErr
}

// canvas is the drawing surface: it writes SVG in the form go-chart's
// SVG renderer (v2.1.2) writes it, for the few calls the charts make, so
// that what it writes needs no repair. It escapes text, refuses
// coordinates far off the canvas, and measures text with a cached font
// face (go-chart builds a new face, with its glyph cache, for every
// measurement: 99% of a chart's allocations). It writes with strconv
// into one buffer where go-chart's renderer formats every coordinate
// with fmt.Sprintf; TestCanvasIsGoChart holds the two byte for byte.
type canvas struct {
	buf  []byte // the elements drawn
	path []byte // the path being drawn: go-chart's "M x y\nL x y\nZ"
	// The style the next element is drawn with (go-chart's Style, as the
	// charts set it): every element has a class, and the stylesheet
	// colours it.
	class  string
	stroke bool
	dash   []float64
	w, h   int
	size   float64 // font size in points
	err    error   // the first coordinate refused
}

// bufs are drawing buffers, reused: a chart's drawing is copied into the
// chart that finish returns.
var bufs = sync.Pool{New: func() any { return new([]byte) }}

func newCanvas(w, h int) (*canvas, error) {
	if _, err := loadFont(); err != nil {
		return nil, fmt.Errorf("chart: font: %w", err)
	}
	return &canvas{buf: (*bufs.Get().(*[]byte))[:0], w: w, h: h}, nil
}

// release gives the drawing buffer back; the canvas is not used again.
func (c *canvas) release() {
	b := c.buf[:0]
	c.buf = nil
	bufs.Put(&b)
}

// FontFamily is the font the SVG names for its text: go-chart's embedded
// font, Roboto, which measures every label, then fonts of nearly the same
// widths (Arial and its metric twin Liberation Sans are within 3% of
// Roboto Medium for labels, and narrower), so that the browser's layout
// agrees with the measurements. The stylesheet leaves it alone.
const FontFamily = "Roboto, Arial, 'Liberation Sans', sans-serif"

// dpi is go-chart's, at which font sizes in points become pixels.
const dpi = gochart.DefaultDPI

// style sets what the next drawing uses. Colours and fonts come from the
// pack's stylesheet through the class (prefixed gc-, since inline SVG shares
// the page's CSS); no inline style is written. Like go-chart's renderer
// given a stroke colour, the class list says "stroke".
func (c *canvas) style(class string, dash []float64) {
	c.class, c.stroke, c.dash = "gc-"+class, true, dash
}

// text writes body at x, y, escaped, in class. Like go-chart's renderer
// (whose style always has the font), the class list says "text".
func (c *canvas) text(class, body string, x, y int) {
	c.class, c.stroke, c.dash = "gc-text gc-"+class, false, nil
	if !c.onCanvas(x, y) {
		return
	}
	c.buf = appendInt(c.buf, `<text x="`, x)
	c.buf = appendInt(c.buf, `" y="`, y)
	c.buf = append(c.buf, `" class="`...)
	c.buf = append(c.buf, c.class...)
	c.buf = append(c.buf, ` text">`...)
	c.buf = appendEscaped(c.buf, body)
	c.buf = append(c.buf, "</text>"...)
}

// MoveTo starts a new run of the path at x, y.
func (c *canvas) MoveTo(x, y int) { c.pathPoint('M', x, y) }

// LineTo draws the path on to x, y.
func (c *canvas) LineTo(x, y int) { c.pathPoint('L', x, y) }

func (c *canvas) pathPoint(op byte, x, y int) {
	if !c.onCanvas(x, y) {
		return
	}
	if len(c.path) > 0 {
		c.path = append(c.path, '\n')
	}
	c.path = appendInt(append(c.path, op), " ", x)
	c.path = appendInt(c.path, " ", y)
}

// appendInt appends before, then v in decimal.
func appendInt(b []byte, before string, v int) []byte {
	return strconv.AppendInt(append(b, before...), int64(v), 10)
}

// Close closes the path's last run.
func (c *canvas) Close() {
	if len(c.path) > 0 {
		c.path = append(c.path, '\n')
	}
	c.path = append(c.path, 'Z')
}

// Stroke, Fill and FillStroke write the path, and start a new one. As in
// go-chart's renderer they write the same element: the class says how it
// is painted.
func (c *canvas) Stroke()     { c.drawPath() }
func (c *canvas) Fill()       { c.drawPath() }
func (c *canvas) FillStroke() { c.drawPath() }

func (c *canvas) drawPath() {
	c.buf = append(c.buf, "<path "...)
	if len(c.dash) > 0 {
		c.buf = append(c.buf, `stroke-dasharray="`...)
		for i, d := range c.dash {
			if i > 0 {
				c.buf = append(c.buf, ", "...)
			}
			c.buf = strconv.AppendFloat(c.buf, d, 'f', 1, 64)
		}
		c.buf = append(c.buf, '"')
	}
	c.buf = append(c.buf, ` d="`...)
	c.buf = append(c.buf, c.path...)
	c.buf = append(c.buf, `" `...)
	c.buf = c.appendClass(c.buf)
	c.buf = append(c.buf, "/>"...)
	c.path = c.path[:0]
}

// Circle draws a circle of radius (in whole pixels) around x, y: a
// complete element. (go-chart's renderer wants a FillStroke after it,
// which writes an empty <path d="">; the canvas does not.)
func (c *canvas) Circle(radius float64, x, y int) {
	if !c.onCanvas(x, y) || !finite(radius) {
		return
	}
	c.buf = appendInt(c.buf, `<circle cx="`, x)
	c.buf = appendInt(c.buf, `" cy="`, y)
	c.buf = appendInt(c.buf, `" r="`, int(radius))
	c.buf = append(c.buf, `" `...)
	c.buf = c.appendClass(c.buf)
	c.buf = append(c.buf, "/>"...)
}

// appendClass writes a path's or a circle's class attribute.
func (c *canvas) appendClass(b []byte) []byte {
	b = append(b, `class="`...)
	b = append(b, c.class...)
	if c.stroke {
		b = append(b, " stroke"...)
	}
	return append(b, '"')
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

// textWidth measures body at the current font size, in pixels, with a
// cached face, and remembers the width (the face loads every glyph's
// outline to measure it); the geometry is go-chart's own (a face of the
// same font, size and DPI).
func (c *canvas) textWidth(body string) int {
	facesMu.Lock()
	defer facesMu.Unlock()
	key := widthKey{c.size, body}
	w, ok := widths[key]
	if !ok {
		face := faces[c.size]
		if face == nil {
			face = truetype.NewFace(theFont, &truetype.Options{DPI: dpi, Size: c.size})
			faces[c.size] = face
		}
		w = (&font.Drawer{Face: face}).MeasureString(body).Ceil()
		if len(widths) >= maxWidths {
			clear(widths)
		}
		widths[key] = w
	}
	return w
}

// textHeight is the height of a line of text, in whole pixels, as
// go-chart measures it.
func (c *canvas) textHeight() int { return int(drawing.PointsToPixels(dpi, c.size)) }

// fontPixels sets the font size, given in pixels, in the points go-chart
// takes.
func (c *canvas) fontPixels(px float64) {
	c.size = px * 72 / dpi
}

// body is what was drawn.
func (c *canvas) body() []byte { return c.buf }

// finish returns the chart: an accessible root element of our own, with
// its title and description, around what was drawn. The canvas is not
// used again.
func (c *canvas) finish(o Options, desc string) ([]byte, error) {
	defer c.release()
	if c.err != nil {
		return nil, c.err
	}
	w, h := strconv.Itoa(c.w), strconv.Itoa(c.h)
	out := make([]byte, 0, len(c.buf)+len(o.Title)+len(desc)+4*len(o.ID)+256)
	out = append(out, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 `...)
	out = append(out, w...)
	out = append(out, ' ')
	out = append(out, h...)
	out = append(out, `" class="chart-svg" font-family="`...)
	out = append(out, FontFamily...)
	out = append(out, `" role="img" aria-labelledby="`...)
	out = append(out, o.ID...)
	out = append(out, "-title "...)
	out = append(out, o.ID...)
	out = append(out, `-desc"><title id="`...)
	out = append(out, o.ID...)
	out = append(out, `-title">`...)
	out = appendEscaped(out, o.Title)
	out = append(out, `</title><desc id="`...)
	out = append(out, o.ID...)
	out = append(out, `-desc">`...)
	if o.About != "" {
		out = appendEscaped(out, strings.TrimRight(o.About, ". ")+". ")
	}
	out = appendEscaped(out, desc)
	out = append(out, "</desc>"...)
	out = append(out, c.buf...)
	out = append(out, "</svg>"...)
	return out, nil
}

// appendEscaped appends s escaped as encoding/xml.EscapeText escapes it:
// as it is when it holds only printable ASCII that XML leaves alone.
func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < ' ' || c > '~', c == '"', c == '\'', c == '&', c == '<', c == '>':
			return append(b, escape(s)...)
		}
	}
	return append(b, s...)
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
