// Package cmsdata reads the public CMS hospital files as CMS ships them (Care Compare
// downloads, the Overall Star Rating input extract, HAC and HVBP program files) and the
// RAND HCRIS cost-report extract, and recognises each file by its header, never its name.
//
// The package is pure: it imports the standard library only and never touches the file
// system. Callers (the openvalue CLI, tests) open files and pass io.Readers, so the same
// code runs natively, in WebAssembly and on the server.
//
// Conventions shared by every loader:
//   - A CMS Certification Number (CCN) is a string, normalised by [CCN]: leading zeros are
//     kept or restored ("10001" → "010001") and letters are kept ("01014F").
//   - Missing values ("Not Available", "N/A", "NA", "", ".", "--") are reported as ok=false,
//     never as zero.
//   - Values keep the units the file writes (a "53.5%" cell reads as 53.5) unless a loader
//     documents a conversion.
//   - Every malformed cell gives a *ParseError naming the file, line, column and reason.
package cmsdata

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"openvalue/internal/decimal"
)

// ParseError is a problem at a place in a CMS file, like encoding/csv's ParseError.
// Line and Column are 1-based; Column is the 1-based field index (0 when the whole line
// or file is at fault).
type ParseError struct {
	File   string
	Line   int
	Column int
	Err    error
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	if e.Column == 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// ErrRagged is wrapped by a ParseError when a row has a different number of fields than the header.
var ErrRagged = errors.New("wrong number of fields")

// ErrNotNumber is wrapped by a ParseError when a cell that must be a number is not one.
var ErrNotNumber = errors.New("not a number")

// Table is one CSV file read whole: the header and the data rows as strings.
//
// A table loaded with LoadOptions.Columns is projected: it keeps only the columns asked
// for, Rows is nil, and rows are read through NumRows, Cell and Float (reading a column
// that was not kept panics: it is a bug in the caller's column list, never bad input).
type Table struct {
	Name   string     // the name the caller gave (usually the file path), used in errors
	Header []string   // header cells, trimmed, BOM removed
	Rows   [][]string // data rows, each exactly len(Header) cells; nil when projected
	lines  []int      // 1-based source line where each row starts
	norm   []string   // normalised header, for Col

	// projected storage: cells row-major, width kept cells a row; pos maps a header
	// column to its place in a kept row (-1: not kept).
	headerEnded bool // header-only reads: a line end followed the header
	projected   bool
	cells       []string
	pos         []int32
	width       int
}

// NumRows is the number of data rows.
func (t *Table) NumRows() int {
	if t.projected {
		return len(t.lines)
	}
	return len(t.Rows)
}

// raw is the untrimmed text at (row, col), col a header column.
func (t *Table) raw(row, col int) string {
	if !t.projected {
		return t.Rows[row][col]
	}
	p := t.pos[col]
	if p < 0 {
		panic(fmt.Sprintf("cmsdata: %s: column %q was not loaded (see LoadOptions.Columns)", t.Name, t.Header[col]))
	}
	return t.cells[row*t.width+int(p)]
}

// ReadTable reads a whole CSV file. It accepts a UTF-8 byte-order mark, CRLF or LF line
// ends, quoted or unquoted headers and quoted cells that span lines (RAND's headers do).
// A file that is not valid UTF-8 is decoded as Latin-1 (ISO-8859-1), which is what the
// RAND HCRIS extract uses. Blank lines are skipped. A row whose field count differs from
// the header's is a *ParseError wrapping ErrRagged.
func ReadTable(name string, r io.Reader) (*Table, error) {
	var b strings.Builder
	if _, err := io.Copy(&b, r); err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	return parseTable(name, decode(b.String()), false)
}

// ReadHeader reads only the header of a CSV file held in memory (for Detect), with the
// same decoding rules as ReadTable.
func ReadHeader(name string, data []byte) ([]string, error) {
	t, err := parseTable(name, decode(string(data)), true)
	if err != nil {
		return nil, err
	}
	return t.Header, nil
}

// ParseTable is ReadTable over bytes already in memory.
func ParseTable(name string, data []byte) (*Table, error) {
	return parseTable(name, decode(string(data)), false)
}

// decode drops a UTF-8 byte-order mark and turns a file that is not valid UTF-8 from
// Latin-1 into UTF-8.
func decode(s string) string {
	s = strings.TrimPrefix(s, "\xef\xbb\xbf")
	if !utf8.ValidString(s) {
		s = latin1ToUTF8(s)
	}
	return s
}

// parseProjected is parseTable keeping only the data columns cols picks from the header
// (nil: all). It splits the file as it is and decodes Latin-1 only in the kept cells,
// which gives the same text as decoding the whole file first: Latin-1 bytes are never
// CSV delimiters. A file the fast splitter declines is read whole (Rows set), so its
// error is encoding/csv's.
func parseProjected(name, s string, cols func(t *Table) []int) (*Table, error) {
	if cols == nil {
		return parseTable(name, decode(s), false)
	}
	s = strings.TrimPrefix(s, "\xef\xbb\xbf")
	latin := !utf8.ValidString(s)
	var t *Table
	all := false
	_, cells, lines, ok := splitSel(s, func(h []string) ([]int32, int) {
		if latin {
			for i := range h {
				h[i] = latin1ToUTF8(h[i])
			}
		}
		t = newTable(name, h, nil, nil)
		pos := make([]int32, len(h))
		for i := range pos {
			pos[i] = -1
		}
		width := 0
		keep := cols(t)
		if keep == nil { // all: a plain table
			keep = make([]int, len(h))
			for i := range keep {
				keep[i] = i
			}
			all = true
		}
		for _, c := range keep {
			if c >= 0 && c < len(pos) && pos[c] < 0 {
				pos[c] = int32(width)
				width++
			}
		}
		t.pos, t.width = pos, width
		return pos, width
	})
	if !ok || t == nil {
		return parseTable(name, decode(s), false)
	}
	if latin {
		for i, c := range cells {
			cells[i] = latin1ToUTF8(c)
		}
	}
	t.lines = lines
	if all {
		t.Rows = make([][]string, len(lines))
		for r := range t.Rows {
			t.Rows[r] = cells[r*t.width : (r+1)*t.width : (r+1)*t.width]
		}
		t.pos, t.width = nil, 0
		return t, nil
	}
	t.projected, t.cells = true, cells
	return t, nil
}

// parseTable reads a decoded file (see decode).
func parseTable(name string, data string, headerOnly bool) (*Table, error) {
	if !headerOnly {
		if recs, lines, ok := fastSplit(data); ok && len(recs) > 0 {
			return newTable(name, recs[0], recs[1:], lines[1:]), nil
		}
	}
	cr := csv.NewReader(strings.NewReader(data))
	cr.FieldsPerRecord = -1 // we check ragged rows ourselves, to name the column
	cr.ReuseRecord = false
	t := &Table{Name: name}
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &ParseError{File: name, Line: 1, Err: errors.New("empty file: no header")}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	for i, h := range header {
		header[i] = strings.TrimSpace(h)
	}
	t.Header = header
	t.norm = make([]string, len(header))
	for i, h := range header {
		t.norm[i] = normalise(h)
	}
	if headerOnly {
		// the header ended before the text did (else it may be cut short by a prefix)
		t.headerEnded = cr.InputOffset() < int64(len(data)) || strings.HasSuffix(data, "\n")
		return t, nil
	}
	// Rough row estimate keeps appends cheap on the large files.
	est := strings.Count(data, "\n")
	t.Rows = make([][]string, 0, est)
	t.lines = make([]int, 0, est)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" && len(header) > 1 {
			continue // a blank line (e.g. trailing whitespace line)
		}
		if len(rec) != len(header) {
			col := len(header) + 1
			if len(rec) < len(header) {
				col = len(rec)
			}
			return nil, &ParseError{File: name, Line: line, Column: col,
				Err: fmt.Errorf("%w: %d fields, header has %d", ErrRagged, len(rec), len(header))}
		}
		t.Rows = append(t.Rows, rec)
		t.lines = append(t.lines, line)
	}
	return t, nil
}

func newTable(name string, header []string, rows [][]string, lines []int) *Table {
	t := &Table{Name: name, Header: header, Rows: rows, lines: lines, norm: make([]string, len(header))}
	for i, h := range header {
		header[i] = strings.TrimSpace(h)
		t.norm[i] = normalise(header[i])
	}
	return t
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: name, Line: pe.Line, Column: pe.Column, Err: pe.Err}
	}
	return &ParseError{File: name, Err: err}
}

// latin1ToUTF8 maps each byte to the code point of the same value (s itself when it is ASCII).
func latin1ToUTF8(b string) string {
	high := 0
	for i := 0; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			high++
		}
	}
	if high == 0 {
		return b
	}
	out := make([]byte, len(b)+high)
	j := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c < utf8.RuneSelf {
			out[j] = c
			j++
			continue
		}
		out[j], out[j+1] = 0xC0|c>>6, 0x80|c&0x3F
		j += 2
	}
	return string(out)
}

// normalise folds a header for matching: lower case, and spaces, '_' and '-' removed.
func normalise(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch r {
		case ' ', '_', '-', '\n', '\r', '\t':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Col returns the index of the first header cell matching any of names after
// normalisation (case-insensitive; spaces, '_' and '-' ignored), or -1. Names are tried in
// order, so the first name has priority over later ones.
func (t *Table) Col(names ...string) int {
	for _, n := range names {
		nn := normalise(n)
		for i, h := range t.norm {
			if h == nn {
				return i
			}
		}
	}
	return -1
}

// Line is the 1-based source line where data row row starts (for error messages).
func (t *Table) Line(row int) int {
	if row < 0 || row >= len(t.lines) {
		return 0
	}
	return t.lines[row]
}

// Missing reports whether a cell holds one of CMS's "no value" tokens.
func Missing(s string) bool {
	switch strings.TrimSpace(s) {
	case "", ".", "--", "-", "Not Available", "NOT AVAILABLE", "not available", "N/A", "n/a", "NA", "Not Applicable":
		return true
	}
	return false
}

// ParseFloat reads a numeric cell as CMS writes it: a '*' suffix (footnote flag) is
// dropped, and so are a '%' sign (the value stays in percent units as written), a leading
// '$' and thousands commas. Missing tokens give ok=false and no error. Anything else that
// is not a finite number (for example "3 out of 10") is an error wrapping ErrNotNumber.
func ParseFloat(s string) (v float64, ok bool, err error) {
	if v, ok := decimal.Parse(s); ok {
		return v, true, nil
	}
	s = strings.TrimSpace(s)
	if Missing(s) {
		return 0, false, nil
	}
	// Fast path: most cells are plain numbers. ParseFloat also reads "Inf"/"NaN" (caught by
	// isInfNaN), hexadecimal floats such as "0x1p4" and "1_000", which no CMS file writes: refused.
	if f, err := strconv.ParseFloat(s, 64); err == nil && !isInfNaN(f) && strings.IndexAny(s, "xX_") < 0 {
		return f, true, nil
	}
	c := strings.TrimRight(s, "*")
	c = strings.TrimSpace(c)
	c = strings.TrimSuffix(c, "%")
	neg := false
	if strings.HasPrefix(c, "-") {
		neg, c = true, c[1:]
	}
	c = strings.TrimPrefix(c, "$")
	if strings.Contains(c, ",") {
		c = strings.ReplaceAll(c, ",", "")
	}
	if c == "" || strings.ContainsAny(c, "iInNxX_") {
		return 0, false, fmt.Errorf("%w: %q", ErrNotNumber, s)
	}
	f, perr := strconv.ParseFloat(strings.TrimSpace(c), 64)
	if perr != nil || isInfNaN(f) {
		return 0, false, fmt.Errorf("%w: %q", ErrNotNumber, s)
	}
	if neg {
		f = -f
	}
	return f, true, nil
}

func isInfNaN(f float64) bool {
	return f != f || f > 1.7976931348623157e308 || f < -1.7976931348623157e308
}

// Float reads the numeric cell at (row, col) with ParseFloat. A col of -1 (a column the
// file lacks) reads as missing. Errors are *ParseErrors naming the file, line and header.
func (t *Table) Float(row, col int) (v float64, ok bool, err error) {
	if col < 0 || col >= len(t.Header) {
		return 0, false, nil
	}
	v, ok, err = ParseFloat(t.raw(row, col))
	if err != nil {
		return 0, false, &ParseError{File: t.Name, Line: t.Line(row), Column: col + 1,
			Err: fmt.Errorf("column %q: %w", t.Header[col], err)}
	}
	return v, ok, nil
}

// Cell is the trimmed text at (row, col), or "" when col is -1.
func (t *Table) Cell(row, col int) string {
	if col < 0 || col >= len(t.Header) {
		return ""
	}
	return strings.TrimSpace(t.raw(row, col))
}

// CCN normalises a CMS Certification Number: trimmed, upper-cased, and an all-digit
// number shorter than 6 left-padded with zeros ("10001" → "010001"; RAND drops the
// zeros). Letters are kept ("01014f" → "01014F"). An empty input stays empty.
func CCN(s string) string {
	if len(s) == 6 && plainCCN(s) { // the common case, already normal: no trimming or copying
		return s
	}
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.Trim(s, "\"'")
	if s == "" || len(s) >= 6 {
		return s
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return s
		}
	}
	return strings.Repeat("0", 6-len(s)) + s
}

// plainCCN reports whether s holds only digits and upper-case letters (CCN leaves it as is).
func plainCCN(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}
