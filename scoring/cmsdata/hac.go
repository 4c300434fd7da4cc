package cmsdata

import (
	"fmt"
	"strconv"
	"strings"

	"openvalue/internal/decimal"
)

// HACMeasures are the HAC Reduction Program measures in CMS's order; HACRow arrays are
// indexed the same way.
var HACMeasures = [6]string{"PSI 90", "CLABSI", "CAUTI", "SSI", "CDI", "MRSA"}

// HACCell is one value of a HAC file with its footnote codes.
type HACCell struct {
	Value     float64
	OK        bool     // false for "N/A", "Not Available" and other missing tokens
	Footnotes []string // codes such as "5", "18", "a"; a bare "*" (FY2015) is kept as "*"
}

// Footnote reports whether the cell carries footnote code.
func (c HACCell) Footnote(code string) bool {
	for _, f := range c.Footnotes {
		if f == code {
			return true
		}
	}
	return false
}

// HACRow is one hospital of a HAC Reduction Program file.
type HACRow struct {
	Line  int // 1-based source line
	CCN   string
	Name  string
	State string
	// Raw holds the PSI 90 composite value and the SIRs (files from FY2023 on).
	Raw [6]HACCell
	// Score holds CMS's measure scores: Winsorized z-scores (FY2018+) or decile points 1–10
	// (FY2015–FY2017).
	Score            [6]HACCell
	Domain1, Domain2 HACCell // FY2015–FY2019 only
	Total            HACCell
	// Payment is "Yes", "No", "N/A" ("Not Available" is folded into "N/A"), or "" when the
	// file has no payment column (FY2015, FY2016).
	Payment          string
	PaymentFootnotes []string
}

// HACFile is a whole HAC Reduction Program hospital file, of any fiscal-year header style
// (FY2015's "Provider ID"/"AHRQ_PSI_90_Score", FY2018's UPPER_SNAKE "PSI_90_W_Z_SCORE",
// FY2019–FY2020's "PSI-90 W Z Score", FY2021+'s "PSI 90 W Z Score", FY2023+'s raw values).
type HACFile struct {
	Name       string
	FiscalYear int  // from the "Fiscal Year" column (every row must agree)
	HasRaw     bool // the file has raw value columns (PSI 90 composite, SIRs)
	HasWZ      bool // measure scores are W Z scores (false: decile points)
	HasPayment bool // the file has a payment reduction column
	Rows       []HACRow
}

// ReadHAC reads a HAC Reduction Program hospital file. Measure columns the file lacks
// (MRSA and CDI before FY2017, SSI before FY2016, raw values before FY2023) read as missing.
// A malformed number, a missing facility id or an inconsistent fiscal year is a *ParseError.
func ReadHAC(t *Table) (*HACFile, error) {
	var rows []HACRow
	f, err := scanHAC(t, func(r int) *HACRow {
		if rows == nil {
			rows = make([]HACRow, t.NumRows())
		}
		return &rows[r]
	}, nil, true)
	if err != nil {
		return nil, err
	}
	f.Rows = rows
	if f.Rows == nil {
		f.Rows = []HACRow{}
	}
	return f, nil
}

// ScanHAC reads a HAC file with ReadHAC's checks and errors but keeps no rows: each row is
// filled into one HACRow that the next row reuses (its Footnotes slices too), and handed to
// each, which must copy what it keeps. The HACFile has every field but Rows. It is for
// callers that keep a few values per hospital (rating keeps ≈ 100 bytes of a row's ≈ 700),
// so a whole file costs no memory of its own.
func ScanHAC(t *Table, each func(r int, row *HACRow)) (*HACFile, error) {
	var row HACRow
	return scanHAC(t, func(int) *HACRow { return &row }, each, false)
}

// scanHAC is ReadHAC and ScanHAC: at gives the row to fill for data row r, each (may be
// nil) is called once it is filled; keep says whether footnote slices must outlive the row.
func scanHAC(t *Table, at func(r int) *HACRow, each func(r int, row *HACRow), keep bool) (*HACFile, error) {
	id, err := t.IDCol()
	if err != nil {
		return nil, err
	}
	f := &HACFile{Name: t.Name}
	totalCol := t.Col("Total HAC Score", "Total_HAC_Score")
	if totalCol < 0 {
		return nil, &ParseError{File: t.Name, Line: 1, Err: fmt.Errorf("no Total HAC Score column: not a HAC Reduction Program file")}
	}
	fyCol := t.Col("Fiscal Year")
	name := t.Col("Facility Name", "Hospital Name", "Hospital_Name")
	state := t.Col("State")
	var rawCol, rawFn, scoreCol, scoreFn [6]int
	for m, label := range HACMeasures {
		aliases := []string{label}
		if m == 0 {
			aliases = []string{"PSI 90", "AHRQ PSI 90"}
		}
		rawCol[m], rawFn[m], scoreCol[m], scoreFn[m] = -1, -1, -1, -1
		for _, a := range aliases {
			if m == 0 {
				pick(&rawCol[m], t.Col(a+" Composite Value", a+" Composite"))
				pick(&rawFn[m], t.Col(a+" Composite Value Footnote", a+" Composite Footnote"))
			} else {
				pick(&rawCol[m], t.Col(a+" SIR"))
				pick(&rawFn[m], t.Col(a+" SIR Footnote"))
			}
			if c := t.Col(a + " W Z Score"); c >= 0 {
				pick(&scoreCol[m], c)
				f.HasWZ = true
			}
			pick(&scoreCol[m], t.Col(a+" Score"))
			pick(&scoreFn[m], t.Col(a+" W Z Footnote", a+" W Z Score Footnote", a+" Score Footnote", a+" Footnote"))
		}
		if rawCol[m] >= 0 {
			f.HasRaw = true
		}
	}
	d1, d1fn := t.Col("Domain 1 Score"), t.Col("Domain 1 Footnote", "Domain 1 Score Footnote")
	d2, d2fn := t.Col("Domain 2 Score"), t.Col("Domain 2 Footnote", "Domain 2 Score Footnote")
	totalFn := t.Col("Total HAC Score Footnote", "Total HAC Footnote")
	pay, payFn := t.Col("Payment Reduction"), t.Col("Payment Reduction Footnote")
	allFn := t.Col("Footnotes") // FY2015: one footnote column for the row
	f.HasPayment = pay >= 0

	// footnote codes of a file are kept in one slab (a cell's codes are a capacity-limited
	// slice of it, so appending to them copies); without keep the slab is reused per row
	var slab []string
	if keep {
		slab = make([]string, 0, 4*t.NumRows())
	}
	cell := func(r, c, fn int) (HACCell, error) {
		var out HACCell
		if fn >= 0 {
			slab, out.Footnotes = footnotes(slab, t.Cell(r, fn))
		} else if allFn >= 0 {
			slab, out.Footnotes = footnotes(slab, t.Cell(r, allFn))
		}
		s := t.Cell(r, c)
		if v, ok := decimal.Parse(s); ok { // the common plain number: ParseFloat's own fast path
			out.Value, out.OK = v, true
			return out, nil
		}
		if strings.HasSuffix(s, "*") { // FY2015 marks Maryland cells with a '*' suffix
			s = strings.TrimRight(s, "*")
			out.Footnotes = append(out.Footnotes, "*")
		}
		if c < 0 || Missing(s) {
			return out, nil
		}
		v, ok, err := ParseFloat(s)
		if err != nil {
			return out, &ParseError{File: t.Name, Line: t.Line(r), Column: c + 1, Err: fmt.Errorf("column %q: %w", t.Header[c], err)}
		}
		out.Value, out.OK = v, ok
		return out, nil
	}

	for r := range t.NumRows() {
		if !keep {
			slab = slab[:0]
		}
		row := at(r) // filled in place: a row is ~700 bytes
		*row = HACRow{Line: t.Line(r), CCN: CCN(t.Cell(r, id)), Name: t.Cell(r, name), State: strings.ToUpper(t.Cell(r, state))}
		if row.CCN == "" {
			return nil, &ParseError{File: t.Name, Line: row.Line, Column: id + 1, Err: fmt.Errorf("empty facility id")}
		}
		if fyCol >= 0 {
			s := strings.TrimSpace(t.Cell(r, fyCol))
			fy, err := strconv.Atoi(s)
			if err != nil || fy < 2000 || fy > 2100 {
				return nil, &ParseError{File: t.Name, Line: row.Line, Column: fyCol + 1, Err: fmt.Errorf("column %q: %q is not a fiscal year", t.Header[fyCol], s)}
			}
			if f.FiscalYear == 0 {
				f.FiscalYear = fy
			} else if fy != f.FiscalYear {
				return nil, &ParseError{File: t.Name, Line: row.Line, Column: fyCol + 1, Err: fmt.Errorf("column %q: fiscal year %d, earlier rows have %d", t.Header[fyCol], fy, f.FiscalYear)}
			}
		}
		var err error
		for m := range HACMeasures {
			if row.Raw[m], err = cell(r, rawCol[m], rawFn[m]); err != nil {
				return nil, err
			}
			if row.Score[m], err = cell(r, scoreCol[m], scoreFn[m]); err != nil {
				return nil, err
			}
		}
		if row.Domain1, err = cell(r, d1, d1fn); err != nil {
			return nil, err
		}
		if row.Domain2, err = cell(r, d2, d2fn); err != nil {
			return nil, err
		}
		if row.Total, err = cell(r, totalCol, totalFn); err != nil {
			return nil, err
		}
		if pay >= 0 {
			switch p := t.Cell(r, pay); {
			case strings.EqualFold(p, "yes"):
				row.Payment = "Yes"
			case strings.EqualFold(p, "no"):
				row.Payment = "No"
			case Missing(p):
				row.Payment = "N/A"
			default:
				return nil, &ParseError{File: t.Name, Line: row.Line, Column: pay + 1, Err: fmt.Errorf("column %q: %q is not Yes, No or N/A", t.Header[pay], p)}
			}
			slab, row.PaymentFootnotes = footnotes(slab, t.Cell(r, payFn))
		}
		if each != nil {
			each(r, row)
		}
	}
	return f, nil
}

// pick sets *dst to c when *dst is still unset (-1) and c is a column.
func pick(dst *int, c int) {
	if *dst < 0 && c >= 0 {
		*dst = c
	}
}

// footnotes splits a footnote cell such as "13,23" into codes, appended to slab; codes is
// the part of slab that holds them (capacity-limited), nil when there are none.
func footnotes(slab []string, s string) (_, codes []string) {
	// most footnote cells are empty or hold one code: no splitting for those
	if s == "" {
		return slab, nil
	}
	n := len(slab)
	if strings.IndexByte(s, ',') < 0 {
		if s = strings.TrimSpace(s); s == "" {
			return slab, nil
		}
		slab = append(slab, s)
	} else {
		for p := range strings.SplitSeq(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				slab = append(slab, p)
			}
		}
	}
	if len(slab) == n {
		return slab, nil
	}
	return slab, slab[n:len(slab):len(slab)]
}
