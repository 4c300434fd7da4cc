package scoring

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestEncode_MatchesEncodingJSON: the hand-written encoder writes exactly what encoding/json writes,
// for the golden cases and for results with awkward strings and numbers.
func TestEncode_MatchesEncodingJSON(t *testing.T) {
	ins, _ := filepath.Glob("../testdata/golden/*.in.json")
	var results []Result
	for _, f := range ins {
		doc, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in, err := Decode(doc)
		if err != nil {
			continue
		}
		res, err := Score(in)
		if err != nil {
			continue
		}
		results = append(results, res)
	}
	odd := []string{"", "<b>&amp;</b>", "quote \" backslash \\ tab \t nl \n cr \r bell \a nul \x00 \x1f",
		"\u2028\u2029 é 日本 🏥", "bad utf8 \xff\xfe end", "\xed\xa0\x80 surrogate half"}
	r := rand.New(rand.NewPCG(9, 9))
	for i, s := range odd {
		res := results[i%len(results)]
		res.Organization.Name, res.Organization.Type = s, s
		if len(res.ValueScore.Explain) > 0 {
			res.ValueScore.Explain[0].Detail = s
			res.ValueScore.Explain[0].Points = []float64{1e-7, 1e21, 123456789.125, -0.5, 1e20, 0.000001}[i]
		}
		res.ValueScore.Pillars = append(res.ValueScore.Pillars, PillarResult{Strengths: []string{s}})
		res.ValueScore.CaseStudies = nil
		res.Infram.Domains = nil
		res.Review = &ReviewSummary{Reviewer: s, Notes: s, MeasuresRejected: r.IntN(100)}
		results = append(results, res)
	}
	for i := range results {
		want, err := json.Marshal(&results[i])
		if err != nil {
			t.Fatal(err)
		}
		if got := appendResult(nil, &results[i]); !bytes.Equal(got, want) {
			t.Errorf("result %d: appendResult differs from encoding/json:\n got %.300s\nwant %.300s", i, got, want)
		}
	}
}

// TestAppendFloat: the fast path for whole hundredths writes what encoding/json writes, and so do
// arbitrary floats.
func TestAppendFloat(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	check := func(f float64) {
		want, _ := json.Marshal(f)
		if got := appendFloat(nil, f); !bytes.Equal(got, want) {
			t.Fatalf("appendFloat(%v) = %s; want %s", f, got, want)
		}
	}
	for _, f := range []float64{0, -0.5, 0.01, 0.1, 1, 12.35, 99.99, 100, 1e-7, 1e20, 1e21, 123456789.125, 999999999999.99, -3.66} {
		check(f)
	}
	n := 100000
	if runtime.GOOS == "js" {
		n = 3000 // json.Marshal is slow under wasm; the native run covers the range
	}
	for range n {
		k := r.Int64N(2e12) - 1e12
		check(float64(k) / 100)
		check(float64(k) / 10)
		check(r.NormFloat64() * 1e6)
	}
}

// TestValidationError_JSON: the error document is encoding/json's encoding of Document.
func TestValidationError_JSON(t *testing.T) {
	for _, e := range []*ValidationError{
		{},
		{Problems: []Problem{{Path: RootPath, Reason: "the document is not valid JSON"}}, Total: 1},
		{Problems: []Problem{{Path: "a.b", Reason: `must be one of "yes","no" <&>`}, {Path: "x\u2028\xff", Reason: "\x00\t"}}, Total: 5},
	} {
		want, err := json.Marshal(e.Document())
		if err != nil {
			t.Fatal(err)
		}
		if got := e.JSON(); !bytes.Equal(got, want) {
			t.Errorf("JSON() = %s; want %s", got, want)
		}
	}
}
