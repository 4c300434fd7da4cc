package cmsdata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"openvalue/internal/testdir"
)

// TestDetect_RealFiles recognises every public CMS file by its header alone.
func TestDetect_RealFiles(t *testing.T) {
	dir := testdir.CMS(t)
	want := map[string]Kind{
		"hospitals_07_2024/FY_2024_HAC_Reduction_Program_Hospital.csv":             KindHAC,
		"hospitals_07_2024/HOSPITAL_QUARTERLY_MSPB_6_DECIMALS.csv":                 KindMSPB6,
		"hospitals_07_2024/Medicare_Hospital_Spending_Per_Patient-Hospital.csv":    KindMSPB,
		"hospitals_07_2024/Hospital_General_Information.csv":                       KindGeneralInfo,
		"hospitals_07_2024/hvbp_tps.csv":                                           KindHVBPTPS,
		"hospitals_07_2024/hvbp_safety.csv":                                        KindHVBPSafety,
		"hospitals_07_2024/hvbp_clinical_outcomes.csv":                             KindHVBPClinical,
		"hospitals_07_2024/hvbp_person_and_community_engagement.csv":               KindHVBPPerson,
		"hospitals_07_2024/hvbp_efficiency_and_cost_reduction.csv":                 KindHVBPEfficiency,
		"hospitals_07_2024/Complications_and_Deaths-National.csv":                  KindNational,
		"hospitals_07_2024/Timely_and_Effective_Care-National.csv":                 KindNational,
		"hospitals_07_2024/Healthcare_Associated_Infections-National.csv":          KindNational,
		"hospitals_07_2024/Medicare_Hospital_Spending_Per_Patient-National.csv":    KindNational,
		"hospitals_07_2024/Medicare_Hospital_Spending_Per_Patient-State.csv":       KindNational,
		"hospitals_07_2024/Measure_Dates.csv":                                      KindReference,
		"hospitals_07_2024/Footnote_Crosswalk.csv":                                 KindReference,
		"star_rating/2024_07/alldata_2024jul.csv":                                  KindStarAllData,
		"star_rating/2024_07/CMS_Stars_Jul_2024.csv":                               KindStarOutput,
		"hcris/rand_hcris_free_2022_11_01.csv":                                     KindRANDHCRIS,
		"hvbp_history/FY2020/hvbp_tps_12_09_2019.csv":                              KindHVBPTPS,
		"hvbp_history/FY2021/hvbp_tps.csv":                                         KindHVBPTPS,
		"hac_history/FY2015/HOSPITAL_QUARTERLY_HAC_DOMAIN_HOSPITAL_11_24_2014.csv": KindHAC,
		"hac_history/FY2016/HOSPITAL_QUARTERLY_HAC_DOMAIN_HOSPITAL_02_26_2016.csv": KindHAC,
		"hac_history/FY2017/HOSPITAL_QUARTERLY_HAC_DOMAIN_HOSPITAL.csv":            KindHAC,
		"hac_history/FY2018/HOSPITAL_QUARTERLY_HAC_DOMAIN_HOSPITAL.csv":            KindHAC,
		"hac_history/FY2019/HOSPITAL_QUARTERLY_HAC_DOMAIN_HOSPITAL.csv":            KindHAC,
		"hac_history/FY2020/HOSPITAL_QUARTERLY_HAC_DOMAIN_HOSPITAL.csv":            KindHAC,
		"hac_history/FY2021/FY_2021_HAC_Reduction_Program_Hospital.csv":            KindHAC,
		"hac_history/FY2022/FY_2022_HAC_Reduction_Program_Hospital.csv":            KindHAC,
		"hac_history/FY2023/FY_2023_HAC_Reduction_Program_Hospital.csv":            KindHAC,
	}
	for rel, k := range want {
		t.Run(filepath.Base(rel), func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, rel))
			if err != nil {
				t.Skip(err)
			}
			defer f.Close()
			tab, err := ReadTable(rel, f)
			if err != nil {
				t.Fatalf("ReadTable: %v", err)
			}
			got, ok := Detect(tab.Header)
			if !ok || got != k {
				t.Errorf("Detect(%s) = %q, %v; want %q", rel, got, ok, k)
			}
		})
	}
}

// Long-format hospital files are absent from the public copies (over 4 MiB), so their
// headers are written out here from CMS's data dictionary layout.
func TestDetect_LongFormat(t *testing.T) {
	cases := []struct {
		header string
		want   Kind
	}{
		{`Facility ID,Facility Name,Address,City/Town,State,ZIP Code,County/Parish,Telephone Number,Condition,Measure ID,Measure Name,Score,Sample,Footnote,Start Date,End Date`, KindTimelyEffective},
		{`Facility ID,Facility Name,Address,City/Town,State,ZIP Code,County/Parish,Telephone Number,Measure ID,Measure Name,Compared to National,Denominator,Score,Lower Estimate,Higher Estimate,Footnote,Start Date,End Date`, KindComplications},
		{`Facility ID,Facility Name,Address,City/Town,State,ZIP Code,County/Parish,Telephone Number,Measure ID,Measure Name,Compared to National,Score,Footnote,Start Date,End Date`, KindHAI},
		{`a,b,c`, ""},
	}
	for _, c := range cases {
		got, ok := Detect(strings.Split(c.header, ","))
		if got != c.want || ok != (c.want != "") {
			t.Errorf("Detect(%.40s…) = %q, %v; want %q", c.header, got, ok, c.want)
		}
	}
}
