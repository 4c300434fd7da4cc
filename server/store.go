package server

import (
	"context"
	"errors"
	"time"
)

// Store is where the server keeps drafts, submissions, reviews and reviewers.
// server/sqlite (default, one process) and server/postgres (several servers) implement it
// and pass the same suite, server/storetest. Every method that returns without error has
// made its write durable: a submission acknowledged with 201 survives a SIGKILL.
//
// Secrets are never stored: tokens arrive here already hashed (SHA-256), and the server
// compares them in constant time after loading a row by id. Times come back in UTC, to the
// microsecond (PostgreSQL's precision).
type Store interface {
	// CreateDraft inserts a new draft; ErrConflict if the id exists.
	CreateDraft(ctx context.Context, d Draft) error
	// UpdateDraft replaces the document of an existing draft; ErrNotFound if absent.
	UpdateDraft(ctx context.Context, id string, doc []byte, at time.Time) error
	// GetDraft loads a draft by id; ErrNotFound if absent.
	GetDraft(ctx context.Context, id string) (Draft, error)

	// CreateSubmission inserts a new submission with its first result and receipt; ErrConflict if the id exists.
	CreateSubmission(ctx context.Context, s Submission) error
	// GetSubmission loads a submission by id; ErrNotFound if absent.
	GetSubmission(ctx context.Context, id string) (Submission, error)
	// ListSubmissions returns up to limit submissions with the given status, oldest first (the review queue);
	// a limit of 0 or less means no limit. Ties of CreatedAt keep insertion order.
	ListSubmissions(ctx context.Context, status string, limit int) ([]Submission, error)

	// SaveReview atomically appends the review to the audit trail and stores its result, receipt
	// and status on the submission, with Version+1 and UpdatedAt = r.CreatedAt. ErrNotFound if the
	// submission is absent; ErrConflict if the submission's Version is no longer r.BaseVersion
	// (another review landed first) or the review id exists. A refused review changes nothing.
	SaveReview(ctx context.Context, r Review) error
	// ListReviews returns a submission's reviews, oldest first (none, and no error, for an unknown id).
	ListReviews(ctx context.Context, submissionID string) ([]Review, error)

	// AddReviewer inserts a reviewer; ErrConflict if the id, name or token hash exists.
	AddReviewer(ctx context.Context, r Reviewer) error
	// ReviewerByTokenHash finds the reviewer holding a token; ErrNotFound if none.
	ReviewerByTokenHash(ctx context.Context, hash []byte) (Reviewer, error)

	Close() error
}

// Store errors. Implementations wrap them (fmt.Errorf("sqlite: get submission: %w", ErrNotFound)).
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
)

// Draft is a hospital's unfinished submission document, resumable with its token.
type Draft struct {
	ID        string
	TokenHash []byte // SHA-256 of the draft's secret token
	Document  []byte // the (possibly incomplete) submission JSON, as sent
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Submission is a submitted document with its latest authoritative result.
type Submission struct {
	ID        string
	TokenHash []byte // SHA-256 of the access token
	Document  []byte // the submission JSON as received
	Status    string // "submitted" or "verified"
	Result    []byte // the latest result document computed by the server (scoring.ScoreJSON)
	Receipt   []byte // the latest signed receipt (JSON)
	Version   int    // 1 on creation, +1 with every saved review (optimistic concurrency)
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Review is one reviewer's decisions on a submission, kept as an audit trail.
type Review struct {
	ID           string
	SubmissionID string
	ReviewerID   string
	ReviewerName string
	BaseVersion  int    // the submission Version the reviewer decided on
	Decisions    []byte // the review JSON (per case study / measure: accepted or rejected, with reason)
	Status       string // the submission's status after this review ("verified")
	Result       []byte // the verified result document
	Receipt      []byte // the receipt issued for it
	CreatedAt    time.Time
}

// Reviewer is a person allowed to verify submissions.
type Reviewer struct {
	ID        string
	Name      string
	TokenHash []byte
	CreatedAt time.Time
}
