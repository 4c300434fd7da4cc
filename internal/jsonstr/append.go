package jsonstr

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/bits"
	"strconv"
	"unicode/utf8"
)

// The writing half: Append, AppendNoHTML and AppendFloat. (This file is not part of the copy mk/web.mk makes
// of jsonstr.go for the engine's build.)

const hexDigits = "0123456789abcdef"

const ones, highs = 0x0101010101010101, 0x8080808080808080

// special marks, in the high bit of each of the eight bytes of x (little-endian), the bytes a JSON
// string cannot hold as they are in encoding/json's HTML-safe output: control bytes, '"', '\\', '<',
// '>' and '&'. It is
// the "has a zero byte" test of Bit Twiddling Hacks ((v − ones) &^ v, whose high bits are exact up
// to and including the first zero byte; a borrow may mark bytes after it), with the bytes to escape
// made zero bytes: '"' and '&' (0x22, 0x26) are the bytes that are 0x22 once bit 2 is cleared, '<'
// and '>' (0x3c, 0x3e) 0x3c once bit 1 is. So the lowest mark is the first byte to escape, and
// whether there is any mark is exact. Bytes ≥ 0x80 are not marked (the callers look at them).
func special(x uint64) uint64 {
	return ((x-ones*0x20)&^x | zero(x&(ones*0xfb)^ones*0x22) | zero(x&(ones*0xfd)^ones*0x3c) | zero(x^ones*'\\')) & highs
}

// specialNoHTML is special letting '<', '>' and '&' through.
func specialNoHTML(x uint64) uint64 {
	return ((x-ones*0x20)&^x | zero(x^ones*'"') | zero(x^ones*'\\')) & highs
}

func zero(v uint64) uint64 { return (v - ones) &^ v }

// verbatim reports whether t is valid UTF-8 that encoding/json writes as it is: no control
// character, '"', '\\', '<', '>' or '&', no U+2028 or U+2029. It looks at sixteen bytes at a time
// (special), and at a short string's last bytes as one word that overlaps the ones before.
func verbatim(t []byte) bool {
	var bad, high uint64
	n := len(t)
	i := 0
	for ; i+16 <= n; i += 16 {
		x, y := binary.LittleEndian.Uint64(t[i:]), binary.LittleEndian.Uint64(t[i+8:])
		bad |= special(x) | special(y)
		high |= x | y
	}
	if i+8 <= n {
		x := binary.LittleEndian.Uint64(t[i:])
		bad |= special(x)
		high |= x
		i += 8
	}
	if i < n && n >= 8 { // the last bytes, in the word that ends the string
		x := binary.LittleEndian.Uint64(t[n-8:])
		bad |= special(x)
		high |= x
	} else {
		for ; i < n; i++ {
			if c := t[i]; c >= utf8.RuneSelf {
				high |= highs
			} else if !safeASCII[c] {
				return false
			}
		}
	}
	if bad != 0 {
		return false
	}
	return high&highs == 0 || utf8.Valid(t) && !hasLineSeparator(t)
}

// Verbatim reports whether Append would write s as it is between its quotes. The scoring core
// checks its generated texts with it once, as one buffer, instead of each text as it is written.
func Verbatim(s []byte) bool { return verbatim(s) }

// hasLineSeparator reports whether t holds U+2028 or U+2029 (E2 80 A8, E2 80 A9).
func hasLineSeparator(t []byte) bool {
	for i := bytes.IndexByte(t, 0xe2); i >= 0 && i+2 < len(t); {
		if t[i+1] == 0x80 && (t[i+2] == 0xa8 || t[i+2] == 0xa9) {
			return true
		}
		j := bytes.IndexByte(t[i+1:], 0xe2)
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// safeASCII marks the ASCII bytes a JSON string can hold as they are (encoding/json's htmlSafeSet);
// safeASCIINoHTML also lets '<', '>' and '&' through (its safeSet, for SetEscapeHTML(false)).
var safeASCII, safeASCIINoHTML = func() (html, plain [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		plain[c] = c != '"' && c != '\\'
		html[c] = plain[c] && c != '<' && c != '>' && c != '&'
	}
	return html, plain
}()

// Append appends s as a JSON string exactly as encoding/json.Marshal writes it: HTML-safe (<, >,
// & as \u003c, \u003e, \u0026), U+2028 and U+2029 escaped, invalid UTF-8 replaced by U+FFFD.
// It is the project's one string writer for documents built by hand: the scoring core's results
// and error documents, receipts, the wasm engine's and the server's answers.
func Append(b []byte, s string) []byte { return appendString(b, s, &safeASCII) }

// AppendNoHTML is Append for encoding/json's Encoder with SetEscapeHTML(false): <, > and & are
// written as they are (the ratings' documents).
func AppendNoHTML(b []byte, s string) []byte { return appendString(b, s, &safeASCIINoHTML) }

// appendString writes s as a JSON string whose ASCII bytes outside safe are escaped. Almost every
// string needs no escaping: it is copied whole and the copy checked sixteen bytes at a time
// (verbatim's test is the HTML-safe one, so a string with '<', '>' or '&' takes the slow path
// under either table, which writes them as safe says); only a string that does need escaping is
// written again.
func appendString(b []byte, s string, safe *[utf8.RuneSelf]bool) []byte {
	b = append(b, '"')
	at := len(b)
	b = append(b, s...)
	if verbatim(b[at:]) {
		return append(b, '"')
	}
	return appendEscaped(b[:at], s, safe)
}

// appendEscaped writes the body of the JSON string s, escaping every ASCII byte that safe does
// not let through, and its closing quote.
func appendEscaped(b []byte, s string, safe *[utf8.RuneSelf]bool) []byte {
	html := safe == &safeASCII
	start := 0
	for i := 0; i < len(s); {
		// Plain ASCII eight bytes at a time, up to the next byte to look at.
		if i+8 <= len(s) {
			w := s[i : i+8] // one bounds check, then one 64-bit load
			x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
				uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
			if x&highs == 0 {
				m := special(x)
				if !html {
					m = specialNoHTML(x)
				}
				if m == 0 {
					i += 8
					continue
				}
				i += bits.TrailingZeros64(m) >> 3
			}
		}
		if c := s[i]; c < utf8.RuneSelf {
			if safe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// AppendFloat appends a finite f as encoding/json writes a float64: the ES6 number form, the
// shortest decimal that reads back as f, in exponent form below 1e-6 and from 1e21, with "e-07"
// shortened to "e-7". It is the number writer of the same documents as Append (the scoring core
// tries a faster path for its whole hundredths first).
func AppendFloat(b []byte, f float64) []byte {
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}
