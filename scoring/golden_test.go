package scoring_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"openvalue/internal/testdir"
	"openvalue/scoring"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.out.json from the current engine")

// TestGolden scores every testdata/golden/<case>.in.json and compares the bytes with <case>.out.json,
// which hold ScoreJSON's output plus the newline the CLI prints. The same test runs natively and
// under GOOS=js GOARCH=wasm; the server, edge and browser tests answer the same files.
func TestGolden(t *testing.T) {
	ins, err := filepath.Glob(filepath.Join(testdir.Golden(), "*.in.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ins) < 12 {
		t.Fatalf("%d golden cases, want at least 12", len(ins))
	}
	for _, in := range ins {
		name := strings.TrimSuffix(filepath.Base(in), ".in.json")
		t.Run(name, func(t *testing.T) {
			doc, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := scoring.ScoreJSON(doc)
			var ve *scoring.ValidationError
			if err != nil && !errors.As(err, &ve) {
				t.Fatalf("ScoreJSON: %v (not a *ValidationError: a bug)", err)
			}
			if invalid := strings.HasPrefix(name, "invalid_"); invalid != (err != nil) {
				t.Errorf("ScoreJSON error = %v; the case name says invalid=%v", err, invalid)
			}
			got = append(got, '\n')
			outFile := strings.TrimSuffix(in, ".in.json") + ".out.json"
			if *update {
				if err := os.WriteFile(outFile, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(outFile)
			if err != nil {
				t.Fatalf("%v (run go test ./scoring -run TestGolden -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("ScoreJSON(%s) differs from %s:\n%s", filepath.Base(in), filepath.Base(outFile), firstDiff(got, want))
			}
		})
	}
}

// firstDiff shows the first differing line of two documents.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return "(same lines, different bytes)"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
