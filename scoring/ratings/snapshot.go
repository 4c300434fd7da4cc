package ratings

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"

	"github.com/tidwall/gjson"
)

// SnapshotFormat and SnapshotVersion identify the cohort snapshot document; the version
// changes whenever its layout does.
const (
	SnapshotFormat  = "openvalue-cohort"
	SnapshotVersion = 1
)

// Snapshot is the cohort a single hospital is rated against: the sorted metric
// distributions of the current (and prior) period and the sorted distribution of the
// adjusted domain values of rated hospitals. It holds no facility ids.
//
// JSON layout (web/cohort.json):
//
//	{"format":"openvalue-cohort","version":1,"methodology":"valuescore-ratings/1",
//	 "provenance":{"current":[...],"prior":[...],"hospitals":N,"note":"..."},
//	 "hacP75":0.374,
//	 "domains":{"safety":{"metrics":[{"id":"psi_90","lowerIsBetter":true,"values":[...],"counts":[...]}, ...],
//	                      "prior":[ same, or null ],
//	                      "adjusted":{"values":[...],"counts":[...]}},
//	            "cost":{...}}}
//
// values are the distinct values in ascending order and counts how many hospitals share
// each (so the full sorted cohort is values[i] repeated counts[i] times).
type Snapshot struct {
	Format      string                    `json:"format"`
	Version     int                       `json:"version"`
	Methodology string                    `json:"methodology"`
	Provenance  SnapshotProvenance        `json:"provenance"`
	HACP75      *float64                  `json:"hacP75"`
	Domains     map[string]SnapshotDomain `json:"domains"`

	dist  [2][][]float64 // expanded, sorted
	prior [2][][]float64 // nil when no prior
	adj   [2][]float64

	// runs[d][m][k] is the range [lo, hi) of dist[d][m]'s values equal to its k-th, made
	// once per snapshot for the what-if search (which tries many cohort values).
	runsOnce sync.Once
	runs     [2][][]run
}

type run struct{ lo, hi int32 }

// valueRuns returns, per metric of domain d, the run of equal values at each position.
func (s *Snapshot) valueRuns(d Domain) [][]run {
	s.runsOnce.Do(func() {
		for dd := range s.dist {
			s.runs[dd] = make([][]run, len(s.dist[dd]))
			for m, xs := range s.dist[dd] {
				rs := make([]run, len(xs))
				for lo := 0; lo < len(xs); {
					hi := lo + 1
					for hi < len(xs) && xs[hi] == xs[lo] {
						hi++
					}
					for k := lo; k < hi; k++ {
						rs[k] = run{int32(lo), int32(hi)}
					}
					lo = hi
				}
				s.runs[dd][m] = rs
			}
		}
	})
	return s.runs[d]
}

// SnapshotProvenance says where a snapshot came from.
type SnapshotProvenance struct {
	Current   []string `json:"current"`
	Prior     []string `json:"prior"`
	Hospitals int      `json:"hospitals"`
	Note      string   `json:"note"`
}

// SnapshotDomain is one domain's distributions.
type SnapshotDomain struct {
	Metrics  []SnapshotDist `json:"metrics"`
	Prior    []SnapshotDist `json:"prior"`
	Adjusted SnapshotDist   `json:"adjusted"`
}

// SnapshotDist is a sorted distribution as distinct values and their counts.
type SnapshotDist struct {
	ID            string    `json:"id,omitempty"`
	LowerIsBetter bool      `json:"lowerIsBetter,omitempty"`
	Values        []float64 `json:"values"`
	Counts        []int     `json:"counts"`
}

func compress(id string, lower bool, sorted []float64) SnapshotDist {
	d := SnapshotDist{ID: id, LowerIsBetter: lower, Values: []float64{}, Counts: []int{}}
	for i, v := range sorted {
		if i > 0 && v == sorted[i-1] {
			d.Counts[len(d.Counts)-1]++
			continue
		}
		d.Values = append(d.Values, v)
		d.Counts = append(d.Counts, 1)
	}
	return d
}

func (d SnapshotDist) expand() ([]float64, error) {
	if len(d.Values) != len(d.Counts) {
		return nil, fmt.Errorf("values and counts differ in length")
	}
	n := 0
	for _, c := range d.Counts {
		if c < 1 || c > 1<<20 {
			return nil, fmt.Errorf("count %d out of range", c)
		}
		n += c
	}
	out := make([]float64, 0, n)
	for i, v := range d.Values {
		if math.IsNaN(v) || math.IsInf(v, 0) || (i > 0 && v <= d.Values[i-1]) {
			return nil, fmt.Errorf("values must be finite and strictly ascending")
		}
		for c := 0; c < d.Counts[i]; c++ {
			out = append(out, v)
		}
	}
	return out, nil
}

// NewSnapshot builds the snapshot of a rated cohort. provenance lists the files used.
func NewSnapshot(res *Result, prov SnapshotProvenance) *Snapshot {
	s := &Snapshot{Format: SnapshotFormat, Version: SnapshotVersion, Methodology: Methodology, Provenance: prov,
		Domains: map[string]SnapshotDomain{}}
	if !math.IsNaN(res.HACP75) {
		v := res.HACP75
		s.HACP75 = &v
	}
	for d, r := range DomainRules {
		var sd SnapshotDomain
		for m, def := range r.Metrics {
			sd.Metrics = append(sd.Metrics, compress(def.ID, def.LowerIsBetter, res.Dist[d][m]))
			if res.HasPrior[d] {
				sd.Prior = append(sd.Prior, compress(def.ID, def.LowerIsBetter, res.PriorDist[d][m]))
			}
		}
		sd.Adjusted = compress("", false, res.Adjusted[d])
		s.Domains[Domain(d).String()] = sd
		s.dist[d], s.adj[d] = res.Dist[d], res.Adjusted[d]
		if res.HasPrior[d] {
			s.prior[d] = res.PriorDist[d]
		}
	}
	return s
}

// ParseSnapshot decodes and checks a snapshot document. It reads with gjson (the browser
// engine links no encoding/json) what encoding/json.Unmarshal into Snapshot read:
// TestParseSnapshot compares the two.
func ParseSnapshot(b []byte) (*Snapshot, error) {
	s, err := decodeSnapshot(b)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	if s.Format != SnapshotFormat || s.Version != SnapshotVersion {
		return nil, fmt.Errorf("snapshot: format %q version %d; want %q version %d", s.Format, s.Version, SnapshotFormat, SnapshotVersion)
	}
	if s.Methodology != Methodology {
		return nil, fmt.Errorf("snapshot: methodology %q; this engine rates %q", s.Methodology, Methodology)
	}
	for d, r := range DomainRules {
		name := Domain(d).String()
		sd, ok := s.Domains[name]
		if !ok || len(sd.Metrics) != len(r.Metrics) {
			return nil, fmt.Errorf("snapshot: domain %s must list its %d metrics", name, len(r.Metrics))
		}
		s.dist[d] = make([][]float64, len(r.Metrics))
		for m, def := range r.Metrics {
			if sd.Metrics[m].ID != def.ID || sd.Metrics[m].LowerIsBetter != def.LowerIsBetter {
				return nil, fmt.Errorf("snapshot: %s metric %d is %q; want %q", name, m, sd.Metrics[m].ID, def.ID)
			}
			x, err := sd.Metrics[m].expand()
			if err != nil {
				return nil, fmt.Errorf("snapshot: %s.%s: %w", name, def.ID, err)
			}
			s.dist[d][m] = x
		}
		if sd.Prior != nil {
			if len(sd.Prior) != len(r.Metrics) {
				return nil, fmt.Errorf("snapshot: %s prior must list its %d metrics", name, len(r.Metrics))
			}
			s.prior[d] = make([][]float64, len(r.Metrics))
			for m, def := range r.Metrics {
				if sd.Prior[m].ID != def.ID {
					return nil, fmt.Errorf("snapshot: %s prior metric %d is %q; want %q", name, m, sd.Prior[m].ID, def.ID)
				}
				x, err := sd.Prior[m].expand()
				if err != nil {
					return nil, fmt.Errorf("snapshot: %s prior %s: %w", name, def.ID, err)
				}
				s.prior[d][m] = x
			}
		}
		a, err := sd.Adjusted.expand()
		if err != nil {
			return nil, fmt.Errorf("snapshot: %s adjusted: %w", name, err)
		}
		s.adj[d] = a
	}
	return s, nil
}

// pctOthers is the percentile a hospital would get with value c when the cohort xs may
// already hold its own value own (member): that entry is taken out and c put in.
func pctOthers(xs []float64, c float64, lower bool, own float64, member bool) float64 {
	if !member {
		return Percentile(xs, c, lower)
	}
	n := len(xs)
	lo, hi := bounds(xs, c)
	ties := hi - lo // others equal to c, before removing own
	worse := lo
	if lower {
		worse = n - hi
	}
	// remove own from the others
	switch {
	case own == c:
		ties--
	case lower && own > c, !lower && own < c:
		worse--
	}
	// n stays: n−1 others plus c
	ties++ // c itself
	if n <= 1 {
		return 50
	}
	return 100 * (float64(worse) + 0.5*float64(ties-1)) / float64(n-1)
}

// pctOthersAt is pctOthers for c = xs[k], whose run of equal values rs[k] is known.
func pctOthersAt(xs []float64, rs []run, k int, lower bool, own float64, member bool) float64 {
	n := len(xs)
	c := xs[k]
	lo, hi := int(rs[k].lo), int(rs[k].hi)
	ties := hi - lo
	worse := lo
	if lower {
		worse = n - hi
	}
	if member {
		switch {
		case own == c:
			ties--
		case lower && own > c, !lower && own < c:
			worse--
		}
		ties++
	}
	if n <= 1 {
		return 50
	}
	return 100 * (float64(worse) + 0.5*float64(ties-1)) / float64(n-1)
}

func isMember(xs []float64, v float64) bool {
	i := searchGE(xs, v)
	return i < len(xs) && xs[i] == v
}

// decodeSnapshot reads the snapshot's members; ParseSnapshot checks them. Members the
// layout does not name are ignored, null leaves a member empty, and a member of the wrong
// type is an error naming its path.
func decodeSnapshot(b []byte) (*Snapshot, error) {
	if !gjson.ValidBytes(b) {
		return nil, errors.New("not one valid JSON document")
	}
	root := gjson.ParseBytes(b)
	s := &Snapshot{}
	if root.Type == gjson.Null {
		return s, nil
	}
	var err error
	fail := func(path, want string) {
		if err == nil {
			err = fmt.Errorf("%s must be %s", path, want)
		}
	}
	isNull := func(v gjson.Result) bool { return !v.Exists() || v.Type == gjson.Null }
	str := func(v gjson.Result, path string) string {
		switch {
		case isNull(v):
		case v.Type == gjson.String:
			return v.String()
		default:
			fail(path, "a string")
		}
		return ""
	}
	integer := func(v gjson.Result, path string) int {
		if isNull(v) {
			return 0
		}
		if v.Type == gjson.Number {
			if n, e := strconv.ParseInt(v.Raw, 10, 0); e == nil {
				return int(n)
			}
		}
		fail(path, "an integer")
		return 0
	}
	float := func(v gjson.Result, path string) float64 {
		if v.Type == gjson.Number {
			if f, e := strconv.ParseFloat(v.Raw, 64); e == nil {
				return f
			}
		}
		fail(path, "a number")
		return 0
	}
	array := func(v gjson.Result, path string, each func(i int, x gjson.Result)) bool {
		if isNull(v) {
			return false
		}
		if !v.IsArray() {
			fail(path, "an array")
			return false
		}
		i := 0
		v.ForEach(func(_, x gjson.Result) bool {
			each(i, x)
			i++
			return err == nil
		})
		return true
	}
	strs := func(v gjson.Result, path string) []string {
		out := []string{}
		if !array(v, path, func(i int, x gjson.Result) { out = append(out, str(x, path+"["+strconv.Itoa(i)+"]")) }) {
			return nil
		}
		return out
	}
	dist := func(v gjson.Result, path string) SnapshotDist {
		var d SnapshotDist
		if isNull(v) {
			return d
		}
		if !v.IsObject() {
			fail(path, "an object")
			return d
		}
		d.ID = str(v.Get("id"), path+".id")
		switch lb := v.Get("lowerIsBetter"); {
		case isNull(lb):
		case lb.Type == gjson.True || lb.Type == gjson.False:
			d.LowerIsBetter = lb.Bool()
		default:
			fail(path+".lowerIsBetter", "a boolean")
		}
		vals := []float64{}
		if array(v.Get("values"), path+".values", func(i int, x gjson.Result) {
			vals = append(vals, float(x, path+".values["+strconv.Itoa(i)+"]"))
		}) {
			d.Values = vals
		}
		counts := []int{}
		if array(v.Get("counts"), path+".counts", func(i int, x gjson.Result) {
			counts = append(counts, integer(x, path+".counts["+strconv.Itoa(i)+"]"))
		}) {
			d.Counts = counts
		}
		return d
	}
	dists := func(v gjson.Result, path string) []SnapshotDist {
		out := []SnapshotDist{}
		if !array(v, path, func(i int, x gjson.Result) { out = append(out, dist(x, path+"["+strconv.Itoa(i)+"]")) }) {
			return nil
		}
		return out
	}
	if !root.IsObject() {
		return nil, errors.New("must be a JSON object")
	}
	s.Format = str(root.Get("format"), "format")
	s.Version = integer(root.Get("version"), "version")
	s.Methodology = str(root.Get("methodology"), "methodology")
	switch p := root.Get("provenance"); {
	case isNull(p):
	case !p.IsObject():
		fail("provenance", "an object")
	default:
		s.Provenance = SnapshotProvenance{Current: strs(p.Get("current"), "provenance.current"), Prior: strs(p.Get("prior"), "provenance.prior"),
			Hospitals: integer(p.Get("hospitals"), "provenance.hospitals"), Note: str(p.Get("note"), "provenance.note")}
	}
	if h := root.Get("hacP75"); !isNull(h) {
		f := float(h, "hacP75")
		s.HACP75 = &f
	}
	switch ds := root.Get("domains"); {
	case isNull(ds):
	case !ds.IsObject():
		fail("domains", "an object")
	default:
		s.Domains = map[string]SnapshotDomain{}
		ds.ForEach(func(k, v gjson.Result) bool {
			name := k.String()
			path := "domains." + name
			var d SnapshotDomain
			switch {
			case isNull(v):
			case !v.IsObject():
				fail(path, "an object")
			default:
				d = SnapshotDomain{Metrics: dists(v.Get("metrics"), path+".metrics"), Prior: dists(v.Get("prior"), path+".prior"),
					Adjusted: dist(v.Get("adjusted"), path+".adjusted")}
			}
			s.Domains[name] = d
			return err == nil
		})
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}
