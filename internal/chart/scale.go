package chart

import (
	"errors"
	"math"
)

// scale maps values to pixels along one axis, with "nice" ticks.
type scale struct {
	min, max float64 // the domain, after widening to ticks
	from, to float64 // pixels for min and max
	ticks    []float64
	decimals int // decimals the tick labels need
}

// maxTicks bounds a scale's ticks: more means a step given from outside
// that is far too small for the values.
const maxTicks = 1000

// newScale covers lo..hi in about n ticks; whole keeps ticks on whole
// numbers, for counts.
func newScale(lo, hi float64, n int, from, to float64, whole bool) (scale, error) {
	lo, hi = domain(lo, hi)
	return stepScale(lo, hi, niceStep(lo, hi, n, whole), from, to)
}

// domain orders lo and hi and gives them a range when they are equal
// (all equal, or all zero).
func domain(lo, hi float64) (float64, float64) {
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo {
		if hi == 0 {
			return lo, 1
		}
		lo, hi = math.Min(0, lo), math.Max(0, hi)
		if hi == lo {
			hi = lo + 1
		}
	}
	return lo, hi
}

// niceStep is the step of about n ticks over lo..hi: 1, 2, 2.5 or 5 times
// a power of ten, and at least 1 when whole. Charts drawn side by side can
// share one step by passing it to stepScale.
func niceStep(lo, hi float64, n int, whole bool) float64 {
	raw := (hi - lo) / float64(max(n, 1))
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	if whole && step < 1 {
		step = 1
	}
	return step
}

// stepScale maps lo..hi, widened to whole steps, onto pixels from..to.
func stepScale(lo, hi, step, from, to float64) (scale, error) {
	s := scale{min: math.Floor(lo/step) * step, max: math.Ceil(hi/step) * step, from: from, to: to}
	if !finite(s.min, s.max, step, from, to) || step <= 0 || (s.max-s.min)/step > maxTicks {
		return scale{}, errors.New("chart: the values span too wide a range to draw")
	}
	first := math.Round(s.min / step)
	for i := 0.0; s.min+i*step <= s.max+step/2; i++ {
		s.ticks = append(s.ticks, (first+i)*step)
	}
	// As many decimals as the step needs to be written exactly: 2.5 → 1.
	for s.decimals < 6 {
		scaled := step * math.Pow(10, float64(s.decimals))
		if math.Abs(scaled-math.Round(scaled)) < 1e-9 {
			break
		}
		s.decimals++
	}
	return s, nil
}

func (s scale) at(v float64) int {
	if s.max == s.min {
		return int(math.Round(s.from))
	}
	return int(math.Round(s.from + (v-s.min)/(s.max-s.min)*(s.to-s.from)))
}
