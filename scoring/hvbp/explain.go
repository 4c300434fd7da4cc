package hvbp

import "fmt"

// Explain returns the steps from hospital h's rates to its TPS, one sentence each, for showing
// a hospital its result. res must be Score(h, rules, ...).
func Explain(h Hospital, res Result, rules Rules) []string {
	var lines []string
	for d := Domain(0); d < NumDomains; d++ {
		for i, m := range h.Measures {
			r := res.Measures[i]
			if m.Domain != d {
				continue
			}
			if !r.Scored {
				lines = append(lines, fmt.Sprintf("%s %s: no performance rate, not scored.", d, m.ID))
				continue
			}
			dir := "higher is better"
			if m.LowerIsBetter {
				dir = "lower is better"
			}
			imp := "no baseline rate, no improvement points"
			if r.HasImprovement {
				imp = fmt.Sprintf("improvement %d of 9 from baseline %g", r.Improvement, m.Baseline)
			}
			lines = append(lines, fmt.Sprintf("%s %s (%s): rate %g against threshold %g and benchmark %g gives achievement %d of 10; %s; score %d.",
				d, m.ID, dir, m.Performance, m.Threshold, m.Benchmark, r.Achievement, imp, r.Score))
		}
	}
	if res.HasCombinedSSI {
		note := ""
		if res.Estimated {
			note = " (estimate: the predicted-infection weights are not in the public files)"
		}
		lines = append(lines, fmt.Sprintf("Safety combined SSI score %d of 10, from %s%s.", res.CombinedSSI, res.SSISource, note))
	}
	if res.HasHCAHPS {
		lines = append(lines, fmt.Sprintf("HCAHPS base score %d of 80; consistency %d of 20 (lowest dimension relative to its floor and threshold: %s).", res.Base, res.Consistency, res.LowestDimension))
	}
	for d := Domain(0); d < NumDomains; d++ {
		if res.HasDomain[d] {
			lines = append(lines, fmt.Sprintf("%s domain score %.6f of 100, weighted %.6f.", d, res.Domains[d], res.Weighted[d]))
		} else {
			lines = append(lines, fmt.Sprintf("%s domain not scored (fewer than %d measures).", d, rules.MinMeasures[d]))
		}
	}
	if res.HasTPS {
		lines = append(lines, fmt.Sprintf("Total Performance Score %.6f: the domain scores weighted %.0f%% each, missing domains' weight shared proportionally.", res.TPS, 100*rules.Weights[0]))
	} else {
		lines = append(lines, fmt.Sprintf("No Total Performance Score: fewer than %d domains scored.", rules.MinDomains))
	}
	return lines
}
