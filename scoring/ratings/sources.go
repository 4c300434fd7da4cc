package ratings

import (
	"fmt"
	"math"
	"sort"

	"openvalue/scoring/cmsdata"
)

// Period is one period's metric values for every hospital found in its files.
type Period struct {
	IDs        []string                    // CCNs, sorted
	Values     [2][][]float64              // [domain][metric][hospital], NaN = unreported
	Sources    [2][]string                 // [domain][metric]: "file: column" the values came from, "" = none
	HACScore   []float64                   // Total HAC Score per hospital (Winsorized z-score scale since FY2018), NaN = none
	HACSource  string                      // file the HAC scores came from
	Facilities map[string]cmsdata.Facility // name and state per CCN (when a file has them)
	index      map[string]int
}

// Index is the position of a CCN in IDs, or -1.
func (p *Period) Index(ccn string) int {
	if i, ok := p.index[ccn]; ok {
		return i
	}
	return -1
}

// source is one place a metric can be read from. Sources are tried in order and the first
// that holds at least one value is used for the whole period, so one period never mixes
// measurement windows or units across hospitals.
type source struct {
	kind  cmsdata.Kind
	hac   int      // for KindHAC: 1 + index into cmsdata.HACMeasures (read with cmsdata.ReadHAC)
	raw   bool     // for KindHAC: the raw value (PSI 90 composite, SIR) rather than CMS's measure score
	long  bool     // long-format file: names are Measure IDs
	names []string // column headers (any of) or measure ids
	scale float64  // multiply by this (0 = 1): the star-rating extract writes proportions, we use percent
}

// safetySources lists, per Safety metric (SafetyMetrics order), where it is read from.
// The HAC Reduction Program file is the seed's source for PSI 90 and the infections; the
// long-format Care Compare files (Complications and Deaths, Healthcare Associated
// Infections, Timely and Effective Care) are the seed's sources when a user has them; the
// Overall Star Rating input extract carries the same CMS values per hospital and stands in.
// Older HAC files (FY2018–FY2022) publish only Winsorized z-scores and FY2015–FY2017 only
// decile points: both are increasing in the underlying rate (higher is worse), so they rank
// hospitals the same way up to ties, and are used last.
var safetySources = [][]source{
	{{kind: cmsdata.KindHAC, hac: 1, raw: true}, {kind: cmsdata.KindComplications, long: true, names: []string{"PSI_90", "PSI_90_SAFETY"}}, {kind: cmsdata.KindStarAllData, names: []string{"PSI_90_SAFETY"}}, {kind: cmsdata.KindHAC, hac: 1}},
	{{kind: cmsdata.KindTimelyEffective, long: true, names: []string{"OP_22"}}, {kind: cmsdata.KindStarAllData, names: []string{"OP_22"}, scale: 100}},
	{{kind: cmsdata.KindTimelyEffective, long: true, names: []string{"OP_23"}}, {kind: cmsdata.KindStarAllData, names: []string{"OP_23"}, scale: 100}},
	{{kind: cmsdata.KindTimelyEffective, long: true, names: []string{"PC_01"}}, {kind: cmsdata.KindStarAllData, names: []string{"PC_01"}, scale: 100}},
	{{kind: cmsdata.KindTimelyEffective, long: true, names: []string{"SEP_1"}}, {kind: cmsdata.KindStarAllData, names: []string{"SEP_1"}, scale: 100}},
	hai("CLABSI", "HAI_1"),
	hai("CAUTI", "HAI_2"),
	hai("SSI", "HAI_3"),
	hai("MRSA", "HAI_5"),
	hai("CDI", "HAI_6"),
}

func hai(m, id string) []source {
	h := 0
	for i, name := range cmsdata.HACMeasures {
		if name == m {
			h = i + 1
		}
	}
	if h == 0 {
		panic("ratings: no HAC measure " + m)
	}
	return []source{
		{kind: cmsdata.KindHAC, hac: h, raw: true},
		{kind: cmsdata.KindHAI, long: true, names: []string{id + "_SIR"}},
		{kind: cmsdata.KindStarAllData, names: []string{id}},
		{kind: cmsdata.KindHAC, hac: h},
	}
}

// hacCache reads each HAC table once with cmsdata.ReadHAC.
type hacCache map[*cmsdata.Table]*cmsdata.HACFile

func (c hacCache) get(t *cmsdata.Table) (*cmsdata.HACFile, error) {
	if f, ok := c[t]; ok {
		return f, nil
	}
	f, err := cmsdata.ReadHAC(t)
	if err != nil {
		return nil, err
	}
	c[t] = f
	return f, nil
}

// hacValue is a usable HAC cell: reported, and not footnote 5 ("Results are not
// available for this reporting period", which FY2023 puts on its all-zero Total HAC Scores).
func hacValue(c cmsdata.HACCell) (float64, bool) {
	if !c.OK || c.Footnote("5") {
		return 0, false
	}
	return c.Value, true
}

// WantKinds are the file kinds rating reads fully; other recognised files are only detected.
func WantKinds(k cmsdata.Kind) bool {
	switch k {
	case cmsdata.KindHAC, cmsdata.KindComplications, cmsdata.KindStarAllData, cmsdata.KindTimelyEffective,
		cmsdata.KindHAI, cmsdata.KindGeneralInfo, cmsdata.KindMSPB, cmsdata.KindMSPB6,
		cmsdata.KindHVBPEfficiency, cmsdata.KindRANDHCRIS:
		return true
	}
	return false
}

// NewPeriod extracts one period's metrics from the recognised files of a folder (and the
// cost-report file, which may be in the same bundle).
func NewPeriod(b *cmsdata.Bundle) (*Period, error) {
	p := &Period{Facilities: map[string]cmsdata.Facility{}}
	hc := hacCache{}
	byID := [2][]map[string]float64{make([]map[string]float64, len(SafetyMetrics)), make([]map[string]float64, len(CostMetrics))}
	ids := map[string]bool{}
	for m, srcs := range safetySources {
		vals, desc, err := readSource(b, srcs, hc)
		if err != nil {
			return nil, err
		}
		byID[Safety][m] = vals
		if p.Sources[Safety] == nil {
			p.Sources[Safety] = make([]string, len(SafetyMetrics))
		}
		p.Sources[Safety][m] = desc
		for id := range vals {
			ids[id] = true
		}
	}
	costs, costDesc, err := costValues(b)
	if err != nil {
		return nil, err
	}
	p.Sources[Cost] = costDesc
	for m := range CostMetrics {
		byID[Cost][m] = costs[m]
		for id := range costs[m] {
			ids[id] = true
		}
	}
	var hac map[string]float64
	if t := b.Table(cmsdata.KindHAC); t != nil {
		f, err := hc.get(t)
		if err != nil {
			return nil, err
		}
		h := map[string]float64{}
		for _, r := range f.Rows {
			if v, ok := hacValue(r.Total); ok {
				h[r.CCN] = v
			}
		}
		if len(h) > 0 {
			hac, p.HACSource = h, t.Name
		}
	}
	// Names and states: General Information first, then any other file that has them.
	// Every hospital listed in a file that rating reads is a row, rated or not.
	for _, k := range []cmsdata.Kind{cmsdata.KindGeneralInfo, cmsdata.KindHAC, cmsdata.KindMSPB, cmsdata.KindMSPB6, cmsdata.KindHVBPEfficiency,
		cmsdata.KindTimelyEffective, cmsdata.KindComplications, cmsdata.KindHAI, cmsdata.KindStarAllData, cmsdata.KindRANDHCRIS} {
		for _, t := range b.Tables(k) {
			fs, err := cmsdata.Facilities(t)
			if err != nil {
				return nil, err
			}
			for id, f := range fs {
				ids[id] = true
				old, seen := p.Facilities[id]
				if !seen {
					p.Facilities[id] = f
					continue
				}
				if old.Name == "" {
					old.Name = f.Name
				}
				if old.State == "" {
					old.State = f.State
				}
				if old.Type == "" {
					old.Type = f.Type
				}
				p.Facilities[id] = old
			}
		}
	}
	for id := range hac {
		ids[id] = true
	}
	p.IDs = make([]string, 0, len(ids))
	for id := range ids {
		p.IDs = append(p.IDs, id)
	}
	sort.Strings(p.IDs)
	p.index = make(map[string]int, len(p.IDs))
	for i, id := range p.IDs {
		p.index[id] = i
	}
	for d := range byID {
		p.Values[d] = make([][]float64, len(byID[d]))
		for m, vals := range byID[d] {
			col := make([]float64, len(p.IDs))
			for i, id := range p.IDs {
				if v, ok := vals[id]; ok {
					col[i] = v
				} else {
					col[i] = math.NaN()
				}
			}
			p.Values[d][m] = col
		}
	}
	p.HACScore = make([]float64, len(p.IDs))
	for i, id := range p.IDs {
		if v, ok := hac[id]; ok {
			p.HACScore[i] = v
		} else {
			p.HACScore[i] = math.NaN()
		}
	}
	return p, nil
}

// readSource returns the values of the first source that has any, and its description.
func readSource(b *cmsdata.Bundle, srcs []source, hc hacCache) (map[string]float64, string, error) {
	for _, s := range srcs {
		for _, t := range b.Tables(s.kind) {
			var vals map[string]float64
			var used string
			if s.hac > 0 {
				f, err := hc.get(t)
				if err != nil {
					return nil, "", err
				}
				if s.raw && !f.HasRaw {
					continue
				}
				vals = map[string]float64{}
				for _, r := range f.Rows {
					c := r.Score[s.hac-1]
					if s.raw {
						c = r.Raw[s.hac-1]
					}
					if v, ok := hacValue(c); ok {
						vals[r.CCN] = v
					}
				}
				used = cmsdata.HACMeasures[s.hac-1]
				switch {
				case s.raw && s.hac == 1:
					used += " composite value"
				case s.raw:
					used += " SIR"
				case f.HasWZ:
					used += " W Z score"
				default:
					used += " decile points"
				}
			} else if s.long {
				l, err := cmsdata.Long(t, s.names...)
				if err != nil {
					return nil, "", err
				}
				for _, n := range s.names {
					if len(l[n]) > 0 {
						vals, used = l[n], n
						break
					}
				}
			} else {
				c := t.Col(s.names...)
				if c < 0 {
					continue
				}
				v, _, err := cmsdata.ColumnAt(t, c)
				if err != nil {
					return nil, "", err
				}
				vals, used = v, t.Header[c]
			}
			if len(vals) == 0 {
				continue
			}
			if s.scale != 0 {
				for id, v := range vals {
					vals[id] = roundSig(v * s.scale)
				}
				used += fmt.Sprintf(" ×%g", s.scale)
			}
			return vals, t.Name + ": " + used, nil
		}
	}
	return map[string]float64{}, "", nil
}

// roundSig removes the binary noise of a unit conversion (0.07×100 = 7.000000000000001)
// by rounding to 12 significant digits, far below any difference CMS publishes.
func roundSig(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	e := math.Floor(math.Log10(math.Abs(v)))
	s := math.Pow(10, 11-e)
	return math.Round(v*s) / s
}
