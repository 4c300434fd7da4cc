//go:build js && wasm

package main

import "github.com/syumai/workers/cloudflare"

// getenv reads the Worker's environment: vars from wrangler.toml and secrets.
func getenv(name string) string { return cloudflare.Getenv(name) }
