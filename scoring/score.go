package scoring

// Score validates a submission and computes its result. Errors are *ValidationError.
func Score(in Input) (Result, error) {
	var p problems
	sh := sheetOf(&in.Infram)
	validate(&in, sh, &p)
	if err := p.err(); err != nil {
		return Result{}, err
	}
	return score(&in, sh, new(workspace)), nil
}

// score computes the result of a valid submission whose INFRAM answers are sh, in w's memory.
func score(in *Input, sh *sheet, w *workspace) Result {
	s := stageAnswers(sh, w)
	res := Result{Methodology: Methodology, Status: StatusEstimated, Organization: in.Organization}
	res.Infram = scoreInfram(in, s, w)
	rv := newReviewOf(in.Review)
	w.texts.reset()
	vs, _ := valueScore(in, s, res.Infram.Stage, rv, w)
	if rv != nil {
		res.Status = StatusVerified
		est, _ := valueScore(in, s, res.Infram.Stage, nil, w)
		vs.EstimatedTotal = est.Total
		res.Review = summarize(in, &vs)
	}
	w.texts.done()
	res.ValueScore = vs
	return res
}

func summarize(in *Input, vs *ValueScoreResult) *ReviewSummary {
	r := &ReviewSummary{Reviewer: in.Review.Reviewer, Notes: in.Review.Notes}
	for _, c := range vs.CaseStudies {
		switch c.Review {
		case string(Accepted):
			r.CaseStudiesAccepted++
		case string(Rejected):
			r.CaseStudiesRejected++
		default:
			r.CaseStudiesUndecided++
		}
		for _, m := range c.Measures {
			switch m.Review {
			case string(Accepted):
				r.MeasuresAccepted++
			case string(Rejected):
				r.MeasuresRejected++
			default:
				r.MeasuresUndecided++
			}
		}
	}
	return r
}
