package hac

import (
	"math"
	"sort"
)

// Percentile is SAS's default percentile (PROC UNIVARIATE PCTLDEF=5, the empirical
// distribution function with averaging): with n·p = j + g, it is the mean of the j-th and
// (j+1)-th smallest values when g = 0 and the (j+1)-th otherwise. CMS computes the HACRP in
// SAS. sorted must be ascending and non-empty; p is a 0–1 fraction.
func Percentile(sorted []float64, p float64) float64 {
	n := len(sorted)
	np := float64(n) * p
	j := math.Floor(np)
	// n·p is computed in floating point; snap it so 20 × 0.05 counts as exactly 1.
	if math.Abs(np-math.Round(np)) < 1e-9 {
		j = math.Round(np)
		k := int(j)
		if k <= 0 {
			return sorted[0]
		}
		if k >= n {
			return sorted[n-1]
		}
		return (sorted[k-1] + sorted[k]) / 2
	}
	k := int(j)
	if k >= n {
		k = n - 1
	}
	return sorted[k]
}

// meanSD returns the mean and the sample standard deviation (divisor n−1, SAS's default
// VARDEF=DF) of xs, summed in ascending order so the result does not depend on input order.
func meanSD(xs []float64) (mean, sd float64) {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	var sum float64
	for _, x := range s {
		sum += x
	}
	mean = sum / float64(len(s))
	if len(s) < 2 {
		return mean, 0
	}
	var ss float64
	for _, x := range s {
		d := x - mean
		ss += float64(d * d)
	}
	return mean, math.Sqrt(ss / float64(len(s)-1))
}

// Round4 rounds half away from zero to 4 decimals, the precision of every score CMS
// publishes in the HAC files.
func Round4(x float64) float64 {
	return math.Round(x*1e4) / 1e4
}
