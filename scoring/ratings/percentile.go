package ratings

import (
	"math"
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
// reported values, NaN where unreported, and the sorted reported values. The reported values
// are sorted once together with their positions (a radix sort of order-preserving integer
// keys), so each run of tied values gets Percentile's formula once and hands it straight to
// the hospitals in the run: no comparison sort and no search per value.
func percentilesOf(vals []float64, lowerIsBetter bool) (pct []float64, sorted []float64) {
	var sc scratch
	return sc.percentilesOf(vals, lowerIsBetter)
}

// scratch holds percentilesOf's working arrays between calls (one per goroutine).
type scratch struct {
	keys, keys2 []uint64
	pos, pos2   []int32
}

func (sc *scratch) percentilesOf(vals []float64, lowerIsBetter bool) (pct []float64, sorted []float64) {
	if cap(sc.keys) < len(vals) {
		c := len(vals)
		sc.keys, sc.keys2, sc.pos, sc.pos2 = make([]uint64, c), make([]uint64, c), make([]int32, c), make([]int32, c)
	}
	pct = make([]float64, len(vals))
	keys, pos := sc.keys[:0], sc.pos[:0]
	for i, v := range vals {
		if math.IsNaN(v) {
			pct[i] = math.NaN()
			continue
		}
		keys = append(keys, orderKey(v))
		pos = append(pos, int32(i))
	}
	n := len(keys)
	keys, pos = radixSort(keys, pos, sc.keys2[:n], sc.pos2[:n])
	sorted = make([]float64, n)
	for lo := 0; lo < n; {
		hi := lo + 1
		for hi < n && keys[hi] == keys[lo] {
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
			sorted[k] = vals[pos[k]]
			pct[pos[k]] = p
		}
		lo = hi
	}
	return pct, sorted
}

// radixSort sorts keys ascending, moving pos with them (stable: equal keys keep their
// order), one byte per pass from the lowest; a byte that is the same in every key costs no
// pass. tk and tp are working space of the same length; the sorted pair is returned (it is
// either the input or the working space).
func radixSort(keys []uint64, pos []int32, tk []uint64, tp []int32) ([]uint64, []int32) {
	if len(keys) < 2 {
		return keys, pos
	}
	var diff uint64 // bits that differ between some key and the first
	for _, k := range keys {
		diff |= k ^ keys[0]
	}
	for shift := uint(0); shift < 64; shift += 8 {
		if (diff>>shift)&0xFF == 0 {
			continue
		}
		var count [257]int
		for _, k := range keys {
			count[(k>>shift)&0xFF+1]++
		}
		for b := 1; b < 257; b++ {
			count[b] += count[b-1]
		}
		for i, k := range keys {
			b := (k >> shift) & 0xFF
			tk[count[b]], tp[count[b]] = k, pos[i]
			count[b]++
		}
		keys, tk = tk, keys
		pos, tp = tp, pos
	}
	return keys, pos
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
