package server

import (
	"errors"
	"net/http"
	"time"
)

// minDraftID is the shortest draft id: drafts are named by the browser, and a long random
// name keeps one hospital from squatting on another's.
const minDraftID = 16

// handleDraftPut saves a draft. The first PUT of an id (without a token) creates it and
// answers 201 with the draft's token, shown once; later PUTs need that token. A wrong or
// missing token on an existing draft gets 404, as for a draft that does not exist.
func (s *server) handleDraftPut(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	token := bearer(r)
	if !validID(id) || len(id) < minDraftID {
		if token != "" {
			return errNotFound
		}
		return invalidField("id", "a draft id is 16–64 characters of A–Z a–z 0–9 _ - (pick a random one)")
	}
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	if _, err := members(body, "the draft"); err != nil {
		return err
	}
	now := s.now().UTC()
	if token != "" {
		d, err := s.store.GetDraft(r.Context(), id)
		if err != nil {
			return err
		}
		if !tokenOpens(d.TokenHash, token) {
			return errNotFound
		}
		if err := s.store.UpdateDraft(r.Context(), id, body, now); err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, new(object).str("id", id).str("updated_at", now.Format(time.RFC3339Nano)).bytes())
		return nil
	}
	token, err = s.newToken()
	if err != nil {
		return err
	}
	err = s.store.CreateDraft(r.Context(), Draft{ID: id, TokenHash: HashToken(token), Document: body, CreatedAt: now, UpdatedAt: now})
	if errors.Is(err, ErrConflict) { // someone else's draft (or our own, without its token)
		return errNotFound
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", APIPrefix+"/drafts/"+id)
	writeJSON(w, http.StatusCreated, new(object).
		str("id", id).
		str("access_token", token).
		str("created_at", now.Format(time.RFC3339Nano)).
		bytes())
	return nil
}

// handleDraftGet returns a draft to the holder of its token.
func (s *server) handleDraftGet(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	token := bearer(r)
	if !validID(id) || token == "" {
		return errNotFound
	}
	d, err := s.store.GetDraft(r.Context(), id)
	if err != nil {
		return err
	}
	if !tokenOpens(d.TokenHash, token) {
		return errNotFound
	}
	writeJSON(w, http.StatusOK, new(object).
		str("id", d.ID).
		str("created_at", d.CreatedAt.UTC().Format(time.RFC3339Nano)).
		str("updated_at", d.UpdatedAt.UTC().Format(time.RFC3339Nano)).
		raw("document", d.Document).
		bytes())
	return nil
}
