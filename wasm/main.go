//go:build js && wasm

// Command wasm is the in-browser engine: the scoring core compiled to WebAssembly and
// published to JavaScript as one global object, so the page computes exactly what the
// server computes without a second copy of any rule. `make build` writes it to
// web/openvalue.wasm beside Go's web/wasm_exec.js; web/engine.js loads it.
//
// Once the module runs, globalThis.openvalue is
//
//	{
//	  version: {methodology: string, build: string},
//	  score(submissionJSON: string): string,              // the result document, as `openvalue score` prints it
//	  catalog(): string,                                  // the INFRAM criteria catalog the form asks about
//	  rateHospital(inputJSON: string, snapshotJSON: string): string, // ratings.RateJSON against web/cohort.json
//	  verifyReceipt(receiptJSON: string, keysJSON: string): string, // a receipt's signature against a JWK set
//	}
//
// Every function takes and returns JSON strings; documents end with a newline, exactly as
// the openvalue command prints them (the golden .out.json files). Failures come back as the
// project's error document ({"error":{"code","message","fields":[{path,reason}]}}), never
// as a thrown exception: arguments are checked, every call into JS goes through safejs, and
// a panic in the core is recovered into {"error":{"code":"internal",...}}.
//
// The module also exports openvalue_score_input, openvalue_score and openvalue_score_output
// (fast.go): the same score without syscall/js's per-call bookkeeping, which web/engine-start.js
// installs as globalThis.openvalue.score.
//
// Readiness: after setting globalThis.openvalue the module calls globalThis.__openvalueReady
// (if it is a function) and dispatches an "openvalue:ready" Event on globalThis (where
// dispatchEvent exists), then blocks so the exported functions stay callable.
package main

import (
	"runtime/debug"

	"github.com/hack-pad/safejs"
)

// gcPercent is the engine's GOGC. A collection runs on the page's one thread (~1 ms), so it must
// be rare. The score path now allocates almost nothing (the core scores in a pooled workspace;
// the answer goes to a kept buffer), but the other exports (rateHospital, verifyReceipt, the
// safejs score) still allocate per call: at 800 the heap goal is 32 MB, for a tab that holds at
// most ~35 MB of wasm memory.
const gcPercent = 800

func main() {
	debug.SetGCPercent(gcPercent)
	if err := install(safejs.Global()); err != nil {
		// Nothing else can report this: the page never gets an engine.
		println("openvalue: cannot install the engine:", err.Error())
		return
	}
	signalReady(safejs.Global())
	select {}
}

// signalReady tells the page the engine is installed. Both hooks are optional, so the
// module also works under Node (the contract checks) where neither exists.
func signalReady(global safejs.Value) {
	if cb, err := global.Get("__openvalueReady"); err == nil && cb.Type() == safejs.TypeFunction {
		if _, err := cb.Invoke(); err != nil {
			println("openvalue: ready callback threw:", err.Error())
		}
	}
	ev, err := global.Get("Event")
	if err != nil || ev.Type() != safejs.TypeFunction {
		return
	}
	if d, err := global.Get("dispatchEvent"); err != nil || d.Type() != safejs.TypeFunction {
		return
	}
	if e, err := ev.New("openvalue:ready"); err == nil {
		_, _ = global.Call("dispatchEvent", e)
	}
}
