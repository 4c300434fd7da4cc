package testdir

import (
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// Deps lists what pkg depends on outside the standard library, pkg itself included
// (`go list -deps`), for the tests that hold a package to its dependency rule. Under wasm,
// where there is no go command, it skips the test: the native run checks the rule.
func Deps(tb testing.TB, pkg string) []string {
	tb.Helper()
	return goList(tb, "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", pkg)
}

// OnlyDeps fails tb for each package outside the standard library that pkg depends on, other
// than pkg itself and the allowed ones: the usual dependency rule of a pure package.
func OnlyDeps(tb testing.TB, pkg string, allowed ...string) {
	tb.Helper()
	for _, p := range Deps(tb, pkg) {
		if p != pkg && !slices.Contains(allowed, p) {
			tb.Errorf("%s depends on %s; allowed: the standard library%s", pkg, p, strings.Join(append([]string{""}, allowed...), ", "))
		}
	}
}

// Imports lists the packages pkg imports directly, standard ones included (go list's
// .Imports). It skips the test under wasm, as Deps does.
func Imports(tb testing.TB, pkg string) []string {
	tb.Helper()
	return goList(tb, "-f", `{{join .Imports "\n"}}`, pkg)
}

func goList(tb testing.TB, args ...string) []string {
	tb.Helper()
	if runtime.GOOS == "js" {
		tb.Skip("no go command under wasm; the native run checks the rule")
	}
	out, err := exec.Command("go", append([]string{"list"}, args...)...).CombinedOutput()
	if err != nil {
		tb.Fatalf("go list %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.Fields(string(out))
}
