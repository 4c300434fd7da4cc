package server

import (
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

type openAPIDoc struct {
	OpenAPI string                                `json:"openapi"`
	Servers []struct{ URL string }                `json:"servers"`
	Paths   map[string]map[string]json.RawMessage `json:"paths"`
	Comps   struct {
		Schemas map[string]struct {
			Enum []string `json:"enum"`
		} `json:"schemas"`
	} `json:"components"`
}

func parseOpenAPI(t *testing.T) openAPIDoc {
	t.Helper()
	var d openAPIDoc
	if err := json.Unmarshal(openAPI, &d); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if d.OpenAPI != "3.1.0" || len(d.Servers) != 1 || d.Servers[0].URL != APIPrefix {
		t.Fatalf("openapi.json: version %q servers %v", d.OpenAPI, d.Servers)
	}
	return d
}

// The document describes exactly the routes of routes.go, method by method.
func TestOpenAPI_Routes(t *testing.T) {
	d := parseOpenAPI(t)
	var documented, served []string
	for p, ops := range d.Paths {
		for m := range ops {
			if m == "parameters" {
				continue
			}
			documented = append(documented, strings.ToUpper(m)+" "+APIPrefix+p)
		}
	}
	for _, rt := range (&server{}).routes() {
		if strings.Contains(rt.pattern, " ") { // the fallbacks have no method
			served = append(served, rt.pattern)
		}
	}
	sort.Strings(documented)
	sort.Strings(served)
	if !slices.Equal(documented, served) {
		t.Errorf("openapi.json paths differ from routes():\ndocumented %q\nserved     %q", documented, served)
	}
}

// Error codes and statuses in the document are those of the one table.
func TestOpenAPI_ErrorCodes(t *testing.T) {
	d := parseOpenAPI(t)
	enum := d.Comps.Schemas["ErrorCode"].Enum
	var codes []string
	statuses := map[int]bool{}
	for c, s := range statusOf {
		codes = append(codes, c)
		statuses[s] = true
	}
	sort.Strings(enum)
	sort.Strings(codes)
	if !slices.Equal(enum, codes) {
		t.Errorf("ErrorCode enum %q; the table has %q", enum, codes)
	}
	for p, ops := range d.Paths {
		for m, raw := range ops {
			var op struct {
				Responses map[string]struct {
					Ref string `json:"$ref"`
				} `json:"responses"`
			}
			json.Unmarshal(raw, &op)
			if len(op.Responses) == 0 {
				t.Errorf("%s %s documents no response", m, p)
			}
			for code, r := range op.Responses {
				n, _ := strconv.Atoi(code)
				if n >= 400 && (!statuses[n] || r.Ref != "#/components/responses/Error") {
					t.Errorf("%s %s: %d is not an error document status of the table", m, p, n)
				}
			}
		}
	}
}

func TestOpenAPI_Served(t *testing.T) {
	f := newFixture(t)
	w := f.do(t, "GET", "/api/v1/openapi.json", nil, "")
	if w.Code != 200 || w.Body.String() != string(openAPI) || w.Header().Get("Content-Type") != "application/json" {
		t.Errorf("GET openapi.json = %d %s", w.Code, w.Header())
	}
}
