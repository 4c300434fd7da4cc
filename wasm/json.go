//go:build js && wasm

package main

import (
	"unicode/utf8"

	"openvalue/scoring"
)

// The engine writes its own few documents by hand: encoding/json with the reflection it
// brings would be ≈ 12% of the engine's code. The bytes are encoding/json.Marshal's
// (TestErrorDocumentBytes and FuzzAppendString compare them).

// errorDocument is the project's error document (scoring.ErrorDocument) for the engine's
// own answers: arguments that are not strings, keys and receipts that do not parse, bugs.
// Like the CLI's output it ends with a new line.
func errorDocument(code, message string, fields ...scoring.Problem) []byte {
	b := make([]byte, 0, 96+len(message))
	b = append(b, `{"error":{"code":`...)
	b = appendString(b, code)
	b = append(b, `,"message":`...)
	b = appendString(b, message)
	b = append(b, `,"fields":[`...)
	for i, p := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"path":`...)
		b = appendString(b, p.Path)
		b = append(b, `,"reason":`...)
		b = appendString(b, p.Reason)
		b = append(b, '}')
	}
	return append(b, "]}}\n"...)
}

// appendString appends s as a JSON string exactly as encoding/json.Marshal writes it:
// <, > and & as \u003c, \u003e, \u0026; U+2028 and U+2029 escaped; invalid UTF-8 as \ufffd.
func appendString(b []byte, s string) []byte {
	const hexd = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
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
				b = append(b, '\\', 'u', '0', '0', hexd[c>>4], hexd[c&0xF])
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
			b = append(b, '\\', 'u', '2', '0', '2', hexd[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
