package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"openvalue/receipt"
	"openvalue/scoring"
)

// parseSubmission splits a POST /submissions body into the submission document and the
// browser's estimate (nil when none). The body is either the submission document itself
// or the wrapper {"submission": <document>, "estimate": <result>}: a submission document
// has no top-level "submission" member (scoring.Input), so the two cannot be confused.
// A submission must not carry a "review": only reviewers add one. A body that can have
// neither member is the document itself, unscanned (mayHave).
func parseSubmission(body []byte) (doc, estimate []byte, err error) {
	if !mayHave(body, quotedSubmission, quotedReview) {
		return body, nil, nil
	}
	return parseSubmissionScan(body)
}

func parseSubmissionScan(body []byte) (doc, estimate []byte, err error) {
	m, ok := topLevel(body)
	if !ok {
		return nil, nil, notADocument(body, errorf(CodeBadRequest, "the body must be a JSON object"))
	}
	top := m
	doc = body
	if sub, ok := m["submission"]; ok {
		for k := range m {
			if k != "submission" && k != "estimate" {
				return nil, nil, invalidField(k, `unknown member of the wrapper {"submission","estimate"}`)
			}
		}
		if !isObject(sub) {
			return nil, nil, invalidField("submission", "must be the submission document (a JSON object)")
		}
		if !isNull(m["estimate"]) {
			if !isObject(m["estimate"]) {
				return nil, nil, invalidField("estimate", "must be the result document the browser computed (a JSON object) or null")
			}
			estimate = m["estimate"]
		}
		doc = sub
		if top, ok = topLevel(doc); !ok {
			return nil, nil, notADocument(doc, errorf(CodeBadRequest, "submission must be a JSON object"))
		}
	}
	if _, ok := top["review"]; ok {
		return nil, nil, invalidField("review", "is added by a reviewer (POST /api/v1/submissions/{id}/review); a submission must not carry one")
	}
	return doc, estimate, nil
}

// notADocument answers a body that is not a JSON object with the scoring core's own error
// document (422 invalid_input, path "$"), so the server refuses it byte for byte like the
// CLI, the browser and the edge do (the golden cases include such bodies).
func notADocument(body []byte, err error) error {
	if out, serr := scoring.ScoreJSON(body); serr != nil {
		return scoreError(out, serr)
	}
	return err
}

// sign issues a receipt, or returns nil when the server has no signing key.
func (s *server) sign(c receipt.Claims) ([]byte, string, error) {
	if s.cfg.Keys == nil {
		return nil, "", nil
	}
	r, err := s.cfg.Keys.Sign(c)
	if errors.Is(err, receipt.ErrNoSigningKey) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	return r.Marshal(), r.ID(), nil
}

// handleSubmissionCreate validates and recomputes a submission, stores it durably, and
// answers 201 with its id, its access token (shown once), the server's result, whether the
// browser's estimate agreed, and a signed receipt.
func (s *server) handleSubmissionCreate(w http.ResponseWriter, r *http.Request) error {
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	doc, estimate, err := parseSubmission(body)
	if err != nil {
		return err
	}
	result, err := s.score(r.Context(), doc)
	if err != nil {
		return err
	}
	id, err := s.newID()
	if err != nil {
		return err
	}
	token, err := s.newToken()
	if err != nil {
		return err
	}
	now := s.now().UTC()
	rec, _, err := s.sign(receipt.Claims{
		SubmissionID:     id,
		SubmissionSHA256: receipt.Hash(doc),
		Methodology:      scoring.Methodology,
		ResultSHA256:     receipt.Hash(result),
		Status:           receipt.StatusSubmitted,
		IssuedAt:         now,
	})
	if err != nil {
		return err
	}
	err = s.store.CreateSubmission(r.Context(), Submission{
		ID: id, TokenHash: HashToken(token), Document: doc, Status: receipt.StatusSubmitted,
		Result: result, Receipt: rec, Version: 1, CreatedAt: now, UpdatedAt: now,
	})
	if err != nil {
		if errors.Is(err, ErrConflict) { // a 128-bit id collision: a bug of the random source
			return &Error{Code: CodeInternal, Message: "internal error", Err: err}
		}
		return err
	}
	var agreed any // null: no estimate sent
	if estimate != nil {
		agreed = sameJSON(estimate, result)
	}
	out := new(object).
		str("id", id).
		str("access_token", token).
		str("status", receipt.StatusSubmitted).
		val("version", 1).
		raw("estimate", result).
		val("estimate_agreed", agreed).
		raw("receipt", rec).
		str("created_at", now.Format(time.RFC3339Nano))
	w.Header().Set("Location", APIPrefix+"/submissions/"+id)
	out.write(w, http.StatusCreated)
	return nil
}

// loadSubmission loads the submission of the path for its owner (the access token) or a
// reviewer; anyone else gets the same 404 as for an unknown id.
func (s *server) loadSubmission(r *http.Request) (Submission, *Reviewer, error) {
	id := r.PathValue("id")
	token := bearer(r)
	if !validID(id) || token == "" {
		return Submission{}, nil, errNotFound
	}
	sub, err := s.store.GetSubmission(r.Context(), id)
	if err != nil {
		return Submission{}, nil, err
	}
	if tokenOpens(sub.TokenHash, token) {
		return sub, nil, nil
	}
	rv, err := s.reviewer(r)
	if err != nil {
		if errors.Is(err, errUnauthorized) {
			return Submission{}, nil, errNotFound
		}
		return Submission{}, nil, err
	}
	return sub, &rv, nil
}

// handleSubmissionGet returns a submission with its latest result, receipt and reviews.
func (s *server) handleSubmissionGet(w http.ResponseWriter, r *http.Request) error {
	sub, _, err := s.loadSubmission(r)
	if err != nil {
		return err
	}
	reviews, err := s.store.ListReviews(r.Context(), sub.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, submissionJSON(sub, reviews).bytes())
	return nil
}

// submissionJSON is the wire form of a stored submission.
func submissionJSON(sub Submission, reviews []Review) *object {
	o := new(object).
		str("id", sub.ID).
		str("status", sub.Status).
		val("version", sub.Version).
		str("created_at", sub.CreatedAt.UTC().Format(time.RFC3339Nano)).
		str("updated_at", sub.UpdatedAt.UTC().Format(time.RFC3339Nano)).
		raw("submission", sub.Document).
		raw("result", sub.Result).
		raw("receipt", sub.Receipt)
	if reviews != nil {
		list := make([]json.RawMessage, len(reviews))
		for i, rv := range reviews {
			list[i] = new(object).
				str("id", rv.ID).
				str("reviewer", rv.ReviewerName).
				val("base_version", rv.BaseVersion).
				str("status", rv.Status).
				str("created_at", rv.CreatedAt.UTC().Format(time.RFC3339Nano)).
				raw("review", rv.Decisions).
				raw("receipt", rv.Receipt).
				bytes()
		}
		o.val("reviews", list)
	}
	return o
}

// handleSummaryPDF renders the submission's PDF summary.
func (s *server) handleSummaryPDF(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.PDF == nil {
		return errorf(CodeNotImplemented, "this server has no PDF renderer")
	}
	sub, _, err := s.loadSubmission(r)
	if err != nil {
		return err
	}
	var rid string
	if rc, err := receipt.Parse(sub.Receipt); err == nil {
		rid = rc.ID()
	}
	pdf, err := s.cfg.PDF(Summary{
		SubmissionID: sub.ID, Status: sub.Status, Document: sub.Document, Result: sub.Result,
		Receipt: sub.Receipt, ReceiptID: rid, CreatedAt: sub.CreatedAt, UpdatedAt: sub.UpdatedAt,
	})
	if err != nil {
		return &Error{Code: CodeInternal, Message: "internal error", Err: err}
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="openvalue-`+sub.ID+`.pdf"`)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(pdf)
	return nil
}
