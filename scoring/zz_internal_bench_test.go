package scoring

import (
	"encoding/json"
	"os"
	"testing"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

func BenchmarkPieces(b *testing.B) {
	doc, _ := os.ReadFile("../testdata/golden/full_submission.in.json")
	b.Run("utf8", func(b *testing.B) {
		for b.Loop() {
			utf8.Valid(doc)
		}
	})
	b.Run("depth", func(b *testing.B) {
		for b.Loop() {
			depth(doc)
		}
	})
	b.Run("valid", func(b *testing.B) {
		for b.Loop() {
			gjson.ValidBytes(doc)
		}
	})
	b.Run("walk", func(b *testing.B) {
		for b.Loop() {
			var p problems
			var in Input
			d := decoder{p: &p}
			d.root(gjson.ParseBytes(doc), &in)
		}
	})
	in, _ := Decode(doc)
	b.Run("validate", func(b *testing.B) {
		for b.Loop() {
			var p problems
			validate(&in, &p)
		}
	})
	b.Run("score", func(b *testing.B) {
		for b.Loop() {
			score(&in)
		}
	})
	res := score(&in)
	b.Run("marshal", func(b *testing.B) {
		for b.Loop() {
			jsonMarshal(&res)
		}
	})
	b.Run("encode", func(b *testing.B) {
		for b.Loop() {
			encodeResult(&res)
		}
	})
}

func jsonMarshal(r *Result) { json.Marshal(r) }
