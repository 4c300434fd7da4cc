//go:build !(js && wasm)

package main

import (
	"net/http"

	"github.com/syumai/workers"
)

// serve runs h as a plain HTTP server on $PORT (default 9900): syumai/workers' native mode,
// for debugging the worker without a JS runtime.
func serve(h http.Handler) { workers.Serve(h) }
