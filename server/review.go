package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"openvalue/receipt"
	"openvalue/scoring"
)

var errUnauthorized = &Error{Code: CodeUnauthorized, Message: "a reviewer token is required (Authorization: Bearer <token>)"}

// reviewer authenticates the request's bearer token as a reviewer's.
func (s *server) reviewer(r *http.Request) (Reviewer, error) {
	token := bearer(r)
	if token == "" {
		return Reviewer{}, errUnauthorized
	}
	rv, err := s.store.ReviewerByTokenHash(r.Context(), HashToken(token))
	if errors.Is(err, ErrNotFound) {
		return Reviewer{}, errUnauthorized
	}
	if err != nil {
		return Reviewer{}, err
	}
	if !tokenOpens(rv.TokenHash, token) { // the store matched on the hash; check it ourselves anyway
		return Reviewer{}, errUnauthorized
	}
	return rv, nil
}

// Review queue page sizes.
const (
	defaultQueueLimit = 50
	maxQueueLimit     = 500
)

// handleReviewQueue lists the submissions awaiting review, oldest first.
func (s *server) handleReviewQueue(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.reviewer(r); err != nil {
		return err
	}
	limit := defaultQueueLimit
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxQueueLimit {
			return &Error{Code: CodeBadRequest, Message: "bad query parameter", Fields: []Field{{"limit", "must be an integer from 1 to 500"}}}
		}
		limit = n
	}
	subs, err := s.store.ListSubmissions(r.Context(), receipt.StatusSubmitted, limit)
	if err != nil {
		return err
	}
	list := make([]json.RawMessage, len(subs))
	for i, sub := range subs {
		list[i] = submissionJSON(sub, nil).bytes()
	}
	writeJSON(w, http.StatusOK, new(object).val("submissions", list).bytes())
	return nil
}

// reviewRequest is the body of POST /submissions/{id}/review.
type reviewRequest struct {
	// Version is the submission version the reviewer decided on (optimistic concurrency);
	// 0 or absent means the current one.
	Version int `json:"version"`
	// Review is the review object of the submission document (scoring.Review); its
	// "reviewer" is set by the server to the authenticated reviewer's name.
	Review json.RawMessage `json:"review"`
}

// handleReviewCreate records a reviewer's decisions: they become the document's "review",
// the core recomputes the verified result, and the result, a new receipt and the audit
// entry are saved atomically, unless another review landed first (409).
func (s *server) handleReviewCreate(w http.ResponseWriter, r *http.Request) error {
	rv, err := s.reviewer(r)
	if err != nil {
		return err
	}
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	m, err := members(body, "the body")
	if err != nil {
		return err
	}
	for k := range m {
		if k != "version" && k != "review" {
			return invalidField(k, `unknown member; the body is {"version": <int>, "review": <review object>}`)
		}
	}
	var req reviewRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return invalidField("version", "must be an integer")
	}
	if !isObject(req.Review) {
		return invalidField("review", "must be the review object: {\"caseStudies\":[{\"id\",\"decision\",\"reason\",\"measures\"}],\"notes\"}")
	}
	id := r.PathValue("id")
	if !validID(id) {
		return errNotFound
	}
	sub, err := s.store.GetSubmission(r.Context(), id)
	if err != nil {
		return err
	}
	base := sub.Version
	if req.Version != 0 {
		if req.Version != sub.Version {
			return &Error{Code: CodeConflict, Message: "the submission is at version " + strconv.Itoa(sub.Version) + ", not " + strconv.Itoa(req.Version) + "; reload it and decide again"}
		}
		base = req.Version
	}

	// The reviewer's name is the authenticated one, whatever the body says.
	rm, err := members(req.Review, "review")
	if err != nil {
		return err
	}
	name, _ := json.Marshal(rv.Name)
	rm["reviewer"] = name
	review, err := marshalObject(rm)
	if err != nil {
		return err
	}
	dm, err := members(sub.Document, "submission")
	if err != nil {
		return err
	}
	dm["review"] = review
	merged, err := marshalObject(dm)
	if err != nil {
		return err
	}
	result, err := s.score(r.Context(), merged)
	if err != nil {
		return err
	}

	now := s.now().UTC()
	rec, _, err := s.sign(receipt.Claims{
		SubmissionID:     sub.ID,
		SubmissionSHA256: receipt.Hash(sub.Document),
		ReviewSHA256:     receipt.Hash(review),
		Methodology:      scoring.Methodology,
		ResultSHA256:     receipt.Hash(result),
		Status:           receipt.StatusVerified,
		IssuedAt:         now,
	})
	if err != nil {
		return err
	}
	reviewID, err := s.newID()
	if err != nil {
		return err
	}
	if err := s.store.SaveReview(r.Context(), Review{
		ID: reviewID, SubmissionID: sub.ID, ReviewerID: rv.ID, ReviewerName: rv.Name, BaseVersion: base,
		Decisions: review, Status: receipt.StatusVerified, Result: result, Receipt: rec, CreatedAt: now,
	}); err != nil {
		return err
	}
	out := new(object).
		str("id", sub.ID).
		str("review_id", reviewID).
		str("status", receipt.StatusVerified).
		val("version", base+1).
		raw("review", review).
		raw("result", result).
		raw("receipt", rec).
		str("created_at", now.Format(time.RFC3339Nano))
	out.write(w, http.StatusOK)
	return nil
}
