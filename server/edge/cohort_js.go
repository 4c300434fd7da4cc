//go:build js && wasm

package main

import _ "embed"

// cohort is the cohort snapshot the ratings are computed against: web/cohort.json, the file
// the browser fetches and `openvalue serve` rates with. `make edge` copies it into build/
// because go:embed cannot reach outside this folder, and embedding package web would put the
// whole web app (the engine's .wasm included) into the worker's bundle.
//
//go:embed build/cohort.json
var cohort []byte
