// Package jsonscan checks JSON syntax by hand, without decoding, for the packages that read their
// few JSON documents member by member and must not link encoding/json (its reflection is ≈ 12 % of
// the browser engine's code): the receipts and the ratings' input. Standard library only, with
// internal/jsonstr for keys; FuzzValue holds Value to encoding/json.Valid. (The scoring core has a
// scanner of its own, without recursion and with a depth limit, for its hostile-input contract.)
package jsonscan

import (
	"fmt"

	"openvalue/internal/jsonstr"
)

// Value checks that b[i:] starts with one JSON value (RFC 8259, as encoding/json's scanner
// accepts it), after any white space, and returns the index just past it. Errors read like
// encoding/json's.
func Value(b []byte, i int) (int, error) {
	i = SkipSpace(b, i)
	if i >= len(b) {
		return i, errEOF
	}
	switch c := b[i]; {
	case c == '{' || c == '[':
		closing, after := byte('}'), "after object key:value pair"
		if c == '[' {
			closing, after = ']', "after array element"
		}
		i = SkipSpace(b, i+1)
		if i < len(b) && b[i] == closing {
			return i + 1, nil
		}
		for {
			var err error
			if c == '{' {
				if i, err = key(b, i); err != nil {
					return i, err
				}
			}
			if i, err = Value(b, i); err != nil {
				return i, err
			}
			i = SkipSpace(b, i)
			if i >= len(b) {
				return i, errEOF
			}
			switch b[i] {
			case ',':
				i++
			case closing:
				return i + 1, nil
			default:
				return i, syntaxError(b, i, after)
			}
		}
	case c == '"':
		return String(b, i)
	case c == '-' || '0' <= c && c <= '9':
		return number(b, i)
	default:
		for _, lit := range [...]string{"true", "false", "null"} {
			if c == lit[0] {
				for k := 1; k < len(lit); k++ {
					if i+k >= len(b) {
						return i + k, errEOF
					}
					if b[i+k] != lit[k] {
						return i + k, syntaxError(b, i+k, "in literal "+lit+" (expecting '"+lit[k:k+1]+"')")
					}
				}
				return i + len(lit), nil
			}
		}
		return i, syntaxError(b, i, "looking for beginning of value")
	}
}

// key checks a member's key and its colon at b[i:] (after any white space) and returns the index
// just past the colon.
func key(b []byte, i int) (int, error) {
	i = SkipSpace(b, i)
	if i >= len(b) {
		return i, errEOF
	}
	if b[i] != '"' {
		return i, syntaxError(b, i, "looking for beginning of object key string")
	}
	i, err := String(b, i)
	if err != nil {
		return i, err
	}
	i = SkipSpace(b, i)
	if i >= len(b) {
		return i, errEOF
	}
	if b[i] != ':' {
		return i, syntaxError(b, i, "after object key")
	}
	return i + 1, nil
}

var errEOF = fmt.Errorf("unexpected EOF")

func syntaxError(b []byte, i int, context string) error {
	return fmt.Errorf("invalid character %q %s (offset %d)", b[i], context, i)
}

// SkipSpace returns the index of the first byte at or after i that is not JSON white space.
func SkipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// String checks the JSON string that starts at b[i] == '"' and returns the index just past it.
func String(b []byte, i int) (int, error) {
	for i++; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return i + 1, nil
		case c < 0x20:
			return i, syntaxError(b, i, "in string literal")
		case c == '\\':
			i++
			if i >= len(b) {
				return i, errEOF
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				for k := 1; k <= 4; k++ {
					if i+k >= len(b) {
						return i + k, errEOF
					}
					if !isHex(b[i+k]) {
						return i + k, syntaxError(b, i+k, "in \\u hexadecimal character escape")
					}
				}
				i += 4
			default:
				return i, syntaxError(b, i, "in string escape code")
			}
		}
	}
	return i, errEOF
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

func number(b []byte, i int) (int, error) {
	digits := func() int {
		n := 0
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if b[i] == '-' {
		i++
	}
	if i >= len(b) {
		return i, errEOF
	}
	switch {
	case b[i] == '0':
		i++
	case '1' <= b[i] && b[i] <= '9':
		digits()
	default:
		return i, syntaxError(b, i, "in numeric literal")
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) {
			return i, errEOF
		}
		if digits() == 0 {
			return i, syntaxError(b, i, "after decimal point in numeric literal")
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) {
			return i, errEOF
		}
		if digits() == 0 {
			return i, syntaxError(b, i, "in exponent of numeric literal")
		}
	}
	return i, nil
}

// EachMember calls fn for each member of the JSON object b[i:] (already checked by
// scanValue), with the decoded key and the bounds of its value; it stops at fn's error.
func EachMember(b []byte, i int, fn func(key string, start, end int) error) error {
	i = SkipSpace(b, i) + 1 // past '{'
	for {
		i = SkipSpace(b, i)
		if b[i] == '}' {
			return nil
		}
		if b[i] == ',' {
			i = SkipSpace(b, i+1)
		}
		kend, _ := String(b, i)
		key := jsonstr.Unquote(b[i:kend])
		vstart := SkipSpace(b, SkipSpace(b, kend)+1) // past ':'
		vend, err := Value(b, vstart)
		if err != nil {
			return err
		}
		if err := fn(key, vstart, vend); err != nil {
			return err
		}
		i = vend
	}
}

// EachElement calls fn for the bounds of each element of the JSON array b[i:] (checked).
func EachElement(b []byte, i int, fn func(start, end int) error) error {
	i = SkipSpace(b, i) + 1 // past '['
	for {
		i = SkipSpace(b, i)
		if b[i] == ']' {
			return nil
		}
		if b[i] == ',' {
			i = SkipSpace(b, i+1)
		}
		end, err := Value(b, i)
		if err != nil {
			return err
		}
		if err := fn(i, end); err != nil {
			return err
		}
		i = end
	}
}
