package ratings

import (
	"math"
	"math/bits"
	"slices"
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
	var sc scratch
	return sc.percentilesOf(vals, lowerIsBetter)
}

// scratch holds percentilesOf's working arrays between calls (one per goroutine).
type scratch struct {
	runPct []float64
	keys   []uint64
}

func (sc *scratch) percentilesOf(vals []float64, lowerIsBetter bool) (pct []float64, sorted []float64) {
	sorted = make([]float64, 0, len(vals))
	for _, v := range vals {
		if !math.IsNaN(v) {
			sorted = append(sorted, v)
		}
	}
	slices.Sort(sorted)
	n := len(sorted)
	if cap(sc.runPct) < n {
		sc.runPct, sc.keys = make([]float64, n), make([]uint64, n)
	}
	runPct := sc.runPct[:n] // the percentile of the value at each sorted position
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
	keys := sc.keys[:n]
	for i, v := range sorted {
		keys[i] = orderKey(v)
	}
	pct = make([]float64, len(vals))
	for i, v := range vals {
		if math.IsNaN(v) {
			pct[i] = math.NaN()
			continue
		}
		pct[i] = runPct[lowerBoundKey(keys, orderKey(v))]
	}
	return pct, sorted
}

// orderKey maps a float64 (not NaN) to a uint64 in the same order, both zeros to one key.
func orderKey(f float64) uint64 {
	if f == 0 {
		f = 0
	}
	b := math.Float64bits(f)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// lowerBoundKey is the first index of sorted keys holding a key ≥ k. Halving without a data-dependent branch
// (the borrow of a subtraction picks the half) is several times faster than a branching search on
// values in no particular order.
func lowerBoundKey(keys []uint64, k uint64) int {
	n := len(keys)
	if n == 0 {
		return 0
	}
	base := 0
	for n > 1 {
		half := n >> 1
		_, less := bits.Sub64(keys[base+half], k, 0) // 1 when keys[base+half] < k
		base += half * int(less)
		n -= half
	}
	_, less := bits.Sub64(keys[base], k, 0)
	return base + int(less)
}

// round6 rounds to 6 decimals: the documented rounding point of averages and adjustments,
// so that results are the same on every architecture and re-summing the printed parts
// reproduces the ranking.
func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// bounds returns the range [lo, hi) of xs equal to v (binary searches, so long runs of
// ties such as PC-01's many zeros cost nothing; plain loops, no closure per step).
func bounds(xs []float64, v float64) (lo, hi int) {
	lo = searchGE(xs, v)
	if lo == len(xs) || xs[lo] != v {
		return lo, lo
	}
	// the first value above v
	i, n := lo+1, len(xs)-lo-1
	for n > 0 {
		half := n >> 1
		if xs[i+half] <= v {
			i += half + 1
			n -= half + 1
		} else {
			n = half
		}
	}
	return lo, i
}

// searchGE is sort.SearchFloat64s: the first index of sorted xs holding a value ≥ v.
func searchGE(xs []float64, v float64) int {
	i, n := 0, len(xs)
	for n > 0 {
		half := n >> 1
		if xs[i+half] < v {
			i += half + 1
			n -= half + 1
		} else {
			n = half
		}
	}
	return i
}
