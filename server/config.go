package server

import (
	"io"
	"io/fs"
	"log/slog"
	"time"

	"openvalue/receipt"
)

// Config is everything New needs. Only cmd/openvalue and server/edge build one; the
// server itself reads no flags, files or environment.
type Config struct {
	// Store keeps drafts, submissions, reviews and reviewers. Nil makes the server
	// stateless (the edge): it serves POST /api/v1/verify, GET /api/v1/keys,
	// POST /api/v1/rate and GET /api/v1/openapi.json, and answers every other API route
	// with 501 "not_implemented".
	Store Store

	// Keys signs receipts and is published at GET /api/v1/keys. Nil: no receipts are
	// issued (the "receipt" members are null) and the key set is empty.
	Keys *receipt.Keyring

	// Web is the static front end (openvalue/web.FS). Files ending in .go are never served.
	// Nil: GET / and other non-API paths answer 404.
	Web fs.FS

	// PDF renders the summary of GET /api/v1/submissions/{id}/summary.pdf (server/pdf.Render).
	// It is injected so package server, which the edge compiles to WebAssembly, does not
	// depend on the PDF library. Nil: that route answers 501.
	PDF PDFRenderer

	// Rate computes a hospital's ratings for POST /api/v1/rate. Nil means ratings.RateJSON
	// against Web's cohort.json (the snapshot the browser uses); without that file the
	// route answers 501.
	Rate func(input []byte) ([]byte, error)

	// EmbedAncestors are the origins allowed to frame the embeddable calculator (pages whose
	// file name starts with "embed", or any page asked for with an "embed" query parameter),
	// as CSP frame-ancestors sources. Nil means any origin ("*"): the calculator computes in
	// the visitor's browser, holds no credentials and changes nothing on the server, so
	// framing it cannot be turned against its user. Every other page and every API answer
	// refuses framing (frame-ancestors 'none').
	EmbedAncestors []string

	// MaxBodyBytes caps request bodies; larger ones get 413. Zero means DefaultMaxBodyBytes.
	MaxBodyBytes int64

	// Now is the clock (receipts, timestamps). Nil means time.Now.
	Now func() time.Time

	// Rand is the source of ids and tokens. Nil means crypto/rand.Reader.
	Rand io.Reader

	// Logger receives internal errors (never sent to clients). Nil discards them.
	Logger *slog.Logger
}

// DefaultMaxBodyBytes is the default request body limit: room for a submission at the
// scoring core's limit (1 MiB) wrapped with the browser's estimate.
const DefaultMaxBodyBytes = 2 << 20

// PDFRenderer renders a submission's PDF summary.
type PDFRenderer func(Summary) ([]byte, error)

// Summary is what a PDF summary is made of: the stored submission with its latest
// result and receipt.
type Summary struct {
	SubmissionID string
	Status       string // "submitted" or "verified"
	Document     []byte // the submission document as received
	Result       []byte // the latest result document (scoring.ScoreJSON)
	Receipt      []byte // the latest receipt (JSON)
	ReceiptID    string // receipt.Receipt.ID of Receipt
	CreatedAt    time.Time
	UpdatedAt    time.Time
}
