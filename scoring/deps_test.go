package scoring_test

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// TestDependencies enforces STYLE.md's rule for the core: package openvalue/scoring imports only the
// standard library and gjson (with gjson's own two dependencies), and none of the standard packages
// that would tie it to a platform, a clock or the process (os, syscall/js, net/http, database/sql,
// time, math/rand). Its subpackages belong to other areas and are checked by their own tests.
func TestDependencies(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("no go command under wasm; the native run checks the rule")
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "openvalue/scoring").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	allowed := map[string]bool{"openvalue/scoring": true, "github.com/tidwall/gjson": true,
		"github.com/tidwall/match": true, "github.com/tidwall/pretty": true}
	for _, p := range strings.Fields(string(out)) {
		if !allowed[p] {
			t.Errorf("openvalue/scoring depends on %s; only the standard library and gjson are allowed", p)
		}
	}
	out, err = exec.Command("go", "list", "-f", `{{join .Imports "\n"}}`, "openvalue/scoring").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	banned := []string{"os", "syscall/js", "net/http", "database/sql", "time", "math/rand", "math/rand/v2", "unsafe"}
	for _, p := range strings.Fields(string(out)) {
		for _, b := range banned {
			if p == b {
				t.Errorf("openvalue/scoring imports %s", p)
			}
		}
	}
}
