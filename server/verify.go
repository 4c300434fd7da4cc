package server

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"strconv"

	"openvalue/receipt"
	"openvalue/scoring"
	"openvalue/scoring/ratings"
)

// parseVerify splits a POST /verify body into the document to score (with the review
// merged in as its "review" member, when one is given) and the claimed result. The body
// is a submission document, or {"submission": <document>, "review": <review>, "claimed": <result>}.
// A body that cannot have a "submission" member is the document itself, unscanned (mayHave).
func parseVerify(body []byte) (sub, doc, review, claimed []byte, err error) {
	if !mayHave(body, quotedSubmission) {
		return body, body, nil, nil, nil
	}
	return parseVerifyScan(body)
}

func parseVerifyScan(body []byte) (sub, doc, review, claimed []byte, err error) {
	m, ok := topLevel(body)
	if !ok {
		return nil, nil, nil, nil, notADocument(body, errorf(CodeBadRequest, "the body must be a JSON object"))
	}
	sub, ok = m["submission"]
	if !ok {
		return body, body, nil, nil, nil
	}
	for k := range m {
		if k != "submission" && k != "review" && k != "claimed" {
			return nil, nil, nil, nil, invalidField(k, `unknown member of the wrapper {"submission","review","claimed"}`)
		}
	}
	if !isObject(sub) {
		return nil, nil, nil, nil, invalidField("submission", "must be the submission document (a JSON object)")
	}
	if !isNull(m["claimed"]) {
		if !isObject(m["claimed"]) {
			return nil, nil, nil, nil, invalidField("claimed", "must be a result document (a JSON object) or null")
		}
		claimed = m["claimed"]
	}
	doc = sub
	if !isNull(m["review"]) {
		if !isObject(m["review"]) {
			return nil, nil, nil, nil, invalidField("review", "must be a review object or null")
		}
		dm, err := members(sub, "submission")
		if err != nil {
			return nil, nil, nil, nil, err
		}
		if _, ok := dm["review"]; ok {
			return nil, nil, nil, nil, invalidField("review", "given twice: in the wrapper and in the submission")
		}
		review = m["review"]
		dm["review"] = review
		if doc, err = marshalObject(dm); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	return sub, doc, review, claimed, nil
}

// handleVerify recomputes a result statelessly: nothing is stored. The answer holds the
// authoritative result, whether the claimed result matches it (null when none was
// claimed), and, when the query asks with receipt=true, a receipt with status "recomputed"
// (null otherwise, and without a signing key).
//
// The receipt is on request because it is most of the work: its Ed25519 signature and the
// SHA-256 of document and result take ~40 µs, about as much as scoring the document
// (docs/benchmarks.md, Server, session 5); a caller that only checks a claim does not need one, a caller that keeps
// proof of the check asks for it.
func (s *server) handleVerify(w http.ResponseWriter, r *http.Request) error {
	sign, err := wantReceipt(r)
	if err != nil {
		return err
	}
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	sub, doc, review, claimed, err := parseVerify(body)
	if err != nil {
		return err
	}
	return s.withResult(r.Context(), doc, func(result []byte) error {
		return s.answerVerify(w, sub, review, claimed, result, sign)
	})
}

// wantReceipt reads /verify's query parameter receipt: absent or false, no receipt; true (or
// present without a value), a signed one.
func wantReceipt(r *http.Request) (bool, error) {
	v, ok := r.URL.Query()["receipt"]
	switch {
	case !ok:
		return false, nil
	case len(v) == 1 && v[0] == "":
		return true, nil
	}
	b, err := strconv.ParseBool(v[0])
	if err != nil || len(v) > 1 {
		return false, &Error{Code: CodeBadRequest, Message: "bad query parameter", Fields: []Field{{"receipt", "must be true or false, once"}}}
	}
	return b, nil
}

// answerVerify writes /verify's answer for a result scored by handleVerify, with a receipt when
// sign is set and the server has a key.
func (s *server) answerVerify(w http.ResponseWriter, sub, review, claimed, result []byte, sign bool) error {
	var rec []byte
	if sign {
		// As for stored submissions, the receipt names the submission and the review apart.
		var revHash string
		if review != nil {
			revHash = receipt.Hash(review)
		}
		var err error
		rec, _, err = s.sign(receipt.Claims{
			SubmissionSHA256: receipt.Hash(sub),
			ReviewSHA256:     revHash,
			Methodology:      scoring.Methodology,
			ResultSHA256:     receipt.Hash(result),
			Status:           receipt.StatusRecomputed,
			IssuedAt:         s.now(),
		})
		if err != nil {
			return err
		}
	}
	var matches any
	if claimed != nil {
		matches = sameJSON(claimed, result)
	}
	new(object).
		raw("result", result).
		val("claim_matches", matches).
		raw("receipt", rec).
		write(w, http.StatusOK)
	return nil
}

// handleKeys publishes the receipt keys as a JWK set.
func (s *server) handleKeys(w http.ResponseWriter, r *http.Request) error {
	set := receipt.JWKS{Keys: []receipt.JWK{}}
	if s.cfg.Keys != nil {
		set = s.cfg.Keys.JWKS()
	}
	b, err := json.Marshal(set)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	writeJSON(w, http.StatusOK, b)
	return nil
}

// cohortFile is the cohort snapshot in the web app's files (made by `openvalue cohort`).
const cohortFile = "cohort.json"

// defaultRate rates against web/cohort.json with the ratings core, the same snapshot the
// browser fetches; nil when the web files hold no snapshot.
func defaultRate(web fs.FS) func([]byte) ([]byte, error) {
	if web == nil {
		return nil
	}
	snapshot, err := fs.ReadFile(web, cohortFile)
	if err != nil {
		return nil
	}
	return func(input []byte) ([]byte, error) { return ratings.RateJSON(input, snapshot) }
}

// handleRate rates one hospital against the cohort snapshot (the ratings core).
func (s *server) handleRate(w http.ResponseWriter, r *http.Request) error {
	if s.rate == nil {
		return errorf(CodeNotImplemented, "this server has no cohort snapshot to rate against")
	}
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	if _, err := members(body, "the body"); err != nil {
		return err
	}
	out, err := s.rate(body)
	if err != nil {
		return scoreError(out, err)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
