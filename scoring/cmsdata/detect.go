package cmsdata

// Kind names a recognised CMS (or RAND) file format.
type Kind string

// The file kinds Detect recognises. Names follow CMS's datasets, not file names.
const (
	KindHAC             Kind = "hac"              // HAC Reduction Program, hospital level (any FY2015+ header style)
	KindMSPB            Kind = "mspb"             // Medicare_Hospital_Spending_Per_Patient-Hospital.csv (Score, 2 decimals)
	KindMSPB6           Kind = "mspb6"            // HOSPITAL_QUARTERLY_MSPB_6_DECIMALS.csv (Value, 6 decimals)
	KindHVBPTPS         Kind = "hvbp_tps"         // HVBP Total Performance Score
	KindHVBPSafety      Kind = "hvbp_safety"      // HVBP Safety domain
	KindHVBPClinical    Kind = "hvbp_clinical"    // HVBP Clinical Outcomes domain
	KindHVBPPerson      Kind = "hvbp_person"      // HVBP Person and Community Engagement domain
	KindHVBPEfficiency  Kind = "hvbp_efficiency"  // HVBP Efficiency and Cost Reduction domain
	KindGeneralInfo     Kind = "general_info"     // Hospital General Information
	KindStarAllData     Kind = "star_alldata"     // Overall Star Rating SAS-pack input (alldata_*.csv)
	KindStarOutput      Kind = "star_output"      // Overall Star Rating SAS-pack output
	KindTimelyEffective Kind = "timely_effective" // Timely_and_Effective_Care-Hospital.csv (long format)
	KindComplications   Kind = "complications"    // Complications_and_Deaths-Hospital.csv (long format)
	KindHAI             Kind = "hai"              // Healthcare_Associated_Infections-Hospital.csv (long format)
	KindRANDHCRIS       Kind = "rand_hcris"       // RAND Hospital Data extract of HCRIS cost reports
	KindNational        Kind = "national"         // national or state benchmark files (no hospital rows)
	KindReference       Kind = "reference"        // Measure_Dates, Footnote_Crosswalk (no hospital rows)
)

// Detect recognises a file by its header cells (as returned by ReadTable), never by its
// file name. It returns false for headers it does not know.
func Detect(header []string) (Kind, bool) {
	t := &Table{Header: header, norm: make([]string, len(header))}
	for i, h := range header {
		t.norm[i] = normalise(h)
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if t.Col(n) < 0 {
				return false
			}
		}
		return true
	}
	hasPrefix := func(p string) bool {
		p = normalise(p)
		for _, h := range t.norm {
			if len(h) >= len(p) && h[:len(p)] == p {
				return true
			}
		}
		return false
	}
	facility := has("Facility ID") || has("Provider ID") || has("Provider_ID") || has("PROVIDER ID")
	switch {
	case has("PROVIDER_ID", "SEP_1") || has("PROVIDER_ID", "HAI_1") && has("OP_22"):
		return KindStarAllData, true
	case has("PROVIDER_ID", "summary_score"):
		return KindStarOutput, true
	case hasRAND(t):
		return KindRANDHCRIS, true
	case facility && (has("Total HAC Score") || has("Total_HAC_Score")):
		return KindHAC, true
	case facility && has("Measure ID", "Value") && !has("Facility Name"):
		return KindMSPB6, true
	case facility && has("Total Performance Score"):
		return KindHVBPTPS, true
	case facility && hasPrefix("HAI-1 ") || facility && hasPrefix("HAI-1_"):
		return KindHVBPSafety, true
	case facility && hasPrefix("MORT-30-AMI"):
		return KindHVBPClinical, true
	case facility && hasPrefix("Communication With Nurses"):
		return KindHVBPPerson, true
	case facility && hasPrefix("MSPB-1 "):
		return KindHVBPEfficiency, true
	case facility && has("Hospital overall rating"):
		return KindGeneralInfo, true
	case facility && has("Measure ID", "Score", "Condition"):
		return KindTimelyEffective, true
	case facility && has("Measure ID", "Score", "Denominator"):
		return KindComplications, true
	case facility && has("Measure ID", "Score", "Compared to National"):
		return KindHAI, true
	case facility && has("Measure ID", "Score"):
		return KindMSPB, true
	case !facility && has("Measure ID") && (has("National Rate") || has("Score") || has("National Median")):
		return KindNational, true
	case !facility && has("State", "Measure ID"):
		return KindNational, true
	case has("Measure ID", "Measure Start Quarter") || has("Footnote", "Footnote Text"):
		return KindReference, true
	}
	return "", false
}

// hasRAND reports a RAND Hospital Data header: descriptions ending in "[variable]",
// including the provider number.
func hasRAND(t *Table) bool {
	for _, h := range t.Header {
		if v, ok := bracketVar(h); ok && (v == "prvdr_num") {
			return true
		}
	}
	return false
}

// bracketVar returns the RAND variable name in a header such as
// "Inpatient discharges (all) [all_inpat_discharges]".
func bracketVar(h string) (string, bool) {
	j := len(h) - 1
	for j >= 0 && (h[j] == ' ' || h[j] == '\r' || h[j] == '\n') {
		j--
	}
	if j < 0 || h[j] != ']' {
		return "", false
	}
	for i := j - 1; i >= 0; i-- {
		if h[i] == '[' {
			return h[i+1 : j], true
		}
	}
	return "", false
}
