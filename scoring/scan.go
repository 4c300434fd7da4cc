package scoring

import (
	"encoding/binary"
	"math/bits"
)

// scan checks that doc is one JSON value (RFC 8259) nesting at most MaxDepth objects and arrays,
// in a single pass without recursion, so hostile input (100,000-deep nesting, megabytes of string)
// costs one linear scan and no stack before gjson walks the document. It does not check UTF-8
// (utf8.Valid does, first). FuzzScan holds it to encoding/json.Valid.
//
// On the way it appends to nodes every object and array, in the order their brackets open, with
// where each ends: the structural index the decoder walks, so that no nested value is scanned a
// second time to find its end (gjson's ForEach does that at every level). The nodes are complete
// only when the result is scanOK.
func scan(doc []byte, nodes []node) ([]node, scanResult) {
	var stack [MaxDepth]byte
	var open [MaxDepth]int32 // the node of each open container
	depth := 0
	i := skipSpace(doc, 0)
	for {
		// A value starts at i.
		if i >= len(doc) {
			return nodes, scanInvalid
		}
		switch c := doc[i]; c {
		case '{', '[':
			if depth == MaxDepth {
				return nodes, scanTooDeep
			}
			stack[depth] = c
			open[depth] = int32(len(nodes))
			nodes = append(nodes, node{start: int32(i)})
			depth++
			i = skipSpace(doc, i+1)
			if i < len(doc) && (c == '{' && doc[i] == '}' || c == '[' && doc[i] == ']') {
				depth--
				i++
				nodes[len(nodes)-1].end, nodes[len(nodes)-1].next = int32(i), int32(len(nodes))
				break
			}
			if c == '{' {
				if i = member(doc, i); i < 0 {
					return nodes, scanInvalid
				}
			}
			continue
		case '"':
			if i = str(doc, i); i < 0 {
				return nodes, scanInvalid
			}
		case 't':
			if i = literal(doc, i, "true"); i < 0 {
				return nodes, scanInvalid
			}
		case 'f':
			if i = literal(doc, i, "false"); i < 0 {
				return nodes, scanInvalid
			}
		case 'n':
			if i = literal(doc, i, "null"); i < 0 {
				return nodes, scanInvalid
			}
		default:
			if i = number(doc, i); i < 0 {
				return nodes, scanInvalid
			}
		}
		// After a value: close containers, or move to the next element or member.
		for {
			i = skipSpace(doc, i)
			if depth == 0 {
				if i != len(doc) {
					return nodes, scanInvalid
				}
				return nodes, scanOK
			}
			if i >= len(doc) {
				return nodes, scanInvalid
			}
			top := stack[depth-1]
			if c := doc[i]; c == '}' && top == '{' || c == ']' && top == '[' {
				depth--
				i++
				n := &nodes[open[depth]]
				n.end, n.next = int32(i), int32(len(nodes))
				continue
			}
			if doc[i] != ',' {
				return nodes, scanInvalid
			}
			i = skipSpace(doc, i+1)
			if top == '{' {
				if i = member(doc, i); i < 0 {
					return nodes, scanInvalid
				}
			}
			break
		}
	}
}

type scanResult int

// A node is an object or array of a scanned document: doc[start:end] is its text, and the nodes
// inside it are the ones after it up to, not including, next.
type node struct{ start, end, next int32 }

const (
	scanOK scanResult = iota
	scanInvalid
	scanTooDeep
)

func skipSpace(doc []byte, i int) int {
	for ; i < len(doc); i++ {
		if c := doc[i]; c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
			break
		}
	}
	return i
}

// member scans `"key" :` and the space after it, returning where the value starts, or -1.
func member(doc []byte, i int) int {
	if i >= len(doc) || doc[i] != '"' {
		return -1
	}
	if i = str(doc, i); i < 0 {
		return -1
	}
	i = skipSpace(doc, i)
	if i >= len(doc) || doc[i] != ':' {
		return -1
	}
	return skipSpace(doc, i+1)
}

// str scans the string starting at doc[i] == '"' and returns the index after it, or -1.
func str(doc []byte, i int) int {
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
			return i + 1
		case c < 0x20:
			return -1
		case c == '\\':
			i++
			if i >= len(doc) {
				return -1
			}
			switch doc[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(doc) {
					return -1
				}
				for _, h := range doc[i+1 : i+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return -1
					}
				}
				i += 4
			default:
				return -1
			}
		}
	}
	return -1
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
