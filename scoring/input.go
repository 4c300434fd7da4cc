package scoring

// Input is the submission document: one organization's profile, its maturity stages, its INFRAM
// questionnaire answers, its Value Score case studies and, once a reviewer has looked at it, the
// review. Its JSON form is published as scoring/schema/submission.schema.json and described in
// docs/methodology.md ("The submission document"). Every field except organization.name is
// optional, so a half-filled form in the browser can already be scored (as an estimate).
//
// Limits (see Limits): the document is at most MaxDocumentBytes bytes and MaxDepth levels deep;
// at most MaxCaseStudies case studies with at most MaxMeasures measures each; text fields are at
// most MaxTextRunes characters, names and titles at most MaxNameRunes.
type Input struct {
	// Methodology optionally pins the methodology version the submitter scored against; when
	// present it must equal Methodology, so a browser and a server of different versions cannot
	// silently disagree.
	Methodology  string       `json:"methodology,omitempty"`
	Organization Organization `json:"organization"`
	Maturity     Maturity     `json:"maturity"`
	// Infram holds the INFRAM questionnaire answers, per domain, keyed by criterion id (see Catalog).
	// A criterion left out counts as unanswered ("no" credit).
	Infram InframAnswers `json:"infram"`
	// CaseStudies are the Value Score case studies (Davies template), 0–MaxCaseStudies of them.
	CaseStudies []CaseStudy `json:"caseStudies,omitempty"`
	// Review, when present, turns the result from "estimated" into "verified".
	Review *Review `json:"review,omitempty"`
}

// Organization is the submitting organization's profile. Only Name is required.
type Organization struct {
	// Name is the organization's name, 1–MaxNameRunes characters.
	Name string `json:"name"`
	// CCN is the optional CMS Certification Number: exactly 6 characters, digits or upper-case letters.
	CCN string `json:"ccn,omitempty"`
	// Type is one of OrgTypes ("acute", "critical_access", "childrens", "academic",
	// "ambulatory", "health_system", "other"); empty when not given.
	Type string `json:"type,omitempty"`
	// Beds is the number of staffed beds, 0–10000; nil when not given.
	Beds *int `json:"beds,omitempty"`
}

// Maturity holds the organization's HIMSS maturity stages as assessed elsewhere. Each is a stage
// 0–7, or nil when not reported (scored as 0 baseline points, and named as an opportunity).
type Maturity struct {
	// EMRAM is the acute-care EMR Adoption Model stage, 0–7.
	EMRAM *int `json:"emram,omitempty"`
	// OEMRAM is the outpatient EMR Adoption Model stage, 0–7.
	OEMRAM *int `json:"oemram,omitempty"`
	// INFRAM is a previously assessed INFRAM stage, 0–7. The questionnaire's computed stage takes
	// precedence for the Baseline value when any questionnaire answer is given.
	INFRAM *int `json:"infram,omitempty"`
}

// Answer is one INFRAM questionnaire answer: "yes" (credit 1), "partial" (credit 0.5), "no"
// (credit 0) or "na" (not applicable: the criterion leaves both the earned and the possible weight).
type Answer string

// The INFRAM answers.
const (
	AnswerYes     Answer = "yes"
	AnswerPartial Answer = "partial"
	AnswerNo      Answer = "no"
	AnswerNA      Answer = "na"
)

// InframAnswers are the INFRAM questionnaire answers of the five domains, each keyed by criterion id
// ("s3_q2" = security, stage 3, criterion 2). Ids must belong to the domain in the embedded catalog.
type InframAnswers struct {
	Security      map[string]Answer `json:"security,omitempty"`
	DataCenter    map[string]Answer `json:"dataCenter,omitempty"`
	Mobility      map[string]Answer `json:"mobility,omitempty"`
	Transport     map[string]Answer `json:"transport,omitempty"`
	Collaboration map[string]Answer `json:"collaboration,omitempty"`
}

// Pillar is one of the five HIMSS STEPS value pillars.
type Pillar string

// The STEPS pillars, in the order results list them.
const (
	PillarSatisfaction      Pillar = "satisfaction"      // S: satisfaction of patients and providers
	PillarTreatment         Pillar = "treatment"         // T: treatment-driven clinical outcomes
	PillarElectronicData    Pillar = "electronicData"    // E: effectively secured electronic health data
	PillarPatientEngagement Pillar = "patientEngagement" // P: populations of engaged patients
	PillarSavings           Pillar = "savings"           // S: savings in efficiency, productivity, finances
)

// Pillars lists the STEPS pillars in result order.
var Pillars = []Pillar{PillarSatisfaction, PillarTreatment, PillarElectronicData, PillarPatientEngagement, PillarSavings}

// CaseStudy is one Value Score case study, following the HIMSS Davies award template. Completeness
// counts: every answered question earns its points (docs/methodology.md, "Value Score").
type CaseStudy struct {
	// ID identifies the case study within the submission: 1–64 characters of A–Z a–z 0–9 _ -, unique.
	ID string `json:"id"`
	// Title is a short title, 1–MaxNameRunes characters.
	Title string `json:"title"`
	// Pillar is the STEPS pillar the case study evidences.
	Pillar Pillar `json:"pillar"`
	// Problem is the problem statement (Davies: "local problem"), 0–MaxTextRunes characters.
	Problem string `json:"problem,omitempty"`
	// Intervention is the design and implementation of the health IT intervention, 0–MaxTextRunes characters.
	Intervention string `json:"intervention,omitempty"`
	// Governance describes who led, approved and monitored the work, 0–MaxTextRunes characters.
	Governance string `json:"governance,omitempty"`
	// Measures are the quantified outcomes, 0–MaxMeasures of them.
	Measures []Measure `json:"measures,omitempty"`
	// Cost is the cost of the intervention; nil when not given.
	Cost *Cost `json:"cost,omitempty"`
	// Outcomes are the qualitative outcomes, 0–MaxTextRunes characters.
	Outcomes string `json:"outcomes,omitempty"`
	// Lessons are the lessons learned, 0–MaxTextRunes characters.
	Lessons string `json:"lessons,omitempty"`
	// Perceived is the self-reported impact (the Perceived value type); nil when not given.
	Perceived *Perceived `json:"perceived,omitempty"`
}

// MeasureKind says whether a measure is universally expected (evidence of Recognized value) or
// unique to the organization (evidence of Innovative value).
type MeasureKind string

// The measure kinds.
const (
	KindExpected MeasureKind = "expected"
	KindUnique   MeasureKind = "unique"
)

// Direction says which way a measure improves.
type Direction string

// The directions.
const (
	HigherIsBetter Direction = "higher"
	LowerIsBetter  Direction = "lower"
)

// Measure is one quantified outcome of a case study, measured before (Baseline) and after (Post)
// the intervention, in Unit over Period.
type Measure struct {
	// ID identifies the measure within its case study: 1–64 characters of A–Z a–z 0–9 _ -, unique.
	ID string `json:"id"`
	// Name is what is measured, 1–MaxNameRunes characters.
	Name string `json:"name"`
	// Kind is "expected" or "unique".
	Kind MeasureKind `json:"kind"`
	// Direction is "higher" or "lower" (which way is better).
	Direction Direction `json:"direction"`
	// Baseline is the value before the intervention, in Unit; |value| ≤ 1e12; nil when not measured yet.
	Baseline *float64 `json:"baseline,omitempty"`
	// Post is the value after the intervention, in Unit; |value| ≤ 1e12; nil when not measured yet.
	Post *float64 `json:"post,omitempty"`
	// Unit is the unit of Baseline and Post ("%", "minutes", "USD", ...), 0–MaxNameRunes characters.
	Unit string `json:"unit,omitempty"`
	// Period is the measurement period ("2023 vs 2024", "Q1 2024"), 0–MaxNameRunes characters.
	Period string `json:"period,omitempty"`
}

// Cost is what the intervention cost.
type Cost struct {
	// Amount is the cost in Currency, 0–1e12.
	Amount float64 `json:"amount"`
	// Currency is an ISO 4217 code: three upper-case letters ("USD").
	Currency string `json:"currency"`
}

// Perceived is the organization's self-reported impact of the case study's health IT, on a 0–5
// scale each (0 = none, 5 = transformative), along the three lines the Value Score names.
type Perceived struct {
	// DataCapture is the impact on data capture and sharing, 0–5.
	DataCapture int `json:"dataCapture"`
	// Processes is the impact on advanced processes, 0–5.
	Processes int `json:"processes"`
	// Outcomes is the impact on outcomes, 0–5.
	Outcomes int `json:"outcomes"`
}

// Decision is a reviewer's decision on a case study or a measure.
type Decision string

// The decisions.
const (
	Accepted Decision = "accepted"
	Rejected Decision = "rejected"
)

// Review is a reviewer's verification of the submission's evidence. Its presence makes the result
// "verified". Case studies and measures it does not mention keep their submitted evidence
// (counted as undecided); rejected ones earn nothing, so rejecting evidence never raises a score.
type Review struct {
	// Reviewer names who reviewed, 1–MaxNameRunes characters.
	Reviewer string `json:"reviewer"`
	// Notes are the reviewer's general notes, 0–MaxTextRunes characters.
	Notes string `json:"notes,omitempty"`
	// CaseStudies are the decisions per case study, at most one per case study id.
	CaseStudies []CaseStudyReview `json:"caseStudies,omitempty"`
}

// CaseStudyReview is the decision on one case study and, optionally, on its measures.
type CaseStudyReview struct {
	// ID is the id of a case study of the submission.
	ID string `json:"id"`
	// Decision is "accepted" or "rejected".
	Decision Decision `json:"decision"`
	// Reason explains the decision, 0–MaxTextRunes characters; required (non-empty) when rejected.
	Reason string `json:"reason,omitempty"`
	// Measures are the decisions per measure of that case study, at most one per measure id.
	Measures []MeasureReview `json:"measures,omitempty"`
}

// MeasureReview is the decision on one measure.
type MeasureReview struct {
	// ID is the id of a measure of the reviewed case study.
	ID string `json:"id"`
	// Decision is "accepted" or "rejected".
	Decision Decision `json:"decision"`
	// Reason explains the decision, 0–MaxTextRunes characters; required (non-empty) when rejected.
	Reason string `json:"reason,omitempty"`
}

// OrgTypes are the allowed values of Organization.Type.
var OrgTypes = []string{"acute", "critical_access", "childrens", "academic", "ambulatory", "health_system", "other"}

// Limits of the submission document. A document beyond them is refused with a ValidationError.
const (
	MaxDocumentBytes = 1 << 20 // 1 MiB; checked before parsing
	MaxDepth         = 16      // nesting of objects and arrays; a valid document needs 6
	MaxCaseStudies   = 50
	MaxMeasures      = 20   // per case study
	MaxTextRunes     = 8000 // characters of a free-text field
	MaxNameRunes     = 200  // characters of a name, title, unit or period
	MaxIDRunes       = 64   // characters of a case study or measure id
	MaxProblems      = 100  // problems listed in one ValidationError; the message gives the total
	MaxMagnitude     = 1e12 // largest |value| of a measure value or a cost
)
