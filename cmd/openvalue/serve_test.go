package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"openvalue/internal/testdir"
	"openvalue/scoring"
)

// validGoldens returns the golden submissions the server accepts as they are (no review).
func validGoldens(t *testing.T) [][]byte {
	t.Helper()
	ins, _ := filepath.Glob(filepath.Join(testdir.Golden(), "*.in.json"))
	var docs [][]byte
	for _, p := range ins {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := scoring.ScoreJSON(b); err == nil && !bytes.Contains(b, []byte(`"review"`)) {
			docs = append(docs, b)
		}
	}
	if len(docs) == 0 {
		t.Fatal("no valid golden submission")
	}
	return docs
}

// addrFrom reads the server's start-up line from r and returns its base URL; the rest of r
// is drained in the background (and kept in log for failure messages).
func addrFrom(t *testing.T, r io.Reader, log *syncBuffer) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			line := sc.Text()
			log.WriteString(line + "\n")
			if i := strings.Index(line, "serving http://"); i >= 0 {
				select {
				case found <- strings.Fields(line[i+len("serving "):])[0]:
				default:
				}
			}
		}
		close(found)
	}()
	select {
	case base, ok := <-found:
		if !ok {
			t.Fatalf("server exited before listening:\n%s", log)
		}
		return base
	case <-time.After(30 * time.Second):
		t.Fatalf("server did not start:\n%s", log)
	}
	return ""
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) WriteString(x string) { s.mu.Lock(); s.b.WriteString(x); s.mu.Unlock() }
func (s *syncBuffer) String() string       { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// serveInProcess runs `openvalue serve` through run on a free loopback port.
func serveInProcess(t *testing.T, ctx context.Context, args ...string) (base string, done chan error) {
	t.Helper()
	pr, pw := io.Pipe()
	done = make(chan error, 1)
	go func() {
		err := run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), func(string) string { return "" }, nil, io.Discard, pw)
		pw.Close()
		done <- err
	}()
	return addrFrom(t, pr, &syncBuffer{}), done
}

// call sends one request and decodes a JSON answer into out (when not nil).
func call(t *testing.T, method, url string, body []byte, token string, out any) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 && !strings.HasSuffix(url, ".pdf") {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, url, err, b)
		}
	}
	return resp.StatusCode, b
}

type created struct {
	ID          string          `json:"id"`
	AccessToken string          `json:"access_token"`
	Estimate    json.RawMessage `json:"estimate"`
	Receipt     json.RawMessage `json:"receipt"`
}

// The whole workflow through the real binary's run: serve on :0 with a temporary SQLite
// file, submit, add a reviewer with the CLI, review, fetch the PDF, verify the receipts
// offline, restart on the same files.
func TestServe_EndToEnd(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "openvalue.db")
	ctx, cancel := context.WithCancel(context.Background())
	base, done := serveInProcess(t, ctx, "--db", db)
	api := base + "/api/v1"
	doc := validGoldens(t)[0]

	var sub created
	if st, b := call(t, "POST", api+"/submissions", doc, "", &sub); st != 201 {
		t.Fatalf("POST /submissions = %d %s", st, b)
	}
	want, _ := scoring.ScoreJSON(doc)
	if !bytes.Equal(sub.Estimate, want) {
		t.Error("estimate differs from ScoreJSON")
	}
	if st, _ := call(t, "GET", api+"/submissions/"+sub.ID, nil, sub.AccessToken, nil); st != 200 {
		t.Errorf("GET own = %d", st)
	}
	if st, _ := call(t, "GET", api+"/submissions/"+sub.ID, nil, "", nil); st != 404 {
		t.Errorf("GET without token = %d", st)
	}
	if st, b := call(t, "GET", api+"/submissions/"+sub.ID+"/summary.pdf", nil, sub.AccessToken, nil); st != 200 || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("summary.pdf = %d %.10q", st, b)
	}
	if st, b := call(t, "GET", base+"/", nil, "", nil); st != 200 || !bytes.Contains(b, []byte("<")) {
		t.Errorf("GET / = %d", st)
	}
	if st, _ := call(t, "GET", base+"/web.go", nil, "", nil); st != 404 {
		t.Errorf("GET /web.go = %d; want 404", st)
	}

	// A reviewer added by the CLI while the server runs.
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"reviewer", "add", "Dana Reviewer", "--db", db}, os.Getenv, nil, &out, &errb); err != nil {
		t.Fatalf("reviewer add: %v %s", err, errb.String())
	}
	rtok := strings.TrimSpace(out.String())
	if len(rtok) < 43 {
		t.Fatalf("reviewer token %q", rtok)
	}
	if err := run(context.Background(), []string{"reviewer", "add", "Dana Reviewer", "--db", db}, os.Getenv, nil, io.Discard, io.Discard); err == nil {
		t.Error("a second reviewer of the same name was added")
	}
	if st, _ := call(t, "GET", api+"/review/queue", nil, "", nil); st != 401 {
		t.Errorf("queue without token = %d", st)
	}
	var queue struct{ Submissions []struct{ ID string } }
	if st, b := call(t, "GET", api+"/review/queue", nil, rtok, &queue); st != 200 || len(queue.Submissions) != 1 || queue.Submissions[0].ID != sub.ID {
		t.Fatalf("queue = %d %.200s", st, b)
	}
	var reviewed struct {
		Status  string
		Result  json.RawMessage
		Receipt json.RawMessage
	}
	if st, b := call(t, "POST", api+"/submissions/"+sub.ID+"/review", []byte(`{"version":1,"review":{"notes":"evidence checked"}}`), rtok, &reviewed); st != 200 || reviewed.Status != "verified" {
		t.Fatalf("review = %d %s", st, b)
	}
	if st, _ := call(t, "POST", api+"/submissions/"+sub.ID+"/review", []byte(`{"version":1,"review":{}}`), rtok, nil); st != 409 {
		t.Errorf("stale review = %d; want 409", st)
	}

	// Receipts verify offline with the published keys, and a forged one does not.
	_, keys := call(t, "GET", api+"/keys", nil, "", nil)
	keysFile := filepath.Join(dir, "keys.json")
	os.WriteFile(keysFile, keys, 0o644)
	for i, rc := range [][]byte{sub.Receipt, reviewed.Receipt} {
		f := filepath.Join(dir, fmt.Sprintf("receipt%d.json", i))
		os.WriteFile(f, rc, 0o644)
		out.Reset()
		if err := run(context.Background(), []string{"receipt", "verify", f, "--keys", keysFile}, os.Getenv, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "OK") {
			t.Errorf("receipt verify %d: %v %s", i, err, out.String())
		}
		forged := bytes.Replace(rc, []byte(`"status":"`), []byte(`"status":"x`), 1)
		forged = bytes.Replace(forged, []byte(`"status":"xsubmitted"`), []byte(`"status":"verified"`), 1)
		forged = bytes.Replace(forged, []byte(`"status":"xverified"`), []byte(`"status":"submitted"`), 1)
		os.WriteFile(f, forged, 0o644)
		var ee exitError
		if err := run(context.Background(), []string{"receipt", "verify", f, "--keys", keysFile}, os.Getenv, nil, io.Discard, io.Discard); !errors.As(err, &ee) || ee.code != 2 {
			t.Errorf("forged receipt %d: %v; want exit 2", i, err)
		}
	}
	docFile, resFile := filepath.Join(dir, "doc.json"), filepath.Join(dir, "res.json")
	os.WriteFile(docFile, doc, 0o644)
	os.WriteFile(resFile, sub.Estimate, 0o644)
	os.WriteFile(filepath.Join(dir, "r.json"), sub.Receipt, 0o644)
	if err := run(context.Background(), []string{"receipt", "verify", filepath.Join(dir, "r.json"), "--key", db + ".key", "--submission", docFile, "--result", resFile}, os.Getenv, nil, io.Discard, io.Discard); err != nil {
		t.Errorf("receipt verify with the key file and hashes: %v", err)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve returned %v after cancel", err)
	}
	if fi, err := os.Stat(db + ".key"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v %v; want mode 0600", fi, err)
	}

	// Restarted on the same files: same key, same data.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	base, done = serveInProcess(t, ctx2, "--db", db)
	var after struct{ Status string }
	if st, b := call(t, "GET", base+"/api/v1/submissions/"+sub.ID, nil, sub.AccessToken, &after); st != 200 || after.Status != "verified" {
		t.Errorf("after restart: %d %.200s", st, b)
	}
	if _, keys2 := call(t, "GET", base+"/api/v1/keys", nil, "", nil); !bytes.Equal(keys, keys2) {
		t.Errorf("keys changed across a restart: %s vs %s", keys, keys2)
	}
	cancel2()
	<-done
}

func TestServe_Usage(t *testing.T) {
	for _, args := range [][]string{{"serve", "extra"}, {"serve", "--nope"}, {"reviewer"}, {"reviewer", "add"}, {"receipt"}, {"receipt", "verify", "f"}} {
		var ue usageError
		if err := run(context.Background(), args, os.Getenv, nil, io.Discard, io.Discard); !errors.As(err, &ue) {
			t.Errorf("run(%q) = %v; want a usage error", args, err)
		}
	}
	bad := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "x.db")},
		func(k string) string {
			if k == signingKeyEnv {
				return "not-a-key"
			}
			return ""
		}, nil, io.Discard, io.Discard)
	if bad == nil || !strings.Contains(bad.Error(), signingKeyEnv) {
		t.Errorf("serve with a broken %s = %v", signingKeyEnv, bad)
	}
}

// TestHelperServe is not a test: the crash test runs the test binary as a child
// `openvalue serve` through it (the arguments in OPENVALUE_HELPER_ARGS).
func TestHelperServe(t *testing.T) {
	args := os.Getenv("OPENVALUE_HELPER_ARGS")
	if args == "" {
		t.Skip("helper process for TestServe_CrashSIGKILL")
	}
	err := run(context.Background(), strings.Split(args, "\x1f"), os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	fmt.Fprintln(os.Stderr, "helper exit:", err)
	os.Exit(exitCode(err, os.Stderr))
}

// child starts `openvalue serve` as a separate process.
func child(t *testing.T, db, key string) (*exec.Cmd, string, *syncBuffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperServe$", "-test.count=1")
	cmd.Env = append(os.Environ(), "OPENVALUE_HELPER_ARGS="+strings.Join([]string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--key", key}, "\x1f"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	log := &syncBuffer{}
	return cmd, addrFrom(t, stderr, log), log
}

// Kill the server with SIGKILL while submissions and reviews are in flight: after a restart
// every submission that got a 201 is there with the exact document and result, and every
// review that got a 200 is there too.
func TestServe_CrashSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	t.Run("sqlite", func(t *testing.T) { crashTest(t, filepath.Join(t.TempDir(), "openvalue.db")) })
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("OPENVALUE_TEST_POSTGRES")
		if dsn == "" {
			t.Skip("OPENVALUE_TEST_POSTGRES not set (make test-postgres sets it)")
		}
		crashTest(t, dsn)
	})
}

func crashTest(t *testing.T, db string) {
	var out bytes.Buffer
	name := fmt.Sprintf("Kim %d", time.Now().UnixNano()) // unique on a shared PostgreSQL database
	if err := run(context.Background(), []string{"reviewer", "add", name, "--db", db}, os.Getenv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	rtok := strings.TrimSpace(out.String())
	docs := validGoldens(t)
	key := filepath.Join(t.TempDir(), "openvalue.key")
	cmd, base, log := child(t, db, key)
	api := base + "/api/v1"

	type ack struct {
		id, token string
		doc       []byte
		estimate  json.RawMessage
	}
	var (
		mu       sync.Mutex
		acks     []ack
		reviewed = map[string]json.RawMessage{} // id -> verified result acknowledged with 200
		stop     = make(chan struct{})
		wg       sync.WaitGroup
	)
	client := &http.Client{Timeout: 5 * time.Second}
	post := func(url string, body []byte, token string) (int, []byte, error) {
		req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, b, err
	}
	for w := 0; w < 6; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				doc := docs[(w+n)%len(docs)]
				st, b, err := post(api+"/submissions", doc, "")
				if err != nil {
					return // the server is gone
				}
				var c created
				if st == 201 && json.Unmarshal(b, &c) == nil {
					mu.Lock()
					acks = append(acks, ack{c.ID, c.AccessToken, doc, c.Estimate})
					mu.Unlock()
				}
			}
		}(w)
	}
	wg.Add(1)
	go func() { // a reviewer verifying what arrives
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			mu.Lock()
			if i >= len(acks) {
				mu.Unlock()
				time.Sleep(time.Millisecond)
				i--
				continue
			}
			a := acks[i]
			mu.Unlock()
			st, b, err := post(api+"/submissions/"+a.id+"/review", []byte(`{"version":1,"review":{"notes":"ok"}}`), rtok)
			if err != nil {
				return
			}
			var r struct{ Result json.RawMessage }
			if st == 200 && json.Unmarshal(b, &r) == nil {
				mu.Lock()
				reviewed[a.id] = r.Result
				mu.Unlock()
			}
		}
	}()
	// Kill mid-burst once enough has been acknowledged to mean something (bounded in time, so
	// a slow machine still runs the test).
	for start := time.Now(); time.Since(start) < 10*time.Second; time.Sleep(50 * time.Millisecond) {
		mu.Lock()
		enough := len(acks) >= 300 && len(reviewed) >= 30
		mu.Unlock()
		if enough && time.Since(start) > time.Second {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	close(stop)
	wg.Wait()

	cmd2, base2, log2 := child(t, db, key)
	defer func() { cmd2.Process.Kill(); cmd2.Wait() }()
	mu.Lock()
	defer mu.Unlock()
	if len(acks) < 50 || len(reviewed) < 5 {
		t.Fatalf("only %d submissions and %d reviews acknowledged before the kill; log:\n%s", len(acks), len(reviewed), log)
	}
	lost := 0
	for _, a := range acks {
		var got struct {
			Status     string
			Submission json.RawMessage
			Result     json.RawMessage
		}
		st, b := call(t, "GET", base2+"/api/v1/submissions/"+a.id, nil, a.token, &got)
		switch {
		case st != 200:
			lost++
			t.Errorf("acknowledged submission %s: GET = %d %s", a.id, st, b)
		case !bytes.Equal(got.Submission, bytes.TrimSpace(a.doc)):
			t.Errorf("submission %s: document changed", a.id)
		case reviewed[a.id] != nil && (got.Status != "verified" || !bytes.Equal(got.Result, reviewed[a.id])):
			t.Errorf("acknowledged review of %s lost: status %s", a.id, got.Status)
		case reviewed[a.id] == nil && got.Status == "submitted" && !bytes.Equal(got.Result, a.estimate):
			t.Errorf("submission %s: result changed", a.id)
		}
	}
	t.Logf("SIGKILL during the burst: %d submissions and %d reviews acknowledged, %d lost", len(acks), len(reviewed), lost)
	if t.Failed() {
		t.Logf("restarted server log:\n%s", log2)
	}
}

// The same binary over PostgreSQL (several servers share one database): two servers on one
// database, a submission made on one is read and reviewed on the other. Runs when
// OPENVALUE_TEST_POSTGRES names a database (make test-postgres starts a throwaway one).
func TestServe_Postgres(t *testing.T) {
	dsn := os.Getenv("OPENVALUE_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("OPENVALUE_TEST_POSTGRES not set (make test-postgres sets it)")
	}
	dir := t.TempDir()
	key := filepath.Join(dir, "openvalue.key")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, doneA := serveInProcess(t, ctx, "--db", dsn, "--key", key)
	b, doneB := serveInProcess(t, ctx, "--db", dsn, "--key", key)
	var out bytes.Buffer
	name := fmt.Sprintf("pg reviewer %d", time.Now().UnixNano())
	if err := run(context.Background(), []string{"reviewer", "add", name, "--db", dsn}, os.Getenv, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	rtok := strings.TrimSpace(out.String())
	var sub created
	if st, body := call(t, "POST", a+"/api/v1/submissions", validGoldens(t)[0], "", &sub); st != 201 {
		t.Fatalf("POST on server A = %d %s", st, body)
	}
	if st, _ := call(t, "GET", b+"/api/v1/submissions/"+sub.ID, nil, sub.AccessToken, nil); st != 200 {
		t.Errorf("GET on server B = %d", st)
	}
	if st, body := call(t, "POST", b+"/api/v1/submissions/"+sub.ID+"/review", []byte(`{"version":1,"review":{}}`), rtok, nil); st != 200 {
		t.Errorf("review on server B = %d %s", st, body)
	}
	if st, _ := call(t, "POST", a+"/api/v1/submissions/"+sub.ID+"/review", []byte(`{"version":1,"review":{}}`), rtok, nil); st != 409 {
		t.Errorf("stale review on server A = %d; want 409", st)
	}
	cancel()
	<-doneA
	<-doneB
}

// Every phase of a connection has a deadline, and a client that sends its headers too slowly
// is cut off.
func TestServe_Timeouts(t *testing.T) {
	srv := httpServer(http.NotFoundHandler(), slog.New(slog.DiscardHandler))
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 || srv.MaxHeaderBytes <= 0 {
		t.Fatalf("http.Server without a limit: %+v", srv)
	}
	srv.ReadHeaderTimeout = 200 * time.Millisecond // the same server, a shorter clock
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprint(c, "GET / HTTP/1.1\r\nHost: x\r\n") // and never the blank line
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	b, err := io.ReadAll(c)
	if time.Since(start) > 3*time.Second || err != nil {
		t.Errorf("slow client kept for %v (%v, %q)", time.Since(start), err, b)
	}
}
