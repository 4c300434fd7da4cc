# The in-browser engine and its real-browser tests (issue 6).
#
#   make build          also builds web/openvalue.wasm (the scoring core for GOOS=js) and copies Go's
#                       web/wasm_exec.js beside it; both are git-ignored build outputs
#   make browser-test   every tests/browser/*.test.mjs in headless Debian chromium (part of make test)
#   make bench-engine   bench/engine.mjs: cold load -> ready, score p50/p99 in the browser, sizes;
#                       bench/engine_cold.mjs: cold load -> ready with no DevTools session on the page
#   make engine-size    raw/gzip/brotli of the engine and its code size per Go package
#
# Browser tests need Debian's chromium and npm playwright-core (pinned by tests/browser/package-lock.json);
# browser-deps installs whichever is missing, quietly, and does nothing when both are there.

WEB_WASM := web/openvalue.wasm
WEB_WASM_EXEC := web/wasm_exec.js
BROWSER_DIR := tests/browser
BROWSER_PW := $(BROWSER_DIR)/node_modules/playwright-core/package.json
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

BUILD_TARGETS += $(WEB_WASM) $(WEB_WASM_EXEC)
TEST_TARGETS += browser-test
BENCH_TARGETS += bench-engine

.PHONY: $(WEB_WASM) browser-deps browser-test bench-engine engine-size

# Always asks go build (its cache makes an unchanged engine a ~0.3 s no-op) and replaces the file
# only when the bytes changed, so its mtime (and everything embedding web/) stays put otherwise.
# openvalue.version.build: the commit, "+dirty" when tracked files differ from it.
WEB_REVISION = $(shell git rev-parse --short=12 HEAD 2>/dev/null)$(shell git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo +dirty)

# The engine is built in a Go workspace (GOWORK=build/wasm-work/go.work: this module plus a
# `replace` of github.com/tidwall/pretty by a patched copy) that swaps one call in pretty (gjson's
# @pretty modifier, never used by the engine): its json.Unmarshal of escaped keys, which alone links
# encoding/json and most of reflect (≈ 300 KiB of code, ≈ 85 KiB brotli), becomes internal/jsonstr's
# Unquote (the same answers: FuzzUnquote against encoding/json). Only this build sees the copy;
# go.mod and every other build are unchanged. Should pretty's source ever not match the patch, the
# engine is built without it (bigger, same behaviour) and make says so.
WEB_WORK := build/wasm-work

$(WEB_WASM):
	@if $(GO) mod download github.com/tidwall/pretty && \
	  pretty=$$($(GO) list -m -f '{{.Dir}}' github.com/tidwall/pretty) && ver=$$($(GO) list -m -f '{{.Version}}' github.com/tidwall/pretty) && \
	  [ -f "$$pretty/pretty.go" ] && rm -rf $(WEB_WORK) && mkdir -p $(WEB_WORK)/pretty && cp $$pretty/go.mod $$pretty/LICENSE $(WEB_WORK)/pretty/ && \
	  sed -e '/^[[:space:]]*"encoding\/json"$$/d' -e 's/json\.Unmarshal(s, &str)/str = unquoteJSON(s)/' $$pretty/pretty.go > $(WEB_WORK)/pretty/pretty.go && \
	  sed -e 's/^package jsonstr$$/package pretty/' -e 's/^func Unquote(/func unquoteJSON(/' internal/jsonstr/jsonstr.go > $(WEB_WORK)/pretty/unquote.go && \
	  ! grep -q 'encoding/json\|json\.Unmarshal' $(WEB_WORK)/pretty/pretty.go && grep -q 'unquoteJSON(s)' $(WEB_WORK)/pretty/pretty.go && \
	  printf 'go %s\n\nuse %s\n\nreplace github.com/tidwall/pretty %s => ./pretty\n' "$$($(GO) list -m -f '{{.GoVersion}}')" "$(CURDIR)" "$$ver" > $(WEB_WORK)/go.work; \
	then work=$(CURDIR)/$(WEB_WORK)/go.work; \
	else echo "note: could not patch github.com/tidwall/pretty; building the engine with encoding/json (bigger, same answers)" >&2; rm -rf $(WEB_WORK); work=off; fi; \
	GOWORK=$$work GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w -X main.revision=$(WEB_REVISION)' -o $@.tmp ./wasm && \
	{ cmp -s $@.tmp $@ && rm -f $@.tmp || { mv -f $@.tmp $@ && echo "built $@ ($$(wc -c < $@) bytes)"; }; }

$(WEB_WASM_EXEC): $(WASM_EXEC_DIR)/wasm_exec.js
	cp $< $@

browser-deps: $(BROWSER_PW)
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium"; \
	  $(SUDO) apt-get update -qq >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium >/dev/null; }

$(BROWSER_PW): $(BROWSER_DIR)/package-lock.json
	cd $(BROWSER_DIR) && npm ci --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

browser-test: build browser-deps
	cd $(BROWSER_DIR) && node run.mjs

bench-engine: build browser-deps
	node bench/engine.mjs
	NODE_NO_WARNINGS=1 node --experimental-websocket bench/engine_cold.mjs

engine-size: build
	node bench/engine.mjs --size-only
