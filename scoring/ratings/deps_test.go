package ratings

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// TestDependencies: the ratings are pure — the standard library, the importer and the
// core's error document (openvalue/scoring, with gjson under it); no file system, clock,
// network or browser, so the same code rates natively, in wasm and on the server.
func TestDependencies(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("no go command under wasm; the native run checks the rule")
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "openvalue/scoring/ratings").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	allowed := map[string]bool{"openvalue/scoring/ratings": true, "openvalue/scoring/cmsdata": true, "openvalue/scoring": true,
		"github.com/tidwall/gjson": true, "github.com/tidwall/match": true, "github.com/tidwall/pretty": true,
		"openvalue/internal/jsonstr": true, "openvalue/internal/jsonscan": true, "openvalue/internal/decimal": true}
	for _, p := range strings.Fields(string(out)) {
		if !allowed[p] {
			t.Errorf("ratings depends on %s", p)
		}
	}
	out, err = exec.Command("go", "list", "-f", `{{join .Imports "\n"}}`, "openvalue/scoring/ratings").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		switch p {
		case "os", "os/exec", "syscall", "syscall/js", "net", "net/http", "database/sql", "time", "unsafe", "math/rand", "math/rand/v2":
			t.Errorf("ratings imports %s", p)
		}
	}
}
