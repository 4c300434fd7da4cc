package ratings

import (
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tidwall/gjson"
	"openvalue/internal/jsonscan"
	"openvalue/internal/jsonstr"
	"openvalue/scoring"
)

// Input is one hospital's own metric values, in the units of Metric.Unit (percent for
// OP-22, OP-23, PC-01, SEP-1 and occupancy; dollars for the cost metrics; SIR and ratio
// values as CMS publishes them). A metric left out or null is unreported.
//
//	{"safety":{"psi_90":1.114,"sep_1":61,"clabsi":0.437},
//	 "cost":{"cost_per_de":11727.07,"mspb":1.04},
//	 "prior":{"safety":{...},"cost":{...}},   // optional: the prior period, for the change adjustment
//	 "hacTotalScore":0.204}                    // optional: for the HAC worst-quartile flag
type Input struct {
	Values        [2][]float64 // [domain][metric], NaN = unreported
	Prior         [2][]float64 // nil when no prior values were given for the domain
	HACTotalScore float64      // NaN when not given
}

// Output is the rating of one hospital against a snapshot; see RateJSON for its JSON.
type Output struct {
	Domains          [2]DomainResult
	WhatIf           [2][]WhatIf // options sorted by gain, best first; empty when nothing helps
	HACTotalScore    float64
	HACWorstQuartile *bool // nil when no HAC score or the snapshot has no HAC distribution
}

// WhatIf is one single-metric improvement and its effect on the domain score.
type WhatIf struct {
	Metric         string  // metric id
	Action         string  // "improve" (a reported metric) or "report" (an unreported one)
	From           float64 // current value; NaN when unreported
	To             float64 // the value that reaches the target percentile
	PercentileFrom float64 // NaN when unreported
	PercentileTo   float64
	ScoreFrom      float64 // NaN when the hospital is excluded now
	ScoreTo        float64
	Gain           float64 // ScoreTo − ScoreFrom (ScoreTo when excluded now)
}

// WhatIfStep is the improvement tried per reported metric: the smallest change of value
// that lifts the metric's percentile by at least this many points (or to the best value
// in the cohort). An unreported metric is tried as reported at the cohort median value.
const WhatIfStep = 10.0

// maxInput bounds an input document (bytes).
const maxInput = 1 << 16

// DecodeInput reads an input document, listing every problem at once (sorted by path).
// It reads with gjson, which the core already uses, because it runs on every keystroke in
// the browser; FuzzDecodeInput checks it against an encoding/json reading.
func DecodeInput(b []byte) (Input, error) {
	in := Input{HACTotalScore: math.NaN()}
	for d, r := range DomainRules {
		in.Values[d] = nanSlice(len(r.Metrics))
	}
	var p []scoring.Problem
	add := func(path, reason string) { p = append(p, scoring.Problem{Path: path, Reason: reason}) }
	if len(b) > maxInput {
		add(scoring.RootPath, fmt.Sprintf("document is %d bytes; at most %d", len(b), maxInput))
		return in, verr(p)
	}
	if !gjson.ValidBytes(b) || !utf8.Valid(b) {
		return decodeInvalid(b)
	}
	return decodeValid(b)
}

// decodeValid is DecodeInput for one valid JSON value of valid UTF-8 (at most maxInput bytes).
func decodeValid(b []byte) (Input, error) {
	in := Input{HACTotalScore: math.NaN()}
	for d, r := range DomainRules {
		in.Values[d] = nanSlice(len(r.Metrics))
	}
	var p []scoring.Problem
	add := func(path, reason string) { p = append(p, scoring.Problem{Path: path, Reason: reason}) }
	root := gjson.ParseBytes(b)
	if !root.IsObject() {
		add(scoring.RootPath, "must be a JSON object")
		return in, verr(p)
	}
	// members returns an object's members, the last of a repeated key winning (as in
	// encoding/json), in key order.
	// (A sorted slice, not a map: a document holds a handful of members.)
	type member struct {
		k string
		v gjson.Result
	}
	members := func(v gjson.Result) []member {
		if !v.IsObject() {
			return nil
		}
		ms := make([]member, 0, 16)
		v.ForEach(func(k, val gjson.Result) bool {
			ms = append(ms, member{k.String(), val})
			return true
		})
		// key order by a stable insertion sort of positions (a handful of members; moving
		// positions, not the ~100-byte members, and no reflection)
		var buf [16]int
		order := buf[:0]
		if len(ms) > len(buf) {
			order = make([]int, 0, len(ms))
		}
		for i := range ms {
			order = append(order, i)
			for j := len(order) - 1; j > 0 && ms[order[j]].k < ms[order[j-1]].k; j-- {
				order[j], order[j-1] = order[j-1], order[j]
			}
		}
		out := make([]member, 0, len(ms))
		for i, o := range order {
			if i+1 < len(order) && ms[order[i+1]].k == ms[o].k {
				continue // a later one of the same key wins
			}
			out = append(out, ms[o])
		}
		return out
	}
	domainValues := func(path string, v gjson.Result, d Domain) []float64 {
		out := nanSlice(len(DomainRules[d].Metrics))
		if v.Type == gjson.Null {
			return out
		}
		if !v.IsObject() {
			add(path, "must be an object of metric values")
			return out
		}
		for _, kv := range members(v) {
			k, x := kv.k, kv.v
			mi := metricIndex(d, k)
			if mi < 0 {
				add(path+"."+k, "unknown "+d.String()+" metric; one of "+metricIDs(d))
				continue
			}
			if x.Type == gjson.Null {
				continue
			}
			f, ok := number(x)
			if !ok {
				add(path+"."+k, "must be a number or null")
				continue
			}
			def := DomainRules[d].Metrics[mi]
			switch {
			case f < 0:
				add(path+"."+k, "must not be negative")
			case strings.HasPrefix(def.Unit, "percent of") && f > 100:
				add(path+"."+k, "is a percentage: must be 0 to 100")
			default:
				out[mi] = f
			}
		}
		return out
	}
	for _, kv := range members(root) {
		k, v := kv.k, kv.v
		switch k {
		case "safety":
			in.Values[Safety] = domainValues("safety", v, Safety)
		case "cost":
			in.Values[Cost] = domainValues("cost", v, Cost)
		case "prior":
			if !v.IsObject() && v.Type != gjson.Null {
				add("prior", "must be an object with safety and/or cost")
				continue
			}
			for _, kv2 := range members(v) {
				switch k2 := kv2.k; k2 {
				case "safety":
					in.Prior[Safety] = domainValues("prior.safety", kv2.v, Safety)
				case "cost":
					in.Prior[Cost] = domainValues("prior.cost", kv2.v, Cost)
				default:
					add("prior."+k2, "unknown field; prior holds safety and cost")
				}
			}
		case "hacTotalScore":
			if v.Type == gjson.Null {
				continue
			}
			f, ok := number(v)
			if !ok {
				add(k, "must be a number or null")
				continue
			}
			in.HACTotalScore = f
		case "facilityId", "name", "state":
			if v.Type != gjson.String {
				add(k, "must be a string")
			}
		default:
			add(k, "unknown field; the input holds safety, cost, prior, hacTotalScore (and optional facilityId, name, state)")
		}
	}
	return in, verr(p)
}

// number reads a JSON number exactly as encoding/json would (out-of-range numbers are
// refused, as encoding/json refuses them).
func number(v gjson.Result) (float64, bool) {
	if v.Type != gjson.Number {
		return 0, false
	}
	f, err := strconv.ParseFloat(v.Raw, 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// decodeInvalid is DecodeInput for the documents that are not one valid JSON value of valid
// UTF-8, answering what encoding/json's Decoder answered (FuzzDecodeInput compares them with
// that reading): the first value is read; one that is not an object is refused; more than
// white space, "}" or "]" after it is refused; invalid UTF-8 in its strings reads as U+FFFD.
func decodeInvalid(b []byte) (Input, error) {
	in := Input{HACTotalScore: math.NaN()}
	for d, r := range DomainRules {
		in.Values[d] = nanSlice(len(r.Metrics))
	}
	problem := func(reason string) (Input, error) {
		return in, verr([]scoring.Problem{{Path: scoring.RootPath, Reason: reason}})
	}
	start := jsonscan.SkipSpace(b, 0)
	end, err := jsonscan.Value(b, start)
	if err != nil || b[start] != '{' {
		return problem("must be a JSON object")
	}
	if rest := jsonscan.SkipSpace(b, end); rest < len(b) && b[rest] != '}' && b[rest] != ']' {
		return problem("must hold one JSON object only")
	}
	doc := b[start:end]
	if !utf8.Valid(doc) {
		fixed := make([]byte, 0, len(doc)+16)
		for i := 0; i < len(doc); {
			r, size := utf8.DecodeRune(doc[i:])
			fixed = utf8.AppendRune(fixed, r) // RuneError for each invalid byte, as encoding/json
			i += size
		}
		doc = fixed
	}
	return decodeValid(doc)
}

func verr(p []scoring.Problem) error {
	if len(p) == 0 {
		return nil
	}
	total := len(p)
	if len(p) > scoring.MaxProblems {
		p = p[:scoring.MaxProblems]
	}
	return &scoring.ValidationError{Problems: p, Total: total}
}

func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}

func metricIndex(d Domain, id string) int {
	for i, m := range DomainRules[d].Metrics {
		if m.ID == id {
			return i
		}
	}
	return -1
}

func metricIDs(d Domain) string {
	ids := make([]string, len(DomainRules[d].Metrics))
	for i, m := range DomainRules[d].Metrics {
		ids[i] = m.ID
	}
	return strings.Join(ids, ", ")
}

// Rate rates one hospital against the snapshot: each metric's percentile within the
// snapshot's distribution (the hospital is taken as a member of the cohort when its value
// is in the distribution, and inserted otherwise — so a hospital of the cohort gets exactly
// the percentiles of the batch run), the domain average and adjustments as in the batch
// run, and the final score as the percentile of its adjusted value among the rated
// hospitals of the snapshot. It also answers the what-if.
func (s *Snapshot) Rate(in Input) Output {
	var out Output
	for d := range DomainRules {
		out.Domains[d] = s.rateDomain(Domain(d), in.Values[d], in.Prior[d])
		out.WhatIf[d] = s.whatIf(Domain(d), in, out.Domains[d])
	}
	out.HACTotalScore = in.HACTotalScore
	if !math.IsNaN(in.HACTotalScore) && s.HACP75 != nil {
		w := in.HACTotalScore > *s.HACP75
		out.HACWorstQuartile = &w
	}
	return out
}

func (s *Snapshot) rateDomain(d Domain, vals, prior []float64) DomainResult {
	r := DomainRules[d]
	pct := make([]float64, len(r.Metrics))
	for m, def := range r.Metrics {
		pct[m] = math.NaN()
		if v := vals[m]; !math.IsNaN(v) {
			pct[m] = Percentile(s.dist[d][m], v, def.LowerIsBetter)
		}
	}
	return s.finishDomain(d, vals, pct, s.priorPercentiles(d, prior))
}

// priorPercentiles places prior-period values in the snapshot's prior distributions (nil
// without prior values or a prior period in the snapshot).
func (s *Snapshot) priorPercentiles(d Domain, prior []float64) []float64 {
	r := DomainRules[d]
	var pp []float64
	if prior != nil && s.prior[d] != nil {
		pp = make([]float64, len(r.Metrics))
		for m, def := range r.Metrics {
			pp[m] = math.NaN()
			if v := prior[m]; !math.IsNaN(v) && len(s.prior[d][m]) > 0 {
				pp[m] = Percentile(s.prior[d][m], v, def.LowerIsBetter)
			}
		}
	}
	return pp
}

func (s *Snapshot) finishDomain(d Domain, vals, pct, pp []float64) DomainResult {
	dr := assess(DomainRules[d], vals, pct, pp)
	if !dr.Excluded {
		dr.Score = round6(Percentile(s.adj[d], dr.Adjusted, false))
	}
	return dr
}

func (s *Snapshot) whatIf(d Domain, in Input, cur DomainResult) []WhatIf {
	r := DomainRules[d]
	pp := s.priorPercentiles(d, in.Prior[d])
	ownAdj, member := cur.Adjusted, !cur.Excluded && isMember(s.adj[d], cur.Adjusted)
	opts := make([]WhatIf, 0, len(r.Metrics))
	var vals, pct []float64
	for m, def := range r.Metrics {
		xs := s.dist[d][m]
		if len(xs) == 0 {
			continue
		}
		w := WhatIf{Metric: def.ID, From: in.Values[d][m], PercentileFrom: cur.Percentiles[m], ScoreFrom: cur.Score}
		var to float64
		if math.IsNaN(w.From) {
			w.Action = "report"
			to = xs[(len(xs)-1)/2]
		} else {
			if cur.Percentiles[m] >= 100 {
				continue
			}
			w.Action = "improve"
			own, mem := w.From, isMember(xs, w.From)
			target := math.Min(100, cur.Percentiles[m]+WhatIfStep)
			// candidates ordered from worst to best; percentile grows along them
			cand := func(k int) float64 {
				if def.LowerIsBetter {
					return xs[len(xs)-1-k]
				}
				return xs[k]
			}
			rs := s.valueRuns(d)[m]
			idx := func(k int) int { // position in xs of candidate k
				if def.LowerIsBetter {
					return len(xs) - 1 - k
				}
				return k
			}
			k := sort.Search(len(xs), func(k int) bool {
				return pctOthersAt(xs, rs, idx(k), def.LowerIsBetter, own, mem) >= target
			})
			if k == len(xs) {
				k = len(xs) - 1
			}
			to = cand(k)
			if to == w.From {
				continue
			}
		}
		// the trial's values and percentiles live in two buffers reused for every metric
		// (nd is read below and dropped)
		if vals == nil {
			vals, pct = make([]float64, len(r.Metrics)), make([]float64, len(r.Metrics))
		}
		copy(vals, in.Values[d])
		vals[m] = to
		copy(pct, cur.Percentiles)
		pct[m] = pctOthers(xs, to, def.LowerIsBetter, w.From, !math.IsNaN(w.From) && isMember(xs, w.From))
		nd := s.finishDomain(d, vals, pct, pp)
		// re-rank against the others: take the hospital's own adjusted value out of the cohort
		if !nd.Excluded {
			nd.Score = round6(pctOthers(s.adj[d], nd.Adjusted, false, ownAdj, member))
		}
		if nd.Excluded {
			continue
		}
		w.To, w.PercentileTo, w.ScoreTo = to, round6(nd.Percentiles[m]), nd.Score
		if math.IsNaN(cur.Score) {
			w.Gain = nd.Score
		} else {
			w.Gain = round6(nd.Score - cur.Score)
		}
		if w.Gain <= 0 {
			continue
		}
		opts = append(opts, w)
	}
	// best gain first, ties in metric order (a stable insertion sort of at most 10 options)
	for i := 1; i < len(opts); i++ {
		for j := i; j > 0 && opts[j].Gain > opts[j-1].Gain; j-- {
			opts[j], opts[j-1] = opts[j-1], opts[j]
		}
	}
	return opts
}

// snapshot cache: RateJSON is called with the same snapshot bytes again and again (the
// browser fetches web/cohort.json once); parsing it each time would cost milliseconds.
// The same backing array (same first byte address and length, with 64 sampled bytes
// unchanged) is a hit without hashing; other bytes are compared by a full hash. The cache
// keeps a reference to the bytes, so their address cannot be reused while cached.
var (
	cacheMu     sync.Mutex
	cacheSeed   = maphash.MakeSeed()
	cacheKey    uint64
	cacheBytes  []byte
	cacheSample [64]byte
	cacheSnap   *Snapshot
)

func sample(b []byte) (s [64]byte) {
	if len(b) == 0 {
		return s
	}
	for i := range s {
		s[i] = b[i*len(b)/len(s)]
	}
	return s
}

func cachedSnapshot(b []byte) (*Snapshot, error) {
	cacheMu.Lock()
	if cacheSnap != nil && len(b) == len(cacheBytes) && len(b) > 0 && &b[0] == &cacheBytes[0] && sample(b) == cacheSample {
		s := cacheSnap
		cacheMu.Unlock()
		return s, nil
	}
	cacheMu.Unlock()
	h := maphash.Bytes(cacheSeed, b)
	cacheMu.Lock()
	if cacheSnap != nil && h == cacheKey && len(b) == len(cacheBytes) {
		s := cacheSnap
		cacheBytes, cacheSample = b, sample(b)
		cacheMu.Unlock()
		return s, nil
	}
	cacheMu.Unlock()
	s, err := ParseSnapshot(b)
	if err != nil {
		return nil, err
	}
	cacheMu.Lock()
	cacheKey, cacheBytes, cacheSample, cacheSnap = h, b, sample(b), s
	cacheMu.Unlock()
	return s, nil
}

// RateJSON rates one hospital's own metric values (input, the Input document) against a
// cohort snapshot (web/cohort.json, made by `openvalue cohort`). It is pure: nothing leaves
// the caller, so the browser can rate a hospital without sending its numbers.
//
// Input (every field optional; unknown fields are refused):
//
//	{"safety":{"psi_90":0.98,"op_22":2,"op_23":70,"pc_01":0,"sep_1":61,
//	           "clabsi":0.4,"cauti":0.6,"ssi":0.7,"mrsa":0.8,"cdi":0.3},
//	 "cost":{"cost_per_de":11727.07,"occupancy":62.5,"nonmedicare_rev_per_discharge_cmi":5649.48,
//	         "medicare_cost_per_discharge_cmi":6397.26,"admin_cost_per_de":3679.39,"mspb":1.04},
//	 "prior":{"safety":{...},"cost":{...}},
//	 "hacTotalScore":0.204}
//
// Output:
//
//	{"methodology":"valuescore-ratings/1","snapshot":{"version":1,"hospitals":5544},
//	 "safety":{"reported":6,"average":39.29,"reportingAdjustment":-4,"changeAdjustment":null,
//	           "adjusted":35.29,"score":25.94,"excluded":false,
//	           "metrics":[{"id":"psi_90","value":1.114,"percentile":15.93},...],
//	           "whatIf":{"best":{...}|null,"options":[{"metric":"sep_1","action":"improve"|"report",
//	                     "from":61,"to":66,"percentileFrom":30.1,"percentileTo":40.2,
//	                     "scoreFrom":25.9,"scoreTo":29.8,"gain":3.9},...]}},
//	 "hacTotalScore":0.204,"hacWorstQuartile":false,
//	 "cost":{... same shape ...},
//	 "omittedDomains":["outcomes","risk","engagement"],"note":"..."}
//
// null stands for "not applicable" (unreported value, excluded score, no prior period).
// On invalid input it returns the error document and a *scoring.ValidationError (wrapping
// scoring.ErrInvalidInput), the project's error convention; a snapshot that does not parse
// is reported the same way under the path "$snapshot".
func RateJSON(input, snapshot []byte) ([]byte, error) {
	s, err := cachedSnapshot(snapshot)
	if err != nil {
		ve := &scoring.ValidationError{Problems: []scoring.Problem{{Path: "$snapshot", Reason: err.Error()}}, Total: 1}
		return ve.JSON(), ve
	}
	in, err := DecodeInput(input)
	if err != nil {
		var ve *scoring.ValidationError
		if errors.As(err, &ve) {
			return ve.JSON(), ve
		}
		return nil, err
	}
	return s.Rate(in).JSON(s), nil
}

// JSON encodes an Output (deterministic bytes; the layout documented on RateJSON). It is
// written by hand rather than through encoding/json's reflection because it runs on every
// browser keystroke; TestOutputJSON checks it against encoding/json.
func (o Output) JSON(s *Snapshot) []byte {
	b := make([]byte, 0, 4096)
	b = append(b, `{"methodology":`...)
	b = jsonstr.AppendNoHTML(b, Methodology)
	b = append(b, `,"snapshot":{"version":`...)
	b = strconv.AppendInt(b, int64(s.Version), 10)
	b = append(b, `,"hospitals":`...)
	b = strconv.AppendInt(b, int64(s.Provenance.Hospitals), 10)
	b = append(b, `},"safety":`...)
	b = appendDomain(b, Safety, o.Domains[Safety], o.WhatIf[Safety])
	b = append(b, `,"hacTotalScore":`...)
	b = appendNum(b, o.HACTotalScore)
	b = append(b, `,"hacWorstQuartile":`...)
	if o.HACWorstQuartile == nil {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendBool(b, *o.HACWorstQuartile)
	}
	b = append(b, `,"cost":`...)
	b = appendDomain(b, Cost, o.Domains[Cost], o.WhatIf[Cost])
	b = append(b, `,"omittedDomains":[`...)
	for i, d := range OmittedDomains {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonstr.AppendNoHTML(b, d)
	}
	b = append(b, `],"note":`...)
	b = jsonstr.AppendNoHTML(b, omittedNote)
	return append(b, '}')
}

func appendNum(b []byte, x float64) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return append(b, "null"...)
	}
	return appendDecimal(b, x)
}

func appendDomain(b []byte, d Domain, dr DomainResult, opts []WhatIf) []byte {
	b = appendDomainHead(b, dr)
	b = appendMetrics(b, d, dr)
	b = append(b, `,"whatIf":{"best":`...)
	if len(opts) == 0 {
		b = append(b, "null"...)
	} else {
		b = appendWhatIf(b, opts[0])
	}
	b = append(b, `,"options":[`...)
	for i, w := range opts {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendWhatIf(b, w)
	}
	return append(b, "]}}"...)
}

func appendWhatIf(b []byte, w WhatIf) []byte {
	b = append(b, `{"metric":`...)
	b = jsonstr.AppendNoHTML(b, w.Metric)
	b = append(b, `,"action":`...)
	b = jsonstr.AppendNoHTML(b, w.Action)
	for _, f := range [...]struct {
		k string
		v float64
	}{{"from", w.From}, {"to", w.To}, {"percentileFrom", round6(w.PercentileFrom)}, {"percentileTo", w.PercentileTo},
		{"scoreFrom", w.ScoreFrom}, {"scoreTo", w.ScoreTo}, {"gain", w.Gain}} {
		b = append(b, `,"`...)
		b = append(b, f.k...)
		b = append(b, `":`...)
		b = appendNum(b, f.v)
	}
	return append(b, '}')
}
