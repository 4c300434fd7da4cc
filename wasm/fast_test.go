//go:build js && wasm

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"openvalue/internal/testdir"
)

// fastCall does what engine-start.js does with the three exports: write the document where the
// input export points, score, read the answer where the output export points (the buffers the
// pointers must be, checked, since Go cannot turn the numbers back into pointers safely).
func fastCall(t *testing.T, doc string) string {
	t.Helper()
	p := fastScoreInput(int32(len(doc)))
	if len(fast.in) != len(doc) || len(doc) > 0 && p != addr(fast.in) {
		t.Fatalf("openvalue_score_input(%d) = %d; the input buffer is %d bytes at %d", len(doc), p, len(fast.in), addr(fast.in))
	}
	copy(fast.in, doc)
	n := fastScore(int32(len(doc)))
	if q := fastScoreOutput(); int(n) != len(fast.out) || q != addr(fast.out) {
		t.Fatalf("openvalue_score = %d at %d; the answer is %d bytes at %d", n, q, len(fast.out), addr(fast.out))
	}
	return string(fast.out)
}

func addr(b []byte) int32 { return int32(uintptr(unsafe.Pointer(unsafe.SliceData(b)))) }

// TestFastScore holds the fast path to the score export's answers: every golden case, twice
// over (the buffers are reused), and inputs that are not documents.
func TestFastScore(t *testing.T) {
	ins, err := filepath.Glob(filepath.Join(testdir.Golden(), "*.in.json"))
	if err != nil || len(ins) == 0 {
		t.Fatalf("no golden cases in %s (%v)", testdir.Golden(), err)
	}
	var docs []string
	for _, in := range ins {
		b, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(b))
	}
	docs = append(docs, "", "null", "{", "[1,2]", `{"organization":{"name":"\ud800"}}`, strings.Repeat(" ", 300<<10)+"{}")
	for round := 0; round < 2; round++ {
		for i, doc := range docs {
			if got, want := fastCall(t, doc), callJS(t, "score", doc); got != want {
				t.Errorf("round %d, document %d: fast path answered\n%.300s\nscore answered\n%.300s", round, i, got, want)
			}
		}
	}
}

// A document longer than the bytes JS says it wrote is cut there, never read past the buffer.
func TestFastScore_Lengths(t *testing.T) {
	fastScoreInput(4)
	if n := fastScore(1 << 20); n <= 0 {
		t.Errorf("fastScore past the input = %d; want an error document", n)
	}
	if n := fastScore(-1); n <= 0 {
		t.Errorf("fastScore(-1) = %d; want an error document", n)
	}
}

// BenchmarkFastScore is the fast path's per-keystroke work on the compacted full submission, less
// the JS side's encodeInto and TextDecoder: copy the document in, score it.
func BenchmarkFastScore(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join(testdir.Golden(), "full_submission.in.json"))
	if err != nil {
		b.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		b.Fatal(err)
	}
	doc := compact.String()
	b.ReportAllocs()
	for b.Loop() {
		fastScoreInput(int32(len(doc)))
		copy(fast.in, doc)
		fastScore(int32(len(doc)))
	}
}
