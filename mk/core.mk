# Scoring core (issue 3): package openvalue/scoring, its golden cases and the `openvalue score` command.
# Its tests run in `make test` through test-go and test-wasm (WASM_PKGS already holds ./scoring/...).

.PHONY: bench-core fuzz-core golden-update test-race

BENCH_TARGETS += bench-core
TEST_TARGETS += test-race
# The internal packages the core, the receipts and the engine link are tested under wasm too.
WASM_PKGS += ./internal/...

# The core's pooled workspaces, the server's handlers and the receipts under the race detector
# (~20 s). It needs cgo and a C compiler; without one it says so and passes.
test-race:
	@if command -v gcc >/dev/null 2>&1; then \
	  CGO_ENABLED=1 $(GO) test -race -count=1 ./scoring ./server ./receipt ./internal/...; \
	else echo "test-race: no C compiler (gcc), the race detector cannot run; skipped"; fi

# Validate + score + encode of whole submissions (docs/benchmarks.md, "Scoring core").
bench-core:
	$(GO) test -run '^$$' -bench . -benchmem -count=5 ./scoring

# A short fuzz run of the decoder and the scorer (seeded with the golden cases).
fuzz-core:
	$(GO) test -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime 20s ./scoring
	$(GO) test -run '^$$' -fuzz '^FuzzScore$$' -fuzztime 20s ./scoring

# Rewrite testdata/golden/*.out.json from the current engine; review the diff before committing.
golden-update:
	$(GO) test -count=1 -run '^TestGolden$$' ./scoring -update
