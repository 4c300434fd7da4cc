package receipt

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// Fixed seeds so the tests are deterministic (32 bytes each, base64url).
const (
	seedA = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"
	seedB = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8"
)

func mustKeyring(t *testing.T, material string) *Keyring {
	t.Helper()
	k, err := ParseKeyring([]byte(material))
	if err != nil {
		t.Fatalf("ParseKeyring(%q) = %v", material, err)
	}
	return k
}

var claims = Claims{
	SubmissionID:     "sub1",
	SubmissionSHA256: Hash([]byte(`{"a":1}`)),
	Methodology:      "valuescore-2026.1",
	ResultSHA256:     Hash([]byte(`{"r":2}`)),
	Status:           StatusSubmitted,
	IssuedAt:         time.Date(2026, 11, 26, 22, 50, 0, 123e6, time.UTC),
}

func TestSignVerify(t *testing.T) {
	k := mustKeyring(t, seedA)
	r, err := k.Sign(claims)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Verify(r.Marshal(), k.KeySet())
	if err != nil {
		t.Fatalf("Verify(own receipt) = %v", err)
	}
	if got != r {
		t.Errorf("Verify returned %+v; want %+v", got, r)
	}
	if err := got.Check([]byte(`{"a":1}`), nil, []byte(`{"r":2}`)); err != nil {
		t.Errorf("Check(the signed bytes) = %v", err)
	}
	if err := got.Check([]byte(`{"a":2}`), nil, []byte(`{"r":2}`)); !errors.Is(err, ErrMismatch) {
		t.Errorf("Check(other submission) = %v; want ErrMismatch", err)
	}
	if err := got.Check([]byte(`{"a":1}`), []byte(`{}`), []byte(`{"r":2}`)); !errors.Is(err, ErrMismatch) {
		t.Errorf("Check(with a review the receipt lacks) = %v; want ErrMismatch", err)
	}
	// The signed form is canonical and fixed: a change here breaks every verifier.
	want := `{"alg":"Ed25519","issued_at":"2026-11-26T22:50:00.123Z","kid":"` + k.ActiveKeyID() + `","methodology":"valuescore-2026.1","result_sha256":"` + claims.ResultSHA256 + `","status":"submitted","submission_id":"sub1","submission_sha256":"` + claims.SubmissionSHA256 + `","typ":"openvalue-receipt/1"}`
	if s := string(r.SignedBytes()); s != want {
		t.Errorf("SignedBytes() = %s\nwant %s", s, want)
	}
}

// Every member is covered by the signature: changing any one must fail verification.
func TestVerify_Tampered(t *testing.T) {
	k := mustKeyring(t, seedA)
	r, _ := k.Sign(claims)
	for _, tc := range []struct {
		name   string
		change func(*Receipt)
	}{
		{"submission_id", func(r *Receipt) { r.SubmissionID = "sub2" }},
		{"submission_id removed", func(r *Receipt) { r.SubmissionID = "" }},
		{"submission_sha256", func(r *Receipt) { r.SubmissionSHA256 = Hash([]byte("x")) }},
		{"review_sha256 added", func(r *Receipt) { r.ReviewSHA256 = Hash([]byte("x")) }},
		{"methodology", func(r *Receipt) { r.Methodology = "other" }},
		{"result_sha256", func(r *Receipt) { r.ResultSHA256 = Hash([]byte("y")) }},
		{"status", func(r *Receipt) { r.Status = StatusVerified }},
		{"issued_at", func(r *Receipt) { r.IssuedAt = "2026-11-26T22:50:01.123Z" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := r
			tc.change(&c)
			if _, err := Verify(c.Marshal(), k.KeySet()); !errors.Is(err, ErrBadSignature) {
				t.Errorf("Verify(tampered %s) = %v; want ErrBadSignature", tc.name, err)
			}
		})
	}
}

func TestVerify_Rotation(t *testing.T) {
	old := mustKeyring(t, seedA)
	r, _ := old.Sign(claims)
	retired, err := PublicToken(seedA)
	if err != nil {
		t.Fatal(err)
	}
	rotated := mustKeyring(t, retired+"\n"+seedB+" # active since the rotation\n")
	if rotated.ActiveKeyID() == old.ActiveKeyID() {
		t.Fatal("rotation kept the old active key")
	}
	if _, err := Verify(r.Marshal(), rotated.KeySet()); err != nil {
		t.Errorf("old receipt after rotation: %v", err)
	}
	jwks, _ := json.Marshal(rotated.JWKS())
	set, err := ParseJWKS(jwks)
	if err != nil {
		t.Fatalf("ParseJWKS(%s) = %v", jwks, err)
	}
	if len(set) != 2 {
		t.Errorf("published %d keys; want 2", len(set))
	}
	r2, _ := rotated.Sign(claims)
	if _, err := Verify(r2.Marshal(), set); err != nil {
		t.Errorf("new receipt with published keys: %v", err)
	}
	if _, err := Verify(r2.Marshal(), old.KeySet()); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("new receipt against the old key set = %v; want ErrUnknownKey", err)
	}
	onlyPublic := mustKeyring(t, retired)
	if _, err := onlyPublic.Sign(claims); !errors.Is(err, ErrNoSigningKey) {
		t.Errorf("Sign with only a public key = %v; want ErrNoSigningKey", err)
	}
}

func TestParse_Malformed(t *testing.T) {
	k := mustKeyring(t, seedA)
	r, _ := k.Sign(claims)
	good := string(r.Marshal())
	for _, tc := range []struct{ name, in, want string }{
		{"not json", `{`, "unexpected EOF"},
		{"unknown member", strings.Replace(good, `{`, `{"extra":"x",`, 1), `unknown field "extra"`},
		{"two objects", good + good, "data after"},
		{"bad hash", strings.Replace(good, claims.ResultSHA256, "ABC", 1), "result_sha256 must be"},
		{"bad status", strings.Replace(good, `"status":"submitted"`, `"status":"done"`, 1), "status must be"},
		{"bad time", strings.Replace(good, `22:50:00.123Z`, `22:50:00Z`, 1), "issued_at must be"},
		{"bad sig", strings.Replace(good, r.Signature, "abc", 1), "sig must be"},
		{"bad typ", strings.Replace(good, Type, "x", 1), "typ must be"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.in))
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse = %v; want ErrMalformed mentioning %q", err, tc.want)
			}
		})
	}
}

func TestParseKeyring(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "# nothing\n", "no key"},
		{"short seed", "AAEC", "3 bytes; want 32"},
		{"bad base64", "!!!", "not base64url"},
		{"bad public", "pub:AAEC", "public key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ParseKeyring([]byte(tc.in)); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ParseKeyring(%q) = %v; want an error mentioning %q", tc.in, err, tc.want)
			}
		})
	}
	k := mustKeyring(t, seedA+","+seedB)
	if got, want := k.ActiveKeyID(), KeyID(ed25519.NewKeyFromSeed([]byte(" !\"#$%&'()*+,-./0123456789:;<=>?")).Public().(ed25519.PublicKey)); got != want {
		t.Errorf("active key = %s; want the last seed's %s", got, want)
	}
}

func TestParseJWKS_WrongKid(t *testing.T) {
	k := mustKeyring(t, seedA)
	j := k.JWKS()
	j.Keys[0].KeyID = "0000000000000000"
	b, _ := json.Marshal(j)
	if _, err := ParseJWKS(b); err == nil {
		t.Error("ParseJWKS accepted a key under a false kid")
	}
}

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", `"plain"`},
		{"a\"b\\c", `"a\"b\\c"`},
		{"\n\t\r\b\f", `"\n\t\r\b\f"`},
		{"\x01\x1f", `"\u0001\u001f"`},
		{"<é>&", `"<é>&"`},
	} {
		var b bytes.Buffer
		quote(&b, tc.in)
		if b.String() != tc.want {
			t.Errorf("quote(%q) = %s; want %s", tc.in, b.String(), tc.want)
		}
	}
}

func TestNewSeed(t *testing.T) {
	s, err := NewSeed(bytes.NewReader(make([]byte, 32)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseKeyring([]byte(s)); err != nil {
		t.Errorf("NewSeed's token does not parse: %v", err)
	}
	if _, err := NewSeed(bytes.NewReader(nil)); err == nil {
		t.Error("NewSeed with an empty reader succeeded")
	}
}

func BenchmarkSign(b *testing.B) {
	k, _ := ParseKeyring([]byte(seedA))
	for i := 0; i < b.N; i++ {
		if _, err := k.Sign(claims); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	k, _ := ParseKeyring([]byte(seedA))
	r, _ := k.Sign(claims)
	data, keys := r.Marshal(), k.KeySet()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Verify(data, keys); err != nil {
			b.Fatal(err)
		}
	}
}
