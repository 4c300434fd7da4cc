package ratings

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sync"
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

// Encode writes the snapshot document: compact, deterministic (map keys sorted), every
// float in its shortest exact form, so ParseSnapshot gives back the same values.
func (s *Snapshot) Encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ParseSnapshot decodes and checks a snapshot document.
func ParseSnapshot(b []byte) (*Snapshot, error) {
	var s Snapshot
	if err := json.Unmarshal(b, &s); err != nil {
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
	return &s, nil
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
