package main

import (
	"bytes"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// The socket is corked while a handler runs and uncorked after, answers of every size arrive
// whole on one keep-alive connection, and a request expecting "100 Continue" is not corked.
func TestServe_CorkedAnswers(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 4096) // 64 KB: several of net/http's 4 KB buffers
	var corked []int
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc, _ := r.Context().Value(rawConnKey{}).(syscall.RawConn)
		state := -1
		if rc != nil {
			rc.Control(func(fd uintptr) { state, _ = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_CORK) })
		}
		corked = append(corked, state)
		io.Copy(io.Discard, r.Body)
		if r.URL.Path == "/big" {
			w.Write(big)
			return
		}
		w.Write([]byte("small"))
	})
	srv := httpServer(h, slog.New(slog.DiscardHandler))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxConnsPerHost: 1}}
	base := "http://" + ln.Addr().String()
	for _, c := range []struct {
		path, expect string
		want         []byte
	}{{"/big", "", big}, {"/small", "", []byte("small")}, {"/big", "100-continue", big}, {"/small", "", []byte("small")}} {
		req, _ := http.NewRequest("POST", base+c.path, strings.NewReader(`{"a":1}`))
		if c.expect != "" {
			req.Header.Set("Expect", c.expect)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || !bytes.Equal(b, c.want) {
			t.Errorf("%s: %d bytes (%v), want %d", c.path, len(b), err, len(c.want))
		}
	}
	// One connection throughout: the third request, which corkAnswers leaves alone, finds the
	// socket uncorked after the second answer.
	if want := []int{1, 1, 0, 1}; !slices.Equal(corked, want) {
		t.Errorf("TCP_CORK seen by the handlers = %v, want %v", corked, want)
	}
}
