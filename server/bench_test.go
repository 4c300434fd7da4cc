package server

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"openvalue/receipt"
	"openvalue/scoring"
)

// benchDocs are the documents the load generator sends (bench/server): the valid golden
// submissions without a review.
func benchDocs(b *testing.B) [][]byte {
	var docs [][]byte
	for _, g := range goldens(&testing.T{}) {
		if g.valid && !bytes.Contains(g.in, []byte(`"review"`)) {
			docs = append(docs, g.in)
		}
	}
	if len(docs) == 0 {
		b.Skip("no valid golden case")
	}
	return docs
}

// BenchmarkScoreJSON is the core's share of every request.
func BenchmarkScoreJSON(b *testing.B) {
	docs := benchDocs(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := scoring.ScoreJSON(docs[i%len(docs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSign is the receipt of every answer: two SHA-256 and one Ed25519 signature.
func BenchmarkSign(b *testing.B) {
	docs := benchDocs(b)
	var results [][]byte
	for _, d := range docs {
		r, _ := scoring.ScoreJSON(d)
		results = append(results, r)
	}
	s := &server{cfg: Config{Keys: newFixture(&testing.T{}).keys}}
	b.ResetTimer()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		k := i % len(docs)
		if _, _, err := s.sign(receipt.Claims{SubmissionSHA256: receipt.Hash(docs[k]), Methodology: scoring.Methodology,
			ResultSHA256: receipt.Hash(results[k]), Status: receipt.StatusRecomputed, IssuedAt: time.Now()}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify is POST /api/v1/verify through the handler, without the network.
func BenchmarkVerify(b *testing.B) {
	f := newFixture(&testing.T{}, func(c *Config) { c.Store = nil })
	docs := benchDocs(b)
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

// BenchmarkVerifyHTTP is POST /api/v1/verify over loopback HTTP/1.1 keep-alive connections, the
// client in the same process (its share shows apart in a CPU profile: net/http.(*persistConn)).
func BenchmarkVerifyHTTP(b *testing.B) {
	benchHTTP(b, "/api/v1/verify", 200, func(c *Config) { c.Store = nil })
}

// BenchmarkSubmitHTTP is POST /api/v1/submissions over loopback into the in-memory fake store:
// the server's work on a submission other than the database's.
func BenchmarkSubmitHTTP(b *testing.B) { benchHTTP(b, "/api/v1/submissions", 201) }

func benchHTTP(b *testing.B, path string, want int, mutate ...func(*Config)) {
	f := newFixture(&testing.T{}, mutate...)
	srv := httptest.NewServer(f.h)
	defer srv.Close()
	docs := benchDocs(b)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
	b.SetParallelism(4)
	b.ResetTimer()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			req, _ := http.NewRequest("POST", srv.URL+path, bytes.NewReader(docs[i%len(docs)]))
			req.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != want {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
}
