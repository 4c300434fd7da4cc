package hac_test

import (
	"fmt"

	"openvalue/scoring/hac"
)

// Five hospitals with a PSI 90 value and a CLABSI SIR, FY2024 rules: each measure is
// Winsorized (with 5 hospitals the 5th and 95th percentiles are the extremes), standardized
// with the sample SD, and the total is the mean of the z-scores (checked by hand: PSI 90 mean
// 1.05, SD 0.158114; CLABSI mean 1.32, SD 1.063955). The worst quartile is reduced.
func ExampleCompute() {
	hs := make([]hac.Hospital, 5)
	for i, v := range [][2]float64{{0.9, 0.2}, {1.0, 0.8}, {1.1, 1.0}, {0.95, 1.6}, {1.3, 3.0}} {
		hs[i].ID = fmt.Sprintf("h%d", i+1)
		hs[i].Measures[hac.PSI90] = hac.Value{Raw: v[0], HasRaw: true}
		hs[i].Measures[hac.CLABSI] = hac.Value{Raw: v[1], HasRaw: true}
	}
	rules, _ := hac.RulesFor(2024)
	res, _ := hac.Compute(hs, rules, hac.FromRaw)
	for _, s := range res.Hospitals {
		fmt.Printf("%s %.4f %s\n", s.ID, s.Total, s.Payment)
	}
	fmt.Printf("threshold %.4f\n", res.Threshold)
	// Output:
	// h1 -1.0007 No
	// h2 -0.4025 No
	// h3 0.0077 No
	// h4 -0.1846 No
	// h5 1.5801 Yes
	// threshold 0.0077
}
