package decimal

import (
	"testing"

	"openvalue/internal/testdir"
)

// TestDependencies: standard library only, as the core and the CMS importer that use it require.
func TestDependencies(t *testing.T) {
	for _, p := range testdir.Deps(t, "openvalue/internal/decimal") {
		if p != "openvalue/internal/decimal" {
			t.Errorf("internal/decimal depends on %s; only the standard library is allowed", p)
		}
	}
}
