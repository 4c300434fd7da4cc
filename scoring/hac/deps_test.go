//go:build !js

package hac

import (
	"testing"

	"openvalue/internal/testdir"
)

// TestDeps keeps the package pure (standard library only), so the browser (wasm) and the
// server can both use it.
func TestDeps(t *testing.T) {
	for _, p := range testdir.Deps(t, "openvalue/scoring/hac") {
		if p != "openvalue/scoring/hac" {
			t.Errorf("imports %s; want the standard library only", p)
		}
	}
}
