package receipt

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"openvalue/internal/jsonscan"
	"openvalue/internal/jsonstr"
)

// KeySet maps key ids to the public keys receipts may be signed with.
type KeySet map[string]ed25519.PublicKey

// KeyID is the id of a public key: the first 16 hex digits of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	s := sha256.Sum256(pub)
	return hex.EncodeToString(s[:8])
}

// Keyring signs receipts with its active key and publishes every key it holds, so
// receipts signed before a rotation still verify. It is safe for concurrent use.
type Keyring struct {
	signer ed25519.PrivateKey // nil: the keyring only verifies
	kid    string
	set    KeySet
	order  []string // publication order: oldest first
}

// ErrNoSigningKey is returned by Sign on a keyring without a private key.
var ErrNoSigningKey = errors.New("receipt: no signing key")

// ParseKeyring reads key material: tokens separated by white space, commas or new lines;
// "#" starts a comment that runs to the end of the line. A token is either the unpadded
// base64url of a 32-byte Ed25519 seed (a private key) or "pub:" followed by the base64url of
// a 32-byte public key (a retired key kept only for verification). The last private key is
// the active one; all keys are published. This is the format of the --key file and of the
// OPENVALUE_SIGNING_KEY variable.
func ParseKeyring(material []byte) (*Keyring, error) {
	k := &Keyring{set: KeySet{}}
	for n, line := range strings.Split(string(material), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		for _, tok := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' }) {
			if p, ok := strings.CutPrefix(tok, "pub:"); ok {
				b, err := decodeKey(p)
				if err != nil {
					return nil, fmt.Errorf("receipt: key material line %d: public key: %v", n+1, err)
				}
				k.add(ed25519.PublicKey(b))
				continue
			}
			seed, err := decodeKey(tok)
			if err != nil {
				return nil, fmt.Errorf("receipt: key material line %d: seed: %v", n+1, err)
			}
			priv := ed25519.NewKeyFromSeed(seed)
			k.signer = priv
			k.kid = k.add(priv.Public().(ed25519.PublicKey))
		}
	}
	if len(k.set) == 0 {
		return nil, errors.New("receipt: key material holds no key")
	}
	return k, nil
}

func decodeKey(s string) ([]byte, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, fmt.Errorf("not base64url: %v", err)
	}
	if len(b) != 32 {
		return nil, fmt.Errorf("%d bytes; want 32", len(b))
	}
	return b, nil
}

func (k *Keyring) add(pub ed25519.PublicKey) string {
	id := KeyID(pub)
	if _, dup := k.set[id]; !dup {
		k.order = append(k.order, id)
	}
	k.set[id] = pub
	return id
}

// NewSeed reads a fresh 32-byte seed from rand (crypto/rand.Reader) and returns it as a
// key material token, ready to append to a key file (rotation).
func NewSeed(rand io.Reader) (string, error) {
	seed := make([]byte, ed25519.SeedSize)
	if _, err := io.ReadFull(rand, seed); err != nil {
		return "", fmt.Errorf("receipt: new seed: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(seed), nil
}

// PublicToken is the "pub:" token of a seed token: what replaces a private key in the key
// material when it is retired, so old receipts verify but nothing new can be signed with it.
func PublicToken(seed string) (string, error) {
	b, err := decodeKey(seed)
	if err != nil {
		return "", err
	}
	pub := ed25519.NewKeyFromSeed(b).Public().(ed25519.PublicKey)
	return "pub:" + base64.RawURLEncoding.EncodeToString(pub), nil
}

// ActiveKeyID is the id of the signing key ("" when the keyring only verifies).
func (k *Keyring) ActiveKeyID() string { return k.kid }

// KeySet returns the public keys of the keyring.
func (k *Keyring) KeySet() KeySet {
	s := make(KeySet, len(k.set))
	for id, p := range k.set {
		s[id] = p
	}
	return s
}

// Sign issues a receipt for the claims with the active key.
func (k *Keyring) Sign(c Claims) (Receipt, error) {
	if k == nil || k.signer == nil {
		return Receipt{}, ErrNoSigningKey
	}
	r := Receipt{
		Type:             Type,
		Algorithm:        Algorithm,
		KeyID:            k.kid,
		SubmissionID:     c.SubmissionID,
		SubmissionSHA256: c.SubmissionSHA256,
		ReviewSHA256:     c.ReviewSHA256,
		Methodology:      c.Methodology,
		ResultSHA256:     c.ResultSHA256,
		Status:           c.Status,
		IssuedAt:         c.IssuedAt.UTC().Format(TimeFormat),
	}
	r.Signature = base64.RawURLEncoding.EncodeToString(ed25519.Sign(k.signer, r.SignedBytes()))
	return r, nil
}

// JWK is one public key as published by GET /api/v1/keys (RFC 8037).
type JWK struct {
	KeyType string `json:"kty"` // "OKP"
	Curve   string `json:"crv"` // "Ed25519"
	KeyID   string `json:"kid"`
	X       string `json:"x"`             // base64url public key
	Use     string `json:"use,omitempty"` // "sig"
	Alg     string `json:"alg,omitempty"` // "EdDSA"
}

// JWKS is a JWK set; Active names the key new receipts are signed with.
type JWKS struct {
	Keys   []JWK  `json:"keys"`
	Active string `json:"active,omitempty"`
}

// JWKS returns the keyring's public keys, oldest first.
func (k *Keyring) JWKS() JWKS {
	out := JWKS{Keys: []JWK{}, Active: k.kid}
	for _, id := range k.order {
		out.Keys = append(out.Keys, JWK{KeyType: "OKP", Curve: "Ed25519", KeyID: id,
			X: base64.RawURLEncoding.EncodeToString(k.set[id]), Use: "sig", Alg: "EdDSA"})
	}
	return out
}

// ParseJWKS reads a JWK set (as served by GET /api/v1/keys) into a KeySet. A key whose kid
// is not the id of its public key is refused, so a key file cannot vouch under a false name.
func ParseJWKS(data []byte) (KeySet, error) {
	s, err := decodeJWKS(data)
	if err != nil {
		return nil, fmt.Errorf("receipt: keys: %w", err)
	}
	set := KeySet{}
	for i, j := range s.Keys {
		if j.KeyType != "OKP" || j.Curve != "Ed25519" {
			continue // not ours; JWK sets may mix key types
		}
		b, err := decodeKey(j.X)
		if err != nil {
			return nil, fmt.Errorf("receipt: keys[%d].x: %v", i, err)
		}
		if id := KeyID(b); j.KeyID != id {
			return nil, fmt.Errorf("receipt: keys[%d].kid is %q; the key's id is %q", i, j.KeyID, id)
		}
		set[j.KeyID] = ed25519.PublicKey(b)
	}
	if len(set) == 0 {
		return nil, errors.New("receipt: keys: no Ed25519 key")
	}
	return set, nil
}

// decodeJWKS reads a JWK set as encoding/json.Unmarshal into JWKS did: one JSON value, members
// other than the JWKS and JWK fields ignored, the fields strings (or null), "keys" an array.
func decodeJWKS(data []byte) (JWKS, error) {
	var s JWKS
	start := jsonscan.SkipSpace(data, 0)
	end, err := jsonscan.Value(data, start)
	if err != nil {
		return s, err
	}
	if jsonscan.SkipSpace(data, end) < len(data) {
		return s, errors.New("data after the key set")
	}
	str := func(path string, vs, ve int, into *string) error {
		switch data[vs] {
		case 'n':
		case '"':
			*into = jsonstr.Unquote(data[vs:ve])
		default:
			return fmt.Errorf("%s must be a string", path)
		}
		return nil
	}
	switch data[start] {
	case 'n':
		return s, nil
	case '{':
	default:
		return s, errors.New("not a JSON object")
	}
	return s, jsonscan.EachMember(data, start, func(k string, vs, ve int) error {
		switch k {
		case "active":
			return str(k, vs, ve, &s.Active)
		case "keys":
			switch data[vs] {
			case 'n':
				s.Keys = nil
				return nil
			case '[':
			default:
				return errors.New("keys must be an array")
			}
			s.Keys = []JWK{}
			return jsonscan.EachElement(data, vs, func(es, ee int) error {
				path := fmt.Sprintf("keys[%d]", len(s.Keys))
				var j JWK
				switch data[es] {
				case 'n':
				case '{':
					fields := map[string]*string{"kty": &j.KeyType, "crv": &j.Curve, "kid": &j.KeyID, "x": &j.X, "use": &j.Use, "alg": &j.Alg}
					if err := jsonscan.EachMember(data, es, func(k string, vs, ve int) error {
						if f := fields[k]; f != nil {
							return str(path+"."+k, vs, ve, f)
						}
						return nil
					}); err != nil {
						return err
					}
				default:
					return fmt.Errorf("%s must be an object", path)
				}
				s.Keys = append(s.Keys, j)
				return nil
			})
		}
		return nil
	})
}
