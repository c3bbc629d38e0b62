package corpusgen

import (
	"math"
	"math/rand/v2"
)

// rng wraps a seeded PCG with the draws the generator needs. Every random
// choice goes through one, so the same seed gives the same corpus.
type rng struct{ *rand.Rand }

func newRNG(seed, stream uint64) rng {
	return rng{rand.New(rand.NewPCG(seed, stream))}
}

// between returns an int in [lo, hi].
func (r rng) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// chance reports true with probability p.
func (r rng) chance(p float64) bool { return r.Float64() < p }

// uniform returns a float in [lo, hi).
func (r rng) uniform(lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

// lognormal returns median·e^(σ·N(0,1)).
func (r rng) lognormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*r.NormFloat64())
}

// skewed returns an index in [0, n) that favours the start of the list:
// the first entries (a province's capital, the busier districts) are
// picked more often.
func (r rng) skewed(n int) int {
	u := r.Float64()
	i := int(float64(n) * u * u)
	return min(i, n-1)
}

// poisson draws a Poisson count: exactly for small means, by the normal
// approximation above 30.
func (r rng) poisson(lambda float64) int {
	switch {
	case lambda <= 0:
		return 0
	case lambda > 30:
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64())))
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// binomial draws the number of successes in n trials of probability p.
func (r rng) binomial(n int, p float64) int {
	switch {
	case n <= 0 || p <= 0:
		return 0
	case p >= 1:
		return n
	case n < 40:
		k := 0
		for range n {
			if r.Float64() < p {
				k++
			}
		}
		return k
	case float64(n)*p < 10:
		return min(n, r.poisson(float64(n)*p))
	case float64(n)*(1-p) < 10:
		return n - min(n, r.poisson(float64(n)*(1-p)))
	}
	mean, sd := float64(n)*p, math.Sqrt(float64(n)*p*(1-p))
	return min(n, max(0, int(math.Round(mean+sd*r.NormFloat64()))))
}

// multinomial splits n into len(w) counts with probabilities proportional
// to w.
func (r rng) multinomial(n int, w []float64) []int {
	out := make([]int, len(w))
	var total float64
	for _, x := range w {
		total += x
	}
	for i, x := range w {
		if n == 0 || total <= 0 {
			break
		}
		if i == len(w)-1 {
			out[i] = n
			break
		}
		k := r.binomial(n, x/total)
		out[i] = k
		n -= k
		total -= x
	}
	return out
}

// jitterWeights multiplies each weight by a log-normal factor, so every
// agency has its own mix around the typical one.
func (r rng) jitterWeights(w []float64, sigma float64) []float64 {
	out := make([]float64, len(w))
	for i, x := range w {
		out[i] = x * math.Exp(sigma*r.NormFloat64())
	}
	return out
}
