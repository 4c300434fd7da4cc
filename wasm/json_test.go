//go:build js && wasm

package main

import (
	"encoding/json"
	"testing"

	"openvalue/receipt"
	"openvalue/scoring"
)

// TestErrorDocumentBytes: the hand-written error document is encoding/json's bytes.
func TestErrorDocumentBytes(t *testing.T) {
	for _, tc := range []struct {
		code, msg string
		fields    []scoring.Problem
	}{
		{"internal", "score: panic: <nil> & \u2028 \xff \"x\"\n", nil},
		{scoring.CodeInvalidInput, "the receipt cannot be checked", []scoring.Problem{{Path: "keys", Reason: "receipt: keys: unexpected EOF"}, {Path: "receipt", Reason: "<b>"}}},
	} {
		fields := tc.fields
		if fields == nil {
			fields = []scoring.Problem{}
		}
		want, _ := json.Marshal(scoring.ErrorDocument{Error: scoring.ErrorBody{Code: tc.code, Message: tc.msg, Fields: fields}})
		if got := string(errorDocument(tc.code, tc.msg, tc.fields...)); got != string(want)+"\n" {
			t.Errorf("errorDocument = %s\nwant %s", got, want)
		}
	}
}

// TestVerificationBytes: verifyReceipt's answer is encoding/json's bytes for Verification.
func TestVerificationBytes(t *testing.T) {
	r := receipt.Receipt{Type: receipt.Type, Algorithm: receipt.Algorithm, KeyID: "k", SubmissionID: "<s>", Methodology: "m", Signature: "sig"}
	for _, v := range []Verification{{Valid: true, ID: "abc", Receipt: r}, {Reason: "receipt: signed with an unknown key \"k\"", ID: "d&e", Receipt: r}} {
		want, _ := json.Marshal(v)
		if got := string(v.json()); got != string(want)+"\n" {
			t.Errorf("Verification.json() = %s\nwant %s", got, want)
		}
	}
}
