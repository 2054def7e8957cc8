package chart

import (
	"fmt"
	"strings"

	"github.com/briefing/briefing/internal/number"
)

// text is value i as the description quotes it.
func (s Series) text(i, decimals int) string {
	if i < len(s.Texts) && s.Texts[i] != "" {
		return s.Texts[i]
	}
	return number.Float(*s.Values[i], decimals)
}

// describeLines says what a line chart shows: each line, then its band
// and target.
func describeLines(spec LineSpec) string {
	var desc strings.Builder
	for _, l := range spec.Lines {
		desc.WriteString(describeLine(l, spec.Periods, spec.Decimals))
		desc.WriteString(" ")
	}
	if m := spec.Mark; m != nil {
		fmt.Fprintf(&desc, "%s is shaded: %s to %s.", m.Label, spec.Periods[m.From], spec.Periods[m.To])
	}
	if t := spec.Target; t != nil {
		fmt.Fprintf(&desc, " A dashed line marks %s at %s.", t.Label, number.Float(t.Value, spec.Decimals))
	}
	return strings.TrimSpace(desc.String())
}

// describeLine says what one line shows, in a sentence or two.
func describeLine(l Series, periods []string, decimals int) string {
	first, last := -1, -1
	missing := 0
	for i, v := range l.Values {
		if v == nil {
			missing++
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
	}
	hiI, loI := extremes(l.Values)
	if first < 0 {
		return l.Name + ": no values."
	}
	f, z := *l.Values[first], *l.Values[last]
	var b strings.Builder
	if first == last {
		fmt.Fprintf(&b, "%s: %s in %s.", l.Name, l.text(first, decimals), periods[first])
	} else {
		change := "no change"
		switch d := z - f; {
		case d > 0:
			change = "up " + number.Float(d, decimals)
		case d < 0:
			change = "down " + number.Float(-d, decimals)
		}
		fmt.Fprintf(&b, "%s went from %s in %s to %s in %s (%s); highest %s in %s, lowest %s in %s.",
			l.Name, l.text(first, decimals), periods[first], l.text(last, decimals), periods[last], change,
			l.text(hiI, decimals), periods[hiI], l.text(loI, decimals), periods[loI])
	}
	if missing > 0 {
		fmt.Fprintf(&b, " %s missing and shown as a gap.", number.Count(missing, "value is", "values are"))
	}
	return b.String()
}

// describeBars says, for each series, the highest and lowest categories.
func describeBars(spec BarSpec) string {
	var b strings.Builder
	for _, s := range spec.Series {
		hi, lo := extremes(s.Values)
		if hi < 0 {
			continue
		}
		fmt.Fprintf(&b, "%s: highest %s (%s), lowest %s (%s). ", s.Name,
			spec.Categories[hi], s.text(hi, spec.Decimals), spec.Categories[lo], s.text(lo, spec.Decimals))
	}
	fmt.Fprintf(&b, "%s; the figures are in the table with the chart.", number.Count(len(spec.Categories), "category", "categories"))
	return b.String()
}

// extremes are the indexes of the first highest and the first lowest of
// values, gaps left out, or -1 and -1 when every value is a gap.
func extremes(values []*float64) (hi, lo int) {
	hi, lo = -1, -1
	for i, v := range values {
		if v == nil {
			continue
		}
		if hi < 0 || *v > *values[hi] {
			hi = i
		}
		if lo < 0 || *v < *values[lo] {
			lo = i
		}
	}
	return hi, lo
}
