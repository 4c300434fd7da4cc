//go:build !(js && wasm)

package main

import (
	"os"
	"path/filepath"
)

// cohort is the cohort snapshot for the native build (a debugging aid): $OPENVALUE_COHORT,
// else web/cohort.json when run from the repository root; without one, POST /api/v1/rate
// answers 501 as on any server that has no snapshot.
var cohort = func() []byte {
	file := os.Getenv("OPENVALUE_COHORT")
	if file == "" {
		file = filepath.Join("web", "cohort.json")
	}
	b, _ := os.ReadFile(file)
	return b
}()
