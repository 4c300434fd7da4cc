# Server: the verification API (package server), receipts (package receipt), the PDF summary
# (server/pdf), `openvalue serve | reviewer | receipt`, and its load benchmark.
#
#   make server-test    the PDF test with poppler required (not skipped), then the contract
#                       check ../shared/checks/run server (when shared/ is beside the repo)
#   make bench-server   durable submissions/s and /verify/s with p50/p99 on loopback
#                       (bench/server against bin/openvalue serve on a fresh SQLite file)
#
# Package server and package receipt also run their tests under GOOS=js GOARCH=wasm: the edge
# runs this very code as a Worker.

WASM_PKGS += ./server ./receipt/...
TEST_TARGETS += server-test
BENCH_TARGETS += bench-server

# test-postgres (mk/db.mk) starts a throwaway PostgreSQL and sets OPENVALUE_TEST_POSTGRES: run
# cmd/openvalue's tests there too, so TestServe_Postgres (two `openvalue serve` on one database)
# runs in `make test` instead of skipping.
PG_TEST_FLAGS += ./cmd/openvalue

.PHONY: server-deps server-test bench-server

# Debian poppler-utils (pdftotext, pdftoppm) for the PDF test; quiet and idempotent.
server-deps:
	@command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || { \
	  echo "installing poppler-utils (pdftotext, pdftoppm) for the PDF test"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q poppler-utils >/dev/null 2>&1 || { \
	    apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q poppler-utils >/dev/null; }; }

# go test ./... already runs the PDF test; give it poppler first so it does not skip.
test-go: server-deps

server-test: server-deps
	OPENVALUE_REQUIRE_POPPLER=1 $(GO) test -count=1 ./server/pdf
	@if [ -x ../shared/checks/run ]; then \
	  $(GO) build -o bin/openvalue ./cmd/openvalue && OPENVALUE=bin/openvalue ../shared/checks/run server; \
	else echo "server-test: ../shared/checks not found; contract check skipped"; fi

# The load generator is wrk (Debian package wrk; installed here when missing, quietly); without
# it bench/server falls back to its Go client, which takes ~4x the CPU per request.
bench-server:
	@command -v wrk >/dev/null 2>&1 || { \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1 || { \
	    apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null 2>&1; } || \
	  echo "bench-server: wrk not installed; using the Go client"; }
	$(GO) build -o bin/openvalue ./cmd/openvalue
	$(GO) run ./bench/server -openvalue bin/openvalue -cases testdata/golden
