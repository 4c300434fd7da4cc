package scoring

import (
	"errors"
	"slices"
	"strconv"

	"openvalue/internal/jsonstr"
)

// ErrInvalidInput is wrapped by every ValidationError: errors.Is(err, ErrInvalidInput) tells a
// caller the submission (not the engine) is at fault. Any other error from this package is a bug.
var ErrInvalidInput = errors.New("invalid input")

// Problem is one thing wrong with a submission document.
type Problem struct {
	// Path is the field's JSON path with dots and array indexes ("caseStudies.0.measures.1.post",
	// "infram.security.s3_q2"), or RootPath for the document as a whole.
	Path string `json:"path"`
	// Reason says what is wrong, for a person ("must be one of ...").
	Reason string `json:"reason"`
}

// RootPath is the Path of problems with the whole document (size, nesting, not JSON, not an object).
const RootPath = "$"

// ValidationError lists every problem found in a submission document (up to MaxProblems; Total
// counts them all). It wraps ErrInvalidInput.
type ValidationError struct {
	Problems []Problem
	// Total is the number of problems found, ≥ len(Problems).
	Total int
}

func (e *ValidationError) Error() string {
	if len(e.Problems) == 1 {
		return "invalid input: " + e.Problems[0].Path + ": " + e.Problems[0].Reason
	}
	return "invalid input: " + e.message()
}

// Unwrap makes errors.Is(err, ErrInvalidInput) hold.
func (e *ValidationError) Unwrap() error { return ErrInvalidInput }

func (e *ValidationError) message() string {
	n := max(e.Total, len(e.Problems))
	msg := strconv.Itoa(n) + " problems in the submission"
	if n == 1 {
		msg = "1 problem in the submission"
	}
	if n > len(e.Problems) {
		msg += " (the first " + strconv.Itoa(len(e.Problems)) + " are listed)"
	}
	return msg
}

// ErrorDocument is the error document every runner answers for an invalid submission (the CLI on
// stdout with exit status 2, the wasm engine as its return value, the server as its body):
//
//	{"error":{"code":"invalid_input","message":"2 problems in the submission","fields":[{"path":...,"reason":...}]}}
type ErrorDocument struct {
	Error ErrorBody `json:"error"`
}

// ErrorBody is the body of an ErrorDocument.
type ErrorBody struct {
	// Code is "invalid_input" for submissions; the server adds transport codes ("bad_request", ...).
	Code string `json:"code"`
	// Message is a one-line summary for a person.
	Message string `json:"message"`
	// Fields lists the problems; empty (never absent) for codes that concern no field.
	Fields []Problem `json:"fields"`
}

// CodeInvalidInput is the ErrorBody.Code of a ValidationError.
const CodeInvalidInput = "invalid_input"

// Document returns the error document of e.
func (e *ValidationError) Document() ErrorDocument {
	fields := e.Problems
	if fields == nil {
		fields = []Problem{}
	}
	return ErrorDocument{Error: ErrorBody{Code: CodeInvalidInput, Message: e.message(), Fields: fields}}
}

// JSON returns the error document of e in the same encoding as the result document (encoding/json's
// bytes for Document, written without reflection: a half-filled form in the browser is an invalid
// document on many keystrokes).
func (e *ValidationError) JSON() []byte {
	return AppendErrorDocument(nil, CodeInvalidInput, e.message(), e.Problems)
}

// AppendErrorDocument appends the error document {"error":{"code","message","fields"}} with
// encoding/json's bytes for ErrorDocument (fields nil or empty is written as []). Every runner
// that writes an error document by hand (the wasm engine for its own codes) uses it.
func AppendErrorDocument(b []byte, code, message string, fields []Problem) []byte {
	n := 64 + len(message)
	for _, p := range fields {
		n += 24 + len(p.Path) + len(p.Reason)
	}
	b = slices.Grow(b, n)
	b = append(b, `{"error":{"code":`...)
	b = jsonstr.Append(b, code)
	b = append(b, `,"message":`...)
	b = jsonstr.Append(b, message)
	b = append(b, `,"fields":[`...)
	for i, p := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"path":`...)
		b = jsonstr.Append(b, p.Path)
		b = append(b, `,"reason":`...)
		b = jsonstr.Append(b, p.Reason)
		b = append(b, '}')
	}
	return append(b, "]}}"...)
}

// problems collects Problems during decoding and validation, in discovery order, at most one per
// path (the first reason found for a field is the one reported).
type problems struct {
	list  []Problem
	total int
	seen  map[string]bool
}

func (p *problems) add(path, reason string) {
	if path == "" {
		path = RootPath
	}
	if p.seen == nil {
		p.seen = make(map[string]bool)
	}
	if p.seen[path] {
		return
	}
	// A problem with an object or array already explains its members: report only the outer one.
	for i := 0; i < len(path); i++ {
		if path[i] == '.' && p.seen[path[:i]] {
			return
		}
	}
	p.seen[path] = true
	p.total++
	if len(p.list) < MaxProblems {
		p.list = append(p.list, Problem{Path: path, Reason: reason})
	}
}

// has reports whether path already has a problem.
func (p *problems) has(path string) bool { return p.seen[path] }

func (p *problems) err() error {
	if p.total == 0 {
		return nil
	}
	return &ValidationError{Problems: p.list, Total: p.total}
}
