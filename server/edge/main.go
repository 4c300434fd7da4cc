// Command edge is openvalue's stateless verification API as a Cloudflare Worker: the very
// http.Handler of `openvalue serve` (server.New) with no Store, so it answers
// POST /api/v1/verify, POST /api/v1/rate, GET /api/v1/keys and GET /api/v1/openapi.json,
// and every stateful route with 501 "not_implemented".
//
// `make edge` compiles it with GOOS=js GOARCH=wasm into build/app.wasm beside the JS glue
// of github.com/syumai/workers (workers-assets-gen). wrangler.toml points at entry.mjs, which
// runs one Go instance for all requests (see entry.mjs and serve_js.go for why). Built
// natively it serves the same handler on $PORT (default 9900), for debugging.
//
// Configuration comes from the Worker's environment (native: the process environment):
//
//	OPENVALUE_SIGNING_KEY  receipt key material (a Worker secret: `npx wrangler secret put
//	                       OPENVALUE_SIGNING_KEY`), in the format of receipt.ParseKeyring;
//	                       unset: answers carry no receipt and GET /api/v1/keys is empty.
//
// The cohort snapshot for POST /api/v1/rate is web/cohort.json, embedded at build time.
package main

func main() {
	serve(newHandler(getenv, cohort))
}
