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
	est := strings.Count(s, "\n") + 1
	lines = make([]int, 0, est)
	recs = make([][]string, 0, est)
	var fields []string // backing store shared by all records
	width := -1
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
		if width > 0 && cap(fields)-len(fields) < width {
			fields = make([]string, 0, width*1024)
		}
		start := len(fields)
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
						return nil, nil, false // unterminated quote
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
					return nil, nil, false // text after the closing quote
				}
			} else {
				j := i
				for j < len(s) && !special[s[j]] {
					j++
				}
				if j < len(s) {
					switch s[j] {
					case '"':
						return nil, nil, false // bare quote
					case '\r':
						if j+1 >= len(s) || s[j+1] != '\n' {
							return nil, nil, false // a CR not ending a line: leave it to encoding/csv
						}
					}
				}
				f = s[i:j]
				i = j
				if i < len(s) && s[i] == '\r' {
					i++ // now at '\n'
				}
			}
			fields = append(fields, f)
			if i >= len(s) {
				break
			}
			if s[i] == ',' {
				i++
				if i >= len(s) { // trailing comma at EOF: one more empty field
					fields = append(fields, "")
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
		rec := fields[start:len(fields):len(fields)]
		if width < 0 {
			width = len(rec)
			fields = make([]string, 0, width*(est+1)) // header went to the first small store
		} else if len(rec) != width {
			return nil, nil, false
		}
		recs = append(recs, rec)
		lines = append(lines, startLine)
	}
	return recs, lines, true
}

// special marks the bytes that end or spoil an unquoted field.
var special = [256]bool{',': true, '\n': true, '"': true, '\r': true}
