package chart

import "math"

// scale maps values to pixels along one axis, with "nice" ticks.
type scale struct {
	min, max float64 // the domain, after widening to ticks
	from, to float64 // pixels for min and max
	ticks    []float64
	decimals int // decimals the tick labels need
}

// newScale covers lo..hi (with zero included for bars) in about n ticks;
// whole keeps ticks on whole numbers, for counts.
func newScale(lo, hi float64, n int, from, to float64, whole bool) scale {
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo { // all equal, all zero: widen, or there is no range
		if hi == 0 {
			hi = 1
		} else {
			lo, hi = math.Min(0, lo), math.Max(0, hi)
			if hi == lo {
				hi = lo + 1
			}
		}
	}
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
	s := scale{min: math.Floor(lo/step) * step, max: math.Ceil(hi/step) * step, from: from, to: to}
	for v := s.min; v <= s.max+step/2; v += step {
		s.ticks = append(s.ticks, math.Round(v/step)*step)
	}
	// As many decimals as the step needs to be written exactly: 2.5 → 1.
	for s.decimals < 6 {
		scaled := step * math.Pow(10, float64(s.decimals))
		if math.Abs(scaled-math.Round(scaled)) < 1e-9 {
			break
		}
		s.decimals++
	}
	return s
}

func (s scale) at(v float64) int {
	if s.max == s.min {
		return int(math.Round(s.from))
	}
	return int(math.Round(s.from + (v-s.min)/(s.max-s.min)*(s.to-s.from)))
}
