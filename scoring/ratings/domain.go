package ratings

import "math"

// DomainResult is one hospital's rating in one domain. Percentiles and scores are on the
// 0–100 scale with 100 = best; adjustments are in percentile points.
type DomainResult struct {
	Values      []float64 // per metric (Rules.Metrics order), in the metric's unit; NaN = unreported
	Percentiles []float64 // per metric, 0–100, 100 = best; NaN = unreported
	Reported    int       // number of reported metrics
	Average     float64   // mean percentile of the reported metrics (rounded to 6 decimals); NaN when none

	ReportingAdjustment float64 // −PerUnreported × unreported metrics (≤ 0; 0 when all are reported)

	HasChange        bool    // a prior period rated this hospital on at least one common metric
	PriorAverage     float64 // prior-period mean percentile over the metrics reported in both periods; NaN without change
	Change           float64 // current minus prior mean percentile over those common metrics
	ChangeAdjustment float64 // ChangeAdjustment(PriorAverage, Change): within ±MaxChange; 0 without change

	Adjusted float64 // Average + ReportingAdjustment + ChangeAdjustment (rounded to 6 decimals), before re-ranking
	Score    float64 // final 0–100 percentile of Adjusted among rated hospitals; NaN when excluded
	Excluded bool    // fewer than Rules.MinReported metrics reported
}

// ChangeAdjustment turns a change in mean percentile (delta, current − prior, in points)
// from a prior-period starting point (start, 0–100) into the seed's change adjustment:
//
//	rising  (delta > 0):  adj = +min(10, ChangeGain × delta × (1 + (50 − start)/100))
//	falling (delta < 0):  adj = −min(10, ChangeGain × |delta| × (1 + (start − 50)/100))
//
// The weight runs from 0.5 to 1.5: a rise from the bottom (start 0) counts 1.5×, a rise
// from the top 0.5×; a fall from the top counts 1.5×, a fall from the bottom 0.5×. So the
// reward is larger when rising from a low start and the penalty larger when falling from a
// high start, as seed 002 asks. The adjustment has the sign of delta, is 0 when delta is 0,
// grows with |delta| and is clamped to ±MaxChange (10 percentile points). It is rounded
// to 6 decimals.
func ChangeAdjustment(start, delta float64) float64 {
	if delta == 0 || math.IsNaN(delta) || math.IsNaN(start) {
		return 0
	}
	start = math.Max(0, math.Min(100, start))
	var w float64
	if delta > 0 {
		w = 1 + (50-start)/100
	} else {
		w = 1 + (start-50)/100
	}
	adj := float64(ChangeGain*delta) * w
	return round6(math.Max(-MaxChange, math.Min(MaxChange, adj)))
}

// assess computes everything but the final Score of one hospital in one domain.
// pct holds the current percentiles; prior the hospital's prior-period percentiles
// (nil when it has none).
func assess(r Rules, vals, pct, prior []float64) DomainResult {
	d := DomainResult{Values: vals, Percentiles: pct, Average: math.NaN(), PriorAverage: math.NaN(), Score: math.NaN()}
	sum := 0.0
	for _, p := range pct {
		if !math.IsNaN(p) {
			d.Reported++
			sum += p
		}
	}
	if d.Reported > 0 {
		d.Average = round6(sum / float64(d.Reported))
	}
	d.ReportingAdjustment = round6(-r.PerUnreported * float64(len(r.Metrics)-d.Reported))
	if d.ReportingAdjustment == 0 {
		d.ReportingAdjustment = 0 // no negative zero in the output
	}
	d.Excluded = d.Reported < r.MinReported
	if prior != nil {
		priorN, common := 0, 0
		var cs, ps float64
		for i, p := range prior {
			if math.IsNaN(p) {
				continue
			}
			priorN++
			if !math.IsNaN(pct[i]) {
				common++
				cs += pct[i]
				ps += p
			}
		}
		// The prior period must itself rate the hospital (enough metrics), and the change
		// is measured only over metrics reported in both periods, so that a metric added
		// or dropped between periods is not mistaken for a change in performance.
		if priorN >= r.MinReported && common > 0 {
			d.HasChange = true
			d.PriorAverage = round6(ps / float64(common))
			d.Change = round6(cs/float64(common) - d.PriorAverage)
			d.ChangeAdjustment = ChangeAdjustment(d.PriorAverage, d.Change)
		}
	}
	if !d.Excluded {
		d.Adjusted = round6(d.Average + d.ReportingAdjustment + d.ChangeAdjustment)
	} else {
		d.Adjusted = math.NaN()
	}
	return d
}
