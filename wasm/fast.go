//go:build js && wasm

package main

import "unsafe"

// The fast path of score for web/engine-start.js. A call through syscall/js (js.FuncOf) costs the
// engine's per-keystroke call ≈ 15 % on top of the core: the call's arguments, its event object
// and the argument string each become JS values that wasm_exec.js registers and Go finalizes,
// and the string crosses as two Go copies. These three WebAssembly exports take the document as
// UTF-8 bytes written by JS straight into Go memory and hand back where the answer is, so a JS
// wrapper (engine-start.js) can give globalThis.openvalue.score the same contract without that
// machinery:
//
//	p := openvalue_score_input(n)   // room for n bytes at p; JS writes the document (TextEncoder.encodeInto)
//	m := openvalue_score(k)         // scores the first k bytes; the answer (m bytes) is the score export's
//	q := openvalue_score_output()   // at q; JS decodes it (TextDecoder) before calling in again
//
// The answer is byte for byte the score export's (the same scoring.AppendScore and newline;
// TestFastScore compares them on every golden case), invalid input included; a panic in the core
// becomes the internal error document, as there. Memory may grow during a call, so JS takes a
// fresh view of it after each one.
var fast struct{ in, out []byte }

//go:wasmexport openvalue_score_input
func fastScoreInput(n int32) int32 {
	size := max(int(n), 0)
	// A buffer grown by a huge document is let go by the next ordinary one.
	if cap(fast.in) < size || cap(fast.in) > maxKeptBuffer && size <= maxKeptBuffer {
		fast.in = make([]byte, size)
	}
	fast.in = fast.in[:size]
	return int32(uintptr(unsafe.Pointer(unsafe.SliceData(fast.in))))
}

//go:wasmexport openvalue_score
func fastScore(n int32) int32 {
	k := min(max(int(n), 0), len(fast.in))
	// The document is read where JS wrote it, without a copy: the core's decoded strings are
	// substrings of doc, but nothing made from them outlives this call (the answer is written
	// into fast.out and the core's error is dropped by scoreAppend), and JS writes fast.in again
	// only for the next call.
	doc := unsafe.String(unsafe.SliceData(fast.in), k)
	out := fast.out[:0]
	if cap(out) > maxKeptBuffer { // the last answer was huge; JS has read it
		out = nil
	}
	fast.out = fastAnswer(out, doc)
	return int32(len(fast.out))
}

//go:wasmexport openvalue_score_output
func fastScoreOutput() int32 {
	return int32(uintptr(unsafe.Pointer(unsafe.SliceData(fast.out))))
}

// fastAnswer is the score export's answer for doc, appended to dst.
func fastAnswer(dst []byte, doc string) (res []byte) {
	defer func() {
		if p := recover(); p != nil {
			res = errorDocument("internal", "score: panic: "+panicText(p))
		}
	}()
	return scoreAppend(dst, doc)
}
