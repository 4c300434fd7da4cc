//go:build !js

package hac

import (
	"testing"

	"openvalue/internal/testdir"
)

// TestDeps keeps the package pure (standard library only), so the browser (wasm) and the
// server can both use it.
func TestDeps(t *testing.T) {
	testdir.OnlyDeps(t, "openvalue/scoring/hac")
}
