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

// Answers of the handlers carry every member openapi.json marks required for them.
func TestOpenAPI_Answers(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]struct {
					Schema json.RawMessage `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	// required lists the required members of a schema, following one $ref.
	required := func(raw json.RawMessage) []string {
		var s struct {
			Ref      string   `json:"$ref"`
			Required []string `json:"required"`
		}
		json.Unmarshal(raw, &s)
		if s.Ref != "" {
			json.Unmarshal(doc.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")], &s)
		}
		return s.Required
	}
	f := newFixture(t)
	g := firstValid(t)
	rtok := f.addReviewer(t, "rita")
	check := func(method, path, docPath, status string, body any, token string) []byte {
		t.Helper()
		w := f.do(t, method, path, body, token)
		if strconv.Itoa(w.Code) != status {
			t.Fatalf("%s %s = %d %s; want %s", method, path, w.Code, w.Body, status)
		}
		op := doc.Paths[docPath][strings.ToLower(method)]
		schema := op.Responses[status].Content["application/json"].Schema
		if schema == nil {
			t.Fatalf("openapi.json documents no JSON %s answer for %s %s", status, method, docPath)
		}
		var got map[string]json.RawMessage
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		for _, k := range required(schema) {
			if _, ok := got[k]; !ok {
				t.Errorf("%s %s answer lacks required %q", method, path, k)
			}
		}
		return w.Body.Bytes()
	}
	var c struct {
		ID    string `json:"id"`
		Token string `json:"access_token"`
	}
	json.Unmarshal(check("POST", "/api/v1/submissions", "/submissions", "201", g.in, ""), &c)
	check("GET", "/api/v1/submissions/"+c.ID, "/submissions/{id}", "200", nil, c.Token)
	check("GET", "/api/v1/review/queue", "/review/queue", "200", nil, rtok)
	check("POST", "/api/v1/submissions/"+c.ID+"/review", "/submissions/{id}/review", "200", `{"review":{}}`, rtok)
	check("POST", "/api/v1/verify", "/verify", "200", g.in, "")
	check("GET", "/api/v1/keys", "/keys", "200", nil, "")
	var d struct {
		Token string `json:"access_token"`
	}
	json.Unmarshal(check("PUT", "/api/v1/drafts/abcdefghijklmnopq", "/drafts/{id}", "201", `{}`, ""), &d)
	check("PUT", "/api/v1/drafts/abcdefghijklmnopq", "/drafts/{id}", "200", `{}`, d.Token)
	check("GET", "/api/v1/drafts/abcdefghijklmnopq", "/drafts/{id}", "200", nil, d.Token)
}

// Every $ref of the document points at a component it defines.
func TestOpenAPI_Refs(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(v any)
	n := 0
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				n++
				var cur any = doc
				for _, seg := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
					m, _ := cur.(map[string]any)
					cur = m[seg]
				}
				if cur == nil {
					t.Errorf("dangling $ref %s", ref)
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	if n < 20 {
		t.Errorf("only %d $refs found", n)
	}
}
