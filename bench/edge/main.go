// Command edge measures POST /api/v1/verify?receipt=true (signed answers, what the edge's
// receipts are for) on the local edge worker against the native server, with the same cases in
// the same run: requests per second and p50/p99 latency.
//
// It is run by `make bench-edge`, which serves the worker under wrangler's workerd
// (server/edge/with-worker.sh sets OPENVALUE_EDGE_URL and OPENVALUE_SIGNING_KEY) and passes
// the openvalue binary; this program starts `openvalue serve` itself on a free loopback port
// with the same signing key and a throwaway database, and stops it when done.
//
// Every request goes to 127.0.0.1. The load is bounded by a request count and a time limit
// per target, whichever comes first.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench/edge:", err)
		os.Exit(1)
	}
}

type benchCase struct {
	name   string
	body   []byte // POST /api/v1/verify with this body; nil: GET /api/v1/keys
	status int    // what the native server answers; the worker must answer the same
}

type stats struct {
	target    string
	n, failed int
	elapsed   time.Duration
	p50, p99  time.Duration
}

func (s stats) rps() float64 { return float64(s.n) / s.elapsed.Seconds() }

func run(args []string) error {
	fs := flag.NewFlagSet("edge", flag.ContinueOnError)
	edgeURL := fs.String("edge", os.Getenv("OPENVALUE_EDGE_URL"), "base URL of the local worker")
	openvalue := fs.String("openvalue", "bin/openvalue", "openvalue binary to start the native server with")
	nativeURL := fs.String("native", "", "base URL of an already running native server (instead of -openvalue)")
	casesDir := fs.String("cases", "testdata/golden", "folder of <case>.in.json submissions")
	n := fs.Int("n", 2000, "requests per target")
	conc := fs.Int("c", 4, "concurrent clients")
	limit := fs.Duration("max", 30*time.Second, "time limit per target")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *edgeURL == "" {
		return errors.New("no worker URL: set -edge or OPENVALUE_EDGE_URL (make bench-edge does)")
	}
	if !isLoopback(*edgeURL) || (*nativeURL != "" && !isLoopback(*nativeURL)) {
		return errors.New("this load generator only targets 127.0.0.1")
	}
	files, err := filepath.Glob(filepath.Join(*casesDir, "*.in.json"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no cases in %s", *casesDir)
	}
	var cases []benchCase
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		cases = append(cases, benchCase{name: strings.TrimSuffix(filepath.Base(f), ".in.json"), body: b})
	}

	if *nativeURL == "" {
		u, stop, err := startNative(*openvalue)
		if err != nil {
			return err
		}
		defer stop()
		*nativeURL = u
	}

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *conc * 2}, Timeout: 30 * time.Second}
	// The native answers fix each case's expected status; the worker must agree before it is timed.
	for i := range cases {
		st, nb, err := send(client, *nativeURL, cases[i].body)
		if err != nil {
			return fmt.Errorf("native %s: %v", cases[i].name, err)
		}
		est, eb, err := send(client, *edgeURL, cases[i].body)
		if err != nil {
			return fmt.Errorf("edge %s: %v", cases[i].name, err)
		}
		if st != est || !bytes.Equal(stripReceipt(nb), stripReceipt(eb)) {
			return fmt.Errorf("case %s: worker answered %d, native %d, or the results differ", cases[i].name, est, st)
		}
		cases[i].status = st
	}

	fmt.Printf("cases: %d from %s; %d requests per target, %d concurrent clients, at most %s each\n\n",
		len(cases), *casesDir, *n, *conc, *limit)
	// GET /api/v1/keys does almost nothing: it shows each runtime's fixed cost per request.
	keys := []benchCase{{name: "keys", status: http.StatusOK}}
	var all []stats
	for _, t := range []struct{ name, url string }{{"native (openvalue serve)", *nativeURL}, {"edge (wrangler dev, workerd)", *edgeURL}} {
		for _, w := range []struct {
			endpoint string
			cases    []benchCase
			n        int
		}{{"POST /api/v1/verify", cases, *n}, {"GET /api/v1/keys", keys, *n / 4}} {
			load(client, t.url, w.cases, 20, *conc, *limit) // warm up: connections, JIT, caches
			s := load(client, t.url, w.cases, w.n, *conc, *limit)
			s.target = t.name + " | " + w.endpoint
			all = append(all, s)
		}
	}
	fmt.Println("| target | endpoint | requests | failed | requests/s | p50 | p99 |")
	fmt.Println("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
	failed := 0
	for _, s := range all {
		fmt.Printf("| %s | %d | %d | %.0f | %s | %s |\n", s.target, s.n, s.failed, s.rps(), ms(s.p50), ms(s.p99))
		failed += s.failed
	}
	for i, endpoint := range []string{"/verify", "/keys"} {
		nat, edge := all[i], all[2+i]
		fmt.Printf("\nratio edge/native %s: requests/s %.3f, p50 %.1f×, p99 %.1f×", endpoint,
			edge.rps()/nat.rps(), float64(edge.p50)/float64(nat.p50), float64(edge.p99)/float64(nat.p99))
	}
	fmt.Println()
	if failed > 0 {
		return fmt.Errorf("%d requests failed", failed)
	}
	return nil
}

// load sends up to n requests (cycling through the cases) from conc clients, stopping at limit.
func load(client *http.Client, base string, cases []benchCase, n, conc int, limit time.Duration) stats {
	var (
		next   atomic.Int64
		failed atomic.Int64
		mu     sync.Mutex
		lat    = make([]time.Duration, 0, n)
		wg     sync.WaitGroup
	)
	deadline := time.Now().Add(limit)
	start := time.Now()
	for w := 0; w < conc; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]time.Duration, 0, n/conc+1)
			for time.Now().Before(deadline) {
				i := next.Add(1) - 1
				if i >= int64(n) {
					break
				}
				c := cases[i%int64(len(cases))]
				t0 := time.Now()
				st, _, err := send(client, base, c.body)
				local = append(local, time.Since(t0))
				if err != nil || st != c.status {
					failed.Add(1)
				}
			}
			mu.Lock()
			lat = append(lat, local...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	return stats{n: len(lat), failed: int(failed.Load()), elapsed: elapsed, p50: pct(lat, 50), p99: pct(lat, 99)}
}

// send posts body to /api/v1/verify?receipt=true, or GETs /api/v1/keys when body is nil.
func send(client *http.Client, base string, body []byte) (int, []byte, error) {
	var res *http.Response
	var err error
	if body == nil {
		res, err = client.Get(base + "/api/v1/keys")
	} else {
		res, err = client.Post(base+"/api/v1/verify?receipt=true", "application/json", bytes.NewReader(body))
	}
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

// stripReceipt drops the "receipt" member's value: it holds the time of issue, the only part of
// a /verify answer that legitimately differs between two servers holding the same key.
func stripReceipt(b []byte) []byte {
	i := bytes.Index(b, []byte(`"receipt":{`))
	if i < 0 {
		return b
	}
	j := bytes.IndexByte(b[i:], '}')
	if j < 0 {
		return b
	}
	return append(append([]byte{}, b[:i]...), b[i+j+1:]...)
}

func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	if i > 0 {
		i--
	}
	return sorted[i]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

func isLoopback(u string) bool {
	return strings.HasPrefix(u, "http://127.0.0.1:") || strings.HasPrefix(u, "http://localhost:")
}

// startNative runs `openvalue serve` on a free loopback port with a throwaway database and the
// worker's signing key (inherited through the environment), and waits until it answers.
func startNative(bin string) (string, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := l.Addr().String()
	l.Close()
	dir, err := os.MkdirTemp("", "bench-edge-")
	if err != nil {
		return "", nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, "serve", "--addr", addr, "--db", filepath.Join(dir, "bench.db"))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Start(); err != nil {
		cancel()
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("start %s serve: %v", bin, err)
	}
	stop := func() {
		cancel()
		cmd.Wait()
		os.RemoveAll(dir)
	}
	url := "http://" + addr
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		res, err := http.Get(url + "/api/v1/keys")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return url, stop, nil
			}
		}
	}
	stop()
	return "", nil, fmt.Errorf("%s serve did not answer on %s", bin, url)
}
