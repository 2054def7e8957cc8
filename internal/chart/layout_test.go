package chart

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestTimeAxis: periods are placed by date, so a ten-month gap is drawn
// ten months wide, and a line does not join across the missing periods.
func TestTimeAxis(t *testing.T) {
	year := func(y, m int) time.Time { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
	times := []time.Time{year(2016, 1), year(2016, 2), year(2016, 3), year(2017, 1), year(2017, 2)}
	spec := LineSpec{Periods: []string{"a", "b", "c", "d", "e"}, Times: times,
		Lines: []Series{{Name: "x", Values: []*float64{f(1), f(2), f(3), f(4), f(5)}}}}
	p, err := newPlot(Options{Width: 640, Height: 360, FontSize: 14})
	if err != nil {
		t.Fatal(err)
	}
	p.left, p.right = 40, 640
	x := p.points(5, times)
	month, gap := x.at(1)-x.at(0), x.at(3)-x.at(2)
	if gap < 9*month || gap > 11*month {
		t.Errorf("a ten-month gap is %d px, a month %d px: not drawn to scale", gap, month)
	}
	if got := spec.breaks(); !got[3] || got[1] || got[2] || got[4] {
		t.Errorf("breaks = %v; want a break before the period after the gap only", got)
	}
	svg, err := Line(spec, Options{ID: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(svg), `class="gc-line`); n != 2 {
		t.Errorf("the line is drawn in %d runs; want 2, broken at the gap", n)
	}
}

// TestBaselineRule: a line of percentages between 79 and 88 is not drawn
// from zero, and its axis says so; counts near zero are; bars always are.
func TestBaselineRule(t *testing.T) {
	for _, c := range []struct{ lo, hi, wantLo float64 }{{79, 88, 79}, {10, 88, 0}, {-88, -79, -88}, {-5, 10, -5}} {
		if lo, _ := lineRange(c.lo, c.hi); lo != c.wantLo {
			t.Errorf("lineRange(%v, %v) starts at %v; want %v", c.lo, c.hi, lo, c.wantLo)
		}
	}
	spec := LineSpec{Periods: []string{"a", "b"}, Unit: "%", Lines: []Series{{Name: "x", Values: []*float64{f(79), f(88)}}}}
	svg, err := Line(spec, Options{ID: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svg), "% (axis does not start at 0)") {
		t.Errorf("the axis does not say it starts above zero:\n%s", svg)
	}
	if strings.Contains(string(svg), `axis-label gc-end text">0<`) {
		t.Errorf("a line of 79 to 88 is drawn from zero:\n%s", svg)
	}
	bars, err := Bars(BarSpec{Categories: []string{"a", "b"}, Unit: "%", Series: []Series{{Name: "x", Values: []*float64{f(79), f(88)}}}}, Options{ID: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(bars), `text">0<`) || strings.Contains(string(bars), "does not start") {
		t.Errorf("bars are not drawn from zero:\n%s", bars)
	}
}

// TestLongLabelsWrap: a long category label is wrapped whole, not cut.
func TestLongLabelsWrap(t *testing.T) {
	spec := BarSpec{Categories: []string{"University Hospitals Coventry and Warwickshire", "Walsall"},
		Series: []Series{{Name: "x", Values: []*float64{f(3), f(4)}}}}
	for _, w := range []int{640, 340} {
		svg, err := Bars(spec, Options{ID: "t", Width: w})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(svg), "…") {
			t.Errorf("at %d px a label is cut:\n%s", w, svg)
		}
		var words []string
		for _, m := range regexp.MustCompile(`axis-label gc-(?:end|middle) text">([^<]*)<`).FindAllStringSubmatch(string(svg), -1) {
			words = append(words, m[1])
		}
		if !strings.Contains(strings.Join(words, " "), "University Hospitals Coventry and Warwickshire") {
			t.Errorf("at %d px the label's lines are %q", w, words)
		}
	}
}

// TestNoEmptyPath: a marker is a circle alone, with no empty path after it.
func TestNoEmptyPath(t *testing.T) {
	svg, err := Line(lineSpec(), Options{ID: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(svg), `d=""`) {
		t.Errorf("an empty path is drawn")
	}
}

// TestSiblingTicks: charts of the same periods label the same periods,
// however wide their value labels, and the labels fall on nice steps.
func TestSiblingTicks(t *testing.T) {
	periods, ticks := months(24)
	labelsOf := func(scale float64, width int) []string {
		spec := LineSpec{Periods: periods, Ticks: ticks, Lines: []Series{series("x", 24, func(i int) *float64 { return f(scale * float64(1+i%5)) })}}
		svg, err := Line(spec, Options{ID: "t", Width: width})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range regexp.MustCompile(`axis-label(?: gc-middle| gc-end)? text">([A-Z][a-z]{2} \d{4})<`).FindAllStringSubmatch(string(svg), -1) {
			out = append(out, m[1])
		}
		return out
	}
	for _, w := range []int{640, 340} {
		a, b := labelsOf(1, w), labelsOf(100000, w)
		if strings.Join(a, ",") != strings.Join(b, ",") {
			t.Errorf("at %d px sibling charts label different periods: %q and %q", w, a, b)
		}
		if len(a) < 2 {
			t.Errorf("at %d px only %q are labelled", w, a)
		}
	}
}
