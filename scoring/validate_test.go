package scoring_test

import (
	"errors"
	"strings"
	"testing"

	"openvalue/scoring"
)

// TestScoreJSON_Invalid: each document's problems, by path, in the order reported.
func TestScoreJSON_Invalid(t *testing.T) {
	big := `{"organization":{"name":"` + strings.Repeat("x", scoring.MaxDocumentBytes) + `"}}`
	for _, tc := range []struct {
		name, doc string
		want      []string // "path: reason prefix"
	}{
		{"empty", ``, []string{"$: the document is not valid JSON"}},
		{"null", `null`, []string{"$: the document must be a JSON object"}},
		{"array", `[]`, []string{"$: the document must be a JSON object"}},
		{"too large", big, []string{"$: the document is larger than the limit of 1048576 bytes"}},
		{"not UTF-8", "{\"organization\":{\"name\":\"\xff\"}}", []string{"$: the document is not valid UTF-8"}},
		{"deep", strings.Repeat(`{"a":`, 17) + `1` + strings.Repeat(`}`, 17), []string{"$: the document nests"}},
		{"brackets in strings do not nest", `{"organization":{"name":"` + strings.Repeat("[", 100) + `"}}`, nil},
		{"name missing", `{}`, []string{"organization.name: is required"}},
		{"unknown and repeated", `{"organization":{"name":"a","name":"b"},"extra":1}`,
			[]string{"organization.name: field given more than once", "extra: unknown field"}},
		{"wrong object type hides members", `{"organization":"x"}`, []string{"organization: must be an object"}},
		{"stage range", `{"organization":{"name":"a"},"maturity":{"emram":8,"oemram":2.5}}`,
			[]string{"maturity.oemram: must be an integer", "maturity.emram: must be a stage from 0 to 7"}},
		{"answers", `{"organization":{"name":"a"},"infram":{"security":{"s3_q2":"maybe","m1_q1":"yes","zz":"no","s1_q1":1}}}`,
			[]string{`infram.security.s1_q1: must be a string`, `infram.security.s3_q2: must be one of "yes","partial","no","na"`,
				"infram.security.m1_q1: criterion of the mobility domain", "infram.security.zz: unknown criterion"}},
		{"case study", `{"organization":{"name":"a"},"caseStudies":[{"id":"x y","pillar":"money","measures":[{"id":"m","name":"n","kind":"expected","direction":"higher","post":"5"}],"cost":{"currency":"usd"}}]}`,
			[]string{"caseStudies.0.measures.0.post: must be a number", "caseStudies.0.cost.amount: is required",
				"caseStudies.0.id: must use only", "caseStudies.0.title: is required", "caseStudies.0.pillar: must be one of",
				"caseStudies.0.cost.currency: must be an ISO 4217"}},
		{"review", `{"organization":{"name":"a"},"caseStudies":[{"id":"c","title":"t","pillar":"savings","measures":[{"id":"m","name":"n","kind":"unique","direction":"lower"}]}],
			"review":{"reviewer":"r","caseStudies":[{"id":"c","decision":"rejected","measures":[{"id":"q","decision":"accepted"}]},{"id":"c","decision":"accepted"},{"id":"z","decision":"ok"}]}}`,
			[]string{"review.caseStudies.0.reason: is required when", "review.caseStudies.0.measures.0.id: case study \"c\" has no measure",
				"review.caseStudies.1.id: repeats the decision", "review.caseStudies.2.id: no case study has the id", "review.caseStudies.2.decision: must be one of"}},
		{"methodology", `{"methodology":"v0","organization":{"name":"a"}}`, []string{"methodology: must be"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := scoring.ScoreJSON([]byte(tc.doc))
			if tc.want == nil {
				if err != nil {
					t.Fatalf("ScoreJSON = %v; want no error", err)
				}
				return
			}
			var ve *scoring.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, scoring.ErrInvalidInput) {
				t.Fatalf("ScoreJSON error = %v; want a *ValidationError", err)
			}
			if !strings.Contains(string(out), `"code":"invalid_input"`) {
				t.Errorf("error document %s lacks the code", out)
			}
			var got []string
			for _, p := range ve.Problems {
				got = append(got, p.Path+": "+p.Reason)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("problem %d = %q; want prefix %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// TestValidationError_Limit: a document with very many problems lists MaxProblems and counts all.
func TestValidationError_Limit(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"organization":{"name":"a"}`)
	for i := range 150 {
		b.WriteString(`,"x` + strings.Repeat("y", i) + `":1`)
	}
	b.WriteString(`}`)
	_, err := scoring.ScoreJSON([]byte(b.String()))
	var ve *scoring.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != scoring.MaxProblems || ve.Total != 150 {
		t.Fatalf("got %d problems of %d; want %d of 150", len(ve.Problems), ve.Total, scoring.MaxProblems)
	}
	if doc := ve.Document(); !strings.HasPrefix(doc.Error.Message, "150 problems") {
		t.Errorf("message %q", doc.Error.Message)
	}
}
