package server

import (
	"bytes"
	"net/http/httptest"
	"testing"

	"openvalue/scoring"
)

// BenchmarkScoreJSON is the core's share of every request (all valid golden cases).
func BenchmarkScoreJSON(b *testing.B) {
	var docs [][]byte
	for _, g := range goldens(&testing.T{}) {
		if g.valid {
			docs = append(docs, g.in)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := scoring.ScoreJSON(docs[i%len(docs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify is POST /api/v1/verify through the handler, without the network.
func BenchmarkVerify(b *testing.B) {
	t := &testing.T{}
	f := newFixture(t, func(c *Config) { c.Store = nil })
	var docs [][]byte
	for _, g := range goldens(t) {
		if g.valid {
			docs = append(docs, g.in)
		}
	}
	b.ResetTimer()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r := httptest.NewRequest("POST", "/api/v1/verify", bytes.NewReader(docs[i%len(docs)]))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		f.h.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}
