package scoring

// Result is the result document: what ScoreJSON returns for a valid submission. It is
// deterministic (same input → the same bytes, natively and under wasm): every number is computed
// in integers (INFRAM weights × credit tenths, Value Score centipoints) and only converted to a
// decimal at the end, so no platform's floating point can change an answer.
type Result struct {
	// Methodology is the methodology version that produced the result (Methodology).
	Methodology string `json:"methodology"`
	// Status is "estimated" without a review, "verified" with one.
	Status string `json:"status"`
	// Organization echoes the submitted profile.
	Organization Organization `json:"organization"`
	// Infram is the INFRAM staging computed from the questionnaire.
	Infram InframResult `json:"infram"`
	// ValueScore is the Value Score with its explanation.
	ValueScore ValueScoreResult `json:"valueScore"`
	// Review summarizes the review; nil (absent) when Status is "estimated".
	Review *ReviewSummary `json:"review,omitempty"`
}

// The result statuses.
const (
	StatusEstimated = "estimated"
	StatusVerified  = "verified"
)

// InframResult is the INFRAM staging: overall, per domain, the roadmap to the next stage and the
// comparison with the published averages.
type InframResult struct {
	// Catalog is the version of the criteria catalog the answers were scored against.
	Catalog string `json:"catalog"`
	// Stage is the overall stage achieved, 0–7: the highest N whose overall accomplishment is ≥ 70%
	// for stage N and every stage before it.
	Stage int `json:"stage"`
	// DeclaredStage echoes maturity.infram (a stage assessed elsewhere, 0–7); nil when not given.
	DeclaredStage *int `json:"declaredStage,omitempty"`
	// Answered is how many criteria have an answer (0–Criteria); "na" counts as answered.
	Answered int `json:"answered"`
	// Criteria is the number of criteria in the catalog.
	Criteria int `json:"criteria"`
	// Stages is the overall accomplishment of stages 1–7, all five domains combined.
	Stages []StageResult `json:"stages"`
	// Domains are the five domains in catalog order (security, dataCenter, mobility, transport, collaboration).
	Domains []DomainResult `json:"domains"`
	// Roadmap lists what blocks the next overall stage.
	Roadmap Roadmap `json:"roadmap"`
	// Comparison sets the stages against the published INFRAM averages.
	Comparison Comparison `json:"comparison"`
}

// StageResult is the accomplishment of one stage (overall or in one domain).
type StageResult struct {
	// Stage is the stage, 1–7.
	Stage int `json:"stage"`
	// Percent is the accomplishment, 0–100, truncated (not rounded) to one decimal: earned / possible.
	Percent float64 `json:"percent"`
	// Earned is the credited weight, in weight units with one decimal (weight × credit, credit 1, 0.5 or 0).
	Earned float64 `json:"earned"`
	// Possible is the weight of the applicable criteria ("na" excluded), in weight units (integer ≥ 0).
	Possible int `json:"possible"`
	// Met is Percent ≥ 70 (decided exactly in integers: 10 × earned ≥ 7 × possible, possible > 0).
	Met bool `json:"met"`
	// Achieved is Met for this stage and every stage before it.
	Achieved bool `json:"achieved"`
}

// DomainResult is the staging of one INFRAM domain.
type DomainResult struct {
	// Domain is the domain key ("security", "dataCenter", "mobility", "transport", "collaboration").
	Domain string `json:"domain"`
	// Name is the domain's display name.
	Name string `json:"name"`
	// Stage is the domain's stage, 0–7, by the same 70% cumulative rule on its own criteria.
	Stage int `json:"stage"`
	// Answered is how many of the domain's criteria have an answer.
	Answered int `json:"answered"`
	// Criteria is the number of the domain's criteria in the catalog.
	Criteria int `json:"criteria"`
	// Stages is the domain's accomplishment of stages 1–7.
	Stages []StageResult `json:"stages"`
}

// Roadmap is what stands between the organization and its next overall INFRAM stage.
type Roadmap struct {
	// NextStage is Stage+1 (1–7); nil when stage 7 is achieved.
	NextStage *int `json:"nextStage"`
	// Percent is the current overall accomplishment of NextStage, 0–100 (one decimal, truncated).
	Percent float64 `json:"percent"`
	// WeightNeeded is the additional credited weight NextStage needs to reach 70%, in weight units
	// with one decimal, ≥ 0. (Earlier stages are already met by construction.)
	WeightNeeded float64 `json:"weightNeeded"`
	// Items are NextStage's criteria not answered "yes" (and not "na"), heaviest first, then in
	// catalog order.
	Items []RoadmapItem `json:"items"`
}

// RoadmapItem is one unmet criterion blocking the next stage.
type RoadmapItem struct {
	// ID is the criterion id ("s5_q3").
	ID string `json:"id"`
	// Domain is the domain key.
	Domain string `json:"domain"`
	// Stage is the criterion's stage, 1–7.
	Stage int `json:"stage"`
	// Weight is the criterion's weight, 1–10.
	Weight int `json:"weight"`
	// Answer is the current answer: "no", "partial" or "unanswered".
	Answer string `json:"answer"`
	// Gain is the weight a "yes" would add to the stage's earned weight, in weight units with one decimal.
	Gain float64 `json:"gain"`
	// Text is the criterion.
	Text string `json:"text"`
}

// Comparison sets the organization's INFRAM stages against the averages HIMSS Analytics published
// since the model's launch (seed 001): overall 3.66, security 4.22, collaboration 2.46, most
// organizations at stage 4. Only these figures are published; other domains have no average.
type Comparison struct {
	// Source names where the averages come from.
	Source string `json:"source"`
	// MostCommonStage is the published most common stage (4).
	MostCommonStage int `json:"mostCommonStage"`
	// Overall compares the overall stage.
	Overall StageComparison `json:"overall"`
	// Domains compares the domains that have a published average (security, collaboration).
	Domains []StageComparison `json:"domains"`
}

// StageComparison is one stage against a published average.
type StageComparison struct {
	// Domain is the domain key; empty for the overall comparison.
	Domain string `json:"domain,omitempty"`
	// Stage is the organization's stage, 0–7.
	Stage int `json:"stage"`
	// Average is the published average stage (two decimals).
	Average float64 `json:"average"`
	// Difference is Stage − Average, in stages, two decimals (positive = above average).
	Difference float64 `json:"difference"`
	// Position is "above", "at" or "below" the average.
	Position string `json:"position"`
}

// ValueScoreResult is the Value Score: the total, its four value types, the five pillars, the
// case studies, and the explanation whose points add up to the total.
type ValueScoreResult struct {
	// Total is the Value Score, 0–100 points, two decimals. It equals the sum of Explain's points.
	Total float64 `json:"total"`
	// Max is the largest possible Total (100).
	Max float64 `json:"max"`
	// EstimatedTotal is the Total the same submission scores without its review, 0–100; equal to
	// Total when Status is "estimated". Verification never makes Total exceed it.
	EstimatedTotal float64 `json:"estimatedTotal"`
	// Types are the four value types; their points add up to Total.
	Types []TypeResult `json:"types"`
	// Pillars are the five STEPS pillars in order; the pillar points plus baseline add up to Total.
	Pillars []PillarResult `json:"pillars"`
	// CaseStudies are the submitted case studies in submission order, with their completeness,
	// evidence and how to strengthen them.
	CaseStudies []CaseStudyResult `json:"caseStudies"`
	// Explain lists every rule that gave points, line by line; the points add up to Total.
	Explain []Explain `json:"explain"`
}

// TypeResult is one of the four value types.
type TypeResult struct {
	// Type is "baseline", "perceived", "recognized" or "innovative".
	Type string `json:"type"`
	// Points is the type's points, 0–Max, two decimals.
	Points float64 `json:"points"`
	// Max is the type's largest possible points (baseline 25, perceived 15, recognized 35, innovative 25).
	Max float64 `json:"max"`
}

// PillarResult is one STEPS pillar.
type PillarResult struct {
	// Pillar is the pillar key (Pillars).
	Pillar string `json:"pillar"`
	// Name is the pillar's display name.
	Name string `json:"name"`
	// Points is Perceived + Recognized + Innovative, 0–15, two decimals.
	Points float64 `json:"points"`
	// Max is the pillar's largest possible points (15).
	Max float64 `json:"max"`
	// Percent is Points / Max, 0–100, one decimal (truncated).
	Percent float64 `json:"percent"`
	// Level is the pillar's level by Percent: "none" (0), "emerging" (> 0), "developing" (≥ 25),
	// "established" (≥ 50), "leading" (≥ 75).
	Level string `json:"level"`
	// Perceived are the pillar's Perceived points, 0–3, two decimals (its best counted case study).
	Perceived float64 `json:"perceived"`
	// Recognized are the pillar's Recognized points, 0–7, two decimals (its best counted case study).
	Recognized float64 `json:"recognized"`
	// Innovative are the pillar's Innovative points, 0–5, two decimals (its best counted case study).
	Innovative float64 `json:"innovative"`
	// CaseStudies are the ids of the pillar's case studies, in submission order.
	CaseStudies []string `json:"caseStudies"`
	// Strengths are what already earns the pillar its points.
	Strengths []string `json:"strengths"`
	// Opportunities are what keeps points out of reach.
	Opportunities []string `json:"opportunities"`
	// Target is what the next level would need ("developing" for a pillar without points, whose
	// "emerging" level any point reaches; all 15 points for a leading pillar); nil at 15 points.
	Target *Target `json:"target"`
}

// Target is the next level of a pillar and how to get there.
type Target struct {
	// Level is the next level's name.
	Level string `json:"level"`
	// Percent is the next level's threshold, 0–100.
	Percent float64 `json:"percent"`
	// PointsNeeded is how many more points the pillar needs, two decimals, > 0.
	PointsNeeded float64 `json:"pointsNeeded"`
	// Actions are concrete steps, most valuable first.
	Actions []string `json:"actions"`
}

// CaseStudyResult is the evaluation of one case study.
type CaseStudyResult struct {
	// ID is the case study id.
	ID string `json:"id"`
	// Pillar is the case study's pillar key.
	Pillar string `json:"pillar"`
	// Review is "unreviewed" (no review), "undecided" (a review without a decision on it),
	// "accepted" or "rejected".
	Review string `json:"review"`
	// ReviewReason is the reviewer's reason, if any.
	ReviewReason string `json:"reviewReason,omitempty"`
	// Counted is false when the case study was rejected: it then earns nothing.
	Counted bool `json:"counted"`
	// Completeness is the Davies template completeness, 0–100 points (each answered question earns its points).
	Completeness int `json:"completeness"`
	// Evidence is the sum of the points of the measures the review did not reject, 0–MaxMeasures×5, one decimal.
	Evidence float64 `json:"evidence"`
	// Strength is "strong", "moderate" or "limited" (docs/methodology.md).
	Strength string `json:"strength"`
	// Perceived, Recognized and Innovative are the points this case study would give its pillar
	// (0–3, 0–7, 0–5; two decimals); the pillar keeps its best case study's points per type.
	Perceived  float64 `json:"perceived"`
	Recognized float64 `json:"recognized"`
	Innovative float64 `json:"innovative"`
	// Measures are the case study's measures in submission order.
	Measures []MeasureResult `json:"measures"`
	// Strengthen lists the questions whose answers would strengthen the case study, most points first.
	Strengthen []string `json:"strengthen"`
}

// MeasureResult is the evaluation of one measure.
type MeasureResult struct {
	// ID is the measure id.
	ID string `json:"id"`
	// Kind is "expected" or "unique".
	Kind string `json:"kind"`
	// Improvement is the relative improvement in the better direction, in percent of |baseline|,
	// rounded half away from zero to one decimal, clamped to ±100000; nil without both values.
	// With a baseline of 0 it is 100 when the post value is better, else 0.
	Improvement *float64 `json:"improvement"`
	// Points are the measure's evidence points, 0–5, one decimal.
	Points float64 `json:"points"`
	// Review is "unreviewed", "undecided", "accepted" or "rejected".
	Review string `json:"review"`
	// ReviewReason is the reviewer's reason, if any.
	ReviewReason string `json:"reviewReason,omitempty"`
	// Counted is false when the measure or its case study was rejected.
	Counted bool `json:"counted"`
}

// Explain is one line of the Value Score's explanation: a rule and the points it gave.
type Explain struct {
	// Rule names the rule ("baseline.emram", "recognized", ...), as documented in docs/methodology.md.
	Rule string `json:"rule"`
	// Type is the value type the points belong to.
	Type string `json:"type"`
	// Pillar is the pillar key, for pillar rules.
	Pillar string `json:"pillar,omitempty"`
	// CaseStudy is the id of the case study that earned the points, for pillar rules.
	CaseStudy string `json:"caseStudy,omitempty"`
	// Points are the points given, two decimals, ≥ 0.
	Points float64 `json:"points"`
	// Max is the rule's largest possible points.
	Max float64 `json:"max"`
	// Detail says how the points were computed.
	Detail string `json:"detail"`
}

// ReviewSummary summarizes the review that verified the result.
type ReviewSummary struct {
	// Reviewer names who reviewed.
	Reviewer string `json:"reviewer"`
	// Notes are the reviewer's general notes.
	Notes string `json:"notes,omitempty"`
	// CaseStudiesAccepted, CaseStudiesRejected and CaseStudiesUndecided count case studies by decision.
	CaseStudiesAccepted  int `json:"caseStudiesAccepted"`
	CaseStudiesRejected  int `json:"caseStudiesRejected"`
	CaseStudiesUndecided int `json:"caseStudiesUndecided"`
	// MeasuresAccepted, MeasuresRejected and MeasuresUndecided count measures by decision (measures of
	// a rejected case study count as rejected).
	MeasuresAccepted  int `json:"measuresAccepted"`
	MeasuresRejected  int `json:"measuresRejected"`
	MeasuresUndecided int `json:"measuresUndecided"`
}
