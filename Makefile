# Open hospital value scoring. Two commands matter on a fresh machine:
#   make run    builds the engine (wasm) and serves the web app + API on 127.0.0.1:8080 with an SQLite file
#   make test   everything: vet, Go tests natively, under wasm and with -race, browser, edge and database tests,
#               installing what they need (Debian chromium, npm packages, PostgreSQL)
# Each area of the project keeps its own targets in mk/<area>.mk and adds itself to the lists below.

SHELL := /bin/bash
GO ?= go
export CGO_ENABLED ?= 0
GOROOT := $(shell $(GO) env GOROOT)
WASM_EXEC_DIR := $(GOROOT)/lib/wasm
# The public CMS files; tests that need them find them here (or by walking up to shared/data/cms).
export OPENVALUE_CMS_DATA ?= $(abspath ../shared/data/cms)

ADDR ?= 127.0.0.1:8080
DB ?= openvalue.db

# Filled in by mk/*.mk:
BUILD_TARGETS :=                    # what `make build` produces (the engine .wasm, ...)
TEST_TARGETS := vet test-go test-wasm # what `make test` runs, in order
WASM_PKGS := ./scoring/... ./wasm/... # packages whose tests also run under GOOS=js GOARCH=wasm
BENCH_TARGETS :=                    # `make bench`

include $(sort $(wildcard mk/*.mk))

.PHONY: all build run test vet test-go test-wasm bench openvalue

all: build

build: $(BUILD_TARGETS)

openvalue: build
	$(GO) build -o bin/openvalue ./cmd/openvalue

run: build
	$(GO) run ./cmd/openvalue serve --addr $(ADDR) --db $(DB)

test: build
	@set -e; for t in $(TEST_TARGETS); do echo "== make $$t"; $(MAKE) --no-print-directory $$t; done

vet:
	$(GO) vet ./...

test-go:
	$(GO) test -count=1 ./...

test-wasm:
	PATH="$$PATH:$(WASM_EXEC_DIR)" GOOS=js GOARCH=wasm $(GO) test -count=1 $(WASM_PKGS)

bench: $(BENCH_TARGETS)
