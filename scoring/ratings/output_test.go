package ratings

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// TestAppendDecimal_MatchesStrconv: the fixed-point fast path writes exactly what
// strconv.FormatFloat(x, 'f', -1, 64) writes, for rounded and unrounded values alike.
func TestAppendDecimal_MatchesStrconv(t *testing.T) {
	vals := []float64{1, -1, 0.5, 0.05, 1e-6, -1e-6, 1e-7, 999999999.999999, 1e9, 1e14, 1e15, 1e16, 123456789.123456,
		0.1 + 0.2, 100.0 / 3, math.MaxFloat64, math.SmallestNonzeroFloat64, -2.8, 7.000000000000001}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 300000 {
		x := (rng.Float64() - 0.3) * math.Pow(10, float64(rng.IntN(20)-6))
		vals = append(vals, x, round6(x), cents(x), round4(x), math.Round(x*1000)/1000)
	}
	for _, x := range vals {
		if x == 0 {
			continue // both zeros are written "0" (below)
		}
		want := strconv.FormatFloat(x, 'f', -1, 64)
		if got := string(appendDecimal(nil, x)); got != want {
			t.Fatalf("appendDecimal(%v) = %s; strconv gives %s", x, got, want)
		}
	}
	if got := string(appendDecimal(nil, math.Copysign(0, -1))); got != "0" {
		t.Errorf("negative zero written as %s", got)
	}
}

// TestPercentilesOf: the radix-sorted percentilesOf gives every value Percentile of the
// sorted reported values and returns them sorted as slices.Sort does, with NaNs, ties, zeros
// of both signs, and keys that differ in every byte.
func TestPercentilesOf(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 3000 {
		vals := make([]float64, rng.IntN(60))
		for i := range vals {
			switch rng.IntN(6) {
			case 0:
				vals[i] = math.NaN()
			case 1:
				vals[i] = math.Copysign(0, -1)
			case 2:
				vals[i] = (rng.Float64() - 0.5) * math.Pow(10, float64(rng.IntN(40)-20))
			default:
				vals[i] = float64(rng.IntN(10)-5) / 2
			}
		}
		want := slices.DeleteFunc(slices.Clone(vals), math.IsNaN)
		slices.Sort(want)
		lower := trial%2 == 0
		pct, sorted := percentilesOf(vals, lower)
		if len(sorted) != len(want) {
			t.Fatalf("%v: %d sorted values, want %d", vals, len(sorted), len(want))
		}
		for i := range want {
			if sorted[i] != want[i] {
				t.Fatalf("%v: sorted %v, want %v", vals, sorted, want)
			}
		}
		for i, v := range vals {
			if math.IsNaN(v) {
				if !math.IsNaN(pct[i]) {
					t.Fatalf("%v: unreported value %d has percentile %v", vals, i, pct[i])
				}
				continue
			}
			if w := Percentile(want, v, lower); pct[i] != w {
				t.Fatalf("%v: percentile of %v = %v, want %v", vals, v, pct[i], w)
			}
		}
	}
}

// TestRandConsts: the r* constants name randVars' positions.
func TestRandConsts(t *testing.T) {
	want := map[int]string{rDischarges: "all_inpat_discharges", rDays: "all_inpat_days", rBedDays: "bed_days_available", rOccupancy: "occupancy", rInpatCosts: "inpat_totcosts", rOutpatCosts: "outpat_totcosts", rDischargeEquivalents: "discharge_equivalents", rOpex: "operating_expenses", rNetPatientRev: "net_patient_rev", rInpatCharges: "inpat_charges_subtotal", rOutpatCharges: "outpat_charges_subtotal", rMdcrInpatRevs: "mdcr_inpat_revs", rMdcrDischarges: "mdcr_inpat_discharges", rMdcrInpatCosts: "mdcr_inpat_costs", rCMI: "impact_cmi"}
	if len(want) != len(randVars) {
		t.Fatalf("%d constants for %d variables", len(want), len(randVars))
	}
	for i, v := range randVars {
		if want[i] != v {
			t.Errorf("randVars[%d] = %s; constant says %s", i, v, want[i])
		}
	}
}
