package receipt

import (
	"fmt"

	"openvalue/internal/jsonstr"
)

// The package reads and writes its JSON by hand (standard library only; internal/jsonstr, also
// standard library only, reads and writes the strings) rather than with encoding/json: the
// browser engine links this package, and encoding/json with the reflection it brings is ≈ 12% of
// the engine's code. TestOldReceipts checks the bytes against encoding/json.

// scanValue checks that b[i:] starts with one JSON value (RFC 8259, as encoding/json's scanner
// accepts it) and returns the index just past it. Errors read like encoding/json's.
func scanValue(b []byte, i int) (int, error) {
	i = skipSpace(b, i)
	if i >= len(b) {
		return i, errEOF
	}
	switch c := b[i]; {
	case c == '{':
		i = skipSpace(b, i+1)
		if i < len(b) && b[i] == '}' {
			return i + 1, nil
		}
		for {
			i = skipSpace(b, i)
			if i >= len(b) {
				return i, errEOF
			}
			if b[i] != '"' {
				return i, syntaxError(b, i, "looking for beginning of object key string")
			}
			var err error
			if i, err = scanString(b, i); err != nil {
				return i, err
			}
			i = skipSpace(b, i)
			if i >= len(b) {
				return i, errEOF
			}
			if b[i] != ':' {
				return i, syntaxError(b, i, "after object key")
			}
			if i, err = scanValue(b, i+1); err != nil {
				return i, err
			}
			i = skipSpace(b, i)
			if i >= len(b) {
				return i, errEOF
			}
			switch b[i] {
			case ',':
				i++
			case '}':
				return i + 1, nil
			default:
				return i, syntaxError(b, i, "after object key:value pair")
			}
		}
	case c == '[':
		i = skipSpace(b, i+1)
		if i < len(b) && b[i] == ']' {
			return i + 1, nil
		}
		for {
			var err error
			if i, err = scanValue(b, i); err != nil {
				return i, err
			}
			i = skipSpace(b, i)
			if i >= len(b) {
				return i, errEOF
			}
			switch b[i] {
			case ',':
				i++
			case ']':
				return i + 1, nil
			default:
				return i, syntaxError(b, i, "after array element")
			}
		}
	case c == '"':
		return scanString(b, i)
	case c == '-' || '0' <= c && c <= '9':
		return scanNumber(b, i)
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

var errEOF = fmt.Errorf("unexpected EOF")

func syntaxError(b []byte, i int, context string) error {
	return fmt.Errorf("invalid character %q %s (offset %d)", b[i], context, i)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

func scanString(b []byte, i int) (int, error) {
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

func scanNumber(b []byte, i int) (int, error) {
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

// eachMember calls fn for each member of the JSON object b[i:] (already checked by
// scanValue), with the decoded key and the bounds of its value; it stops at fn's error.
func eachMember(b []byte, i int, fn func(key string, start, end int) error) error {
	i = skipSpace(b, i) + 1 // past '{'
	for {
		i = skipSpace(b, i)
		if b[i] == '}' {
			return nil
		}
		if b[i] == ',' {
			i = skipSpace(b, i+1)
		}
		kend, _ := scanString(b, i)
		key := jsonstr.Unquote(b[i:kend])
		vstart := skipSpace(b, skipSpace(b, kend)+1) // past ':'
		vend, err := scanValue(b, vstart)
		if err != nil {
			return err
		}
		if err := fn(key, vstart, vend); err != nil {
			return err
		}
		i = vend
	}
}

// eachElement calls fn for the bounds of each element of the JSON array b[i:] (checked).
func eachElement(b []byte, i int, fn func(start, end int) error) error {
	i = skipSpace(b, i) + 1 // past '['
	for {
		i = skipSpace(b, i)
		if b[i] == ']' {
			return nil
		}
		if b[i] == ',' {
			i = skipSpace(b, i+1)
		}
		end, err := scanValue(b, i)
		if err != nil {
			return err
		}
		if err := fn(i, end); err != nil {
			return err
		}
		i = end
	}
}
