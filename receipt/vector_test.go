package receipt

import (
	"encoding/json"
	"testing"
	"time"
)

// Receipts signed by the package before it dropped encoding/json (seedA then seedB, so seedB's
// key is active): the JSON the server handed out and the bytes the signature covers. The current
// code must write the same bytes for the same claims and verify the old receipts.
var oldReceipts = []struct{ marshal, signed string }{
	{"{\"typ\":\"openvalue-receipt/1\",\"alg\":\"Ed25519\",\"kid\":\"24f6ed6acbfe1009\",\"submission_id\":\"sub1\",\"submission_sha256\":\"015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862\",\"methodology\":\"valuescore-2026.1\",\"result_sha256\":\"ec536b417462bb658a4b0202b8f04e538bdec7b849e0c55d92fd1df6844b552a\",\"status\":\"submitted\",\"issued_at\":\"2026-11-26T22:50:00.123Z\",\"sig\":\"QDMiaiRt_fWDqDDDNE3X8zZwZowZIgEg54VSp9Yxu57iQWKrEFo4vdesYeC4sr226ndYU6u2Gck0eH87aIXwDw\"}",
		"{\"alg\":\"Ed25519\",\"issued_at\":\"2026-11-26T22:50:00.123Z\",\"kid\":\"24f6ed6acbfe1009\",\"methodology\":\"valuescore-2026.1\",\"result_sha256\":\"ec536b417462bb658a4b0202b8f04e538bdec7b849e0c55d92fd1df6844b552a\",\"status\":\"submitted\",\"submission_id\":\"sub1\",\"submission_sha256\":\"015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862\",\"typ\":\"openvalue-receipt/1\"}"},
	{"{\"typ\":\"openvalue-receipt/1\",\"alg\":\"Ed25519\",\"kid\":\"24f6ed6acbfe1009\",\"submission_id\":\"\\u003ca\\u0026b\\u003e\\u2028é\\\"\\\\\\u0001\x7f\",\"submission_sha256\":\"043a718774c572bd8a25adbeb1bfcd5c0256ae11cecf9f9c3f925d0e52beaf89\",\"review_sha256\":\"454349e422f05297191ead13e21d3db520e5abef52055e4964b82fb213f593a1\",\"methodology\":\"m\\u003c1\\u003e\\u0026\\u2029\\t\",\"result_sha256\":\"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881\",\"status\":\"verified\",\"issued_at\":\"2026-01-02T02:04:05.006Z\",\"sig\":\"nvAhW39g_58AYMrJWWxvbnfgZy0m_n866BkUY5bJYriOjW0KCsEGAFzDseDUO2z-hIHucpAREOH5KtgEpIUkDg\"}",
		"{\"alg\":\"Ed25519\",\"issued_at\":\"2026-01-02T02:04:05.006Z\",\"kid\":\"24f6ed6acbfe1009\",\"methodology\":\"m<1>&\u2029\\t\",\"result_sha256\":\"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881\",\"review_sha256\":\"454349e422f05297191ead13e21d3db520e5abef52055e4964b82fb213f593a1\",\"status\":\"verified\",\"submission_id\":\"<a&b>\u2028é\\\"\\\\\\u0001\x7f\",\"submission_sha256\":\"043a718774c572bd8a25adbeb1bfcd5c0256ae11cecf9f9c3f925d0e52beaf89\",\"typ\":\"openvalue-receipt/1\"}"},
	{"{\"typ\":\"openvalue-receipt/1\",\"alg\":\"Ed25519\",\"kid\":\"24f6ed6acbfe1009\",\"submission_sha256\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"methodology\":\"valuescore-2026.1\",\"result_sha256\":\"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"status\":\"recomputed\",\"issued_at\":\"2026-11-26T23:00:00.000Z\",\"sig\":\"QXJRWO4xduZpNqeR0gddh9mOJyUYGxuDyExXjqavcTezL4sPuKiE0qOuSu2wgbevh5xmImKMBcoipFaHFurgAw\"}",
		"{\"alg\":\"Ed25519\",\"issued_at\":\"2026-11-26T23:00:00.000Z\",\"kid\":\"24f6ed6acbfe1009\",\"methodology\":\"valuescore-2026.1\",\"result_sha256\":\"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"status\":\"recomputed\",\"submission_sha256\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"typ\":\"openvalue-receipt/1\"}"},
}

var oldJWKS = "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"56475aa75463474c\",\"x\":\"A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg\",\"use\":\"sig\",\"alg\":\"EdDSA\"},{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"24f6ed6acbfe1009\",\"x\":\"Kay64UG8yvCyLhqU000LxzYeUm0L_hLIl5S8kyKWbdc\",\"use\":\"sig\",\"alg\":\"EdDSA\"}],\"active\":\"24f6ed6acbfe1009\"}"

var vectorClaims = []Claims{claims,
	{SubmissionID: "<a&b>\u2028é\"\\\x01\x7f", SubmissionSHA256: Hash([]byte("s")), ReviewSHA256: Hash([]byte("r")), Methodology: "m<1>&\u2029\t",
		ResultSHA256: Hash([]byte("x")), Status: StatusVerified, IssuedAt: time.Date(2026, 1, 2, 3, 4, 5, 6e6, time.FixedZone("x", 3600))},
	{SubmissionSHA256: Hash(nil), Methodology: "valuescore-2026.1", ResultSHA256: Hash([]byte("{}")), Status: StatusRecomputed,
		IssuedAt: time.Date(2026, 11, 26, 23, 0, 0, 0, time.UTC)},
}

func TestOldReceipts(t *testing.T) {
	k := mustKeyring(t, seedA+"\n"+seedB)
	keys, err := ParseJWKS([]byte(oldJWKS))
	if err != nil {
		t.Fatalf("ParseJWKS(old key set) = %v", err)
	}
	if len(keys) != 2 {
		t.Errorf("old key set: %d keys; want 2", len(keys))
	}
	for i, c := range vectorClaims {
		r, err := k.Sign(c)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(r.Marshal()); got != oldReceipts[i].marshal {
			t.Errorf("receipt %d: Marshal() = %q\nwant %q", i, got, oldReceipts[i].marshal)
		}
		if got := string(r.SignedBytes()); got != oldReceipts[i].signed {
			t.Errorf("receipt %d: SignedBytes() = %q\nwant %q", i, got, oldReceipts[i].signed)
		}
		got, err := Verify([]byte(oldReceipts[i].marshal), keys)
		if err != nil {
			t.Errorf("receipt %d: Verify(old receipt) = %v", i, err)
		} else if got != r {
			t.Errorf("receipt %d: Verify(old receipt) = %+v; want %+v", i, got, r)
		}
		// encoding/json's bytes for the struct, the oracle of the hand-written Marshal
		want, _ := json.Marshal(r)
		if string(want) != string(r.Marshal()) {
			t.Errorf("receipt %d: Marshal() = %s; encoding/json %s", i, r.Marshal(), want)
		}
	}
	if b, _ := json.Marshal(k.JWKS()); string(b) != oldJWKS {
		t.Errorf("JWKS = %s; want %s", b, oldJWKS)
	}
}
