package chart

import (
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/briefing/briefing"
)

// TestStylesheetPalette holds the default stylesheet's series colours to
// Palette: the SVG names a series by class, the stylesheet colours it, and
// the two are typed in different files.
func TestStylesheetPalette(t *testing.T) {
	css, err := fs.ReadFile(briefing.Defaults, "static/briefing.css")
	if err != nil {
		t.Fatal(err)
	}
	// Every rule that names one series: its selectors and its colour.
	rule := regexp.MustCompile(`([^{}]*\.gc-series-(\d+)[^{}]*)\{\s*(stroke|fill):\s*(#[0-9A-Fa-f]{6});\s*\}`)
	seen := map[int][]string{}
	for _, m := range rule.FindAllStringSubmatch(string(css), -1) {
		i, _ := strconv.Atoi(m[2])
		if i >= len(Palette) {
			t.Errorf("the stylesheet colours series %d; Palette has %d colours", i, len(Palette))
			continue
		}
		if !strings.EqualFold(m[4], Palette[i]) {
			t.Errorf("series %d's %s is %s in the stylesheet, %s in Palette", i, m[3], m[4], Palette[i])
		}
		seen[i] = append(seen[i], m[3])
	}
	for i := range Palette {
		if got := strings.Join(seen[i], " "); got != "stroke fill" {
			t.Errorf("series %d has rules for %q in the stylesheet, want a stroke and a fill", i, got)
		}
	}
}
