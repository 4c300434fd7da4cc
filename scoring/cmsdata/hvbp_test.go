package cmsdata

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"openvalue/internal/testdir"
)

func TestReadHVBP(t *testing.T) {
	safety := "\"Fiscal Year\",\"Facility ID\",\"HAI-1 Achievement Threshold\",\"HAI-1 Benchmark\",\"HAI-1 Baseline Rate\",\"HAI-1 Performance Rate\",\"HAI-1 Achievement Points\",\"HAI-1 Improvement Points\",\"HAI-1 Measure Score\",\"Combined SSI Measure Score\"\r\n" +
		"2024,10001,0.589,0.000,0.742,1.136,0 out of 10,0 out of 9,0 out of 10,1 out of 10\r\n2024,010005,0.589,0.000,Not Available,0.2,7 out of 10,Not Available,7 out of 10,Not Available\r\n"
	person := "\"Fiscal Year\",\"Facility ID\",\"Care Transition Floor\",\"Care Transition Achievement Threshold\",\"Care Transition Benchmark\",\"Care Transition Baseline Rate\",\"Care Transition Performance Rate\",\"Care Transition Achievement Points\",\"Care Transition Improvement Points\",\"Care Transition Dimension Score\",\"Hcahps Base Score\",\"Hcahps Consistency Score\"\r\n" +
		"2024,010001,25.64%,51.84%,63.57%,52.7031%,52.3364%,1 out of 10,0 out of 9,1,4,12\r\n"
	// The FY2020 TPS file writes footnotes after numbers: "63.333333333333(23)".
	tps := "Facility ID,Unweighted Normalized Safety Domain Score,Weighted Safety Domain Score,Unweighted Person and Community Engagement Domain Score,Total Performance Score\r\n010001,8.000000000000(23),2.000000000000,16.000000000000,15.583333333333(23)\r\n"
	tab := func(name, s string) *Table {
		t.Helper()
		tb, err := ParseTable(name, []byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return tb
	}
	d, err := ReadHVBP(tab("tps.csv", tps), nil, tab("person.csv", person), tab("safety.csv", safety), nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.FiscalYear != 2024 || len(d.Hospitals) != 2 || d.MeasureIDs[HVBPSafety][0] != "HAI-1" || d.MeasureIDs[HVBPPerson][0] != "Care Transition" {
		t.Fatalf("data = %+v", d)
	}
	h := d.Hospitals[0]
	m := h.Measures[HVBPSafety][0]
	if h.CCN != "010001" || !h.InTPS || m.Threshold.Value != 0.589 || !m.Benchmark.OK || m.Performance.Value != 1.136 || m.Achievement != (HVBPPoints{0, 10, true}) || m.Improvement != (HVBPPoints{0, 9, true}) {
		t.Errorf("hospital 1 safety = %+v", h)
	}
	p := h.Measures[HVBPPerson][0]
	if p.Floor.Value != 25.64 || p.Performance.Value != 52.3364 || p.Score != (HVBPPoints{1, 0, true}) || h.Base.Points != 4 || h.Consistency.Points != 12 || h.CombinedSSI.Points != 1 {
		t.Errorf("hospital 1 person = %+v", h)
	}
	if h.Unweighted[HVBPSafety].Value != 8 || h.Weighted[HVBPSafety].Value != 2 || h.Unweighted[HVBPPerson].Value != 16 || h.Unweighted[HVBPClinical].OK || h.TPS.Value != 15.583333333333 {
		t.Errorf("hospital 1 tps = %+v", h)
	}
	h2 := d.Hospitals[1]
	if h2.InTPS || h2.Measures[HVBPSafety][0].Baseline.OK || h2.Measures[HVBPSafety][0].Improvement.OK || h2.CombinedSSI.OK || h2.Measures[HVBPPerson] != nil {
		t.Errorf("hospital 2 = %+v", h2)
	}

	for _, tc := range []struct {
		name, in, wantErr string
	}{
		{"bad points", strings.Replace(safety, "7 out of 10,Not", "seven,Not", 1), `safety.csv:3:7: column "HAI-1 Achievement Points": "seven" is not points`},
		{"bad rate", strings.Replace(safety, "0.2,", "x,", 1), `safety.csv:3:6: column "HAI-1 Performance Rate": not a number`},
		{"points above max", strings.Replace(safety, "7 out of 10,Not", "11 out of 10,Not", 1), `is not points`},
		{"no measures", "Facility ID,Foo\r\n010001,1\r\n", "no \"<measure> Achievement Points\" column"},
	} {
		_, err := ReadHVBP(nil, nil, nil, tab("safety.csv", tc.in), nil)
		var pe *ParseError
		if err == nil || !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%s: ReadHVBP error = %v; want a *ParseError containing %q", tc.name, err, tc.wantErr)
		}
	}
	if _, err := ReadHVBP(nil, nil, nil, nil, nil); !errors.Is(err, ErrNoHVBP) {
		t.Errorf("no tables: error %v; want ErrNoHVBP", err)
	}
	if _, err := ReadHVBP(tab("tps.csv", "Facility ID,Fiscal Year,Total Performance Score\r\n010001,2024,1\r\n"), nil, nil, tab("s.csv", strings.Replace(safety, "\r\n2024,", "\r\n2023,", 1)), nil); err == nil || !strings.Contains(err.Error(), "fiscal year") {
		t.Errorf("mixed fiscal years: error %v", err)
	}
}

// TestReadHVBP_FY2024 reads the five public FY2024 files.
func TestReadHVBP_FY2024(t *testing.T) {
	dir := filepath.Join(testdir.CMS(t), "hospitals_07_2024")
	var tabs [5]*Table
	for i, n := range []string{"hvbp_tps.csv", "hvbp_clinical_outcomes.csv", "hvbp_person_and_community_engagement.csv", "hvbp_safety.csv", "hvbp_efficiency_and_cost_reduction.csv"} {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		if tabs[i], err = ParseTable(n, data); err != nil {
			t.Fatal(err)
		}
	}
	d, err := ReadHVBP(tabs[0], tabs[1], tabs[2], tabs[3], tabs[4])
	if err != nil {
		t.Fatal(err)
	}
	wantN := [4]int{6, 8, 6, 1}
	for k, ids := range d.MeasureIDs {
		if len(ids) != wantN[k] {
			t.Errorf("domain %d: measures %v; want %d", k, ids, wantN[k])
		}
	}
	tps := 0
	for _, h := range d.Hospitals {
		if h.InTPS && h.TPS.OK {
			tps++
		}
	}
	if d.FiscalYear != 2024 || len(d.Hospitals) != 2474 || tps != 2474 {
		t.Errorf("FY%d: %d hospitals, %d TPS; want FY2024, 2474, 2474", d.FiscalYear, len(d.Hospitals), tps)
	}
}
