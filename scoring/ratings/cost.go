package ratings

import (
	"math"

	"openvalue/scoring/cmsdata"
)

// randVars are the RAND Hospital Data variables (bracketed names in the extract's header)
// the Cost metrics use. All come from CMS HCRIS form 2552-10 as compiled by RAND.
var randVars = []string{
	"all_inpat_discharges",    // inpatient discharges, all payers (S-3 Pt I)
	"all_inpat_days",          // inpatient days, all payers
	"bed_days_available",      // staffed bed-days available in the period
	"occupancy",               // RAND's all_inpat_days ÷ bed_days_available (fraction), fallback
	"inpat_totcosts",          // inpatient costs incl. Medicare-disallowed (sum of 63 cost centres)
	"outpat_totcosts",         // outpatient costs incl. Medicare-disallowed (sum of 52 cost centres)
	"discharge_equivalents",   // RAND's discharge equivalents (see costValues)
	"operating_expenses",      // total operating expenses from the financial statements (G-3)
	"net_patient_rev",         // net patient revenue (charges less contractual allowances)
	"inpat_charges_subtotal",  // inpatient charges
	"outpat_charges_subtotal", // outpatient charges
	"mdcr_inpat_revs",         // Medicare inpatient revenues
	"mdcr_inpat_discharges",   // Medicare inpatient discharges
	"mdcr_inpat_costs",        // total Medicare inpatient operating costs
	"impact_cmi",              // Medicare case-mix index from the CMS IPPS impact file
}

// costValues computes the 6 Cost metrics per hospital (CostMetrics order) from the RAND
// HCRIS extract and an MSPB file in the bundle. Every metric needs all of its fields
// reported and positive denominators; a result that is not positive is treated as not
// reported (a negative cost or revenue is a reporting artefact, not a performance).
//
//	total costs  TC = inpat_totcosts + outpat_totcosts
//	discharge equivalents DE = discharge_equivalents (RAND), else
//	                           all_inpat_discharges × TC ÷ inpat_totcosts
//	  (RAND's field is exactly that formula, capped at 10 × discharges in 25 of 4,591 rows)
//	1 cost_per_de   = TC ÷ DE                                           dollars, lower better
//	2 occupancy     = 100 × all_inpat_days ÷ bed_days_available         percent, higher better
//	                  (100 × RAND occupancy when days are missing; above 100 is a reporting
//	                  error and unreported)
//	3 nonmedicare_rev_per_discharge_cmi
//	                = (net_patient_rev × inpat_charges_subtotal ÷ (inpat_charges_subtotal + outpat_charges_subtotal)
//	                   − mdcr_inpat_revs)
//	                  ÷ (all_inpat_discharges − mdcr_inpat_discharges) ÷ impact_cmi      higher better
//	  (inpatient net revenue is apportioned by the inpatient share of charges, because the
//	  extract has no inpatient net revenue; the seed reads the metric as a proxy for
//	  revenue-cycle efficiency, so more collected per severity-adjusted discharge is better)
//	4 medicare_cost_per_discharge_cmi
//	                = mdcr_inpat_costs ÷ mdcr_inpat_discharges ÷ impact_cmi         lower better
//	5 admin_cost_per_de
//	                = (operating_expenses − TC) ÷ DE                                 lower better
//	  (the free extract has no administrative-and-general cost centre (Worksheet A line 5);
//	  operating expenses not carried into patient-care cost centres is the closest proxy)
//	6 mspb          = MSPB-1 ratio from the 6-decimal MSPB file, else the hospital MSPB
//	                  file (2 decimals), else the HVBP Efficiency domain's performance rate
//
// Dollar metrics are rounded to cents and occupancy to 4 decimals.
func costValues(b *cmsdata.Bundle) ([][]obs, []string, error) {
	out := make([][]obs, len(CostMetrics))
	desc := make([]string, len(CostMetrics))
	if t := b.Table(cmsdata.KindRANDHCRIS); t != nil {
		ids, vals, err := cmsdata.RANDValues(t, randVars...)
		if err != nil {
			return nil, nil, err
		}
		for m := range out[:5] {
			out[m] = make([]obs, 0, len(ids))
		}
		for r, id := range ids {
			// NaN is kept: a later report of the same CCN wins, even when it lacks a metric
			for m, v := range costMetrics(vals[r*len(randVars) : (r+1)*len(randVars)]) {
				out[m] = append(out[m], obs{id: id, v: v})
			}
		}
		for m := 0; m < 5; m++ {
			if hasValue(out[m]) {
				desc[m] = t.Name + ": RAND HCRIS formula (docs/methodology.md)"
			}
		}
	}
	for _, k := range []cmsdata.Kind{cmsdata.KindMSPB6, cmsdata.KindMSPB, cmsdata.KindHVBPEfficiency} {
		t := b.Table(k)
		if t == nil {
			continue
		}
		v, err := cmsdata.MSPB(t)
		if err != nil {
			return nil, nil, err
		}
		if len(v) > 0 {
			out[5] = make([]obs, 0, len(v))
			for id, x := range v {
				out[5] = append(out[5], obs{id: id, v: x})
			}
			desc[5] = t.Name + ": MSPB-1"
			break
		}
	}
	return out, desc, nil
}

// costMetrics computes metrics 1–5 of one cost report, given its randVars values in
// order (NaN = missing); NaN = not computable.
func costMetrics(row []float64) [5]float64 {
	var m [5]float64
	for i := range m {
		m[i] = math.NaN()
	}
	get := func(i int) float64 { return row[i] }
	pos := func(x float64) bool { return x > 0 } // false for NaN
	inT, outT := get(rInpatCosts), get(rOutpatCosts)
	tc := inT + outT
	disch := get(rDischarges)
	de := get(rDischargeEquivalents)
	if !pos(de) && pos(inT) && pos(disch) {
		de = float64(disch*tc) / inT
	}
	if pos(de) && pos(tc) {
		m[0] = cents(tc / de)
	}
	if days, avail := get(rDays), get(rBedDays); pos(avail) && days >= 0 {
		m[1] = round4(100 * days / avail)
	} else if occ := get(rOccupancy); occ >= 0 {
		m[1] = round4(100 * occ)
	}
	if m[1] > 100 { // more patient days than staffed bed-days: a reporting error (18 rows in 2022-11-01)
		m[1] = math.NaN()
	}
	cmi := get(rCMI)
	if ic, oc := get(rInpatCharges), get(rOutpatCharges); pos(cmi) && pos(ic) && oc >= 0 {
		nonMedDisch := disch - get(rMdcrDischarges)
		rev := float64(get(rNetPatientRev)*ic)/(ic+oc) - get(rMdcrInpatRevs)
		if pos(nonMedDisch) && pos(rev) {
			m[2] = cents(rev / nonMedDisch / cmi)
		}
	}
	if mc, md := get(rMdcrInpatCosts), get(rMdcrDischarges); pos(mc) && pos(md) && pos(cmi) {
		m[3] = cents(mc / md / cmi)
	}
	if opex := get(rOpex); pos(de) && pos(opex-tc) {
		m[4] = cents((opex - tc) / de)
	}
	return m
}

// Positions of the variables in randVars (TestRandConsts checks the two lists agree).
const (
	rDischarges           = iota // all_inpat_discharges
	rDays                        // all_inpat_days
	rBedDays                     // bed_days_available
	rOccupancy                   // occupancy
	rInpatCosts                  // inpat_totcosts
	rOutpatCosts                 // outpat_totcosts
	rDischargeEquivalents        // discharge_equivalents
	rOpex                        // operating_expenses
	rNetPatientRev               // net_patient_rev
	rInpatCharges                // inpat_charges_subtotal
	rOutpatCharges               // outpat_charges_subtotal
	rMdcrInpatRevs               // mdcr_inpat_revs
	rMdcrDischarges              // mdcr_inpat_discharges
	rMdcrInpatCosts              // mdcr_inpat_costs
	rCMI                         // impact_cmi
)

func cents(x float64) float64  { return math.Round(x*100) / 100 }
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

func hasValue(o []obs) bool {
	for _, x := range o {
		if !math.IsNaN(x.v) {
			return true
		}
	}
	return false
}
