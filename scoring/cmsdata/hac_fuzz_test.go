package cmsdata

import (
	"errors"
	"testing"
)

// FuzzReadHAC: any bytes either read as a HAC file or fail with a *ParseError, never a panic.
func FuzzReadHAC(f *testing.F) {
	f.Add([]byte("\"Facility ID\",\"State\",\"Fiscal Year\",\"PSI 90 Composite Value\",\"PSI 90 W Z Score\",\"CLABSI SIR\",\"CLABSI SIR Footnote\",\"Total HAC Score\",\"Payment Reduction\"\r\n010001,AL,2024,1.1,1.0,N/A,\"11,18\",0.2,No\r\n"))
	f.Add([]byte("\"Provider ID\",\"Fiscal Year\",\"AHRQ_PSI_90_Score\",\"Total_HAC_Score\",\"Footnotes\"\r\n210001,2015,Not Available*,7.0000*,5\r\n"))
	f.Add([]byte("PROVIDER_ID,FISCAL_YEAR,TOTAL_HAC_SCORE,PAYMENT_REDUCTION\n1,2018,x,Yes\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ParseTable("f.csv", data)
		if err != nil {
			return
		}
		h, err := ReadHAC(tab)
		sameScan(t, tab, h, err)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ReadHAC error %v (%T) is not a *ParseError", err, err)
			}
			return
		}
		if len(h.Rows) != len(tab.Rows) {
			t.Fatalf("%d rows read of %d", len(h.Rows), len(tab.Rows))
		}
	})
}

// FuzzReadHVBP: any bytes as a domain file either read or fail with a *ParseError.
func FuzzReadHVBP(f *testing.F) {
	f.Add([]byte("\"Fiscal Year\",\"Facility ID\",\"HAI-1 Achievement Threshold\",\"HAI-1 Benchmark\",\"HAI-1 Performance Rate\",\"HAI-1 Achievement Points\",\"Combined SSI Measure Score\"\r\n2024,010001,0.589,0.000,1.136,0 out of 10,1 out of 10\r\n"))
	f.Add([]byte("Facility ID,X Achievement Points,X Floor\n1,3,53.5%\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := ParseTable("f.csv", data)
		if err != nil {
			return
		}
		if _, err := ReadHVBP(nil, nil, tab, nil, nil); err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ReadHVBP error %v (%T) is not a *ParseError", err, err)
			}
		}
	})
}
