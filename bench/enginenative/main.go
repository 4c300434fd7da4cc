// Command enginenative times the in-browser engine's call natively on one submission file, so
// bench/engine.mjs can set the engine against the same code without wasm: scoring.AppendScore with
// the document as a string and one output buffer kept between calls, as wasm/fast.go calls it.
//
//	go run ./bench/enginenative [-n 10000] FILE   prints {"p50us":…,"p99us":…,"meanus":…,"cpuUsPerCall":…,"n":…}
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"syscall"
	"time"

	"openvalue/scoring"
)

func main() {
	n := flag.Int("n", 10000, "timed calls (after n/10 warm-up calls)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: enginenative [-n N] FILE")
		os.Exit(2)
	}
	doc, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	src := string(doc)
	var buf []byte
	for range *n / 10 {
		buf, _ = scoring.AppendScore(buf[:0], src)
	}
	times := make([]time.Duration, *n)
	var total time.Duration
	cpu0 := cpuTime()
	for i := range times {
		t := time.Now()
		buf, _ = scoring.AppendScore(buf[:0], src)
		times[i] = time.Since(t)
		total += times[i]
	}
	cpu := cpuTime() - cpu0
	slices.Sort(times)
	us := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
	at := func(p int) time.Duration { return times[min(len(times)-1, (p*len(times)+99)/100-1)] }
	fmt.Printf("{\"p50us\":%.2f,\"p99us\":%.2f,\"meanus\":%.2f,\"cpuUsPerCall\":%.2f,\"n\":%d}\n",
		us(at(50)), us(at(99)), us(total)/float64(*n), us(cpu)/float64(*n), *n)
}

// cpuTime is the process's user + system CPU time: unlike wall time, it hardly changes with
// the load other processes put on the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
