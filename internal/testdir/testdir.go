// Package testdir finds the project's test inputs from any package directory, so tests
// that read the public CMS files work from `go test ./...`, from an IDE and from CI alike.
package testdir

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Root is the repository root (the folder holding go.mod).
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// CMS returns the folder of the public CMS files (shared/data/cms), taken from
// $OPENVALUE_CMS_DATA or found by walking up from the repository root. It skips the
// test when the files are absent (they live outside the repository).
func CMS(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("OPENVALUE_CMS_DATA"); d != "" {
		if _, err := os.Stat(d); err == nil {
			return d
		}
	}
	for d := Root(); ; d = filepath.Dir(d) {
		c := filepath.Join(d, "shared", "data", "cms")
		if _, err := os.Stat(c); err == nil {
			return c
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	tb.Skip("public CMS files (shared/data/cms) not found; set OPENVALUE_CMS_DATA")
	return ""
}

// Golden is testdata/golden at the repository root.
func Golden() string { return filepath.Join(Root(), "testdata", "golden") }
