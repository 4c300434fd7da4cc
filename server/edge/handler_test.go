package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"openvalue/internal/testdir"
	"openvalue/receipt"
)

// These run natively in `go test ./...`: the worker's configuration and its adaptation of
// syumai/workers' requests to what net/http promises, without a JS runtime.

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// seed is a fixed test key in the receipt package's format (unpadded base64url seed).
var seed = base64.RawURLEncoding.EncodeToString(bytes.Repeat([]byte{7}, ed25519.SeedSize))

// TestNetHTTP_NilBody: syumai/workers hands a request without a body over with Body nil;
// the worker must answer it as net/http's server does (where Body is http.NoBody).
func TestNetHTTP_NilBody(t *testing.T) {
	h := newHandler(env(nil), nil)
	tests := []struct{ method, path string }{
		{"POST", "/api/v1/verify"},
		{"POST", "/api/v1/rate"},
		{"GET", "/api/v1/keys"},
		{"GET", "/api/v1/verify"},
		{"PUT", "/api/v1/drafts/x"},
	}
	for _, tt := range tests {
		viaNetHTTP := httptest.NewRecorder()
		r := httptest.NewRequest(tt.method, tt.path, http.NoBody)
		r.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(viaNetHTTP, r)

		viaWorkers := httptest.NewRecorder()
		r = httptest.NewRequest(tt.method, tt.path, nil)
		r.Body = nil // as jshttp.ToRequest builds it
		r.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(viaWorkers, r)

		if viaWorkers.Code != viaNetHTTP.Code || viaWorkers.Body.String() != viaNetHTTP.Body.String() {
			t.Errorf("%s %s with a nil Body = %d %s; want %d %s", tt.method, tt.path,
				viaWorkers.Code, viaWorkers.Body, viaNetHTTP.Code, viaNetHTTP.Body)
		}
		if viaWorkers.Code >= 500 && viaWorkers.Code != http.StatusNotImplemented {
			t.Errorf("%s %s with a nil Body = %d; want a client error or success", tt.method, tt.path, viaWorkers.Code)
		}
	}
}

// TestNewHandler_Keys: the signing key comes from OPENVALUE_SIGNING_KEY and is published;
// receipts signed with it verify.
func TestNewHandler_Keys(t *testing.T) {
	h := newHandler(env(map[string]string{"OPENVALUE_SIGNING_KEY": seed}), nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/keys", nil))
	keys, err := receipt.ParseJWKS(rec.Body.Bytes())
	if err != nil || len(keys) != 1 {
		t.Fatalf("GET /api/v1/keys = %d %s (%v); want the one key", rec.Code, rec.Body, err)
	}
	want, _ := receipt.ParseKeyring([]byte(seed))
	if _, ok := keys[want.ActiveKeyID()]; !ok {
		t.Errorf("published keys %v lack the configured key %s", keys, want.ActiveKeyID())
	}

	doc, err := os.ReadFile(filepath.Join(testdir.Golden(), "full_submission.in.json"))
	if err != nil {
		t.Fatal(err)
	}
	rec = httptest.NewRecorder()
	r := httptest.NewRequest("POST", "/api/v1/verify?receipt=true", bytes.NewReader(doc))
	r.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, r)
	i := strings.Index(rec.Body.String(), `"receipt":`)
	if rec.Code != http.StatusOK || i < 0 {
		t.Fatalf("POST /api/v1/verify = %d %.300s", rec.Code, rec.Body)
	}
	raw := strings.TrimSuffix(rec.Body.String()[i+len(`"receipt":`):], "}")
	if _, err := receipt.Verify([]byte(raw), keys); err != nil {
		t.Errorf("receipt %s: %v", raw, err)
	}
}

// TestNewHandler_BadKey: a malformed secret must stop the worker, not turn into unsigned answers.
func TestNewHandler_BadKey(t *testing.T) {
	defer func() {
		v := recover()
		if v == nil || !strings.Contains(fmt.Sprint(v), "OPENVALUE_SIGNING_KEY") {
			t.Errorf("newHandler with a malformed key: recover() = %v; want a panic naming OPENVALUE_SIGNING_KEY", v)
		}
	}()
	newHandler(env(map[string]string{"OPENVALUE_SIGNING_KEY": "not-a-key"}), nil)
}

// TestNewHandler_Cohort: with a snapshot the rating endpoint works; without one it answers
// 501 like any server without a snapshot.
func TestNewHandler_Cohort(t *testing.T) {
	cohort, err := os.ReadFile(filepath.Join(testdir.Root(), "web", "cohort.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		cohort []byte
		want   int
	}{{cohort, http.StatusOK}, {nil, http.StatusNotImplemented}} {
		rec := httptest.NewRecorder()
		r := httptest.NewRequest("POST", "/api/v1/rate", strings.NewReader(`{"safety":{"psi_90":0.98}}`))
		r.Header.Set("Content-Type", "application/json")
		newHandler(env(nil), tt.cohort).ServeHTTP(rec, r)
		if rec.Code != tt.want {
			t.Errorf("POST /api/v1/rate with a %d-byte snapshot = %d %.200s; want %d", len(tt.cohort), rec.Code, rec.Body, tt.want)
		}
	}
}

func Example_newHandler() {
	// The worker's handler, built natively: server.New with no Store and, here, no key.
	h := newHandler(func(string) string { return "" }, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/keys", nil))
	fmt.Println(rec.Code, rec.Body.String())
	// Output: 200 {"keys":[]}
}
