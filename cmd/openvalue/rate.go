package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync"

	"openvalue/scoring/cmsdata"
	"openvalue/scoring/ratings"
)

func init() {
	register("rate", command{summary: "rate every hospital's Safety and Cost (ValueSCORE seed 002) from CMS files", run: runRate})
}

func runRate(e env, args []string) error {
	fs := flag.NewFlagSet("rate", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cur := fs.String("current", "", "`DIR` with the current period's CMS files (found by header)")
	prior := fs.String("prior", "", "`DIR` with the prior period's CMS files, for the change adjustment")
	costs := fs.String("costs", "", "RAND HCRIS extract `FILE` for the current Cost domain (may also sit in --current)")
	priorCosts := fs.String("prior-costs", "", "RAND HCRIS extract `FILE` of the prior cost period (may also sit in --prior)")
	out := fs.String("out", "", "output `FILE` (default stdout)")
	format := fs.String("format", "csv", "output format: csv or json")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: openvalue rate --current DIR [--prior DIR] [--costs FILE] [--prior-costs FILE] [--out FILE] [--format csv|json]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if *cur == "" || fs.NArg() > 0 {
		fs.Usage()
		return usageError{"rate needs --current DIR and no positional arguments"}
	}
	if *format != "csv" && *format != "json" {
		return usageError{fmt.Sprintf("--format %q: must be csv or json", *format)}
	}
	defer batchGC()()
	if p := e.getenv("OPENVALUE_CPUPROFILE"); p != "" { // for docs/benchmarks.md
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		pprof.StartCPUProfile(f)
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	cp, pp, err := loadPeriods(e, *cur, *costs, *prior, *priorCosts)
	if err != nil {
		return err
	}
	res := ratings.Rate(cp, pp)
	w := e.stdout
	var f *os.File
	if *out != "" {
		if f, err = os.Create(*out); err != nil {
			return err
		}
		w = f
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if *format == "json" {
		err = res.WriteJSON(bw)
	} else {
		err = res.WriteCSV(bw)
	}
	if err == nil {
		err = bw.Flush()
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("rate: write output: %w", err)
	}
	n := [2]int{}
	for _, r := range res.Ratings {
		for d := range r.Domains {
			if !r.Domains[d].Excluded {
				n[d]++
			}
		}
	}
	fmt.Fprintf(e.stderr, "rate: %d hospitals; safety rated %d, cost rated %d; outcomes, risk and engagement are not specified by the seed and are omitted\n",
		len(res.Ratings), n[ratings.Safety], n[ratings.Cost])
	return nil
}

// batchGC turns the collector off below 1 GiB of heap for the rest of a batch command: a
// whole-cohort run peaks near 100 MB and exits, so collecting costs CPU and frees nothing
// useful. Above the limit the collector runs as usual.
// It returns the function that restores the previous settings.
func batchGC() (restore func()) {
	limit := debug.SetMemoryLimit(1 << 30)
	pct := debug.SetGCPercent(-1)
	return func() { debug.SetGCPercent(pct); debug.SetMemoryLimit(limit) }
}

// loadPeriods loads the current and (when given) prior period at the same time.
func loadPeriods(e env, cur, costs, prior, priorCosts string) (cp, pp *ratings.Period, err error) {
	e.stderr = &lockedWriter{w: e.stderr}
	if prior == "" && priorCosts == "" {
		cp, err = loadPeriod(e, cur, costs)
		return cp, nil, err
	}
	var perr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		pp, perr = loadPeriod(e, prior, priorCosts)
	}()
	cp, err = loadPeriod(e, cur, costs)
	wg.Wait()
	if err == nil {
		err = perr
	}
	return cp, pp, err
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// loadPeriod reads every CMS file in dir (may be "") plus an optional extra cost file.
func loadPeriod(e env, dir, costs string) (*ratings.Period, error) {
	// The cost file is parsed while the folder is (it is the largest file).
	type costResult struct {
		f   cmsdata.File
		err error
	}
	cc := make(chan costResult, 1)
	if costs != "" {
		go func() {
			data, err := mapFile(costs)
			if err != nil {
				cc <- costResult{err: err}
				return
			}
			f, known, err := cmsdata.LoadString(costs, data, cmsdata.LoadOptions{Want: ratings.WantKinds, Columns: ratings.ReadColumns})
			if err == nil && (!known || f.Kind != cmsdata.KindRANDHCRIS) {
				err = usageError{fmt.Sprintf("%s: header is not a RAND HCRIS extract (kind %q)", costs, f.Kind)}
			}
			cc <- costResult{f, err}
		}()
	}
	b := &cmsdata.Bundle{}
	var err error
	if dir != "" {
		var st os.FileInfo
		if st, err = os.Stat(dir); err == nil && !st.IsDir() {
			err = usageError{fmt.Sprintf("%s is not a folder", dir)}
		}
		if err == nil {
			if b, err = cmsdata.LoadFS(os.DirFS(dir), cmsdata.LoadOptions{Choose: ratings.ChooseKinds, Columns: ratings.ReadColumns, Progress: e.stderr,
				ReadFile: func(name string) (string, error) { return mapFile(filepath.Join(dir, name)) }}); err != nil {
				err = prefixPath(dir, err)
			}
		}
		if err == nil {
			for _, u := range b.Unknown {
				fmt.Fprintf(e.stderr, "rate: %s: header not recognised as a CMS file; not used\n", filepath.Join(dir, u))
			}
		}
	}
	if costs != "" {
		c := <-cc
		if err == nil {
			err = c.err
		}
		b.Files = append([]cmsdata.File{c.f}, b.Files...) // an explicit --costs file wins over one in the folder
	}
	if err != nil {
		return nil, err
	}
	return ratings.NewPeriod(b)
}

// readString reads a whole file into a string without a second copy (strings.Builder
// hands over its buffer).
func readString(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	if st, err := f.Stat(); err == nil {
		b.Grow(int(st.Size()) + 1)
	}
	if _, err := io.Copy(&b, f); err != nil {
		return "", err
	}
	return b.String(), nil
}

// prefixPath puts the folder in front of a ParseError's file name, so errors name the real path.
func prefixPath(dir string, err error) error {
	if pe, ok := err.(*cmsdata.ParseError); ok {
		c := *pe
		c.File = filepath.Join(dir, c.File)
		return &c
	}
	return err
}
