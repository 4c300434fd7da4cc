//go:build js && wasm && !noreceipt

package main

import (
	"openvalue/internal/jsonstr"
	"openvalue/receipt"
	"openvalue/scoring"
)

// verifyReceipt checks a receipt from the server offline, against its published keys.
func init() {
	exports = append(exports, &export{name: "verifyReceipt", params: []string{"receiptJSON", "keysJSON"}, keep: -1,
		fn: func(a [][]byte) []byte { return verifyReceipt(a[0], a[1]) }})
}

// Verification is verifyReceipt's answer for a well-formed receipt and key set
// (engine.d.ts ReceiptVerification).
type Verification struct {
	// Valid is true when the signature holds under one of the keys.
	Valid bool `json:"valid"`
	// Reason says why not (unknown key, bad signature); empty when Valid.
	Reason string `json:"reason,omitempty"`
	// ID is the receipt's short id for people (receipt.Receipt.ID).
	ID      string          `json:"id"`
	Receipt receipt.Receipt `json:"receipt"`
}

// verifyReceipt checks a receipt's signature against a JWK set (GET /api/v1/keys), offline.
// A malformed receipt or key set is invalid input; a well-formed receipt whose signature does
// not hold is an answer with "valid": false and the reason.
func verifyReceipt(receiptJSON, keysJSON []byte) []byte {
	var fields []scoring.Problem
	keys, err := receipt.ParseJWKS(keysJSON)
	if err != nil {
		fields = append(fields, scoring.Problem{Path: "keys", Reason: err.Error()})
	}
	r, err := receipt.Parse(receiptJSON)
	if err != nil {
		fields = append(fields, scoring.Problem{Path: "receipt", Reason: err.Error()})
	}
	if len(fields) > 0 {
		return errorDocument(scoring.CodeInvalidInput, "the receipt cannot be checked", fields...)
	}
	v := Verification{Valid: true, ID: r.ID(), Receipt: r}
	if err := r.VerifySignature(keys); err != nil {
		v.Valid, v.Reason = false, err.Error()
	}
	return v.json()
}

// json is encoding/json.Marshal's bytes for v and a new line (TestVerificationBytes).
func (v Verification) json() []byte {
	b := make([]byte, 0, 640)
	b = append(b, `{"valid":`...)
	if v.Valid {
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	if v.Reason != "" {
		b = append(b, `,"reason":`...)
		b = jsonstr.Append(b, v.Reason)
	}
	b = append(b, `,"id":`...)
	b = jsonstr.Append(b, v.ID)
	b = append(b, `,"receipt":`...)
	b = append(b, v.Receipt.Marshal()...)
	return append(b, "}\n"...)
}
