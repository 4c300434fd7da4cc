package cmsdata

import (
	"fmt"
	"math"
	"strings"
)

// Facility is what the files say about a hospital besides its measures.
type Facility struct {
	CCN   string // normalised by CCN
	Name  string
	State string // two-letter postal code
	Type  string // "Acute Care Hospitals", "Critical Access Hospitals", ... when known
}

// idCol finds the CCN column of any Care Compare, star-rating or RAND file.
func (t *Table) idCol() int {
	if c := t.Col("Facility ID", "Provider ID", "PROVIDER_ID", "Provider Number", "CCN"); c >= 0 {
		return c
	}
	for i, h := range t.Header {
		if v, ok := bracketVar(h); ok && v == "prvdr_num" {
			return i
		}
	}
	return -1
}

// IDCol is the column holding the CCN, or a *ParseError when the file has none.
func (t *Table) IDCol() (int, error) {
	c := t.idCol()
	if c < 0 {
		return -1, &ParseError{File: t.Name, Line: 1, Err: fmt.Errorf("no facility id column (Facility ID, Provider ID, PROVIDER_ID or [prvdr_num])")}
	}
	return c, nil
}

// Facilities reads names and states from any hospital-level file that has them
// (General Information, HAC, HVBP, MSPB, RAND). Rows without an id are skipped; a CCN on
// several rows keeps its last.
func Facilities(t *Table) (map[string]Facility, error) {
	list, err := FacilityList(t)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Facility, len(list))
	for _, f := range list {
		out[f.CCN] = f
	}
	return out, nil
}

// FacilityList is Facilities as a slice in file order (rows without an id skipped).
func FacilityList(t *Table) ([]Facility, error) {
	id, err := t.IDCol()
	if err != nil {
		return nil, err
	}
	name, state, typ := t.facilityCols()
	out := make([]Facility, 0, t.NumRows())
	for r := range t.NumRows() {
		ccn := CCN(t.Cell(r, id))
		if ccn == "" {
			continue
		}
		out = append(out, Facility{CCN: ccn, Name: t.Cell(r, name), State: strings.ToUpper(t.Cell(r, state)), Type: t.Cell(r, typ)})
	}
	return out, nil
}

// facilityCols are the name, state and type columns FacilityList reads (-1: none).
func (t *Table) facilityCols() (name, state, typ int) {
	name = t.Col("Facility Name", "Hospital Name", "Hospital_Name")
	state = t.Col("State")
	typ = t.Col("Hospital Type")
	if name < 0 {
		name = t.RANDCol("hosp_name_pos")
		if name < 0 {
			name = t.RANDCol("hosp_name_hcr")
		}
	}
	if state < 0 {
		state = t.RANDCol("state_abbreviation")
	}
	return name, state, typ
}

// FacilityColumns are the columns FacilityList reads (the id, name, state and type ones
// the file has), for LoadOptions.Columns.
func FacilityColumns(t *Table) []int {
	name, state, typ := t.facilityCols()
	return []int{t.idCol(), name, state, typ}
}

// LongColumns are the columns Long and MSPB read besides the facility ones (Measure ID,
// Score or Value, MSPB-1 Performance Rate), for LoadOptions.Columns.
func LongColumns(t *Table) []int {
	return []int{t.Col("Measure ID"), t.Col("Score", "Value"), t.Col("MSPB-1 Performance Rate")}
}

// Column reads one numeric column of a wide file (one row per hospital) into a map from
// CCN to value; missing cells are left out. The column is the first header matching any
// of names; ok is false when the file has none of them.
func Column(t *Table, names ...string) (vals map[string]float64, ok bool, err error) {
	c := t.Col(names...)
	if c < 0 {
		return nil, false, nil
	}
	return ColumnAt(t, c)
}

// ColumnAt is Column for a known column index.
func ColumnAt(t *Table, c int) (map[string]float64, bool, error) {
	id, err := t.IDCol()
	if err != nil {
		return nil, false, err
	}
	vals := make(map[string]float64, t.NumRows())
	for r := range t.NumRows() {
		v, ok, err := t.Float(r, c)
		if err != nil {
			return nil, false, err
		}
		if !ok {
			continue
		}
		ccn := CCN(t.Cell(r, id))
		if ccn == "" {
			return nil, false, &ParseError{File: t.Name, Line: t.Line(r), Column: id + 1, Err: fmt.Errorf("empty facility id")}
		}
		vals[ccn] = v
	}
	return vals, true, nil
}

// Long reads a long-format Care Compare file (one row per hospital and measure:
// Timely_and_Effective_Care-Hospital.csv, Complications_and_Deaths-Hospital.csv,
// Healthcare_Associated_Infections-Hospital.csv) for the given measure ids, compared after
// normalisation ("OP-22" and "op_22" are the same). The result maps measure id (as asked)
// to CCN to the numeric Score; missing scores are left out. A non-numeric score of an asked
// measure is a *ParseError.
func Long(t *Table, measures ...string) (map[string]map[string]float64, error) {
	id, err := t.IDCol()
	if err != nil {
		return nil, err
	}
	mc, sc := t.Col("Measure ID"), t.Col("Score", "Value")
	if mc < 0 || sc < 0 {
		return nil, &ParseError{File: t.Name, Line: 1, Err: fmt.Errorf("long-format file needs Measure ID and Score columns")}
	}
	want := make(map[string]string, len(measures))
	out := make(map[string]map[string]float64, len(measures))
	for _, m := range measures {
		want[normalise(m)] = m
		out[m] = map[string]float64{}
	}
	for r := range t.NumRows() {
		m, ok := want[normalise(t.raw(r, mc))]
		if !ok {
			continue
		}
		v, ok, err := t.Float(r, sc)
		if err != nil {
			return nil, err
		}
		if ok {
			out[m][CCN(t.Cell(r, id))] = v
		}
	}
	return out, nil
}

// MSPB reads the Medicare Spending Per Beneficiary ratio (MSPB-1, hospital ÷ national
// median episode spending; 1.00 is the national median, lower is cheaper) from any file
// that carries it: the 6-decimal quarterly file (Value), the hospital file (Score) or the
// HVBP Efficiency domain (MSPB-1 Performance Rate).
func MSPB(t *Table) (map[string]float64, error) {
	if c := t.Col("MSPB-1 Performance Rate"); c >= 0 {
		v, _, err := ColumnAt(t, c)
		return v, err
	}
	for _, name := range []string{"MSPB-1", "MSPB_1", "MSPB"} {
		l, err := Long(t, name)
		if err != nil {
			return nil, err
		}
		if len(l[name]) > 0 {
			return l[name], nil
		}
	}
	return map[string]float64{}, nil
}

// RANDCol is the column whose header ends in "[v]" (RAND's bracketed variable name),
// compared case-insensitively, or -1.
func (t *Table) RANDCol(v string) int {
	for i, h := range t.Header {
		if b, ok := bracketVar(h); ok && strings.EqualFold(b, v) {
			return i
		}
	}
	return -1
}

// CostReport is one hospital's row of the RAND HCRIS extract: the RAND variables asked
// for, by bracketed name, in the file's units (dollars, days, counts, fractions).
type CostReport struct {
	CCN    string
	Values map[string]float64 // missing ('.') variables are absent
}

// Get returns a variable and whether it was reported.
func (c CostReport) Get(v string) (float64, bool) {
	x, ok := c.Values[v]
	return x, ok
}

// RAND reads the asked RAND variables of every row of a RAND Hospital Data extract. A
// variable the file lacks is simply absent from every row. When a CCN appears on several
// rows (several cost reports), the last row wins: RAND sorts reports by date, and the
// free extract holds one per hospital.
func RAND(t *Table, vars ...string) (map[string]CostReport, error) {
	ids, vals, err := RANDValues(t, vars...)
	if err != nil {
		return nil, err
	}
	out := make(map[string]CostReport, len(ids))
	for r, ccn := range ids {
		cr := CostReport{CCN: ccn, Values: make(map[string]float64, len(vars))}
		for i, v := range vars {
			if x := vals[r*len(vars)+i]; x == x { // not NaN
				cr.Values[v] = x
			}
		}
		out[ccn] = cr
	}
	return out, nil
}

// RANDValues is RAND without maps: the CCN of each row (rows without one are dropped) and
// the asked variables row-major (row r, variable i at r*len(vars)+i), NaN when missing.
func RANDValues(t *Table, vars ...string) (ids []string, vals []float64, err error) {
	id, err := t.IDCol()
	if err != nil {
		return nil, nil, err
	}
	cols := make([]int, len(vars))
	for i, v := range vars {
		cols[i] = t.RANDCol(v)
	}
	ids = make([]string, 0, t.NumRows())
	vals = make([]float64, 0, t.NumRows()*len(vars))
	nan := math.NaN()
	for r := range t.NumRows() {
		ccn := CCN(t.Cell(r, id))
		if ccn == "" {
			continue
		}
		ids = append(ids, ccn)
		for _, c := range cols {
			v, ok, err := t.Float(r, c)
			if err != nil {
				return nil, nil, err
			}
			if !ok {
				v = nan
			}
			vals = append(vals, v)
		}
	}
	return ids, vals, nil
}
