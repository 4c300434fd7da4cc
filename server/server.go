// Package server is the verification server's HTTP API: drafts, submissions recomputed
// with the scoring core, the reviewer workflow, signed receipts, the stateless /verify
// endpoint, and the embedded web app. New builds it from a Config; cmd/openvalue serves
// it with a database store, server/edge serves it stateless as a Cloudflare Worker.
//
// The package imports only the standard library, the scoring core and the receipt
// package, so it compiles to WebAssembly for the edge. Storage (server/sqlite,
// server/postgres) and the PDF renderer (server/pdf) are injected through Config.
//
// Every route is listed in routes.go and described in openapi.json; every error answer
// goes through the one table of errors.go.
package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"sync"
	"time"

	"openvalue/scoring"
)

// server holds the configuration with its defaults applied.
type server struct {
	store   Store
	cfg     Config
	now     func() time.Time
	rand    io.Reader
	log     *slog.Logger
	maxBody int64
	mux     *http.ServeMux
	web     *static
	csp     cspPolicies
	hdr     headerSets
	rate    func([]byte) ([]byte, error)
	cpu     chan struct{} // scoring slots: GOMAXPROCS documents are scored at a time
}

// New returns the HTTP handler of the server described by cfg.
func New(cfg Config) http.Handler {
	s := &server{store: cfg.Store, cfg: cfg, now: cfg.Now, rand: cfg.Rand, log: cfg.Logger, maxBody: cfg.MaxBodyBytes}
	if s.now == nil {
		s.now = time.Now
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	if cfg.Web != nil {
		s.web = newStatic(cfg.Web)
	}
	s.csp = newCSP(cfg.EmbedAncestors)
	s.hdr = newHeaderSets(s.csp)
	if s.rate = cfg.Rate; s.rate == nil {
		s.rate = defaultRate(cfg.Web)
	}
	s.cpu = make(chan struct{}, runtime.GOMAXPROCS(0))
	s.mux = http.NewServeMux()
	for _, rt := range s.routes() {
		s.mux.Handle(rt.pattern, s.adapt(rt))
	}
	return http.HandlerFunc(s.serveHTTP)
}

// serveHTTP sets the security headers every answer carries, recovers panics, and
// dispatches to the routes.
func (s *server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	s.securityHeaders(w.Header(), r)
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.writeError(w, r, &Error{Code: CodeInternal, Message: "internal error", Err: panicError{v}})
		}
	}()
	if preflight(w, r) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

type panicError struct{ v any }

func (p panicError) Error() string { return "panic: " + fmt.Sprint(p.v) }

// handler is the signature of every route: it writes a success answer itself, or returns
// an error that writeError maps through the table.
type handler func(w http.ResponseWriter, r *http.Request) error

// route is one line of the route table.
type route struct {
	pattern  string // Go 1.22 pattern: "METHOD /path/{wildcard}"
	h        handler
	stateful bool // needs a Store; answers 501 on a stateless server
}

func (s *server) adapt(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var err error
		if rt.stateful && s.store == nil {
			err = errorf(CodeNotImplemented, "this server is stateless (it keeps no drafts, submissions or reviewers); use the origin server for %s", rt.pattern)
		} else {
			err = rt.h(w, r)
		}
		if err != nil {
			s.writeError(w, r, err)
		}
	})
}

// score runs the scoring core on doc with at most GOMAXPROCS documents in flight. Scoring is
// pure CPU: letting every request score at once only interleaves them (each one's latency
// grows with the crowd) and takes CPU from the store's writer goroutine, which must commit
// for any submission to be acknowledged; waiting for a slot in arrival order bounds that,
// and bounds the memory of documents being scored under a burst. (A/B runs on the shared,
// loaded machine were within noise of each other: see docs/benchmarks.md.) Errors are
// answers (scoreError); a request whose client left while waiting gets ctx's error.
func (s *server) score(ctx context.Context, doc []byte) ([]byte, error) {
	var out []byte
	err := s.withResult(ctx, doc, func(result []byte) error {
		out = bytes.Clone(result)
		return nil
	})
	return out, err
}

// withResult scores doc as score does and calls use with the result document, which lives in a
// recycled buffer: use must not keep it (score keeps a copy; /verify only hashes and writes it).
// A new 17 KB slice per request is work for the collector.
func (s *server) withResult(ctx context.Context, doc []byte, use func(result []byte) error) error {
	select {
	case s.cpu <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	buf := resultBuffers.Get().(*[]byte)
	out, err := scoring.AppendScore((*buf)[:0], string(doc))
	<-s.cpu
	if cap(out) <= 256<<10 { // a result of huge texts does not pin its buffer
		defer func() { *buf = out[:0]; resultBuffers.Put(buf) }()
	}
	if err != nil {
		return scoreError(bytes.Clone(out), err) // the error is written after the buffer is recycled
	}
	return use(out)
}

var resultBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}
