package cmsdata

import (
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// TestDependencies: the importer is pure — standard library only, and none of the packages
// that would tie it to the file system, the network or the browser. (time is used for the
// progress lines only, never for results.) Callers open files and pass readers or an fs.FS.
func TestDependencies(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("no go command under wasm; the native run checks the rule")
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "openvalue/scoring/cmsdata").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		if p != "openvalue/scoring/cmsdata" {
			t.Errorf("cmsdata depends on %s; only the standard library is allowed", p)
		}
	}
	out, err = exec.Command("go", "list", "-f", `{{join .Imports "\n"}}`, "openvalue/scoring/cmsdata").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, p := range strings.Fields(string(out)) {
		switch p {
		case "os", "os/exec", "syscall", "syscall/js", "net", "net/http", "database/sql", "unsafe", "math/rand", "math/rand/v2":
			t.Errorf("cmsdata imports %s", p)
		}
	}
}
