//go:build !js

package server

import (
	"os/exec"
	"strings"
	"testing"
)

// The edge compiles package server to WebAssembly and ships it to browsers' neighbours: no
// database driver, PDF library or OS-only package may creep into it, and package receipt
// (which the wasm engine also links) stays standard library only, but for its JSON syntax
// checker internal/jsonscan and string reader internal/jsonstr (themselves standard library only).
func TestImports(t *testing.T) {
	for pkg, allowed := range map[string][]string{
		"openvalue/server":  {"openvalue/server", "openvalue/scoring", "openvalue/receipt", "openvalue/internal/jsonstr", "openvalue/internal/jsonscan", "openvalue/internal/decimal", "github.com/tidwall/"},
		"openvalue/receipt": {"openvalue/receipt", "openvalue/internal/jsonstr", "openvalue/internal/jsonscan"},
	} {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", pkg).CombinedOutput()
		if err != nil {
			t.Skipf("go list: %v %s", err, out)
		}
		for _, dep := range strings.Fields(string(out)) {
			ok := false
			for _, a := range allowed {
				ok = ok || strings.HasPrefix(dep, a)
			}
			if !ok {
				t.Errorf("%s depends on %s", pkg, dep)
			}
		}
	}
	out, _ := exec.Command("go", "list", "-deps", "openvalue/server").CombinedOutput()
	for _, banned := range []string{"os/signal", "os/exec", "database/sql", "net/http/pprof"} {
		for _, dep := range strings.Fields(string(out)) {
			if dep == banned {
				t.Errorf("openvalue/server depends on %s", banned)
			}
		}
	}
}
