//go:build js && wasm && !noratings

package main

import "openvalue/scoring/ratings"

// rateHospital rates one hospital's own metrics against the cohort snapshot (web/cohort.json).
// The snapshot is parameter 1 and kept: the page passes the same string on every call.
func init() {
	exports = append(exports, &export{name: "rateHospital", params: []string{"inputJSON", "snapshotJSON"}, keep: 1,
		fn: func(a [][]byte) []byte { return document(ratings.RateJSON(a[0], a[1])) }})
}
