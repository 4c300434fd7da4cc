// Command server is the load generator of the verification server: it starts
// `openvalue serve` on loopback with a fresh SQLite file (or targets -url), then sends
// durable submissions (POST /api/v1/submissions, each acknowledged only once committed)
// and stateless recomputes (POST /api/v1/verify, then with ?receipt=true: signed) over
// keep-alive connections, and prints requests per second with p50/p90/p99 latency, the
// server's CPU time per request (from /proc, when it started the server: unlike requests/s
// it hardly depends on what else the machine runs) and the load average. Each phase is
// bounded in time (and, with the Go client, in count).
//
// Those phases are closed loops (a connection sends its next request when the last answer
// arrives): they find the most the server answers, and their latency is the latency at that
// saturation. With -rate-submissions N and -rate-verify N the same endpoints then also run at
// fixed offered rates, as an open loop whose latency counts from each request's scheduled
// moment (see atRate). Not by default: its Go client costs ~50 µs of CPU per request, twice
// wrk's, on the 2 cores the server needs (docs/benchmarks.md, Server, session 5).
//
// The client is wrk (Debian package wrk) when it is on PATH: one C thread that writes
// pre-formatted requests (post.lua) costs ~25 µs of CPU per request, a quarter of the Go
// client's, and the client shares the 2 cores with the server. Without wrk, or with
// -client go, a Go client with the same connections is used.
//
//	go run ./bench/server -openvalue bin/openvalue -cases testdata/golden
package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// postLua is wrk's script: the requests are formatted once, then written round robin.
//
//go:embed post.lua
var postLua []byte

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench/server:", err)
		os.Exit(1)
	}
}

func run() error {
	bin := flag.String("openvalue", "bin/openvalue", "the openvalue `binary` to start (ignored with -url)")
	url := flag.String("url", "", "benchmark a running server at this base `URL` instead")
	cases := flag.String("cases", "testdata/golden", "`folder` of *.in.json submissions (the valid ones are sent, round robin)")
	conc := flag.Int("c", 16, "concurrent connections")
	nSub := flag.Int("n", 100000, "submissions to send (at most; Go client only)")
	nVer := flag.Int("verify-n", 200000, "verify requests to send (at most; Go client only)")
	maxDur := flag.Duration("t", 10*time.Second, "time limit of each phase")
	clientName := flag.String("client", "auto", "load generator: wrk, go, or auto (wrk when on PATH)")
	only := flag.String("only", "", "run one endpoint's phases only: `submissions` or verify (both /verify phases; default: all)")
	rateSub := flag.Float64("rate-submissions", 0, "then send submissions at this fixed `rate` per second (open loop; 0: skip)")
	rateVer := flag.Float64("rate-verify", 0, "then send /verify requests at this fixed `rate` per second (open loop; 0: skip)")
	rateConns := flag.Int("rate-c", 64, "connections of the fixed-rate phases")
	flag.Parse()

	files, docs, err := loadDocs(*cases)
	if err != nil {
		return err
	}
	useWrk := *clientName == "wrk"
	if *clientName == "auto" {
		_, err := exec.LookPath("wrk")
		useWrk = err == nil
	} else if !useWrk && *clientName != "go" {
		return fmt.Errorf("-client %q: want wrk, go or auto", *clientName)
	}
	dir, err := os.MkdirTemp("", "openvalue-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	script := filepath.Join(dir, "post.lua")
	if err := os.WriteFile(script, postLua, 0o644); err != nil {
		return err
	}
	base := *url
	cpu := func() time.Duration { return 0 }
	if base == "" {
		b, pid, stop, err := startServer(*bin, filepath.Join(dir, "bench.db"))
		if err != nil {
			return err
		}
		defer stop()
		base = b
		cpu = func() time.Duration { return procCPU(pid) }
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *conc, MaxConnsPerHost: *conc, DisableCompression: true}, Timeout: 10 * time.Second}
	send := func(path string, n int, limit time.Duration, want int) (result, error) {
		if useWrk {
			return wrk(base+path, script, files, *conc, limit)
		}
		return phase(client, base+path, docs, *conc, n, limit, want), nil
	}

	var total int
	for _, d := range docs {
		total += len(d)
	}
	name := "Go net/http client"
	if useWrk {
		name = "wrk -t1 (post.lua)"
	}
	fmt.Printf("server %s, client %s, %d connections, %d submissions of %d bytes on average; client and server share the machine's %d CPUs\n\n",
		base, name, *conc, len(docs), total/len(docs), runtime.NumCPU())
	fmt.Println("| endpoint | requests | seconds | requests/s | p50 ms | p90 ms | p99 ms | errors | server CPU µs/request | wrk CPU µs/request | load average |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|")
	if _, err := send("/api/v1/verify", 2000, 2*time.Second, 200); err != nil { // warm up
		return err
	}
	for _, p := range []struct {
		name, path string
		n, want    int
	}{
		{"POST /api/v1/submissions (durable, SQLite)", "/api/v1/submissions", *nSub, 201},
		{"POST /api/v1/verify (stateless)", "/api/v1/verify", *nVer, 200},
		{"POST /api/v1/verify?receipt=true (stateless, signed)", "/api/v1/verify?receipt=true", *nVer, 200},
	} {
		if *only != "" && phaseOf(p.path) != *only {
			continue
		}
		c0 := cpu()
		r, err := send(p.path, p.n, *maxDur, p.want)
		if err != nil {
			return err
		}
		perReq, clientPerReq := "–", "–"
		if c := cpu() - c0; c > 0 && r.n > 0 {
			perReq = strconv.FormatInt(c.Microseconds()/int64(r.n), 10)
		}
		if r.clientCPU > 0 && r.n > 0 {
			clientPerReq = strconv.FormatInt(r.clientCPU.Microseconds()/int64(r.n), 10)
		}
		fmt.Printf("| %s | %d | %.2f | %.0f | %.2f | %.2f | %.2f | %d | %s | %s | %s |\n", p.name, r.n, r.secs, float64(r.n)/r.secs,
			ms(r.p50), ms(r.p90), ms(r.p99), r.errors, perReq, clientPerReq, loadAvg())
	}

	// The same endpoints at fixed offered rates: the latency a target like "3,000/s with
	// p99 < 20 ms" speaks of (see atRate).
	header := false
	for _, p := range []struct {
		name, path string
		rate       float64
		want       int
	}{
		{"POST /api/v1/submissions (durable, SQLite)", "/api/v1/submissions", *rateSub, 201},
		{"POST /api/v1/verify (stateless)", "/api/v1/verify", *rateVer, 200},
	} {
		if p.rate <= 0 || (*only != "" && phaseOf(p.path) != *only) {
			continue
		}
		if !header {
			fmt.Printf("\nAt a fixed offered rate (open loop, %d connections; latency from each request's scheduled moment):\n\n", *rateConns)
			fmt.Println("| endpoint | offered/s | answered/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors | server CPU µs/request | client CPU µs/request | load average |")
			fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|---|")
			header = true
		}
		c0 := cpu()
		r, err := atRate(base, p.path, docs, p.rate, *rateConns, *maxDur, p.want)
		if err != nil {
			return err
		}
		perReq := "–"
		if c := cpu() - c0; c > 0 && r.n > 0 {
			perReq = strconv.FormatInt(c.Microseconds()/int64(r.n), 10)
		}
		fmt.Printf("| %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %s | %d | %s |\n", p.name, r.offered, float64(r.n)/r.secs,
			ms(r.p50), ms(r.p90), ms(r.p99), ms(r.p999), ms(r.max), r.errors, perReq, r.clientCPU.Microseconds()/int64(max(r.n, 1)), loadAvg())
		if r.firstErr != "" {
			fmt.Printf("\nfirst error: %s\n", r.firstErr)
		}
	}
	return nil
}

// phaseOf names a phase's endpoint for -only: the path's last element, without the query.
func phaseOf(path string) string {
	path, _, _ = strings.Cut(path, "?")
	return path[strings.LastIndexByte(path, '/')+1:]
}

// procCPU is the user+system CPU time process pid has used (Linux /proc; 0 elsewhere).
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command, which is in parentheses and may hold spaces.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ is 100 on Linux
}

// loadAvg is the 1-minute load average (/proc/loadavg), or "?".
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}

// wrk runs one phase with wrk: one thread, conc connections, for limit.
func wrk(url, script string, files []string, conc int, limit time.Duration) (result, error) {
	args := []string{"-t1", "-c" + strconv.Itoa(conc), "-d" + strconv.Itoa(int(limit.Seconds()+0.5)) + "s",
		"--timeout", "10s", "--latency", "-s", script, url, "--"}
	cmd := exec.Command("wrk", append(args, files...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return result{}, fmt.Errorf("wrk: %v: %s", err, out)
	}
	r, err := parseWrk(string(out))
	r.clientCPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	return r, err
}

// parseWrk reads wrk's --latency report: the 50/90/99 % latencies, "N requests in Xs",
// non-2xx answers and socket errors.
func parseWrk(out string) (result, error) {
	var r result
	var found int
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && (f[0] == "50%" || f[0] == "90%" || f[0] == "99%"):
			d, err := time.ParseDuration(f[1])
			if err != nil {
				return r, fmt.Errorf("wrk: latency %q: %v", line, err)
			}
			*map[string]*time.Duration{"50%": &r.p50, "90%": &r.p90, "99%": &r.p99}[f[0]] = d
			found++
		case len(f) >= 4 && f[1] == "requests" && f[2] == "in":
			n, err1 := strconv.Atoi(f[0])
			d, err2 := time.ParseDuration(strings.TrimSuffix(f[3], ","))
			if err1 != nil || err2 != nil {
				return r, fmt.Errorf("wrk: %q", line)
			}
			r.n, r.secs = n, d.Seconds()
			found++
		case strings.HasPrefix(strings.TrimSpace(line), "Non-2xx or 3xx responses:") && len(f) > 0:
			n, _ := strconv.Atoi(f[len(f)-1])
			r.errors += n
		case strings.HasPrefix(strings.TrimSpace(line), "Socket errors:"):
			for _, part := range strings.Split(strings.TrimPrefix(strings.TrimSpace(line), "Socket errors:"), ",") {
				if pf := strings.Fields(part); len(pf) == 2 {
					n, _ := strconv.Atoi(pf[1])
					r.errors += n
				}
			}
		}
	}
	if found < 4 {
		return r, fmt.Errorf("wrk: unexpected report:\n%s", out)
	}
	r.n -= r.errors // wrk counts every answer; only the expected ones count here
	return r, nil
}

type result struct {
	clientCPU     time.Duration // wrk's user+system CPU (0 for the Go client, which shares this process)
	n, errors     int
	secs          float64
	p50, p90, p99 time.Duration
}

func pct(lat []time.Duration, p float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	i := int(float64(len(lat))*p/100+0.5) - 1
	return lat[min(max(i, 0), len(lat)-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// phase sends up to n requests from conc workers, stopping at the time limit.
func phase(client *http.Client, url string, docs [][]byte, conc, n int, limit time.Duration, want int) result {
	var next, errs atomic.Int64
	lats := make([][]time.Duration, conc)
	deadline := time.Now().Add(limit)
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(n) || time.Now().After(deadline) {
					return
				}
				t0 := time.Now()
				st, err := post(client, url, docs[int(i)%len(docs)])
				d := time.Since(t0)
				if err != nil || st != want {
					errs.Add(1)
					continue
				}
				lats[w] = append(lats[w], d)
			}
		}(w)
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	var all []time.Duration
	for _, l := range lats {
		all = append(all, l...)
	}
	slices.Sort(all)
	return result{n: len(all), errors: int(errs.Load()), secs: secs, p50: pct(all, 50), p90: pct(all, 90), p99: pct(all, 99)}
}

func post(client *http.Client, url string, body []byte) (int, error) {
	resp, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, err
}

// loadDocs reads the valid submissions of the folder: the golden cases whose .out.json is a
// result (not an error document) and that carry no review (the server refuses those).
func loadDocs(dir string) (files []string, docs [][]byte, err error) {
	ins, _ := filepath.Glob(filepath.Join(dir, "*.in.json"))
	for _, p := range ins {
		out, err := os.ReadFile(strings.TrimSuffix(p, ".in.json") + ".out.json")
		if err != nil || bytes.Contains(out[:min(len(out), 40)], []byte(`"error"`)) {
			continue
		}
		in, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, err
		}
		if !bytes.Contains(in, []byte(`"review"`)) {
			files, docs = append(files, p), append(docs, in)
		}
	}
	if len(docs) == 0 {
		return nil, nil, errors.New("no valid submission in " + dir)
	}
	return files, docs, nil
}

// startServer runs `openvalue serve` on a free loopback port with a fresh database; it
// returns the base URL and the process id.
func startServer(bin, db string) (string, int, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", 0, nil, err
	}
	addr := l.Addr().String()
	l.Close()
	var log bytes.Buffer
	cmd := exec.Command(bin, "serve", "--addr", addr, "--db", db)
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		return "", 0, nil, err
	}
	stop := func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }
	base := "http://" + addr
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		if resp, err := http.Get(base + "/api/v1/keys"); err == nil {
			resp.Body.Close()
			return base, cmd.Process.Pid, stop, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	return "", 0, nil, fmt.Errorf("server did not start: %s", log.String())
}
