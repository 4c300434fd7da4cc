package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"openvalue/internal/testdir"
	"openvalue/scoring/cmsdata"
	"openvalue/scoring/hac"
	"openvalue/scoring/hvbp"
)

// The HAC files of every fiscal year, relative to the CMS data folder.
var hacFiles = map[int]string{
	2015: "hac_history/FY2015/HOSPITAL_QUARTERLY_HAC_DOMAIN_HOSPITAL_11_24_2014.csv",
	2016: "hac_history/FY2016/HOSPITAL_QUARTERLY_HAC_DOMAIN_HOSPITAL_02_26_2016.csv",
	2017: "hac_history/FY2017/HOSPITAL_QUARTERLY_HAC_DOMAIN_HOSPITAL.csv",
	2018: "hac_history/FY2018/HOSPITAL_QUARTERLY_HAC_DOMAIN_HOSPITAL.csv",
	2019: "hac_history/FY2019/HOSPITAL_QUARTERLY_HAC_DOMAIN_HOSPITAL.csv",
	2020: "hac_history/FY2020/HOSPITAL_QUARTERLY_HAC_DOMAIN_HOSPITAL.csv",
	2021: "hac_history/FY2021/FY_2021_HAC_Reduction_Program_Hospital.csv",
	2022: "hac_history/FY2022/FY_2022_HAC_Reduction_Program_Hospital.csv",
	2023: "hac_history/FY2023/FY_2023_HAC_Reduction_Program_Hospital.csv",
	2024: "hospitals_07_2024/FY_2024_HAC_Reduction_Program_Hospital.csv",
}

func loadHAC(t *testing.T, fy int) ([]hac.Hospital, hac.Rules, *cmsdata.HACFile) {
	t.Helper()
	name := filepath.Join(testdir.CMS(t), hacFiles[fy])
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := cmsdata.ParseTable(name, data)
	if err != nil {
		t.Fatal(err)
	}
	f, err := cmsdata.ReadHAC(tab)
	if err != nil {
		t.Fatal(err)
	}
	if f.FiscalYear != fy {
		t.Fatalf("%s: fiscal year %d; want %d", name, f.FiscalYear, fy)
	}
	rules, err := hac.RulesFor(fy)
	if err != nil {
		t.Fatal(err)
	}
	return hacHospitals(f), rules, f
}

// hacFigures compares a computation with the published totals and flags.
type hacFigures struct {
	scored, within00001, within0005, within001 int
	maxDiff                                    float64
	flagged, flagsEqual                        int
}

func figures(hs []hac.Hospital, res hac.Result) hacFigures {
	var f hacFigures
	for i, h := range hs {
		s := res.Hospitals[i]
		if h.HasPublishedTotal {
			f.scored++
			if s.HasTotal {
				d := math.Abs(s.Total - h.PublishedTotal)
				f.maxDiff = math.Max(f.maxDiff, d)
				for _, c := range []struct {
					n   *int
					tol float64
				}{{&f.within00001, 0.0001}, {&f.within0005, 0.005}, {&f.within001, 0.01}} {
					if d <= c.tol+1e-9 {
						*c.n++
					}
				}
			}
		}
		if h.PublishedPayment == "Yes" || h.PublishedPayment == "No" {
			f.flagged++
			if s.Payment == h.PublishedPayment {
				f.flagsEqual++
			}
		}
	}
	return f
}

// TestHAC_Fidelity recomputes every HAC year and asserts the match with CMS's published
// figures. The floors below the targets are the measured limits of the public files,
// each explained in docs/fidelity.md; a drop below them is a regression.
func TestHAC_Fidelity(t *testing.T) {
	tests := []struct {
		fy  int
		src hac.Source
		// minimum shares (0–1) of scored hospitals within 0.0001, 0.005 and 0.01, and of flags equal
		min00001, min0005, min001, minFlags float64
		maxDiff                             float64
		// measured hospitals within 0.005 and 0.01 that docs/fidelity.md quotes (0: not pinned)
		pinned0005, pinned001 int
	}{
		// From the published W Z scores alone: CMS averages unrounded z-scores, so a total may
		// differ from the mean of the 4-decimal published scores by one unit in the 4th decimal.
		{2024, hac.FromPublished, 1, 1, 1, 0.998, 0.0001, 0, 0},
		{2022, hac.FromPublished, 1, 1, 1, 0.998, 0.0001, 0, 0},
		{2021, hac.FromPublished, 1, 1, 1, 0.998, 0.0001, 0, 0},
		{2020, hac.FromPublished, 1, 1, 1, 0.998, 0.0001, 0, 0},
		{2019, hac.FromPublished, 1, 1, 1, 0.998, 0.0001, 0, 0},
		// FY2018: totals exact to 1e-4, but the published 749 reductions are 23.6% of the
		// file's 3170 scored non-Maryland hospitals, so no percentile of this file reproduces
		// them (measured: 3215 of 3258 flags equal).
		{2018, hac.FromPublished, 1, 1, 1, 0.986, 0.0001, 0, 0},
		// Decile years, from the published points. FY2016 and FY2017: a few totals (Maryland
		// hospitals whose PSI 90 points CMS withheld, footnote "**") cannot be recomputed.
		{2017, hac.FromPublished, 0.986, 0.986, 0.986, 0.987, 1.1, 0, 0},
		{2016, hac.FromPublished, 0.999, 0.999, 0.999, 0, 0.1, 0, 0},
		{2015, hac.FromPublished, 1, 1, 1, 0, 0.0001, 0, 0},
		// The default (auto): raw values; statistics from the file for PSI 90 (no result
		// withheld), recovered from the other hospitals' published W Z for the five HAI
		// measures, whose footnote-11 results the file withholds but CMS counts. The issue's
		// targets: ≥ 99.5% within 0.005, all within 0.01, flags ≥ 99.8%. Measured: all 2972
		// within 0.005 (max 0.0044, PSI 90's file statistics).
		{2024, hac.FromRawAuto, 0, 0.995, 1, 0.998, 0.0045, 2972, 2972},
		// The limit of the public file: raw values with every statistic computed from the
		// file's hospitals (-from file). The file withholds the SIRs of the hospitals CMS keeps
		// in the population (footnote 11), which moves the bounds, mean and SD
		// (docs/fidelity.md). Measured and pinned: 2941 of 2972 within 0.005, 2964 within 0.01,
		// max 0.0116.
		{2024, hac.FromRaw, 0, 0.989, 0.997, 0.998, 0.012, 2941, 2964},
		// Every measure's statistics recovered from the published scores (-from recovered):
		// only the rounding of the published SIRs and PSI 90 values remains.
		{2024, hac.FromRawRecovered, 0, 1, 1, 0.998, 0.0006, 2972, 2972},
	}
	for _, tc := range tests {
		t.Run(tc.src.String()+"/"+strconv.Itoa(tc.fy), func(t *testing.T) {
			hs, rules, _ := loadHAC(t, tc.fy)
			res, err := hac.Compute(hs, rules, tc.src)
			if err != nil {
				t.Fatal(err)
			}
			f := figures(hs, res)
			if f.scored < 3000 && tc.fy != 2024 || f.scored < 2900 {
				t.Fatalf("only %d published totals read", f.scored)
			}
			share := func(n, of int) float64 {
				if of == 0 {
					return 1
				}
				return float64(n) / float64(of)
			}
			t.Logf("FY%d %s: within 0.0001 %d, 0.005 %d, 0.01 %d of %d (max %.4f); flags %d of %d; threshold %.4f of %d",
				tc.fy, tc.src, f.within00001, f.within0005, f.within001, f.scored, f.maxDiff, f.flagsEqual, f.flagged, res.Threshold, res.ThresholdN)
			if s := share(f.within00001, f.scored); s < tc.min00001 {
				t.Errorf("within 0.0001: %.4f; want ≥ %v", s, tc.min00001)
			}
			if s := share(f.within0005, f.scored); s < tc.min0005 {
				t.Errorf("within 0.005: %.4f; want ≥ %v", s, tc.min0005)
			}
			if s := share(f.within001, f.scored); s < tc.min001 {
				t.Errorf("within 0.01: %.4f; want ≥ %v", s, tc.min001)
			}
			if s := share(f.flagsEqual, f.flagged); s < tc.minFlags {
				t.Errorf("flags equal: %.4f; want ≥ %v", s, tc.minFlags)
			}
			if f.maxDiff > tc.maxDiff+1e-9 {
				t.Errorf("max |difference| %.4f; want ≤ %v", f.maxDiff, tc.maxDiff)
			}
			if tc.pinned0005 != 0 && (f.within0005 != tc.pinned0005 || f.within001 != tc.pinned001) {
				t.Errorf("within 0.005 %d, within 0.01 %d; docs/fidelity.md says %d and %d", f.within0005, f.within001, tc.pinned0005, tc.pinned001)
			}
		})
	}
}

// TestHAC_MeasureScores checks the FY2024 W Z scores measure by measure against CMS's.
func TestHAC_MeasureScores(t *testing.T) {
	hs, rules, _ := loadHAC(t, 2024)
	for _, tc := range []struct {
		src    hac.Source
		maxErr float64 // largest |computed − published| W Z of any hospital and measure
	}{
		{hac.FromRawRecovered, 0.0006},
		{hac.FromRawAuto, 0.005}, // PSI 90 from the file's statistics
		{hac.FromRaw, 0.02},
	} {
		res, err := hac.Compute(hs, rules, tc.src)
		if err != nil {
			t.Fatal(err)
		}
		var worst float64
		n := 0
		for i, h := range hs {
			for m, v := range h.Measures {
				s := res.Hospitals[i]
				if v.HasPublished != s.Has[m] {
					t.Errorf("%s %s: computed present %v, published present %v", h.ID, hac.Measure(m), s.Has[m], v.HasPublished)
					continue
				}
				if v.HasPublished {
					n++
					worst = math.Max(worst, math.Abs(s.Measures[m]-v.Published))
				}
			}
		}
		t.Logf("%s: %d W Z scores, max |difference| %.4f", tc.src, n, worst)
		if worst > tc.maxErr {
			t.Errorf("%s: max W Z difference %.4f; want ≤ %v", tc.src, worst, tc.maxErr)
		}
	}
}

func TestHAC_Suppressed2023(t *testing.T) {
	hs, rules, f := loadHAC(t, 2023)
	if !f.HasRaw || f.HasWZ != true {
		t.Errorf("FY2023 file: HasRaw %v, HasWZ %v; want both", f.HasRaw, f.HasWZ)
	}
	res, err := hac.Compute(hs, rules, hac.FromRaw)
	if err != nil {
		t.Fatal(err)
	}
	scored := 0
	for i, h := range hs {
		if h.HasPublishedTotal {
			t.Fatalf("%s: FY2023 placeholder total read as a result", h.ID)
		}
		if res.Hospitals[i].Payment != "N/A" {
			t.Fatalf("%s: payment %q in a suppressed year", h.ID, res.Hospitals[i].Payment)
		}
		if res.Hospitals[i].HasTotal {
			scored++
		}
		if res.Hospitals[i].Has[hac.PSI90] {
			t.Fatalf("%s: PSI 90 scored, but FY2023 has no PSI 90 values", h.ID)
		}
	}
	if scored < 2500 {
		t.Errorf("FY2023: %d hospitals scored from the CY2021 SIRs; want most", scored)
	}
}

// TestHVBP_Fidelity: every published measure cell, HCAHPS score and domain score, and the TPS.
func TestHVBP_Fidelity(t *testing.T) {
	dir := filepath.Join(testdir.CMS(t), "hospitals_07_2024")
	for _, tc := range []struct {
		mode     hvbp.SSIMode
		minExact int // hospitals whose TPS equals the published one within 1e-9
	}{
		{hvbp.SSIPublished, 2474},
		// Estimating the combined SSI by the mean of the two procedures (the weights are not
		// in the files) changes 332 of the 434 hospitals scored on both.
		{hvbp.SSIMean, 2100},
	} {
		var out, errb bytes.Buffer
		args := []string{"cms", "hvbp", dir}
		if tc.mode == hvbp.SSIMean {
			args = []string{"cms", "hvbp", "-ssi", "mean", dir}
		}
		if err := run(context.Background(), args, func(string) string { return "" }, nil, &out, &errb); err != nil {
			t.Fatalf("run %v: %v\n%s", args, err, errb.String())
		}
		rows, err := csv.NewReader(&out).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		for _, want := range []string{"facility_id", "tps", "published_tps", "safety", "published_safety", "mort_30_ami_achievement", "published_hai_1_improvement", "communication_with_nurses_score"} {
			if _, ok := col[want]; !ok {
				t.Fatalf("no column %q in %v", want, rows[0])
			}
		}
		exact := 0
		for _, r := range rows[1:] {
			got, pub := r[col["tps"]], r[col["published_tps"]]
			if pub == "" {
				continue
			}
			g, err1 := strconv.ParseFloat(got, 64)
			p, err2 := strconv.ParseFloat(pub, 64)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s: tps %q, published %q", r[0], got, pub)
			}
			if math.Abs(g-p) <= 1e-9 {
				exact++
			}
		}
		if len(rows)-1 != 2474 || exact < tc.minExact {
			t.Errorf("-ssi %v: %d hospitals, TPS exact for %d; want 2474 and ≥ %d", tc.mode, len(rows)-1, exact, tc.minExact)
		}
		// Every measure cell equals the published points (the summary line counts them).
		m := regexp.MustCompile(`points equal (\d+) of (\d+)`).FindStringSubmatch(errb.String())
		if m == nil || m[1] != m[2] || m[2] == "0" {
			t.Errorf("measure points: %v; want every cell equal\n%s", m, errb.String())
		}
	}
}

// TestHVBP_TPSOnly: folders holding only a TPS file (FY2020, without a Fiscal Year column, and
// FY2021) are checked from the published domain scores: the weighting and reweighting.
func TestHVBP_TPSOnly(t *testing.T) {
	for _, tc := range []struct {
		dir string
		n   string
	}{{"FY2020", "2731"}, {"FY2021", "2676"}} {
		var out, errb bytes.Buffer
		dir := filepath.Join(testdir.CMS(t), "hvbp_history", tc.dir)
		if err := run(context.Background(), []string{"cms", "hvbp", dir}, func(string) string { return "" }, nil, &out, &errb); err != nil {
			t.Fatalf("%s: %v\n%s", tc.dir, err, errb.String())
		}
		if want := "matched " + tc.n + " of " + tc.n + " (tps within 0.01)"; !strings.Contains(errb.String(), want) {
			t.Errorf("%s: stderr %q; want %q", tc.dir, errb.String(), want)
		}
	}
}

var summaryLine = regexp.MustCompile(`^matched (\d+) of (\d+) \(total within 0\.005\), flags equal (\d+) of (\d+)$`)

func TestCMSHAC_Command(t *testing.T) {
	cms := testdir.CMS(t)
	for fy, rel := range hacFiles {
		var out, errb bytes.Buffer
		err := run(context.Background(), []string{"cms", "hac", filepath.Join(cms, rel)}, func(string) string { return "" }, nil, &out, &errb)
		if err != nil {
			t.Fatalf("FY%d: %v\n%s", fy, err, errb.String())
		}
		lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
		if !summaryLine.MatchString(lines[len(lines)-1]) {
			t.Errorf("FY%d: last stderr line %q; want the summary", fy, lines[len(lines)-1])
		}
		rows, err := csv.NewReader(&out).ReadAll()
		if err != nil {
			t.Fatalf("FY%d: output is not CSV: %v", fy, err)
		}
		if fy == 2024 {
			checkAuto2024(t, lines, rows)
		}
		unit := "w_z"
		if fy <= 2017 {
			unit = "points"
		}
		head := strings.Join(rows[0], ",")
		for _, want := range []string{"facility_id", "total_hac_score", "published_total_hac_score", "payment_reduction", "published_payment_reduction", "psi_90_" + unit, "published_mrsa_" + unit} {
			if !strings.Contains(head, want) {
				t.Errorf("FY%d: header %q lacks %q", fy, head, want)
			}
		}
		for _, r := range rows[1:] {
			if p := r[4]; p != "Yes" && p != "No" && p != "N/A" {
				t.Fatalf("FY%d %s: payment_reduction %q", fy, r[0], p)
			}
			if fy == 2023 && (r[1] != "" || r[4] != "N/A") {
				t.Fatalf("FY2023 %s: total %q, payment %q; want none and N/A (CMS scored nobody)", r[0], r[1], r[4])
			}
		}
	}
}

func TestCMS_Usage(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	decile := filepath.Join(dir, "decile.csv")
	os.WriteFile(decile, []byte("\"Provider ID\",\"AHRQ_PSI_90_Score\",\"Total_HAC_Score\"\r\n010001,3,3.0000\r\n"), 0o644)
	nofy := filepath.Join(dir, "nofy.csv")
	os.WriteFile(nofy, []byte("\"Facility ID\",\"State\",\"PSI 90 W Z Score\",\"CLABSI W Z Score\",\"Total HAC Score\",\"Payment Reduction\"\r\n010001,AL,1.0,0.5,0.75,Yes\r\n010005,AL,-1.0,N/A,-1.0,No\r\n"), 0o644)
	// Raw SIRs with a withheld result but no W Z scores: auto falls back to the file's statistics.
	nowz := filepath.Join(dir, "nowz.csv")
	nowzRows := "\"Facility ID\",\"Fiscal Year\",\"CLABSI SIR\",\"CLABSI SIR Footnote\",\"Total HAC Score\",\"Payment Reduction\"\r\n010001,2025,N/A,11,N/A,N/A\r\n"
	for i := 2; i < 30; i++ {
		nowzRows += fmt.Sprintf("01%04d,2025,%.3f,,N/A,N/A\r\n", i, float64(i)/20)
	}
	os.WriteFile(nowz, []byte(nowzRows), 0o644)
	os.WriteFile(bad, []byte("\"Facility ID\",\"Fiscal Year\",\"PSI 90 W Z Score\",\"Total HAC Score\",\"Payment Reduction\"\n010001,2024,abc,0.1,No\n"), 0o644)
	for _, tc := range []struct {
		args     []string
		wantCode int
		wantErr  string
	}{
		{[]string{"cms"}, 2, ""},
		{[]string{"cms", "nope"}, 2, ""},
		{[]string{"cms", "hac"}, 2, ""},
		{[]string{"cms", "hac", "-from", "x", bad}, 2, ""},
		{[]string{"cms", "hac", filepath.Join(dir, "missing.csv")}, 1, "missing.csv"},
		{[]string{"cms", "hac", bad}, 1, "bad.csv:2:3"},
		{[]string{"cms", "hac", decile}, 2, "give -fy"},
		{[]string{"cms", "hac", "-fy", "2016", decile}, 0, "FY2016"},
		{[]string{"cms", "hac", nofy}, 0, "scoring with the FY2024 rules"},
		{[]string{"cms", "hac", nowz}, 0, "CLABSI statistics from the file, although 1 result withheld (footnote 11): not recovered (hac: cannot recover statistics: the file publishes no CLABSI W Z scores)"},
		{[]string{"cms", "hac", "-from", "file", nowz}, 0, "CLABSI statistics from the file (-from file), although 1 result withheld"},
		{[]string{"cms", "hac", "-from", "recovered", nowz}, 1, "publishes no CLABSI W Z"},
		{[]string{"cms", "hvbp", dir}, 1, "no HVBP file"},
		{[]string{"cms", "hvbp", "-ssi", "x", dir}, 2, ""},
	} {
		var out, errb bytes.Buffer
		err := run(context.Background(), tc.args, func(string) string { return "" }, nil, &out, &errb)
		if code := exitCode(err, &errb); code != tc.wantCode || !strings.Contains(errb.String(), tc.wantErr) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, errb.String(), tc.wantCode, tc.wantErr)
		}
	}
}

// TestHAC_RecoveredLeaveOneOut backs docs/fidelity.md: a recovered measure scores each
// hospital with the line fitted on the OTHER hospitals' published scores, never its own. For
// every 5th hospital (all 2972 take 15 s and agree the same way) the statistics Compute used
// equal a full refit without the hospital's published scores, and its total is still CMS's
// within 0.0006 (recovered) or 0.0045 (auto, PSI 90 from the file).
func TestHAC_RecoveredLeaveOneOut(t *testing.T) {
	if testing.Short() {
		t.Skip("leave-one-out refits")
	}
	hs, rules, _ := loadHAC(t, 2024)
	for _, tc := range []struct {
		src     hac.Source
		maxDiff float64
	}{{hac.FromRawRecovered, 0.0006}, {hac.FromRawAuto, 0.0045}} {
		res, err := hac.Compute(hs, rules, tc.src)
		if err != nil {
			t.Fatal(err)
		}
		var worst, worstStat float64
		n := 0
		for i, h := range hs {
			if !h.HasPublishedTotal || i%5 != 0 {
				continue
			}
			saved := h.Measures
			for m := range hs[i].Measures {
				hs[i].Measures[m].HasPublished = false
			}
			st, err := hac.RecoverStats(hs)
			hs[i].Measures = saved
			if err != nil {
				t.Fatal(err)
			}
			s := res.Hospitals[i]
			for m := range h.Measures {
				own := s.Stats[m]
				if !s.Has[m] || !own.Recovered {
					continue
				}
				for _, d := range []float64{own.Mean - st[m].Mean, own.SD - st[m].SD, own.High - st[m].High, own.Low - st[m].Low} {
					worstStat = math.Max(worstStat, math.Abs(d))
				}
			}
			n++
			worst = math.Max(worst, math.Abs(s.Total-h.PublishedTotal))
		}
		t.Logf("%s, leave-one-out: %d totals, max |difference| %.4f; statistics differ from a refit by ≤ %.2g", tc.src, n, worst, worstStat)
		if n < 550 || worst > tc.maxDiff || worstStat > 1e-9 {
			t.Errorf("%s, leave-one-out: %d totals, max |difference| %.4f, statistics off a refit by %.2g; want ≥ 550 within %v, ≤ 1e-9",
				tc.src, n, worst, worstStat, tc.maxDiff)
		}
	}
}

// checkAuto2024: the default mode says, per measure, where its statistics come from: one
// stderr line per recovered measure before the summary, and a statistics column per measure.
var recoveredLine = regexp.MustCompile(`^(\S+) statistics recovered: (\d+) results? withheld \(footnote 11\): line through the published W Z of (\d+) hospitals`)

func checkAuto2024(t *testing.T, lines []string, rows [][]string) {
	t.Helper()
	var recovered []string
	fileOnly := false
	for _, l := range lines[:len(lines)-1] {
		if m := recoveredLine.FindStringSubmatch(l); m != nil {
			recovered = append(recovered, m[1])
		}
		fileOnly = fileOnly || strings.HasPrefix(l, "with statistics from the file alone (-from file): total within 0.005 2941 of 2972, within 0.01 2964")
	}
	if strings.Join(recovered, ",") != "CLABSI,CAUTI,SSI,CDI,MRSA" || !fileOnly {
		t.Errorf("FY2024 stderr: recovered %v, file-only figures shown %v; want the five HAI measures and the -from file line\n%s", recovered, fileOnly, strings.Join(lines, "\n"))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	counts := map[string]int{}
	for _, r := range rows[1:] {
		counts["psi_90 "+r[col["psi_90_statistics"]]]++
		counts["cdi "+r[col["cdi_statistics"]]]++
	}
	if counts["psi_90 recovered"] != 0 || counts["psi_90 file"] < 2800 || counts["cdi file"] != 0 || counts["cdi recovered"] < 2700 {
		t.Errorf("FY2024 statistics columns: %v; want PSI 90 from the file and CDI recovered", counts)
	}
}
