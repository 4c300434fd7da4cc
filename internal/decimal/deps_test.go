package decimal

import (
	"testing"

	"openvalue/internal/testdir"
)

// TestDependencies: standard library only, as the core and the CMS importer that use it require.
func TestDependencies(t *testing.T) {
	testdir.OnlyDeps(t, "openvalue/internal/decimal")
}
