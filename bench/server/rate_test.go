package main

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestReadAnswer(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		status   int
		rest     string // what must be left unread: the next answer
		bad      bool
	}{
		{"length", "HTTP/1.1 201 Created\r\nContent-Length: 5\r\nX: y\r\n\r\nhelloNEXT", 201, "NEXT", false},
		{"empty", "HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\nNEXT", 204, "NEXT", false},
		{"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3;x=1\r\nabc\r\n0\r\n\r\nNEXT", 200, "NEXT", false},
		{"no length", "HTTP/1.1 200 OK\r\n\r\nbody", 0, "", true},
		{"bad status", "SMTP 220 hi\r\n\r\n", 0, "", true},
		{"bad length", "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", 0, "", true},
		{"short body", "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc", 0, "", true},
		{"cut headers", "HTTP/1.1 200 OK\r\nContent-Le", 0, "", true},
	} {
		r := bufio.NewReader(strings.NewReader(tc.in))
		st, err := readAnswer(r)
		if tc.bad {
			if err == nil {
				t.Errorf("%s: readAnswer = %d, nil; want an error", tc.name, st)
			}
			continue
		}
		rest, _ := io.ReadAll(r)
		if err != nil || st != tc.status || string(rest) != tc.rest {
			t.Errorf("%s: readAnswer = %d, %v, rest %q; want %d, nil, rest %q", tc.name, st, err, rest, tc.status, tc.rest)
		}
	}
}

// TestAtRate sends a short fixed-rate phase to a test server: every scheduled request is
// answered, on time, and answers of the wrong status count as errors.
func TestAtRate(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if string(b) == "bad" {
			w.WriteHeader(400)
		}
		w.Write(b) // chunked when large, Content-Length when small
	}))
	defer srv.Close()
	docs := [][]byte{[]byte(`{"a":1}`), []byte(strings.Repeat("x", 10000)), []byte("bad")}
	r, err := atRate(srv.URL, "/p", docs, 300, 4, time.Second, 200)
	if err != nil {
		t.Fatal(err)
	}
	if r.n != 200 || r.errors != 100 || r.firstErr == "" {
		t.Errorf("atRate answered %d and %d errors (%q); want 200 and 100 of 300", r.n, r.errors, r.firstErr)
	}
	if r.secs < 0.95 || r.secs > 2 || r.max > 500*time.Millisecond {
		t.Errorf("atRate took %.2f s with a slowest answer of %v; want ~1 s, answers within 500 ms", r.secs, r.max)
	}
}
