package cmsdata

import (
	"math/bits"
	"strings"
)

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
	var pos, dst []int32
	width, hw, last := 0, -1, -1
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
			// one spare cell past the row: plainRecord writes dropped fields there (the
			// next row overwrites it)
			if cap(cells)-base < width+1 {
				cells = append(cells[:cap(cells)], make([]string, width*1024+1)...)[:base]
			}
			cells = cells[:base+width]
			lines = append(lines, startLine)
			if next, fit := plainRecord(s, i, cells[base:base+width+1], dst, hw, last); fit {
				i = next
				line++
				continue
			}
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
			dst = make([]int32, len(pos))
			last = -1
			for c, p := range pos {
				dst[c] = p
				if p < 0 {
					dst[c] = int32(width) // the spare cell
				} else {
					last = c
				}
			}
			cells = make([]string, 0, width*est+1)
			lines = make([]int, 0, est)
		} else if col != hw {
			return nil, nil, nil, false
		}
	}
	return header, cells, lines, true
}

// plainRecord splits the record at s[i:] when it is one line whose quoted fields (if
// any) are whole fields without quotes or line breaks inside, and it has hw fields; else
// fit=false and the caller's general loop reads it. Field c goes to row[dst[c]]. The line
// end is found with one vectorised search and the commas eight bytes at a time, so an
// unquoted field costs no branch of its own. next is where the following record starts.
//
// Fields after the last kept column (last) are only counted: the rest of the line must hold
// no quote or CR and exactly the commas of the remaining fields.
func plainRecord(s string, i int, row []string, dst []int32, hw, last int) (next int, fit bool) {
	end := strings.IndexByte(s[i:], '\n')
	if end < 0 {
		end, next = len(s), len(s)
	} else {
		end += i
		next = end + 1
		if end > i && s[end-1] == '\r' {
			end--
		}
	}
	body := s[i:end]
	const lo, hi7 = 0x0101010101010101, 0x7F7F7F7F7F7F7F7F
	col, start, j := 0, 0, 0
	for {
		if j == start && j < len(body) && body[j] == '"' {
			// a quoted field: its closing quote must end the field
			e := strings.IndexByte(body[j+1:], '"')
			if e < 0 {
				return 0, false
			}
			e += j + 1
			if e+1 < len(body) && body[e+1] != ',' {
				return 0, false // an escaped quote or text after the closing quote
			}
			if col > hw-1 {
				return 0, false
			}
			row[dst[col]] = body[j+1 : e]
			col++
			if e+1 >= len(body) {
				if col != hw {
					return 0, false
				}
				return next, true
			}
			j = e + 2
			start = j
			if col > last {
				return plainTail(body[start:], hw-1-col, next)
			}
			continue
		}
		quoted := false
		for ; j+8 <= len(body); j += 8 {
			w := body[j : j+8] // one bounds check, then one 64-bit load
			x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
				uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
			// exact per-byte tests: the high bit of a byte of m is set where x has ',', '"' or CR
			c, q, r := x^(lo*','), x^(lo*'"'), x^(lo*'\r')
			m := ^(((c & hi7) + hi7) | c | hi7) | ^(((q & hi7) + hi7) | q | hi7) | ^(((r & hi7) + hi7) | r | hi7)
			for ; m != 0; m &= m - 1 {
				k := j + bits.TrailingZeros64(m)>>3
				if body[k] != ',' || col >= hw-1 {
					return 0, false // a bare quote, a CR inside the line, or too many fields
				}
				row[dst[col]] = body[start:k]
				col++
				start = k + 1
				if col > last {
					return plainTail(body[start:], hw-1-col, next)
				}
				if start < len(body) && body[start] == '"' {
					j, quoted = start, true
					break
				}
			}
			if quoted {
				break
			}
		}
		if quoted {
			continue
		}
		for ; j < len(body); j++ {
			switch body[j] {
			case ',':
				if col >= hw-1 {
					return 0, false
				}
				row[dst[col]] = body[start:j]
				col++
				start = j + 1
				if col > last {
					return plainTail(body[start:], hw-1-col, next)
				}
				if start < len(body) && body[start] == '"' {
					j, quoted = start, true
				}
			case '"', '\r':
				return 0, false
			}
			if quoted {
				break
			}
		}
		if quoted {
			continue
		}
		if col != hw-1 {
			return 0, false
		}
		row[dst[col]] = body[start:]
		return next, true
	}
}

// plainTail checks the unread rest of a plainRecord line, whose fields are all dropped: no
// quote or CR, and commas for exactly commas more fields (vectorised searches, no splitting).
func plainTail(rest string, commas, next int) (int, bool) {
	if strings.IndexByte(rest, '"') >= 0 || strings.IndexByte(rest, '\r') >= 0 || strings.Count(rest, ",") != commas {
		return 0, false
	}
	return next, true
}

// special marks the bytes that end or spoil an unquoted field.
var special = [256]bool{',': true, '\n': true, '"': true, '\r': true}
