package chart

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// drawnText is a <text> of a drawn chart, with its box as the layout
// measures it.
type drawnText struct {
	class, body string
	box
}

var textRE = regexp.MustCompile(`<text x="(-?\d+)" y="(-?\d+)" class="gc-text ([^"]*) text">([^<]*)</text>`)

// texts reads back every text a chart drew, measured as the layout
// measures text.
func texts(t *testing.T, svg []byte, o Options) []drawnText {
	t.Helper()
	o.defaults()
	p, err := newPlot(o)
	if err != nil {
		t.Fatal(err)
	}
	var out []drawnText
	for _, m := range textRE.FindAllStringSubmatch(string(svg), -1) {
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		body := strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#39;", "'", "&#34;", `"`).Replace(m[4])
		out = append(out, drawnText{m[3], body, p.textBox(body, anchorOf(m[3]), x, y)})
	}
	return out
}

// withClass are the texts drawn in class ("value" means labels
// inside bars as well).
func withClass(ts []drawnText, class string) []string {
	var out []string
	for _, d := range ts {
		c := " " + strings.Replace(d.class, "gc-value-inside", "gc-value", 1) + " "
		if strings.Contains(c, " gc-"+class+" ") {
			out = append(out, d.body)
		}
	}
	return out
}

// bars is a spec of n categories of k series, the values growing.
func bars(n, k int) BarSpec {
	var spec BarSpec
	for j := range n {
		spec.Categories = append(spec.Categories, fmt.Sprintf("Area %d", j+1))
	}
	for i := range k {
		s := Series{Name: fmt.Sprintf("Year %d", i+1)}
		for j := range n {
			v := float64(100*(j+1) + 37*i)
			s.Values = append(s.Values, &v)
			s.Texts = append(s.Texts, fmt.Sprintf("%.0f", v)+"*") // as the table shows it, not as the axis does
		}
		spec.Series = append(spec.Series, s)
	}
	return spec
}

// TestValueLabels: few bars are labelled with their values as the table
// shows them, at both widths and both orientations; many are not.
func TestValueLabels(t *testing.T) {
	for _, c := range []struct {
		n, k       int
		horizontal bool
		widths     []int
		want       bool
	}{
		{4, 2, false, []int{640}, true}, {4, 1, false, []int{640, 340}, true},
		{4, 2, true, []int{640, 340}, true}, {8, 2, true, []int{640, 340}, true}, {16, 1, true, []int{640, 340}, true},
		{6, 3, false, []int{640, 340}, false}, {17, 1, true, []int{640, 340}, false}, {9, 2, true, []int{640, 340}, false},
	} {
		spec := bars(c.n, c.k)
		spec.Horizontal = c.horizontal
		for _, w := range c.widths {
			o := Options{ID: "v", Width: w}
			svg, err := Bars(spec, o)
			if err != nil {
				t.Fatal(err)
			}
			got := withClass(texts(t, svg, o), "value")
			name := fmt.Sprintf("%d×%d bars (horizontal %v) at %d px", c.n, c.k, c.horizontal, w)
			switch {
			case !c.want && len(got) > 0:
				t.Errorf("%s: value labels %q; want none past %d bars", name, got, maxValueBars)
			case c.want && len(got) != c.n*c.k:
				t.Errorf("%s: %d value labels %q; want %d", name, len(got), got, c.n*c.k)
			case c.want && got[0] != spec.Series[0].Texts[0]:
				t.Errorf("%s: the first label is %q; want the table's %q", name, got[0], spec.Series[0].Texts[0])
			}
		}
	}
}

// TestValueLabelInside: a bar that reaches the plot's end has its label
// inside it, in the colour that reads on its fill; a bar too thin for
// its label inside leaves every bar unlabelled rather than one.
func TestValueLabelInside(t *testing.T) {
	spec := BarSpec{Categories: []string{"a", "b"}, Series: []Series{{Name: "x", Values: []*float64{f(10000), f(4000)}}}}
	o := Options{ID: "v"}
	svg, err := Bars(spec, o)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), `class="gc-text gc-value-inside gc-fill-0 gc-middle text">10,000<`) {
		t.Errorf("the bar at the top of the axis has no label inside it:\n%s", svg)
	}
	if !strings.Contains(string(svg), `class="gc-text gc-value gc-middle text">4,000<`) {
		t.Errorf("the shorter bar is not labelled above it:\n%s", svg)
	}
	// Sixteen bars in the narrow drawing: labels wider than the bars.
	thin := bars(8, 2)
	for _, s := range thin.Series {
		for j := range s.Texts {
			s.Texts[j] = "1,234,567.8"
		}
	}
	o = Options{ID: "v", Width: 340}
	svg, err = Bars(thin, o)
	if err != nil {
		t.Fatal(err)
	}
	if got := withClass(texts(t, svg, o), "value"); len(got) > 0 {
		t.Errorf("labels wider than their bars were drawn: %q", got)
	}
}

// TestMissingMark: a missing value has no label and keeps the table's
// mark.
func TestMissingMark(t *testing.T) {
	spec := BarSpec{Categories: []string{"a", "b", "c"}, Series: []Series{{Name: "x",
		Values: []*float64{f(3), nil, nil}, Texts: []string{"3.0", "[c]", ""}}}}
	o := Options{ID: "m"}
	svg, err := Bars(spec, o)
	if err != nil {
		t.Fatal(err)
	}
	ts := texts(t, svg, o)
	if got := withClass(ts, "missing"); strings.Join(got, ",") != "[c],[x]" {
		t.Errorf("missing marks %q; want the table's [c], and [x] where it gives none", got)
	}
	if got := withClass(ts, "value"); strings.Join(got, ",") != "3.0" {
		t.Errorf("value labels %q; want 3.0 alone", got)
	}
}

// TestNoTextOverlaps: in every drawing, at both widths, no two texts'
// boxes overlap, as the layout measures them, and every one is on the
// canvas.
func TestNoTextOverlaps(t *testing.T) {
	negative := bars(4, 2)
	*negative.Series[1].Values[2] = -250
	same := twoLines(500, 500)
	cases := map[string]func(Options) ([]byte, error){
		"bars":            func(o Options) ([]byte, error) { return Bars(barSpec(), o) },
		"horizontal bars": func(o Options) ([]byte, error) { s := barSpec(); s.Horizontal = true; return Bars(s, o) },
		"negative bars":   func(o Options) ([]byte, error) { return Bars(negative, o) },
		"negative horizontal": func(o Options) ([]byte, error) {
			s := negative
			s.Horizontal = true
			return Bars(s, o)
		},
		"sixteen bars":          func(o Options) ([]byte, error) { return Bars(bars(8, 2), o) },
		"line":                  func(o Options) ([]byte, error) { return Line(lineSpec(), o) },
		"lines ending together": func(o Options) ([]byte, error) { return Line(same, o) },
		"axis from 80": func(o Options) ([]byte, error) {
			s := twoLines(500, 500)
			for _, l := range s.Lines {
				for j, v := range l.Values {
					l.Values[j] = f(80 + *v/100)
				}
			}
			s.Unit = "%"
			return Line(s, o)
		},
	}
	for name, draw := range cases {
		for _, w := range []int{640, 340} {
			o := Options{ID: "o", Width: w, Height: map[int]int{640: 360, 340: 300}[w]}
			svg, err := draw(o)
			if err != nil {
				t.Fatal(err)
			}
			ts := texts(t, svg, o)
			for i, a := range ts {
				if !a.within(box{0, 0, o.Width, 1 << 20}) {
					t.Errorf("%s at %d px: %q %v is off the canvas", name, w, a.body, a.box)
				}
				for _, b := range ts[i+1:] {
					if a.near(b.box, 0) {
						t.Errorf("%s at %d px: %q %v and %q %v overlap", name, w, a.body, a.box, b.body, b.box)
					}
				}
			}
		}
	}
}

// twoLines is a chart of two lines ending at a and b.
func twoLines(a, b float64) LineSpec {
	periods, ticks := months(12)
	return LineSpec{Periods: periods, Ticks: ticks, Lines: []Series{
		series("Strength", 12, func(i int) *float64 { return f(a - float64(11-i)*10) }),
		series("Establishment", 12, func(i int) *float64 { return f(b + float64(11-i)*10) }),
	}}
}

// TestDirectLabels: two lines are named at their ends, to the right of
// the plot, nudged apart when they end together, with a leader; the
// legend keys them otherwise.
func TestDirectLabels(t *testing.T) {
	o := Options{ID: "d"}
	svg, err := Line(twoLines(500, 500), o)
	if err != nil {
		t.Fatal(err)
	}
	var names []drawnText
	for _, d := range texts(t, svg, o) {
		if d.class == "gc-direct-label" {
			names = append(names, d)
		}
	}
	if len(names) != 2 {
		t.Fatalf("direct labels %v; want Strength and Establishment", names)
	}
	if names[0].near(names[1].box, textSpace) {
		t.Errorf("names ending at one value are not nudged apart: %v", names)
	}
	if !strings.Contains(string(svg), `class="gc-leader stroke"`) {
		t.Error("a name moved from its line's end has no leader")
	}
	for _, c := range []struct {
		name string
		spec LineSpec
		w    int
	}{
		{"one line", LineSpec{Periods: []string{"a", "b"}, Lines: []Series{{Name: "x", Values: []*float64{f(1), f(2)}}}}, 640},
		{"a line ending early", func() LineSpec { s := twoLines(500, 300); s.Lines[1].Values[11] = nil; return s }(), 640},
		{"names too long for a phone", twoLines(500, 300), 340},
	} {
		svg, err := Line(c.spec, Options{ID: "d", Width: c.w})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(svg), "gc-direct-label") {
			t.Errorf("%s: lines are named at their ends; want the legend alone", c.name)
		}
	}
}

// TestNudge: boxes are kept in order, apart, and inside their bounds, and
// moved no more than they must be; too many do not fit.
func TestNudge(t *testing.T) {
	for _, c := range []struct {
		want, heights []int
		lo, hi        int
		got           []int
		ok            bool
	}{
		{[]int{50, 150}, []int{20, 20}, 0, 200, []int{50, 150}, true},
		{[]int{100, 100}, []int{20, 20}, 0, 200, []int{100, 122}, true},
		{[]int{195, 195}, []int{20, 20}, 0, 200, []int{168, 190}, true},
		{[]int{120, 100}, []int{20, 20}, 0, 200, []int{122, 100}, true},
		{[]int{50, 50, 50}, []int{20, 20, 20}, 0, 60, nil, false},
	} {
		got, ok := nudge(c.want, c.heights, c.lo, c.hi)
		if ok != c.ok || fmt.Sprint(got) != fmt.Sprint(c.got) {
			t.Errorf("nudge(%v, %v, %d, %d) = %v, %v; want %v, %v", c.want, c.heights, c.lo, c.hi, got, ok, c.got, c.ok)
		}
	}
}

// TestAxisBreak: a line chart whose axis does not start at zero has a
// zig-zag on it; one from zero, and bars, have none.
func TestAxisBreak(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   bool
	}{{79, 88, true}, {10, 88, false}, {-88, -79, true}} {
		svg, err := Line(LineSpec{Periods: []string{"a", "b"}, Lines: []Series{{Name: "x", Values: []*float64{f(c.lo), f(c.hi)}}}}, Options{ID: "b"})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(string(svg), "gc-axis-break"); got != c.want {
			t.Errorf("a line from %v to %v: axis break drawn %v; want %v", c.lo, c.hi, got, c.want)
		}
	}
	svg, err := Bars(BarSpec{Categories: []string{"a", "b"}, Series: []Series{{Name: "x", Values: []*float64{f(79), f(88)}}}}, Options{ID: "b"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(svg), "gc-axis-break") {
		t.Error("bars, drawn from zero, have an axis break")
	}
}
