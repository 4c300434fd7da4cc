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
	allowed := map[string]bool{"openvalue/scoring": true, "github.com/tidwall/gjson": true,
		"github.com/tidwall/match": true, "github.com/tidwall/pretty": true, "openvalue/internal/jsonstr": true,
		"openvalue/internal/decimal": true}
	for _, p := range testdir.Deps(t, "openvalue/scoring") {
		if !allowed[p] {
			t.Errorf("openvalue/scoring depends on %s; only the standard library, gjson, internal/jsonstr and internal/decimal are allowed", p)
		}
	}
	banned := []string{"os", "syscall/js", "net/http", "database/sql", "time", "math/rand", "math/rand/v2", "unsafe"}
	for _, p := range testdir.Imports(t, "openvalue/scoring") {
		for _, b := range banned {
			if p == b {
				t.Errorf("openvalue/scoring imports %s", p)
			}
		}
	}
}
