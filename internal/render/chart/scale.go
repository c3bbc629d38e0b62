package chart

import (
	"math"
	"sort"
)

// niceTicks returns 3 to 5 evenly spaced round values (steps of 1, 2 or 5
// times a power of ten) covering [lo, hi] and zero. With integer data the
// step is at least 1. The first tick is below the last, even when lo == hi.
func niceTicks(lo, hi float64, integer bool) []float64 {
	lo, hi = min(lo, 0), max(hi, 0)
	if hi == lo {
		hi = lo + 1
	}
	if integer && hi-lo < 2 {
		hi = lo + 2
	}
	k := int(math.Floor(math.Log10((hi - lo) / 4)))
	for ; ; k++ {
		for _, m := range []float64{1, 2, 5} {
			// step = m·10^k, computed so that multiples of it print exactly
			at := func(i float64) float64 {
				if k < 0 {
					return i * m / math.Pow10(-k)
				}
				return i * m * math.Pow10(k)
			}
			step := at(1)
			if integer && step < 1 {
				continue
			}
			a := math.Floor(lo/step + 1e-9)
			z := math.Ceil(hi/step - 1e-9)
			if z-a > 4 {
				continue
			}
			if z-a < 2 { // keep at least three ticks
				if a < 0 && z <= 0 {
					a--
				} else {
					z++
				}
			}
			var ticks []float64
			for i := a; i <= z; i++ {
				ticks = append(ticks, at(i))
			}
			return ticks
		}
	}
}

// spread places labels of heights h, each wanting its centre at want,
// inside [lo, hi] so that they keep their order and are at least gap apart.
// It returns the centres. When the labels do not fit they overflow at hi.
func spread(want, h []float64, lo, hi, gap float64) []float64 {
	n := len(want)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return want[idx[a]] < want[idx[b]] })
	top := make([]float64, n)
	next := lo
	for _, i := range idx {
		top[i] = max(want[i]-h[i]/2, next)
		next = top[i] + h[i] + gap
	}
	limit := hi
	for j := n - 1; j >= 0; j-- {
		i := idx[j]
		top[i] = min(top[i], limit-h[i])
		limit = top[i] - gap
	}
	next = lo
	for _, i := range idx {
		top[i] = max(top[i], next)
		next = top[i] + h[i] + gap
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = top[i] + h[i]/2
	}
	return out
}
