package scoring

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// BenchmarkPieces times the stages of AppendScore on the full submission, each in a workspace
// kept between calls as AppendScore's pool keeps it, reporting the fastest and the median call
// (min-ns, p50-ns) so the split stays readable on a busy machine.
func BenchmarkPieces(b *testing.B) {
	raw, err := os.ReadFile("../testdata/golden/full_submission.in.json")
	if err != nil {
		b.Fatal(err)
	}
	doc := string(raw)
	in, sh, _ := decode(doc, new(workspace))
	sw := new(workspace)
	res := score(&in, sh, sw)
	out := appendResult(nil, &res, sw.texts.plain)
	w := new(workspace)
	for _, p := range []struct {
		name string
		f    func()
	}{
		{"utf8", func() { utf8.ValidString(doc) }},
		{"scan", func() { scan(raw) }},
		{"gjson-valid", func() { gjson.Valid(doc) }},
		{"decode", func() { decode(doc, w); w.reset() }},
		{"gjson-walk", func() { refDecode(raw) }},
		{"validate", func() {
			var p problems
			validate(&in, sh, &p)
		}},
		{"score", func() { score(&in, sh, w); w.reset() }},
		{"encoding-json", func() { json.Marshal(&res) }},
		{"encode", func() { appendResult(out[:0], &res, sw.texts.plain) }},
	} {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			times := make([]time.Duration, 0, 1<<16)
			for b.Loop() {
				t0 := time.Now()
				p.f()
				if len(times) < cap(times) {
					times = append(times, time.Since(t0))
				}
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[0]), "min-ns")
			b.ReportMetric(float64(times[len(times)/2]), "p50-ns")
		})
	}
}
