//go:build js && wasm && !noratings

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"openvalue/internal/testdir"
	"openvalue/scoring"
	"openvalue/scoring/ratings"
)

func TestRateHospital(t *testing.T) {
	snap, err := os.ReadFile(filepath.Join(testdir.Root(), "web", "cohort.json"))
	if err != nil {
		t.Skipf("no cohort snapshot: %v", err)
	}
	inputs := []string{
		`{}`,
		`{"safety":{"psi_90":1.114,"sep_1":61,"clabsi":0.437},"cost":{"cost_per_de":11727.07,"mspb":1.04}}`,
		`{"safety":{"psi_90":0.9,"op_22":1,"op_23":80,"pc_01":0,"sep_1":70},"prior":{"safety":{"psi_90":1.0}},"hacTotalScore":0.1}`,
	}
	// Each input twice in a row with the same snapshot string: the second call takes the kept
	// bytes (and the core's cached snapshot) and must answer the same bytes as a fresh call.
	for _, in := range inputs {
		want, _ := ratings.RateJSON([]byte(in), snap)
		for range 2 {
			if got := callJS(t, "rateHospital", in, string(snap)); got != string(want)+"\n" {
				t.Errorf("openvalue.rateHospital(%s) = %.300s; want ratings.RateJSON's %.300s", in, got, want)
			}
		}
	}
	if got := callJS(t, "rateHospital", `{"safety":{"psi_90":"high"}}`, string(snap)); !strings.Contains(got, "safety.psi_90") {
		t.Errorf("rateHospital(bad value) = %s; want an error naming safety.psi_90", got)
	}
	if code, _ := errorCode(t, callJS(t, "rateHospital", `{}`, `{"not":"a snapshot"}`)); code != scoring.CodeInvalidInput {
		t.Errorf("rateHospital(other snapshot) after the kept one: code %q; want invalid_input", code)
	}
	if got := callJS(t, "rateHospital", `{}`); !strings.Contains(got, "snapshotJSON") {
		t.Errorf("rateHospital without a snapshot = %s; want an error naming snapshotJSON", got)
	}
}
