package ratings

import (
	"math"
	"sort"
	"sync"

	"openvalue/scoring/cmsdata"
)

// Rating is one hospital's ratings in both domains, with the HAC flag beside Safety.
type Rating struct {
	FacilityID string
	Name       string
	State      string
	Domains    [2]DomainResult // indexed by Safety, Cost

	HACTotalScore    float64 // Total HAC Score of the current HAC file; NaN when none
	HACWorstQuartile bool    // HACTotalScore above the cohort's 75th percentile (the HAC payment cut)
}

// Result is a whole cohort rated, with what a snapshot needs.
type Result struct {
	Ratings []Rating // one per hospital found in the current period, sorted by FacilityID
	// Dist holds, per domain and metric, the sorted reported values of the current period.
	Dist [2][][]float64
	// PriorDist is the same for the prior period (nil without one).
	PriorDist [2][][]float64
	// Adjusted holds, per domain, the sorted Adjusted values of rated hospitals (the
	// distribution the final score re-ranks against).
	Adjusted [2][]float64
	HACP75   float64 // 75th percentile of Total HAC Score (NaN when no HAC file)
	HasPrior [2]bool // a prior period with values for this domain was given
	Sources  [2][]string
}

// Rate rates every hospital of the current period. prior may be nil. A hospital absent
// from the prior period, or not rated there, gets no change adjustment (HasChange false).
func Rate(cur, prior *Period) *Result {
	res := &Result{Ratings: make([]Rating, len(cur.IDs)), Sources: cur.Sources, HACP75: math.NaN()}
	for i, id := range cur.IDs {
		var f cmsdata.Facility
		if i < len(cur.Facilities) {
			f = cur.Facilities[i]
		}
		res.Ratings[i] = Rating{FacilityID: id, Name: f.Name, State: f.State, HACTotalScore: cur.HACScore[i]}
	}
	// each current hospital's row in the prior period (-1: none), by merging the two sorted
	// CCN lists once rather than looking each up per domain
	var priorRow []int
	if prior != nil {
		priorRow = make([]int, len(cur.IDs))
		j := 0
		for i, id := range cur.IDs {
			for j < len(prior.IDs) && prior.IDs[j] < id {
				j++
			}
			priorRow[i] = -1
			if j < len(prior.IDs) && prior.IDs[j] == id {
				priorRow[i] = j
			}
		}
	}
	// The two domains share nothing but the read-only periods: rate them side by side.
	var wg sync.WaitGroup
	for d := range DomainRules {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res.rateDomain(Domain(d), cur, prior, priorRow)
		}()
	}
	wg.Wait()
	res.flagHAC(cur)
	return res
}

// rateDomain fills one domain of every rating, and the domain's distributions.
func (res *Result) rateDomain(dom Domain, cur, prior *Period, priorRow []int) {
	d := int(dom)
	var sc scratch // this goroutine's working arrays for every percentilesOf below
	{
		r := DomainRules[d]
		// the prior period's percentiles on a goroutine of their own (its own scratch)
		var priorPcts [][]float64
		priorDone := make(chan struct{})
		if prior != nil {
			priorPcts = make([][]float64, len(r.Metrics))
			res.PriorDist[d] = make([][]float64, len(r.Metrics))
			go func() {
				var psc scratch
				for m := range r.Metrics {
					priorPcts[m], res.PriorDist[d][m] = psc.percentilesOf(prior.Values[d][m], r.Metrics[m].LowerIsBetter)
					if len(res.PriorDist[d][m]) > 0 {
						res.HasPrior[d] = true
					}
				}
				close(priorDone)
			}()
		} else {
			close(priorDone)
		}
		pcts := make([][]float64, len(r.Metrics))
		res.Dist[d] = make([][]float64, len(r.Metrics))
		for m := range r.Metrics {
			pcts[m], res.Dist[d][m] = sc.percentilesOf(cur.Values[d][m], r.Metrics[m].LowerIsBetter)
		}
		<-priorDone
		nm := len(r.Metrics)
		// one backing array per kind of slice, not two allocations per hospital
		allVals := make([]float64, len(cur.IDs)*nm)
		allPct := make([]float64, len(cur.IDs)*nm)
		var allPrior []float64
		if priorPcts != nil {
			allPrior = make([]float64, len(cur.IDs)*nm)
		}
		for i := range cur.IDs {
			vals := allVals[i*nm : (i+1)*nm : (i+1)*nm]
			pct := allPct[i*nm : (i+1)*nm : (i+1)*nm]
			for m := range r.Metrics {
				vals[m], pct[m] = cur.Values[d][m][i], pcts[m][i]
			}
			var pp []float64
			if priorPcts != nil {
				if j := priorRow[i]; j >= 0 {
					pp = allPrior[i*nm : (i+1)*nm : (i+1)*nm]
					for m := range r.Metrics {
						pp[m] = priorPcts[m][j]
					}
				}
			}
			res.Ratings[i].Domains[d] = assess(r, vals, pct, pp)
		}
		// the final score re-ranks Adjusted among rated hospitals (NaN for the excluded)
		adjusted := make([]float64, len(res.Ratings))
		for i := range res.Ratings {
			adjusted[i] = res.Ratings[i].Domains[d].Adjusted
		}
		scores, adj := sc.percentilesOf(adjusted, false)
		res.Adjusted[d] = adj
		for i := range res.Ratings {
			dr := &res.Ratings[i].Domains[d]
			if !dr.Excluded {
				dr.Score = round6(scores[i])
			}
		}
	}
}

func (res *Result) flagHAC(cur *Period) {
	var hac []float64
	for _, v := range cur.HACScore {
		if !math.IsNaN(v) {
			hac = append(hac, v)
		}
	}
	if len(hac) > 0 {
		sort.Float64s(hac)
		res.HACP75 = Quantile(hac, 0.75)
		// A file where every hospital has the same score (FY2023: 0.0000 for all, the
		// program was suppressed) has no worst quartile.
		for i := range res.Ratings {
			if v := res.Ratings[i].HACTotalScore; !math.IsNaN(v) && v > res.HACP75 {
				res.Ratings[i].HACWorstQuartile = true
			}
		}
	}
}

// Quantile is the q-quantile of sorted xs by linear interpolation between order statistics
// (Hyndman–Fan type 7, the default of R and NumPy). On the FY2024 HAC file, "Total HAC
// Score > Quantile(0.75)" matches CMS's published payment reduction for 2,926 of the 2,928
// hospitals that have a Yes/No.
func Quantile(xs []float64, q float64) float64 {
	n := len(xs)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * q
	lo := int(math.Floor(h))
	if lo >= n-1 {
		return xs[n-1]
	}
	return xs[lo] + float64(h-float64(lo))*(xs[lo+1]-xs[lo])
}
