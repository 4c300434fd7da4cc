// Package hac reproduces the CMS Hospital-Acquired Condition (HAC) Reduction Program: from
// each hospital's measure results it computes the measure scores, the Total HAC Score and the
// payment reduction flag, and explains every step for one hospital.
//
// Methods by fiscal year (see docs/methodology.md, "CMS programs reproduced", and
// docs/fidelity.md for the match with CMS's published files):
//
//   - FY2015–FY2017, [Decile]: each measure scores 1–10 points by national decile (higher is
//     worse). Domain 1 is PSI 90, Domain 2 the mean of the available HAI measure points, and
//     the Total HAC Score weighs them 35/65 (FY2015), 25/75 (FY2016) or 15/85 (FY2017). The
//     public files carry only the points, so these years are scored from the published points.
//   - FY2018–FY2019, [WZDomains]: Winsorized z-scores, weighted 15% Domain 1 (PSI 90) and 85%
//     Domain 2 (mean of the HAI z-scores); a hospital with one domain is scored on it alone.
//   - FY2020 onward, [WZEqual]: the Total HAC Score is the equally weighted mean of the
//     available Winsorized z-scores.
//
// Winsorized z-score of a measure (FY2018+): the 5th and 95th percentiles (SAS PCTLDEF=5) of
// the results of every hospital with a result are the bounds; each result is clamped to them,
// and z = (clamped − mean)/SD over the clamped results (sample SD, divisor n−1). A hospital
// that has no result because it did not submit its HAI data (CMS footnote 18) or whose data
// were discrepant (footnote 11) gets the largest (worst) z-score of the measure. A footnote-18
// hospital has no result and is not in the statistics; a footnote-11 hospital's result is in
// CMS's statistics, but public files withhold it, so for a measure with such results
// FromRawAuto recovers CMS's statistics from the published W Z scores (RecoverStats) instead
// of computing them from the file. Measure z-scores are kept unrounded; the Total HAC Score is
// rounded half away from zero to 4 decimals, as CMS publishes it.
//
// Payment reduction: a hospital whose Total HAC Score is above the 75th percentile (PCTLDEF=5)
// of the Total HAC Scores of the non-Maryland hospitals is reduced ("Yes"); Maryland hospitals
// are scored but waived ("N/A"); a hospital without a score is not reduced ("No").
//
// The package is pure (standard library only) so the browser and the server can use it.
package hac

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Measure is one HACRP measure, in CMS's order.
type Measure int

// The six HACRP measures (PSI 90 is the CMS Patient Safety and Adverse Events composite; the
// others are NHSN standardized infection ratios).
const (
	PSI90 Measure = iota
	CLABSI
	CAUTI
	SSI // colon and abdominal hysterectomy surgical site infection, one combined SIR
	CDI
	MRSA
	NumMeasures = 6
)

var measureKeys = [NumMeasures]string{"psi_90", "clabsi", "cauti", "ssi", "cdi", "mrsa"}
var measureLabels = [NumMeasures]string{"PSI 90", "CLABSI", "CAUTI", "SSI", "CDI", "MRSA"}

// Key is the measure's snake-case name used in CSV columns ("psi_90", "clabsi", ...).
func (m Measure) Key() string { return measureKeys[m] }

// String is CMS's label ("PSI 90", "CLABSI", ...).
func (m Measure) String() string { return measureLabels[m] }

// Method is how measure scores are formed and combined; see the package comment.
type Method int

// Methods by fiscal year.
const (
	Decile    Method = iota + 1 // FY2015–FY2017
	WZDomains                   // FY2018–FY2019
	WZEqual                     // FY2020 onward
)

func (m Method) String() string {
	switch m {
	case Decile:
		return "decile points, two weighted domains"
	case WZDomains:
		return "Winsorized z-scores, two weighted domains"
	case WZEqual:
		return "Winsorized z-scores, equally weighted"
	}
	return "unknown"
}

// Rules are the program rules of one fiscal year.
type Rules struct {
	FiscalYear    int
	Method        Method
	Domain1Weight float64 // share of Domain 1 (PSI 90) in the total, 0–1; unused by WZEqual
	WinsorLow     float64 // lower Winsorization percentile, 0–1 (0.05)
	WinsorHigh    float64 // upper Winsorization percentile, 0–1 (0.95)
	Threshold     float64 // payment threshold percentile, 0–1 (0.75: worst quartile)
	// Suppressed is true for FY2023: CMS scored nobody and reduced nobody because of the
	// COVID-19 public health emergency (footnote 5). Scores are still computed from the
	// measures the file has, for information, and every payment flag is "N/A".
	Suppressed bool
}

// ErrFiscalYear is returned for a fiscal year before the program existed (FY2015).
var ErrFiscalYear = errors.New("hac: fiscal year before FY2015")

// RulesFor returns the rules of a fiscal year (FY2015 onward). Sources: FY2015–FY2017 IPPS
// final rules (domain weights 35/65, 25/75, 15/85), FY2017 IPPS final rule (Winsorized
// z-scores from FY2018), FY2019 IPPS final rule (domains removed from FY2020), FY2022 IPPS
// final rule (FY2023 suppression).
func RulesFor(fy int) (Rules, error) {
	r := Rules{FiscalYear: fy, WinsorLow: 0.05, WinsorHigh: 0.95, Threshold: 0.75}
	switch {
	case fy < 2015:
		return Rules{}, fmt.Errorf("%w: %d", ErrFiscalYear, fy)
	case fy == 2015:
		r.Method, r.Domain1Weight = Decile, 0.35
	case fy == 2016:
		r.Method, r.Domain1Weight = Decile, 0.25
	case fy == 2017:
		r.Method, r.Domain1Weight = Decile, 0.15
	case fy <= 2019:
		r.Method, r.Domain1Weight = WZDomains, 0.15
	default:
		r.Method = WZEqual
		r.Suppressed = fy == 2023
	}
	return r, nil
}

// Value is one measure of one hospital as the program file gives it.
type Value struct {
	Raw    float64 // PSI 90 composite value or SIR (a ratio, ≥ 0), when HasRaw
	HasRaw bool
	// NoData marks a missing result that CMS scores as the worst z-score: the hospital did
	// not submit HAI data (footnote 18) or its data were discrepant (footnote 11).
	NoData bool
	// Withheld marks a NoData result that exists but that the file withholds (footnote 11:
	// the data failed CMS's validation). CMS still counts such results in the measure's
	// national statistics, so a file with Withheld results does not hold the whole population
	// of that measure (docs/fidelity.md); FromRawAuto then recovers the statistics.
	Withheld bool
	// Published is CMS's measure score: the W Z score (FY2018+) or decile points 1–10.
	Published    float64
	HasPublished bool
}

// Hospital is one hospital's row of a HAC file.
type Hospital struct {
	ID       string // CCN
	Maryland bool   // Maryland hospitals are scored but waived from the reduction
	// Unscored marks a hospital CMS did not score although it has measure results (FY2018:
	// HAI data suppressed by CMS, footnote 4). It gets no Total HAC Score, is not in the
	// threshold population and is not reduced. Its results still count in the measure
	// statistics.
	Unscored bool
	Measures [NumMeasures]Value
	// Published results, for comparison (not used in the computation).
	PublishedTotal    float64
	HasPublishedTotal bool
	PublishedPayment  string // "Yes", "No", "N/A", or "" when the file has no payment column
}

// Source says which measure values a computation starts from.
type Source int

const (
	// FromRaw computes Winsorized z-scores from the raw PSI 90 values and SIRs.
	FromRaw Source = iota + 1
	// FromPublished takes CMS's published measure scores (W Z or decile points) and
	// recomputes only the total and the flag.
	FromPublished
	// FromRawRecovered computes the z-scores from the raw values like FromRaw, but with the
	// national statistics (bounds, mean, SD) of every measure recovered from the file's
	// published W Z scores (see RecoverStats) instead of computed from the file's hospitals,
	// each hospital's from the other hospitals' scores. An error when a measure cannot be
	// recovered.
	FromRawRecovered
	// FromRawAuto computes the z-scores from the raw values, with each measure's statistics
	// computed from the file's hospitals when the file holds the measure's whole population,
	// and recovered from the published W Z scores (as FromRawRecovered) only for a measure
	// whose results the file withholds (Value.Withheld: footnote 11), because CMS counts those
	// results and the file does not show them. When such a measure cannot be recovered (no
	// published W Z, too few hospitals, scores that are not a line in the raw values) it falls
	// back to the file's statistics; Stats.Reason says which and why.
	FromRawAuto
)

func (s Source) String() string {
	switch s {
	case FromRaw:
		return "raw measure values, statistics from the file"
	case FromRawRecovered:
		return "raw measure values with CMS's statistics recovered from the published W Z scores"
	case FromRawAuto:
		return "raw measure values, statistics from the file or, where the file withholds results, recovered from the published W Z scores"
	}
	return "published measure scores"
}

// Stats describes the Winsorization of one measure (sources from raw values only).
type Stats struct {
	N          int     // hospitals with a result in the file (from the file: the population of the percentiles, mean and SD)
	Low, High  float64 // the 5th and 95th percentiles: the Winsorization bounds
	Mean, SD   float64 // of the Winsorized results
	WorstScore float64 // z of High: the score given to NoData hospitals
	// Recovered is true when the statistics were read off the published W Z scores (a line
	// through Fitted hospitals, largest residual MaxResidual in W Z units) rather than
	// computed from the file's hospitals.
	Recovered   bool
	Fitted      int
	MaxResidual float64
	Withheld    int    // results the file withholds (footnote 11) although CMS counts them
	Reason      string // where the statistics come from and why, e.g. "file" or "recovered: 9 results withheld (footnote 11)"
}

// Score is the result for one hospital.
type Score struct {
	ID       string
	Maryland bool
	// Measure scores: unrounded W Z, or decile points. Has tells which exist.
	Measures [NumMeasures]float64
	Has      [NumMeasures]bool
	// Domain 1 and Domain 2 scores (Decile and WZDomains only).
	Domain1, Domain2       float64
	HasDomain1, HasDomain2 bool
	Total                  float64 // Total HAC Score, rounded to 4 decimals; higher is worse
	HasTotal               bool
	Payment                string // "Yes", "No" or "N/A"
	// Stats are the statistics each measure score was computed with (sources from raw values
	// only): the measure's Result.Stats, except that a recovered measure's line is fitted
	// without this hospital's own published score, so that the published result never
	// determines the computed one.
	Stats [NumMeasures]Stats
}

// Result is a whole computation.
type Result struct {
	Rules      Rules
	Source     Source
	Stats      [NumMeasures]Stats // sources from raw values only; recovered ones fitted on every hospital
	Threshold  float64            // 75th percentile of non-Maryland Total HAC Scores
	ThresholdN int                // hospitals in the threshold population
	Hospitals  []Score            // in input order
}

// ErrNoMeasures is returned when FromRaw is asked of hospitals that have no raw values, or
// FromRaw is asked of a decile year (whose files carry points only).
var ErrNoMeasures = errors.New("hac: no raw measure values to compute from")

// Compute scores every hospital. FromRaw needs raw values (FY2018+ method); FromPublished
// works for every method.
func Compute(hs []Hospital, rules Rules, src Source) (Result, error) {
	res := Result{Rules: rules, Source: src, Hospitals: make([]Score, len(hs))}
	for i, h := range hs {
		res.Hospitals[i] = Score{ID: h.ID, Maryland: h.Maryland}
	}
	switch src {
	case FromPublished:
		for i, h := range hs {
			for m, v := range h.Measures {
				if v.HasPublished {
					res.Hospitals[i].Measures[m], res.Hospitals[i].Has[m] = v.Published, true
				}
			}
		}
	case FromRaw, FromRawRecovered, FromRawAuto:
		if rules.Method == Decile {
			return Result{}, fmt.Errorf("%w: FY%d is scored by deciles, from published points", ErrNoMeasures, rules.FiscalYear)
		}
		found := false
		for m := Measure(0); m < NumMeasures; m++ {
			ok, err := scoreMeasure(hs, m, rules, src, &res)
			if err != nil {
				return Result{}, err
			}
			found = found || ok
		}
		if !found {
			return Result{}, ErrNoMeasures
		}
	default:
		return Result{}, fmt.Errorf("hac: unknown source %d", src)
	}
	for i := range res.Hospitals {
		if !hs[i].Unscored {
			total(&res.Hospitals[i], rules)
		}
	}
	flag(&res)
	return res, nil
}

// scoreMeasure computes measure m's statistics and every hospital's z-score from the raw
// values. It reports false when no hospital has a raw value of m.
func scoreMeasure(hs []Hospital, m Measure, rules Rules, src Source, res *Result) (bool, error) {
	var xs []float64
	withheld := 0
	for _, h := range hs {
		v := h.Measures[m]
		if v.HasRaw {
			xs = append(xs, v.Raw)
		} else if v.Withheld {
			withheld++
		}
	}
	if len(xs) == 0 {
		return false, nil
	}
	st := winsorStats(xs, rules)
	st.Withheld = withheld
	what := fmt.Sprintf("%d results withheld (footnote 11)", withheld)
	if withheld == 1 {
		what = "1 result withheld (footnote 11)"
	}
	switch {
	case src == FromRaw && withheld > 0:
		st.Reason = "file (-from file), although " + what
	case src == FromRaw, src == FromRawAuto && withheld == 0:
		st.Reason = "file"
	default:
		if src == FromRawRecovered && withheld == 0 {
			what = "on request (-from recovered); the file withholds no result"
		}
		rec, own, err := recoverOwn(hs, m, st, "recovered: "+what)
		switch {
		case err == nil:
			st = rec
			res.Stats[m] = st
			for i, h := range hs {
				setScore(&res.Hospitals[i], m, h.Measures[m], own[i])
			}
			return true, nil
		case src == FromRawRecovered:
			return false, err
		}
		st.Reason = fmt.Sprintf("file, although %s: not recovered (%v)", what, err)
	}
	res.Stats[m] = st
	for i, h := range hs {
		setScore(&res.Hospitals[i], m, h.Measures[m], st)
	}
	return true, nil
}

// recoverOwn recovers measure m's statistics from the published W Z scores: the fit on every
// hospital (for display), and for each hospital the fit without its own published score (the
// statistics its score is computed with). file carries the file's N and Withheld counts.
func recoverOwn(hs []Hospital, m Measure, file Stats, reason string) (Stats, []Stats, error) {
	f, err := recoverMeasure(hs, m)
	if err != nil {
		return Stats{}, nil, err
	}
	all := f.stats()
	all.N, all.Withheld, all.MaxResidual, all.Reason = file.N, file.Withheld, f.maxResidual, reason
	own := make([]Stats, len(hs))
	for i, h := range hs {
		if v := h.Measures[m]; !v.HasRaw && !v.NoData {
			continue
		}
		loo, err := f.without(i)
		if err != nil {
			return Stats{}, nil, fmt.Errorf("%s without hospital %s: %w", m, h.ID, err)
		}
		loo.N, loo.Withheld, loo.MaxResidual, loo.Reason = all.N, all.Withheld, all.MaxResidual, reason
		own[i] = loo
	}
	return all, own, nil
}

// setScore sets one hospital's score of measure m: the z-score of its raw value, or the worst
// score of the measure when it has no data.
func setScore(s *Score, m Measure, v Value, st Stats) {
	switch {
	case v.HasRaw:
		s.Measures[m], s.Has[m], s.Stats[m] = zscore(v.Raw, st), true, st
	case v.NoData:
		s.Measures[m], s.Has[m], s.Stats[m] = st.WorstScore, true, st
	}
}

func winsorStats(xs []float64, rules Rules) Stats {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	st := Stats{N: len(s), Low: Percentile(s, rules.WinsorLow), High: Percentile(s, rules.WinsorHigh)}
	w := make([]float64, len(s))
	for i, x := range s {
		w[i] = clamp(x, st.Low, st.High)
	}
	st.Mean, st.SD = meanSD(w)
	st.WorstScore = zscore(st.High, st)
	return st
}

func clamp(x, lo, hi float64) float64 { return math.Min(math.Max(x, lo), hi) }

// zscore is the Winsorized z-score; a measure on which every hospital is equal scores 0.
func zscore(x float64, st Stats) float64 {
	if st.SD == 0 {
		return 0
	}
	return (clamp(x, st.Low, st.High) - st.Mean) / st.SD
}

// total fills the domain scores and the Total HAC Score of one hospital.
func total(s *Score, rules Rules) {
	if rules.Method == WZEqual {
		var sum float64
		n := 0
		for m := range s.Measures {
			if s.Has[m] {
				sum += s.Measures[m]
				n++
			}
		}
		if n > 0 {
			s.Total, s.HasTotal = Round4(sum/float64(n)), true
		}
		return
	}
	if s.Has[PSI90] {
		s.Domain1, s.HasDomain1 = s.Measures[PSI90], true
	}
	var sum float64
	n := 0
	for m := CLABSI; m < NumMeasures; m++ {
		if s.Has[m] {
			sum += s.Measures[m]
			n++
		}
	}
	if n > 0 {
		s.Domain2, s.HasDomain2 = sum/float64(n), true
	}
	switch {
	case s.HasDomain1 && s.HasDomain2:
		w := rules.Domain1Weight
		s.Total, s.HasTotal = Round4(float64(w*s.Domain1)+float64((1-w)*s.Domain2)), true
	case s.HasDomain1:
		s.Total, s.HasTotal = Round4(s.Domain1), true
	case s.HasDomain2:
		s.Total, s.HasTotal = Round4(s.Domain2), true
	}
}

// flag sets the threshold and every hospital's payment flag.
func flag(res *Result) {
	var pop []float64
	for _, s := range res.Hospitals {
		if s.HasTotal && !s.Maryland {
			pop = append(pop, s.Total)
		}
	}
	sort.Float64s(pop)
	res.ThresholdN = len(pop)
	if len(pop) > 0 {
		res.Threshold = Percentile(pop, res.Rules.Threshold)
	}
	for i := range res.Hospitals {
		s := &res.Hospitals[i]
		switch {
		case res.Rules.Suppressed || s.Maryland:
			s.Payment = "N/A"
		case s.HasTotal && len(pop) > 0 && s.Total > res.Threshold:
			s.Payment = "Yes"
		default:
			s.Payment = "No"
		}
	}
}
