package scoring

import (
	"math"
	"strconv"
	"strings"
)

// The Value Score (seed 000; docs/methodology.md "Value Score"). Points are computed in integer
// centipoints (1 point = 100) and rounded half up at the one division each rule makes.

// Maximum points of each value type and rule, in centipoints. The total is 100 points:
// baseline 25 + 5 pillars × (perceived 3 + recognized 7 + innovative 5).
const (
	maxEMRAM      = 700 // 1 point per EMRAM stage 0–7
	maxOEMRAM     = 350 // 0.5 point per O-EMRAM stage 0–7
	maxINFRAM     = 700 // 1 point per INFRAM stage 0–7
	maxSecurity   = 750 // INFRAM security-domain practice, 0–7.5 points
	maxBaseline   = maxEMRAM + maxOEMRAM + maxINFRAM + maxSecurity
	maxPerceived  = 300 // per pillar
	maxRecognized = 700 // per pillar
	maxInnovative = 500 // per pillar
	maxPillar     = maxPerceived + maxRecognized + maxInnovative
	maxTotal      = maxBaseline + 5*maxPillar
)

// Completeness points of the Davies template questions of a case study (they add up to 100).
const (
	ptsProblem      = 15
	ptsIntervention = 15
	ptsGovernance   = 10
	ptsMeasured     = 10 // at least one counted measure with baseline and post values
	ptsSpecified    = 10 // at least one counted measure has both values, a unit and a period
	ptsCost         = 10
	ptsOutcomes     = 10
	ptsLessons      = 10
	ptsPerceived    = 10
	// minAnswerRunes is the length a text answer needs for full points; a shorter one earns half.
	minAnswerRunes = 40
	// evidenceCap is the evidence (in tenths of a point) that earns a type's full points: two fully
	// specified measures with ≥ 20% improvement.
	evidenceCap = 100
)

// Measure evidence points, in tenths of a point (0–50).
const (
	ptsUnit   = 5
	ptsPeriod = 5
)

// improvementTier gives the points (tenths) of a relative improvement given in tenths of a percent.
func improvementTier(imp10 int) int {
	switch {
	case imp10 >= 200:
		return 40
	case imp10 >= 100:
		return 30
	case imp10 >= 50:
		return 20
	case imp10 > 0:
		return 10
	}
	return 0
}

// improvement10 is the relative improvement of a measure in tenths of a percent, in the better
// direction, rounded half away from zero and clamped to ±1,000,000 (±100000%). A baseline of 0 has
// no relative change: it counts as 100% when the post value is better, else 0.
func improvement10(m *Measure) (int, bool) {
	if m.Baseline == nil || m.Post == nil {
		return 0, false
	}
	b, p := *m.Baseline, *m.Post
	if b == 0 {
		if (m.Direction == LowerIsBetter && p < 0) || (m.Direction != LowerIsBetter && p > 0) {
			return 1000, true
		}
		return 0, true
	}
	r := float64(p-b) / math.Abs(b)
	if m.Direction == LowerIsBetter {
		r = -r
	}
	t := math.Round(float64(r * 1000))
	t = math.Max(-1e6, math.Min(1e6, t))
	return int(t), true
}

// divRound divides non-negative a by positive b, rounding half up.
func divRound(a, b int) int { return (2*a + b) / (2 * b) }

// reviewOf is the review decisions, looked up by id.
type reviewOf struct {
	r        *Review
	cases    map[string]*CaseStudyReview
	measures map[string]map[string]*MeasureReview
}

func newReviewOf(r *Review) *reviewOf {
	if r == nil {
		return nil
	}
	rv := &reviewOf{r: r, cases: map[string]*CaseStudyReview{}, measures: map[string]map[string]*MeasureReview{}}
	for i := range r.CaseStudies {
		c := &r.CaseStudies[i]
		rv.cases[c.ID] = c
		ms := map[string]*MeasureReview{}
		for j := range c.Measures {
			ms[c.Measures[j].ID] = &c.Measures[j]
		}
		rv.measures[c.ID] = ms
	}
	return rv
}

// decision returns a case study's review state and reason.
func (rv *reviewOf) caseDecision(id string) (string, string) {
	if rv == nil {
		return "unreviewed", ""
	}
	if c, ok := rv.cases[id]; ok {
		return string(c.Decision), c.Reason
	}
	return "undecided", ""
}

func (rv *reviewOf) measureDecision(caseID, id string) (string, string) {
	if rv == nil {
		return "unreviewed", ""
	}
	if m, ok := rv.measures[caseID][id]; ok {
		return string(m.Decision), m.Reason
	}
	return "undecided", ""
}

// caseEval is a case study's evaluation in integers.
type caseEval struct {
	res                               CaseStudyResult
	perceived, recognized, innovative int // centipoints
	ratings                           int // perceived ratings sum, 0–15
	evExpected, evUnique              int // evidence, tenths of a point
	bestImp10                         int // best counted improvement, tenths of a percent
	anyImp                            bool
}

func textPoints(s string, full int) int {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return 0
	case atLeastRunes(s, minAnswerRunes):
		return full
	}
	return full / 2
}

// atLeastRunes reports whether s has at least n characters (runes as for range counts them),
// looking at no more of s than it must: an answer's first 40 characters decide.
func atLeastRunes(s string, n int) bool {
	if len(s) < n { // a rune takes at least a byte
		return false
	}
	for range s {
		if n--; n == 0 {
			return true
		}
	}
	return false
}

func evaluateCase(c *CaseStudy, rv *reviewOf) caseEval {
	var e caseEval
	dec, reason := rv.caseDecision(c.ID)
	e.res = CaseStudyResult{
		ID: c.ID, Pillar: string(c.Pillar), Review: dec, ReviewReason: reason,
		Counted: dec != string(Rejected), Measures: make([]MeasureResult, len(c.Measures)),
	}
	// At most 11 suggestions (five texts, measured, specified, cost, perceived, two kinds): an
	// array on the stack, not a growing slice.
	var buf [11]suggestion
	strengthen := buf[:0]
	text := func(s string, q *textQuestion) int {
		got := textPoints(s, q.full)
		switch {
		case got == 0:
			strengthen = append(strengthen, suggestion{q.full, q.missing})
		case got < q.full:
			strengthen = append(strengthen, suggestion{q.full - got, q.short})
		}
		return got
	}
	comp := 0
	comp += text(c.Problem, &qProblem)
	comp += text(c.Intervention, &qIntervention)
	comp += text(c.Governance, &qGovernance)
	comp += text(c.Outcomes, &qOutcomes)
	comp += text(c.Lessons, &qLessons)

	var imps []float64 // the measures' improvements, which the results point to: one allocation
	measured, specified := 0, 0
	hasExpected, hasUnique := false, false
	for i := range c.Measures {
		m := &c.Measures[i]
		md, mreason := rv.measureDecision(c.ID, m.ID)
		mr := MeasureResult{ID: m.ID, Kind: string(m.Kind), Review: md, ReviewReason: mreason,
			Counted: e.res.Counted && md != string(Rejected)}
		if !e.res.Counted && md != string(Rejected) && rv != nil {
			mr.Review = "rejected"
			if mr.ReviewReason == "" {
				mr.ReviewReason = "its case study was rejected"
			}
		}
		imp, ok := improvement10(m)
		pts := 0
		if ok {
			if imps == nil {
				imps = make([]float64, len(c.Measures))
			}
			imps[i] = tenths(imp)
			mr.Improvement = &imps[i]
			pts = improvementTier(imp)
			if m.Unit != "" {
				pts += ptsUnit
			}
			if m.Period != "" {
				pts += ptsPeriod
			}
		}
		mr.Points = tenths(pts)
		e.res.Measures[i] = mr
		// A measure the reviewer rejected drops out of completeness and evidence; a rejected case
		// study keeps its completeness and strengthening advice but earns nothing (below).
		if md == string(Rejected) {
			continue
		}
		if ok {
			measured++
			if m.Unit != "" && m.Period != "" {
				specified++
			}
			if !e.anyImp || imp > e.bestImp10 {
				e.bestImp10, e.anyImp = imp, true
			}
		}
		if m.Kind == KindUnique {
			e.evUnique += pts
			hasUnique = true
		} else {
			e.evExpected += pts
			hasExpected = true
		}
	}
	if measured > 0 {
		comp += ptsMeasured
	} else {
		strengthen = append(strengthen, suggestion{ptsMeasured, adviceMeasured})
	}
	if specified > 0 {
		comp += ptsSpecified
	} else {
		strengthen = append(strengthen, suggestion{ptsSpecified, adviceSpecified})
	}
	if c.Cost != nil {
		comp += ptsCost
	} else {
		strengthen = append(strengthen, suggestion{ptsCost, adviceCost})
	}
	if c.Perceived != nil {
		comp += ptsPerceived
		e.ratings = c.Perceived.DataCapture + c.Perceived.Processes + c.Perceived.Outcomes
	} else {
		strengthen = append(strengthen, suggestion{ptsPerceived, advicePerceived})
	}
	if !hasExpected {
		strengthen = append(strengthen, suggestion{0, "measures: add a universally expected measure to earn Recognized value"})
	}
	if !hasUnique {
		strengthen = append(strengthen, suggestion{0, "measures: add a measure unique to your organization to earn Innovative value"})
	}
	e.res.Completeness = comp
	e.res.Evidence = tenths(e.evExpected + e.evUnique)
	if e.res.Counted {
		e.perceived = divRound(maxPerceived*e.ratings*comp, 15*100)
		e.recognized = divRound(maxRecognized*min(e.evExpected, evidenceCap)*comp, evidenceCap*100)
		e.innovative = divRound(maxInnovative*min(e.evUnique, evidenceCap)*comp, evidenceCap*100)
	}
	e.res.Perceived, e.res.Recognized, e.res.Innovative = hundredths(e.perceived), hundredths(e.recognized), hundredths(e.innovative)
	switch {
	case !e.res.Counted:
		e.res.Strength = "limited"
	case comp >= 80 && e.anyImp && e.bestImp10 >= 100:
		e.res.Strength = "strong"
	case comp >= 50 && e.anyImp && e.bestImp10 > 0:
		e.res.Strength = "moderate"
	default:
		e.res.Strength = "limited"
	}
	// Most completeness points first; ties keep the template's order.
	for i := 1; i < len(strengthen); i++ {
		for j := i; j > 0 && strengthen[j].points > strengthen[j-1].points; j-- {
			strengthen[j], strengthen[j-1] = strengthen[j-1], strengthen[j]
		}
	}
	e.res.Strengthen = make([]string, len(strengthen))
	for i, s := range strengthen {
		e.res.Strengthen[i] = s.text
	}
	return e
}

type suggestion struct {
	points int
	text   string
}

// textQuestion is a text question of the Davies template with its advice, written once at start-up
// rather than for every case study on every keystroke.
type textQuestion struct {
	full           int
	missing, short string // the advice when unanswered, and when shorter than minAnswerRunes
}

func newTextQuestion(full int, name, ask string) textQuestion {
	return textQuestion{full: full,
		missing: name + ": " + ask + " (+" + strconv.Itoa(full) + " completeness points)",
		short:   name + ": expand the answer to at least " + strconv.Itoa(minAnswerRunes) + " characters (+" + strconv.Itoa(full-full/2) + " completeness points)",
	}
}

var (
	qProblem      = newTextQuestion(ptsProblem, "problem", "describe the local problem the health IT addressed")
	qIntervention = newTextQuestion(ptsIntervention, "intervention", "describe the design and implementation of the intervention")
	qGovernance   = newTextQuestion(ptsGovernance, "governance", "say who led, approved and monitored the work")
	qOutcomes     = newTextQuestion(ptsOutcomes, "outcomes", "describe the qualitative outcomes")
	qLessons      = newTextQuestion(ptsLessons, "lessons", "state the lessons learned")

	adviceMeasured  = "measures: report a measure's baseline and post values (+" + strconv.Itoa(ptsMeasured) + " completeness points)"
	adviceSpecified = "measures: give a measure baseline and post values, a unit and a period (+" + strconv.Itoa(ptsSpecified) + " completeness points)"
	adviceCost      = "cost: state what the intervention cost (+" + strconv.Itoa(ptsCost) + " completeness points)"
	advicePerceived = "perceived: rate the impact on data capture, processes and outcomes (+" + strconv.Itoa(ptsPerceived) + " completeness points)"
)

var pillarNames = map[Pillar]string{
	PillarSatisfaction:      "Satisfaction",
	PillarTreatment:         "Treatment",
	PillarElectronicData:    "Electronic secure data",
	PillarPatientEngagement: "Patient engagement",
	PillarSavings:           "Savings",
}

// Pillar levels by percent of the pillar's 15 points.
var levels = []struct {
	name    string
	percent int
}{{"none", 0}, {"emerging", 0}, {"developing", 25}, {"established", 50}, {"leading", 75}}

func levelOf(points int) int {
	switch {
	case points <= 0:
		return 0
	case points*100 >= 75*maxPillar:
		return 4
	case points*100 >= 50*maxPillar:
		return 3
	case points*100 >= 25*maxPillar:
		return 2
	}
	return 1
}

// valueScore computes the Value Score; with rv nil the review is ignored (the estimate).
func valueScore(in *Input, s *staging, inframStage int, rv *reviewOf) (ValueScoreResult, int) {
	vs := ValueScoreResult{Max: hundredths(maxTotal), CaseStudies: make([]CaseStudyResult, len(in.CaseStudies)),
		Explain: make([]Explain, 0, 4+len(Pillars)*len(valueTypes)), Pillars: make([]PillarResult, 0, len(Pillars))}
	total := 0
	add := func(x Explain, cp int) {
		x.Points = hundredths(cp)
		vs.Explain = append(vs.Explain, x)
		total += cp
	}

	// Baseline.
	base := 0
	m := in.Maturity
	if m.EMRAM != nil {
		add(Explain{Rule: "baseline.emram", Type: "baseline", Max: hundredths(maxEMRAM),
			Detail: "EMRAM stage " + strconv.Itoa(*m.EMRAM) + " × 1 point"}, *m.EMRAM*100)
		base += *m.EMRAM * 100
	} else {
		add(Explain{Rule: "baseline.emram", Type: "baseline", Max: hundredths(maxEMRAM), Detail: "EMRAM stage not reported: 0 points"}, 0)
	}
	if m.OEMRAM != nil {
		add(Explain{Rule: "baseline.oemram", Type: "baseline", Max: hundredths(maxOEMRAM),
			Detail: "O-EMRAM stage " + strconv.Itoa(*m.OEMRAM) + " × 0.5 points"}, *m.OEMRAM*50)
		base += *m.OEMRAM * 50
	} else {
		add(Explain{Rule: "baseline.oemram", Type: "baseline", Max: hundredths(maxOEMRAM), Detail: "O-EMRAM stage not reported: 0 points"}, 0)
	}
	answered := 0
	for _, a := range s.answers {
		if a != unanswered {
			answered++
		}
	}
	switch {
	case answered > 0:
		add(Explain{Rule: "baseline.infram", Type: "baseline", Max: hundredths(maxINFRAM),
			Detail: "INFRAM stage " + strconv.Itoa(inframStage) + " (computed from the questionnaire) × 1 point"}, inframStage*100)
		base += inframStage * 100
	case m.INFRAM != nil:
		add(Explain{Rule: "baseline.infram", Type: "baseline", Max: hundredths(maxINFRAM),
			Detail: "INFRAM stage " + strconv.Itoa(*m.INFRAM) + " (declared; no questionnaire answers) × 1 point"}, *m.INFRAM*100)
		base += *m.INFRAM * 100
	default:
		add(Explain{Rule: "baseline.infram", Type: "baseline", Max: hundredths(maxINFRAM), Detail: "INFRAM stage unknown (no questionnaire answers, none declared): 0 points"}, 0)
	}
	var sec tally
	di := domainIndex("security")
	for _, t := range s.domain[di] {
		sec.earned10 += t.earned10
		sec.possible += t.possible
	}
	secCP := 0
	if sec.possible > 0 {
		secCP = divRound(maxSecurity*sec.earned10, 10*sec.possible)
	}
	add(Explain{Rule: "baseline.security", Type: "baseline", Max: hundredths(maxSecurity),
		Detail: "security practice: " + fmtTenths(sec.percent10()) + "% of the INFRAM security criteria's applicable weight credited × 7.5 points"}, secCP)
	base += secCP

	// Case studies and pillars.
	evals := make([]caseEval, len(in.CaseStudies))
	for i := range in.CaseStudies {
		evals[i] = evaluateCase(&in.CaseStudies[i], rv)
		vs.CaseStudies[i] = evals[i].res
	}
	var typeCP [3]int
	mem := newPillarMem(evals)
	for _, p := range Pillars {
		pr := pillarAcc{p: p}
		for ti := range valueTypes {
			t := &valueTypes[ti]
			best, n := -1, 0
			for i := range evals {
				e := &evals[i]
				if in.CaseStudies[i].Pillar != p || !e.res.Counted {
					continue
				}
				n++
				if best < 0 || t.get(e) > t.get(&evals[best]) {
					best = i
				}
			}
			x := Explain{Rule: t.name, Type: t.name, Pillar: string(p), Max: hundredths(t.max)}
			cp := 0
			if best < 0 {
				x.Detail = "no counted case study in this pillar: 0 points"
			} else {
				e := &evals[best]
				cp = t.get(e)
				x.CaseStudy = e.res.ID
				if n == 1 {
					x.Detail = t.how("the one counted case study, ", e.res.ID, e)
				} else {
					x.Detail = t.how("best of "+strconv.Itoa(n)+" counted case studies: ", e.res.ID, e)
				}
			}
			add(x, cp)
			typeCP[ti] += cp
			switch ti {
			case 0:
				pr.perceived = cp
			case 1:
				pr.recognized = cp
			case 2:
				pr.innovative = cp
			}
		}
		vs.Pillars = append(vs.Pillars, pr.finish(evals, in, mem))
	}
	vs.Types = []TypeResult{
		{Type: "baseline", Points: hundredths(base), Max: hundredths(maxBaseline)},
		{Type: "perceived", Points: hundredths(typeCP[0]), Max: hundredths(5 * maxPerceived)},
		{Type: "recognized", Points: hundredths(typeCP[1]), Max: hundredths(5 * maxRecognized)},
		{Type: "innovative", Points: hundredths(typeCP[2]), Max: hundredths(5 * maxInnovative)},
	}
	vs.Total = hundredths(total)
	vs.EstimatedTotal = vs.Total
	return vs, total
}

// valueTypes are the three pillar value types: their points per pillar and how a case study earned them.
var valueTypes = [...]struct {
	name string
	max  int
	get  func(*caseEval) int
	// how explains the points: "<lead><id>: <how they were computed>", in one allocation.
	how func(lead, id string, e *caseEval) string
}{
	{"perceived", maxPerceived, func(e *caseEval) int { return e.perceived }, func(lead, id string, e *caseEval) string {
		return lead + id + ": impact ratings " + strconv.Itoa(e.ratings) + " of 15 × completeness " + strconv.Itoa(e.res.Completeness) + "% × 3 points"
	}},
	{"recognized", maxRecognized, func(e *caseEval) int { return e.recognized }, func(lead, id string, e *caseEval) string {
		var b [24]byte
		return lead + id + ": expected-measure evidence " + string(appendTenths(b[:0], min(e.evExpected, evidenceCap))) + " of 10 × completeness " + strconv.Itoa(e.res.Completeness) + "% × 7 points"
	}},
	{"innovative", maxInnovative, func(e *caseEval) int { return e.innovative }, func(lead, id string, e *caseEval) string {
		var b [24]byte
		return lead + id + ": unique-measure evidence " + string(appendTenths(b[:0], min(e.evUnique, evidenceCap))) + " of 10 × completeness " + strconv.Itoa(e.res.Completeness) + "% × 5 points"
	}},
}

// pillarAcc accumulates one pillar's points before its texts are written.
type pillarAcc struct {
	p                                 Pillar
	perceived, recognized, innovative int
}

func (a *pillarAcc) finish(evals []caseEval, in *Input, mem *pillarMem) PillarResult {
	pts := a.perceived + a.recognized + a.innovative
	lv := levelOf(pts)
	pr := PillarResult{
		Pillar: string(a.p), Name: pillarNames[a.p], Points: hundredths(pts), Max: hundredths(maxPillar),
		Percent: tenths(pts * 1000 / maxPillar), Level: levels[lv].name,
		Perceived: hundredths(a.perceived), Recognized: hundredths(a.recognized), Innovative: hundredths(a.innovative),
	}
	// Size the lists once: a pillar's case studies, a strength per case study, measure and
	// perceived impact, an opportunity per case study and four more.
	n, nm := 0, 0
	for i := range evals {
		if in.CaseStudies[i].Pillar == a.p {
			n++
			nm += len(evals[i].res.Measures)
		}
	}
	pr.CaseStudies = mem.list(n)
	pr.Strengths = mem.list(n + nm + 1)
	pr.Opportunities = mem.list(n + 4)
	tx := &mem.texts
	tx.reset()
	best := -1
	counted := 0
	for i := range evals {
		if in.CaseStudies[i].Pillar != a.p {
			continue
		}
		e := &evals[i]
		pr.CaseStudies = append(pr.CaseStudies, e.res.ID)
		if !e.res.Counted {
			tx.add(&pr.Opportunities, "case study ", e.res.ID, " was rejected by the review")
			if e.res.ReviewReason != "" {
				tx.more(": ", e.res.ReviewReason)
			}
			continue
		}
		counted++
		if best < 0 || e.perceived+e.recognized+e.innovative > evals[best].perceived+evals[best].recognized+evals[best].innovative {
			best = i
		}
		if e.res.Completeness == 100 {
			tx.add(&pr.Strengths, "case study ", e.res.ID, " answers every question of the template")
		}
		for j, m := range e.res.Measures {
			if m.Counted && m.Improvement != nil && *m.Improvement >= 10 {
				what := "a universally expected"
				if m.Kind == string(KindUnique) {
					what = "an organization-unique"
				}
				tx.add(&pr.Strengths, "case study ", e.res.ID, ": ")
				tx.b = appendQuote(tx.b, in.CaseStudies[i].Measures[j].Name)
				tx.more(", ", what, " measure, improved ")
				tx.b = strconv.AppendFloat(tx.b, *m.Improvement, 'f', -1, 64)
				tx.more("%")
			}
		}
	}
	if a.perceived > 0 {
		tx.add(&pr.Strengths, "perceived impact earns ")
		tx.b = strconv.AppendFloat(tx.b, hundredths(a.perceived), 'f', -1, 64)
		tx.more(" of 3 points")
	}
	if counted == 0 {
		pr.Opportunities = append(pr.Opportunities, "no counted case study evidences this pillar yet (up to 15 points)")
	} else {
		if a.recognized == 0 {
			pr.Opportunities = append(pr.Opportunities, "no measured improvement in a universally expected measure (Recognized value, up to 7 points)")
		}
		if a.innovative == 0 {
			pr.Opportunities = append(pr.Opportunities, "no measured improvement in a measure unique to the organization (Innovative value, up to 5 points)")
		}
		if a.perceived == 0 {
			pr.Opportunities = append(pr.Opportunities, "no self-reported impact (Perceived value, up to 3 points)")
		}
		if c := evals[best].res.Completeness; c < 100 {
			tx.add(&pr.Opportunities, "the strongest case study, ", evals[best].res.ID, ", is ")
			tx.b = strconv.AppendInt(tx.b, int64(c), 10)
			tx.more("% complete: every point of completeness scales its points")
		}
	}
	if pts < maxPillar {
		// The next level with a threshold: "emerging" (any point) is no target, so a pillar
		// without points aims at "developing"; a leading pillar aims at all 15 points.
		next := min(max(lv+1, 2), len(levels)-1)
		t := mem.target()
		*t = Target{Level: levels[next].name, Percent: float64(levels[next].percent), Actions: mem.list(5)}
		goal := divCeil(levels[next].percent*maxPillar, 100)
		if lv == len(levels)-1 {
			t.Percent, goal = 100, maxPillar
		}
		t.PointsNeeded = hundredths(max(goal-pts, 1))
		if counted == 0 {
			t.Actions = append(t.Actions, "submit a complete case study for this pillar with measured baseline and post values")
		} else {
			e := &evals[best]
			if a.recognized < maxRecognized && e.evExpected < evidenceCap {
				t.Actions = append(t.Actions, "document more measured improvement in universally expected measures (Recognized: full points at 10 evidence points, e.g. two measures improved ≥ 20% with unit and period)")
			}
			if a.innovative < maxInnovative && e.evUnique < evidenceCap {
				t.Actions = append(t.Actions, "document measured improvement in measures unique to the organization (Innovative: full points at 10 evidence points)")
			}
			for _, s := range e.res.Strengthen {
				if len(t.Actions) == 5 {
					break
				}
				if !strings.HasPrefix(s, "measures: add") {
					tx.add(&t.Actions, "case study ", e.res.ID, ": ", s)
				}
			}
		}
		pr.Target = t
	}
	tx.done()
	return pr
}

// texts builds the generated texts of one pillar in one buffer and makes them strings with one
// allocation, as substrings of one string, instead of one allocation each (the buffer serves
// every pillar of a result). add appends an empty string to a list and starts its text; more and
// appends to b go on with it; done fills in every text.
type texts struct {
	b    []byte
	refs []textRef
}

// pillarMem is where the pillars of one result take their lists and targets from: one array of
// strings (each list capped at its size, so that no append reaches the next list) and one of
// targets, instead of five allocations per pillar, and the texts buffer they share.
type pillarMem struct {
	strs    []string
	targets []Target
	texts   texts
}

// newPillarMem sizes the memory for every pillar's lists (see finish): three per case study, one
// per measure, and per pillar one strength, four opportunities and five actions.
func newPillarMem(evals []caseEval) *pillarMem {
	n := 3*len(evals) + len(Pillars)*(1+4+5)
	for i := range evals {
		n += len(evals[i].res.Measures)
	}
	return &pillarMem{
		strs: make([]string, 0, n), targets: make([]Target, 0, len(Pillars)),
		texts: texts{b: make([]byte, 0, 512), refs: make([]textRef, 0, 16)},
	}
}

// list returns an empty list with room for n strings.
func (m *pillarMem) list(n int) []string {
	at := len(m.strs)
	if cap(m.strs)-at < n {
		return make([]string, 0, n)
	}
	m.strs = m.strs[:at+n]
	return m.strs[at : at : at+n]
}

func (m *pillarMem) target() *Target {
	if len(m.targets) == cap(m.targets) {
		return new(Target)
	}
	m.targets = m.targets[:len(m.targets)+1]
	return &m.targets[len(m.targets)-1]
}

func (t *texts) reset() { t.b, t.refs = t.b[:0], t.refs[:0] }

type textRef struct {
	list     *[]string
	i        int
	from, to int
}

func (t *texts) add(list *[]string, parts ...string) {
	t.end()
	*list = append(*list, "")
	t.refs = append(t.refs, textRef{list: list, i: len(*list) - 1, from: len(t.b), to: -1})
	t.more(parts...)
}

func (t *texts) more(parts ...string) {
	for _, p := range parts {
		t.b = append(t.b, p...)
	}
}

// end closes the text being built.
func (t *texts) end() {
	if n := len(t.refs); n > 0 && t.refs[n-1].to < 0 {
		t.refs[n-1].to = len(t.b)
	}
}

func (t *texts) done() {
	t.end()
	if len(t.refs) == 0 {
		return
	}
	all := string(t.b)
	for _, r := range t.refs {
		(*r.list)[r.i] = all[r.from:r.to]
	}
}

// appendQuote appends strconv.Quote(s), taking a shortcut for the usual measure name: printable
// ASCII with nothing to escape.
func appendQuote(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
			return strconv.AppendQuote(b, s)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func divCeil(a, b int) int { return (a + b - 1) / b }

func fmtTenths(n int) string { return strconv.FormatFloat(tenths(n), 'f', -1, 64) }

// appendTenths appends what fmtTenths returns, for building a string without a second allocation.
func appendTenths(b []byte, n int) []byte { return strconv.AppendFloat(b, tenths(n), 'f', -1, 64) }
