package scoring

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
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
	pillar                            int // the index of its pillar in Pillars (an int compares at once)
	perceived, recognized, innovative int // centipoints
	ratings                           int // perceived ratings sum, 0–15
	evExpected, evUnique              int // evidence, tenths of a point
	bestImp10                         int // best counted improvement, tenths of a percent
	anyImp                            bool
}

// typePoints is the case study's points of valueTypes[ti] (a switch, not a function per type: the
// pillar loop asks hundreds of times per call, and an indirect call is dear in WebAssembly).
func (e *caseEval) typePoints(ti int) int {
	switch ti {
	case 0:
		return e.perceived
	case 1:
		return e.recognized
	}
	return e.innovative
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
	switch {
	case len(s) < n: // a rune takes at least a byte
		return false
	case len(s) >= utf8.UTFMax*n: // and at most four
		return true
	}
	// Usually the first n bytes are ASCII, so n runes: checked eight bytes at a time (the loop
	// over runes below cost a tenth of scoring under wasm).
	i := 0
	for ; i+8 <= n && load64(s, i)&0x8080808080808080 == 0; i += 8 {
	}
	for ; i < n && s[i] < utf8.RuneSelf; i++ {
	}
	if i == n {
		return true
	}
	for range s {
		if n--; n == 0 {
			return true
		}
	}
	return false
}

func evaluateCase(c *CaseStudy, rv *reviewOf, w *workspace) caseEval {
	var e caseEval
	e.pillar = slices.Index(Pillars, c.Pillar)
	dec, reason := rv.caseDecision(c.ID)
	e.res = CaseStudyResult{
		ID: c.ID, Pillar: string(c.Pillar), Review: dec, ReviewReason: reason,
		Counted: dec != string(Rejected), Measures: cut(&w.measureRes, len(c.Measures)),
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

	var imps []float64 // the measures' improvements, which the results point to
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
				imps = cut(&w.imps, len(c.Measures))
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
	e.res.Strengthen = cut(&w.strs, len(strengthen))
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
func valueScore(in *Input, s *staging, inframStage int, rv *reviewOf, w *workspace) (ValueScoreResult, int) {
	vs := ValueScoreResult{Max: hundredths(maxTotal), CaseStudies: cut(&w.caseRes, len(in.CaseStudies)),
		Explain: cut(&w.explain, 4+len(Pillars)*len(valueTypes))[:0], Pillars: cut(&w.pillars, len(Pillars))}
	total := 0
	tx := &w.texts
	// add appends an explanation; its detail, when not a constant, is written after it to tx, and
	// the pointer to it stays good because vs.Explain has room for every explanation.
	add := func(x Explain, cp int) *Explain {
		x.Points = hundredths(cp)
		vs.Explain = append(vs.Explain, x)
		total += cp
		return &vs.Explain[len(vs.Explain)-1]
	}

	// Baseline.
	base := 0
	m := in.Maturity
	// EMRAM and O-EMRAM: points per stage reported, none without one.
	maturity := func(rule, model string, stage *int, per int, each string, max int) {
		pts := 0
		if stage != nil {
			pts = *stage * per
		}
		x := add(Explain{Rule: rule, Type: "baseline", Max: hundredths(max)}, pts)
		base += pts
		if stage == nil {
			tx.start(&x.Detail, model, " stage not reported: 0 points")
			return
		}
		tx.start(&x.Detail, model, " stage ")
		tx.num(*stage)
		tx.more(" × ", each)
	}
	maturity("baseline.emram", "EMRAM", m.EMRAM, 100, "1 point", maxEMRAM)
	maturity("baseline.oemram", "O-EMRAM", m.OEMRAM, 50, "0.5 points", maxOEMRAM)
	answered := 0
	for _, n := range s.answered {
		answered += n
	}
	switch {
	case answered > 0:
		x := add(Explain{Rule: "baseline.infram", Type: "baseline", Max: hundredths(maxINFRAM)}, inframStage*100)
		tx.start(&x.Detail, "INFRAM stage ")
		tx.num(inframStage)
		tx.more(" (computed from the questionnaire) × 1 point")
		base += inframStage * 100
	case m.INFRAM != nil:
		x := add(Explain{Rule: "baseline.infram", Type: "baseline", Max: hundredths(maxINFRAM)}, *m.INFRAM*100)
		tx.start(&x.Detail, "INFRAM stage ")
		tx.num(*m.INFRAM)
		tx.more(" (declared; no questionnaire answers) × 1 point")
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
	x := add(Explain{Rule: "baseline.security", Type: "baseline", Max: hundredths(maxSecurity)}, secCP)
	tx.start(&x.Detail, "security practice: ")
	tx.tenth(sec.percent10())
	tx.more("% of the INFRAM security criteria's applicable weight credited × 7.5 points")
	base += secCP

	// Case studies and pillars.
	evals := cut(&w.evals, len(in.CaseStudies))
	for i := range in.CaseStudies {
		evals[i] = evaluateCase(&in.CaseStudies[i], rv, w)
		vs.CaseStudies[i] = evals[i].res
	}
	var typeCP [3]int
	for k, p := range Pillars {
		pr := pillarAcc{p: p, k: k}
		for ti := range valueTypes {
			t := &valueTypes[ti]
			best, n := -1, 0
			for i := range evals {
				e := &evals[i]
				if e.pillar != k || !e.res.Counted {
					continue
				}
				n++
				if best < 0 || e.typePoints(ti) > evals[best].typePoints(ti) {
					best = i
				}
			}
			cp := 0
			if best >= 0 {
				cp = evals[best].typePoints(ti)
			}
			x := add(Explain{Rule: t.name, Type: t.name, Pillar: string(p), Max: hundredths(t.max)}, cp)
			if best < 0 {
				x.Detail = "no counted case study in this pillar: 0 points"
			} else {
				e := &evals[best]
				x.CaseStudy = e.res.ID
				if n == 1 {
					tx.start(&x.Detail, "the one counted case study, ")
				} else {
					tx.start(&x.Detail, "best of ")
					tx.num(n)
					tx.more(" counted case studies: ")
				}
				tx.more(e.res.ID, ": ")
				how(tx, ti, e)
			}
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
		pr.finish(&vs.Pillars[k], evals, in, w)
	}
	vs.Types = cut(&w.types, 4)
	vs.Types[0] = TypeResult{Type: "baseline", Points: hundredths(base), Max: hundredths(maxBaseline)}
	vs.Types[1] = TypeResult{Type: "perceived", Points: hundredths(typeCP[0]), Max: hundredths(5 * maxPerceived)}
	vs.Types[2] = TypeResult{Type: "recognized", Points: hundredths(typeCP[1]), Max: hundredths(5 * maxRecognized)}
	vs.Types[3] = TypeResult{Type: "innovative", Points: hundredths(typeCP[2]), Max: hundredths(5 * maxInnovative)}
	vs.Total = hundredths(total)
	vs.EstimatedTotal = vs.Total
	return vs, total
}

// valueTypes are the three pillar value types: their points per pillar, and how a case study's
// points are explained: "<basis> <amount> of <of> × completeness <c>% × <factor> points".
var valueTypes = [...]struct {
	name, basis, of, factor string
	max                     int
}{
	{"perceived", "impact ratings ", " of 15", "3", maxPerceived},
	{"recognized", "expected-measure evidence ", " of 10", "7", maxRecognized},
	{"innovative", "unique-measure evidence ", " of 10", "5", maxInnovative},
}

// how writes how case study e earned its points of valueTypes[ti], the end of the explanation's
// detail: its ratings or evidence (capped) and its completeness.
func how(tx *texts, ti int, e *caseEval) {
	t := &valueTypes[ti]
	tx.more(t.basis)
	switch ti {
	case 0:
		tx.num(e.ratings)
	case 1:
		tx.tenth(min(e.evExpected, evidenceCap))
	default:
		tx.tenth(min(e.evUnique, evidenceCap))
	}
	tx.more(t.of, " × completeness ")
	tx.num(e.res.Completeness)
	tx.more("% × ", t.factor, " points")
}

// pillarAcc accumulates one pillar's points before its texts are written.
type pillarAcc struct {
	p                                 Pillar
	k                                 int // p's index in Pillars
	perceived, recognized, innovative int
}

// finish writes the pillar's result to pr, which stays where it is until the texts are done.
func (a *pillarAcc) finish(pr *PillarResult, evals []caseEval, in *Input, w *workspace) {
	pts := a.perceived + a.recognized + a.innovative
	lv := levelOf(pts)
	*pr = PillarResult{
		Pillar: string(a.p), Name: pillarNames[a.p], Points: hundredths(pts), Max: hundredths(maxPillar),
		Percent: tenths(pts * 1000 / maxPillar), Level: levels[lv].name,
		Perceived: hundredths(a.perceived), Recognized: hundredths(a.recognized), Innovative: hundredths(a.innovative),
	}
	// Size the lists once: a pillar's case studies, a strength per case study, measure and
	// perceived impact, an opportunity per case study and four more.
	n, nm := 0, 0
	for i := range evals {
		if evals[i].pillar == a.k {
			n++
			nm += len(evals[i].res.Measures)
		}
	}
	pr.CaseStudies = cut(&w.strs, n)[:0]
	pr.Strengths = cut(&w.strs, n+nm+1)[:0]
	pr.Opportunities = cut(&w.strs, n+4)[:0]
	tx := &w.texts
	best := -1
	counted := 0
	for i := range evals {
		if evals[i].pillar != a.k {
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
				// The name in typographic quotes, not JSON's: the texts then need no escape
				// (see appendText).
				tx.add(&pr.Strengths, "case study ", e.res.ID, ": “", in.CaseStudies[i].Measures[j].Name, "”, ", what, " measure, improved ")
				tx.b = appendFloat(tx.b, *m.Improvement)
				tx.more("%")
			}
		}
	}
	if a.perceived > 0 {
		tx.add(&pr.Strengths, "perceived impact earns ")
		tx.b = appendFloat(tx.b, hundredths(a.perceived))
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
		t := &cut(&w.targets, 1)[0]
		*t = Target{Level: levels[next].name, Percent: float64(levels[next].percent), Actions: cut(&w.strs, 5)[:0]}
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
}

func divCeil(a, b int) int { return (a + b - 1) / b }
