package scoring

import (
	"math/bits"
)

// scanValue checks the JSON value that starts at doc[i], nesting at most depth objects and
// arrays, and returns the index just after it. It runs in a single pass without recursion, so a
// hostile value (100,000-deep nesting, megabytes of string) costs one linear scan and no stack. It
// does not check UTF-8 (utf8.Valid does, first).
func scanValue(doc string, i, depth int) (int, scanResult) {
	var stack [MaxDepth]byte
	open := 0
	for {
		// A value starts at i.
		if i >= len(doc) {
			return i, scanInvalid
		}
		switch c := doc[i]; c {
		case '{', '[':
			if open >= depth {
				return i, scanTooDeep
			}
			stack[open] = c
			open++
			i = skipSpace(doc, i+1)
			if i < len(doc) && (c == '{' && doc[i] == '}' || c == '[' && doc[i] == ']') {
				open--
				i++
				break
			}
			if c == '{' {
				if i = member(doc, i); i < 0 {
					return i, scanInvalid
				}
			}
			continue
		case '"':
			if i, _ = str(doc, i); i < 0 {
				return i, scanInvalid
			}
		case 't':
			if i = literal(doc, i, "true"); i < 0 {
				return i, scanInvalid
			}
		case 'f':
			if i = literal(doc, i, "false"); i < 0 {
				return i, scanInvalid
			}
		case 'n':
			if i = literal(doc, i, "null"); i < 0 {
				return i, scanInvalid
			}
		default:
			if i = number(doc, i); i < 0 {
				return i, scanInvalid
			}
		}
		// After a value: close containers, or move to the next element or member.
		for {
			if open == 0 {
				return i, scanOK
			}
			i = skipSpace(doc, i)
			if i >= len(doc) {
				return i, scanInvalid
			}
			top := stack[open-1]
			if c := doc[i]; c == '}' && top == '{' || c == ']' && top == '[' {
				open--
				i++
				continue
			}
			if doc[i] != ',' {
				return i, scanInvalid
			}
			i = skipSpace(doc, i+1)
			if top == '{' {
				if i = member(doc, i); i < 0 {
					return i, scanInvalid
				}
			}
			break
		}
	}
}

type scanResult int

// load64 reads the eight bytes at doc[i:] as a little-endian word (the compiler makes it one load,
// as it does binary.LittleEndian.Uint64, which takes only a []byte).
func load64(doc string, i int) uint64 {
	// One bounds check for the eight bytes, then constant indices: the compiler makes this one
	// 64-bit load on every platform (with `_ = doc[i+7]` and doc[i+1]…, it kept a check per byte
	// under wasm, and eight byte loads).
	s := doc[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

const (
	scanOK scanResult = iota
	scanInvalid
	scanTooDeep
)

func skipSpace(doc string, i int) int {
	for ; i < len(doc); i++ {
		if c := doc[i]; c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
			break
		}
	}
	return i
}

// member scans `"key" :` and the space after it, returning where the value starts, or -1.
func member(doc string, i int) int {
	if i >= len(doc) || doc[i] != '"' {
		return -1
	}
	if i, _ = str(doc, i); i < 0 {
		return -1
	}
	i = skipSpace(doc, i)
	if i >= len(doc) || doc[i] != ':' {
		return -1
	}
	return skipSpace(doc, i+1)
}

// str scans the string starting at doc[i] == '"' and returns the index after it, or -1, and
// whether it has a backslash escape.
func str(doc string, i int) (end int, esc bool) {
	for i++; i < len(doc); i++ {
		// Strings are most of a submission's bytes: look at eight at a time, skipping plain ones
		// and jumping to the first byte that ends or escapes the string (or may not be in it).
		for i+8 <= len(doc) {
			if m := special8(load64(doc, i)); m != 0 {
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
				for j := i + 1; j < i+5; j++ {
					if h := doc[j]; !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
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

func literal(doc string, i int, lit string) int {
	if len(doc)-i < len(lit) {
		return -1
	}
	for j := range len(lit) {
		if doc[i+j] != lit[j] {
			return -1
		}
	}
	return i + len(lit)
}

// number scans -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and returns the index after it, or -1.
func number(doc string, i int) int {
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

func digits(doc string, i int) int {
	for i < len(doc) && '0' <= doc[i] && doc[i] <= '9' {
		i++
	}
	return i
}
