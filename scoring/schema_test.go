package scoring_test

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"openvalue/scoring"
	"openvalue/scoring/schema"
)

// TestSchema keeps scoring/schema/submission.schema.json in step with Input: every object of the
// schema lists exactly the JSON fields of the Go type it describes, forbids others, and names the
// catalog's domains and the limits the decoder enforces.
func TestSchema(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(schema.Submission, &root); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	defs, _ := root["$defs"].(map[string]any)
	var resolve func(n map[string]any) map[string]any
	resolve = func(n map[string]any) map[string]any {
		if ref, ok := n["$ref"].(string); ok {
			return resolve(defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any))
		}
		if alts, ok := n["oneOf"].([]any); ok {
			for _, a := range alts {
				if a := resolve(a.(map[string]any)); a["properties"] != nil {
					return a
				}
			}
		}
		return n
	}
	var walk func(typ reflect.Type, n map[string]any, path string)
	walk = func(typ reflect.Type, n map[string]any, path string) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
			if items, ok := n["items"].(map[string]any); ok {
				n = resolve(items)
			}
		}
		n = resolve(n)
		if typ.Kind() != reflect.Struct {
			return
		}
		props, _ := n["properties"].(map[string]any)
		if ap, ok := n["additionalProperties"].(bool); !ok || ap {
			t.Errorf("schema %s: additionalProperties must be false (unknown fields are refused)", path)
		}
		var goNames, schemaNames []string
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			goNames = append(goNames, name)
			sub, ok := props[name].(map[string]any)
			if !ok {
				continue
			}
			walk(f.Type, sub, path+"."+name)
		}
		for k := range props {
			schemaNames = append(schemaNames, k)
		}
		sort.Strings(goNames)
		sort.Strings(schemaNames)
		if !reflect.DeepEqual(goNames, schemaNames) {
			t.Errorf("schema %s lists %v; the Go type %s has %v", path, schemaNames, typ.Name(), goNames)
		}
	}
	walk(reflect.TypeFor[scoring.Input](), root, "$")

	if c := root["properties"].(map[string]any)["methodology"].(map[string]any)["const"]; c != scoring.Methodology {
		t.Errorf("schema pins methodology %v; the engine is %s", c, scoring.Methodology)
	}
	if !strings.Contains(root["description"].(string), "1048576 bytes") || scoring.MaxDocumentBytes != 1048576 {
		t.Error("schema description and MaxDocumentBytes disagree")
	}
}
