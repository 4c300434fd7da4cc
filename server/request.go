package server

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"openvalue/internal/jsonstr"
)

// readBody reads a JSON request body: the media type must be application/json (415
// otherwise) and the size at most the limit (413).
func (s *server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if !isJSONType(r.Header.Get("Content-Type")) {
		return nil, errorf(CodeUnsupportedMediaType, "the body must be JSON sent as Content-Type: application/json")
	}
	if r.ContentLength > s.maxBody {
		// Refuse before reading; the server closes the connection rather than drain it.
		return nil, errorf(CodeTooLarge, "the request body is larger than %d bytes", s.maxBody)
	}
	body := r.Body
	if body == nil { // net/http never does this; other adapters (syumai/workers) may
		body = http.NoBody
	}
	b, err := readAll(http.MaxBytesReader(w, body, s.maxBody), r.ContentLength)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errorf(CodeTooLarge, "the request body is larger than %d bytes", s.maxBody)
		}
		return nil, &Error{Code: CodeBadRequest, Message: "the request body could not be read", Err: err}
	}
	return b, nil
}

// isJSONType reports whether a Content-Type names JSON: application/json or
// application/*+json, with any parameters. The usual exact value skips the parser.
func isJSONType(ct string) bool {
	if ct == "application/json" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"))
}

// readAll reads r to the end into a buffer sized from the announced length (io.ReadAll
// would grow it from 512 bytes, copying a 30 KB body six times).
func readAll(r io.Reader, announced int64) ([]byte, error) {
	if announced <= 0 {
		return io.ReadAll(r)
	}
	b := make([]byte, 0, announced+1) // +1: the read that sees EOF needs room
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) { // longer than announced: let append grow it
			b = append(b, 0)[:len(b)]
		}
	}
}

// members decodes a JSON object into its top-level members (raw, byte for byte as sent).
// what names the object in messages ("the body", "submission").
func members(b []byte, what string) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, errorf(CodeBadRequest, "%s is not valid JSON: %v (at byte %d)", what, se, se.Offset)
		}
		return nil, errorf(CodeBadRequest, "%s must be a JSON object", what)
	}
	if m == nil {
		return nil, errorf(CodeBadRequest, "%s must be a JSON object, not null", what)
	}
	return m, nil
}

// isNull reports whether a raw member is absent or JSON null.
func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(bytes.TrimSpace(raw)) == "null"
}

// isObject reports whether a raw member is a JSON object.
func isObject(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && t[0] == '{'
}

// marshalObject encodes members as a compact JSON object (keys sorted), keeping raw
// values as they are (no HTML escaping).
func marshalObject(m map[string]json.RawMessage) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// sameJSON reports whether two JSON documents have the same value (member order,
// white space and number spelling aside). It is how a browser's estimate is compared
// with the server's result after a trip through JavaScript.
func sameJSON(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true
	}
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return equalJSON(x, y)
}

func equalJSON(x, y any) bool {
	switch x := x.(type) {
	case map[string]any:
		y, ok := y.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !equalJSON(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := y.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equalJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	default:
		return x == y
	}
}

// Secrets. Tokens are 256-bit random, sent once, stored as SHA-256, and compared in
// constant time; ids are 128-bit random.
const (
	tokenBytes = 32
	idBytes    = 16
)

func (s *server) random(n int) (string, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(s.rand, b); err != nil {
		return "", fmt.Errorf("random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func (s *server) newID() (string, error)    { return s.random(idBytes) }
func (s *server) newToken() (string, error) { return s.random(tokenBytes) }

// HashToken is how tokens are stored: their SHA-256. cmd/openvalue uses it for reviewers.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// tokenOpens reports, in constant time, whether token hashes to hash.
func tokenOpens(hash []byte, token string) bool {
	if token == "" || len(hash) != sha256.Size {
		return false
	}
	return subtle.ConstantTimeCompare(hash, HashToken(token)) == 1
}

// bearer returns the token of an "Authorization: Bearer <token>" header, or "".
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// validID reports whether a path id has the form of our ids (and of client-chosen draft
// ids): 1–64 characters of A–Z a–z 0–9 _ -. Anything else is a 404 without a store lookup.
func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// object builds a JSON object from members in order; values are raw JSON. Handlers use it
// so the result documents they embed stay byte-identical to scoring.ScoreJSON's output
// (encoding/json would compact and re-escape them). Large values (the documents, 10–20 KB
// each) are kept by reference, not copied: write sends the pieces to the connection one
// after the other, so an answer costs no buffer of its own size and no extra copy.
type object struct {
	buf  []byte   // keys, punctuation and small values not yet in segs
	segs [][]byte // the body so far, in order, before buf
	n    int      // bytes in segs
}

// bigValue is the size from which raw values are referenced rather than copied.
const bigValue = 512

func (o *object) sep() {
	if o.n == 0 && len(o.buf) == 0 {
		if o.buf == nil {
			o.buf = make([]byte, 0, 256)
		}
		o.buf = append(o.buf, '{')
	} else {
		o.buf = append(o.buf, ',')
	}
}

func (o *object) raw(key string, value []byte) *object {
	o.sep()
	o.buf = jsonstr.Append(o.buf, key)
	o.buf = append(o.buf, ':')
	switch {
	case len(value) == 0:
		o.buf = append(o.buf, "null"...)
	case len(value) < bigValue:
		o.buf = append(o.buf, value...)
	default:
		o.segs = append(o.segs, o.buf, value)
		o.n += len(o.buf) + len(value)
		o.buf = o.buf[len(o.buf):] // the rest of the array: earlier bytes stay as segs[...] sees them
	}
	return o
}

func (o *object) str(key, value string) *object {
	o.sep()
	o.buf = jsonstr.Append(o.buf, key)
	o.buf = append(o.buf, ':')
	o.buf = jsonstr.Append(o.buf, value)
	return o
}

func (o *object) val(key string, value any) *object {
	var v []byte
	switch x := value.(type) {
	case nil:
		v = []byte("null")
	case bool:
		v = strconv.AppendBool(nil, x)
	case int:
		v = strconv.AppendInt(nil, int64(x), 10)
	default:
		var err error
		if v, err = json.Marshal(value); err != nil {
			panic(err) // only our own plain values are passed
		}
	}
	return o.raw(key, v)
}

// close ends the object; it returns the total length of the body.
func (o *object) close() int {
	if o.n == 0 && len(o.buf) == 0 {
		o.buf = append(o.buf, '{')
	}
	o.buf = append(o.buf, '}')
	o.segs = append(o.segs, o.buf)
	o.n += len(o.buf)
	o.buf = nil
	return o.n
}

// bytes returns the object as one JSON document.
func (o *object) bytes() []byte {
	b := make([]byte, 0, o.close())
	for _, s := range o.segs {
		b = append(b, s...)
	}
	return b
}

// write sends the object as a JSON answer with status. The pieces are gathered in a pooled
// buffer and written at once: net/http then hands the answer to the kernel in two writes
// (its 4 KB buffer with the header, then the rest), where one Write per piece would cost a
// third, and on loopback each write(2) runs the receiver's TCP stack too.
func (o *object) write(w http.ResponseWriter, status int) {
	n := o.close()
	bp := answerBufs.Get().(*[]byte)
	b := (*bp)[:0]
	for _, s := range o.segs {
		b = append(b, s...)
	}
	jsonHeader(w.Header(), n)
	w.WriteHeader(status)
	_, _ = w.Write(b) // net/http has copied or sent b when Write returns
	if cap(b) <= maxPooledAnswer {
		*bp = b
		answerBufs.Put(bp)
	}
}

// answerBufs recycles the buffers of write; answers larger than maxPooledAnswer are left to
// the collector, so a rare huge answer does not stay in memory.
var answerBufs = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

const maxPooledAnswer = 256 << 10
