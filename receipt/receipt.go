// Package receipt issues and checks the signed receipts of the verification server.
//
// A receipt attests that the server computed a result for a submission: it holds the
// SHA-256 of the submission document (as received), of the review when there is one,
// and of the result document, the methodology version, the status ("submitted",
// "verified", or "recomputed" for the stateless /verify endpoint), the submission id
// and the time of issue, signed with Ed25519 (RFC 8032).
//
// The signed bytes are the receipt's JSON object without its "sig" member, in canonical
// form (RFC 8785: members sorted by key, no whitespace, strings with the minimal escapes).
// Every member is a string, so the canonical form is easy to rebuild in any language:
//
//	{"alg":"Ed25519","issued_at":"2026-11-26T22:50:00.000Z","kid":"3f0c…","methodology":"…",
//	 "result_sha256":"…","status":"submitted","submission_id":"…","submission_sha256":"…",
//	 "typ":"openvalue-receipt/1"}
//
// "sig" is the unpadded base64url of the 64-byte signature. Keys are identified by "kid",
// the first 16 hex digits of the SHA-256 of the 32-byte public key, and published as a
// JWK set (RFC 8037, kty "OKP", crv "Ed25519"), so a key can be rotated while receipts
// signed with older keys still verify.
//
// The package uses only the standard library (but not encoding/json: it reads and writes its
// flat JSON by hand) and no operating-system facilities, so the same code signs at the edge
// (WebAssembly) and verifies in the browser engine without adding to its download.
package receipt

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"openvalue/internal/jsonscan"
	"openvalue/internal/jsonstr"
)

// Type is the value of a receipt's "typ" member; it versions the receipt format.
const Type = "openvalue-receipt/1"

// Algorithm is the value of a receipt's "alg" member.
const Algorithm = "Ed25519"

// Statuses a receipt attests.
const (
	StatusSubmitted  = "submitted"  // stored and recomputed by the server, not yet reviewed
	StatusVerified   = "verified"   // recomputed with a reviewer's decisions
	StatusRecomputed = "recomputed" // recomputed by the stateless /verify endpoint; nothing stored, nobody reviewed
)

// TimeFormat is the layout of IssuedAt: UTC with milliseconds.
const TimeFormat = "2006-01-02T15:04:05.000Z"

// Errors returned by Verify and Parse; they are wrapped with detail.
var (
	ErrMalformed    = errors.New("receipt: malformed")
	ErrUnknownKey   = errors.New("receipt: signed with an unknown key")
	ErrBadSignature = errors.New("receipt: signature does not verify")
	ErrMismatch     = errors.New("receipt: does not match the document")
)

// Claims is what a receipt attests. Hashes are lowercase hex SHA-256.
type Claims struct {
	SubmissionID     string // empty for /verify receipts
	SubmissionSHA256 string // of the submission document bytes as received
	ReviewSHA256     string // of the review object bytes; empty when unreviewed
	Methodology      string // the scoring methodology version of the result
	ResultSHA256     string // of the result document bytes
	Status           string // StatusSubmitted, StatusVerified or StatusRecomputed
	IssuedAt         time.Time
}

// Receipt is a signed Claims, as it travels in JSON.
type Receipt struct {
	Type             string `json:"typ"`
	Algorithm        string `json:"alg"`
	KeyID            string `json:"kid"`
	SubmissionID     string `json:"submission_id,omitempty"`
	SubmissionSHA256 string `json:"submission_sha256"`
	ReviewSHA256     string `json:"review_sha256,omitempty"`
	Methodology      string `json:"methodology"`
	ResultSHA256     string `json:"result_sha256"`
	Status           string `json:"status"`
	IssuedAt         string `json:"issued_at"`
	Signature        string `json:"sig"`
}

// Hash is the lowercase hex SHA-256 of b, the form receipts hold.
func Hash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// ID is a short identifier of the receipt for people (printed on the PDF summary):
// the first 16 hex digits of the SHA-256 of its signature.
func (r Receipt) ID() string {
	s := sha256.Sum256([]byte(r.Signature))
	return hex.EncodeToString(s[:8])
}

// SignedBytes is the canonical JSON the signature covers: the members but "sig", empty
// optional ones left out, in key order (the keys are ASCII, so byte order is RFC 8785's
// UTF-16 order), written directly rather than through a map and a sort.
func (r Receipt) SignedBytes() []byte {
	var b bytes.Buffer
	b.Grow(320 + len(r.SubmissionID) + len(r.Methodology))
	member := func(k, v string) {
		if b.Len() == 0 {
			b.WriteByte('{')
		} else {
			b.WriteByte(',')
		}
		quote(&b, k)
		b.WriteByte(':')
		quote(&b, v)
	}
	member("alg", r.Algorithm)
	member("issued_at", r.IssuedAt)
	member("kid", r.KeyID)
	member("methodology", r.Methodology)
	member("result_sha256", r.ResultSHA256)
	if r.ReviewSHA256 != "" {
		member("review_sha256", r.ReviewSHA256)
	}
	member("status", r.Status)
	if r.SubmissionID != "" {
		member("submission_id", r.SubmissionID)
	}
	member("submission_sha256", r.SubmissionSHA256)
	member("typ", r.Type)
	b.WriteByte('}')
	return b.Bytes()
}

// quote writes s as a JSON string with RFC 8785's escapes: \" \\ \b \f \n \r \t, other
// control characters as \u00xx, everything else (including non-ASCII) verbatim.
func quote(b *bytes.Buffer, s string) {
	const hexd = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\b':
			b.WriteString(`\b`)
		case c == '\f':
			b.WriteString(`\f`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hexd[c>>4])
			b.WriteByte(hexd[c&0xf])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

// Marshal encodes the receipt as compact JSON, members in a fixed order: the bytes
// encoding/json.Marshal writes for the struct (TestOldReceipts holds it to them).
func (r Receipt) Marshal() []byte {
	b := make([]byte, 0, 448+len(r.SubmissionID)+len(r.Methodology))
	b = append(b, `{"typ":`...)
	b = jsonstr.Append(b, r.Type)
	b = append(b, `,"alg":`...)
	b = jsonstr.Append(b, r.Algorithm)
	b = append(b, `,"kid":`...)
	b = jsonstr.Append(b, r.KeyID)
	if r.SubmissionID != "" {
		b = append(b, `,"submission_id":`...)
		b = jsonstr.Append(b, r.SubmissionID)
	}
	b = append(b, `,"submission_sha256":`...)
	b = jsonstr.Append(b, r.SubmissionSHA256)
	if r.ReviewSHA256 != "" {
		b = append(b, `,"review_sha256":`...)
		b = jsonstr.Append(b, r.ReviewSHA256)
	}
	b = append(b, `,"methodology":`...)
	b = jsonstr.Append(b, r.Methodology)
	b = append(b, `,"result_sha256":`...)
	b = jsonstr.Append(b, r.ResultSHA256)
	b = append(b, `,"status":`...)
	b = jsonstr.Append(b, r.Status)
	b = append(b, `,"issued_at":`...)
	b = jsonstr.Append(b, r.IssuedAt)
	b = append(b, `,"sig":`...)
	b = jsonstr.Append(b, r.Signature)
	return append(b, '}')
}

// field returns the member of r named k in JSON, nil for an unknown name.
func (r *Receipt) field(k string) *string {
	switch k {
	case "typ":
		return &r.Type
	case "alg":
		return &r.Algorithm
	case "kid":
		return &r.KeyID
	case "submission_id":
		return &r.SubmissionID
	case "submission_sha256":
		return &r.SubmissionSHA256
	case "review_sha256":
		return &r.ReviewSHA256
	case "methodology":
		return &r.Methodology
	case "result_sha256":
		return &r.ResultSHA256
	case "status":
		return &r.Status
	case "issued_at":
		return &r.IssuedAt
	case "sig":
		return &r.Signature
	}
	return nil
}

// parseMembers reads the receipt's members: one JSON object (or null), members strings or null.
// The package reads and writes its JSON by hand (internal/jsonscan checks the syntax,
// internal/jsonstr reads and writes the strings; both standard library only) rather than with
// encoding/json: the browser engine links this package, and encoding/json with the reflection it
// brings is ≈ 12% of the engine's code. TestOldReceipts checks the bytes against encoding/json.
func parseMembers(data []byte) (Receipt, error) {
	start := jsonscan.SkipSpace(data, 0)
	end, err := jsonscan.Value(data, start)
	if err != nil {
		return Receipt{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if jsonscan.SkipSpace(data, end) < len(data) {
		return Receipt{}, fmt.Errorf("%w: data after the receipt object", ErrMalformed)
	}
	var r Receipt
	switch data[start] {
	case 'n': // null: an empty receipt, refused below
	case '{':
		err = jsonscan.EachMember(data, start, func(k string, vs, ve int) error {
			f := r.field(k)
			switch {
			case f == nil:
				return fmt.Errorf("%w: unknown field %q", ErrMalformed, k)
			case data[vs] == '"':
				*f = jsonstr.Unquote(data[vs:ve])
			case data[vs] != 'n': // null leaves a member empty, as encoding/json did
				return fmt.Errorf("%w: %s must be a string", ErrMalformed, k)
			}
			return nil
		})
		if err != nil {
			return Receipt{}, err
		}
	default:
		return Receipt{}, fmt.Errorf("%w: not a JSON object", ErrMalformed)
	}
	return r, nil
}

// Parse decodes a receipt and checks its form (not its signature; see Verify).
// Unknown members are refused: they would travel unsigned.
func Parse(data []byte) (Receipt, error) {
	r, err := parseMembers(data)
	if err != nil {
		return Receipt{}, err
	}
	var problems []string
	if r.Type != Type {
		problems = append(problems, fmt.Sprintf("typ must be %q", Type))
	}
	if r.Algorithm != Algorithm {
		problems = append(problems, fmt.Sprintf("alg must be %q", Algorithm))
	}
	if r.KeyID == "" {
		problems = append(problems, "kid is missing")
	}
	for name, h := range map[string]string{"submission_sha256": r.SubmissionSHA256, "result_sha256": r.ResultSHA256} {
		if !isHash(h) {
			problems = append(problems, name+" must be 64 lowercase hex digits")
		}
	}
	if r.ReviewSHA256 != "" && !isHash(r.ReviewSHA256) {
		problems = append(problems, "review_sha256 must be 64 lowercase hex digits")
	}
	switch r.Status {
	case StatusSubmitted, StatusVerified, StatusRecomputed:
	default:
		problems = append(problems, `status must be one of "submitted","verified","recomputed"`)
	}
	if _, err := time.Parse(TimeFormat, r.IssuedAt); err != nil {
		problems = append(problems, "issued_at must be a UTC time like 2026-01-02T15:04:05.000Z")
	}
	if sig, err := base64.RawURLEncoding.DecodeString(r.Signature); err != nil || len(sig) != ed25519.SignatureSize {
		problems = append(problems, "sig must be the unpadded base64url of a 64-byte Ed25519 signature")
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return Receipt{}, fmt.Errorf("%w: %s", ErrMalformed, strings.Join(problems, "; "))
	}
	return r, nil
}

func isHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Verify parses a receipt and checks its signature against the published keys.
// It returns the receipt when the signature holds.
func Verify(data []byte, keys KeySet) (Receipt, error) {
	r, err := Parse(data)
	if err != nil {
		return Receipt{}, err
	}
	return r, r.VerifySignature(keys)
}

// VerifySignature checks r's signature against keys.
func (r Receipt) VerifySignature(keys KeySet) error {
	pub, ok := keys[r.KeyID]
	if !ok {
		return fmt.Errorf("%w %q", ErrUnknownKey, r.KeyID)
	}
	sig, err := base64.RawURLEncoding.DecodeString(r.Signature)
	if err != nil {
		return fmt.Errorf("%w: sig: %v", ErrMalformed, err)
	}
	if !ed25519.Verify(pub, r.SignedBytes(), sig) {
		return ErrBadSignature
	}
	return nil
}

// Check reports whether the receipt covers exactly these bytes: the submission document,
// the review (nil when none) and the result. Run it after VerifySignature.
func (r Receipt) Check(submission, review, result []byte) error {
	var bad []string
	if Hash(submission) != r.SubmissionSHA256 {
		bad = append(bad, "submission_sha256")
	}
	if review == nil && r.ReviewSHA256 != "" || review != nil && Hash(review) != r.ReviewSHA256 {
		bad = append(bad, "review_sha256")
	}
	if result != nil && Hash(result) != r.ResultSHA256 {
		bad = append(bad, "result_sha256")
	}
	if len(bad) > 0 {
		return fmt.Errorf("%w: %s differ", ErrMismatch, strings.Join(bad, ", "))
	}
	return nil
}
