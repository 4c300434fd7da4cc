package scoring

import (
	"encoding/json"
	"os"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// BenchmarkPieces times the stages of ScoreJSON on the full submission, reporting the fastest call
// (min-ns) so the split stays readable on a busy machine.
func BenchmarkPieces(b *testing.B) {
	doc, err := os.ReadFile("../testdata/golden/full_submission.in.json")
	if err != nil {
		b.Fatal(err)
	}
	in, sh, _ := decode(string(doc), new(workspace))
	res := score(&in, sh, new(workspace))
	out := appendResult(nil, &res)
	for _, p := range []struct {
		name string
		f    func()
	}{
		{"utf8", func() { utf8.Valid(doc) }},
		{"scan", func() { scan(doc) }},
		{"gjson-valid", func() { gjson.ValidBytes(doc) }},
		{"decode", func() { decode(string(doc), new(workspace)) }},
		{"gjson-walk", func() { refDecode(doc) }},
		{"validate", func() {
			var p problems
			validate(&in, sh, &p)
		}},
		{"score", func() { score(&in, sh, new(workspace)) }},
		{"encoding-json", func() { json.Marshal(&res) }},
		{"encode", func() { appendResult(out[:0], &res) }},
	} {
		b.Run(p.name, func(b *testing.B) {
			best := time.Hour
			for b.Loop() {
				t0 := time.Now()
				p.f()
				best = min(best, time.Since(t0))
			}
			b.ReportMetric(float64(best), "min-ns")
		})
	}
}
