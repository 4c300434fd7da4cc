package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"openvalue/internal/testdir"
)

// TestDeps keeps the worker's bundle small and its layering honest: what the wasm build
// links must not include a database driver, the PDF library or the embedded web app (each
// would push the bundle toward the Workers limit of 3 MB compressed, and none can work at
// the edge), and Cloudflare bindings only come in through _js.go files.
func TestDeps(t *testing.T) {
	// -e: a fresh clone has no build/cohort.json yet (make edge copies it there), and a missing
	// embedded file does not change what the build links.
	cmd := exec.Command("go", "list", "-e", "-deps", "./server/edge")
	cmd.Dir = testdir.Root()
	cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./server/edge (js/wasm): %v\n%s", err, out)
	}
	forbidden := []string{
		"openvalue/server/sqlite", "openvalue/server/postgres", "openvalue/server/pdf", "openvalue/web",
		"openvalue/wasm", "modernc.org/sqlite", "github.com/jackc/pgx", "github.com/go-pdf/fpdf",
		"database/sql",
	}
	pkgs := strings.Fields(string(out))
	for _, want := range []string{"openvalue/server", "openvalue/scoring", "github.com/syumai/workers"} {
		if !slices.Contains(pkgs, want) {
			t.Errorf("the edge build does not link %s; go list said:\n%s", want, out)
		}
	}
	for _, pkg := range pkgs {
		for _, f := range forbidden {
			if pkg == f || strings.HasPrefix(pkg, f+"/") {
				t.Errorf("the edge build links %s", pkg)
			}
		}
	}

	// cloudflare/* only from _js.go files (syumai/workers' own packages aside).
	cmd = exec.Command("go", "list", "-f", `{{join .GoFiles " "}}|{{join .Imports " "}}`, "./server/edge")
	cmd.Dir = testdir.Root()
	out, err = cmd.CombinedOutput() // natively: the files without the js tag
	if err != nil {
		t.Fatalf("go list ./server/edge: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "github.com/syumai/workers/cloudflare") {
		t.Errorf("the native build of server/edge imports syumai/workers/cloudflare: %s", out)
	}
}
