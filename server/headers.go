package server

import (
	"net/http"
	"path"
	"strings"
)

// cspPolicies are the Content-Security-Policy values, built once.
type cspPolicies struct {
	api   string // JSON answers: nothing may load or frame them
	page  string // the web app: own scripts and the engine's WebAssembly only; no framing
	embed string // the embeddable calculator: as page, framable by EmbedAncestors
}

// pageCSP allows the app's own files, WebAssembly compilation ('wasm-unsafe-eval', not
// 'unsafe-eval'), and connections back to this origin only.
const pageCSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "

func newCSP(ancestors []string) cspPolicies {
	anc := "*"
	if ancestors != nil {
		anc = strings.Join(ancestors, " ")
		if anc == "" {
			anc = "'none'"
		}
	}
	return cspPolicies{
		api:   "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
		page:  pageCSP + "frame-ancestors 'none'",
		embed: pageCSP + "frame-ancestors " + anc,
	}
}

// isEmbed reports whether a request is for the embeddable calculator: a file whose name
// starts with "embed" (embed.html, embed.js, embed-demo/...) or any page asked for with
// an "embed" query parameter (index.html?embed=1).
func isEmbed(r *http.Request) bool {
	if strings.HasPrefix(path.Base(r.URL.Path), "embed") || strings.HasPrefix(strings.TrimPrefix(r.URL.Path, "/"), "embed") {
		return true
	}
	_, ok := r.URL.Query()["embed"]
	return ok
}

// securityHeaders sets the headers every answer carries, pages and API alike. The sets are
// built once (newHeaderSets); each answer gets the shared value slices, which net/http only
// reads (Set replaces a slice, Add appends to a copy: every slice is full to capacity).
func (s *server) securityHeaders(h http.Header, r *http.Request) {
	var set headerSet
	switch {
	case strings.HasPrefix(r.URL.Path, "/api/"):
		set = s.hdr.api
		if crossOrigin[r.URL.Path] {
			set = s.hdr.apiCORS
		}
	case isEmbed(r):
		// X-Frame-Options cannot express an allow-list; CSP frame-ancestors governs.
		set = s.hdr.embed
	default:
		set = s.hdr.page
	}
	for _, kv := range set {
		h[kv.key] = kv.value
	}
}

// headerSet is a list of canonical header names with their values.
type headerSet []struct {
	key   string
	value []string
}

// headerSets are the security headers of each kind of answer.
type headerSets struct{ api, apiCORS, embed, page headerSet }

func newHeaderSets(csp cspPolicies) headerSets {
	mk := func(kv ...string) headerSet {
		var set headerSet
		for _, base := range [][]string{{
			"X-Content-Type-Options", "nosniff",
			"Referrer-Policy", "no-referrer",
			"Cross-Origin-Opener-Policy", "same-origin",
			"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
		}, kv} {
			for i := 0; i < len(base); i += 2 {
				set = append(set, struct {
					key   string
					value []string
				}{http.CanonicalHeaderKey(base[i]), []string{base[i+1]}[:1:1]})
			}
		}
		return set
	}
	api := []string{
		"Content-Security-Policy", csp.api,
		"X-Frame-Options", "DENY",
		"Cache-Control", "no-store",
		"Cross-Origin-Resource-Policy", "same-origin",
	}
	return headerSets{
		api:     mk(api...),
		apiCORS: mk(append([]string{"Access-Control-Allow-Origin", "*"}, api...)...),
		embed: mk("Content-Security-Policy", csp.embed,
			"Cross-Origin-Resource-Policy", "cross-origin"),
		page: mk("Content-Security-Policy", csp.page,
			"X-Frame-Options", "DENY",
			"Cross-Origin-Resource-Policy", "same-origin"),
	}
}

// crossOrigin are the stateless endpoints partner pages may call from their own origin
// (CORS, without credentials): they read nothing private and store nothing.
var crossOrigin = map[string]bool{
	APIPrefix + "/verify":       true,
	APIPrefix + "/rate":         true,
	APIPrefix + "/keys":         true,
	APIPrefix + "/openapi.json": true,
}

// preflight answers a CORS preflight for the cross-origin endpoints.
func preflight(w http.ResponseWriter, r *http.Request) bool {
	if r.Method != http.MethodOptions || !crossOrigin[r.URL.Path] || r.Header.Get("Access-Control-Request-Method") == "" {
		return false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", "GET, POST")
	h.Set("Access-Control-Allow-Headers", "Content-Type")
	h.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
	return true
}
