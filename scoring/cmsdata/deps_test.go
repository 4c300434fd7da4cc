package cmsdata

import (
	"testing"

	"openvalue/internal/testdir"
)

// TestDependencies: the importer is pure — standard library only (and internal/decimal, its
// number reader, shared with the core), and none of the packages
// that would tie it to the file system, the network or the browser. (time is used for the
// progress lines only, never for results.) Callers open files and pass readers or an fs.FS.
func TestDependencies(t *testing.T) {
	testdir.OnlyDeps(t, "openvalue/scoring/cmsdata", "openvalue/internal/decimal")
	for _, p := range testdir.Imports(t, "openvalue/scoring/cmsdata") {
		switch p {
		case "os", "os/exec", "syscall", "syscall/js", "net", "net/http", "database/sql", "unsafe", "math/rand", "math/rand/v2":
			t.Errorf("cmsdata imports %s", p)
		}
	}
}
