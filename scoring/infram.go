package scoring

// INFRAM staging (seed 001; docs/methodology.md "INFRAM staging"). All arithmetic is in integers:
// a criterion's credit is in tenths (yes 10, partial 5, no or unanswered 0) and earned weight is
// weight × credit, so "earned10" is earned weight × 10.

// credit10 is the credit of an answer in tenths; ok is false for "na" (not applicable).
func credit10(a Answer) (c int, applicable bool) {
	switch a {
	case AnswerYes:
		return 10, true
	case AnswerPartial:
		return 5, true
	case AnswerNA:
		return 0, false
	}
	return 0, true // "no" and unanswered
}

// PassPercent is the accomplishment a stage needs (seed 001: "70% or better").
const PassPercent = 70

// Published INFRAM averages (seed 001, HIMSS Analytics, stages since the October 2018 launch), in
// hundredths of a stage.
const (
	avgOverall100       = 366 // "the average score is 3.66"
	avgSecurity100      = 422 // "security has the highest average score at 4.22"
	avgCollaboration100 = 246 // "collaboration has the lowest score at 2.46"
	mostCommonStage     = 4   // "Most organizations surveyed fell within INFRAM Stage 4"
)

const comparisonSource = "HIMSS Analytics, INFRAM results since the October 2018 launch (seed 001): average stage 3.66; security 4.22 (highest), collaboration 2.46 (lowest); most organizations at stage 4"

// tally is earned and possible weight of one stage.
type tally struct {
	earned10 int // Σ weight × credit10 over applicable criteria
	possible int // Σ weight over applicable criteria
}

func (t tally) met() bool { return t.possible > 0 && t.earned10 >= PassPercent/10*t.possible }

// percent10 is the accomplishment in tenths of a percent, truncated: 699 means 69.9%.
func (t tally) percent10() int {
	if t.possible == 0 {
		return 0
	}
	return t.earned10 * 100 / t.possible
}

// staging is the tallies of every domain and stage, and the answers in catalog order.
type staging struct {
	domain   [numDomains][numStages]tally
	overall  [numStages]tally
	answers  []Answer // per catalog criterion; "" when unanswered
	answered [numDomains]int
	criteria [numDomains]int
}

func stageAnswers(a *InframAnswers) *staging {
	s := &staging{answers: make([]Answer, len(theCatalog.criteria))}
	var maps [numDomains]map[string]Answer
	for di := range maps {
		maps[di] = *a.domain(di)
	}
	for i, c := range theCatalog.criteria {
		ans := maps[c.domain][c.id]
		s.answers[i] = ans
		s.criteria[c.domain]++
		if ans != "" {
			s.answered[c.domain]++
		}
		cr, ok := credit10(ans)
		if !ok {
			continue
		}
		t := &s.domain[c.domain][c.stage-1]
		t.earned10 += c.weight * cr
		t.possible += c.weight
		o := &s.overall[c.stage-1]
		o.earned10 += c.weight * cr
		o.possible += c.weight
	}
	return s
}

// stageOf applies seed 001's rule: the highest N such that stages 1..N are all met.
func stageOf(ts *[numStages]tally) int {
	n := 0
	for n < numStages && ts[n].met() {
		n++
	}
	return n
}

func stageResults(ts *[numStages]tally) []StageResult {
	out := make([]StageResult, numStages)
	achieved := true
	for i, t := range ts {
		achieved = achieved && t.met()
		out[i] = StageResult{
			Stage:    i + 1,
			Percent:  tenths(t.percent10()),
			Earned:   tenths(t.earned10),
			Possible: t.possible,
			Met:      t.met(),
			Achieved: achieved,
		}
	}
	return out
}

func scoreInfram(in *Input, s *staging) InframResult {
	r := InframResult{
		Catalog:       theCatalog.cat.Version,
		Stage:         stageOf(&s.overall),
		DeclaredStage: in.Maturity.INFRAM,
		Criteria:      len(theCatalog.criteria),
		Stages:        stageResults(&s.overall),
		Domains:       make([]DomainResult, numDomains),
	}
	for di := range r.Domains {
		r.Answered += s.answered[di]
		r.Domains[di] = DomainResult{
			Domain:   theCatalog.cat.Domains[di].Key,
			Name:     theCatalog.cat.Domains[di].Name,
			Stage:    stageOf(&s.domain[di]),
			Answered: s.answered[di],
			Criteria: s.criteria[di],
			Stages:   stageResults(&s.domain[di]),
		}
	}
	r.Roadmap = roadmap(r.Stage, s)
	r.Comparison = Comparison{
		Source:          comparisonSource,
		MostCommonStage: mostCommonStage,
		Overall:         compare("", r.Stage, avgOverall100),
		Domains: []StageComparison{
			compare("security", r.Domains[domainIndex("security")].Stage, avgSecurity100),
			compare("collaboration", r.Domains[domainIndex("collaboration")].Stage, avgCollaboration100),
		},
	}
	return r
}

func compare(domain string, stage, avg100 int) StageComparison {
	d := stage*100 - avg100
	pos := "at"
	switch {
	case d > 0:
		pos = "above"
	case d < 0:
		pos = "below"
	}
	return StageComparison{Domain: domain, Stage: stage, Average: hundredths(avg100), Difference: hundredths(d), Position: pos}
}

// roadmap lists the criteria of the first unmet stage that are not yet "yes" (nor "na"), heaviest
// first and then in catalog order (domain, criterion).
func roadmap(stage int, s *staging) Roadmap {
	if stage >= numStages {
		return Roadmap{Items: []RoadmapItem{}}
	}
	next := stage + 1
	t := s.overall[next-1]
	rm := Roadmap{NextStage: &next, Percent: tenths(t.percent10()), Items: []RoadmapItem{}}
	if need := PassPercent/10*t.possible - t.earned10; need > 0 {
		rm.WeightNeeded = tenths(need)
	}
	for i, c := range theCatalog.criteria {
		if c.stage != next {
			continue
		}
		a := s.answers[i]
		cr, ok := credit10(a)
		if !ok || cr == 10 {
			continue
		}
		shown := string(a)
		if a == "" {
			shown = "unanswered"
		}
		rm.Items = append(rm.Items, RoadmapItem{
			ID: c.id, Domain: theCatalog.domains[c.domain], Stage: c.stage, Weight: c.weight,
			Answer: shown, Gain: tenths(c.weight * (10 - cr)), Text: c.text,
		})
	}
	// Stable insertion sort by weight, descending: the list is short (one stage) and already in
	// catalog order, which breaks ties.
	items := rm.Items
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && items[j].Weight > items[j-1].Weight; j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
	return rm
}

// tenths converts an integer count of tenths to its decimal value (exact division, so the float
// is the nearest double to the decimal, the same on every platform).
func tenths(n int) float64 { return float64(n) / 10 }

// hundredths converts an integer count of hundredths to its decimal value.
func hundredths(n int) float64 { return float64(n) / 100 }
