package ratings

import (
	"math"
	"slices"
	"sort"
)

// Percentile is the mid-rank percentile of v within the sorted cohort values xs, oriented
// so that 100 is the best hospital and 0 the worst:
//
//	P = 100 × (worse + ½·(ties − 1)) / (n − 1)
//
// where worse counts the cohort values strictly worse than v (greater when lower is
// better, smaller otherwise) and ties counts the values equal to v, v's own included. A
// unique best value gets 100 and a unique worst 0; tied hospitals share the mean of the
// ranks they span, so the percentiles of a cohort always average 50. A cohort of one gets 50.
//
// v is expected to be one of xs (the hospital belongs to the cohort). When it is not (a
// hospital rated against a snapshot it is not in), it is placed as if inserted: the
// cohort grows by one and v is its own single tie.
func Percentile(xs []float64, v float64, lowerIsBetter bool) float64 {
	n := len(xs)
	lo, hi := bounds(xs, v)
	ties := hi - lo
	if ties == 0 { // inserted
		n++
		ties = 1
		hi = lo + 1
	}
	worse := lo
	if lowerIsBetter {
		worse = n - hi
	}
	if n <= 1 {
		return 50
	}
	return 100 * (float64(worse) + 0.5*float64(ties-1)) / float64(n-1)
}

// percentilesOf returns, for values vals (NaN = unreported), each one's Percentile among the
// reported values, NaN where unreported, and the sorted reported values. The percentile of
// each run of tied values is computed once, with Percentile's formula, and each value
// finds its run with one binary search.
func percentilesOf(vals []float64, lowerIsBetter bool) (pct []float64, sorted []float64) {
	sorted = make([]float64, 0, len(vals))
	for _, v := range vals {
		if !math.IsNaN(v) {
			sorted = append(sorted, v)
		}
	}
	slices.Sort(sorted)
	n := len(sorted)
	runPct := make([]float64, n) // the percentile of the value at each sorted position
	for lo := 0; lo < n; {
		hi := lo + 1
		for hi < n && sorted[hi] == sorted[lo] {
			hi++
		}
		p := 50.0
		if n > 1 {
			worse := lo
			if lowerIsBetter {
				worse = n - hi
			}
			p = 100 * (float64(worse) + 0.5*float64(hi-lo-1)) / float64(n-1)
		}
		for k := lo; k < hi; k++ {
			runPct[k] = p
		}
		lo = hi
	}
	pct = make([]float64, len(vals))
	for i, v := range vals {
		if math.IsNaN(v) {
			pct[i] = math.NaN()
			continue
		}
		pct[i] = runPct[lowerBound(sorted, v)]
	}
	return pct, sorted
}

// lowerBound is the first index of sorted xs holding a value ≥ v (sort.SearchFloat64s
// without the closure).
func lowerBound(xs []float64, v float64) int {
	lo, n := 0, len(xs)
	for n > 0 {
		half := n >> 1
		if xs[lo+half] < v {
			lo += half + 1
			n -= half + 1
		} else {
			n = half
		}
	}
	return lo
}

// round6 rounds to 6 decimals: the documented rounding point of averages and adjustments,
// so that results are the same on every architecture and re-summing the printed parts
// reproduces the ranking.
func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// bounds returns the range [lo, hi) of xs equal to v (binary searches, so long runs of
// ties such as PC-01's many zeros cost nothing).
func bounds(xs []float64, v float64) (lo, hi int) {
	lo = sort.SearchFloat64s(xs, v)
	if lo == len(xs) || xs[lo] != v {
		return lo, lo
	}
	hi = lo + sort.SearchFloat64s(xs[lo:], math.Nextafter(v, math.Inf(1)))
	return lo, hi
}
