package scoring

import (
	"encoding/binary"
	"math/bits"
)

// scan checks that doc is one JSON value (RFC 8259) nesting at most MaxDepth objects and arrays,
// in a single pass without recursion, so hostile input (100,000-deep nesting, megabytes of string)
// costs one linear scan and no stack before the decoder walks the document. It does not check UTF-8
// (utf8.Valid does, first). FuzzScan holds it to encoding/json.Valid.
//
// On the way it appends to toks every value and member key, in document order, with where each
// ends: the structural index the decoder walks, so that it never looks for the end of a value
// again (gjson's ForEach scans each nested value once per level to find its end). toks is
// complete only when the result is scanOK.
func scan(doc []byte, toks []token) ([]token, scanResult) {
	var stack [MaxDepth]byte
	var open [MaxDepth]int32 // the token of each open object or array
	depth := 0
	i := skipSpace(doc, 0)
	for {
		// A value starts at i.
		if i >= len(doc) {
			return toks, scanInvalid
		}
		start := i
		switch c := doc[i]; c {
		case '{', '[':
			if depth == MaxDepth {
				return toks, scanTooDeep
			}
			stack[depth] = c
			open[depth] = int32(len(toks))
			toks = append(toks, token{start: int32(i)})
			depth++
			i = skipSpace(doc, i+1)
			if i < len(doc) && (c == '{' && doc[i] == '}' || c == '[' && doc[i] == ']') {
				depth--
				i++
				toks[len(toks)-1].end, toks[len(toks)-1].next = int32(i), int32(len(toks))
				break
			}
			if c == '{' {
				if toks, i = member(doc, i, toks); i < 0 {
					return toks, scanInvalid
				}
			}
			continue
		case '"':
			var esc bool
			if i, esc = str(doc, i); i < 0 {
				return toks, scanInvalid
			}
			toks = append(toks, stringToken(start, i, esc, len(toks)))
		case 't':
			if i = literal(doc, i, "true"); i < 0 {
				return toks, scanInvalid
			}
			toks = append(toks, token{int32(start), int32(i), int32(len(toks) + 1)})
		case 'f':
			if i = literal(doc, i, "false"); i < 0 {
				return toks, scanInvalid
			}
			toks = append(toks, token{int32(start), int32(i), int32(len(toks) + 1)})
		case 'n':
			if i = literal(doc, i, "null"); i < 0 {
				return toks, scanInvalid
			}
			toks = append(toks, token{int32(start), int32(i), int32(len(toks) + 1)})
		default:
			if i = number(doc, i); i < 0 {
				return toks, scanInvalid
			}
			toks = append(toks, token{int32(start), int32(i), int32(len(toks) + 1)})
		}
		// After a value: close containers, or move to the next element or member.
		for {
			i = skipSpace(doc, i)
			if depth == 0 {
				if i != len(doc) {
					return toks, scanInvalid
				}
				return toks, scanOK
			}
			if i >= len(doc) {
				return toks, scanInvalid
			}
			top := stack[depth-1]
			if c := doc[i]; c == '}' && top == '{' || c == ']' && top == '[' {
				depth--
				i++
				t := &toks[open[depth]]
				t.end, t.next = int32(i), int32(len(toks))
				continue
			}
			if doc[i] != ',' {
				return toks, scanInvalid
			}
			i = skipSpace(doc, i+1)
			if top == '{' {
				if toks, i = member(doc, i, toks); i < 0 {
					return toks, scanInvalid
				}
			}
			break
		}
	}
}

type scanResult int

const (
	scanOK scanResult = iota
	scanInvalid
	scanTooDeep
)

// A token is a value or a member key of a scanned document: doc[start:end] is its text (for a
// string with escapes, end is stored negated: see stringToken), and next is the index of the token
// after it and, for an object or array, after everything inside it.
type token struct{ start, end, next int32 }

// stringToken is the token of the string doc[start:end] at index k; a string with a backslash
// escape has its end negated, so the decoder knows which strings it must unescape.
func stringToken(start, end int, esc bool, k int) token {
	if esc {
		end = -end
	}
	return token{int32(start), int32(end), int32(k + 1)}
}

// text returns the token's text and whether it is a string with escapes.
func (t token) text(doc string) (raw string, esc bool) {
	if t.end < 0 {
		return doc[t.start:-t.end], true
	}
	return doc[t.start:t.end], false
}

func skipSpace(doc []byte, i int) int {
	for ; i < len(doc); i++ {
		if c := doc[i]; c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
			break
		}
	}
	return i
}

// member scans `"key" :` and the space after it, appending the key's token, and returns where the
// value starts, or -1.
func member(doc []byte, i int, toks []token) ([]token, int) {
	if i >= len(doc) || doc[i] != '"' {
		return toks, -1
	}
	start := i
	i, esc := str(doc, i)
	if i < 0 {
		return toks, -1
	}
	toks = append(toks, stringToken(start, i, esc, len(toks)))
	i = skipSpace(doc, i)
	if i >= len(doc) || doc[i] != ':' {
		return toks, -1
	}
	return toks, skipSpace(doc, i+1)
}

// str scans the string starting at doc[i] == '"' and returns the index after it, or -1, and
// whether it has a backslash escape.
func str(doc []byte, i int) (end int, esc bool) {
	for i++; i < len(doc); i++ {
		// Strings are most of a submission's bytes: look at eight at a time, skipping plain ones
		// and jumping to the first byte that ends or escapes the string (or may not be in it).
		for i+8 <= len(doc) {
			if m := special8(binary.LittleEndian.Uint64(doc[i:])); m != 0 {
				i += bits.TrailingZeros64(m) / 8
				break
			}
			i += 8
		}
		for ; i < len(doc); i++ {
			if c := doc[i]; c < 0x20 || c == '"' || c == '\\' {
				break
			}
		}
		if i >= len(doc) {
			break
		}
		switch c := doc[i]; {
		case c == '"':
			return i + 1, esc
		case c < 0x20:
			return -1, false
		case c == '\\':
			esc = true
			i++
			if i >= len(doc) {
				return -1, false
			}
			switch doc[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(doc) {
					return -1, false
				}
				for _, h := range doc[i+1 : i+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return -1, false
					}
				}
				i += 4
			default:
				return -1, false
			}
		}
	}
	return -1, false
}

// special8 marks (with its high bit) each of the eight bytes in x, least significant first, that
// ends or escapes a string or is a control character (< 0x20, '"', '\\'), using the "has a byte
// less than n" test of Bit Twiddling Hacks, (x − n·ones) &^ x & highs; '"' and '\\' are the zero
// bytes (less than 1) of x xor'ed with them. A borrow can mark bytes above a marked byte, never
// below: the lowest mark, which str uses, is exact (FuzzScan holds str to encoding/json).
func special8(x uint64) uint64 {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote := x ^ (ones * '"')
	backslash := x ^ (ones * '\\')
	control := (x - ones*0x20) &^ x
	return (control | (quote-ones)&^quote | (backslash-ones)&^backslash) & highs
}

func literal(doc []byte, i int, lit string) int {
	if len(doc)-i < len(lit) || string(doc[i:i+len(lit)]) != lit {
		return -1
	}
	return i + len(lit)
}

// number scans -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and returns the index after it, or -1.
func number(doc []byte, i int) int {
	if i < len(doc) && doc[i] == '-' {
		i++
	}
	switch {
	case i < len(doc) && doc[i] == '0':
		i++
	case i < len(doc) && '1' <= doc[i] && doc[i] <= '9':
		i = digits(doc, i)
	default:
		return -1
	}
	if i < len(doc) && doc[i] == '.' {
		j := digits(doc, i+1)
		if j == i+1 {
			return -1
		}
		i = j
	}
	if i < len(doc) && (doc[i] == 'e' || doc[i] == 'E') {
		i++
		if i < len(doc) && (doc[i] == '+' || doc[i] == '-') {
			i++
		}
		j := digits(doc, i)
		if j == i {
			return -1
		}
		i = j
	}
	return i
}

func digits(doc []byte, i int) int {
	for i < len(doc) && '0' <= doc[i] && doc[i] <= '9' {
		i++
	}
	return i
}
