//go:build js && wasm && !noreceipt

package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"openvalue/receipt"
	"openvalue/scoring"
)

func TestVerifyReceipt(t *testing.T) {
	const seedA = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
	const seedB = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8"
	signer, err := receipt.ParseKeyring([]byte(seedA))
	if err != nil {
		t.Fatal(err)
	}
	other, err := receipt.ParseKeyring([]byte(seedB))
	if err != nil {
		t.Fatal(err)
	}
	r, err := signer.Sign(receipt.Claims{
		SubmissionID: "s1", SubmissionSHA256: receipt.Hash([]byte(`{"a":1}`)), Methodology: scoring.Methodology,
		ResultSHA256: receipt.Hash([]byte(`{"r":1}`)), Status: receipt.StatusSubmitted,
		IssuedAt: time.Date(2026, 11, 26, 23, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := json.Marshal(signer.JWKS())
	otherKeys, _ := json.Marshal(other.JWKS())
	tampered := bytes.Replace(r.Marshal(), []byte(`"submitted"`), []byte(`"verified"`), 1)

	for _, tc := range []struct {
		name       string
		rec, keys  string
		valid      bool
		reason     string // substring of the reason when not valid
		errorField string // when the answer is an error document, the field it names
	}{
		{"signed", string(r.Marshal()), string(keys), true, "", ""},
		{"tampered", string(tampered), string(keys), false, "does not verify", ""},
		{"unknown key", string(r.Marshal()), string(otherKeys), false, "unknown key", ""},
		{"not a receipt", `{"typ":1}`, string(keys), false, "", "receipt"},
		{"no keys", string(r.Marshal()), `{"keys":[]}`, false, "", "keys"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := callJS(t, "verifyReceipt", tc.rec, tc.keys)
			if code, fields := errorCode(t, got); tc.errorField != "" {
				if code != scoring.CodeInvalidInput || len(fields) != 1 || fields[0].Path != tc.errorField {
					t.Errorf("verifyReceipt = %s; want invalid_input naming %q", got, tc.errorField)
				}
				return
			} else if code != "" {
				t.Fatalf("verifyReceipt = %s; want a verification", got)
			}
			var v Verification
			if err := json.Unmarshal([]byte(got), &v); err != nil {
				t.Fatal(err)
			}
			if v.Valid != tc.valid || !strings.Contains(v.Reason, tc.reason) || v.ID == "" {
				t.Errorf("verifyReceipt = %s; want valid %v, reason containing %q", got, tc.valid, tc.reason)
			}
		})
	}
}
