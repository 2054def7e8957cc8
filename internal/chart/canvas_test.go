package chart

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"

	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// TestBody: what the canvas drew, in go-chart's form.
func TestBody(t *testing.T) {
	c, err := newCanvas(100, 50)
	if err != nil {
		t.Fatal(err)
	}
	c.style("axis", nil)
	c.MoveTo(0, 25)
	c.LineTo(100, 25)
	c.Stroke()
	c.text("axis-label", "a & b", 10, 20)
	got := c.body()
	want := `<path  d="M 0 25` + "\n" + `L 100 25" class="gc-axis stroke"/><text x="10" y="20" class="gc-text gc-axis-label text">a &amp; b</text>`
	if string(got) != want {
		t.Errorf("body:\n%s\nwant\n%s", got, want)
	}
}

// TestCanvasIsGoChart draws the same things on the canvas and on go-chart's
// SVG renderer, set up as the canvas's style and text calls stand for, and
// wants the same bytes: the canvas writes go-chart's form, so that
// replacing go-chart's renderer by it changed no chart; but for one
// thing: go-chart follows each circle with an empty <path d="">, which
// the canvas leaves out.
func TestCanvasIsGoChart(t *testing.T) {
	c, err := newCanvas(640, 360)
	if err != nil {
		t.Fatal(err)
	}
	r, err := gochart.SVG(640, 360)
	if err != nil {
		t.Fatal(err)
	}
	f, err := loadFont()
	if err != nil {
		t.Fatal(err)
	}
	r.SetFont(f)
	style := func(class string, dash []float64) {
		c.style(class, dash)
		r.ResetStyle()
		r.SetClassName("gc-" + class)
		r.SetStrokeColor(drawing.ColorBlack)
		r.SetStrokeDashArray(dash)
	}
	text := func(class, body string, x, y int) {
		c.text(class, body, x, y)
		r.ResetStyle()
		r.SetClassName("gc-text gc-" + class)
		r.Text(escape(body), x, y)
	}
	point := func(move bool, x, y int) {
		if move {
			c.MoveTo(x, y)
			r.MoveTo(x, y)
		} else {
			c.LineTo(x, y)
			r.LineTo(x, y)
		}
	}
	style("grid", nil)
	point(true, 40, 300)
	point(false, 632, 300)
	c.Stroke()
	r.Stroke()
	for i, body := range []string{"0", "1,000", "Mar 2016", `a & b <c> "d" 'e'`, "tab\there\nline\r", "ctl\x01\x7f", "bad \xff utf-8", "£ – é ✓ \ufffe", ""} {
		text("axis-label gc-end", body, 34, 20*i-5)
	}
	style("line gc-series-1", []float64{8, 4})
	point(true, 48, 200)
	point(false, 80, -100)
	point(false, 120, 700)
	c.Stroke()
	r.Stroke()
	style("target", []float64{6, 4.25, 0.05, 1e3})
	point(true, 0, 0)
	point(false, -640, 10)
	c.Stroke()
	r.Stroke()
	style("marker gc-series-0", nil)
	c.Circle(3, 100, 100) // complete: go-chart's wants the FillStroke
	r.Circle(3, 100, 100)
	r.FillStroke()
	c.Circle(2.7, -5, 719)
	r.Circle(2.7, -5, 719)
	style("bar gc-series-2 gc-fill-1", nil)
	point(true, 10, 10)
	point(false, 20, 10)
	point(false, 20, 30)
	c.Close()
	r.Close()
	c.Fill()
	r.Fill()
	c.Close()
	r.Close()
	c.FillStroke()
	r.FillStroke()
	c.Stroke() // an empty path
	r.Stroke()
	var buf bytes.Buffer
	if err := r.Save(&buf); err != nil {
		t.Fatal(err)
	}
	want, ok := bytes.CutPrefix(buf.Bytes(), fmt.Appendf(nil, `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 %d %d">`, 640, 360))
	want, ok2 := bytes.CutSuffix(want, []byte("</svg>"))
	if !ok || !ok2 {
		t.Fatalf("go-chart's renderer no longer opens and closes its drawing as v2.1.2 did: %s", buf.Bytes())
	}
	// go-chart writes an empty path after each circle it fills: the
	// canvas writes the circle alone.
	want = bytes.ReplaceAll(want, []byte(`<path  d="" class="gc-marker gc-series-0 stroke"/>`), nil)
	if got := c.body(); !bytes.Equal(got, want) {
		t.Errorf("canvas:\n%s\ngo-chart:\n%s", got, want)
	}
	if g, w := c.textHeight(), int(drawing.PointsToPixels(r.GetDPI(), c.size)); g != w {
		t.Errorf("textHeight = %d, go-chart's %d", g, w)
	}
}

// TestFarOffPoint: a point far off the canvas (as a NaN converted to an
// int can be) is not written, and the chart is an error.
func TestFarOffPoint(t *testing.T) {
	c, err := newCanvas(100, 50)
	if err != nil {
		t.Fatal(err)
	}
	c.style("axis", nil)
	c.MoveTo(0, 0)
	c.LineTo(math.MinInt, 0)
	c.Stroke()
	c.text("axis-label", "x", 10, 1<<40)
	body := c.body()
	if bytes.Contains(body, []byte("-9")) || bytes.Contains(body, []byte("<text")) {
		t.Errorf("a far-off point was written: %s", body)
	}
	out, err := c.finish(Options{ID: "far"}, "")
	if err == nil || !strings.Contains(err.Error(), "far off") {
		t.Errorf("finish = %q, %v; want an error naming the point far off", out, err)
	}
}
