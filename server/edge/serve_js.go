//go:build js && wasm

package main

import (
	"net/http"

	"github.com/syumai/workers"
)

// serve hands h to syumai/workers and keeps the program running, so entry.mjs can pass it
// every request. (workers.Serve returns after the first answer, and the program with it:
// that suits the generated worker.mjs, which starts a new Go instance per request.)
func serve(h http.Handler) {
	workers.ServeNonBlock(h)
	workers.Ready()
	select {}
}
