package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"openvalue/scoring"
)

// Error codes of the error document {"error":{"code","message","fields":[{path,reason}]}}.
// "invalid_input" comes from the scoring core; the others are the server's.
const (
	CodeInvalidInput         = "invalid_input"
	CodeBadRequest           = "bad_request"
	CodeTooLarge             = "too_large"
	CodeUnsupportedMediaType = "unsupported_media_type"
	CodeUnauthorized         = "unauthorized"
	CodeNotFound             = "not_found"
	CodeMethodNotAllowed     = "method_not_allowed"
	CodeConflict             = "conflict"
	CodeInternal             = "internal"
	CodeNotImplemented       = "not_implemented"
)

// statusOf is THE table from error code to HTTP status. Every error answer goes
// through it (writeError); openapi.json's ErrorCode enum lists the same codes
// (checked by TestOpenAPI_ErrorCodes).
var statusOf = map[string]int{
	CodeBadRequest:           http.StatusBadRequest,            // 400: not JSON, not an object, a wrong-typed wrapper member
	CodeUnauthorized:         http.StatusUnauthorized,          // 401: reviewer endpoints without a valid reviewer token
	CodeNotFound:             http.StatusNotFound,              // 404: unknown, or not yours (the two are indistinguishable)
	CodeMethodNotAllowed:     http.StatusMethodNotAllowed,      // 405
	CodeConflict:             http.StatusConflict,              // 409: a review landed on a newer version
	CodeTooLarge:             http.StatusRequestEntityTooLarge, // 413: body over Config.MaxBodyBytes
	CodeUnsupportedMediaType: http.StatusUnsupportedMediaType,  // 415: body not application/json
	CodeInvalidInput:         http.StatusUnprocessableEntity,   // 422: the document breaks the methodology's rules
	CodeInternal:             http.StatusInternalServerError,   // 500: detail in the log only
	CodeNotImplemented:       http.StatusNotImplemented,        // 501: a route this deployment does not serve (stateless edge, no PDF renderer)
}

// Field is one problem of a request, located by a JSON path.
type Field struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Error is an error answer. Message and Fields go to the client; Err (the cause)
// only to the log.
type Error struct {
	Code    string
	Message string
	Fields  []Field
	Err     error
	doc     []byte // a ready error document (the scoring core's), sent as is
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Code + ": " + e.Message + ": " + e.Err.Error()
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

func errorf(code, format string, a ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, a...)}
}

// invalidField is a 422 naming one field.
func invalidField(path, reason string) *Error {
	return &Error{Code: CodeInvalidInput, Message: "1 problem in the request", Fields: []Field{{path, reason}}}
}

// errNotFound is the answer for unknown ids and wrong or missing tokens alike, so a stranger
// learns nothing about which ids exist.
var errNotFound = &Error{Code: CodeNotFound, Message: "no such resource, or the token does not open it"}

// toError maps any error to an *Error: ours as they are, the scoring core's validation
// errors to 422 with its own document, store sentinels to 404/409, the rest to 500.
func toError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var ve *scoring.ValidationError
	if errors.As(err, &ve) {
		return &Error{Code: CodeInvalidInput, Message: ve.Error(), Err: err}
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errorf(CodeTooLarge, "the request body is larger than %d bytes", mbe.Limit)
	}
	switch {
	case errors.Is(err, ErrNotFound):
		return errNotFound
	case errors.Is(err, ErrConflict):
		return &Error{Code: CodeConflict, Message: "the resource changed meanwhile; reload it and try again", Err: err}
	}
	return &Error{Code: CodeInternal, Message: "internal error", Err: err}
}

// errorDocument is the wire form of an error.
func (e *Error) document() []byte {
	if e.doc != nil {
		return e.doc
	}
	type inner struct {
		Code    string  `json:"code"`
		Message string  `json:"message"`
		Fields  []Field `json:"fields"`
	}
	fields := e.Fields
	if fields == nil {
		fields = []Field{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(struct {
		Error inner `json:"error"`
	}{inner{e.Code, e.Message, fields}})
	return bytes.TrimRight(b.Bytes(), "\n")
}

// scoreError turns an error of scoring.ScoreJSON into an answer: a validation error keeps
// the core's own error document, byte for byte what the CLI and the browser show; any
// other error is a bug of the core and becomes a 500.
func scoreError(doc []byte, err error) *Error {
	var ve *scoring.ValidationError
	if errors.As(err, &ve) && len(doc) > 0 {
		return &Error{Code: CodeInvalidInput, Message: ve.Error(), Err: err, doc: doc}
	}
	return &Error{Code: CodeInternal, Message: "internal error", Err: fmt.Errorf("scoring: %w", err)}
}

// writeError sends err as an error document with the status of the table, and logs
// internal errors with their cause.
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e := toError(err)
	status, ok := statusOf[e.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if status >= 500 && e.Code != CodeNotImplemented && !errors.Is(err, context.Canceled) {
		s.log.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", e))
	}
	writeJSON(w, status, e.document())
}

// writeJSON writes a JSON body with its status.
func writeJSON(w http.ResponseWriter, status int, body []byte) {
	jsonHeader(w.Header(), len(body))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// jsonHeader sets the headers of a JSON body of n bytes.
func jsonHeader(h http.Header, n int) {
	h["Content-Type"] = []string{"application/json"}
	h["Content-Length"] = []string{strconv.Itoa(n)}
}
