package scoring_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"openvalue/internal/testdir"
	"openvalue/scoring"
)

func addGoldenSeeds(f *testing.F) {
	ins, _ := filepath.Glob(filepath.Join(testdir.Golden(), "*.in.json"))
	for _, in := range ins {
		b, err := os.ReadFile(in)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{``, `{`, `[]`, `null`, `{"organization":{"name":"x"},"organization":{}}`,
		`{"organization":{"name":"x"},"caseStudies":[{"id":"a","title":"t","pillar":"savings","measures":[{"id":"m","name":"n","kind":"unique","direction":"lower","baseline":1e308,"post":-1e308}]}]}`,
		`{"organization":{"name":"\ud800"},"infram":{"security":{"s1_q1":"yes","s1_q1":"no"}}}`} {
		f.Add([]byte(s))
	}
}

// FuzzDecode: Decode never panics; every rejection is a *ValidationError whose problems all have a
// path and a reason; every accepted document re-encodes to a document that decodes to the same Input.
func FuzzDecode(f *testing.F) {
	addGoldenSeeds(f)
	f.Fuzz(func(t *testing.T, doc []byte) {
		in, err := scoring.Decode(doc)
		if err != nil {
			var ve *scoring.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, scoring.ErrInvalidInput) {
				t.Fatalf("Decode error %v is not a *ValidationError wrapping ErrInvalidInput", err)
			}
			if len(ve.Problems) == 0 {
				t.Fatal("ValidationError without problems")
			}
			for _, p := range ve.Problems {
				if p.Path == "" || p.Reason == "" {
					t.Fatalf("problem without a path or reason: %+v", p)
				}
			}
			return
		}
		b1, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		in2, err := scoring.Decode(b1)
		if err != nil {
			t.Fatalf("Decode(re-encoded %s) = %v", b1, err)
		}
		b2, _ := json.Marshal(in2)
		if !bytes.Equal(b1, b2) {
			t.Fatalf("round trip changed the input:\n%s\n%s", b1, b2)
		}
	})
}

// FuzzScore: ScoreJSON never panics and answers the same bytes every time; valid input gives a
// result in range, exactly as encoding/json writes Score's result; invalid input an error document.
func FuzzScore(f *testing.F) {
	addGoldenSeeds(f)
	f.Fuzz(func(t *testing.T, doc []byte) {
		out, err := scoring.ScoreJSON(doc)
		again, err2 := scoring.ScoreJSON(doc)
		if !bytes.Equal(out, again) || (err == nil) != (err2 == nil) {
			t.Fatal("ScoreJSON is not deterministic")
		}
		if err != nil {
			var ve *scoring.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("ScoreJSON error %v is not a *ValidationError", err)
			}
			var ed scoring.ErrorDocument
			if json.Unmarshal(out, &ed) != nil || ed.Error.Code != scoring.CodeInvalidInput || len(ed.Error.Fields) == 0 {
				t.Fatalf("bad error document %s", out)
			}
			return
		}
		var res scoring.Result
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("result is not JSON: %v", err)
		}
		// Byte for byte what encoding/json writes for the same result: the encoder writes the
		// core's own words and validated values without escaping them (appendName), which holds
		// only while no input can reach them.
		in, err := scoring.Decode(doc)
		if err != nil {
			t.Fatalf("ScoreJSON scored a document Decode refuses: %v", err)
		}
		r, err := scoring.Score(in)
		if err != nil {
			t.Fatalf("ScoreJSON scored a document Score refuses: %v", err)
		}
		if want, _ := json.Marshal(&r); !bytes.Equal(out, want) {
			t.Fatalf("ScoreJSON differs from encoding/json of Score:\n got %s\nwant %s", out, want)
		}
		if res.Methodology != scoring.Methodology || res.ValueScore.Total < 0 || res.ValueScore.Total > 100 ||
			res.Infram.Stage < 0 || res.Infram.Stage > 7 {
			t.Fatalf("result out of range: methodology %q total %v stage %d", res.Methodology, res.ValueScore.Total, res.Infram.Stage)
		}
	})
}
