//go:build js && wasm

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"openvalue/internal/testdir"
)

// fastCall does what engine-start.js does with the three exports: write the document into the
// input buffer, score, read the answer at the output pointer.
func fastCall(doc string) string {
	p := fastScoreInput(int32(len(doc)))
	copy(unsafe.Slice((*byte)(unsafe.Pointer(uintptr(p))), len(doc)), doc)
	n := fastScore(int32(len(doc)))
	return string(unsafe.Slice((*byte)(unsafe.Pointer(uintptr(fastScoreOutput()))), n))
}

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
			if got, want := fastCall(doc), callJS(t, "score", doc); got != want {
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
