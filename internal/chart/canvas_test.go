package chart

import (
	"bytes"
	"io"
	"math"
	"strings"
	"testing"

	gochart "github.com/wcharczuk/go-chart/v2"
)

// TestBody: what go-chart drew comes without the root element it writes
// around it, so finish can write its own.
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
	got, err := c.body()
	if err != nil {
		t.Fatal(err)
	}
	want := `<path  d="M 0 25` + "\n" + `L 100 25" class="gc-axis stroke"/><text x="10" y="20" class="gc-text gc-axis-label text">a &amp; b</text>`
	if string(got) != want {
		t.Errorf("body:\n%s\nwant\n%s", got, want)
	}
}

// otherSVG is a renderer that opens its drawing unlike go-chart v2.1.2.
type otherSVG struct{ gochart.Renderer }

func (otherSVG) Save(w io.Writer) error {
	_, err := io.WriteString(w, `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><path d="M 0 0"/></svg>`)
	return err
}

func TestBodyUnexpectedRoot(t *testing.T) {
	c := &canvas{Renderer: otherSVG{}, w: 100, h: 50}
	if got, err := c.body(); err == nil {
		t.Errorf("body = %q, want an error: the root element was not go-chart's", got)
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
	body, err := c.body()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(body, []byte("-9")) || bytes.Contains(body, []byte("<text")) {
		t.Errorf("a far-off point was written: %s", body)
	}
	out, err := c.finish(Options{ID: "far"}, "")
	if err == nil || !strings.Contains(err.Error(), "far off") {
		t.Errorf("finish = %q, %v; want an error naming the point far off", out, err)
	}
}
