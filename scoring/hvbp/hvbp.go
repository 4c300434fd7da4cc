// Package hvbp reproduces the CMS Hospital Value-Based Purchasing (HVBP) Total Performance
// Score (42 CFR 412.160–412.167) from the measure rates, thresholds, benchmarks and floors of
// the four domain files CMS publishes: achievement and improvement points per measure, the
// measure score, the HCAHPS base and consistency scores, the four unweighted domain scores,
// the domain weighting with proportional reweighting when a domain is missing, and the TPS.
//
// Formulas (FY2017 onward), for a higher-is-better measure with performance rate P, baseline
// rate B, achievement threshold AT and benchmark BM (lower-is-better measures mirror every
// difference):
//
//   - achievement: 10 if P ≥ BM; 0 if P < AT; otherwise round(9·(P−AT)/(BM−AT) + 0.5), 1–9;
//   - improvement: 0 if P ≤ B; 9 if B is already at or beyond BM (and P > B); otherwise
//     round(10·(P−B)/(BM−B) − 0.5), clipped to 0–9; absent without a baseline rate;
//   - measure score: the larger of the two;
//   - HCAHPS consistency: 20 if every dimension is at or above its AT; otherwise
//     round(20·min_d (P_d−floor_d)/(AT_d−floor_d) − 0.5), clipped to 0–20;
//   - domain score, 0–100: Clinical Outcomes, Safety and Efficiency: Σ measure scores ÷
//     (10 × measures scored) × 100, with a minimum number of measures; Person and Community
//     Engagement: HCAHPS base score (Σ of the 8 dimension scores, 0–80) + consistency (0–20);
//   - TPS, 0–100: Σ weight × domain score ÷ Σ weight over the scored domains (25% each, so a
//     missing domain's weight is shared proportionally), when at least 3 domains are scored.
//
// Rounding is half up ("n out of 10"), after snapping the ratio to 9 decimals: the rates are
// published with at most 6 decimals, so a ratio that is exactly .5 in decimal arithmetic
// (HAI-5 (1.405−1.124)/1.405 = 0.2) must not round down because of binary floating point.
//
// Safety: the colon (HAI-3) and abdominal hysterectomy (HAI-4) SSI measures count as one
// combined SSI measure. With one of them scored, it is that score. With both, CMS weights
// them by their predicted infections, which the HVBP files do not carry: the caller supplies
// the weights, or CMS's published combined score, or accepts the rounded mean as an estimate.
//
// The package is pure (standard library only) so the browser and the server can use it.
package hvbp

import (
	"errors"
	"fmt"
	"math"
)

// Domain is one of the four HVBP domains.
type Domain int

// The HVBP domains since FY2017 (Clinical Outcomes was "Clinical Care" before FY2020).
const (
	ClinicalOutcomes Domain = iota
	PersonCommunity
	Safety
	Efficiency
	NumDomains = 4
)

var domainKeys = [NumDomains]string{"clinical_outcomes", "person_and_community_engagement", "safety", "efficiency_and_cost_reduction"}
var domainNames = [NumDomains]string{"Clinical Outcomes", "Person and Community Engagement", "Safety", "Efficiency and Cost Reduction"}

// Key is the snake-case name used in CSV columns.
func (d Domain) Key() string { return domainKeys[d] }

func (d Domain) String() string { return domainNames[d] }

// Rules are the program rules of one fiscal year.
type Rules struct {
	FiscalYear  int
	Weights     [NumDomains]float64 // domain weights, fractions summing to 1
	MinMeasures [NumDomains]int     // measures (HCAHPS: dimensions) a domain needs to be scored
	MinDomains  int                 // scored domains a hospital needs for a TPS
	SSIColon    string              // measure id of the colon SSI ("HAI-3")
	SSIHyst     string              // measure id of the abdominal hysterectomy SSI ("HAI-4")
}

// ErrFiscalYear is returned for fiscal years whose domain structure this package does not
// implement (before FY2017) or in which CMS computed no TPS (FY2022, FY2023).
var ErrFiscalYear = errors.New("hvbp: fiscal year not supported")

// RulesFor returns the rules of a fiscal year. Sources: FY2017 IPPS final rule (four domains
// at 25%), FY2019 IPPS final rule (minimums: 2 Clinical Outcomes measures, 2 Safety measures,
// 100 HCAHPS surveys, 25 MSPB episodes; TPS with at least 3 of 4 domains), FY2022 IPPS final
// rule (FY2022 and FY2023 TPS suppressed for COVID-19).
func RulesFor(fy int) (Rules, error) {
	if fy < 2017 || fy == 2022 || fy == 2023 {
		return Rules{}, fmt.Errorf("%w: FY%d", ErrFiscalYear, fy)
	}
	return Rules{
		FiscalYear:  fy,
		Weights:     [NumDomains]float64{0.25, 0.25, 0.25, 0.25},
		MinMeasures: [NumDomains]int{2, 8, 2, 1},
		MinDomains:  3,
		SSIColon:    "HAI-3",
		SSIHyst:     "HAI-4",
	}, nil
}

// Measure is one measure (or HCAHPS dimension) of one hospital, as the domain files give it.
// Rates are in the file's units (survival and complication rates 0–1, SIRs, MSPB ratios,
// HCAHPS top-box percentages 0–100).
type Measure struct {
	ID            string
	Domain        Domain
	LowerIsBetter bool
	Threshold     float64 // achievement threshold
	Benchmark     float64
	Floor         float64 // HCAHPS only: the worst baseline-period rate
	HasFloor      bool
	Baseline      float64
	HasBaseline   bool
	Performance   float64
	HasPerf       bool
}

// SSIMode says how the combined SSI score is formed when both procedures are scored.
type SSIMode int

const (
	// SSIPublished uses Hospital.PublishedCombinedSSI (CMS's figure) when present, else the mean.
	SSIPublished SSIMode = iota
	// SSIWeights weighs by Hospital.SSIColonPredicted and SSIHystPredicted when present, else the mean.
	SSIWeights
	// SSIMean always uses the rounded mean of the two scores (an estimate).
	SSIMean
)

// Hospital is one hospital's HVBP inputs.
type Hospital struct {
	ID       string
	Measures []Measure
	// Predicted infections of the colon and hysterectomy SSI (NHSN), the weights of the
	// combined SSI score, when known.
	SSIColonPredicted, SSIHystPredicted float64
	HasSSIPredicted                     bool
	// CMS's published combined SSI score (0–10), when known.
	PublishedCombinedSSI    int
	HasPublishedCombinedSSI bool
}

// MeasureResult is the points of one measure.
type MeasureResult struct {
	ID             string
	Domain         Domain
	Scored         bool // the hospital has a performance rate
	Achievement    int  // 0–10
	Improvement    int  // 0–9, when HasImprovement
	HasImprovement bool
	Score          int // max(achievement, improvement), 0–10
}

// Result is one hospital's scores.
type Result struct {
	ID       string
	Measures []MeasureResult // in input order
	// Combined SSI measure score (0–10) and how it was formed: "colon", "hysterectomy",
	// "weights", "published" or "mean" (an estimate).
	CombinedSSI    int
	HasCombinedSSI bool
	SSISource      string
	// HCAHPS base (0–80) and consistency (0–20) scores; LowestDimension is the dimension that
	// set the consistency score.
	Base, Consistency int
	HasHCAHPS         bool
	LowestDimension   string
	Domains           [NumDomains]float64 // unweighted domain scores, 0–100
	HasDomain         [NumDomains]bool
	Weighted          [NumDomains]float64 // weight (after reweighting) × domain score
	TPS               float64             // Total Performance Score, 0–100
	HasTPS            bool
	Estimated         bool // the combined SSI score is the mean estimate
}

// roundHalfUp rounds x to an integer, half up, after snapping to 9 decimals (see package doc).
func roundHalfUp(x float64) int {
	x = math.Round(x*1e9) / 1e9
	return int(math.Floor(x + 0.5))
}

func clip(v, lo, hi int) int { return min(max(v, lo), hi) }

// orient turns a lower-is-better measure into a higher-is-better one.
func orient(lower bool, xs ...float64) []float64 {
	if lower {
		for i := range xs {
			xs[i] = -xs[i]
		}
	}
	return xs
}

// Achievement is the achievement points (0–10) for performance p against the achievement
// threshold at and the benchmark bm.
func Achievement(p, at, bm float64, lowerIsBetter bool) int {
	v := orient(lowerIsBetter, p, at, bm)
	p, at, bm = v[0], v[1], v[2]
	switch {
	case p >= bm:
		return 10
	case p < at:
		return 0
	}
	return clip(roundHalfUp(float64(9*(p-at))/(bm-at)+0.5), 1, 9)
}

// Improvement is the improvement points (0–9) for performance p against the hospital's own
// baseline b and the benchmark bm.
func Improvement(p, b, bm float64, lowerIsBetter bool) int {
	v := orient(lowerIsBetter, p, b, bm)
	p, b, bm = v[0], v[1], v[2]
	switch {
	case p <= b:
		return 0
	case bm <= b:
		return 9 // baseline already at the benchmark: any improvement is full marks (CMS files)
	}
	return clip(roundHalfUp(float64(10*(p-b))/(bm-b)-0.5), 0, 9)
}

// Score computes one hospital's points, domain scores and TPS.
func Score(h Hospital, rules Rules, mode SSIMode) Result {
	res := Result{ID: h.ID, Measures: make([]MeasureResult, len(h.Measures))}
	for i, m := range h.Measures {
		r := MeasureResult{ID: m.ID, Domain: m.Domain}
		if m.HasPerf {
			r.Scored = true
			r.Achievement = Achievement(m.Performance, m.Threshold, m.Benchmark, m.LowerIsBetter)
			r.Score = r.Achievement
			if m.HasBaseline {
				r.Improvement, r.HasImprovement = Improvement(m.Performance, m.Baseline, m.Benchmark, m.LowerIsBetter), true
				r.Score = max(r.Achievement, r.Improvement)
			}
		}
		res.Measures[i] = r
	}
	// Domain sums. The two SSI procedures fold into one combined measure.
	var sum [NumDomains]int
	var n [NumDomains]int
	colon, hyst := -1, -1
	for i, m := range h.Measures {
		r := res.Measures[i]
		if !r.Scored {
			continue
		}
		switch {
		case m.Domain == Safety && m.ID == rules.SSIColon:
			colon = r.Score
			continue
		case m.Domain == Safety && m.ID == rules.SSIHyst:
			hyst = r.Score
			continue
		case m.Domain == PersonCommunity:
			continue // HCAHPS below
		}
		sum[m.Domain] += r.Score
		n[m.Domain]++
	}
	if colon >= 0 || hyst >= 0 {
		res.CombinedSSI, res.SSISource, res.Estimated = combineSSI(h, colon, hyst, mode)
		res.HasCombinedSSI = true
		sum[Safety] += res.CombinedSSI
		n[Safety]++
	}
	for _, d := range []Domain{ClinicalOutcomes, Safety, Efficiency} {
		if n[d] >= rules.MinMeasures[d] && n[d] > 0 {
			res.Domains[d] = float64(sum[d]) / float64(10*n[d]) * 100
			res.HasDomain[d] = true
		}
	}
	hcahps(h, &res, rules)
	res.Weighted, res.TPS, res.HasTPS = TPS(res.Domains, res.HasDomain, rules)
	return res
}

// TPS combines unweighted domain scores (0–100; has tells which exist) into the Total
// Performance Score: each scored domain's weight is divided by the sum of the scored domains'
// weights (proportional reweighting), and there is no TPS with fewer than rules.MinDomains.
// weighted holds each domain's contribution.
func TPS(domains [NumDomains]float64, has [NumDomains]bool, rules Rules) (weighted [NumDomains]float64, tps float64, ok bool) {
	var wsum float64
	k := 0
	for d := Domain(0); d < NumDomains; d++ {
		if has[d] {
			wsum += rules.Weights[d]
			k++
		}
	}
	if k < rules.MinDomains || wsum <= 0 {
		return weighted, 0, false
	}
	for d := Domain(0); d < NumDomains; d++ {
		if has[d] {
			weighted[d] = float64(rules.Weights[d]/wsum) * domains[d]
			tps += weighted[d]
		}
	}
	return weighted, tps, true
}

func combineSSI(h Hospital, colon, hyst int, mode SSIMode) (score int, source string, estimated bool) {
	switch {
	case hyst < 0:
		return colon, "colon", false
	case colon < 0:
		return hyst, "hysterectomy", false
	case colon == hyst:
		return colon, "colon and hysterectomy equal", false
	case mode == SSIWeights && h.HasSSIPredicted && h.SSIColonPredicted+h.SSIHystPredicted > 0:
		w := (float64(h.SSIColonPredicted*float64(colon)) + float64(h.SSIHystPredicted*float64(hyst))) / (h.SSIColonPredicted + h.SSIHystPredicted)
		return roundHalfUp(w), "weights", false
	case mode == SSIPublished && h.HasPublishedCombinedSSI:
		return h.PublishedCombinedSSI, "published", false
	}
	return roundHalfUp(float64(colon+hyst) / 2), "mean", true
}

// hcahps computes the Person and Community Engagement domain: base and consistency scores.
func hcahps(h Hospital, res *Result, rules Rules) {
	base, dims := 0, 0
	lowest := math.Inf(1)
	for i, m := range h.Measures {
		r := res.Measures[i]
		if m.Domain != PersonCommunity || !r.Scored {
			continue
		}
		base += r.Score
		dims++
		if m.HasFloor && m.Threshold != m.Floor {
			v := orient(m.LowerIsBetter, m.Performance, m.Floor, m.Threshold)
			ratio := (v[0] - v[1]) / (v[2] - v[1])
			if ratio < lowest {
				lowest, res.LowestDimension = ratio, m.ID
			}
		}
	}
	if dims == 0 || dims < rules.MinMeasures[PersonCommunity] {
		return
	}
	cons := 20
	if lowest < 1 {
		cons = clip(roundHalfUp(20*lowest-0.5), 0, 20)
	}
	res.Base, res.Consistency, res.HasHCAHPS = base, cons, true
	res.Domains[PersonCommunity], res.HasDomain[PersonCommunity] = float64(base+cons), true
}
