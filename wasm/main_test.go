//go:build js && wasm

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hack-pad/safejs"
	"openvalue/internal/testdir"
	"openvalue/scoring"
)

// api installs the engine on globalThis once and returns globalThis.openvalue, so the tests
// cross the JS boundary exactly as the page does.
func api(t *testing.T) safejs.Value {
	t.Helper()
	g := safejs.Global()
	if v, err := g.Get("openvalue"); err == nil && !v.IsUndefined() {
		return v
	}
	if err := install(g); err != nil {
		t.Fatalf("install = %v", err)
	}
	v, err := g.Get("openvalue")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// callJS calls globalThis.openvalue[name](args...) and returns its string answer.
func callJS(t *testing.T, name string, args ...any) string {
	t.Helper()
	res, err := api(t).Call(name, args...)
	if err != nil {
		t.Fatalf("openvalue.%s threw: %v", name, err)
	}
	if res.Type() != safejs.TypeString {
		t.Fatalf("openvalue.%s returned a %v; want a string", name, res.Type())
	}
	s, err := res.String()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// errorCode decodes an error document and returns its code ("" when s is not one).
func errorCode(t *testing.T, s string) (string, []scoring.Problem) {
	t.Helper()
	var doc struct {
		Error *struct {
			Code    string            `json:"code"`
			Message string            `json:"message"`
			Fields  []scoring.Problem `json:"fields"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(s), &doc); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, s)
	}
	if doc.Error == nil {
		return "", nil
	}
	if doc.Error.Message == "" || doc.Error.Fields == nil {
		t.Errorf("error document without message or fields: %s", s)
	}
	return doc.Error.Code, doc.Error.Fields
}

func TestScore_Golden(t *testing.T) {
	ins, err := filepath.Glob(filepath.Join(testdir.Golden(), "*.in.json"))
	if err != nil || len(ins) == 0 {
		t.Fatalf("no golden cases in %s (%v)", testdir.Golden(), err)
	}
	for _, in := range ins {
		name := strings.TrimSuffix(filepath.Base(in), ".in.json")
		t.Run(name, func(t *testing.T) {
			input, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(strings.TrimSuffix(in, ".in.json") + ".out.json")
			if err != nil {
				t.Fatal(err)
			}
			if got := callJS(t, "score", string(input)); got != string(want) {
				t.Errorf("openvalue.score(%s) differs from %s.out.json:\n got %.300s\nwant %.300s", name, name, got, want)
			}
		})
	}
}

func TestScore_BadArguments(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []any
	}{
		{"none", nil},
		{"number", []any{42}},
		{"object", []any{map[string]any{"organization": map[string]any{"name": "x"}}}},
		{"null", []any{nil}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := callJS(t, "score", tc.args...)
			if code, _ := errorCode(t, got); code != "bad_request" {
				t.Errorf("openvalue.score(%v) = %s; want a bad_request error document", tc.args, got)
			}
		})
	}
}

func TestScore_InvalidInput(t *testing.T) {
	for _, in := range []string{``, `{`, `[]`, `{"organization":{"name":7}}`} {
		got := callJS(t, "score", in)
		if code, fields := errorCode(t, got); code != scoring.CodeInvalidInput || len(fields) == 0 {
			t.Errorf("openvalue.score(%q) = %s; want invalid_input naming a field", in, got)
		}
	}
}

func TestCall_RecoversPanic(t *testing.T) {
	e := &export{name: "boom", params: []string{"x"}, keep: -1, fn: func([][]byte) []byte { panic("boom") }}
	s, err := safejs.ValueOf("{}")
	if err != nil {
		t.Fatal(err)
	}
	got, ok := e.call(safejs.Undefined(), []safejs.Value{s}).(string)
	if !ok {
		t.Fatalf("call returned %T; want string", got)
	}
	if code, _ := errorCode(t, got); code != "internal" || !strings.Contains(got, "boom") {
		t.Errorf("call(panicking export) = %s; want an internal error document naming the panic", got)
	}
}

func TestCatalog(t *testing.T) {
	if got := callJS(t, "catalog"); got != string(scoring.CatalogJSON()) {
		t.Errorf("openvalue.catalog() differs from scoring.CatalogJSON()")
	}
}

func TestVersion(t *testing.T) {
	v, err := api(t).Get("version")
	if err != nil {
		t.Fatal(err)
	}
	m, err := v.Get("methodology")
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := m.String(); s != scoring.Methodology {
		t.Errorf("openvalue.version.methodology = %q; want %q", s, scoring.Methodology)
	}
	b, err := v.Get("build")
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := b.String(); s == "" {
		t.Errorf("openvalue.version.build is empty")
	}
}

func TestErrorDocument_Decodes(t *testing.T) {
	msg := "quote \" backslash \\ newline \n control \x01 é"
	var doc scoring.ErrorDocument
	if err := json.Unmarshal(errorDocument("internal", msg), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Error.Message != msg || doc.Error.Code != "internal" || doc.Error.Fields == nil {
		t.Errorf("errorDocument round trip = %+v", doc)
	}
}
