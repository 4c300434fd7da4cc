package ratings

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"
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

// TestLowerBoundKey matches sort.SearchFloat64s, zeros of both signs included.
func TestLowerBoundKey(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 2000 {
		xs := make([]float64, rng.IntN(40))
		for i := range xs {
			xs[i] = float64(rng.IntN(10)-5) / 2
			if xs[i] == 0 && rng.IntN(2) == 0 {
				xs[i] = math.Copysign(0, -1)
			}
		}
		slices.Sort(xs)
		keys := make([]uint64, len(xs))
		for i, x := range xs {
			keys[i] = orderKey(x)
		}
		for v := -3.0; v <= 3; v += 0.25 {
			for _, w := range []float64{v, math.Copysign(v, -1)} {
				if got, want := lowerBoundKey(keys, orderKey(w)), sort.SearchFloat64s(xs, w); got != want {
					t.Fatalf("lowerBoundKey(%v, %v) = %d, want %d", xs, w, got, want)
				}
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
