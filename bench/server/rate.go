package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"
)

// atRate sends requests on a fixed schedule, request i at start + i/rate, whatever the
// server's answers do (an open loop), and measures each latency from that scheduled
// moment, not from when a connection became free. A closed loop like wrk's waits for an
// answer before sending the next request, so a stall delays the requests it would have
// met and they never count its time (coordinated omission); here they wait in the queue
// and their latency includes the wait. A target like "3,000 submissions/s with p99 < 20 ms"
// can be read as this: the latency at that offered rate.
//
// Up to conns keep-alive connections carry the load; a request waits when all are busy.
// The client is a plain HTTP/1.1 writer and reader over net.Conn (requests formatted once,
// answers read with http.ReadResponse), cheaper per request than net/http's client, since it
// shares the 2 cores with the server.
func atRate(base, path string, docs [][]byte, rate float64, conns int, limit time.Duration, want int) (rateResult, error) {
	u, err := url.Parse(base)
	if err != nil {
		return rateResult{}, err
	}
	reqs := make([][]byte, len(docs))
	for i, d := range docs {
		reqs[i] = fmt.Appendf(nil, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
			path, u.Host, len(d), d)
	}
	total := int(rate * limit.Seconds())
	jobs := make(chan job, total) // never blocks the scheduler: a full backlog is part of what is measured
	lats := make([][]time.Duration, conns)
	errs := make([]int, conns)
	var firstErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	for c := range conns {
		conn, err := net.Dial("tcp", u.Host)
		if err != nil {
			close(jobs)
			wg.Wait()
			return rateResult{}, err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if conn != nil { // the last one dialled, if that worked
					conn.Close()
				}
			}()
			r := bufio.NewReaderSize(conn, 64<<10)
			for j := range jobs {
				_, err := conn.Write(reqs[j.i%len(reqs)])
				var st int
				if err == nil {
					st, err = readAnswer(r)
				}
				if err == nil && st != want {
					err = fmt.Errorf("status %d, want %d", st, want)
				}
				if err != nil {
					errs[c]++
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					if errors.Is(err, io.EOF) || isNetErr(err) { // the connection is gone: redial
						conn.Close()
						if conn, err = net.Dial("tcp", u.Host); err != nil {
							return
						}
						r.Reset(conn)
					}
					continue
				}
				lats[c] = append(lats[c], time.Since(j.at))
			}
		}()
	}

	// One P for the client: with a second one idle, every wake-up of a connection's goroutine
	// also wakes a thread to look for work, CPU the server needs.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	cpu0 := procCPU(os.Getpid())
	start := time.Now()
	interval := time.Duration(float64(time.Second) / rate)
	for i := 0; i < total; {
		// Queue every request whose moment has come, each stamped with its own moment; then
		// sleep until the next one (the timer's lateness counts in the latencies, not against
		// them).
		now := time.Since(start)
		for ; i < total && time.Duration(i)*interval <= now; i++ {
			jobs <- job{i: i, at: start.Add(time.Duration(i) * interval)}
		}
		if i < total {
			time.Sleep(time.Duration(i)*interval - now)
		}
	}
	close(jobs)
	wg.Wait()
	secs := time.Since(start).Seconds()

	var all []time.Duration
	n := 0
	for c := range conns {
		all = append(all, lats[c]...)
		n += errs[c]
	}
	slices.Sort(all)
	res := rateResult{
		result: result{n: len(all), errors: n, secs: secs, clientCPU: procCPU(os.Getpid()) - cpu0,
			p50: pct(all, 50), p90: pct(all, 90), p99: pct(all, 99)},
		offered: rate, p999: pct(all, 99.9),
	}
	if len(all) > 0 {
		res.max = all[len(all)-1]
	}
	if firstErr != nil {
		res.firstErr = firstErr.Error()
	}
	return res, nil
}

type job struct {
	i  int
	at time.Time // when the schedule sends it
}

type rateResult struct {
	result
	offered   float64
	p999, max time.Duration
	firstErr  string
}

// readAnswer reads one HTTP/1.1 answer and returns its status; the body is read and dropped.
// An answer without a length (delimited by closing the connection) is an error: this server
// always sends one, and the connection is reused.
func readAnswer(r *bufio.Reader) (int, error) {
	res, err := http.ReadResponse(r, nil)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if res.ContentLength < 0 && len(res.TransferEncoding) == 0 {
		return 0, errors.New("answer without a length")
	}
	_, err = io.Copy(io.Discard, res.Body)
	return res.StatusCode, err
}

func isNetErr(err error) bool {
	var ne net.Error
	return errors.As(err, &ne)
}
