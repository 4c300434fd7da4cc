//go:build !(js && wasm)

package main

import "os"

// getenv reads the process environment when the worker is built natively.
var getenv = os.Getenv
