package ratings

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"openvalue/scoring/cmsdata"
)

// Period is one period's metric values for every hospital found in its files.
type Period struct {
	IDs        []string           // CCNs, sorted
	Values     [2][][]float64     // [domain][metric][hospital], NaN = unreported
	Sources    [2][]string        // [domain][metric]: "file: column" the values came from, "" = none
	HACScore   []float64          // Total HAC Score per hospital (Winsorized z-score scale since FY2018), NaN = none
	HACSource  string             // file the HAC scores came from
	Facilities []cmsdata.Facility // name and state per hospital, as IDs (zero when no file has them)
	index      map[string]int
	facs       []cmsdata.Facility // while NewPeriod runs: facilities by row of first appearance
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
	hac   int      // for KindHAC: 1 + index into cmsdata.HACMeasures (read with cmsdata.ScanHAC)
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

// hacCache reads each HAC table once, every table on its own goroutine from the start
// (reading them is a period's largest step, and it overlaps the rest of NewPeriod); get
// waits for a table's result.
type hacCache map[*cmsdata.Table]*hacRead

type hacRead struct {
	done chan struct{}
	f    *hacData
	err  error
}

// hacData is what rating keeps of a HAC file (read with cmsdata.ScanHAC: the same checks
// and errors as cmsdata.ReadHAC, a seventh of the memory): per row the hospital and each
// value that hacValue accepts, NaN where it does not.
type hacData struct {
	hasRaw, hasWZ    bool
	ccn, name, state []string
	raw, score       [6][]float64
	total            []float64
}

// readHAC reads a HAC table into a hacData.
func readHAC(t *cmsdata.Table) (*hacData, error) {
	n := t.NumRows()
	h := &hacData{ccn: make([]string, n), name: make([]string, n), state: make([]string, n), total: make([]float64, n)}
	for m := range h.raw {
		h.raw[m], h.score[m] = make([]float64, n), make([]float64, n)
	}
	usable := func(c cmsdata.HACCell) float64 {
		if v, ok := hacValue(c); ok {
			return v
		}
		return math.NaN()
	}
	f, err := cmsdata.ScanHAC(t, func(r int, row *cmsdata.HACRow) {
		h.ccn[r], h.name[r], h.state[r] = row.CCN, row.Name, row.State
		for m := range h.raw {
			h.raw[m][r], h.score[m][r] = usable(row.Raw[m]), usable(row.Score[m])
		}
		h.total[r] = usable(row.Total)
	})
	if err != nil {
		return nil, err
	}
	h.hasRaw, h.hasWZ = f.HasRaw, f.HasWZ
	return h, nil
}

// readHACs starts reading every HAC table of b.
func readHACs(b *cmsdata.Bundle) hacCache {
	c := hacCache{}
	for _, t := range b.Tables(cmsdata.KindHAC) {
		if c[t] != nil {
			continue
		}
		h := &hacRead{done: make(chan struct{})}
		c[t] = h
		go func() {
			h.f, h.err = readHAC(t)
			close(h.done)
		}()
	}
	return c
}

func (c hacCache) get(t *cmsdata.Table) (*hacData, error) {
	h := c[t]
	if h == nil { // not a HAC table of the bundle: read it here
		h = &hacRead{done: make(chan struct{})}
		h.f, h.err = readHAC(t)
		close(h.done)
		c[t] = h
	}
	<-h.done
	return h.f, h.err
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

// ReadColumns are the columns NewPeriod reads from a file of kind k (LoadOptions.Columns): the
// facility ones, then per kind the measure columns its sources name, RAND's variables, or
// a long file's Measure ID and Score. HAC files are kept whole (cmsdata.ScanHAC reads
// nearly every column).
func ReadColumns(k cmsdata.Kind, t *cmsdata.Table) []int {
	if k == cmsdata.KindHAC || !WantKinds(k) {
		return nil
	}
	cols := cmsdata.FacilityColumns(t)
	switch k {
	case cmsdata.KindRANDHCRIS:
		for _, v := range randVars {
			cols = append(cols, t.RANDCol(v))
		}
	case cmsdata.KindMSPB, cmsdata.KindMSPB6, cmsdata.KindHVBPEfficiency, cmsdata.KindTimelyEffective,
		cmsdata.KindComplications, cmsdata.KindHAI:
		cols = append(cols, cmsdata.LongColumns(t)...)
	}
	for _, srcs := range safetySources {
		for _, s := range srcs {
			if s.kind == k && !s.long && s.hac == 0 {
				cols = append(cols, t.Col(s.names...))
			}
		}
	}
	return cols
}

// obs is one hospital's value of one metric, as read from a file.
type obs struct {
	id  string
	v   float64
	row int32 // the hospital's row, set by NewPeriod
}

// ChooseKinds is WantKinds for a whole folder: it skips the files another one makes
// redundant (MSPB: the 6-decimal file, else the hospital file, else the HVBP Efficiency
// domain), so a Care Compare folder is not parsed twice over.
func ChooseKinds(present map[cmsdata.Kind]int) func(cmsdata.Kind) bool {
	return func(k cmsdata.Kind) bool {
		switch k {
		case cmsdata.KindMSPB:
			return present[cmsdata.KindMSPB6] == 0
		case cmsdata.KindHVBPEfficiency:
			return present[cmsdata.KindMSPB6] == 0 && present[cmsdata.KindMSPB] == 0
		}
		return WantKinds(k)
	}
}

// NewPeriod extracts one period's metrics from the recognised files of a folder (and the
// cost-report file, which may be in the same bundle). Every hospital listed in a file that
// rating reads is a row, rated or not.
func NewPeriod(b *cmsdata.Bundle) (*Period, error) {
	// maps sized for the largest file: most hospitals are in it
	most := 0
	for _, f := range b.Files {
		if f.Table != nil {
			most = max(most, f.Table.NumRows())
		}
	}
	most += most / 4
	p := &Period{index: make(map[string]int, most), IDs: make([]string, 0, most),
		facs: make([]cmsdata.Facility, 0, most)}
	hc := readHACs(b)
	var found [2][][]obs
	found[Safety] = make([][]obs, len(SafetyMetrics))
	p.Sources[Safety] = make([]string, len(SafetyMetrics))
	// Cost metrics are computed meanwhile (they share nothing with the Safety sources).
	var costErr error
	done := make(chan struct{})
	go func() {
		found[Cost], p.Sources[Cost], costErr = costValues(b)
		close(done)
	}()
	// While the HAC files are read: the metrics that no HAC file can give, and the facility
	// lists of the other files (used below in the same order as without this head start).
	type srcRead struct {
		vals []obs
		desc string
		err  error
		done bool
	}
	type facRead struct {
		fs  []cmsdata.Facility
		err error
	}
	facs := map[*cmsdata.Table]facRead{} // filled on a goroutine of its own, read after facsDone
	facsDone := make(chan struct{})
	go func() {
		defer close(facsDone)
		for _, k := range facilityKinds {
			for _, t := range b.Tables(k) {
				if _, ok := facs[t]; !ok {
					fs, err := cmsdata.FacilityList(t)
					facs[t] = facRead{fs, err}
				}
			}
		}
	}()
	early := make([]srcRead, len(safetySources))
	for m, srcs := range safetySources {
		if !slices.ContainsFunc(srcs, func(s source) bool { return s.kind == cmsdata.KindHAC }) {
			r := &early[m]
			r.vals, r.desc, r.err = readSource(b, srcs, hc)
			r.done = true
		}
	}
	// The six HAC-program measures (PSI 90 and the five SIRs) are read together: when the
	// period's HAC file publishes raw values, all six come from it, even one CMS suppressed
	// (FY2023's PSI 90), so they share the program's measurement windows; otherwise each
	// falls through its list (long-format files, star extract, HAC scores).
	hacRaw, err := hasHACRaw(b, hc)
	if err != nil {
		<-done
		return nil, err
	}
	for m, srcs := range safetySources {
		if hacRaw && srcs[0].hac > 0 && srcs[0].raw {
			srcs = srcs[:1]
		}
		var vals []obs
		var desc string
		if r := early[m]; r.done {
			vals, desc, err = r.vals, r.desc, r.err
		} else {
			vals, desc, err = readSource(b, srcs, hc)
		}
		if err != nil {
			<-done
			return nil, err
		}
		found[Safety][m], p.Sources[Safety][m] = vals, desc
	}
	<-done
	if costErr != nil {
		return nil, costErr
	}
	// Names and states: General Information first, then the HAC file, then any other.
	<-facsDone
	for _, t := range b.Tables(cmsdata.KindGeneralInfo) {
		fs, err := facs[t].fs, facs[t].err
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			p.addFacility(f)
		}
	}
	var hac []obs
	for _, t := range b.Tables(cmsdata.KindHAC) {
		f, err := hc.get(t)
		if err != nil {
			return nil, err
		}
		for r, ccn := range f.ccn {
			p.addFacility(cmsdata.Facility{CCN: ccn, Name: f.name[r], State: f.state[r]})
			if t != b.Table(cmsdata.KindHAC) {
				continue
			}
			if v := f.total[r]; !math.IsNaN(v) {
				hac = append(hac, obs{id: ccn, v: v})
			}
		}
		if len(hac) > 0 && p.HACSource == "" {
			p.HACSource = t.Name
		}
	}
	for _, k := range facilityKinds[1:] {
		for _, t := range b.Tables(k) {
			fs, err := facs[t].fs, facs[t].err
			if err != nil {
				return nil, err
			}
			for _, f := range fs {
				p.addFacility(f)
			}
		}
	}
	// every observation learns its hospital's row (in order of first appearance)
	for d := range found {
		for _, col := range found[d] {
			for k := range col {
				col[k].row = int32(p.addID(col[k].id))
			}
		}
	}
	for k := range hac {
		hac[k].row = int32(p.addID(hac[k].id))
	}
	// rows in CCN order: perm takes a row of first appearance to its sorted row
	first := p.IDs
	p.IDs = slices.Clone(first)
	sort.Strings(p.IDs)
	for i, id := range p.IDs {
		p.index[id] = i
	}
	perm := make([]int32, len(first))
	for r, id := range first {
		perm[r] = int32(p.index[id])
	}
	p.Facilities = make([]cmsdata.Facility, len(p.IDs))
	for r, f := range p.facs {
		if f.CCN != "" {
			p.Facilities[perm[r]] = f
		}
	}
	p.facs = nil
	for d := range found {
		p.Values[d] = make([][]float64, len(found[d]))
		for m, col := range found[d] {
			p.Values[d][m] = p.column(col, perm)
		}
	}
	p.HACScore = p.column(hac, perm)
	return p, nil
}

// facilityKinds are the kinds whose files name hospitals (with cmsdata.FacilityList), in the
// order NewPeriod takes names and states from them: General Information first (the HAC
// files, read with cmsdata.ScanHAC, come after it).
var facilityKinds = []cmsdata.Kind{cmsdata.KindGeneralInfo, cmsdata.KindMSPB, cmsdata.KindMSPB6, cmsdata.KindHVBPEfficiency,
	cmsdata.KindTimelyEffective, cmsdata.KindComplications, cmsdata.KindHAI, cmsdata.KindStarAllData, cmsdata.KindRANDHCRIS}

// hasHACRaw reports whether the period's HAC file has any raw value (PSI 90 composite or SIR).
func hasHACRaw(b *cmsdata.Bundle, hc hacCache) (bool, error) {
	t := b.Table(cmsdata.KindHAC)
	if t == nil {
		return false, nil
	}
	f, err := hc.get(t)
	if err != nil || !f.hasRaw {
		return false, err
	}
	for m := range f.raw {
		for _, v := range f.raw[m] {
			if !math.IsNaN(v) {
				return true, nil
			}
		}
	}
	return false, nil
}

// addID returns the row of a CCN, adding it when new (rows in order of first appearance
// until NewPeriod sorts them).
func (p *Period) addID(id string) int {
	if i, ok := p.index[id]; ok {
		return i
	}
	i := len(p.IDs)
	p.index[id] = i
	p.IDs = append(p.IDs, id)
	return i
}

// addFacility records a hospital's name, state and type (the first file that has each wins).
func (p *Period) addFacility(f cmsdata.Facility) {
	i := p.addID(f.CCN)
	for len(p.facs) <= i {
		p.facs = append(p.facs, cmsdata.Facility{})
	}
	old := &p.facs[i]
	if old.CCN == "" { // first seen (every CCN given here is non-empty)
		*old = f
		return
	}
	if old.Name != "" && old.State != "" && (old.Type != "" || f.Type == "") {
		return
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
}

// column spreads observations over the period's rows (NaN where none; the last of a
// repeated CCN wins, as in a map); perm maps an observation's row to the sorted row.
func (p *Period) column(o []obs, perm []int32) []float64 {
	col := make([]float64, len(p.IDs))
	for i := range col {
		col[i] = math.NaN()
	}
	for _, x := range o {
		col[perm[x.row]] = x.v
	}
	return col
}

// readSource returns the values of the first source that has any, and its description.
func readSource(b *cmsdata.Bundle, srcs []source, hc hacCache) ([]obs, string, error) {
	for _, s := range srcs {
		for _, t := range b.Tables(s.kind) {
			var vals []obs
			var used string
			switch {
			case s.hac > 0:
				f, err := hc.get(t)
				if err != nil {
					return nil, "", err
				}
				if s.raw && !f.hasRaw {
					continue
				}
				col := f.score[s.hac-1]
				if s.raw {
					col = f.raw[s.hac-1]
				}
				vals = make([]obs, 0, len(col))
				for r, v := range col {
					if !math.IsNaN(v) {
						vals = append(vals, obs{id: f.ccn[r], v: v})
					}
				}
				used = cmsdata.HACMeasures[s.hac-1]
				switch {
				case s.raw && s.hac == 1:
					used += " composite value"
				case s.raw:
					used += " SIR"
				case f.hasWZ:
					used += " W Z score"
				default:
					used += " decile points"
				}
			case s.long:
				l, err := cmsdata.Long(t, s.names...)
				if err != nil {
					return nil, "", err
				}
				for _, n := range s.names {
					if len(l[n]) > 0 {
						vals = make([]obs, 0, len(l[n]))
						for id, v := range l[n] {
							vals = append(vals, obs{id: id, v: v})
						}
						used = n
						break
					}
				}
			default:
				c := t.Col(s.names...)
				if c < 0 {
					continue
				}
				id, err := t.IDCol()
				if err != nil {
					return nil, "", err
				}
				vals = make([]obs, 0, t.NumRows())
				for r := range t.NumRows() {
					v, ok, err := t.Float(r, c)
					if err != nil {
						return nil, "", err
					}
					if ok {
						vals = append(vals, obs{id: cmsdata.CCN(t.Cell(r, id)), v: v})
					}
				}
				used = t.Header[c]
			}
			if len(vals) == 0 {
				continue
			}
			if s.scale != 0 {
				for i := range vals {
					vals[i].v = roundSig(vals[i].v * s.scale)
				}
				used += fmt.Sprintf(" ×%g", s.scale)
			}
			return vals, t.Name + ": " + used, nil
		}
	}
	return nil, "", nil
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
