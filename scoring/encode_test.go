package scoring

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
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

// TestAppendString: appendString (AppendJSONString) and AppendJSONStringNoHTML escape exactly what
// encoding/json escapes, with and without HTML escaping, wherever the special
// byte falls in the string.
func TestAppendString(t *testing.T) {
	specials := []string{"\"", "\\", "<", ">", "&", "\x00", "\x1f", "\x7f", " ", "é", "\u2028", "\xff", "🏥", "a",
		// Near misses of the eight-byte test's masks, and of U+2028's first bytes.
		"'", "#", "=", "?", "$", "\u00a2", "\u00a6", "\u00bc", "\u00be", "\u2029", "\u20ac", "\u2027", "\u202a", "\xe2\x80", "\xe2"}
	r := rand.New(rand.NewPCG(3, 4))
	check := func(s string) {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("appendString(%q) = %s; want %s", s, got, want)
		}
		// The same string as an Encoder with SetEscapeHTML(false) writes it.
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		want = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		if got := AppendJSONStringNoHTML(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("AppendJSONStringNoHTML(%q) = %s; want %s", s, got, want)
		}
	}
	for _, sp := range specials {
		for pre := 0; pre < 20; pre++ {
			for post := 0; post < 10; post++ {
				check(strings.Repeat("x", pre) + sp + strings.Repeat("y", post))
			}
		}
	}
	for range 20000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.IntN(256))
			if r.IntN(2) == 0 {
				b[i] = byte(' ' + r.IntN(95))
			}
		}
		check(string(b))
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
