package scoring_test

import (
	"math/rand/v2"
	"testing"

	"openvalue/scoring"
)

// randomInput builds a valid submission with random answers, maturity and case studies.
func randomInput(r *rand.Rand) scoring.Input {
	in := scoring.Input{Organization: scoring.Organization{Name: "Random General"}}
	stage := func() *int { n := r.IntN(8); return &n }
	if r.IntN(4) > 0 {
		in.Maturity.EMRAM = stage()
	}
	if r.IntN(4) > 0 {
		in.Maturity.OEMRAM = stage()
	}
	answers := []scoring.Answer{"", scoring.AnswerYes, scoring.AnswerPartial, scoring.AnswerNo, scoring.AnswerNA}
	cat := scoring.InframCatalog()
	for di, d := range cat.Domains {
		m := map[string]scoring.Answer{}
		bias := r.IntN(8) // answer "yes" up to a random stage more often, as real organizations do
		for _, s := range d.Stages {
			for _, c := range s.Criteria {
				a := answers[r.IntN(len(answers))]
				if s.Stage <= bias && r.IntN(3) > 0 {
					a = scoring.AnswerYes
				}
				if a != "" {
					m[c.ID] = a
				}
			}
		}
		*domainAnswers(&in.Infram, di) = m
	}
	for i := range r.IntN(7) {
		c := scoring.CaseStudy{ID: "c" + itoa(i+1), Title: "Case", Pillar: scoring.Pillars[r.IntN(5)]}
		text := func() string {
			switch r.IntN(3) {
			case 0:
				return ""
			case 1:
				return "short"
			}
			return "a sufficiently long answer to one of the Davies template questions"
		}
		c.Problem, c.Intervention, c.Governance, c.Outcomes, c.Lessons = text(), text(), text(), text(), text()
		if r.IntN(2) == 0 {
			c.Cost = &scoring.Cost{Amount: float64(r.IntN(1e6)), Currency: "USD"}
		}
		if r.IntN(2) == 0 {
			c.Perceived = &scoring.Perceived{DataCapture: r.IntN(6), Processes: r.IntN(6), Outcomes: r.IntN(6)}
		}
		for j := range r.IntN(5) {
			m := scoring.Measure{ID: "m" + itoa(j+1), Name: "Measure", Kind: scoring.KindExpected, Direction: scoring.HigherIsBetter}
			if r.IntN(2) == 0 {
				m.Kind = scoring.KindUnique
			}
			if r.IntN(2) == 0 {
				m.Direction = scoring.LowerIsBetter
			}
			if r.IntN(5) > 0 {
				b, p := float64(r.IntN(200)), float64(r.IntN(200))
				m.Baseline, m.Post = &b, &p
			}
			if r.IntN(3) > 0 {
				m.Unit = "%"
			}
			if r.IntN(3) > 0 {
				m.Period = "2024"
			}
			c.Measures = append(c.Measures, m)
		}
		in.CaseStudies = append(in.CaseStudies, c)
	}
	return in
}

func domainAnswers(a *scoring.InframAnswers, i int) *map[string]scoring.Answer {
	return []*map[string]scoring.Answer{&a.Security, &a.DataCenter, &a.Mobility, &a.Transport, &a.Collaboration}[i]
}

func mustScore(t *testing.T, in scoring.Input) scoring.Result {
	t.Helper()
	res, err := scoring.Score(in)
	if err != nil {
		t.Fatalf("Score(random valid input) = %v", err)
	}
	return res
}

// better lists the answers that are "more" than a: an answer where there was none, or a higher credit.
func better(a scoring.Answer) []scoring.Answer {
	switch a {
	case "":
		return []scoring.Answer{scoring.AnswerNo, scoring.AnswerPartial, scoring.AnswerYes, scoring.AnswerNA}
	case scoring.AnswerNo:
		return []scoring.Answer{scoring.AnswerPartial, scoring.AnswerYes}
	case scoring.AnswerPartial:
		return []scoring.Answer{scoring.AnswerYes}
	}
	return nil
}

// TestProperty_MoreAnswersNeverLower: answering a criterion, or raising its answer, never lowers
// any stage's accomplishment (overall or in a domain), any stage, or the Value Score.
func TestProperty_MoreAnswersNeverLower(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cat := scoring.InframCatalog()
	for range 150 {
		in := randomInput(r)
		before := mustScore(t, in)
		di := r.IntN(len(cat.Domains))
		st := cat.Domains[di].Stages[r.IntN(7)]
		id := st.Criteria[r.IntN(len(st.Criteria))].ID
		m := domainAnswers(&in.Infram, di)
		if *m == nil {
			*m = map[string]scoring.Answer{}
		}
		old := (*m)[id]
		for _, a := range better(old) {
			(*m)[id] = a
			after := mustScore(t, in)
			check := func(what string, b, aft []scoring.StageResult) {
				for k := range b {
					if aft[k].Percent < b[k].Percent {
						t.Fatalf("%s: %s %q→%q lowered stage %d from %v%% to %v%%", what, id, old, a, k+1, b[k].Percent, aft[k].Percent)
					}
				}
			}
			check("overall", before.Infram.Stages, after.Infram.Stages)
			for d := range before.Infram.Domains {
				check(before.Infram.Domains[d].Domain, before.Infram.Domains[d].Stages, after.Infram.Domains[d].Stages)
				if after.Infram.Domains[d].Stage < before.Infram.Domains[d].Stage {
					t.Fatalf("%s %q→%q lowered the %s stage", id, old, a, before.Infram.Domains[d].Domain)
				}
			}
			if after.Infram.Stage < before.Infram.Stage {
				t.Fatalf("%s %q→%q lowered the stage from %d to %d", id, old, a, before.Infram.Stage, after.Infram.Stage)
			}
			if after.ValueScore.Total < before.ValueScore.Total {
				t.Fatalf("%s %q→%q lowered the Value Score from %v to %v", id, old, a, before.ValueScore.Total, after.ValueScore.Total)
			}
		}
	}
}

// TestProperty_StageRule: the stage is N exactly when stages 1..N are met and N+1 is not (seed 001),
// overall and per domain; met means percent ≥ 70.
func TestProperty_StageRule(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	check := func(what string, stage int, stages []scoring.StageResult) {
		for _, s := range stages {
			if s.Met != (s.Percent >= 70 && s.Possible > 0) {
				t.Fatalf("%s stage %d: met=%v with %v%%", what, s.Stage, s.Met, s.Percent)
			}
			if s.Stage <= stage && !s.Met {
				t.Fatalf("%s: stage %d achieved but stage %d not met (%v%%)", what, stage, s.Stage, s.Percent)
			}
			if s.Achieved != (s.Stage <= stage) {
				t.Fatalf("%s: stage %d achieved=%v with overall stage %d", what, s.Stage, s.Achieved, stage)
			}
		}
		if stage < 7 && stages[stage].Met {
			t.Fatalf("%s: stage %d but stage %d is met too", what, stage, stage+1)
		}
	}
	for range 300 {
		res := mustScore(t, randomInput(r))
		check("overall", res.Infram.Stage, res.Infram.Stages)
		for _, d := range res.Infram.Domains {
			check(d.Domain, d.Stage, d.Stages)
		}
	}
}

// TestProperty_RejectingNeverRaises: turning any accepted or undecided case study or measure into a
// rejection never raises the verified total, a type or a pillar; and a verified total never exceeds
// the estimate.
func TestProperty_RejectingNeverRaises(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		in := randomInput(r)
		if len(in.CaseStudies) == 0 {
			continue
		}
		in.Review = &scoring.Review{Reviewer: "R"}
		for _, c := range in.CaseStudies {
			if r.IntN(3) == 0 {
				continue // undecided
			}
			cr := scoring.CaseStudyReview{ID: c.ID, Decision: scoring.Accepted}
			for _, m := range c.Measures {
				if r.IntN(2) == 0 {
					cr.Measures = append(cr.Measures, scoring.MeasureReview{ID: m.ID, Decision: scoring.Accepted})
				}
			}
			in.Review.CaseStudies = append(in.Review.CaseStudies, cr)
		}
		before := mustScore(t, in)
		if before.ValueScore.Total > before.ValueScore.EstimatedTotal {
			t.Fatalf("verified %v > estimated %v", before.ValueScore.Total, before.ValueScore.EstimatedTotal)
		}
		// Reject one thing: a whole case study, or one measure.
		c := in.CaseStudies[r.IntN(len(in.CaseStudies))]
		rej := scoring.CaseStudyReview{ID: c.ID, Decision: scoring.Rejected, Reason: "not evidenced"}
		if len(c.Measures) > 0 && r.IntN(2) == 0 {
			m := c.Measures[r.IntN(len(c.Measures))]
			rej = scoring.CaseStudyReview{ID: c.ID, Decision: scoring.Accepted,
				Measures: []scoring.MeasureReview{{ID: m.ID, Decision: scoring.Rejected, Reason: "no source"}}}
		}
		kept := in.Review.CaseStudies[:0:0]
		for _, cr := range in.Review.CaseStudies {
			if cr.ID != c.ID {
				kept = append(kept, cr)
			}
		}
		in.Review.CaseStudies = append(kept, rej)
		after := mustScore(t, in)
		if after.ValueScore.Total > before.ValueScore.Total {
			t.Fatalf("rejecting %+v raised the total from %v to %v", rej, before.ValueScore.Total, after.ValueScore.Total)
		}
		for i := range before.ValueScore.Types {
			if after.ValueScore.Types[i].Points > before.ValueScore.Types[i].Points {
				t.Fatalf("rejecting %+v raised %s", rej, before.ValueScore.Types[i].Type)
			}
		}
		for i := range before.ValueScore.Pillars {
			if after.ValueScore.Pillars[i].Points > before.ValueScore.Pillars[i].Points {
				t.Fatalf("rejecting %+v raised pillar %s", rej, before.ValueScore.Pillars[i].Pillar)
			}
		}
	}
}

// TestProperty_ExplainAddsUp: the explanation, the types and baseline + pillars all add up to the
// total (compared in centipoints), and every number stays in its documented range.
func TestProperty_ExplainAddsUp(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	cp := func(f float64) int { return int(f*100 + 0.5) }
	for range 300 {
		res := mustScore(t, randomInput(r))
		vs := res.ValueScore
		total := cp(vs.Total)
		if total < 0 || total > 10000 {
			t.Fatalf("total %v outside 0–100", vs.Total)
		}
		sum := 0
		for _, x := range vs.Explain {
			if x.Points < 0 || x.Points > x.Max {
				t.Fatalf("explain %+v outside 0–max", x)
			}
			sum += cp(x.Points)
		}
		if sum != total {
			t.Fatalf("explain adds up to %d centipoints; total %d", sum, total)
		}
		sum = 0
		for _, ty := range vs.Types {
			sum += cp(ty.Points)
		}
		if sum != total {
			t.Fatalf("types add up to %d centipoints; total %d", sum, total)
		}
		sum = cp(vs.Types[0].Points)
		for _, p := range vs.Pillars {
			if p.Points > p.Max || p.Percent > 100 {
				t.Fatalf("pillar %+v out of range", p)
			}
			sum += cp(p.Points)
		}
		if sum != total {
			t.Fatalf("baseline + pillars add up to %d centipoints; total %d", sum, total)
		}
		for _, c := range vs.CaseStudies {
			if c.Completeness < 0 || c.Completeness > 100 {
				t.Fatalf("case study %s completeness %d", c.ID, c.Completeness)
			}
		}
	}
}
