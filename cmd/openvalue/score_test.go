package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"openvalue/internal/testdir"
)

// TestScore_Golden runs `openvalue score FILE` and `openvalue score -` on every golden case: stdout
// must be the .out.json bytes, the exit status 0 for results and 2 for error documents.
func TestScore_Golden(t *testing.T) {
	ins, _ := filepath.Glob(filepath.Join(testdir.Golden(), "*.in.json"))
	if len(ins) == 0 {
		t.Fatal("no golden cases")
	}
	for _, in := range ins {
		name := strings.TrimSuffix(filepath.Base(in), ".in.json")
		want, err := os.ReadFile(strings.TrimSuffix(in, ".in.json") + ".out.json")
		if err != nil {
			t.Fatal(err)
		}
		doc, _ := os.ReadFile(in)
		wantCode := 0
		if strings.HasPrefix(name, "invalid_") {
			wantCode = 2
		}
		for _, arg := range []string{in, "-"} {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), []string{"score", arg}, func(string) string { return "" }, bytes.NewReader(doc), &stdout, &stderr)
			if code := exitCode(err, &stderr); code != wantCode {
				t.Errorf("openvalue score %s (%s): exit %d; want %d (stderr %q)", arg, name, code, wantCode, stderr.String())
			}
			if !bytes.Equal(stdout.Bytes(), want) {
				t.Errorf("openvalue score %s (%s): stdout differs from the golden file", arg, name)
			}
		}
	}
}

func TestScore_Usage(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		wantCode int
	}{
		{[]string{"score"}, 2},
		{[]string{"score", "a", "b"}, 2},
		{[]string{"score", "-bogus"}, 2},
		{[]string{"score", filepath.Join(t.TempDir(), "missing.json")}, 1},
		{[]string{"score", "-h"}, 0},
	} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), tc.args, func(string) string { return "" }, strings.NewReader(""), &stdout, &stderr)
		if code := exitCode(err, &stderr); code != tc.wantCode {
			t.Errorf("openvalue %v: exit %d; want %d", tc.args, code, tc.wantCode)
		}
	}
}

// TestScore_HugeStdin: a document far over the limit is refused with the error document, without
// reading it all.
func TestScore_HugeStdin(t *testing.T) {
	huge := strings.NewReader(`{"x":"` + strings.Repeat("y", 5<<20) + `"}`)
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"score", "-"}, func(string) string { return "" }, huge, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != 2 || !strings.Contains(stdout.String(), `"invalid_input"`) {
		t.Errorf("exit %d, stdout %.200q", code, stdout.String())
	}
}
