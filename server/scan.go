package server

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
)

// topLevel scans the top level of a JSON object and returns its members' raw values, without
// decoding them: the hot paths (POST /submissions, /verify) only need to know which members
// a body has, and the scoring core parses and validates the document fully right after.
// It checks the structure it walks (strings, nesting, separators) and reports ok=false on
// anything that is not a well-formed object at this level. A later duplicate key wins, as
// with encoding/json.
func topLevel(b []byte) (m map[string][]byte, ok bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, false
	}
	m = make(map[string][]byte, 8)
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return m, skipSpace(b, i+1) == len(b)
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return nil, false
		}
		end := skipString(b, i)
		if end < 0 {
			return nil, false
		}
		key := string(b[i+1 : end-1])
		for k := i + 1; k < end-1; k++ {
			if b[k] == '\\' { // an escaped key: decode it properly (rare)
				if json.Unmarshal(b[i:end], &key) != nil {
					return nil, false
				}
				break
			}
		}
		i = skipSpace(b, end)
		if i >= len(b) || b[i] != ':' {
			return nil, false
		}
		i = skipSpace(b, i+1)
		vend := skipValue(b, i)
		if vend < 0 {
			return nil, false
		}
		m[key] = b[i:vend]
		i = skipSpace(b, vend)
		if i >= len(b) {
			return nil, false
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return m, skipSpace(b, i+1) == len(b)
		default:
			return nil, false
		}
	}
}

// mayHave reports whether body may have a member with one of the quoted names at its top
// level: false only when no name occurs anywhere in it, quotes included, and it holds no
// backslash (a name spelled with escapes, "\u0072eview", has one). The hot paths skip the
// scan then: whatever topLevel would refuse in such a body (it is not a well-formed object),
// the scoring core refuses too, with the error document the scan's failure leads to anyway
// (notADocument), so the answer is the same. It costs a few SIMD byte searches, ~1/50 of the
// scan.
func mayHave(body []byte, names ...quotedName) bool {
	if bytes.IndexByte(body, '\\') >= 0 {
		return true
	}
	for _, n := range names {
		if n.in(body) {
			return true
		}
	}
	return false
}

// quotedName is a member name with its quotes, and the index of the byte of it that is
// rarest in submission documents. bytes.Contains would look for the opening quote, one byte
// in eight of a document, and compare at every one (or fall back to a search that steps one
// byte at a time); looking for the rare byte with bytes.IndexByte skips 16–32 bytes a step.
type quotedName struct {
	q      []byte
	anchor int
}

var (
	quotedSubmission = quotedName{[]byte(`"submission"`), 3} // 'b': 0.35 % of the golden inputs' bytes
	quotedReview     = quotedName{[]byte(`"review"`), 6}     // 'w': 0.29 %
)

// in reports whether n occurs in b (bytes.Contains(b, n.q)).
func (n quotedName) in(b []byte) bool {
	if len(b) < len(n.q) {
		return false
	}
	c := n.q[n.anchor]
	for i := n.anchor; i < len(b); {
		j := bytes.IndexByte(b[i:], c)
		if j < 0 {
			return false
		}
		if start := i + j - n.anchor; bytes.HasPrefix(b[start:], n.q) {
			return true
		}
		i += j + 1
	}
	return false
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] == '"', or -1. Plain bytes
// are skipped by table; long runs of them (case-study narratives) eight at a time.
func skipString(b []byte, i int) int {
	j := i + 1
	for {
		for j+8 <= len(b) && !stringSpecial(binary.LittleEndian.Uint64(b[j:])) {
			j += 8
		}
		for j < len(b) && !inString[b[j]] {
			j++
		}
		if j >= len(b) {
			return -1
		}
		switch c := b[j]; {
		case c == '\\':
			j += 2
		case c == '"':
			return j + 1
		default: // a control character
			return -1
		}
	}
}

// inString marks the bytes that end a run of plain bytes in a string: '"', '\\' and the
// control characters (which JSON strings may not hold raw).
// inNest marks those that matter when skipping a nested object or array.
var inString, inNest = func() (s, n [256]bool) {
	for c := 0; c < 0x20; c++ {
		s[c] = true
	}
	s['"'], s['\\'] = true, true
	for _, c := range `"{}[]` {
		n[c] = true
	}
	return s, n
}()

// stringSpecial reports whether any byte of x is '"', '\\' or below 0x20 (the SWAR tests
// "has a zero byte" and "has a byte less than n" are exact about whether any byte matches).
func stringSpecial(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	zero := func(v uint64) uint64 { return (v - ones) & ^v & highs }
	return (zero(x^(ones*'"')) | zero(x^(ones*'\\')) | ((x - ones*0x20) &^ x & highs)) != 0
}

// skipValue returns the index after the value starting at b[i], or -1. Objects and arrays
// are skipped by bracket depth (strings honoured); scalars up to the next delimiter.
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		var nest [32]byte
		stack := nest[:0] // on the stack unless nesting is deeper
		for j := i; j < len(b); j++ {
			for j < len(b) && !inNest[b[j]] {
				j++
			}
			if j >= len(b) {
				break
			}
			switch c := b[j]; c {
			case '"':
				e := skipString(b, j)
				if e < 0 {
					return -1
				}
				j = e - 1
			case '{', '[':
				stack = append(stack, c)
			case '}', ']':
				if len(stack) == 0 || (c == '}') != (stack[len(stack)-1] == '{') {
					return -1
				}
				stack = stack[:len(stack)-1]
				if len(stack) == 0 {
					return j + 1
				}
			}
		}
		return -1
	default:
		j := i
		for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\n' && b[j] != '\r' && b[j] != '\t' {
			j++
		}
		if j == i {
			return -1
		}
		return j
	}
}
