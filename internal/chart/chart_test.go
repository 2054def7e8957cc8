package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gochart "github.com/wcharczuk/go-chart/v2"
)

var update = flag.Bool("update", false, "rewrite the golden SVGs in testdata")

func f(v float64) *float64 { return &v }

func months(n int) (periods, ticks []string) {
	t := time.Date(2016, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		m := t.AddDate(0, i, 0)
		periods = append(periods, m.Format("January 2006"))
		ticks = append(ticks, m.Format("Jan 2006"))
	}
	return periods, ticks
}

func series(name string, n int, gen func(i int) *float64) Series {
	s := Series{Name: name}
	for i := range n {
		s.Values = append(s.Values, gen(i))
	}
	return s
}

func lineSpec() LineSpec {
	p, t := months(24)
	return LineSpec{
		Periods: p, Ticks: t,
		Lines: []Series{
			series("Force", 24, func(i int) *float64 { return f(1000 + float64(i*37%11)*20 + float64(i)*30) }),
			series("Coventry & <Foleshill>", 24, func(i int) *float64 {
				if i == 7 {
					return nil
				}
				return f(300 + float64(i*13%7)*10)
			}),
		},
		Mark:   &Mark{From: 12, To: 23, Label: "This year"},
		Target: &Target{Value: 1500, Label: "Milestone"},
	}
}

func barSpec() BarSpec {
	return BarSpec{
		Categories: []string{"Birmingham", "Coventry", "Dudley", "Foleshill & Longford <Ward>"},
		Series: []Series{
			{Name: "Last year", Values: []*float64{f(5871), f(1577), f(1215), nil}},
			{Name: "This year", Values: []*float64{f(8113), f(2647), f(1573), f(12)}},
		},
	}
}

// TestGolden draws each kind of chart and compares it with the SVG in
// testdata; run with -update after a deliberate change and look at the
// result in a browser before committing it.
func TestGolden(t *testing.T) {
	cases := map[string]func() ([]byte, error){
		"line.svg": func() ([]byte, error) { return Line(lineSpec(), Options{ID: "g-line", Title: "Line"}) },
		"bars.svg": func() ([]byte, error) { return Bars(barSpec(), Options{ID: "g-bars", Title: "Bars"}) },
		"bars-horizontal.svg": func() ([]byte, error) {
			s := barSpec()
			s.Horizontal = true
			return Bars(s, Options{ID: "g-hbars", Title: "Bars"})
		},
	}
	for name, draw := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := draw()
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", name)
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from testdata (run go test -update and review)", name)
			}
		})
	}
}

// parse checks that svg is well-formed XML and returns its text.
func parse(t *testing.T, svg []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return text.String()
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%.400s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if strings.EqualFold(tok.Name.Local, "script") || strings.EqualFold(tok.Name.Local, "foreignObject") {
				t.Fatalf("SVG has a <%s> element", tok.Name.Local)
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					t.Fatalf("SVG has an event handler %s", a.Name.Local)
				}
			}
		case xml.CharData:
			text.Write(tok)
		}
	}
}

// TestEscaping: go-chart writes text into the SVG as it is; every label
// that reaches it here comes out as text.
func TestEscaping(t *testing.T) {
	hostile := `<script>alert(1)</script> & "quotes" <Ward>`
	s := barSpec()
	s.Categories[0] = hostile
	s.Series[0].Name = hostile
	svg, err := Bars(s, Options{ID: "esc", Title: hostile})
	if err != nil {
		t.Fatal(err)
	}
	text := parse(t, svg)
	if !strings.Contains(text, "Foleshill & Longford <Ward>") || !strings.Contains(text, "<script>alert(1)</script>") {
		t.Errorf("labels did not survive as text: %q", text)
	}
	l := lineSpec()
	l.Lines[0].Name = hostile
	l.Mark.Label = hostile
	l.Target.Label = hostile
	svg, err = Line(l, Options{ID: "esc-line", Title: hostile})
	if err != nil {
		t.Fatal(err)
	}
	parse(t, svg)
	if _, err := Line(l, Options{ID: `x" onload="alert(1)`}); err == nil {
		t.Error("an id that could break out of its attribute was accepted")
	}
}

// TestRobust: awkward data gives a sensible chart or a clear error, never
// a panic or a hang.
func TestRobust(t *testing.T) {
	long := strings.Repeat("Longlabelwithoutanyspaces", 8) // 200 characters
	many := BarSpec{}
	one := []*float64{}
	for i := range 30 {
		many.Categories = append(many.Categories, fmt.Sprintf("Area %d", i+1))
		one = append(one, f(float64(i*7%11)))
	}
	many.Series = []Series{{Name: "Offences", Values: one}}
	p1, t1 := months(1)
	tests := []struct {
		name    string
		draw    func() ([]byte, error)
		wantErr string
	}{
		{"empty line", func() ([]byte, error) { return Line(LineSpec{}, Options{ID: "a"}) }, "at least one period"},
		{"empty bars", func() ([]byte, error) { return Bars(BarSpec{}, Options{ID: "a"}) }, "at least one category"},
		{"single point", func() ([]byte, error) {
			return Line(LineSpec{Periods: p1, Ticks: t1, Lines: []Series{{Name: "x", Values: []*float64{f(5)}}}}, Options{ID: "a"})
		}, ""},
		{"all zeros", func() ([]byte, error) {
			return Line(LineSpec{Periods: []string{"a", "b", "c"}, Lines: []Series{{Name: "x", Values: []*float64{f(0), f(0), f(0)}}}}, Options{ID: "a"})
		}, ""},
		{"all equal bars", func() ([]byte, error) {
			return Bars(BarSpec{Categories: []string{"a", "b"}, Series: []Series{{Name: "x", Values: []*float64{f(3), f(3)}}}}, Options{ID: "a"})
		}, ""},
		{"negative values", func() ([]byte, error) {
			return Bars(BarSpec{Categories: []string{"a", "b"}, Series: []Series{{Name: "x", Values: []*float64{f(-3), f(7)}}}}, Options{ID: "a"})
		}, ""},
		{"all missing", func() ([]byte, error) {
			return Line(LineSpec{Periods: []string{"a", "b"}, Lines: []Series{{Name: "x", Values: []*float64{nil, nil}}}}, Options{ID: "a"})
		}, "every value is missing"},
		{"mismatched lengths", func() ([]byte, error) {
			return Line(LineSpec{Periods: []string{"a", "b"}, Lines: []Series{{Name: "x", Values: []*float64{f(1)}}}}, Options{ID: "a"})
		}, "has 1 values for 2 periods"},
		{"30 categories", func() ([]byte, error) { return Bars(many, Options{ID: "a"}) }, ""},
		{"200-character label", func() ([]byte, error) {
			return Bars(BarSpec{Categories: []string{long, "b"}, Series: []Series{{Name: long, Values: []*float64{f(1), f(2)}}}}, Options{ID: "a"})
		}, ""},
		{"huge range", func() ([]byte, error) {
			return Bars(BarSpec{Categories: []string{"a", "b"}, Series: []Series{{Name: "x", Values: []*float64{f(1e-9), f(1e15)}}}}, Options{ID: "a"})
		}, ""},
		{"range past the largest number", func() ([]byte, error) {
			return Line(LineSpec{Periods: []string{"a", "b"}, Lines: []Series{{Name: "x", Values: []*float64{f(-1e308), f(1e308)}}}}, Options{ID: "a"})
		}, "too wide a range"},
		{"target not a number", func() ([]byte, error) {
			l := lineSpec()
			l.Target.Value = math.NaN()
			return Line(l, Options{ID: "a"})
		}, "not a finite number"},
		{"font size not a number", func() ([]byte, error) { return Bars(barSpec(), Options{ID: "a", FontSize: math.NaN()}) }, "font size"},
		{"negative width", func() ([]byte, error) { return Bars(barSpec(), Options{ID: "a", Width: -640}) }, "width"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			type result struct {
				svg []byte
				err error
			}
			done := make(chan result, 1)
			go func() {
				defer func() {
					if r := recover(); r != nil {
						done <- result{err: fmt.Errorf("panic: %v", r)}
					}
				}()
				svg, err := tt.draw()
				done <- result{svg, err}
			}()
			select {
			case r := <-done:
				if tt.wantErr != "" {
					if r.err == nil || !strings.Contains(r.err.Error(), tt.wantErr) {
						t.Fatalf("err = %v, want one containing %q", r.err, tt.wantErr)
					}
					return
				}
				if r.err != nil {
					t.Fatal(r.err)
				}
				parse(t, r.svg)
				if len(r.svg) > 200<<10 {
					t.Errorf("chart is %d KB", len(r.svg)>>10)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("chart did not finish in 5 s")
			}
		})
	}
}

// TestDeterministic draws the same charts from many goroutines at once:
// the same bytes every time, and no data race (go test -race).
func TestDeterministic(t *testing.T) {
	want, err := Line(lineSpec(), Options{ID: "d"})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := Line(lineSpec(), Options{ID: "d"})
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("a concurrent draw differs (err %v)", err)
			}
		}()
	}
	wg.Wait()
}

func TestDescription(t *testing.T) {
	svg, err := Line(LineSpec{
		Periods: []string{"April 2013", "April 2014", "April 2015"},
		Lines:   []Series{{Name: "Strength", Values: []*float64{f(87), nil, f(84)}}},
	}, Options{ID: "desc", Title: "T"})
	if err != nil {
		t.Fatal(err)
	}
	want := `<desc id="desc-desc">Strength went from 87 in April 2013 to 84 in April 2015 (down 3); highest 87 in April 2013, lowest 84 in April 2015. 1 value is missing and shown as a gap.</desc>`
	if !bytes.Contains(svg, []byte(want)) {
		t.Errorf("description:\n%s\nwant\n%s", svg[:min(len(svg), 600)], want)
	}
	if !bytes.Contains(svg, []byte(`role="img" aria-labelledby="desc-title desc-desc"`)) {
		t.Error("the SVG is not labelled by its title and description")
	}
}

// Benchmarks: ours against the same 24-point line drawn by plain go-chart.

func BenchmarkLine24(b *testing.B) {
	spec := lineSpec()
	for b.Loop() {
		if _, err := Line(spec, Options{ID: "b"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBars(b *testing.B) {
	spec := barSpec()
	for b.Loop() {
		if _, err := Bars(spec, Options{ID: "b"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlainGoChartLine24(b *testing.B) {
	xs, ys := make([]float64, 24), make([]float64, 24)
	for i := range xs {
		xs[i], ys[i] = float64(i), 1000+float64(i*37%11)*20+float64(i)*30
	}
	c := gochart.Chart{Width: 640, Height: 360, Series: []gochart.Series{gochart.ContinuousSeries{Name: "Force", XValues: xs, YValues: ys}}}
	for b.Loop() {
		var buf bytes.Buffer
		if err := c.Render(gochart.SVG, &buf); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlainGoChartBars(b *testing.B) {
	c := gochart.BarChart{Width: 640, Height: 360, Bars: []gochart.Value{{Label: "Birmingham", Value: 8113}, {Label: "Coventry", Value: 2647}, {Label: "Dudley", Value: 1573}}}
	for b.Loop() {
		var buf bytes.Buffer
		if err := c.Render(gochart.SVG, &buf); err != nil {
			b.Fatal(err)
		}
	}
}
