package cmsdata

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// HVBP domain indexes of HVBPHospital's arrays, in the order of CMS's TPS file.
const (
	HVBPClinical   = 0 // Clinical Outcomes (Clinical Care before FY2020)
	HVBPPerson     = 1 // Person and Community Engagement (HCAHPS)
	HVBPSafety     = 2
	HVBPEfficiency = 3
)

// HVBPValue is a numeric cell of an HVBP file (HCAHPS percentages stay in percent).
type HVBPValue struct {
	Value float64
	OK    bool
}

// HVBPPoints is a points cell: "3 out of 10" (Points 3, Max 10) or a bare integer such as a
// dimension score "7" (Max 0).
type HVBPPoints struct {
	Points, Max int
	OK          bool
}

// HVBPMeasure is one measure (or HCAHPS dimension) of one hospital in a domain file.
type HVBPMeasure struct {
	ID                                                 string // as in the header: "MORT-30-AMI", "HAI-1", "MSPB-1", "Communication With Nurses"
	Threshold, Benchmark, Floor, Baseline, Performance HVBPValue
	Achievement, Improvement, Score                    HVBPPoints
}

// HVBPHospital is everything the five HVBP files say about one hospital.
type HVBPHospital struct {
	CCN, Name, State string
	// Measures per domain (HVBPClinical ...), in file column order.
	Measures          [4][]HVBPMeasure
	CombinedSSI       HVBPPoints   // Safety file: "Combined SSI Measure Score"
	Base, Consistency HVBPPoints   // HCAHPS base (0–80) and consistency (0–20) scores
	Unweighted        [4]HVBPValue // TPS file: unweighted (normalized) domain scores, 0–100
	Weighted          [4]HVBPValue // TPS file: weighted domain scores
	TPS               HVBPValue    // Total Performance Score, 0–100
	InTPS             bool         // the hospital has a row in the TPS file
}

// HVBPData is a set of HVBP files of one fiscal year.
type HVBPData struct {
	FiscalYear int // from the "Fiscal Year" columns (0 when no file has one)
	// MeasureIDs lists each domain file's measures in column order.
	MeasureIDs [4][]string
	Hospitals  []HVBPHospital // sorted by CCN
}

// ErrNoHVBP is returned by ReadHVBP when it is given no table at all.
var ErrNoHVBP = errors.New("no HVBP file")

// ReadHVBP reads the HVBP TPS file and the four domain files (any may be nil; measures are
// found by their "<id> Achievement Points" columns, so other years' measure sets read too).
// Hospitals are matched by CCN. A malformed cell is a *ParseError; files that disagree on
// the fiscal year are an error.
func ReadHVBP(tps, clinical, person, safety, efficiency *Table) (*HVBPData, error) {
	if tps == nil && clinical == nil && person == nil && safety == nil && efficiency == nil {
		return nil, ErrNoHVBP
	}
	d := &HVBPData{}
	byID := map[string]*HVBPHospital{}
	get := func(t *Table, r, id, name, state int) *HVBPHospital {
		ccn := CCN(t.Cell(r, id))
		h := byID[ccn]
		if h == nil {
			h = &HVBPHospital{CCN: ccn}
			byID[ccn] = h
		}
		if h.Name == "" {
			h.Name = t.Cell(r, name)
		}
		if h.State == "" {
			h.State = strings.ToUpper(t.Cell(r, state))
		}
		return h
	}
	for dom, t := range [4]*Table{clinical, person, safety, efficiency} {
		if t == nil {
			continue
		}
		if err := readHVBPDomain(d, t, dom, get); err != nil {
			return nil, err
		}
	}
	if tps != nil {
		if err := readHVBPTPS(d, tps, get); err != nil {
			return nil, err
		}
	}
	d.Hospitals = make([]HVBPHospital, 0, len(byID))
	for _, h := range byID {
		d.Hospitals = append(d.Hospitals, *h)
	}
	sort.Slice(d.Hospitals, func(i, j int) bool { return d.Hospitals[i].CCN < d.Hospitals[j].CCN })
	return d, nil
}

type hvbpGet func(t *Table, r, id, name, state int) *HVBPHospital

// common checks the facility id and fiscal year of every row of t and returns the id, name
// and state columns.
func (d *HVBPData) common(t *Table) (id, name, state int, err error) {
	id, err = t.IDCol()
	if err != nil {
		return
	}
	name, state = t.Col("Facility Name", "Hospital Name"), t.Col("State")
	fy := t.Col("Fiscal Year")
	for r := range t.Rows {
		if CCN(t.Cell(r, id)) == "" {
			return 0, 0, 0, &ParseError{File: t.Name, Line: t.Line(r), Column: id + 1, Err: fmt.Errorf("empty facility id")}
		}
		if fy < 0 {
			continue
		}
		s := t.Cell(r, fy)
		y, perr := strconv.Atoi(s)
		if perr != nil {
			return 0, 0, 0, &ParseError{File: t.Name, Line: t.Line(r), Column: fy + 1, Err: fmt.Errorf("column %q: %q is not a fiscal year", t.Header[fy], s)}
		}
		if d.FiscalYear == 0 {
			d.FiscalYear = y
		} else if y != d.FiscalYear {
			return 0, 0, 0, &ParseError{File: t.Name, Line: t.Line(r), Column: fy + 1, Err: fmt.Errorf("column %q: fiscal year %d, other HVBP rows have %d", t.Header[fy], y, d.FiscalYear)}
		}
	}
	return id, name, state, nil
}

func readHVBPDomain(d *HVBPData, t *Table, dom int, get hvbpGet) error {
	id, name, state, err := d.common(t)
	if err != nil {
		return err
	}
	type cols struct{ at, bm, floor, base, perf, ach, imp, score int }
	var ids []string
	var cs []cols
	const suffix = " Achievement Points"
	for i, h := range t.Header {
		if len(h) <= len(suffix) || !strings.EqualFold(h[len(h)-len(suffix):], suffix) {
			continue
		}
		m := strings.TrimSpace(h[:len(h)-len(suffix)])
		ids = append(ids, m)
		cs = append(cs, cols{
			at: t.Col(m + " Achievement Threshold"), bm: t.Col(m + " Benchmark"), floor: t.Col(m + " Floor"),
			base: t.Col(m+" Baseline Rate", m+" Baseline"), perf: t.Col(m+" Performance Rate", m+" Performance"),
			ach: i, imp: t.Col(m + " Improvement Points"), score: t.Col(m+" Measure Score", m+" Dimension Score"),
		})
	}
	if len(ids) == 0 {
		return &ParseError{File: t.Name, Line: 1, Err: fmt.Errorf("no \"<measure> Achievement Points\" column: not an HVBP domain file")}
	}
	d.MeasureIDs[dom] = ids
	ssi := t.Col("Combined SSI Measure Score")
	base, cons := t.Col("HCAHPS Base Score"), t.Col("HCAHPS Consistency Score")
	for r := range t.Rows {
		h := get(t, r, id, name, state)
		ms := make([]HVBPMeasure, len(ids))
		for k, c := range cs {
			m := HVBPMeasure{ID: ids[k]}
			for _, f := range []struct {
				dst *HVBPValue
				col int
			}{{&m.Threshold, c.at}, {&m.Benchmark, c.bm}, {&m.Floor, c.floor}, {&m.Baseline, c.base}, {&m.Performance, c.perf}} {
				v, ok, err := hvbpFloat(t, r, f.col)
				if err != nil {
					return err
				}
				*f.dst = HVBPValue{v, ok}
			}
			for _, f := range []struct {
				dst *HVBPPoints
				col int
			}{{&m.Achievement, c.ach}, {&m.Improvement, c.imp}, {&m.Score, c.score}} {
				p, err := points(t, r, f.col)
				if err != nil {
					return err
				}
				*f.dst = p
			}
			ms[k] = m
		}
		h.Measures[dom] = ms
		for _, f := range []struct {
			dst *HVBPPoints
			col int
		}{{&h.CombinedSSI, ssi}, {&h.Base, base}, {&h.Consistency, cons}} {
			if f.col < 0 {
				continue
			}
			p, err := points(t, r, f.col)
			if err != nil {
				return err
			}
			*f.dst = p
		}
	}
	return nil
}

func readHVBPTPS(d *HVBPData, t *Table, get hvbpGet) error {
	id, name, state, err := d.common(t)
	if err != nil {
		return err
	}
	total := t.Col("Total Performance Score")
	if total < 0 {
		return &ParseError{File: t.Name, Line: 1, Err: fmt.Errorf("no \"Total Performance Score\" column")}
	}
	var unw, wtd [4]int
	keys := [4]string{"clinical", "person", "safety", "efficiency"}
	for k := range unw {
		unw[k], wtd[k] = -1, -1
	}
	for i, h := range t.norm {
		for k, key := range keys {
			switch {
			case strings.HasPrefix(h, "unweighted") && strings.Contains(h, key):
				pick(&unw[k], i)
			case strings.HasPrefix(h, "weighted") && strings.Contains(h, key):
				pick(&wtd[k], i)
			}
		}
	}
	for r := range t.Rows {
		h := get(t, r, id, name, state)
		h.InTPS = true
		for k := range keys {
			v, ok, err := hvbpFloat(t, r, unw[k])
			if err != nil {
				return err
			}
			h.Unweighted[k] = HVBPValue{v, ok}
			if v, ok, err = hvbpFloat(t, r, wtd[k]); err != nil {
				return err
			}
			h.Weighted[k] = HVBPValue{v, ok}
		}
		v, ok, err := hvbpFloat(t, r, total)
		if err != nil {
			return err
		}
		h.TPS = HVBPValue{v, ok}
	}
	return nil
}

// hvbpFloat is Table.Float that also accepts a footnote code in parentheses after the number,
// as the FY2020 TPS file writes "63.333333333333(23)"; the code is dropped.
func hvbpFloat(t *Table, r, c int) (float64, bool, error) {
	if s := t.Cell(r, c); strings.HasSuffix(s, ")") {
		if i := strings.LastIndexByte(s, '('); i > 0 {
			if v, ok, err := ParseFloat(s[:i]); err == nil && ok {
				return v, true, nil
			}
		}
	}
	return t.Float(r, c)
}

// points reads "n out of m" or a bare integer.
func points(t *Table, r, c int) (HVBPPoints, error) {
	s := t.Cell(r, c)
	if c < 0 || Missing(s) {
		return HVBPPoints{}, nil
	}
	bad := func() (HVBPPoints, error) {
		return HVBPPoints{}, &ParseError{File: t.Name, Line: t.Line(r), Column: c + 1,
			Err: fmt.Errorf("column %q: %q is not points (\"n out of m\" or an integer)", t.Header[c], s)}
	}
	a, b, found := strings.Cut(s, " out of ")
	p, err := strconv.Atoi(strings.TrimSpace(a))
	if err != nil || p < 0 {
		return bad()
	}
	out := HVBPPoints{Points: p, OK: true}
	if found {
		if out.Max, err = strconv.Atoi(strings.TrimSpace(b)); err != nil || out.Max < p {
			return bad()
		}
	}
	return out, nil
}
