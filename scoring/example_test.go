package scoring_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"openvalue/scoring"
)

func ExampleScoreJSON() {
	doc := []byte(`{
	  "organization": {"name": "Example Hospital"},
	  "maturity": {"emram": 6, "oemram": 4},
	  "caseStudies": [{
	    "id": "cs1", "title": "Sepsis alerts", "pillar": "treatment",
	    "measures": [{"id": "m1", "name": "Sepsis mortality", "kind": "expected", "direction": "lower",
	                  "baseline": 12.5, "post": 9.8, "unit": "%", "period": "2023 vs 2024"}]
	  }]
	}`)
	out, err := scoring.ScoreJSON(doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	var res scoring.Result
	json.Unmarshal(out, &res)
	fmt.Println(res.Status, res.ValueScore.Total)
	for _, x := range res.ValueScore.Explain {
		if x.Points > 0 {
			fmt.Printf("%s %s %v: %s\n", x.Rule, x.Pillar, x.Points, x.Detail)
		}
	}
	// Output:
	// estimated 8.7
	// baseline.emram  6: EMRAM stage 6 × 1 point
	// baseline.oemram  2: O-EMRAM stage 4 × 0.5 points
	// recognized treatment 0.7: the one counted case study, cs1: expected-measure evidence 5 of 10 × completeness 20% × 7 points
}

func ExampleScoreJSON_invalid() {
	out, err := scoring.ScoreJSON([]byte(`{"organization": {"name": ""}, "infram": {"security": {"s3_q2": "maybe"}}}`))
	fmt.Println(errors.Is(err, scoring.ErrInvalidInput))
	var doc scoring.ErrorDocument
	json.Unmarshal(out, &doc)
	fmt.Println(doc.Error.Message)
	for _, f := range doc.Error.Fields {
		fmt.Printf("%s: %s\n", f.Path, f.Reason)
	}
	// Output:
	// true
	// 2 problems in the submission
	// organization.name: is required
	// infram.security.s3_q2: must be one of "yes","partial","no","na"
}

func ExampleScore() {
	in := scoring.Input{Organization: scoring.Organization{Name: "Go Caller Hospital"}}
	in.Infram.Security = map[string]scoring.Answer{"s1_q1": scoring.AnswerYes, "s1_q2": scoring.AnswerPartial}
	res, err := scoring.Score(in)
	if err != nil {
		fmt.Println(err)
		return
	}
	s1 := res.Infram.Domains[0].Stages[0]
	fmt.Printf("%s stage 1: %v%% (%v of %d), met %v\n", res.Infram.Domains[0].Domain, s1.Percent, s1.Earned, s1.Possible, s1.Met)
	// Output:
	// security stage 1: 33.8% (11.5 of 34), met false
}
