// Package ratings rates US hospitals on the Safety and Cost domains of the ValueSCORE™
// ratings (seed 002, "Safety and Cost in the ValueSCORE™ Ratings System"), from CMS's own
// public files read by openvalue/scoring/cmsdata. Every rule, formula and decision is in
// docs/methodology.md, section "ValueSCORE ratings: Safety and Cost".
//
// Batch: NewPeriod (metrics per hospital from a folder's files) → Rate (percentiles, the
// average, the reporting and change adjustments, the final re-rank, the HAC worst-quartile
// flag) → Result.WriteCSV / WriteJSON. Browser and server: NewSnapshot / Snapshot.Encode make
// web/cohort.json; RateJSON rates one hospital's own values against it, with a what-if.
//
// Conventions: every percentile and score is on 0–100 with 100 = the best hospital, whatever
// the metric's direction (mid-rank, ties share their mean rank; see Percentile); adjustments
// are in percentile points; values keep the units of Metric.Unit. The Outcomes, Risk and
// Engagement domains are not specified by the seed and are not rated (OmittedDomains).
//
// The package is pure: no file system, clock or network, so it runs natively, under
// WebAssembly and on the server alike. Floating-point results are rounded at documented
// points (6 decimals for averages, adjustments and scores) so they agree on every platform.
package ratings
