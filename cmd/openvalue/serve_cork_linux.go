package main

import (
	"context"
	"net"
	"net/http"
	"syscall"
)

// corkAnswers makes each answer leave as few TCP segments as the network allows. net/http
// writes an answer through a 4 KB buffer: the header with the first 4 KB of the body in one
// write(2), the rest in a second, and with TCP_NODELAY (Go's default) each write is a segment
// of its own — for a /verify answer (~16 KB) two segments, two passes through the TCP stack on
// both ends, and on loopback two wake-ups of the client. The socket is corked (TCP_CORK, what
// nginx's tcp_nopush does) while the handler runs and uncorked when it returns, which sends
// what it wrote at once; answers under 4 KB, which net/http writes only after the handler,
// leave uncorked as before. Requests with "Expect: 100-continue" are not corked, so the
// interim answer net/http writes when the body is read is not held back.
func corkAnswers(srv *http.Server) {
	h := srv.Handler
	srv.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		if tc, ok := c.(*net.TCPConn); ok {
			if rc, err := tc.SyscallConn(); err == nil {
				return context.WithValue(ctx, rawConnKey{}, rc)
			}
		}
		return ctx
	}
	srv.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc, _ := r.Context().Value(rawConnKey{}).(syscall.RawConn)
		if rc == nil || r.Header.Get("Expect") != "" || !setCork(rc, 1) {
			h.ServeHTTP(w, r)
			return
		}
		defer setCork(rc, 0) // also when the handler panics (http.ErrAbortHandler)
		h.ServeHTTP(w, r)
	})
}

type rawConnKey struct{}

// setCork sets TCP_CORK on the connection; false if it could not.
func setCork(rc syscall.RawConn, on int) bool {
	var err error
	if cerr := rc.Control(func(fd uintptr) {
		err = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_CORK, on)
	}); cerr != nil {
		return false
	}
	return err == nil
}
