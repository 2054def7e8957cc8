// Package number writes figures as Briefing shows them everywhere, in
// tables, sentences and chart axes: commas between thousands and a true
// minus sign (U+2212). It is a leaf, so that compute (exact figures) and
// chart (axis ticks) share one spelling without importing each other.
package number

import (
	"math"
	"strconv"
	"strings"
)

// Float writes v rounded to decimals places, as Grouped does; a figure
// that rounds to zero has no minus sign.
func Float(v float64, decimals int) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	return Grouped(s, v < 0 && strings.Trim(s, "0.") != "")
}

// Grouped writes plain, an unsigned decimal such as "13231.5", with commas
// between thousands, after a minus sign when negative: "−13,231.5".
func Grouped(plain string, negative bool) string {
	whole, frac, hasFrac := strings.Cut(plain, ".")
	var b strings.Builder
	if negative {
		b.WriteString("−")
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// Count writes n and the word for n of a thing: "1 error", "3 errors".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// Size writes a number of bytes as people read it: "512 bytes", "716 KB",
// "1.2 MB".
func Size(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 0, 64) + " KB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
