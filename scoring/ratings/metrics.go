package ratings

// Domain is one ValueSCORE domain that this package rates.
type Domain int

const (
	Safety Domain = iota
	Cost
)

func (d Domain) String() string {
	if d == Cost {
		return "cost"
	}
	return "safety"
}

// OmittedDomains are the ValueSCORE domains the seed does not specify (it promises them for
// "future editions"): they are left out of every score and named in every output.
var OmittedDomains = []string{"outcomes", "risk", "engagement"}

// Metric describes one rated metric.
type Metric struct {
	ID            string // stable key used in CSV columns, JSON and the snapshot
	Name          string
	LowerIsBetter bool   // direction: the percentile is flipped so that 100 is always best
	Unit          string // the unit of the values after import conversion
}

// SafetyMetrics are the 10 Safety metrics of seed 002, in its order. Directions: lower
// is better for PSI 90, OP-22 (left before being seen), PC-01 (early elective delivery) and
// the five infection SIRs; higher is better for OP-23 (head CT within 45 minutes) and
// SEP-1 (appropriate sepsis care).
var SafetyMetrics = []Metric{
	{"psi_90", "PSI 90 serious complications composite", true, "ratio (observed/expected composite)"},
	{"op_22", "OP-22 left the emergency department before being seen", true, "percent of ED visits"},
	{"op_23", "OP-23 stroke patients with head CT/MRI results within 45 minutes", false, "percent of patients"},
	{"pc_01", "PC-01 elective deliveries scheduled 1-2 weeks early", true, "percent of deliveries"},
	{"sep_1", "SEP-1 appropriate care for severe sepsis and septic shock", false, "percent of patients"},
	{"clabsi", "CLABSI central line-associated bloodstream infections", true, "SIR"},
	{"cauti", "CAUTI catheter-associated urinary tract infections", true, "SIR"},
	{"ssi", "SSI surgical site infections (colon surgery, abdominal hysterectomy)", true, "SIR"},
	{"mrsa", "MRSA bacteremia laboratory-identified events", true, "SIR"},
	{"cdi", "CDI Clostridioides difficile laboratory-identified events", true, "SIR"},
}

// CostMetrics are the 6 Cost metrics of seed 002, in its order; formulas are in cost.go.
var CostMetrics = []Metric{
	{"cost_per_de", "Total cost per discharge equivalent", true, "dollars"},
	{"occupancy", "Maintained bed occupancy rate", false, "percent of available bed-days"},
	{"nonmedicare_rev_per_discharge_cmi", "Non-Medicare inpatient revenue per non-Medicare discharge ÷ CMI", false, "dollars per CMI-adjusted discharge"},
	{"medicare_cost_per_discharge_cmi", "Medicare inpatient operating cost per Medicare discharge ÷ Medicare CMI", true, "dollars per CMI-adjusted discharge"},
	{"admin_cost_per_de", "Administrative (non-patient-care) cost per discharge equivalent", true, "dollars"},
	{"mspb", "Medicare spending per beneficiary (MSPB-1)", true, "ratio to national median"},
}

// Rules are the seed-002 parameters of one domain.
type Rules struct {
	Metrics       []Metric
	MinReported   int     // fewer reported metrics excludes the hospital
	PerUnreported float64 // reporting adjustment per unreported metric, percentile points
}

// DomainRules holds the rules of each domain.
//   - Safety: excluded "if it reported less than 25 percent of the included metrics":
//     fewer than 2.5 of 10, so at least 3 must be reported; −1 point per unreported metric.
//   - Cost: "more than 2 (33 percent) of metrics" must be reported, so at least 3 of 6;
//     −2.8 points per unreported metric.
//
// Both adjustments are capped by construction: the reporting adjustment is at most
// (metrics − MinReported) × PerUnreported (−7 for Safety, −8.4 for Cost) because a hospital
// reporting fewer is excluded, and the change adjustment is clamped to ±MaxChange.
var DomainRules = [2]Rules{
	Safety: {Metrics: SafetyMetrics, MinReported: 3, PerUnreported: 1},
	Cost:   {Metrics: CostMetrics, MinReported: 3, PerUnreported: 2.8},
}

// MaxChange caps the change adjustment: "the final domain score could be adjusted upwards
// or downwards by 10 percentiles" (seed 002).
const MaxChange = 10.0

// ChangeGain scales the percentile change before the start-point weighting (see ChangeAdjustment).
const ChangeGain = 0.5
