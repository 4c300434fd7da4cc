package hac

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestPercentile(t *testing.T) {
	// SAS PCTLDEF=5 worked by hand: n·p = j + g; g > 0 → x[j+1]; g = 0 → (x[j] + x[j+1]) / 2.
	xs := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	tests := []struct {
		name string
		xs   []float64
		p    float64
		want float64
	}{
		{"median even n averages", xs, 0.5, 5.5},
		{"75th of 10: np=7.5 → x8", xs, 0.75, 8},
		{"5th of 10: np=0.5 → x1", xs, 0.05, 1},
		{"95th of 10: np=9.5 → x10", xs, 0.95, 10},
		{"20th of 10: np=2 exactly → (x2+x3)/2", xs, 0.2, 2.5},
		{"5th of 20: np=1 exactly (float 20×0.05) → (x1+x2)/2", seq(20), 0.05, 1.5},
		{"95th of 20: np=19 → (x19+x20)/2", seq(20), 0.95, 19.5},
		{"single value", []float64{3}, 0.75, 3},
		{"ties", []float64{1, 1, 1, 2}, 0.75, 1.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Percentile(tc.xs, tc.p); got != tc.want {
				t.Errorf("Percentile(%v, %v) = %v; want %v", tc.xs, tc.p, got, tc.want)
			}
		})
	}
}

func seq(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(i + 1)
	}
	return out
}

func TestRulesFor(t *testing.T) {
	tests := []struct {
		fy         int
		method     Method
		w1         float64
		suppressed bool
	}{
		{2015, Decile, 0.35, false},
		{2016, Decile, 0.25, false},
		{2017, Decile, 0.15, false},
		{2018, WZDomains, 0.15, false},
		{2019, WZDomains, 0.15, false},
		{2020, WZEqual, 0, false},
		{2023, WZEqual, 0, true},
		{2024, WZEqual, 0, false},
		{2026, WZEqual, 0, false},
	}
	for _, tc := range tests {
		r, err := RulesFor(tc.fy)
		if err != nil || r.Method != tc.method || r.Domain1Weight != tc.w1 || r.Suppressed != tc.suppressed || r.Threshold != 0.75 {
			t.Errorf("RulesFor(%d) = %+v, %v; want method %v, weight %v, suppressed %v", tc.fy, r, err, tc.method, tc.w1, tc.suppressed)
		}
	}
	if _, err := RulesFor(2014); !errors.Is(err, ErrFiscalYear) {
		t.Errorf("RulesFor(2014) error = %v; want ErrFiscalYear", err)
	}
}

// raw builds a hospital with raw values for the listed measures (NaN: absent).
func raw(id string, md bool, vals ...float64) Hospital {
	h := Hospital{ID: id, Maryland: md}
	for m, v := range vals {
		if !math.IsNaN(v) {
			h.Measures[m] = Value{Raw: v, HasRaw: true}
		}
	}
	return h
}

func TestCompute_FromRaw(t *testing.T) {
	nan := math.NaN()
	// One measure (PSI 90) over 20 hospitals 1..20: bounds are the 5th and 95th percentiles
	// (1.5 and 19.5, np integral), so 1 and 20 are clamped.
	var hs []Hospital
	for i := 1; i <= 20; i++ {
		hs = append(hs, raw(string(rune('a'+i-1)), false, float64(i)))
	}
	hs = append(hs, raw("md", true, 20), raw("none", false, nan))
	nd := raw("nodata", false, nan, nan)
	nd.Measures[PSI90].NoData = true
	hs = append(hs, nd)
	rules, _ := RulesFor(2024)
	res, err := Compute(hs, rules, FromRaw)
	if err != nil {
		t.Fatal(err)
	}
	st := res.Stats[PSI90]
	// Population: the 21 hospitals with a value (20 + Maryland's 20).
	if st.N != 21 {
		t.Fatalf("N = %d; want 21", st.N)
	}
	// 21 values 1..20,20: 5th pct np=1.05 → x2 = 2; 95th np=19.95 → x20 = 20.
	if st.Low != 2 || st.High != 20 {
		t.Fatalf("bounds = %v..%v; want 2..20", st.Low, st.High)
	}
	w := []float64{2, 2}
	for i := 3; i <= 20; i++ {
		w = append(w, float64(i))
	}
	w = append(w, 20)
	mean, sd := meanSD(w)
	if math.Abs(st.Mean-mean) > 1e-12 || math.Abs(st.SD-sd) > 1e-12 {
		t.Fatalf("mean, sd = %v, %v; want %v, %v", st.Mean, st.SD, mean, sd)
	}
	byID := map[string]Score{}
	for _, s := range res.Hospitals {
		byID[s.ID] = s
	}
	if got, want := byID["a"].Total, Round4((2-mean)/sd); got != want {
		t.Errorf("total of the clamped lowest = %v; want %v", got, want)
	}
	if got, want := byID["nodata"].Total, Round4((20-mean)/sd); got != want || byID["nodata"].Total != Round4(st.WorstScore) {
		t.Errorf("total of a no-data hospital = %v; want the worst score %v", got, want)
	}
	if s := byID["md"]; s.Payment != "N/A" || !s.HasTotal {
		t.Errorf("Maryland = %+v; want scored with payment N/A", s)
	}
	if s := byID["none"]; s.Payment != "No" || s.HasTotal {
		t.Errorf("unscored = %+v; want no total and payment No", s)
	}
	// Threshold over the 21 non-Maryland scores (20 hospitals + nodata).
	if res.ThresholdN != 21 {
		t.Errorf("ThresholdN = %d; want 21", res.ThresholdN)
	}
	yes := 0
	for _, s := range res.Hospitals {
		if s.Payment == "Yes" {
			yes++
			if s.Total <= res.Threshold {
				t.Errorf("%s flagged at %v ≤ threshold %v", s.ID, s.Total, res.Threshold)
			}
		} else if s.HasTotal && !s.Maryland && s.Total > res.Threshold {
			t.Errorf("%s not flagged at %v > threshold %v", s.ID, s.Total, res.Threshold)
		}
	}
	if yes == 0 || yes > 6 {
		t.Errorf("%d hospitals reduced; want about a quarter of 21", yes)
	}
}

func TestCompute_Domains(t *testing.T) {
	// Published-score path of a two-domain year: 15% PSI 90, 85% mean of the HAI scores.
	h := Hospital{ID: "x"}
	h.Measures[PSI90] = Value{Published: 1, HasPublished: true}
	h.Measures[CLABSI] = Value{Published: 0.5, HasPublished: true}
	h.Measures[CDI] = Value{Published: -0.5, HasPublished: true}
	only1 := Hospital{ID: "only1"}
	only1.Measures[PSI90] = Value{Published: 0.3, HasPublished: true}
	only2 := Hospital{ID: "only2"}
	only2.Measures[MRSA] = Value{Published: -0.2, HasPublished: true}
	rules, _ := RulesFor(2019)
	res, err := Compute([]Hospital{h, only1, only2}, rules, FromPublished)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{Round4(0.15*1 + 0.85*0), 0.3, -0.2}
	for i, s := range res.Hospitals {
		if !s.HasTotal || s.Total != want[i] {
			t.Errorf("hospital %s total = %v (%v); want %v", s.ID, s.Total, s.HasTotal, want[i])
		}
	}
	if _, err := Compute([]Hospital{h}, Rules{FiscalYear: 2016, Method: Decile}, FromRaw); !errors.Is(err, ErrNoMeasures) {
		t.Errorf("FromRaw on a decile year: error %v; want ErrNoMeasures", err)
	}
	if _, err := Compute([]Hospital{h}, rules, FromRaw); !errors.Is(err, ErrNoMeasures) {
		t.Errorf("FromRaw without raw values: error %v; want ErrNoMeasures", err)
	}
}

func TestCompute_Suppressed(t *testing.T) {
	rules, _ := RulesFor(2023)
	res, err := Compute([]Hospital{raw("a", false, 1), raw("b", false, 2), raw("c", false, 3)}, rules, FromRaw)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Hospitals {
		if s.Payment != "N/A" || !s.HasTotal {
			t.Errorf("FY2023 %s = %+v; want a computed score and payment N/A", s.ID, s)
		}
	}
}

func TestRecoverStats(t *testing.T) {
	// Published scores made from known statistics are recovered.
	st := Stats{Low: 0.2, High: 1.8, Mean: 0.9, SD: 0.4}
	var hs []Hospital
	for i := 0; i <= 40; i++ {
		x := float64(i) * 0.05
		h := Hospital{ID: "h"}
		h.Measures[CDI] = Value{Raw: x, HasRaw: true, Published: Round4(zscore(x, st)), HasPublished: true}
		hs = append(hs, h)
	}
	got, err := RecoverStats(hs)
	if err != nil {
		t.Fatal(err)
	}
	g := got[CDI]
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"mean", g.Mean, st.Mean}, {"sd", g.SD, st.SD}, {"low", g.Low, st.Low}, {"high", g.High, st.High}} {
		if math.Abs(c.got-c.want) > 2e-4 {
			t.Errorf("recovered %s = %v; want %v", c.name, c.got, c.want)
		}
	}
	// 0.25 … 1.75 lie strictly inside the bounds: 31 hospitals in the line.
	if !g.Recovered || g.N != 41 || g.Fitted != 31 || g.MaxResidual > 1e-4 {
		t.Errorf("recovered = %+v; want Recovered, N 41, Fitted 31, residual ≤ 1e-4", g)
	}
	if got[PSI90].N != 0 {
		t.Errorf("a measure without raw values was recovered: %+v", got[PSI90])
	}
	if _, err := RecoverStats(hs[:3]); !errors.Is(err, ErrRecover) {
		t.Errorf("RecoverStats of 3 hospitals: error %v; want ErrRecover", err)
	}
}

// cmsPopulation makes n hospitals whose CDI SIRs (3 decimals) and PSI 90 values (4 decimals)
// are scored the way CMS does on the whole population, then withholds the CDI result of every
// hospital listed in withheld (footnote 11: the file shows no SIR and the worst score, but
// CMS's statistics include the SIR). It returns the file's view and CMS's CDI statistics.
func cmsPopulation(n int, withheld map[int]bool) ([]Hospital, Stats) {
	rules, _ := RulesFor(2024)
	hs := make([]Hospital, n)
	xs, ps := make([]float64, n), make([]float64, n)
	for i := range hs {
		// Deterministic, skewed, with ties at 0 like real SIRs; withheld hospitals lie low,
		// so leaving them out moves the file's statistics.
		u := float64((i*7919)%n) / float64(n)
		xs[i] = math.Round(1000*math.Max(0, 2.4*u*u-0.1)) / 1000
		if withheld[i] {
			xs[i] = math.Round(1000*0.1*u) / 1000
		}
		ps[i] = math.Round(1e4*(0.8+0.4*float64((i*104729)%n)/float64(n))) / 1e4
	}
	st, pst := winsorStats(xs, rules), winsorStats(ps, rules)
	for i := range hs {
		hs[i].ID = fmt.Sprintf("%06d", i)
		hs[i].Measures[PSI90] = Value{Raw: ps[i], HasRaw: true, Published: Round4(zscore(ps[i], pst)), HasPublished: true}
		if withheld[i] {
			hs[i].Measures[CDI] = Value{NoData: true, Withheld: true, Published: Round4(st.WorstScore), HasPublished: true}
		} else {
			hs[i].Measures[CDI] = Value{Raw: xs[i], HasRaw: true, Published: Round4(zscore(xs[i], st)), HasPublished: true}
		}
	}
	return hs, st
}

func TestCompute_Auto(t *testing.T) {
	withheld := map[int]bool{}
	for i := 0; i < 300; i += 15 {
		withheld[i] = true
	}
	hs, cms := cmsPopulation(300, withheld)
	rules, _ := RulesFor(2024)
	auto, err := Compute(hs, rules, FromRawAuto)
	if err != nil {
		t.Fatal(err)
	}
	file, err := Compute(hs, rules, FromRaw)
	if err != nil {
		t.Fatal(err)
	}
	// PSI 90: the file holds the whole population, so its statistics are used as they are.
	if st := auto.Stats[PSI90]; st.Recovered || st.Reason != "file" || st != file.Stats[PSI90] {
		t.Errorf("PSI 90 stats = %+v; want the file's, reason \"file\"", st)
	}
	st := auto.Stats[CDI]
	if !st.Recovered || st.Withheld != 20 || st.N != 280 || st.Reason != "recovered: 20 results withheld (footnote 11)" {
		t.Fatalf("CDI stats = %+v; want recovered, 20 withheld, N 280", st)
	}
	for _, c := range []struct {
		name                string
		auto, file, cmsStat float64
	}{{"mean", st.Mean, file.Stats[CDI].Mean, cms.Mean}, {"sd", st.SD, file.Stats[CDI].SD, cms.SD}, {"high", st.High, file.Stats[CDI].High, cms.High}} {
		if math.Abs(c.auto-c.cmsStat) > 5e-4 {
			t.Errorf("CDI %s: recovered %v; CMS's %v", c.name, c.auto, c.cmsStat)
		}
		if math.Abs(c.file-c.cmsStat) < 1e-3 {
			t.Errorf("CDI %s: the file's %v is already CMS's %v; the test population does not exercise the withholding", c.name, c.file, c.cmsStat)
		}
	}
	// Every computed CDI score is CMS's published one, up to the rounding; the file's are not.
	var worstAuto, worstFile float64
	for i, h := range hs {
		v := h.Measures[CDI]
		worstAuto = math.Max(worstAuto, math.Abs(auto.Hospitals[i].Measures[CDI]-v.Published))
		worstFile = math.Max(worstFile, math.Abs(file.Hospitals[i].Measures[CDI]-v.Published))
		if own := auto.Hospitals[i].Stats[CDI]; !own.Recovered || own.Reason != st.Reason {
			t.Fatalf("%s: own CDI stats %+v; want recovered", h.ID, own)
		}
	}
	if worstAuto > 0.002 || worstFile < 0.01 {
		t.Errorf("max |W Z − published|: auto %.4f (want ≤ 0.002), file %.4f (want > 0.01)", worstAuto, worstFile)
	}
	lines := strings.Join(auto.Explain(hs, 0), "\n")
	if !strings.Contains(lines, "failed CMS's validation (footnote 11)") || !strings.Contains(auto.Explain(hs, 1)[1+int(CDI)], "recovered from the published W Z scores of") {
		t.Errorf("Explain does not say where the CDI statistics come from:\n%s\n%s", lines, strings.Join(auto.Explain(hs, 1), "\n"))
	}
}

// TestCompute_AutoFallback: when a measure with withheld results cannot be recovered, auto
// mode scores it with the file's statistics and says why; -from recovered refuses.
func TestCompute_AutoFallback(t *testing.T) {
	rules, _ := RulesFor(2024)
	withheld := map[int]bool{3: true, 20: true}
	tests := []struct {
		name   string
		n      int
		change func(hs []Hospital)
		why    string
	}{
		{"no published W Z", 200, func(hs []Hospital) {
			for i := range hs {
				hs[i].Measures[CDI].HasPublished = false
			}
		}, "publishes no CDI W Z"},
		{"too few hospitals inside the bounds", 25, nil, "fewer than 20"},
		{"scores not a line in the raw values", 200, func(hs []Hospital) {
			for i := range hs {
				if v := &hs[i].Measures[CDI]; v.HasRaw && v.Raw > 0.5 && v.Raw < 1 {
					v.Published = Round4(v.Published + 0.05*math.Sin(float64(i)))
				}
			}
		}, "not a line"},
		{"scores falling with the raw values", 200, func(hs []Hospital) {
			for i := range hs {
				hs[i].Measures[CDI].Published *= -1
			}
		}, "not rise"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs, _ := cmsPopulation(tc.n, withheld)
			if tc.change != nil {
				tc.change(hs)
			}
			auto, err := Compute(hs, rules, FromRawAuto)
			if err != nil {
				t.Fatal(err)
			}
			file, _ := Compute(hs, rules, FromRaw)
			st := auto.Stats[CDI]
			if st.Recovered || !strings.HasPrefix(st.Reason, "file, although 2 results withheld (footnote 11): not recovered") || !strings.Contains(st.Reason, tc.why) {
				t.Errorf("reason %q; want a fallback to the file mentioning %q", st.Reason, tc.why)
			}
			for i := range hs {
				if auto.Hospitals[i].Measures[CDI] != file.Hospitals[i].Measures[CDI] {
					t.Fatalf("hospital %d: auto %v, file %v; want the file's score", i, auto.Hospitals[i].Measures[CDI], file.Hospitals[i].Measures[CDI])
				}
			}
			if _, err := Compute(hs, rules, FromRawRecovered); !errors.Is(err, ErrRecover) {
				t.Errorf("FromRawRecovered: error %v; want ErrRecover", err)
			}
		})
	}
}

// TestRecover_WithoutSelf: each hospital's statistics are the fit without its own published
// score, so changing that score (within what the rounding allows) leaves its own computed
// score unchanged, and the fast update equals a full refit without the hospital.
func TestRecover_WithoutSelf(t *testing.T) {
	withheld := map[int]bool{10: true, 20: true}
	hs, _ := cmsPopulation(200, withheld)
	// A second measure with no clamping at all, so the extremes are single hospitals and
	// leaving one out moves a bound (the refit path).
	for i := range hs {
		x := float64(i) / 100
		hs[i].Measures[MRSA] = Value{Raw: x, HasRaw: true, Published: Round4((x - 1) / 0.5), HasPublished: true}
	}
	rules, _ := RulesFor(2024)
	base, err := Compute(hs, rules, FromRawRecovered)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []Measure{CDI, MRSA} {
		f, err := recoverMeasure(hs, m)
		if err != nil {
			t.Fatal(err)
		}
		for k, p := range f.pairs {
			slow, err := newFit(f.pairs, k)
			if err != nil {
				t.Fatal(err)
			}
			want, got := slow.stats(), base.Hospitals[p.i].Stats[m]
			if math.Abs(got.Mean-want.Mean) > 1e-9 || math.Abs(got.SD-want.SD) > 1e-9 || math.Abs(got.Low-want.Low) > 1e-9 || math.Abs(got.High-want.High) > 1e-9 || got.Fitted != want.Fitted {
				t.Fatalf("%s hospital %d: own stats %+v; refit without it %+v", m, p.i, got, want)
			}
		}
	}
	if base.Hospitals[0].Stats[MRSA].Low == base.Hospitals[1].Stats[MRSA].Low {
		t.Errorf("leaving out the hospital alone on the lowest score did not move the bounds")
	}
	for _, i := range []int{0, 1, 57, 123, 199} {
		for _, m := range []Measure{CDI, MRSA} {
			changed := append([]Hospital(nil), hs...)
			changed[i].Measures[m].Published += 0.0003
			res, err := Compute(changed, rules, FromRawRecovered)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := res.Hospitals[i].Measures[m], base.Hospitals[i].Measures[m]; math.Abs(got-want) > 1e-12 {
				t.Errorf("%s hospital %d: its own published score moved its computed score from %v to %v", m, i, want, got)
			}
		}
	}
}

func TestExplain(t *testing.T) {
	hs := []Hospital{raw("a", false, 1, 0.5), raw("b", false, 2, 1), raw("c", false, 3, 1.5), raw("d", true, 4, 2)}
	rules, _ := RulesFor(2024)
	res, err := Compute(hs, rules, FromRaw)
	if err != nil {
		t.Fatal(err)
	}
	lines := res.Explain(hs, 3)
	all := strings.Join(lines, "\n")
	for _, want := range []string{"FY2024", "PSI 90: 4.0000", "CLABSI: 2.0000", "CAUTI: no result", "Total HAC Score = mean of the 2 measure scores", "Maryland"} {
		if !strings.Contains(all, want) {
			t.Errorf("Explain lacks %q:\n%s", want, all)
		}
	}
}

func TestRound4(t *testing.T) {
	for _, c := range []struct{ in, want float64 }{{0.12346, 0.1235}, {-0.12346, -0.1235}, {0.00005, 0.0001}, {0.37514999, 0.3751}, {2, 2}} {
		if got := Round4(c.in); got != c.want {
			t.Errorf("Round4(%v) = %v; want %v", c.in, got, c.want)
		}
	}
}

func TestCompute_Unscored(t *testing.T) {
	hs := []Hospital{raw("a", false, 1), raw("b", false, 2), raw("c", false, 3), raw("d", false, 4), raw("u", false, 100)}
	hs[4].Unscored = true
	rules, _ := RulesFor(2024)
	res, err := Compute(hs, rules, FromRaw)
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Hospitals[4]; s.HasTotal || s.Payment != "No" || !s.Has[PSI90] {
		t.Errorf("unscored hospital = %+v; want a measure score, no total, payment No", s)
	}
	if res.Stats[PSI90].N != 5 || res.ThresholdN != 4 {
		t.Errorf("N = %d, ThresholdN = %d; want 5 in the measure statistics and 4 in the threshold", res.Stats[PSI90].N, res.ThresholdN)
	}
}
