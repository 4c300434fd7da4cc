//go:build js && wasm

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hack-pad/safejs"
	"openvalue/internal/testdir"
	"openvalue/receipt"
	"openvalue/scoring"
	"openvalue/scoring/ratings"
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

func TestRateHospital(t *testing.T) {
	snap, err := os.ReadFile(filepath.Join(testdir.Root(), "web", "cohort.json"))
	if err != nil {
		t.Skipf("no cohort snapshot: %v", err)
	}
	inputs := []string{
		`{}`,
		`{"safety":{"psi_90":1.114,"sep_1":61,"clabsi":0.437},"cost":{"cost_per_de":11727.07,"mspb":1.04}}`,
		`{"safety":{"psi_90":0.9,"op_22":1,"op_23":80,"pc_01":0,"sep_1":70},"prior":{"safety":{"psi_90":1.0}},"hacTotalScore":0.1}`,
	}
	// Each input twice in a row with the same snapshot string: the second call takes the kept
	// bytes (and the core's cached snapshot) and must answer the same bytes as a fresh call.
	for _, in := range inputs {
		want, _ := ratings.RateJSON([]byte(in), snap)
		for range 2 {
			if got := callJS(t, "rateHospital", in, string(snap)); got != string(want)+"\n" {
				t.Errorf("openvalue.rateHospital(%s) = %.300s; want ratings.RateJSON's %.300s", in, got, want)
			}
		}
	}
	if got := callJS(t, "rateHospital", `{"safety":{"psi_90":"high"}}`, string(snap)); !strings.Contains(got, "safety.psi_90") {
		t.Errorf("rateHospital(bad value) = %s; want an error naming safety.psi_90", got)
	}
	if code, _ := errorCode(t, callJS(t, "rateHospital", `{}`, `{"not":"a snapshot"}`)); code != scoring.CodeInvalidInput {
		t.Errorf("rateHospital(other snapshot) after the kept one: code %q; want invalid_input", code)
	}
	if got := callJS(t, "rateHospital", `{}`); !strings.Contains(got, "snapshotJSON") {
		t.Errorf("rateHospital without a snapshot = %s; want an error naming snapshotJSON", got)
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

func TestVerifyReceipt(t *testing.T) {
	const seedA = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
	const seedB = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8"
	signer, err := receipt.ParseKeyring([]byte(seedA))
	if err != nil {
		t.Fatal(err)
	}
	other, err := receipt.ParseKeyring([]byte(seedB))
	if err != nil {
		t.Fatal(err)
	}
	r, err := signer.Sign(receipt.Claims{
		SubmissionID: "s1", SubmissionSHA256: receipt.Hash([]byte(`{"a":1}`)), Methodology: scoring.Methodology,
		ResultSHA256: receipt.Hash([]byte(`{"r":1}`)), Status: receipt.StatusSubmitted,
		IssuedAt: time.Date(2026, 11, 26, 23, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := json.Marshal(signer.JWKS())
	otherKeys, _ := json.Marshal(other.JWKS())
	tampered := bytes.Replace(r.Marshal(), []byte(`"submitted"`), []byte(`"verified"`), 1)

	for _, tc := range []struct {
		name       string
		rec, keys  string
		valid      bool
		reason     string // substring of the reason when not valid
		errorField string // when the answer is an error document, the field it names
	}{
		{"signed", string(r.Marshal()), string(keys), true, "", ""},
		{"tampered", string(tampered), string(keys), false, "does not verify", ""},
		{"unknown key", string(r.Marshal()), string(otherKeys), false, "unknown key", ""},
		{"not a receipt", `{"typ":1}`, string(keys), false, "", "receipt"},
		{"no keys", string(r.Marshal()), `{"keys":[]}`, false, "", "keys"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := callJS(t, "verifyReceipt", tc.rec, tc.keys)
			if code, fields := errorCode(t, got); tc.errorField != "" {
				if code != scoring.CodeInvalidInput || len(fields) != 1 || fields[0].Path != tc.errorField {
					t.Errorf("verifyReceipt = %s; want invalid_input naming %q", got, tc.errorField)
				}
				return
			} else if code != "" {
				t.Fatalf("verifyReceipt = %s; want a verification", got)
			}
			var v Verification
			if err := json.Unmarshal([]byte(got), &v); err != nil {
				t.Fatal(err)
			}
			if v.Valid != tc.valid || !strings.Contains(v.Reason, tc.reason) || v.ID == "" {
				t.Errorf("verifyReceipt = %s; want valid %v, reason containing %q", got, tc.valid, tc.reason)
			}
		})
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
