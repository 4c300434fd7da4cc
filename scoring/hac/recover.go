package hac

import (
	"errors"
	"fmt"
	"math"
)

// ErrRecover is returned when CMS's statistics of a measure cannot be recovered from the
// published W Z scores: no published scores, too few hospitals strictly inside the bounds,
// scores that do not rise with the raw values, or published scores that are not a line in the
// raw values up to the rounding of both (a method this package does not know).
var ErrRecover = errors.New("hac: cannot recover statistics")

// MinRecoverPairs is the fewest hospitals with a raw value and a published W Z strictly inside
// the bounds that a recovery fits a line through. A real measure has hundreds to thousands; a
// handful would let one hospital's rounding move the line.
const MinRecoverPairs = 20

// pair is one hospital's raw value and published W Z score of one measure.
type pair struct {
	x, z float64
	i    int // index of the hospital in the input
}

// fit is a least-squares line z = (x − mean)/SD through the pairs strictly inside the
// extreme published scores zmin and zmax (the clamped hospitals sit on the extremes).
type fit struct {
	zmin, zmax float64
	nmin, nmax int // pairs on zmin and on zmax
	// Sums over the pairs strictly inside, shifted by (cx, cz) so they stay well conditioned.
	cx, cz              float64
	n, sx, sz, sxx, sxz float64
	maxResidual         float64 // largest |published − fitted| W Z of the pairs inside
	// Half a unit in the last decimal of the published raw values and W Z scores.
	xRounding, zRounding float64
	pairs                []pair
	pairIndex            map[int]int // hospital index → position in pairs
}

// newFit fits the line through pairs, leaving out pairs[skip] (skip < 0: none).
func newFit(pairs []pair, skip int) (*fit, error) {
	f := &fit{zmin: math.Inf(1), zmax: math.Inf(-1), pairs: pairs}
	for k, p := range pairs {
		if k != skip {
			f.zmin, f.zmax = math.Min(f.zmin, p.z), math.Max(f.zmax, p.z)
		}
	}
	inside := 0
	for k, p := range pairs {
		switch {
		case k == skip:
		case p.z == f.zmin:
			f.nmin++
		case p.z == f.zmax:
			f.nmax++
		default:
			if inside == 0 {
				f.cx, f.cz = p.x, p.z
			}
			inside++
			f.add(p, 1)
		}
	}
	return f, f.check()
}

// add adds (sign 1) or removes (sign −1) one pair inside the bounds from the sums.
func (f *fit) add(p pair, sign float64) {
	dx, dz := p.x-f.cx, p.z-f.cz
	f.n += sign
	f.sx += sign * dx
	f.sz += sign * dz
	f.sxx += sign * float64(dx*dx)
	f.sxz += sign * float64(dx*dz)
}

func (f *fit) check() error {
	if f.n < MinRecoverPairs {
		return fmt.Errorf("%w: %d hospitals with a published W Z inside the bounds, fewer than %d", ErrRecover, int(f.n), MinRecoverPairs)
	}
	if sxx, sxz := f.centered(); sxx <= 0 || sxz <= 0 {
		return fmt.Errorf("%w: the published W Z scores do not rise with the raw values", ErrRecover)
	}
	return nil
}

// centered returns Σ(x − x̄)² and Σ(x − x̄)(z − z̄) over the pairs inside.
func (f *fit) centered() (sxx, sxz float64) {
	return f.sxx - f.sx*f.sx/f.n, f.sxz - f.sx*f.sz/f.n
}

// stats are the line's statistics: the slope is 1/SD, the intercept gives the mean, and the
// extreme published scores are the bounds' z-scores.
func (f *fit) stats() Stats {
	sxx, sxz := f.centered()
	sd := sxx / sxz
	mx, mz := f.cx+f.sx/f.n, f.cz+f.sz/f.n
	mean := mx - mz*sd
	return Stats{Mean: mean, SD: sd, Low: mean + f.zmin*sd, High: mean + f.zmax*sd, WorstScore: f.zmax, Fitted: int(f.n), Recovered: true}
}

// without is the fit without hospital i's own pair, so that no hospital's published score
// enters the statistics its own score is computed with. Removing a pair strictly inside the
// bounds is a subtraction from the sums; a pair alone on an extreme changes the bounds, and
// then the line is refitted from the other pairs.
func (f *fit) without(i int) (Stats, error) {
	k, ok := f.pairIndex[i]
	if !ok {
		return f.stats(), nil
	}
	p := f.pairs[k]
	switch {
	case p.z == f.zmin && f.nmin > 1, p.z == f.zmax && f.nmax > 1:
		return f.stats(), nil
	case p.z > f.zmin && p.z < f.zmax:
		g := *f
		g.add(p, -1)
		if err := g.check(); err != nil {
			return Stats{}, err
		}
		return g.stats(), nil
	}
	g, err := newFit(f.pairs, k)
	if err != nil {
		return Stats{}, err
	}
	return g.stats(), nil
}

// decimals is the number of decimals (0–9) the values are published with; 9 when they are
// not rounded to fewer.
func decimals(xs []float64) int {
	for d := 0; d < 9; d++ {
		s := math.Pow(10, float64(d))
		ok := true
		for _, x := range xs {
			if v := x * s; math.Abs(v-math.Round(v)) > 1e-6 {
				ok = false
				break
			}
		}
		if ok {
			return d
		}
	}
	return 9
}

// recoverMeasure fits CMS's statistics of measure m from the hospitals that have both a raw
// value and a published W Z. The line must explain every published score to within the
// rounding of the raw value and of the score (twice half a unit of each, in W Z units);
// otherwise the published scores are not the Winsorized z-scores of these raw values and
// nothing is recovered.
func recoverMeasure(hs []Hospital, m Measure) (*fit, error) {
	var pairs []pair
	published := 0
	for i, h := range hs {
		v := h.Measures[m]
		if v.HasPublished {
			published++
		}
		if v.HasRaw && v.HasPublished {
			pairs = append(pairs, pair{x: v.Raw, z: v.Published, i: i})
		}
	}
	if published == 0 {
		return nil, fmt.Errorf("%w: the file publishes no %s W Z scores", ErrRecover, m)
	}
	f, err := newFit(pairs, -1)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", m, err)
	}
	xs, zs := make([]float64, len(pairs)), make([]float64, len(pairs))
	for k, p := range pairs {
		xs[k], zs[k] = p.x, p.z
	}
	f.xRounding, f.zRounding = 0.5*math.Pow(10, -float64(decimals(xs))), 0.5*math.Pow(10, -float64(decimals(zs)))
	st := f.stats()
	tol := 2 * (f.xRounding/st.SD + f.zRounding)
	for _, p := range pairs {
		fitted := (p.x - st.Mean) / st.SD
		switch {
		case p.z == f.zmin:
			// A clamped hospital's raw value is at or below the lower bound.
			if fitted > f.zmin+tol {
				return nil, fmt.Errorf("%w: %s: hospital %d has the lowest published W Z %.4f but its raw value %v lies inside the fitted bounds (z %.4f)", ErrRecover, m, p.i+1, p.z, p.x, fitted)
			}
		case p.z == f.zmax:
			if fitted < f.zmax-tol {
				return nil, fmt.Errorf("%w: %s: hospital %d has the highest published W Z %.4f but its raw value %v lies inside the fitted bounds (z %.4f)", ErrRecover, m, p.i+1, p.z, p.x, fitted)
			}
		default:
			f.maxResidual = math.Max(f.maxResidual, math.Abs(p.z-fitted))
		}
	}
	if f.maxResidual > tol {
		return nil, fmt.Errorf("%w: %s: the published W Z scores are not a line in the raw values (largest residual %.4f, rounding allows %.4f)", ErrRecover, m, f.maxResidual, tol)
	}
	f.pairIndex = make(map[int]int, len(pairs))
	for k, p := range pairs {
		f.pairIndex[p.i] = k
	}
	return f, nil
}

// RecoverStats recovers, for every measure with raw values, the national statistics CMS
// used: within the Winsorization bounds the published W Z score is the linear function
// (x − mean)/SD of the raw value, so a least-squares line through the hospitals whose
// published score is strictly between the smallest and the largest published score (the
// clamped ones) gives the mean and SD, and the extreme published scores give the bounds.
// Stats.Fitted is the number of hospitals in the fit and Stats.N the number with a raw value.
// The fit's residuals are the rounding of the published values (about 5e-5 for the 3-decimal
// SIRs). Compute with FromRawRecovered or FromRawAuto uses these fits, each hospital's
// without its own published score.
func RecoverStats(hs []Hospital) ([NumMeasures]Stats, error) {
	var out [NumMeasures]Stats
	for m := Measure(0); m < NumMeasures; m++ {
		raw := 0
		for _, h := range hs {
			if h.Measures[m].HasRaw {
				raw++
			}
		}
		if raw == 0 {
			continue
		}
		f, err := recoverMeasure(hs, m)
		if err != nil {
			return out, err
		}
		out[m] = f.stats()
		out[m].N, out[m].MaxResidual = raw, f.maxResidual
	}
	return out, nil
}
