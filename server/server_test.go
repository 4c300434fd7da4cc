package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"openvalue/internal/testdir"
	"openvalue/receipt"
	"openvalue/scoring"
)

// testSeed is a fixed signing key (base64url of 32 bytes) so receipts are reproducible.
const testSeed = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"

var testNow = time.Date(2026, 11, 26, 23, 0, 0, 0, time.UTC)

type fixture struct {
	h     http.Handler
	store *memStore
	keys  *receipt.Keyring
}

func newFixture(t *testing.T, mutate ...func(*Config)) fixture {
	t.Helper()
	keys, err := receipt.ParseKeyring([]byte(testSeed))
	if err != nil {
		t.Fatal(err)
	}
	st := newMemStore()
	cfg := Config{
		Store: st,
		Keys:  keys,
		Web: fstest.MapFS{
			"index.html":     {Data: []byte("<!doctype html><title>openvalue</title>")},
			"embed.html":     {Data: []byte("<!doctype html><title>calculator</title>")},
			"app.js":         {Data: []byte("console.log(1)")},
			"engine.wasm":    {Data: bytes.Repeat([]byte("\x00asm wasm bytes "), 1000)},
			"web.go":         {Data: []byte("package web")},
			"sub/index.html": {Data: []byte("sub")},
			"empty/x.txt":    {Data: []byte("x")},
		},
		PDF: func(s Summary) ([]byte, error) { return []byte("%PDF-1.3 " + s.SubmissionID + " " + s.ReceiptID), nil },
		Now: func() time.Time { return testNow },
	}
	for _, m := range mutate {
		m(&cfg)
	}
	return fixture{h: New(cfg), store: st, keys: keys}
}

// do sends one request; body nil means none, a string is sent as application/json.
func (f fixture) do(t *testing.T, method, path string, body any, token string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	var rd *bytes.Reader
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case string:
		rd = bytes.NewReader([]byte(b))
	case []byte:
		rd = bytes.NewReader(b)
	default:
		t.Fatalf("body of type %T", body)
	}
	r := httptest.NewRequest(method, path, rd)
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	return w
}

type golden struct {
	name     string
	in, want []byte
	valid    bool
}

// goldens reads testdata/golden: every .in.json with its .out.json, valid or not.
func goldens(t *testing.T) []golden {
	t.Helper()
	dir := testdir.Golden()
	if d := os.Getenv("OPENVALUE_GOLDEN"); d != "" { // another set of cases (other years' data)
		dir = d
	}
	ins, _ := filepath.Glob(filepath.Join(dir, "*.in.json"))
	var out []golden
	for _, p := range ins {
		in, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(strings.TrimSuffix(p, ".in.json") + ".out.json")
		if err != nil {
			t.Fatal(err)
		}
		_, serr := scoring.ScoreJSON(in)
		out = append(out, golden{filepath.Base(strings.TrimSuffix(p, ".in.json")), in, bytes.TrimRight(want, "\n"), serr == nil})
	}
	if len(out) == 0 {
		t.Fatal("no golden cases in testdata/golden")
	}
	return out
}

func firstValid(t *testing.T) golden {
	for _, g := range goldens(t) {
		if g.valid && !bytes.Contains(g.in, []byte(`"review"`)) {
			return g
		}
	}
	t.Fatal("no valid golden case without a review")
	return golden{}
}

// errorCode decodes an error document, failing the test when the body is not one.
func errorCode(t *testing.T, w *httptest.ResponseRecorder) (string, []Field) {
	t.Helper()
	var doc struct {
		Error struct {
			Code    string  `json:"code"`
			Message string  `json:"message"`
			Fields  []Field `json:"fields"`
		} `json:"error"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil || doc.Error.Code == "" || doc.Error.Message == "" || doc.Error.Fields == nil {
		t.Fatalf("body is not an error document (%v): %s", err, w.Body)
	}
	return doc.Error.Code, doc.Error.Fields
}

// submit posts a document and returns the 201 answer.
func (f fixture) submit(t *testing.T, doc []byte) (id, token string, body map[string]json.RawMessage) {
	t.Helper()
	w := f.do(t, "POST", "/api/v1/submissions", doc, "")
	if w.Code != http.StatusCreated {
		t.Fatalf("POST /submissions = %d %s; want 201", w.Code, w.Body)
	}
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(body["id"], &id)
	json.Unmarshal(body["access_token"], &token)
	return id, token, body
}

// Every golden case through POST /submissions: valid ones answer 201 with the golden
// result embedded byte for byte, invalid ones 422 with the core's error document as is.
func TestSubmissionCreate_Golden(t *testing.T) {
	f := newFixture(t)
	for _, g := range goldens(t) {
		t.Run(g.name, func(t *testing.T) {
			if bytes.Contains(g.in, []byte(`"review"`)) {
				w := f.do(t, "POST", "/api/v1/submissions", g.in, "")
				if code, fields := errorCode(t, w); w.Code != 422 || code != CodeInvalidInput || len(fields) != 1 || fields[0].Path != "review" {
					t.Errorf("POST a document carrying a review = %d %s; want 422 naming \"review\"", w.Code, w.Body)
				}
				return
			}
			w := f.do(t, "POST", "/api/v1/submissions", g.in, "")
			if !g.valid {
				if w.Code != 422 || !bytes.Equal(w.Body.Bytes(), g.want) {
					t.Errorf("POST invalid = %d %s; want 422 with the golden error document", w.Code, w.Body)
				}
				return
			}
			if w.Code != 201 {
				t.Fatalf("POST = %d %s; want 201", w.Code, w.Body)
			}
			if !bytes.Contains(w.Body.Bytes(), append([]byte(`"estimate":`), g.want...)) {
				t.Errorf("201 body does not embed the golden result byte for byte:\n%s", w.Body)
			}
			var body struct {
				ID             string          `json:"id"`
				AccessToken    string          `json:"access_token"`
				EstimateAgreed *bool           `json:"estimate_agreed"`
				Receipt        json.RawMessage `json:"receipt"`
			}
			json.Unmarshal(w.Body.Bytes(), &body)
			if loc := w.Header().Get("Location"); loc != "/api/v1/submissions/"+body.ID {
				t.Errorf("Location = %q", loc)
			}
			if body.EstimateAgreed != nil {
				t.Errorf("estimate_agreed = %v without an estimate; want null", *body.EstimateAgreed)
			}
			rc, err := receipt.Verify(body.Receipt, f.keys.KeySet())
			if err != nil {
				t.Fatalf("receipt does not verify: %v", err)
			}
			if err := rc.Check(g.in, nil, g.want); err != nil || rc.SubmissionID != body.ID || rc.Status != "submitted" {
				t.Errorf("receipt %+v: %v", rc, err)
			}
			stored := f.store.subs[body.ID]
			if !tokenOpens(stored.TokenHash, body.AccessToken) || bytes.Contains(stored.TokenHash, []byte(body.AccessToken)) {
				t.Error("the store does not hold the token's hash")
			}
			if len(body.AccessToken) < 43 {
				t.Errorf("access token %q shorter than 256 bits", body.AccessToken)
			}
		})
	}
}

func TestSubmissionCreate_Wrapper(t *testing.T) {
	f := newFixture(t)
	g := firstValid(t)
	var indented bytes.Buffer
	json.Indent(&indented, g.want, "", "\t")
	other := bytes.Replace(g.want, []byte(`"estimated"`), []byte(`"verified"`), 1)
	for _, tc := range []struct {
		name     string
		estimate string
		want     string
	}{
		{"no estimate", "", "null"},
		{"null estimate", `,"estimate":null`, "null"},
		{"same bytes", `,"estimate":` + string(g.want), "true"},
		{"same value, other spacing", `,"estimate":` + indented.String(), "true"},
		{"different", `,"estimate":` + string(other), "false"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, body := f.submit(t, []byte(`{"submission":`+string(g.in)+tc.estimate+`}`))
			if got := string(body["estimate_agreed"]); got != tc.want {
				t.Errorf("estimate_agreed = %s; want %s", got, tc.want)
			}
		})
	}
}

// Transport and wrapper errors, each with its code and status from the table.
func TestSubmissionCreate_Errors(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxBodyBytes = 1 << 16 })
	g := firstValid(t)
	for _, tc := range []struct {
		name, body, ctype string
		status            int
		code, path        string
	}{
		// Bodies that are no JSON object get the core's error document, as everywhere else.
		{"malformed", `{"broken":`, "application/json", 422, CodeInvalidInput, "$"},
		{"array", `[1,2]`, "application/json", 422, CodeInvalidInput, "$"},
		{"null", `null`, "application/json", 422, CodeInvalidInput, "$"},
		{"empty", ``, "application/json", 422, CodeInvalidInput, "$"},
		{"not json type", string(g.in), "text/plain", 415, CodeUnsupportedMediaType, ""},
		{"no content type", string(g.in), "", 415, CodeUnsupportedMediaType, ""},
		{"too large", `{"x":"` + strings.Repeat("y", 1<<16) + `"}`, "application/json", 413, CodeTooLarge, ""},
		{"wrapper with extra member", `{"submission":` + string(g.in) + `,"x":1}`, "application/json", 422, CodeInvalidInput, "x"},
		{"wrapper submission not object", `{"submission":[1]}`, "application/json", 422, CodeInvalidInput, "submission"},
		{"wrapper estimate not object", `{"submission":` + string(g.in) + `,"estimate":3}`, "application/json", 422, CodeInvalidInput, "estimate"},
		{"self-review", strings.Replace(string(g.in), "{", `{"review":{"reviewer":"me"},`, 1), "application/json", 422, CodeInvalidInput, "review"},
		{"wrapped self-review", `{"submission":` + strings.Replace(string(g.in), "{", `{"review":{},`, 1) + `}`, "application/json", 422, CodeInvalidInput, "review"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/v1/submissions", strings.NewReader(tc.body))
			if tc.ctype != "" {
				r.Header.Set("Content-Type", tc.ctype)
			}
			w := httptest.NewRecorder()
			f.h.ServeHTTP(w, r)
			code, fields := errorCode(t, w)
			if w.Code != tc.status || code != tc.code {
				t.Errorf("POST %s = %d %s; want %d %s", tc.name, w.Code, w.Body, tc.status, tc.code)
			}
			if tc.path != "" && (len(fields) != 1 || fields[0].Path != tc.path) {
				t.Errorf("fields = %+v; want one naming %q", fields, tc.path)
			}
		})
	}
	if n := len(f.store.subs); n != 0 {
		t.Errorf("%d submissions stored by failed requests", n)
	}
}

func TestSubmissionGet_Access(t *testing.T) {
	f := newFixture(t)
	g := firstValid(t)
	id, token, _ := f.submit(t, g.in)
	id2, token2, _ := f.submit(t, g.in)
	for _, tc := range []struct {
		name, path, token string
		status            int
	}{
		{"owner", "/api/v1/submissions/" + id, token, 200},
		{"owner pdf", "/api/v1/submissions/" + id + "/summary.pdf", token, 200},
		{"no token", "/api/v1/submissions/" + id, "", 404},
		{"wrong token", "/api/v1/submissions/" + id, strings.Repeat("x", 43), 404},
		{"other submission's token", "/api/v1/submissions/" + id, token2, 404},
		{"other's pdf", "/api/v1/submissions/" + id2 + "/summary.pdf", token, 404},
		{"unknown id", "/api/v1/submissions/AAAAAAAAAAAAAAAAAAAAAA", token, 404},
		{"malformed id", "/api/v1/submissions/a.b", token, 404},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := f.do(t, "GET", tc.path, nil, tc.token)
			if w.Code != tc.status {
				t.Fatalf("GET %s = %d %s; want %d", tc.path, w.Code, w.Body, tc.status)
			}
			if tc.status == 404 {
				if code, _ := errorCode(t, w); code != CodeNotFound {
					t.Errorf("code = %s", code)
				}
				if strings.Contains(w.Body.String(), id) || strings.Contains(w.Body.String(), "organization") {
					t.Errorf("404 leaks the submission: %s", w.Body)
				}
			}
		})
	}
	w := f.do(t, "GET", "/api/v1/submissions/"+id, nil, token)
	if !bytes.Contains(w.Body.Bytes(), append([]byte(`"result":`), g.want...)) || !bytes.Contains(w.Body.Bytes(), append([]byte(`"submission":`), g.in...)) {
		t.Errorf("GET own submission lacks the stored document or result: %s", w.Body)
	}
	w = f.do(t, "GET", "/api/v1/submissions/"+id+"/summary.pdf", nil, token)
	if ct := w.Header().Get("Content-Type"); ct != "application/pdf" || !strings.HasPrefix(w.Body.String(), "%PDF-") {
		t.Errorf("summary.pdf: %s %q", ct, w.Body)
	}
}

func TestDrafts(t *testing.T) {
	f := newFixture(t)
	const id = "draft-0123456789abcdef"
	w := f.do(t, "PUT", "/api/v1/drafts/"+id, `{"organization":{"name":"A"}}`, "")
	if w.Code != 201 {
		t.Fatalf("first PUT = %d %s; want 201", w.Code, w.Body)
	}
	var created struct {
		AccessToken string `json:"access_token"`
	}
	json.Unmarshal(w.Body.Bytes(), &created)
	tok := created.AccessToken
	steps := []struct {
		name, method, path, body, token string
		status                          int
	}{
		{"second PUT without token", "PUT", "/api/v1/drafts/" + id, `{}`, "", 404},
		{"PUT with wrong token", "PUT", "/api/v1/drafts/" + id, `{}`, "nope", 404},
		{"PUT with token", "PUT", "/api/v1/drafts/" + id, `{"organization":{"name":"B"}}`, tok, 200},
		{"GET with token", "GET", "/api/v1/drafts/" + id, "", tok, 200},
		{"GET without token", "GET", "/api/v1/drafts/" + id, "", "", 404},
		{"GET with wrong token", "GET", "/api/v1/drafts/" + id, "", strings.Repeat("x", 43), 404},
		{"GET unknown", "GET", "/api/v1/drafts/draft-ffffffffffffffff", "", tok, 404},
		{"PUT unknown with token", "PUT", "/api/v1/drafts/draft-ffffffffffffffff", `{}`, tok, 404},
		{"short id", "PUT", "/api/v1/drafts/short", `{}`, "", 422},
		{"not an object", "PUT", "/api/v1/drafts/draft-eeeeeeeeeeeeeeee", `[]`, "", 400},
	}
	for _, s := range steps {
		var body any
		if s.body != "" {
			body = s.body
		}
		w := f.do(t, s.method, s.path, body, s.token)
		if w.Code != s.status {
			t.Errorf("%s: %s %s = %d %s; want %d", s.name, s.method, s.path, w.Code, w.Body, s.status)
		}
	}
	w = f.do(t, "GET", "/api/v1/drafts/"+id, nil, tok)
	if !strings.Contains(w.Body.String(), `"document":{"organization":{"name":"B"}}`) {
		t.Errorf("GET draft = %s; want the updated document", w.Body)
	}
}

func (f fixture) addReviewer(t *testing.T, name string) string {
	t.Helper()
	tok := name + "-token-0123456789abcdef0123456789"
	if err := f.store.AddReviewer(t.Context(), Reviewer{ID: name, Name: name, TokenHash: HashToken(tok), CreatedAt: testNow}); err != nil {
		t.Fatal(err)
	}
	return tok
}

// reviewOf builds a review accepting every case study of a document (or an empty one).
func reviewOf(t *testing.T, doc []byte) string {
	var in struct {
		CaseStudies []struct{ ID string } `json:"caseStudies"`
	}
	json.Unmarshal(doc, &in)
	var cs []string
	for i, c := range in.CaseStudies {
		d := `"accepted"`
		extra := ""
		if i == 1 {
			d, extra = `"rejected"`, `,"reason":"no baseline evidence"`
		}
		cs = append(cs, `{"id":"`+c.ID+`","decision":`+d+extra+`}`)
	}
	return `{"reviewer":"someone else","notes":"checked","caseStudies":[` + strings.Join(cs, ",") + `]}`
}

func TestReview(t *testing.T) {
	f := newFixture(t)
	g := firstValid(t)
	alice := f.addReviewer(t, "alice")
	id, token, _ := f.submit(t, g.in)

	// Strangers: 401 on reviewer endpoints.
	for _, tok := range []string{"", "not-a-reviewer", token} {
		if w := f.do(t, "GET", "/api/v1/review/queue", nil, tok); w.Code != 401 {
			t.Errorf("queue with token %q = %d; want 401", tok, w.Code)
		}
		if w := f.do(t, "POST", "/api/v1/submissions/"+id+"/review", `{"review":{}}`, tok); w.Code != 401 {
			t.Errorf("review with token %q = %d; want 401", tok, w.Code)
		}
	}
	w := f.do(t, "GET", "/api/v1/review/queue", nil, alice)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"id":"`+id+`"`) {
		t.Fatalf("queue = %d %s; want the submission", w.Code, w.Body)
	}
	if w := f.do(t, "GET", "/api/v1/review/queue?limit=0", nil, alice); w.Code != 400 {
		t.Errorf("queue?limit=0 = %d; want 400", w.Code)
	}
	// A reviewer may read the submission.
	if w := f.do(t, "GET", "/api/v1/submissions/"+id, nil, alice); w.Code != 200 {
		t.Errorf("reviewer GET = %d", w.Code)
	}

	review := reviewOf(t, g.in)
	w = f.do(t, "POST", "/api/v1/submissions/"+id+"/review", `{"version":1,"review":`+review+`}`, alice)
	if w.Code != 200 {
		t.Fatalf("review = %d %s", w.Code, w.Body)
	}
	var out struct {
		Status  string
		Version int
		Review  json.RawMessage
		Result  json.RawMessage
		Receipt json.RawMessage
	}
	json.Unmarshal(w.Body.Bytes(), &out)
	if out.Status != "verified" || out.Version != 2 {
		t.Errorf("status %s version %d; want verified 2", out.Status, out.Version)
	}
	if !strings.Contains(string(out.Review), `"reviewer":"alice"`) {
		t.Errorf("review %s does not name the authenticated reviewer", out.Review)
	}
	// The result is exactly the core's on the merged document.
	merged := strings.Replace(string(g.in), "{", `{"review":`+string(out.Review)+`,`, 1)
	want, err := scoring.ScoreJSON([]byte(merged))
	if err != nil {
		t.Fatalf("ScoreJSON(merged) = %v", err)
	}
	if !bytes.Contains(w.Body.Bytes(), append([]byte(`"result":`), want...)) {
		t.Errorf("review result differs from ScoreJSON of the merged document")
	}
	var res struct{ Status string }
	json.Unmarshal(out.Result, &res)
	if res.Status != "verified" {
		t.Errorf("result status %q; want verified", res.Status)
	}
	rc, err := receipt.Verify(out.Receipt, f.keys.KeySet())
	if err != nil {
		t.Fatal(err)
	}
	if err := rc.Check(g.in, out.Review, want); err != nil || rc.Status != "verified" {
		t.Errorf("verified receipt: %+v %v", rc, err)
	}

	// Stale version: 409; the queue no longer lists it; the owner sees the audit trail.
	if w := f.do(t, "POST", "/api/v1/submissions/"+id+"/review", `{"version":1,"review":`+review+`}`, alice); w.Code != 409 {
		t.Errorf("stale review = %d %s; want 409", w.Code, w.Body)
	}
	if w := f.do(t, "GET", "/api/v1/review/queue", nil, alice); strings.Contains(w.Body.String(), id) {
		t.Errorf("verified submission still queued")
	}
	w = f.do(t, "GET", "/api/v1/submissions/"+id, nil, token)
	if !strings.Contains(w.Body.String(), `"status":"verified"`) || !strings.Contains(w.Body.String(), `"reviews":[{`) || !strings.Contains(w.Body.String(), `"reviewer":"alice"`) {
		t.Errorf("owner's view lacks the verified status or the audit trail: %s", w.Body)
	}

	for _, tc := range []struct {
		name, body string
		status     int
	}{
		{"unknown submission", `{"review":{}}`, 404},
		{"no review", `{"version":2}`, 422},
		{"extra member", `{"review":{},"x":1}`, 422},
		{"bad version", `{"version":"two","review":{}}`, 422},
		{"invalid decision", `{"review":{"caseStudies":[{"id":"nope","decision":"maybe"}]}}`, 422},
	} {
		path := "/api/v1/submissions/" + id + "/review"
		if tc.name == "unknown submission" {
			path = "/api/v1/submissions/AAAAAAAAAAAAAAAAAAAAAA/review"
		}
		if w := f.do(t, "POST", path, tc.body, alice); w.Code != tc.status {
			t.Errorf("%s: %d %s; want %d", tc.name, w.Code, w.Body, tc.status)
		}
	}
}

func TestVerify(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Store = nil }) // stateless, as at the edge
	for _, g := range goldens(t) {
		t.Run(g.name, func(t *testing.T) {
			w := f.do(t, "POST", "/api/v1/verify", g.in, "")
			if !g.valid {
				if w.Code != 422 || !bytes.Equal(w.Body.Bytes(), g.want) {
					t.Errorf("verify invalid = %d %s; want 422 and the golden error document", w.Code, w.Body)
				}
				return
			}
			// Without ?receipt=true the answer is the result, the claim's verdict, and no receipt.
			if want := `{"result":` + string(g.want) + `,"claim_matches":null,"receipt":null}`; w.Code != 200 || w.Body.String() != want {
				t.Fatalf("verify = %d %.300s; want the golden result and no receipt", w.Code, w.Body)
			}
			w = f.do(t, "POST", "/api/v1/verify?receipt=true", g.in, "")
			if w.Code != 200 || !bytes.HasPrefix(w.Body.Bytes(), append([]byte(`{"result":`), g.want...)) {
				t.Fatalf("verify?receipt=true = %d %s; want the golden result", w.Code, w.Body)
			}
			var out struct {
				ClaimMatches *bool           `json:"claim_matches"`
				Receipt      json.RawMessage `json:"receipt"`
			}
			json.Unmarshal(w.Body.Bytes(), &out)
			rc, err := receipt.Verify(out.Receipt, f.keys.KeySet())
			if err != nil || rc.Status != "recomputed" || rc.SubmissionID != "" || rc.Check(g.in, nil, g.want) != nil {
				t.Errorf("receipt %+v: %v", rc, err)
			}
			if out.ClaimMatches != nil {
				t.Error("claim_matches set without a claim")
			}
			for claim, want := range map[string]string{string(g.want): "true", `{"status":"verified"}`: "false"} {
				w := f.do(t, "POST", "/api/v1/verify", `{"submission":`+string(g.in)+`,"claimed":`+claim+`}`, "")
				if !strings.Contains(w.Body.String(), `"claim_matches":`+want) {
					t.Errorf("claim %.30s: %s; want claim_matches %s", claim, w.Body, want)
				}
			}
		})
	}
	g := firstValid(t)
	review := reviewOf(t, g.in)
	w := f.do(t, "POST", "/api/v1/verify", `{"submission":`+string(g.in)+`,"review":`+review+`}`, "")
	var vr struct{ Result struct{ Status string } }
	json.Unmarshal(w.Body.Bytes(), &vr)
	if w.Code != 200 || vr.Result.Status != "verified" {
		t.Errorf("verify with review = %d %.300s; want a verified result", w.Code, w.Body)
	}
	for _, tc := range []struct {
		body   string
		status int
	}{
		{`{"submission":1}`, 422},
		{`{"submission":{},"claimed":2}`, 422},
		{`{"submission":{"review":{}},"review":{}}`, 422},
		{`{"submission":{},"other":{}}`, 422},
		{`{`, 422},
	} {
		if w := f.do(t, "POST", "/api/v1/verify", tc.body, ""); w.Code != tc.status {
			t.Errorf("verify %s = %d %s; want %d", tc.body, w.Code, w.Body, tc.status)
		}
	}
	for query, want := range map[string]string{
		"?receipt":             "signed",
		"?receipt=1":           "signed",
		"?receipt=false":       "none",
		"?other=1":             "none",
		"?receipt=maybe":       `{"error":{"code":"bad_request","message":"bad query parameter","fields":[{"path":"receipt","reason":"must be true or false, once"}]}}`,
		"?receipt=1&receipt=0": `{"error":{"code":"bad_request","message":"bad query parameter","fields":[{"path":"receipt","reason":"must be true or false, once"}]}}`,
	} {
		w := f.do(t, "POST", "/api/v1/verify"+query, g.in, "")
		var got string
		switch {
		case w.Code == 200 && strings.HasSuffix(w.Body.String(), `"receipt":null}`):
			got = "none"
		case w.Code == 200 && strings.Contains(w.Body.String(), `"receipt":{"typ":"openvalue-receipt/1"`):
			got = "signed"
		case w.Code == 400:
			got = strings.TrimSpace(w.Body.String())
		default:
			got = fmt.Sprintf("%d %.200s", w.Code, w.Body)
		}
		if got != want {
			t.Errorf("verify%s: %s; want %s", query, got, want)
		}
	}
}

// A stateless server (the edge) answers every stateful route with 501.
func TestStateless(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Store = nil })
	g := firstValid(t)
	for _, tc := range []struct{ method, path string }{
		{"POST", "/api/v1/submissions"},
		{"GET", "/api/v1/submissions/x"},
		{"GET", "/api/v1/review/queue"},
		{"PUT", "/api/v1/drafts/0123456789abcdefgh"},
	} {
		w := f.do(t, tc.method, tc.path, g.in, "")
		if code, _ := errorCode(t, w); w.Code != 501 || code != CodeNotImplemented {
			t.Errorf("%s %s = %d %s; want 501", tc.method, tc.path, w.Code, code)
		}
	}
	if w := f.do(t, "GET", "/api/v1/keys", nil, ""); w.Code != 200 {
		t.Errorf("keys = %d", w.Code)
	}
}

func TestKeys(t *testing.T) {
	f := newFixture(t)
	w := f.do(t, "GET", "/api/v1/keys", nil, "")
	set, err := receipt.ParseJWKS(w.Body.Bytes())
	if err != nil || len(set) != 1 || set[f.keys.ActiveKeyID()] == nil {
		t.Errorf("keys = %s (%v)", w.Body, err)
	}
	f = newFixture(t, func(c *Config) { c.Keys = nil })
	if w := f.do(t, "GET", "/api/v1/keys", nil, ""); w.Body.String() != `{"keys":[]}` {
		t.Errorf("keys without a keyring = %s", w.Body)
	}
	g := firstValid(t)
	if _, _, body := f.submit(t, g.in); string(body["receipt"]) != "null" {
		t.Errorf("receipt without a keyring = %s; want null", body["receipt"])
	}
}

func TestRouting(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		method, path string
		status       int
		allow, code  string
	}{
		{"DELETE", "/api/v1/submissions", 405, "POST", CodeMethodNotAllowed},
		{"POST", "/api/v1/keys", 405, "GET, HEAD", CodeMethodNotAllowed},
		{"GET", "/api/v1/verify", 405, "POST", CodeMethodNotAllowed},
		{"DELETE", "/api/v1/drafts/abc", 405, "GET, HEAD, PUT", CodeMethodNotAllowed},
		{"GET", "/api/v1/nothing", 404, "", CodeNotFound},
		{"GET", "/api/v2/keys", 404, "", CodeNotFound},
		{"POST", "/index.html", 405, "GET, HEAD", CodeMethodNotAllowed},
		{"GET", "/web.go", 404, "", CodeNotFound},
		{"GET", "/nothing.js", 404, "", CodeNotFound},
		{"GET", "/empty/", 404, "", CodeNotFound},
		{"GET", "/.git/config", 404, "", CodeNotFound},
	} {
		w := f.do(t, tc.method, tc.path, nil, "")
		code, _ := errorCode(t, w)
		if w.Code != tc.status || code != tc.code || w.Header().Get("Allow") != tc.allow {
			t.Errorf("%s %s = %d %s Allow %q; want %d %s Allow %q", tc.method, tc.path, w.Code, code, w.Header().Get("Allow"), tc.status, tc.code, tc.allow)
		}
	}
	for path, want := range map[string]string{"/": "openvalue", "/index.html": "openvalue", "/sub/": "sub", "/app.js": "console"} {
		w := f.do(t, "GET", path, nil, "")
		if w.Code != 200 || !strings.Contains(w.Body.String(), want) {
			t.Errorf("GET %s = %d %q", path, w.Code, w.Body)
		}
		etag := w.Header().Get("ETag")
		if w := f.do(t, "GET", path, nil, "", "If-None-Match", etag); etag == "" || w.Code != 304 {
			t.Errorf("GET %s with If-None-Match %q = %d; want 304", path, etag, w.Code)
		}
	}
}

// Large compressible files go gzipped to clients that take gzip, identical once decoded.
func TestStatic_Gzip(t *testing.T) {
	f := newFixture(t)
	plain := f.do(t, "GET", "/engine.wasm", nil, "")
	gz := f.do(t, "GET", "/engine.wasm", nil, "", "Accept-Encoding", "br, gzip")
	if plain.Header().Get("Content-Encoding") != "" || gz.Header().Get("Content-Encoding") != "gzip" || gz.Body.Len() >= plain.Body.Len() {
		t.Fatalf("gzip: %v %d bytes vs plain %d", gz.Header(), gz.Body.Len(), plain.Body.Len())
	}
	zr, err := gzip.NewReader(gz.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if !bytes.Equal(got, plain.Body.Bytes()) || plain.Header().Get("Content-Type") != gz.Header().Get("Content-Type") {
		t.Error("gzipped file differs from the plain one")
	}
	if gz.Header().Get("ETag") == plain.Header().Get("ETag") || gz.Header().Get("Vary") != "Accept-Encoding" {
		t.Errorf("ETag/Vary: %v vs %v", gz.Header(), plain.Header())
	}
	if w := f.do(t, "GET", "/engine.wasm", nil, "", "Accept-Encoding", "gzip;q=0"); w.Header().Get("Content-Encoding") != "" {
		t.Error("gzip sent to a client refusing it")
	}
	if w := f.do(t, "GET", "/app.js", nil, "", "Accept-Encoding", "gzip"); w.Header().Get("Content-Encoding") != "" {
		t.Error("a tiny file was gzipped")
	}
}

// Every answer carries the security headers; only the embed may be framed.
func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		method, path string
		frame        string
	}{
		{"GET", "/", "frame-ancestors 'none'"},
		{"GET", "/index.html?embed=1", "frame-ancestors *"},
		{"GET", "/embed.html", "frame-ancestors *"},
		{"GET", "/nothing", "frame-ancestors 'none'"},
		{"GET", "/api/v1/keys", "frame-ancestors 'none'"},
		{"POST", "/api/v1/submissions", "frame-ancestors 'none'"},
		{"GET", "/api/v1/submissions/x", "frame-ancestors 'none'"},
	} {
		w := f.do(t, tc.method, tc.path, nil, "")
		h := w.Header()
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, tc.frame) || !strings.Contains(csp, "default-src") {
			t.Errorf("%s %s: CSP %q; want %q", tc.method, tc.path, csp, tc.frame)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s %s: missing nosniff or referrer policy: %v", tc.method, tc.path, h)
		}
	}
	f = newFixture(t, func(c *Config) { c.EmbedAncestors = []string{"https://partner.example"} })
	if csp := f.do(t, "GET", "/embed.html", nil, "").Header().Get("Content-Security-Policy"); !strings.HasSuffix(csp, "frame-ancestors https://partner.example") {
		t.Errorf("embed CSP with an allow-list = %q", csp)
	}
	// CORS: the stateless endpoints only.
	w := f.do(t, "OPTIONS", "/api/v1/verify", nil, "", "Origin", "https://partner.example", "Access-Control-Request-Method", "POST")
	if w.Code != 204 || w.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("preflight /verify = %d %v", w.Code, w.Header())
	}
	if w := f.do(t, "GET", "/api/v1/submissions/x", nil, ""); w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS allowed on a private endpoint")
	}
}

// Store failures are 500s whose detail goes to the log only.
func TestInternalError(t *testing.T) {
	f := newFixture(t)
	f.store.fail = errors.New("disk on fire")
	w := f.do(t, "POST", "/api/v1/submissions", firstValid(t).in, "")
	if code, _ := errorCode(t, w); w.Code != 500 || code != CodeInternal || strings.Contains(w.Body.String(), "fire") {
		t.Errorf("store failure = %d %s", w.Code, w.Body)
	}
	f = newFixture(t, func(c *Config) {
		c.PDF = func(Summary) ([]byte, error) { panic("boom") }
	})
	id, tok, _ := f.submit(t, firstValid(t).in)
	w = f.do(t, "GET", "/api/v1/submissions/"+id+"/summary.pdf", nil, tok)
	if code, _ := errorCode(t, w); w.Code != 500 || code != CodeInternal || w.Header().Get("Content-Security-Policy") == "" {
		t.Errorf("panic = %d %s", w.Code, w.Body)
	}
}
