// Package web holds the static front end (the form, the live results, the embeddable
// calculator and the engine's .wasm built by `make build`) so the server can embed it.
package web

import "embed"

// FS is the whole web/ folder as shipped to browsers. Files are matched by `*`, so the
// build output (openvalue.wasm, wasm_exec.js) is included when present and its absence
// on a fresh clone does not break `go build`. Go sources are filtered out by the server.
//
//go:embed *
var FS embed.FS
