package hvbp

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestAchievementImprovement(t *testing.T) {
	// The first five: CMS "HVBP – Efficiency Scores" (MSPB-1, lower is better), Nov 2016, with
	// AT = 0.987666 and BM = 0.829199 (docs: shared methodologies §3.2). The rest are FY2024
	// cells where binary floating point would round the wrong way or a rule edge applies.
	tests := []struct {
		name         string
		p, b, at, bm float64
		lower        bool
		wantA, wantI int
	}{
		{"200018", 0.892070, 0.847671, 0.987666, 0.829199, true, 6, 0},
		{"330393", 0.983226, 0.981879, 0.987666, 0.829199, true, 1, 0},
		{"390156", 1.026800, 1.092765, 0.987666, 0.829199, true, 0, 2},
		{"470001", 0.939273, 0.974987, 0.987666, 0.829199, true, 3, 2},
		{"220010", 1.061730, 1.078845, 0.987666, 0.829199, true, 0, 0},
		{"HAI-5 140252 improvement exactly 1.5 rounds up", 1.124, 1.405, 0.726, 0, true, 0, 2},
		{"HAI-6 440184 improvement exactly 6.5 rounds up", 0.197, 0.624, 0.520, 0.014, true, 6, 7},
		{"baseline already beyond benchmark, improved: 9", 0.891128, 0.889541, 0.869247, 0.887868, false, 10, 9},
		{"at the threshold: 1 point", 0.869247, 0.9, 0.869247, 0.887868, false, 1, 0},
		{"just below the threshold: 0", 0.869246, 0.86, 0.869247, 0.887868, false, 0, 3},
		{"at the benchmark: 10", 0.887868, 0.86, 0.869247, 0.887868, false, 10, 9},
		{"HCAHPS percentages", 65.7507, 65.2044, 63.11, 74.05, false, 3, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Achievement(tc.p, tc.at, tc.bm, tc.lower); got != tc.wantA {
				t.Errorf("Achievement(%v, %v, %v, %v) = %d; want %d", tc.p, tc.at, tc.bm, tc.lower, got, tc.wantA)
			}
			if got := Improvement(tc.p, tc.b, tc.bm, tc.lower); got != tc.wantI {
				t.Errorf("Improvement(%v, %v, %v, %v) = %d; want %d", tc.p, tc.b, tc.bm, tc.lower, got, tc.wantI)
			}
		})
	}
}

func TestRulesFor(t *testing.T) {
	for _, fy := range []int{2016, 2022, 2023} {
		if _, err := RulesFor(fy); !errors.Is(err, ErrFiscalYear) {
			t.Errorf("RulesFor(%d) error = %v; want ErrFiscalYear", fy, err)
		}
	}
	r, err := RulesFor(2024)
	if err != nil || r.MinDomains != 3 || r.Weights != [NumDomains]float64{0.25, 0.25, 0.25, 0.25} {
		t.Errorf("RulesFor(2024) = %+v, %v", r, err)
	}
}

func m(id string, d Domain, lower bool, at, bm, base, perf float64) Measure {
	return Measure{ID: id, Domain: d, LowerIsBetter: lower, Threshold: at, Benchmark: bm,
		Baseline: base, HasBaseline: !math.IsNaN(base), Performance: perf, HasPerf: !math.IsNaN(perf)}
}

// hospital 010001 of the FY2024 files, whose published TPS is 15.583333333333.
func hospital010001() Hospital {
	nan := math.NaN()
	h := Hospital{ID: "010001"}
	h.Measures = []Measure{
		m("MORT-30-AMI", ClinicalOutcomes, false, 0.869247, 0.887868, 0.856752, 0.880237),
		m("MORT-30-HF", ClinicalOutcomes, false, 0.882308, 0.907733, 0.872117, 0.901917),
		m("MORT-30-PN", ClinicalOutcomes, false, 0.840281, 0.872976, 0.833710, 0.815392),
		m("MORT-30-COPD", ClinicalOutcomes, false, 0.916491, 0.934002, 0.905159, 0.909860),
		m("MORT-30-CABG", ClinicalOutcomes, false, 0.969499, 0.980319, 0.954926, 0.958983),
		m("COMP-HIP-KNEE", ClinicalOutcomes, true, 0.025396, 0.018159, 0.030343, 0.022314),
		m("HAI-1", Safety, true, 0.589, 0, 0.742, 1.136),
		m("HAI-2", Safety, true, 0.650, 0, 0.324, 0.437),
		m("HAI-3", Safety, true, 0.717, 0, 0.650, 0.684),
		m("HAI-4", Safety, true, 0.738, 0, 0, nan),
		m("HAI-5", Safety, true, 0.726, 0, 0.548, 0.788),
		m("HAI-6", Safety, true, 0.520, 0.014, 0.537, 0.631),
		m("MSPB-1", Efficiency, true, 0.988920, 0.848160, 1.020251, 1.029341),
	}
	for _, d := range []struct {
		id                  string
		floor, at, bm, b, p float64
	}{
		{"Communication With Nurses", 53.50, 79.42, 87.71, 77.4970, 73.8343},
		{"Communication With Doctors", 62.41, 79.83, 87.97, 80.2871, 78.4647},
		{"Responsiveness Of Hospital Staff", 40.40, 65.52, 81.22, 66.3995, 55.8456},
		{"Care Transition", 25.64, 51.84, 63.57, 52.7031, 52.3364},
		{"Communication About Medicines", 39.82, 63.11, 74.05, 65.2044, 65.7507},
		{"Cleanliness And Quietness Of Hospital Environment", 45.94, 65.63, 79.64, 68.9052, 63.4438},
		{"Discharge Information", 66.92, 87.23, 92.21, 89.5346, 86.9624},
		{"Overall Rating Of Hospital", 36.31, 71.66, 85.39, 71.7905, 70.0766},
	} {
		x := m(d.id, PersonCommunity, false, d.at, d.bm, d.b, d.p)
		x.Floor, x.HasFloor = d.floor, true
		h.Measures = append(h.Measures, x)
	}
	return h
}

func TestScore_Hospital010001(t *testing.T) {
	rules, _ := RulesFor(2024)
	h := hospital010001()
	res := Score(h, rules, SSIPublished)
	// Published: measure scores 7, 8, 0, 1, 1, 6 (23 of 60); safety 0, 3, SSI 1, 0, 0 (4 of
	// 50); MSPB 0; HCAHPS base 4, consistency 12.
	want := map[string]int{"MORT-30-AMI": 7, "MORT-30-HF": 8, "MORT-30-PN": 0, "MORT-30-COPD": 1, "MORT-30-CABG": 1,
		"COMP-HIP-KNEE": 6, "HAI-1": 0, "HAI-2": 3, "HAI-3": 1, "HAI-5": 0, "HAI-6": 0, "MSPB-1": 0, "Care Transition": 1,
		"Communication About Medicines": 3}
	for _, r := range res.Measures {
		if w, ok := want[r.ID]; ok && (!r.Scored || r.Score != w) {
			t.Errorf("%s score = %d (scored %v); want %d", r.ID, r.Score, r.Scored, w)
		}
		if r.ID == "HAI-4" && r.Scored {
			t.Errorf("HAI-4 scored without a performance rate")
		}
	}
	if res.CombinedSSI != 1 || res.SSISource != "colon" || res.Estimated {
		t.Errorf("combined SSI = %d from %q (estimated %v); want 1 from colon", res.CombinedSSI, res.SSISource, res.Estimated)
	}
	if res.Base != 4 || res.Consistency != 12 || res.LowestDimension != "Responsiveness Of Hospital Staff" {
		t.Errorf("HCAHPS = %d + %d (lowest %q); want 4 + 12", res.Base, res.Consistency, res.LowestDimension)
	}
	wantD := [NumDomains]float64{23.0 / 60 * 100, 16, 8, 0}
	for d := Domain(0); d < NumDomains; d++ {
		if !res.HasDomain[d] || math.Abs(res.Domains[d]-wantD[d]) > 1e-9 {
			t.Errorf("%s = %v; want %v", d, res.Domains[d], wantD[d])
		}
	}
	if !res.HasTPS || math.Abs(res.TPS-15.583333333333) > 1e-9 {
		t.Errorf("TPS = %v; want 15.583333333333", res.TPS)
	}
	lines := strings.Join(Explain(h, res, rules), "\n")
	for _, s := range []string{"MORT-30-AMI (higher is better)", "achievement 6 of 10", "HCAHPS base score 4 of 80", "Total Performance Score 15.583333"} {
		if !strings.Contains(lines, s) {
			t.Errorf("Explain lacks %q:\n%s", s, lines)
		}
	}
}

func TestScore_Reweighting(t *testing.T) {
	rules, _ := RulesFor(2024)
	h := hospital010001()
	// Without MSPB the three remaining domains share the weight: TPS = mean of three.
	h3 := h
	h3.Measures = nil
	for _, x := range h.Measures {
		if x.Domain != Efficiency {
			h3.Measures = append(h3.Measures, x)
		}
	}
	res := Score(h3, rules, SSIPublished)
	want := (23.0/60*100 + 16 + 8) / 3
	if !res.HasTPS || math.Abs(res.TPS-want) > 1e-9 || res.HasDomain[Efficiency] {
		t.Errorf("three domains: TPS = %v (%v); want %v", res.TPS, res.HasTPS, want)
	}
	// With two domains there is no TPS.
	h2 := h3
	h2.Measures = nil
	for _, x := range h3.Measures {
		if x.Domain != Safety {
			h2.Measures = append(h2.Measures, x)
		}
	}
	if res := Score(h2, rules, SSIPublished); res.HasTPS {
		t.Errorf("two domains: TPS %v; want none", res.TPS)
	}
	// One Safety measure is below the minimum of two.
	h1 := h
	h1.Measures = nil
	for _, x := range h.Measures {
		if x.Domain != Safety || x.ID == "HAI-1" {
			h1.Measures = append(h1.Measures, x)
		}
	}
	if res := Score(h1, rules, SSIPublished); res.HasDomain[Safety] {
		t.Errorf("one Safety measure: domain scored %v", res.Domains[Safety])
	}
}

func TestCombineSSI(t *testing.T) {
	base := Hospital{PublishedCombinedSSI: 4, HasPublishedCombinedSSI: true, SSIColonPredicted: 3, SSIHystPredicted: 1, HasSSIPredicted: true}
	tests := []struct {
		name        string
		colon, hyst int
		mode        SSIMode
		h           Hospital
		want        int
		src         string
		est         bool
	}{
		{"colon only", 6, -1, SSIMean, base, 6, "colon", false},
		{"hysterectomy only", -1, 2, SSIMean, base, 2, "hysterectomy", false},
		{"equal", 5, 5, SSIMean, base, 5, "colon and hysterectomy equal", false},
		{"weights", 6, 0, SSIWeights, base, 5, "weights", false}, // (3·6 + 1·0)/4 = 4.5 → 5
		{"published", 6, 0, SSIPublished, base, 4, "published", false},
		{"mean", 6, 1, SSIMean, base, 4, "mean", true}, // 3.5 → 4
		{"published missing falls back to mean", 6, 1, SSIPublished, Hospital{}, 4, "mean", true},
	}
	for _, tc := range tests {
		got, src, est := combineSSI(tc.h, tc.colon, tc.hyst, tc.mode)
		if got != tc.want || src != tc.src || est != tc.est {
			t.Errorf("%s: combineSSI = %d, %q, %v; want %d, %q, %v", tc.name, got, src, est, tc.want, tc.src, tc.est)
		}
	}
}

func TestConsistency(t *testing.T) {
	rules, _ := RulesFor(2024)
	mk := func(p float64) Hospital {
		h := Hospital{ID: "x"}
		for i := 0; i < 8; i++ {
			x := m(string(rune('a'+i)), PersonCommunity, false, 70, 90, math.NaN(), 80)
			x.Floor, x.HasFloor = 40, true
			h.Measures = append(h.Measures, x)
		}
		h.Measures[7].Performance = p
		return h
	}
	for _, tc := range []struct {
		p    float64
		want int
	}{
		{75, 20},   // every dimension at or above its threshold
		{70, 20},   // exactly at the threshold
		{55, 10},   // 20·0.5 − 0.5 = 9.5 → 10
		{40, 0},    // at the floor
		{30, 0},    // below the floor: clipped
		{69.9, 19}, // 20·(29.9/30) − 0.5 = 19.43 → 19
	} {
		res := Score(mk(tc.p), rules, SSIPublished)
		if !res.HasHCAHPS || res.Consistency != tc.want {
			t.Errorf("lowest dimension at %v: consistency %d; want %d", tc.p, res.Consistency, tc.want)
		}
	}
	// Fewer than 8 dimensions: no domain score.
	h := mk(80)
	h.Measures = h.Measures[:7]
	if res := Score(h, rules, SSIPublished); res.HasHCAHPS || res.HasDomain[PersonCommunity] {
		t.Errorf("7 dimensions: HCAHPS scored")
	}
}

func TestTPS(t *testing.T) {
	rules, _ := RulesFor(2024)
	d := [NumDomains]float64{40, 16, 8, 0}
	for _, tc := range []struct {
		has  [NumDomains]bool
		want float64
		ok   bool
	}{
		{[NumDomains]bool{true, true, true, true}, 16, true},
		{[NumDomains]bool{true, true, true, false}, 64.0 / 3, true},
		{[NumDomains]bool{false, true, true, true}, 8, true},
		{[NumDomains]bool{true, true, false, false}, 0, false},
	} {
		w, got, ok := TPS(d, tc.has, rules)
		var sum float64
		for _, x := range w {
			sum += x
		}
		if ok != tc.ok || math.Abs(got-tc.want) > 1e-12 || math.Abs(sum-got) > 1e-12 {
			t.Errorf("TPS(%v, %v) = %v, %v, %v; want %v, %v", d, tc.has, w, got, ok, tc.want, tc.ok)
		}
	}
}
