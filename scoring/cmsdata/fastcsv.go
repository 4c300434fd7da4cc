package cmsdata

import "strings"

// fastSplit splits a well-formed CSV document (RFC 4180 as CMS writes it) into records
// without copying: every field is a substring of s unless it holds an escaped quote or a
// CRLF inside quotes. It returns ok=false at the first thing it does not handle exactly
// like encoding/csv (a bare quote in an unquoted field, text after a closing quote, an
// unterminated quote, a record whose field count differs from the first record's); the
// caller then re-reads the file with encoding/csv, which gives the exact error. Blank
// lines are skipped, as encoding/csv does. Tests compare both on every public CMS file and
// under fuzzing.
func fastSplit(s string) (recs [][]string, lines []int, ok bool) {
	var width int
	header, cells, lines, ok := splitSel(s, func(h []string) ([]int32, int) {
		width = len(h)
		pos := make([]int32, width)
		for i := range pos {
			pos[i] = int32(i)
		}
		return pos, width
	})
	if !ok || header == nil {
		return nil, nil, ok
	}
	recs = make([][]string, 1, len(lines)+1)
	recs[0] = header
	for i := 0; i+width <= len(cells); i += width {
		recs = append(recs, cells[i:i+width:i+width])
	}
	return recs, append([]int{1}, lines...), true
}

// splitSel is fastSplit keeping only some fields of the data records, so that a file of
// 112 columns of which rating reads 19 costs 19 string headers a row, not 112. The first
// record (the header) is returned whole; choose then gives, per header column, the
// column's place in a kept row (-1: dropped) and the kept row width. cells holds the kept
// fields of every data record, row-major; lines the 1-based line where each data record
// starts. The same refusals as fastSplit give ok=false; an empty document gives a nil
// header and ok=true.
func splitSel(s string, choose func(header []string) (pos []int32, width int)) (header, cells []string, lines []int, ok bool) {
	est := strings.Count(s, "\n") + 1
	var pos []int32
	width, hw := 0, -1
	line := 1
	i := 0
	for i < len(s) {
		// skip blank lines
		if s[i] == '\n' {
			i++
			line++
			continue
		}
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i += 2
			line++
			continue
		}
		startLine := line
		base := len(cells)
		if hw >= 0 {
			if cap(cells)-base < width {
				cells = append(cells[:cap(cells)], make([]string, width*1024)...)[:base]
			}
			cells = cells[:base+width]
			lines = append(lines, startLine)
		}
		col := 0
		for {
			var f string
			if i < len(s) && s[i] == '"' {
				// quoted field
				j := i + 1
				var b *strings.Builder
				segStart := j
				for {
					k := strings.IndexByte(s[j:], '"')
					if k < 0 {
						return nil, nil, nil, false // unterminated quote
					}
					line += strings.Count(s[j:j+k], "\n")
					j += k
					if j+1 < len(s) && s[j+1] == '"' { // escaped quote
						if b == nil {
							b = &strings.Builder{}
						}
						b.WriteString(s[segStart : j+1])
						j += 2
						segStart = j
						continue
					}
					break
				}
				if b != nil {
					b.WriteString(s[segStart:j])
					f = b.String()
				} else {
					f = s[segStart:j]
				}
				if strings.Contains(f, "\r\n") {
					f = strings.ReplaceAll(f, "\r\n", "\n")
				}
				i = j + 1
				if i < len(s) && s[i] != ',' && s[i] != '\n' && !(s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n') {
					return nil, nil, nil, false // text after the closing quote
				}
			} else {
				j := i
				for j < len(s) && !special[s[j]] {
					j++
				}
				if j < len(s) {
					switch s[j] {
					case '"':
						return nil, nil, nil, false // bare quote
					case '\r':
						if j+1 >= len(s) || s[j+1] != '\n' {
							return nil, nil, nil, false // a CR not ending a line: leave it to encoding/csv
						}
					}
				}
				f = s[i:j]
				i = j
				if i < len(s) && s[i] == '\r' {
					i++ // now at '\n'
				}
			}
			if hw < 0 {
				header = append(header, f)
			} else if col >= hw {
				return nil, nil, nil, false // more fields than the header
			} else if p := pos[col]; p >= 0 {
				cells[base+int(p)] = f
			}
			col++
			if i >= len(s) {
				break
			}
			if s[i] == ',' {
				i++
				if i >= len(s) { // trailing comma at EOF: one more empty field
					if hw < 0 {
						header = append(header, "")
					} else if col >= hw {
						return nil, nil, nil, false
					}
					col++ // the empty field is already "" in cells
					break
				}
				continue
			}
			if s[i] == '\r' {
				i++
			}
			// s[i] == '\n'
			i++
			line++
			break
		}
		if hw < 0 {
			hw = col
			pos, width = choose(header)
			cells = make([]string, 0, width*est)
			lines = make([]int, 0, est)
		} else if col != hw {
			return nil, nil, nil, false
		}
	}
	return header, cells, lines, true
}

// special marks the bytes that end or spoil an unquoted field.
var special = [256]bool{',': true, '\n': true, '"': true, '\r': true}
