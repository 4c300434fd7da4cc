// Package jsonstr reads one JSON string the way encoding/json.Unmarshal into a string does,
// without encoding/json (it imports only the standard library).
//
// Package receipt reads every string of a receipt or key set with it. The in-browser engine's
// build also uses it in place of one call: github.com/tidwall/pretty (linked through gjson's
// @pretty modifier, which the engine never uses) unquotes escaped object keys with json.Unmarshal,
// and that one call links encoding/json and most of reflect into the engine (≈ 300 KiB of code).
// mk/web.mk builds web/openvalue.wasm in a Go workspace whose copy of pretty calls this function
// instead (copied into the pretty package as unquoteJSON); every other build, and pretty's
// behaviour, are unchanged. FuzzUnquote holds it to encoding/json's answers.
package jsonstr

import (
	"unicode/utf16"
	"unicode/utf8"
)

// Unquote returns what json.Unmarshal(s, &str) leaves in an empty str: the decoded string when s
// is one JSON string (whitespace around it allowed), and "" otherwise (any other value, a syntax
// error, trailing data). As in encoding/json, bytes that are not UTF-8 and unpaired surrogate
// escapes become U+FFFD.
func Unquote(s []byte) string {
	i := skipSpace(s, 0)
	if i >= len(s) || s[i] != '"' {
		return ""
	}
	start := i + 1
	end, escaped := -1, false
	for j := start; j < len(s); j++ {
		c := s[j]
		if c == '"' {
			end = j
			break
		}
		if c < 0x20 {
			return ""
		}
		if c == '\\' {
			escaped = true
			j++
			if j >= len(s) {
				return ""
			}
			switch s[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(s) || hex4(s[j+1:j+5]) < 0 {
					return ""
				}
				j += 4
			default:
				return ""
			}
		}
	}
	if end < 0 || skipSpace(s, end+1) != len(s) {
		return ""
	}
	body := s[start:end]
	if !escaped && utf8.Valid(body) {
		return string(body)
	}
	b := make([]byte, 0, len(body)+2*utf8.UTFMax)
	for r := 0; r < len(body); {
		c := body[r]
		switch {
		case c == '\\':
			r++
			switch body[r] {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := rune(hex4(body[r+1 : r+5]))
				r += 4
				if utf16.IsSurrogate(rr) {
					// A pair is two \u escapes in a row; anything else leaves the first unpaired.
					if r+6 < len(body) && body[r+1] == '\\' && body[r+2] == 'u' {
						if rr1 := rune(hex4(body[r+3 : r+7])); rr1 >= 0 {
							if dec := utf16.DecodeRune(rr, rr1); dec != utf8.RuneError {
								b = utf8.AppendRune(b, dec)
								r += 7
								continue
							}
						}
					}
					rr = utf8.RuneError
				}
				b = utf8.AppendRune(b, rr)
			default: // '"', '\\', '/'
				b = append(b, body[r])
			}
			r++
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(body[r:])
			r += size
			b = utf8.AppendRune(b, rr)
		}
	}
	return string(b)
}

func skipSpace(s []byte, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// hex4 is the value of four hex digits, or -1.
func hex4(s []byte) int {
	n := 0
	for _, c := range s[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		n = n<<4 | int(c)
	}
	return n
}
