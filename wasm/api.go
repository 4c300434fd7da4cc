//go:build js && wasm

package main

import (
	"unsafe"

	"github.com/hack-pad/safejs"
	"openvalue/scoring"
)

// export is one function of the JS API. Its parameters are all JSON strings, named as in
// web/engine.d.ts so an argument error says which one is wrong.
type export struct {
	name   string
	params []string
	fn     func(args [][]byte) []byte
	// appendFn, when set, answers instead of fn for an export of one parameter: it gets the
	// argument as the string JS passed (no []byte copy) and appends its document to dst, the
	// export's own buffer, kept between calls (see call).
	appendFn func(dst []byte, arg string) []byte
	buf      []byte
	// keep is the index of a parameter that is usually the same large string on every call
	// (the cohort snapshot), or -1. Its bytes are reused while JS passes the same string, so
	// the string is not copied again and the core's snapshot cache (keyed by the bytes'
	// address) answers at once.
	keep      int
	keptValue safejs.Value
	keptBytes []byte
}

var exports = []*export{
	{name: "score", params: []string{"submissionJSON"}, keep: -1,
		appendFn: scoreAppend},
	{name: "catalog", keep: -1,
		fn: func([][]byte) []byte { return scoring.CatalogJSON() }},
}

// scoreAppend appends to dst what score answers for doc: the result or error document and a
// newline, as `openvalue score` prints it. The core returns the error document together with its
// error for invalid input; an error without a document is a bug, reported as "internal".
func scoreAppend(dst []byte, doc string) []byte {
	n := len(dst)
	out, err := scoring.AppendScore(dst, doc)
	if err != nil && len(out) == n {
		return append(out, errorDocument("internal", err.Error())...)
	}
	return append(out, '\n')
}

// More exports register themselves from files a build tag can leave out (ratings.go:
// noratings, receipt.go: noreceipt), which is how bench/engine.mjs measures what each costs.

// document turns a core answer into what JS receives: the bytes `openvalue score` prints,
// i.e. the document and a newline (the golden .out.json files hold exactly that). The core
// returns the error document together with its error for invalid input; an error without a
// document is a bug in the core, reported as "internal" rather than lost.
func document(out []byte, err error) []byte {
	if err != nil && len(out) == 0 {
		return errorDocument("internal", err.Error())
	}
	return append(out[:len(out):len(out)], '\n') // a new array: the core's bytes may be shared
}

// install publishes globalThis.openvalue.
// The objects are made with new Object() and Set rather than safejs.ValueOf(map[string]any{...}):
// converting a Go map iterates it, and the map iteration code alone cost the cold start ≈ 4 ms of
// V8 compiling it on first use (docs/benchmarks.md, "In-browser engine").
func install(global safejs.Value) error {
	object, err := global.Get("Object")
	if err != nil {
		return err
	}
	api, err := object.New()
	if err != nil {
		return err
	}
	version, err := object.New()
	if err != nil {
		return err
	}
	if err := version.Set("methodology", scoring.Methodology); err != nil {
		return err
	}
	if err := version.Set("build", build()); err != nil {
		return err
	}
	if err := api.Set("version", version); err != nil {
		return err
	}
	for _, e := range exports {
		f, err := safejs.FuncOf(e.call)
		if err != nil {
			return err
		}
		if err := api.Set(e.name, f.Value()); err != nil {
			return err
		}
	}
	return global.Set("openvalue", api)
}

// call runs the export for one JS call. It never panics back into JS: argument problems
// and panics in the core both come back as error documents.
func (e *export) call(_ safejs.Value, args []safejs.Value) (res any) {
	defer func() {
		if p := recover(); p != nil {
			res = string(errorDocument("internal", e.name+": panic: "+panicText(p)))
		}
	}()
	if e.appendFn != nil {
		return e.callAppend(args)
	}
	in := make([][]byte, len(e.params))
	for i, name := range e.params {
		if i >= len(args) || args[i].Type() != safejs.TypeString {
			return string(errorDocument("bad_request", e.name+": "+name+" must be a string of JSON"))
		}
		if i == e.keep && e.keptBytes != nil && args[i].Equal(e.keptValue) {
			in[i] = e.keptBytes
			continue
		}
		s, err := args[i].String()
		if err != nil {
			return string(errorDocument("bad_request", e.name+": "+name+": "+err.Error()))
		}
		in[i] = []byte(s)
		if i == e.keep {
			e.keptValue, e.keptBytes = args[i], in[i]
		}
	}
	return string(e.fn(in))
}

// maxKeptBuffer bounds the answer buffer an export keeps between calls: a result of huge texts
// (a submission may be 1 MiB) does not pin its buffer for the life of the page.
const maxKeptBuffer = 256 << 10

// callAppend is call for an export with appendFn. A JS string must be copied into Go memory in any
// case (syscall/js does it, twice); this spends no third copy turning it into []byte, and writes the
// answer into the export's kept buffer instead of new memory on every call (scoring.AppendScore:
// the browser engine's per-keystroke path). The answer goes back as a string over that buffer
// (unsafe.String, no copy): syscall/js turns the handler's result into a JS string as soon as it
// returns, before anything can call the export again, and nothing else keeps the string.
func (e *export) callAppend(args []safejs.Value) any {
	if len(args) < 1 || args[0].Type() != safejs.TypeString {
		return string(errorDocument("bad_request", e.name+": "+e.params[0]+" must be a string of JSON"))
	}
	s, err := args[0].String()
	if err != nil {
		return string(errorDocument("bad_request", e.name+": "+e.params[0]+": "+err.Error()))
	}
	b := e.appendFn(e.buf[:0], s)
	if cap(b) <= maxKeptBuffer {
		e.buf = b
	} else {
		e.buf = nil
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// revision names the engine build: the git commit (12 hex digits, "+dirty" when tracked files
// differed), set by mk/web.mk with -ldflags -X. Builds without it (go test) say "devel".
// (Not runtime/debug.ReadBuildInfo: this machine's go env has -buildvcs=false, and parsing the
// build info costs the download 28 KB.)
var revision string

func build() string {
	if revision == "" {
		return "devel"
	}
	return revision
}

func panicText(p any) string {
	switch v := p.(type) {
	case error:
		return v.Error()
	case string:
		return v
	default:
		return "unknown panic value"
	}
}
