package server

import (
	_ "embed"
	"net/http"
)

// openAPI describes the API (OpenAPI 3.1). TestOpenAPI_Routes checks it against routes().
//
//go:embed openapi.json
var openAPI []byte

func (s *server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "public, max-age=300")
	writeJSON(w, http.StatusOK, openAPI)
	return nil
}
