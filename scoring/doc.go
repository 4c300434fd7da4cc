// Package scoring is the open hospital value scoring core: from one submission document (Input,
// JSON described in docs/methodology.md and scoring/schema/submission.schema.json) it computes
//
//   - the INFRAM stage, overall and per domain (security, data center, mobility, transport,
//     collaboration), with the accomplishment of every stage 1–7, the roadmap to the next stage and
//     the comparison with the published averages (seed 001: stage N needs ≥ 70% on N and every
//     earlier stage), against the embedded criteria catalog (catalog/infram.json, this project's own
//     criteria modelled on the public INFRAM stage themes, not HIMSS's official ones);
//   - the Value Score, 0–100 points: four value types (Baseline, Perceived, Recognized, Innovative)
//     over the five STEPS pillars (seed 000), with strengths, opportunities and targets per pillar
//     and an explanation whose lines add up to the total. Without a review the result is
//     "estimated"; with the submission's review object it is "verified".
//
// ScoreJSON is the one wire entry point every runner (CLI, wasm, server, edge) calls, and
// AppendScore the same for a document held as a string, appended to a buffer the caller keeps
// (the browser engine); Decode and Score are its halves for Go callers. Invalid input gives a *ValidationError (wrapping
// ErrInvalidInput) listing every problem with its JSON path; any other error is a bug.
//
// Determinism: numbers are computed in integers (INFRAM: weight × credit in tenths; Value Score:
// centipoints) and converted to decimals only for output, so results are byte-identical natively
// and under GOOS=js GOARCH=wasm. The package imports only the standard library and
// github.com/tidwall/gjson, reads no clock, randomness or environment, and takes no configuration:
// Methodology is stamped into every Result.
package scoring

// Methodology is the version of the scoring methodology (catalog, rules, formulas) this package
// implements. It changes whenever any result for any input could change.
const Methodology = "openvalue-2026.2"
