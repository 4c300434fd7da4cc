package scoring

// INFRAM staging (seed 001; docs/methodology.md "INFRAM staging"). All arithmetic is in integers:
// a criterion's credit is in tenths (yes 10, partial 5, no or unanswered 0) and earned weight is
// weight × credit, so "earned10" is earned weight × 10.

// mark is an INFRAM answer as the engine keeps it: one byte per catalog criterion, so staging
// needs no map and no string comparison.
type mark uint8

const (
	unanswered mark = iota
	markYes
	markPartial
	markNo
	markNA
	markInvalid // given, but not one of the four answers (validate reports it)
)

func markOf(a Answer) mark {
	switch a {
	case AnswerYes:
		return markYes
	case AnswerPartial:
		return markPartial
	case AnswerNo:
		return markNo
	case AnswerNA:
		return markNA
	}
	return markInvalid
}

// credit10 is the credit of an answer in tenths; applicable is false for "na".
func credit10(m mark) (c int, applicable bool) {
	switch m {
	case markYes:
		return 10, true
	case markPartial:
		return 5, true
	case markNA:
		return 0, false
	}
	return 0, true // "no" and unanswered
}

// sheet is the INFRAM questionnaire as the engine reads it: a mark per catalog criterion, plus
// what validate must report and Decode must give back. ScoreJSON decodes the document straight
// into a sheet (no maps); Score builds one from Input's maps.
type sheet struct {
	marks []mark // per catalog criterion
	// raw holds the given answer where marks is markInvalid ("" for a non-string); nil until needed.
	raw []Answer
	// unknown are the ids given in each domain that are not criteria of that domain.
	unknown [numDomains][]idAnswer
	// given is whether the domain was given as an object (Decode's maps are nil otherwise).
	given [numDomains]bool
}

type idAnswer struct {
	id string
	a  Answer
}

func newSheet() *sheet { return &sheet{marks: make([]mark, len(theCatalog.criteria))} }

// newSheet returns the workspace's sheet, empty (release resets it).
func (w *workspace) newSheet() *sheet {
	if w.sheet.marks == nil {
		w.sheet.marks = make([]mark, len(theCatalog.criteria))
	}
	return &w.sheet
}

// reset forgets every answer.
func (s *sheet) reset() {
	clear(s.marks)
	s.raw = nil
	s.unknown = [numDomains][]idAnswer{}
	s.given = [numDomains]bool{}
}

// domainRange is where domain di's criteria sit in the catalog (they are contiguous).
func domainRange(di int) (from, to int) {
	from = theCatalog.first[di][0]
	last := theCatalog.first[di][numStages-1] + theCatalog.count[di][numStages-1]
	return from, last
}

// clear forgets domain di's answers (a domain given twice keeps only its last object, as a map would).
func (s *sheet) clear(di int) {
	from, to := domainRange(di)
	clear(s.marks[from:to])
	if s.raw != nil {
		clear(s.raw[from:to])
	}
	s.unknown[di] = s.unknown[di][:0]
	s.given[di] = false
}

// set records answer a (valid is false for a non-string) to id in domain di. It reports false
// when the id was already answered, leaving the first answer.
func (s *sheet) set(di int, id string, a Answer, valid bool) bool {
	i := theCatalog.index(di, id)
	if i < 0 {
		for _, u := range s.unknown[di] {
			if u.id == id {
				return false
			}
		}
		s.unknown[di] = append(s.unknown[di], idAnswer{id, a})
		return true
	}
	if s.marks[i] != unanswered {
		return false
	}
	m := markInvalid
	if valid {
		m = markOf(a)
	}
	if m == markInvalid {
		if s.raw == nil {
			s.raw = make([]Answer, len(s.marks))
		}
		s.raw[i] = a
	}
	s.marks[i] = m
	return true
}

// sheetOf reads Input's answer maps (for Score, whose callers build an Input in Go).
func sheetOf(a *InframAnswers) *sheet {
	s := newSheet()
	for di := range theCatalog.domains {
		m := *a.domain(di)
		s.given[di] = m != nil
		for id, ans := range m {
			s.set(di, id, ans, true)
		}
	}
	return s
}

// answers turns the sheet back into Input's maps (for Decode).
func (s *sheet) answers(a *InframAnswers) {
	for di := range theCatalog.domains {
		if !s.given[di] {
			continue
		}
		m := make(map[string]Answer)
		from, to := domainRange(di)
		for i := from; i < to; i++ {
			switch s.marks[i] {
			case unanswered:
			case markInvalid:
				m[theCatalog.criteria[i].id] = s.raw[i]
			default:
				m[theCatalog.criteria[i].id] = markAnswers[s.marks[i]]
			}
		}
		for _, u := range s.unknown[di] {
			m[u.id] = u.a
		}
		*a.domain(di) = m
	}
}

// markAnswers are the answers of the valid marks.
var markAnswers = [...]Answer{markYes: AnswerYes, markPartial: AnswerPartial, markNo: AnswerNo, markNA: AnswerNA}

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
	answers  []mark // per catalog criterion
	answered [numDomains]int
	criteria [numDomains]int
}

func stageAnswers(sh *sheet, w *workspace) *staging {
	s := &w.staging
	*s = staging{answers: sh.marks}
	crit := theCatalog.criteria
	marks := sh.marks[:len(crit)]
	// Each domain's stage is a contiguous run of the catalog (compileCatalog lays them out so).
	for di := range numDomains {
		for st := range numStages {
			from := theCatalog.first[di][st]
			to := from + theCatalog.count[di][st]
			var t tally
			for i := from; i < to; i++ {
				a := marks[i]
				if a != unanswered {
					s.answered[di]++
				}
				if cr, ok := credit10(a); ok {
					wt := crit[i].weight
					t.earned10 += wt * cr
					t.possible += wt
				}
			}
			s.criteria[di] += to - from
			s.domain[di][st] = t
			s.overall[st].earned10 += t.earned10
			s.overall[st].possible += t.possible
		}
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

// stageResults fills out (numStages long) with the stages' results and returns it.
func stageResults(ts *[numStages]tally, out []StageResult) []StageResult {
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

func scoreInfram(in *Input, s *staging, w *workspace) InframResult {
	// The overall and the domains' stage results share one block.
	stages := cut(&w.stages, (numDomains+1)*numStages)
	r := InframResult{
		Catalog:       theCatalog.cat.Version,
		Stage:         stageOf(&s.overall),
		DeclaredStage: in.Maturity.INFRAM,
		Criteria:      len(theCatalog.criteria),
		Stages:        stageResults(&s.overall, stages[:numStages:numStages]),
		Domains:       cut(&w.domains, numDomains),
	}
	for di := range r.Domains {
		r.Answered += s.answered[di]
		r.Domains[di] = DomainResult{
			Domain:   theCatalog.cat.Domains[di].Key,
			Name:     theCatalog.cat.Domains[di].Name,
			Stage:    stageOf(&s.domain[di]),
			Answered: s.answered[di],
			Criteria: s.criteria[di],
			Stages:   stageResults(&s.domain[di], stages[(di+1)*numStages:(di+2)*numStages:(di+2)*numStages]),
		}
	}
	r.Roadmap = roadmap(r.Stage, s, w)
	r.Comparison = Comparison{
		Source:          comparisonSource,
		MostCommonStage: mostCommonStage,
		Overall:         compare("", r.Stage, avgOverall100),
		Domains:         cut(&w.comparison, 2),
	}
	r.Comparison.Domains[0] = compare("security", r.Domains[domainIndex("security")].Stage, avgSecurity100)
	r.Comparison.Domains[1] = compare("collaboration", r.Domains[domainIndex("collaboration")].Stage, avgCollaboration100)
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
func roadmap(stage int, s *staging, w *workspace) Roadmap {
	if stage >= numStages {
		return Roadmap{Items: []RoadmapItem{}} // [], not null
	}
	next := &cut(&w.ints, 1)[0]
	*next = stage + 1
	t := s.overall[*next-1]
	n := 0 // the stage's criteria: room for every item
	for di := range numDomains {
		n += theCatalog.count[di][*next-1]
	}
	rm := Roadmap{NextStage: next, Percent: tenths(t.percent10()), Items: cut(&w.items, n)[:0]}
	if need := PassPercent/10*t.possible - t.earned10; need > 0 {
		rm.WeightNeeded = tenths(need)
	}
	// The unmet criteria by weight, descending, ties in catalog order: a counting sort over the
	// weights, so that each item is written once, in place (the struct is ten words).
	var buf, sortedBuf [64]int32
	open, sorted := buf[:0], sortedBuf[:0]
	var at [maxWeight + 2]int    // at[w]: where the next criterion of weight w goes
	for di := range numDomains { // each domain's criteria of the stage, a contiguous run
		from := theCatalog.first[di][*next-1]
		for i := from; i < from+theCatalog.count[di][*next-1]; i++ {
			if cr, ok := credit10(s.answers[i]); ok && cr < 10 {
				open = append(open, int32(i))
				at[theCatalog.criteria[i].weight]++
			}
		}
	}
	for w, sum := maxWeight, 0; w >= 0; w-- {
		at[w], sum = sum, sum+at[w]
	}
	if len(open) <= len(sortedBuf) {
		sorted = sorted[:len(open)]
	} else {
		sorted = make([]int32, len(open))
	}
	for _, i := range open {
		w := theCatalog.criteria[i].weight
		sorted[at[w]] = i
		at[w]++
	}
	for _, i := range sorted {
		c := &theCatalog.criteria[i]
		a := s.answers[i]
		cr, _ := credit10(a)
		shown := "unanswered"
		if a != unanswered {
			shown = string(markAnswers[a])
		}
		rm.Items = append(rm.Items, RoadmapItem{
			ID: c.id, Domain: theCatalog.domains[c.domain], Stage: c.stage, Weight: c.weight,
			Answer: shown, Gain: tenths(c.weight * (10 - cr)), Text: c.text,
		})
	}
	return rm
}

// maxWeight is the largest weight a criterion may have (compileCatalog checks).
const maxWeight = 10

// tenths converts an integer count of tenths to its decimal value (exact division, so the float
// is the nearest double to the decimal, the same on every platform).
func tenths(n int) float64 { return float64(n) / 10 }

// hundredths converts an integer count of hundredths to its decimal value.
func hundredths(n int) float64 { return float64(n) / 100 }
