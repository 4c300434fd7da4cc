package hac

import (
	"errors"
	"fmt"
	"math"
)

// ErrRecover is returned by RecoverStats when a measure has raw values but too few
// hospitals with both a raw value and a published W Z score strictly inside the bounds.
var ErrRecover = errors.New("hac: cannot recover statistics")

// RecoverStats recovers, for every measure with raw values, the national statistics CMS
// used: within the Winsorization bounds the published W Z score is the linear function
// (x − mean)/SD of the raw value, so a least-squares line through the hospitals whose
// published score is strictly between the smallest and the largest published score (the
// clamped ones) gives the mean and SD, and the extreme published scores give the bounds.
// N is the number of hospitals used. The fit's residuals are the rounding of the published
// values (about 5e-5 for the 3-decimal SIRs).
func RecoverStats(hs []Hospital) ([NumMeasures]Stats, error) {
	var out [NumMeasures]Stats
	for m := Measure(0); m < NumMeasures; m++ {
		zmin, zmax := math.Inf(1), math.Inf(-1)
		raw := 0
		for _, h := range hs {
			v := h.Measures[m]
			if v.HasRaw {
				raw++
			}
			if v.HasRaw && v.HasPublished {
				zmin, zmax = math.Min(zmin, v.Published), math.Max(zmax, v.Published)
			}
		}
		if raw == 0 {
			continue
		}
		var n, sx, sz float64
		for _, h := range hs {
			if v := h.Measures[m]; v.HasRaw && v.HasPublished && v.Published > zmin && v.Published < zmax {
				n++
				sx += v.Raw
				sz += v.Published
			}
		}
		if n < 3 {
			return out, fmt.Errorf("%w: %s has %d hospitals inside the bounds", ErrRecover, m, int(n))
		}
		mx, mz := sx/n, sz/n
		var sxx, sxz float64
		for _, h := range hs {
			if v := h.Measures[m]; v.HasRaw && v.HasPublished && v.Published > zmin && v.Published < zmax {
				dx := v.Raw - mx
				sxx += float64(dx * dx)
				sxz += float64(dx * (v.Published - mz))
			}
		}
		if sxx == 0 || sxz <= 0 {
			return out, fmt.Errorf("%w: %s scores do not rise with the raw values", ErrRecover, m)
		}
		slope := sxz / sxx
		sd := 1 / slope
		mean := mx - mz*sd
		out[m] = Stats{N: int(n), Mean: mean, SD: sd, Low: mean + zmin*sd, High: mean + zmax*sd, WorstScore: zmax}
	}
	return out, nil
}
