package main

// The TestWorker tests talk to the worker served locally by wrangler's workerd: `make
// edge-test` builds it and runs them under with-worker.sh, which sets OPENVALUE_EDGE_URL and
// the worker's OPENVALUE_SIGNING_KEY. Each answer is compared with the native twin, an
// httptest server over newHandler with the same environment and cohort snapshot, which is
// exactly how `openvalue serve` builds its handler minus the Store. Without
// OPENVALUE_EDGE_URL (plain `go test ./...`) they skip.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"openvalue/internal/testdir"
	"openvalue/receipt"
	"openvalue/server"
)

// workerURL skips the test unless a local worker is running.
func workerURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("OPENVALUE_EDGE_URL")
	if u == "" {
		t.Skip("no local worker: run `make edge-test` (OPENVALUE_EDGE_URL unset)")
	}
	return u
}

var (
	twinOnce sync.Once
	twinSrv  *httptest.Server
)

// twinURL is the native server the worker must agree with, built like the worker.
func twinURL(t *testing.T) string {
	t.Helper()
	twinOnce.Do(func() {
		cohort, err := os.ReadFile(filepath.Join(testdir.Root(), "web", "cohort.json"))
		if err != nil {
			t.Fatalf("cohort snapshot: %v", err)
		}
		twinSrv = httptest.NewServer(newHandler(os.Getenv, cohort))
	})
	if twinSrv == nil {
		t.Fatal("no native twin")
	}
	return twinSrv.URL
}

func TestMain(m *testing.M) {
	code := m.Run()
	if twinSrv != nil {
		twinSrv.Close()
	}
	os.Exit(code)
}

// answer is one HTTP answer as the tests compare it.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// headersCompared are the headers the server itself sets; transport headers (Date,
// Content-Length, Connection) belong to the hosting runtime and may differ.
var headersCompared = []string{
	"Content-Type", "Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
	"Referrer-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy",
	"Permissions-Policy", "Cache-Control", "Access-Control-Allow-Origin", "Allow",
}

var client = &http.Client{}

func do(t *testing.T, base, method, path, contentType string, body io.Reader) answer {
	t.Helper()
	req, err := http.NewRequest(method, base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s%s: %v", method, base, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s%s: reading the body: %v", method, base, path, err)
	}
	return answer{status: res.StatusCode, header: res.Header, body: b}
}

// sameAnswer fails unless the worker's answer equals the native one: status, the server's
// headers and the body, byte for byte.
func sameAnswer(t *testing.T, what string, edge, native answer) {
	t.Helper()
	if edge.status != native.status {
		t.Errorf("%s: worker status %d; native %d (worker body %.300s)", what, edge.status, native.status, edge.body)
	}
	for _, h := range headersCompared {
		if e, n := edge.header.Values(h), native.header.Values(h); strings.Join(e, "\n") != strings.Join(n, "\n") {
			t.Errorf("%s: worker header %s = %q; native %q", what, h, e, n)
		}
	}
	if !bytes.Equal(edge.body, native.body) {
		t.Errorf("%s: bodies differ\nworker: %.400s\nnative: %.400s", what, edge.body, native.body)
	}
}

// verifyAnswer is the body of a 200 from POST /api/v1/verify.
type verifyAnswer struct {
	Result       json.RawMessage `json:"result"`
	ClaimMatches *bool           `json:"claim_matches"`
	Receipt      json.RawMessage `json:"receipt"`
}

// withoutReceipt returns body with its receipt replaced by null: the receipt holds the time
// of issue (and so the signature), which legitimately differs between two servers.
func withoutReceipt(t *testing.T, body []byte, rec json.RawMessage) []byte {
	t.Helper()
	if len(rec) == 0 || string(rec) == "null" {
		return body
	}
	if bytes.Count(body, rec) != 1 {
		t.Fatalf("receipt not found once in the body %.200s", body)
	}
	return bytes.Replace(body, rec, []byte("null"), 1)
}

// goldenCases are testdata/golden's cases: name, submission, expected answer document.
func goldenCases(t *testing.T) (names []string, in, out map[string][]byte) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(testdir.Golden(), "*.in.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cases in %s (%v)", testdir.Golden(), err)
	}
	in, out = map[string][]byte{}, map[string][]byte{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".in.json")
		a, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(strings.TrimSuffix(f, ".in.json") + ".out.json")
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
		in[name], out[name] = a, b
	}
	return names, in, out
}

// TestWorker_Golden sends every golden submission to POST /api/v1/verify?receipt=true on the
// worker and on the native twin: same status and headers, same bodies byte for byte (receipts
// aside, which are checked on their own), and the result is the golden file itself. Receipts
// the worker signs must verify offline with `openvalue receipt verify`. The wrapper form with a
// claim goes without ?receipt: no receipt, and the whole answers are byte-identical.
func TestWorker_Golden(t *testing.T) {
	edge, native := workerURL(t), twinURL(t)
	keys := workerKeys(t, edge)
	names, in, out := goldenCases(t)
	var receipts []signed
	dir := t.TempDir()
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			e := do(t, edge, "POST", "/api/v1/verify?receipt=true", "application/json", bytes.NewReader(in[name]))
			n := do(t, native, "POST", "/api/v1/verify?receipt=true", "application/json", bytes.NewReader(in[name]))
			want := bytes.TrimRight(out[name], "\n")
			if e.status != http.StatusOK {
				// An invalid submission: the error document is the golden file, on both sides.
				sameAnswer(t, name, e, n)
				if got := bytes.TrimRight(e.body, "\n"); !bytes.Equal(got, want) {
					t.Errorf("worker error document differs from %s.out.json:\n%.400s", name, got)
				}
				return
			}
			var ev, nv verifyAnswer
			if err := json.Unmarshal(e.body, &ev); err != nil {
				t.Fatalf("worker body is not a verify answer: %v: %.300s", err, e.body)
			}
			if err := json.Unmarshal(n.body, &nv); err != nil {
				t.Fatalf("native body is not a verify answer: %v", err)
			}
			sameAnswer(t, name, answer{e.status, e.header, withoutReceipt(t, e.body, ev.Receipt)},
				answer{n.status, n.header, withoutReceipt(t, n.body, nv.Receipt)})
			if !bytes.Equal(ev.Result, want) {
				t.Errorf("worker result differs from %s.out.json:\n%.400s", name, ev.Result)
			}
			checkReceipt(t, keys, ev.Receipt, nv.Receipt, in[name], ev.Result)
			// Kept as a partner would: the whole answer, and the result document apart.
			sg := signed{
				answer:     filepath.Join(dir, name+".verify.json"),
				submission: filepath.Join(testdir.Golden(), name+".in.json"),
				result:     filepath.Join(dir, name+".result.json"),
			}
			if os.WriteFile(sg.answer, e.body, 0o600) != nil || os.WriteFile(sg.result, ev.Result, 0o600) != nil {
				t.Fatal("cannot keep the answer")
			}
			receipts = append(receipts, sg)

			// The wrapper form with the golden result as the claim: it matches, on both sides.
			wrapped := []byte(`{"submission":` + string(in[name]) + `,"claimed":` + string(want) + `}`)
			e = do(t, edge, "POST", "/api/v1/verify", "application/json", bytes.NewReader(wrapped))
			n = do(t, native, "POST", "/api/v1/verify", "application/json", bytes.NewReader(wrapped))
			ev, nv = verifyAnswer{}, verifyAnswer{}
			if json.Unmarshal(e.body, &ev) != nil || json.Unmarshal(n.body, &nv) != nil {
				t.Fatalf("claimed: not verify answers: worker %d %.200s", e.status, e.body)
			}
			if ev.ClaimMatches == nil || !*ev.ClaimMatches {
				t.Errorf("claimed: worker claim_matches = %v; want true", ev.ClaimMatches)
			}
			if string(ev.Receipt) != "null" {
				t.Errorf("claimed without ?receipt: worker receipt %.100s; want null", ev.Receipt)
			}
			sameAnswer(t, name+" claimed", e, n)
		})
	}
	if len(receipts) == 0 {
		t.Fatal("no golden case produced a receipt")
	}
	verifyOffline(t, edge, receipts)
}

// workerKeys fetches the worker's published keys, which must be the native twin's too.
func workerKeys(t *testing.T, edge string) receipt.KeySet {
	t.Helper()
	a := do(t, edge, "GET", "/api/v1/keys", "", nil)
	if a.status != http.StatusOK {
		t.Fatalf("GET /api/v1/keys = %d %.200s", a.status, a.body)
	}
	keys, err := receipt.ParseJWKS(a.body)
	if err != nil {
		t.Fatalf("GET /api/v1/keys: %v", err)
	}
	if len(keys) == 0 {
		t.Fatal("the worker publishes no key: OPENVALUE_SIGNING_KEY did not reach it")
	}
	return keys
}

// checkReceipt verifies the worker's receipt with the published keys and checks what it
// attests: the submission and the result as sent, and the same claims as the native one.
func checkReceipt(t *testing.T, keys receipt.KeySet, edgeRec, nativeRec json.RawMessage, submission, result []byte) {
	t.Helper()
	r, err := receipt.Verify(edgeRec, keys)
	if err != nil {
		t.Fatalf("worker receipt: %v: %s", err, edgeRec)
	}
	nr, err := receipt.Verify(nativeRec, keys)
	if err != nil {
		t.Fatalf("native receipt: %v: %s", err, nativeRec)
	}
	if r.SubmissionSHA256 != receipt.Hash(submission) || r.ResultSHA256 != receipt.Hash(result) {
		t.Errorf("worker receipt attests other bytes: %s", edgeRec)
	}
	if r.Status != receipt.StatusRecomputed {
		t.Errorf("worker receipt status %q; want %q", r.Status, receipt.StatusRecomputed)
	}
	r.IssuedAt, r.Signature = nr.IssuedAt, nr.Signature
	if !bytes.Equal(r.Marshal(), nr.Marshal()) {
		t.Errorf("worker and native receipts attest different claims:\nworker %s\nnative %s", edgeRec, nativeRec)
	}
}

// signed is a /verify answer of the worker kept in files: the answer (with its receipt),
// the submission sent and the result received.
type signed struct{ answer, submission, result string }

// verifyOffline checks the worker's receipts with the command line, against the key set the
// worker publishes, as a partner would: signature, submission and result.
func verifyOffline(t *testing.T, edge string, receipts []signed) {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "openvalue")
	build := exec.Command("go", "build", "-o", bin, "./cmd/openvalue")
	build.Dir = testdir.Root()
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/openvalue: %v\n%s", err, b)
	}
	jwks := filepath.Join(dir, "keys.json")
	if err := os.WriteFile(jwks, do(t, edge, "GET", "/api/v1/keys", "", nil).body, 0o600); err != nil {
		t.Fatal(err)
	}
	verify := func(answer, submission, result string) ([]byte, error) {
		return exec.Command(bin, "receipt", "verify", "--keys", jwks,
			"--submission", submission, "--result", result, answer).CombinedOutput()
	}
	for _, s := range receipts {
		if out, err := verify(s.answer, s.submission, s.result); err != nil {
			t.Errorf("openvalue receipt verify %s: %v\n%s", filepath.Base(s.answer), err, out)
		}
	}
	// It must refuse a receipt whose claims were altered, and one shown with another submission.
	b, err := os.ReadFile(receipts[0].answer)
	if err != nil {
		t.Fatal(err)
	}
	forged := filepath.Join(dir, "forged.json")
	if err := os.WriteFile(forged, bytes.Replace(b, []byte(`"recomputed"`), []byte(`"verified"`), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := verify(forged, receipts[0].submission, receipts[0].result); err == nil {
		t.Errorf("openvalue receipt verify accepted a forged receipt:\n%s", out)
	}
	if len(receipts) > 1 {
		if out, err := verify(receipts[0].answer, receipts[1].submission, receipts[0].result); err == nil {
			t.Errorf("openvalue receipt verify accepted a receipt for another submission:\n%s", out)
		}
	}
}

// TestWorker_Concurrent: the worker runs one Go instance for all requests (entry.mjs), so
// requests in flight together must not disturb each other: each answer is its own case's.
func TestWorker_Concurrent(t *testing.T) {
	edge := workerURL(t)
	names, in, out := goldenCases(t)
	const rounds = 3
	var wg sync.WaitGroup
	errs := make(chan string, len(names)*rounds)
	for r := 0; r < rounds; r++ {
		for _, name := range names {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := client.Post(edge+"/api/v1/verify", "application/json", bytes.NewReader(in[name]))
				if err != nil {
					errs <- fmt.Sprintf("%s: %v", name, err)
					return
				}
				b, err := io.ReadAll(res.Body)
				res.Body.Close()
				want := bytes.TrimRight(out[name], "\n")
				var v verifyAnswer
				switch {
				case err != nil:
					errs <- fmt.Sprintf("%s: %v", name, err)
				case res.StatusCode == http.StatusOK && (json.Unmarshal(b, &v) != nil || !bytes.Equal(v.Result, want)):
					errs <- fmt.Sprintf("%s: result is not %s.out.json: %.200s", name, name, b)
				case res.StatusCode != http.StatusOK && !bytes.Equal(bytes.TrimRight(b, "\n"), want):
					errs <- fmt.Sprintf("%s: %d error document is not %s.out.json: %.200s", name, res.StatusCode, name, b)
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestWorker_Malformed: bad requests get the same status, headers and error document from the
// worker as from the native server.
func TestWorker_Malformed(t *testing.T) {
	edge, native := workerURL(t), twinURL(t)
	const js = "application/json"
	tests := []struct {
		name, method, path, ctype, body string
	}{
		{"empty body", "POST", "/api/v1/verify", js, ""},
		{"not JSON", "POST", "/api/v1/verify", js, "hello"},
		{"truncated", "POST", "/api/v1/verify", js, `{"organization":{"name":"A"`},
		{"array", "POST", "/api/v1/verify", js, `[1,2]`},
		{"null", "POST", "/api/v1/verify", js, `null`},
		{"string", "POST", "/api/v1/verify", js, `"x"`},
		{"trailing garbage", "POST", "/api/v1/verify", js, `{} {}`},
		{"invalid UTF-8", "POST", "/api/v1/verify", js, "{\"organization\":{\"name\":\"\xff\xfe\"}}"},
		{"wrapper: submission not an object", "POST", "/api/v1/verify", js, `{"submission":5}`},
		{"wrapper: unknown member", "POST", "/api/v1/verify", js, `{"submission":{},"extra":1}`},
		{"wrapper: claimed not an object", "POST", "/api/v1/verify", js, `{"submission":{},"claimed":[]}`},
		{"wrong content type", "POST", "/api/v1/verify", "text/plain", `{}`},
		{"no content type", "POST", "/api/v1/verify", "", `{}`},
		{"GET verify", "GET", "/api/v1/verify", "", ""},
		{"DELETE keys", "DELETE", "/api/v1/keys", "", ""},
		{"unknown API path", "GET", "/api/v1/nothing-here", "", ""},
		{"stateful: submissions", "POST", "/api/v1/submissions", js, `{}`},
		{"stateful: submission get", "GET", "/api/v1/submissions/abc", "", ""},
		{"stateful: review queue", "GET", "/api/v1/review/queue", "", ""},
		{"stateful: draft put", "PUT", "/api/v1/drafts/d1", js, `{}`},
		{"no web app", "GET", "/", "", ""},
		{"rate: not JSON", "POST", "/api/v1/rate", js, `{`},
		{"rate: unknown metric", "POST", "/api/v1/rate", js, `{"safety":{"nope":1}}`},
		{"rate: wrong type", "POST", "/api/v1/rate", js, `{"safety":{"psi_90":"high"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := do(t, edge, tt.method, tt.path, tt.ctype, strings.NewReader(tt.body))
			n := do(t, native, tt.method, tt.path, tt.ctype, strings.NewReader(tt.body))
			if n.status < 400 {
				t.Fatalf("native %s %s = %d; the case is not malformed", tt.method, tt.path, n.status)
			}
			var doc struct {
				Error struct{ Code, Message string } `json:"error"`
			}
			if err := json.Unmarshal(e.body, &doc); err != nil || doc.Error.Code == "" {
				t.Errorf("worker body is not an error document: %.300s", e.body)
			}
			sameAnswer(t, tt.name, e, n)
		})
	}
}

// TestWorker_Stateless: the other stateless endpoints answer the same at the edge.
func TestWorker_Stateless(t *testing.T) {
	edge, native := workerURL(t), twinURL(t)
	for _, path := range []string{"/api/v1/keys", "/api/v1/openapi.json"} {
		sameAnswer(t, "GET "+path, do(t, edge, "GET", path, "", nil), do(t, native, "GET", path, "", nil))
	}
	// The cohort rating, against the snapshot embedded in the worker.
	rate := `{"safety":{"psi_90":0.98,"op_22":2,"op_23":70,"pc_01":0,"sep_1":61,"clabsi":0.4,"cauti":0.6,"ssi":0.7,"mrsa":0.8,"cdi":0.3},` +
		`"cost":{"cost_per_de":11727.07,"occupancy":62.5,"mspb":1.04},"hacTotalScore":0.204}`
	e := do(t, edge, "POST", "/api/v1/rate", "application/json", strings.NewReader(rate))
	n := do(t, native, "POST", "/api/v1/rate", "application/json", strings.NewReader(rate))
	if n.status != http.StatusOK {
		t.Fatalf("native POST /api/v1/rate = %d %.300s", n.status, n.body)
	}
	sameAnswer(t, "POST /api/v1/rate", e, n)
}

// TestWorker_TooLarge: bodies over the limit are refused with 413 and the native error
// document, announced (Content-Length) or streamed (chunked), and the worker goes on serving.
func TestWorker_TooLarge(t *testing.T) {
	edge, native := workerURL(t), twinURL(t)
	big := bytes.Repeat([]byte(" "), server.DefaultMaxBodyBytes+1)
	e := do(t, edge, "POST", "/api/v1/verify", "application/json", bytes.NewReader(big))
	n := do(t, native, "POST", "/api/v1/verify", "application/json", bytes.NewReader(big))
	if e.status != http.StatusRequestEntityTooLarge {
		t.Errorf("worker: %d-byte body = %d; want 413", len(big), e.status)
	}
	sameAnswer(t, "Content-Length over the limit", e, n)

	// No Content-Length: the limit is found while reading.
	e = do(t, edge, "POST", "/api/v1/verify", "application/json", io.MultiReader(bytes.NewReader(big)))
	n = do(t, native, "POST", "/api/v1/verify", "application/json", io.MultiReader(bytes.NewReader(big)))
	if e.status != http.StatusRequestEntityTooLarge {
		t.Errorf("worker: chunked %d-byte body = %d; want 413", len(big), e.status)
	}
	sameAnswer(t, "chunked over the limit", e, n)

	// 20 MB, as a careless or hostile client would send.
	huge := bytes.Repeat([]byte("a"), 20<<20)
	req, _ := http.NewRequest("POST", edge+"/api/v1/verify", bytes.NewReader(huge))
	req.Header.Set("Content-Type", "application/json")
	if res, err := client.Do(req); err == nil {
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("worker: 20 MB body = %d; want 413", res.StatusCode)
		}
	} // else: refused before the whole body was read, which is a refusal too
	if a := do(t, edge, "GET", "/api/v1/keys", "", nil); a.status != http.StatusOK {
		t.Errorf("worker not answering after the oversized bodies: %d", a.status)
	}
}
