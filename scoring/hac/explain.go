package hac

import (
	"fmt"
	"math"
	"strings"
)

// Explain returns the steps that led to hospital i's Total HAC Score and payment flag, one
// sentence each, for showing a hospital its result. in must be the slice given to Compute.
func (r Result) Explain(in []Hospital, i int) []string {
	s, h := r.Hospitals[i], in[i]
	var lines []string
	unit := "W Z score"
	if r.Rules.Method == Decile {
		unit = "decile points"
	}
	lines = append(lines, fmt.Sprintf("FY%d method: %s, from %s.", r.Rules.FiscalYear, r.Rules.Method, r.Source))
	for m := Measure(0); m < NumMeasures; m++ {
		v := h.Measures[m]
		switch {
		case !s.Has[m]:
			lines = append(lines, fmt.Sprintf("%s: no result, not scored.", m))
		case r.Source != FromPublished && v.HasRaw:
			st := s.Stats[m]
			w := clamp(v.Raw, st.Low, st.High)
			clamped := ""
			if w != v.Raw {
				clamped = fmt.Sprintf(", Winsorized to %.4f", w)
			}
			lines = append(lines, fmt.Sprintf("%s: %.4f%s (bounds %.4f–%.4f, %s); z = (%.4f − %.4f) / %.4f = %.4f.",
				m, v.Raw, clamped, noNegZero(st.Low), st.High, statsOrigin(st), w, st.Mean, st.SD, s.Measures[m]))
		case r.Source != FromPublished && v.NoData:
			why := "no data submitted"
			if v.Withheld {
				why = "data failed CMS's validation (footnote 11), result withheld"
			}
			lines = append(lines, fmt.Sprintf("%s: %s; CMS assigns the worst score of the measure, %.4f (%s).", m, why, s.Measures[m], statsOrigin(s.Stats[m])))
		default:
			lines = append(lines, fmt.Sprintf("%s: published %s %.4f.", m, unit, s.Measures[m]))
		}
	}
	switch {
	case !s.HasTotal:
		lines = append(lines, "No measure score: no Total HAC Score.")
	case r.Rules.Method == WZEqual:
		n := 0
		for _, ok := range s.Has {
			if ok {
				n++
			}
		}
		lines = append(lines, fmt.Sprintf("Total HAC Score = mean of the %d measure scores = %.4f (higher is worse).", n, s.Total))
	default:
		var parts []string
		if s.HasDomain1 {
			parts = append(parts, fmt.Sprintf("Domain 1 (PSI 90) %.4f", s.Domain1))
		}
		if s.HasDomain2 {
			parts = append(parts, fmt.Sprintf("Domain 2 (mean of HAI scores) %.4f", s.Domain2))
		}
		how := "the only domain"
		if s.HasDomain1 && s.HasDomain2 {
			how = fmt.Sprintf("weighted %.0f%% / %.0f%%", 100*r.Rules.Domain1Weight, 100*(1-r.Rules.Domain1Weight))
		}
		lines = append(lines, fmt.Sprintf("Total HAC Score = %s, %s = %.4f (higher is worse).", strings.Join(parts, " and "), how, s.Total))
	}
	switch {
	case r.Rules.Suppressed:
		lines = append(lines, fmt.Sprintf("Payment reduction: N/A, CMS suppressed FY%d (COVID-19) and reduced no hospital.", r.Rules.FiscalYear))
	case s.Maryland:
		lines = append(lines, "Payment reduction: N/A, Maryland hospitals are waived (they are scored but not in the threshold population).")
	case !s.HasTotal:
		lines = append(lines, "Payment reduction: No (no score).")
	case s.Payment == "Yes":
		lines = append(lines, fmt.Sprintf("Payment reduction: Yes, %.4f is above %.4f, the 75th percentile of %d non-Maryland hospitals (1%% reduction).", s.Total, r.Threshold, r.ThresholdN))
	default:
		lines = append(lines, fmt.Sprintf("Payment reduction: No, %.4f is not above %.4f, the 75th percentile of %d non-Maryland hospitals.", s.Total, r.Threshold, r.ThresholdN))
	}
	return lines
}

// statsOrigin says in words where a measure's statistics come from.
func statsOrigin(st Stats) string {
	if st.Recovered && st.Withheld == 0 {
		return fmt.Sprintf("CMS's statistics recovered from the published W Z scores of %d other hospitals", st.Fitted)
	}
	if st.Recovered {
		return fmt.Sprintf("CMS's statistics recovered from the published W Z scores of %d other hospitals, because the file withholds %d results CMS counts (footnote 11)",
			st.Fitted, st.Withheld)
	}
	if st.Withheld > 0 {
		return fmt.Sprintf("the 5th–95th percentiles of the file's %d hospitals, which lack %d results CMS counts (footnote 11)", st.N, st.Withheld)
	}
	return fmt.Sprintf("the 5th–95th percentiles of the file's %d hospitals", st.N)
}

// noNegZero keeps a recovered lower bound of zero that the fit puts a hair below it (−1e-6)
// from printing as "-0.0000".
func noNegZero(x float64) float64 {
	if math.Abs(x) < 5e-5 {
		return 0
	}
	return x
}
