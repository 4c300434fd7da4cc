//go:build !js

package hvbp

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDeps keeps the package pure (standard library only), so the browser (wasm) and the
// server can both use it.
func TestDeps(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if p != "openvalue/scoring/hvbp" {
			t.Errorf("imports %s; want the standard library only", p)
		}
	}
}
