package ratings

import (
	"io"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"openvalue/internal/testdir"
	"openvalue/scoring/cmsdata"
)

// loadDir builds a period from real CMS files (paths relative to shared/data/cms), the
// way `openvalue rate` does: every file detected by header.
func loadFiles(tb testing.TB, rel ...string) *Period {
	tb.Helper()
	dir := testdir.CMS(tb)
	fsys := fstest.MapFS{}
	for _, r := range rel {
		b, err := os.ReadFile(filepath.Join(dir, r))
		if err != nil {
			tb.Skip(err)
		}
		fsys[filepath.Base(r)] = &fstest.MapFile{Data: b}
	}
	b, err := cmsdata.LoadFS(fsys, cmsdata.LoadOptions{Want: WantKinds})
	if err != nil {
		tb.Fatal(err)
	}
	p, err := NewPeriod(b)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

var current2024 = []string{
	"hospitals_07_2024/FY_2024_HAC_Reduction_Program_Hospital.csv",
	"hospitals_07_2024/HOSPITAL_QUARTERLY_MSPB_6_DECIMALS.csv",
	"hospitals_07_2024/Medicare_Hospital_Spending_Per_Patient-Hospital.csv",
	"hospitals_07_2024/Hospital_General_Information.csv",
	"star_rating/2024_07/alldata_2024jul.csv",
	"hcris/rand_hcris_free_2022_11_01.csv",
}

var prior2023 = []string{"hac_history/FY2023/FY_2023_HAC_Reduction_Program_Hospital.csv"}

var (
	cohortOnce sync.Once
	cohortRes  *Result
)

func cohort2024(tb testing.TB) *Result {
	tb.Helper()
	testdir.CMS(tb)
	cohortOnce.Do(func() { cohortRes = Rate(loadFiles(tb, current2024...), loadFiles(tb, prior2023...)) })
	if cohortRes == nil {
		tb.Skip("cohort not loaded")
	}
	return cohortRes
}

func find(tb testing.TB, res *Result, id string) Rating {
	tb.Helper()
	for _, r := range res.Ratings {
		if r.FacilityID == id {
			return r
		}
	}
	tb.Fatalf("hospital %s not rated", id)
	return Rating{}
}

// TestRate_Counts pins the counts on the FY2024 files: every hospital of any file is a
// row; 2,911 report at least 3 of the 10 Safety metrics and 4,443 at least 3 of the 6 Cost
// metrics. A changed count means a changed rule or import, which must be deliberate.
func TestRate_Counts(t *testing.T) {
	res := cohort2024(t)
	var rated, changed [2]int
	worst := 0
	for _, r := range res.Ratings {
		for d := range r.Domains {
			if !r.Domains[d].Excluded {
				rated[d]++
				if r.Domains[d].HasChange {
					changed[d]++
				}
			}
		}
		if r.HACWorstQuartile {
			worst++
		}
	}
	got := [5]int{len(res.Ratings), rated[Safety], rated[Cost], worst, changed[Cost]}
	want := [5]int{5563, 2911, 4443, 743, 0}
	if got != want {
		t.Errorf("rows, safety rated, cost rated, HAC worst quartile, cost changes = %v; want %v", got, want)
	}
	// The FY2023 prior has the five SIRs only (PSI 90 was suppressed): most rated
	// hospitals report at least 3 of them in both years.
	if changed[Safety] < rated[Safety]/2 {
		t.Errorf("%d of %d rated hospitals have a Safety change adjustment; want most", changed[Safety], rated[Safety])
	}
	// Sources: the HAC file gives PSI 90 and the SIRs; the star-rating extract the four process measures.
	for m, want := range []string{"FY_2024_HAC_Reduction_Program_Hospital.csv: PSI 90 composite value", "alldata_2024jul.csv: OP_22 ×100"} {
		if got := res.Sources[Safety][m]; got != want {
			t.Errorf("source of %s = %q; want %q", SafetyMetrics[m].ID, got, want)
		}
	}
}

// TestRate_SpotChecks compares named hospitals with percentiles worked out by hand from
// the files (counts made with a separate script over the same columns):
//
// Massachusetts General Hospital (220071), Safety, 9 of 10 reported (no OP-23):
//
//	PSI 90 0.9233: 2,866 hospitals, 2,094 worse (higher), 2 tied → 100×(2094+0.5)/2865 = 73.106457
//	OP-22 4%:      3,932 hospitals, 582 worse, 330 tied           → 100×(582+164.5)/3931 = 18.990079
//	PC-01 0%:      2,317 hospitals, 1,143 worse, 1,174 tied       → 100×(1143+586.5)/2316 = 74.676166
//	SEP-1 67%:     3,181 hospitals, 2,077 worse (lower), 80 tied  → 100×(2077+39.5)/3180 = 66.556604
//	CLABSI 0.714:  1,978, 1,061 worse, 2 tied → 53.692463;  CAUTI 0.919: 2,144, 601, 6 → 28.161456
//	SSI 1.169:     1,960, 540, 2 → 27.590607;  MRSA 0.511: 1,742, 1,231, 3 → 70.763929
//	CDI 1.013:     2,684, 235, 1 → 8.758852
//	average = 422.296563/9 = 46.921846; reporting adjustment = −1 × 1 = −1
//
// Southeast Health Medical Center, Dothan AL (010001), 9 reported (no OP-23), average 42.687347.
// HAC Total Score 0.2013 and 0.204 are below the FY2024 75th percentile (0.373975): not flagged.
func TestRate_SpotChecks(t *testing.T) {
	res := cohort2024(t)
	cases := []struct {
		id       string
		reported int
		avg      float64
		pct      map[string]float64
	}{
		{"220071", 9, 46.921846, map[string]float64{"psi_90": 73.106457, "op_22": 18.990079, "pc_01": 74.676166, "sep_1": 66.556604, "cdi": 8.758852}},
		{"010001", 9, 42.687347, map[string]float64{"psi_90": 15.933682, "op_22": 11.905368, "sep_1": 61.839623, "clabsi": 26.125443}},
	}
	for _, c := range cases {
		r := find(t, res, c.id)
		s := r.Domains[Safety]
		if s.Reported != c.reported || math.Abs(s.Average-c.avg) > 1e-6 || s.ReportingAdjustment != -float64(10-c.reported) {
			t.Errorf("%s safety reported %d average %v adj %v; want %d, %v, %v", c.id, s.Reported, s.Average, s.ReportingAdjustment, c.reported, c.avg, -float64(10-c.reported))
		}
		for id, want := range c.pct {
			m := metricIndex(Safety, id)
			if got := s.Percentiles[m]; math.Abs(got-want) > 1e-6 {
				t.Errorf("%s %s percentile = %v; want %v", c.id, id, got, want)
			}
		}
		if r.HACWorstQuartile {
			t.Errorf("%s flagged in the HAC worst quartile", c.id)
		}
	}
	if math.Abs(res.HACP75-0.373975) > 1e-9 {
		t.Errorf("HAC P75 = %v; want 0.373975", res.HACP75)
	}
}

// TestRate_HACFlagMatchesCMS: the computed worst-quartile flag equals CMS's published
// Payment Reduction for all but 2 of the 3,085 hospitals with a Yes/No (hospitals without
// a score are "No" in both).
func TestRate_HACFlagMatchesCMS(t *testing.T) {
	res := cohort2024(t)
	dir := testdir.CMS(t)
	f, err := os.Open(filepath.Join(dir, current2024[0]))
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	tab, err := cmsdata.ReadTable("hac", f)
	if err != nil {
		t.Fatal(err)
	}
	id, pay := tab.Col("Facility ID"), tab.Col("Payment Reduction")
	flag := map[string]bool{}
	for _, r := range res.Ratings {
		flag[r.FacilityID] = r.HACWorstQuartile
	}
	agree, n := 0, 0
	for r := range tab.Rows {
		p := tab.Cell(r, pay)
		if p != "Yes" && p != "No" {
			continue
		}
		n++
		if flag[cmsdata.CCN(tab.Cell(r, id))] == (p == "Yes") {
			agree++
		}
	}
	if n != 3085 || agree < 3083 {
		t.Errorf("HAC flag agrees with CMS for %d of %d; want ≥ 3083 of 3085", agree, n)
	}
}

// TestRate_Properties checks the seed's rules on every rated hospital.
func TestRate_Properties(t *testing.T) {
	res := cohort2024(t)
	for d, r := range DomainRules {
		type pair struct{ adj, score float64 }
		var rated []pair
		for _, h := range res.Ratings {
			dr := h.Domains[d]
			if dr.Excluded != (dr.Reported < r.MinReported) {
				t.Fatalf("%s %s: excluded %v with %d reported", h.FacilityID, Domain(d), dr.Excluded, dr.Reported)
			}
			if dr.Excluded {
				if !math.IsNaN(dr.Score) {
					t.Fatalf("%s %s: excluded hospital has score %v", h.FacilityID, Domain(d), dr.Score)
				}
				continue
			}
			if want := round6(-r.PerUnreported * float64(len(r.Metrics)-dr.Reported)); dr.ReportingAdjustment != want || dr.ReportingAdjustment > 0 {
				t.Fatalf("%s %s: reporting adjustment %v; want %v", h.FacilityID, Domain(d), dr.ReportingAdjustment, want)
			}
			if math.Abs(dr.ChangeAdjustment) > MaxChange || (dr.Change > 0) != (dr.ChangeAdjustment > 0) || (dr.Change < 0) != (dr.ChangeAdjustment < 0) {
				t.Fatalf("%s %s: change %v gives adjustment %v", h.FacilityID, Domain(d), dr.Change, dr.ChangeAdjustment)
			}
			if dr.Score < 0 || dr.Score > 100 {
				t.Fatalf("%s %s: score %v outside 0–100", h.FacilityID, Domain(d), dr.Score)
			}
			rated = append(rated, pair{dr.Adjusted, dr.Score})
		}
		// final score is a re-rank: same order as the adjusted value
		for i := range rated {
			for j := i + 1; j < len(rated) && j < i+50; j++ {
				a, b := rated[i], rated[j]
				if (a.adj < b.adj) != (a.score < b.score) || (a.adj == b.adj) != (a.score == b.score) {
					t.Fatalf("%s: adjusted %v→score %v but %v→%v", Domain(d), a.adj, a.score, b.adj, b.score)
				}
			}
		}
	}
}

// TestAssess_ReportingMoreNeverLowers: reporting one more metric at or above the current
// average never lowers the score before re-ranking (the reporting adjustment rewards it),
// and the reporting adjustment alone never gets worse with more metrics.
func TestAssess_ReportingMoreNeverLowers(t *testing.T) {
	for d, r := range DomainRules {
		n := len(r.Metrics)
		for mask := 0; mask < 1<<n; mask++ {
			pct := nanSlice(n)
			for m := 0; m < n; m++ {
				if mask&(1<<m) != 0 {
					pct[m] = float64((m*37 + mask) % 101)
				}
			}
			base := assess(r, pct, pct, nil)
			for m := 0; m < n; m++ {
				if !math.IsNaN(pct[m]) {
					continue
				}
				more := append([]float64(nil), pct...)
				if math.IsNaN(base.Average) {
					more[m] = 50
				} else {
					more[m] = base.Average
				}
				got := assess(r, more, more, nil)
				if got.ReportingAdjustment < base.ReportingAdjustment {
					t.Fatalf("%s: reporting adjustment fell from %v to %v", Domain(d), base.ReportingAdjustment, got.ReportingAdjustment)
				}
				if !base.Excluded && got.Adjusted < base.Adjusted {
					t.Fatalf("%s mask %b + metric %d: adjusted %v < %v", Domain(d), mask, m, got.Adjusted, base.Adjusted)
				}
			}
		}
	}
}

func TestChangeAdjustment(t *testing.T) {
	cases := []struct{ start, delta, want float64 }{
		{50, 0, 0},
		{50, 10, 5},      // 0.5×10×1
		{0, 10, 7.5},     // 0.5×10×1.5: rising from the bottom counts more
		{100, 10, 2.5},   // 0.5×10×0.5
		{100, -10, -7.5}, // falling from the top counts more
		{0, -10, -2.5},
		{20, 40, 10},   // 0.5×40×1.3 = 26 → capped at 10
		{90, -60, -10}, // capped
	}
	for _, c := range cases {
		if got := ChangeAdjustment(c.start, c.delta); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("ChangeAdjustment(%v, %v) = %v; want %v", c.start, c.delta, got, c.want)
		}
	}
	// property: within ±10, sign of delta, reward larger from a lower start, penalty larger from a higher one
	for s := 0.0; s <= 100; s += 5 {
		for dl := -100.0; dl <= 100; dl += 2.5 {
			a := ChangeAdjustment(s, dl)
			if math.Abs(a) > MaxChange || (a > 0) != (dl > 0) || (a < 0) != (dl < 0) {
				t.Fatalf("ChangeAdjustment(%v, %v) = %v", s, dl, a)
			}
			if s >= 5 {
				lower := ChangeAdjustment(s-5, dl)
				if dl > 0 && lower < a || dl < 0 && lower < a {
					t.Fatalf("start %v→%v delta %v: %v vs %v", s-5, s, dl, lower, a)
				}
			}
		}
	}
}

func TestPercentile(t *testing.T) {
	xs := []float64{1, 2, 2, 3, 5}
	cases := []struct {
		v     float64
		lower bool
		want  float64
	}{
		{5, false, 100}, {1, false, 0}, {2, false, 37.5}, {3, false, 75},
		{1, true, 100}, {5, true, 0}, {2, true, 62.5},
		{4, false, 75}, // not in the cohort: inserted, 4 of 5 others below → 100×4/5 = 80? no: n=6, worse=4 → 80
	}
	cases[len(cases)-1].want = 80
	for _, c := range cases {
		if got := Percentile(xs, c.v, c.lower); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Percentile(%v, %v, lower=%v) = %v; want %v", xs, c.v, c.lower, got, c.want)
		}
	}
	if got := Percentile([]float64{7}, 7, true); got != 50 {
		t.Errorf("Percentile of a cohort of one = %v; want 50", got)
	}
}

// BenchmarkRateCohort: the whole batch from file bytes in memory, as `openvalue rate`
// does it: detect and parse every file, both domains, two periods, CSV out.
func BenchmarkRateCohort(b *testing.B) {
	dir := testdir.CMS(b)
	read := func(rel []string) fstest.MapFS {
		fsys := fstest.MapFS{}
		for _, r := range rel {
			data, err := os.ReadFile(filepath.Join(dir, r))
			if err != nil {
				b.Skip(err)
			}
			fsys[filepath.Base(r)] = &fstest.MapFile{Data: data}
		}
		return fsys
	}
	cur := read([]string{current2024[0], current2024[1], current2024[4], current2024[5]})
	prior := read(prior2023)
	b.ResetTimer()
	for b.Loop() {
		var ps [2]*Period
		for i, fsys := range []fstest.MapFS{cur, prior} {
			bd, err := cmsdata.LoadFS(fsys, cmsdata.LoadOptions{Choose: ChooseKinds, Columns: ReadColumns})
			if err != nil {
				b.Fatal(err)
			}
			if ps[i], err = NewPeriod(bd); err != nil {
				b.Fatal(err)
			}
		}
		if err := Rate(ps[0], ps[1]).WriteCSV(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRate_SamePeriodAsPrior: rating a period against itself changes nothing — every
// hospital rated in both has a change adjustment of exactly 0 in both domains (the Cost
// change path included), and the scores equal those of a run without a prior.
func TestRate_SamePeriodAsPrior(t *testing.T) {
	cur := loadFiles(t, current2024...)
	with, without := Rate(cur, cur), Rate(cur, nil)
	changed := 0
	for i, r := range with.Ratings {
		for d := range r.Domains {
			a, b := r.Domains[d], without.Ratings[i].Domains[d]
			if a.HasChange {
				changed++
				if a.ChangeAdjustment != 0 || a.Change != 0 {
					t.Fatalf("%s %s: change %v adjustment %v against itself", r.FacilityID, Domain(d), a.Change, a.ChangeAdjustment)
				}
			}
			if a.Excluded != b.Excluded || !(a.Score == b.Score || math.IsNaN(a.Score) && math.IsNaN(b.Score)) {
				t.Fatalf("%s %s: score %v with itself as prior, %v without", r.FacilityID, Domain(d), a.Score, b.Score)
			}
		}
	}
	if !with.HasPrior[Cost] || changed < 6000 {
		t.Errorf("cost prior %v, %d domain ratings with a change; want the cost path used and most hospitals", with.HasPrior[Cost], changed)
	}
}

// TestRate_CostSpotCheck: Southeast Health Medical Center (010001, RAND prvdr_num 10001),
// worked out by hand from its RAND row:
//
//	TC = inpat_totcosts 208,952,955 + outpat_totcosts 112,105,077 = 321,058,032
//	DE = discharge_equivalents 27,377.51 (= 17,818 discharges × TC ÷ 208,952,955)
//	cost_per_de   = 321,058,032 ÷ 27,377.51                          = 11,727.07
//	occupancy     = 100 × 101,608 days ÷ 118,990 bed-days             = 85.3920 %
//	non-Medicare  = (398,171,136 × 984,934,912 ÷ (984,934,912 + 776,288,768) − 72,669,538)
//	                ÷ (17,818 − 4,725) ÷ 2.0279 = 150,001,016.14 ÷ 13,093 ÷ 2.0279 = 5,649.48
//	Medicare      = 61,297,408 ÷ 4,725 ÷ 2.0279                       = 6,397.26
//	admin         = (421,790,464 − 321,058,032) ÷ 27,377.51           = 3,679.39
//	MSPB          = 1.040798 (6-decimal MSPB file)
//
// All 6 reported: no reporting adjustment.
func TestRate_CostSpotCheck(t *testing.T) {
	r := find(t, cohort2024(t), "010001")
	c := r.Domains[Cost]
	want := []float64{11727.07, 85.392, 5649.48, 6397.26, 3679.39, 1.040798}
	for m, w := range want {
		if c.Values[m] != w {
			t.Errorf("010001 %s = %v; want %v", CostMetrics[m].ID, c.Values[m], w)
		}
	}
	if c.Reported != 6 || c.ReportingAdjustment != 0 || c.Excluded || c.HasChange {
		t.Errorf("010001 cost = %+v", c)
	}
}
