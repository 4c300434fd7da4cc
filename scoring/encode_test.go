package scoring

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"openvalue/internal/jsonstr"
)

// TestEncode_MatchesEncodingJSON: the hand-written encoder writes exactly what encoding/json writes,
// for the golden cases and for results with awkward strings and numbers.
func TestEncode_MatchesEncodingJSON(t *testing.T) {
	ins, _ := filepath.Glob("../testdata/golden/*.in.json")
	var results []Result
	var plain []bool // the texts.plain of each result's call; false for the made-up ones below
	for _, f := range ins {
		doc, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		w := new(workspace)
		in, sh, p := decode(string(doc), w)
		if !p.has(RootPath) {
			validate(&in, sh, &p)
		}
		if p.err() != nil {
			continue
		}
		results = append(results, score(&in, sh, w))
		plain = append(plain, w.texts.plain)
	}
	if slices.Index(plain, true) < 0 {
		t.Error("no golden case's texts are plain: the encoder's fast path for them is not tested")
	}
	// Awkward strings go where a submission's free text can reach (not into the fields validation
	// holds to a fixed set or to the id alphabet, which appendName writes as they are).
	odd := []string{"", "<b>&amp;</b>", "quote \" backslash \\ tab \t nl \n cr \r bell \a nul \x00 \x1f",
		"\u2028\u2029 é 日本 🏥", "bad utf8 \xff\xfe end", "\xed\xa0\x80 surrogate half"}
	r := rand.New(rand.NewPCG(9, 9))
	for i, s := range odd {
		res := results[i%len(results)]
		res.Organization.Name = s
		res.ValueScore.Explain = slices.Clone(res.ValueScore.Explain) // not the golden result's
		if len(res.ValueScore.Explain) > 0 {
			res.ValueScore.Explain[0].Detail = s
			res.ValueScore.Explain[0].Points = []float64{1e-7, 1e21, 123456789.125, -0.5, 1e20, 0.000001}[i]
		}
		res.ValueScore.Pillars = append(res.ValueScore.Pillars, PillarResult{Strengths: []string{s}})
		res.ValueScore.CaseStudies = nil
		res.Infram.Domains = nil
		res.Review = &ReviewSummary{Reviewer: s, Notes: s, MeasuresRejected: r.IntN(100)}
		results = append(results, res)
		plain = append(plain, false)
	}
	for i := range results {
		want, err := json.Marshal(&results[i])
		if err != nil {
			t.Fatal(err)
		}
		if got := appendResult(nil, &results[i], plain[i]); !bytes.Equal(got, want) {
			k := 0
			for k < len(got) && k < len(want) && got[k] == want[k] {
				k++
			}
			t.Errorf("result %d: appendResult differs from encoding/json at byte %d:\n got …%.200s\nwant …%.200s", i, k, got[max(k-100, 0):], want[max(k-100, 0):])
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

// TestLiteralsVerbatim: every string literal of the files that build results is one that JSON
// holds as it is, so appendName and appendText may copy the core's own words without escaping
// them. (encode.go, json.go, errors.go and scan.go write or read JSON syntax itself; validate.go
// writes error messages, which are escaped.)
func TestLiteralsVerbatim(t *testing.T) {
	files := []string{"catalog.go", "catalog_data.go", "doc.go", "infram.go", "input.go", "result.go", "score.go", "value.go", "workspace.go"}
	fset := token.NewFileSet()
	n := 0
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		skip := map[ast.Expr]bool{}
		ast.Inspect(f, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.Field: // a struct tag is no string of a result
				skip[x.Tag] = true
			case *ast.KeyValueExpr: // nor is the catalog's notice (only in CatalogJSON)
				if k, ok := x.Key.(*ast.Ident); ok && k.Name == "Notice" {
					skip[x.Value] = true
				}
			}
			lit, ok := x.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING || skip[lit] {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatalf("%s: %v", fset.Position(lit.Pos()), err)
			}
			n++
			if !jsonstr.Verbatim([]byte(s)) {
				t.Errorf("%s: %s needs escaping in JSON; the encoder writes the core's words as they are", fset.Position(lit.Pos()), lit.Value)
			}
			return true
		})
	}
	if n < 300 {
		t.Errorf("found only %d string literals; is the list of files right?", n)
	}
}

// TestScoreJSON_FreeText: free text of a submission, wherever it reaches the result (the
// organization's name, a measure's name inside a strength, review reasons and notes, which also
// end up in generated texts), is written exactly as encoding/json writes it, whether or not the
// call's texts need escaping.
func TestScoreJSON_FreeText(t *testing.T) {
	doc, err := os.ReadFile("../testdata/golden/reviewed_rejected.in.json")
	if err != nil {
		t.Fatal(err)
	}
	base, err := Decode(doc)
	if err != nil || base.Review == nil || len(base.Review.CaseStudies) == 0 || len(base.CaseStudies) == 0 {
		t.Fatalf("the reviewed golden case no longer has what this test changes (%v)", err)
	}
	for _, s := range []string{"plain name", "<b>&amp;</b>", `quote " backslash \`, "tab \t nl \n bell \a",
		"\u2028\u2029 line separators", "é 日本 🏥 ≥ ×", "bad utf8 \xff\xfe end"} {
		in := base
		in.Organization.Name = s
		in.CaseStudies = slices.Clone(base.CaseStudies)
		for i := range in.CaseStudies {
			c := &in.CaseStudies[i]
			c.Measures = slices.Clone(c.Measures)
			for j := range c.Measures {
				c.Measures[j].Name = s + " " + strconv.Itoa(j)
			}
		}
		rv := *base.Review
		rv.Notes, rv.Reviewer = s, s
		rv.CaseStudies = slices.Clone(rv.CaseStudies)
		for i := range rv.CaseStudies {
			rv.CaseStudies[i].Reason = s
		}
		in.Review = &rv
		doc, err := json.Marshal(&in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ScoreJSON(doc)
		if err != nil {
			t.Fatalf("%q: %v: %s", s, err, got)
		}
		in, err = Decode(doc) // as the document holds it (encoding/json made the bad UTF-8 U+FFFD)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Score(in)
		if err != nil {
			t.Fatal(err)
		}
		if want, _ := json.Marshal(&res); !bytes.Equal(got, want) {
			t.Errorf("%q: ScoreJSON differs from encoding/json:\n got %s\nwant %s", s, got, want)
		}
		if s == "plain name" && !bytes.Contains(got, []byte("“plain name 0”, a universally expected measure")) {
			t.Errorf("the measure's name is not in the strengths: %s", got)
		}
	}
}
