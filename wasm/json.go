//go:build js && wasm

package main

import "openvalue/scoring"

// The engine writes its own few documents by hand: encoding/json with the reflection it
// brings would be ≈ 12% of the engine's code. The bytes are encoding/json.Marshal's
// (TestErrorDocumentBytes compares them; strings are internal/jsonstr.Append).

// errorDocument is the project's error document (scoring.ErrorDocument) for the engine's
// own answers: arguments that are not strings, keys and receipts that do not parse, bugs.
// Like the CLI's output it ends with a new line.
func errorDocument(code, message string, fields ...scoring.Problem) []byte {
	return append(scoring.AppendErrorDocument(nil, code, message, fields), '\n')
}
