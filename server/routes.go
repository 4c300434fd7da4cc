package server

import (
	"net/http"
	"sort"
	"strings"
)

// APIPrefix is where the API lives; openapi.json's server URL.
const APIPrefix = "/api/v1"

// routes is the whole surface of the server. openapi.json describes exactly these
// (TestOpenAPI_Routes); the two fallbacks turn unknown paths and wrong methods into
// error documents.
func (s *server) routes() []route {
	return []route{
		{pattern: "POST /api/v1/submissions", h: s.handleSubmissionCreate, stateful: true},
		{pattern: "GET /api/v1/submissions/{id}", h: s.handleSubmissionGet, stateful: true},
		{pattern: "GET /api/v1/submissions/{id}/summary.pdf", h: s.handleSummaryPDF, stateful: true},
		{pattern: "POST /api/v1/submissions/{id}/review", h: s.handleReviewCreate, stateful: true},
		{pattern: "GET /api/v1/review/queue", h: s.handleReviewQueue, stateful: true},
		{pattern: "PUT /api/v1/drafts/{id}", h: s.handleDraftPut, stateful: true},
		{pattern: "GET /api/v1/drafts/{id}", h: s.handleDraftGet, stateful: true},

		// Stateless: also served at the edge.
		{pattern: "POST /api/v1/verify", h: s.handleVerify},
		{pattern: "POST /api/v1/rate", h: s.handleRate},
		{pattern: "GET /api/v1/keys", h: s.handleKeys},
		{pattern: "GET /api/v1/openapi.json", h: s.handleOpenAPI},

		// Fallbacks.
		{pattern: "/api/", h: s.handleAPIFallback},
		{pattern: "/", h: s.handleStatic},
	}
}

// handleAPIFallback answers API paths no route matched: 405 with Allow when the path
// exists for other methods, 404 otherwise.
func (s *server) handleAPIFallback(w http.ResponseWriter, r *http.Request) error {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, p := s.mux.Handler(probe); p != "" && strings.Contains(p, " ") {
			allow = append(allow, m)
			if m == http.MethodGet {
				allow = append(allow, http.MethodHead)
			}
		}
	}
	if len(allow) == 0 {
		return errorf(CodeNotFound, "no API route %s", r.URL.Path)
	}
	sort.Strings(allow)
	w.Header().Set("Allow", strings.Join(allow, ", "))
	return errorf(CodeMethodNotAllowed, "%s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, strings.Join(allow, ", "))
}
