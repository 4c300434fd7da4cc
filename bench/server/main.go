// Command server is the load generator of the verification server: it starts
// `openvalue serve` on loopback with a fresh SQLite file (or targets -url), then sends
// durable submissions (POST /api/v1/submissions, each acknowledged only once committed)
// and stateless recomputes (POST /api/v1/verify) from a pool of connections, and prints
// requests per second with p50/p90/p99 latency. Bounded in count and in time.
//
//	go run ./bench/server -openvalue bin/openvalue -cases testdata/golden
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
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

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
	nSub := flag.Int("n", 20000, "submissions to send (at most)")
	nVer := flag.Int("verify-n", 40000, "verify requests to send (at most)")
	maxDur := flag.Duration("t", 15*time.Second, "time limit of each phase")
	flag.Parse()

	docs, err := loadDocs(*cases)
	if err != nil {
		return err
	}
	base := *url
	if base == "" {
		dir, err := os.MkdirTemp("", "openvalue-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		b, stop, err := startServer(*bin, filepath.Join(dir, "bench.db"))
		if err != nil {
			return err
		}
		defer stop()
		base = b
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *conc, MaxConnsPerHost: *conc, DisableCompression: true}, Timeout: 10 * time.Second}

	var total int
	for _, d := range docs {
		total += len(d)
	}
	fmt.Printf("server %s, GOMAXPROCS %d (client and server share the machine), %d connections, %d submissions of %d bytes on average\n\n",
		base, runtime.GOMAXPROCS(0), *conc, len(docs), total/len(docs))
	fmt.Println("| endpoint | requests | seconds | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|")
	phase(client, base+"/api/v1/verify", docs, *conc, 500, time.Second, 200, false) // warm up
	for _, p := range []struct {
		name, path string
		n, want    int
	}{
		{"POST /api/v1/submissions (durable, SQLite)", "/api/v1/submissions", *nSub, 201},
		{"POST /api/v1/verify (stateless)", "/api/v1/verify", *nVer, 200},
	} {
		r := phase(client, base+p.path, docs, *conc, p.n, *maxDur, p.want, true)
		fmt.Printf("| %s | %d | %.2f | %.0f | %.2f | %.2f | %.2f | %.2f | %d |\n", p.name, r.n, r.secs, float64(r.n)/r.secs,
			ms(r.pct(50)), ms(r.pct(90)), ms(r.pct(99)), ms(r.pct(100)), r.errors)
	}
	return nil
}

type result struct {
	n, errors int
	secs      float64
	lat       []time.Duration
}

func (r result) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(float64(len(r.lat))*p/100+0.5) - 1
	return r.lat[min(max(i, 0), len(r.lat)-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// phase sends up to n requests from conc workers, stopping at the time limit.
func phase(client *http.Client, url string, docs [][]byte, conc, n int, limit time.Duration, want int, record bool) result {
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
	return result{n: len(all), errors: int(errs.Load()), secs: secs, lat: all}
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
func loadDocs(dir string) ([][]byte, error) {
	ins, _ := filepath.Glob(filepath.Join(dir, "*.in.json"))
	var docs [][]byte
	for _, p := range ins {
		out, err := os.ReadFile(strings.TrimSuffix(p, ".in.json") + ".out.json")
		if err != nil || bytes.Contains(out[:min(len(out), 40)], []byte(`"error"`)) {
			continue
		}
		in, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		if !bytes.Contains(in, []byte(`"review"`)) {
			docs = append(docs, in)
		}
	}
	if len(docs) == 0 {
		return nil, errors.New("no valid submission in " + dir)
	}
	return docs, nil
}

// startServer runs `openvalue serve` on a free loopback port with a fresh database.
func startServer(bin, db string) (string, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := l.Addr().String()
	l.Close()
	var log bytes.Buffer
	cmd := exec.Command(bin, "serve", "--addr", addr, "--db", db)
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }
	base := "http://" + addr
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		if resp, err := http.Get(base + "/api/v1/keys"); err == nil {
			resp.Body.Close()
			return base, stop, nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	return "", nil, fmt.Errorf("server did not start: %s", log.String())
}
