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
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
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
type Table struct {
	Name   string     // the name the caller gave (usually the file path), used in errors
	Header []string   // header cells, trimmed, BOM removed
	Rows   [][]string // data rows, each exactly len(Header) cells
	lines  []int      // 1-based source line where each row starts
	norm   []string   // normalised header, for Col
}

// ReadTable reads a whole CSV file. It accepts a UTF-8 byte-order mark, CRLF or LF line
// ends, quoted or unquoted headers and quoted cells that span lines (RAND's headers do).
// A file that is not valid UTF-8 is decoded as Latin-1 (ISO-8859-1), which is what the
// RAND HCRIS extract uses. Blank lines are skipped. A row whose field count differs from
// the header's is a *ParseError wrapping ErrRagged.
func ReadTable(name string, r io.Reader) (*Table, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &ParseError{File: name, Err: err}
	}
	return parseTable(name, decode(data), false)
}

// ReadHeader reads only the header of a CSV file held in memory (for Detect), with the
// same decoding rules as ReadTable.
func ReadHeader(name string, data []byte) ([]string, error) {
	t, err := parseTable(name, decode(data), true)
	if err != nil {
		return nil, err
	}
	return t.Header, nil
}

// ParseTable is ReadTable over bytes already in memory.
func ParseTable(name string, data []byte) (*Table, error) {
	return parseTable(name, decode(data), false)
}

// decode drops a UTF-8 byte-order mark and turns a file that is not valid UTF-8 from
// Latin-1 into UTF-8.
func decode(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		data = latin1ToUTF8(data)
	}
	return data
}

// parseTable reads decoded bytes (see decode).
func parseTable(name string, data []byte, headerOnly bool) (*Table, error) {
	if !headerOnly {
		if recs, lines, ok := fastSplit(string(data)); ok && len(recs) > 0 {
			return newTable(name, recs[0], recs[1:], lines[1:]), nil
		}
	}
	cr := csv.NewReader(bytes.NewReader(data))
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
		return t, nil
	}
	// Rough row estimate keeps appends cheap on the large files.
	est := bytes.Count(data, []byte{'\n'})
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

// latin1ToUTF8 maps each byte to the code point of the same value.
func latin1ToUTF8(b []byte) []byte {
	high := 0
	for _, c := range b {
		if c >= utf8.RuneSelf {
			high++
		}
	}
	out := make([]byte, len(b)+high)
	j := 0
	for _, c := range b {
		if c < utf8.RuneSelf {
			out[j] = c
			j++
			continue
		}
		out[j], out[j+1] = 0xC0|c>>6, 0x80|c&0x3F
		j += 2
	}
	return out
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
	v, ok, err = ParseFloat(t.Rows[row][col])
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
	return strings.TrimSpace(t.Rows[row][col])
}

// CCN normalises a CMS Certification Number: trimmed, upper-cased, and an all-digit
// number shorter than 6 left-padded with zeros ("10001" → "010001"; RAND drops the
// zeros). Letters are kept ("01014f" → "01014F"). An empty input stays empty.
func CCN(s string) string {
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
