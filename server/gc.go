package server

import "runtime/debug"

// GCPercent is the garbage collector's target (GOGC) that `openvalue serve` runs with when the
// environment sets no GOGC. Every request allocates its body, its answer and, for a submission,
// the copies the store keeps (the core itself now scores in a pooled workspace), while the live
// heap between requests is a few MB; at Go's default of 100 the collector ran every few dozen
// requests and took about a fifth of the server's CPU per /verify request (282 → 216 µs
// measured at 400 when the core still allocated ~100 KB per call, see docs/benchmarks.md).
// At 400 the heap peaks at five times the live data, tens of MB.
const GCPercent = 400

// TuneGC sets the collector's target to GCPercent unless gogc, the value of the GOGC
// environment variable, is set: an operator's choice wins. A long-running server calls it
// once at start; the library itself never changes process-wide settings.
func TuneGC(gogc string) {
	if gogc == "" {
		debug.SetGCPercent(GCPercent)
	}
}
