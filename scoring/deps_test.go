package scoring_test

import (
	"testing"

	"openvalue/internal/testdir"
)

// TestDependencies enforces STYLE.md's rule for the core: package openvalue/scoring imports only the
// standard library and gjson (with gjson's own two dependencies), besides the project's JSON string
// writer internal/jsonstr and number reader internal/decimal (both standard library only), and none of the standard packages
// that would tie it to a platform, a clock or the process (os, syscall/js, net/http, database/sql,
// time, math/rand). Its subpackages belong to other areas and are checked by their own tests.
func TestDependencies(t *testing.T) {
	testdir.OnlyDeps(t, "openvalue/scoring", "github.com/tidwall/gjson", "github.com/tidwall/match",
		"github.com/tidwall/pretty", "openvalue/internal/jsonstr", "openvalue/internal/decimal")
	banned := []string{"os", "syscall/js", "net/http", "database/sql", "time", "math/rand", "math/rand/v2", "unsafe"}
	for _, p := range testdir.Imports(t, "openvalue/scoring") {
		for _, b := range banned {
			if p == b {
				t.Errorf("openvalue/scoring imports %s", p)
			}
		}
	}
}
