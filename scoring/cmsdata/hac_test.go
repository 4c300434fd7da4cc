package cmsdata

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"openvalue/internal/testdir"
)

func TestReadHAC(t *testing.T) {
	const fy24 = "\"Facility ID\",\"State\",\"Fiscal Year\",\"PSI 90 Composite Value\",\"PSI 90 Composite Value Footnote\",\"PSI 90 W Z Score\",\"PSI 90 W Z Footnote\",\"CLABSI SIR\",\"CLABSI SIR Footnote\",\"CLABSI W Z Score\",\"CLABSI W Z Footnote\",\"Total HAC Score\",\"Total HAC Score Footnote\",\"Payment Reduction\",\"Payment Reduction Footnote\"\r\n"
	tests := []struct {
		name    string
		in      string
		check   func(t *testing.T, f *HACFile)
		wantErr string
	}{
		{"fy2024 style", fy24 + "10001,AL,2024,1.1140,,1.0130,,N/A,18,2.2883,18,0.2040,,No,\r\n210001,MD,2024,N/A,\"13,23\",N/A,5,0.5,,-0.5,,0.1,,N/A,a\r\n", func(t *testing.T, f *HACFile) {
			r := f.Rows[0]
			if f.FiscalYear != 2024 || !f.HasRaw || !f.HasWZ || !f.HasPayment || r.CCN != "010001" {
				t.Errorf("file = %+v", f)
			}
			if !r.Raw[0].OK || r.Raw[0].Value != 1.114 || r.Score[0].Value != 1.013 || r.Raw[1].OK || !r.Raw[1].Footnote("18") || r.Score[1].Value != 2.2883 {
				t.Errorf("row 1 = %+v", r)
			}
			if r.Total.Value != 0.204 || r.Payment != "No" || r.Line != 2 {
				t.Errorf("row 1 total/payment = %+v %q line %d", r.Total, r.Payment, r.Line)
			}
			m := f.Rows[1]
			if m.State != "MD" || m.Payment != "N/A" || len(m.PaymentFootnotes) != 1 || m.PaymentFootnotes[0] != "a" || !m.Raw[0].Footnote("23") || m.Score[2].OK {
				t.Errorf("row 2 = %+v", m)
			}
		}, ""},
		{"fy2015 style: one footnote column and '*' suffixes", "\"Hospital_Name\",\"Provider ID\",\"State\",\"Fiscal Year\",\"Domain_1_Score\",\"AHRQ_PSI_90_Score\",\"Domain_2_Score\",\"CLABSI_Score\",\"CAUTI_Score\",\"Total_HAC_Score\",\"Footnotes\"\r\n" +
			"X,210001,MD,2015,Not Available*,Not Available*,7.0000,7,7,7.0000*,\r\nY,010005,AL,2015,1.0000,1,2.0000,1,3,1.6500,5\r\n", func(t *testing.T, f *HACFile) {
			if f.HasRaw || f.HasWZ || f.HasPayment || f.FiscalYear != 2015 {
				t.Errorf("file = %+v", f)
			}
			r := f.Rows[0]
			if r.Score[0].OK || !r.Score[0].Footnote("*") || r.Total.Value != 7 || !r.Total.Footnote("*") || r.Domain2.Value != 7 || r.Score[2].Value != 7 {
				t.Errorf("row 1 = %+v", r)
			}
			if !f.Rows[1].Total.Footnote("5") || f.Rows[1].Score[0].Value != 1 {
				t.Errorf("row 2 = %+v", f.Rows[1])
			}
		}, ""},
		{"fy2018 style: UPPER_SNAKE", "\"PROVIDER_ID\",\"FISCAL_YEAR\",\"PSI_90_W_Z_SCORE\",\"PSI_90_FOOTNOTE\",\"MRSA_W_Z_SCORE\",\"MRSA_FOOTNOTE\",\"TOTAL_HAC_SCORE\",\"TOTAL_HAC_FOOTNOTE\",\"PAYMENT_REDUCTION\"\r\n\"010001\",\"2018\",\"-1.2795\",\"\",\"Not Available\",\"5\",\"Not Available\",\"4\",\"Not Available\"\r\n", func(t *testing.T, f *HACFile) {
			r := f.Rows[0]
			if !f.HasWZ || r.Score[0].Value != -1.2795 || r.Score[5].OK || !r.Score[5].Footnote("5") || r.Total.OK || !r.Total.Footnote("4") || r.Payment != "N/A" {
				t.Errorf("row = %+v", r)
			}
		}, ""},
		{"bad number", fy24 + "010001,AL,2024,abc,,1,,1,,1,,1,,No,\r\n", nil, `:2:4: column "PSI 90 Composite Value": not a number`},
		{"bad payment", fy24 + "010001,AL,2024,1,,1,,1,,1,,1,,Maybe,\r\n", nil, `:2:14: column "Payment Reduction": "Maybe" is not Yes, No or N/A`},
		{"mixed years", fy24 + "010001,AL,2024,1,,1,,1,,1,,1,,No,\r\n010005,AL,2023,1,,1,,1,,1,,1,,No,\r\n", nil, `:3:3: column "Fiscal Year": fiscal year 2023, earlier rows have 2024`},
		{"empty id", fy24 + ",AL,2024,1,,1,,1,,1,,1,,No,\r\n", nil, `:2:1: empty facility id`},
		{"not a HAC file", "\"Facility ID\",\"Score\"\r\n010001,1\r\n", nil, "no Total HAC Score column"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := ParseTable("f.csv", []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			f, err := ReadHAC(tab)
			if tc.wantErr != "" {
				var pe *ParseError
				if err == nil || !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ReadHAC error = %v; want a *ParseError containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, f)
		})
	}
}

// TestReadHAC_AllYears reads every public HAC file, FY2015–FY2024, whatever its header style.
func TestReadHAC_AllYears(t *testing.T) {
	cms := testdir.CMS(t)
	files, _ := filepath.Glob(filepath.Join(cms, "hac_history", "FY*", "*.csv"))
	files = append(files, filepath.Join(cms, "hospitals_07_2024", "FY_2024_HAC_Reduction_Program_Hospital.csv"))
	// Rows and shapes per SOURCES.md.
	want := map[int]struct {
		rows                   int
		raw, wz, pay, measures bool
	}{
		2015: {3390, false, false, false, false}, 2016: {3352, false, false, false, false}, 2017: {3314, false, false, true, true},
		2018: {3305, false, true, true, true}, 2019: {3281, false, true, true, true}, 2020: {3224, false, true, true, true},
		2021: {3204, false, true, true, true}, 2022: {3170, false, true, true, true}, 2023: {3165, true, true, true, true},
		2024: {3129, true, true, true, true},
	}
	seen := map[int]bool{}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if k, _, _ := LoadBytes(name, data, func(Kind) bool { return false }); k.Kind != KindHAC {
			t.Errorf("%s detected as %q", name, k.Kind)
		}
		tab, err := ParseTable(name, data)
		if err != nil {
			t.Fatal(err)
		}
		f, err := ReadHAC(tab)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		sameScan(t, tab, f, nil)
		w, ok := want[f.FiscalYear]
		if !ok {
			t.Errorf("%s: fiscal year %d", name, f.FiscalYear)
			continue
		}
		seen[f.FiscalYear] = true
		if len(f.Rows) != w.rows || f.HasRaw != w.raw || f.HasWZ != w.wz || f.HasPayment != w.pay {
			t.Errorf("FY%d: %d rows, raw %v, wz %v, payment %v; want %+v", f.FiscalYear, len(f.Rows), f.HasRaw, f.HasWZ, f.HasPayment, w)
		}
		// Every measure column the year has is found: some hospital has a PSI 90 and (from
		// FY2017) an MRSA score.
		var psi, mrsa, total int
		for _, r := range f.Rows {
			if r.Score[0].OK {
				psi++
			}
			if r.Score[5].OK {
				mrsa++
			}
			if r.Total.OK {
				total++
			}
		}
		if (psi == 0 && f.FiscalYear != 2023) || (mrsa == 0) == w.measures && f.FiscalYear != 2023 || total == 0 {
			t.Errorf("FY%d: %d PSI 90 scores, %d MRSA scores, %d totals", f.FiscalYear, psi, mrsa, total)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("read fiscal years %v; want FY2015–FY2024", seen)
	}
}

// sameScan checks that ScanHAC hands over ReadHAC's rows, in order, and its file facts (or
// its error, readErr).
func sameScan(t *testing.T, tab *Table, want *HACFile, readErr error) {
	t.Helper()
	var got []HACRow
	f, err := ScanHAC(tab, func(r int, row *HACRow) {
		if r != len(got) {
			t.Fatalf("%s: row %d handed over after %d rows", tab.Name, r, len(got))
		}
		c := *row // ScanHAC reuses the row and its footnote slices: copy them
		for m := range c.Raw {
			c.Raw[m].Footnotes = slices.Clone(c.Raw[m].Footnotes)
			c.Score[m].Footnotes = slices.Clone(c.Score[m].Footnotes)
		}
		for _, x := range []*HACCell{&c.Domain1, &c.Domain2, &c.Total} {
			x.Footnotes = slices.Clone(x.Footnotes)
		}
		c.PaymentFootnotes = slices.Clone(c.PaymentFootnotes)
		got = append(got, c)
	})
	if readErr != nil || err != nil {
		if fmt.Sprint(err) != fmt.Sprint(readErr) {
			t.Fatalf("%s: ScanHAC error %v, ReadHAC error %v", tab.Name, err, readErr)
		}
		return
	}
	if got == nil {
		got = []HACRow{}
	}
	f.Rows = got
	if !reflect.DeepEqual(f, want) {
		t.Fatalf("%s: ScanHAC differs from ReadHAC", tab.Name)
	}
}
