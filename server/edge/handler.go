package main

import (
	"fmt"
	"log/slog"
	"net/http"
	"os"

	"openvalue/receipt"
	"openvalue/scoring/ratings"
	"openvalue/server"
)

// newHandler builds the worker's handler from its environment and the cohort snapshot
// (nil: no ratings). The edge tests build the native twin with this same function, so both
// sides are configured alike.
func newHandler(getenv func(string) string, cohort []byte) http.Handler {
	// stderr reaches the Worker's console (wrangler tail, the dashboard's logs).
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	cfg := server.Config{Logger: log}
	if material := getenv("OPENVALUE_SIGNING_KEY"); material != "" {
		keys, err := receipt.ParseKeyring([]byte(material))
		if err != nil {
			// A broken secret must not silently turn into unsigned answers: every request
			// fails, and the reason is in the Worker's log.
			panic(fmt.Sprintf("edge: OPENVALUE_SIGNING_KEY: %v", err))
		}
		cfg.Keys = keys
	} else {
		log.Warn("edge: OPENVALUE_SIGNING_KEY is not set; answers carry no receipt")
	}
	if len(cohort) > 0 {
		cfg.Rate = func(input []byte) ([]byte, error) { return ratings.RateJSON(input, cohort) }
	}
	return netHTTP(server.New(cfg))
}

// netHTTP restores what net/http promises a server handler and syumai/workers leaves out:
// a request without a body (GET, or POST with none) has Body nil there, where net/http
// gives http.NoBody. Without this, the server would read a nil body and answer 500 where
// the native server answers 400.
func netHTTP(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil {
			r.Body = http.NoBody
		}
		h.ServeHTTP(w, r)
	})
}
