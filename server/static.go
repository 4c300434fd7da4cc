package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
)

// static serves the embedded web app. Go sources (the embed package's own files) and
// directory listings are never served.
type static struct {
	fsys fs.FS

	mu    sync.Mutex
	etags map[string]string // file name -> strong ETag of its content (the files never change)
}

func newStatic(fsys fs.FS) *static { return &static{fsys: fsys, etags: map[string]string{}} }

// etag returns the ETag of a file's content, hashing it on first use: embedded files carry
// no modification time, so this is what lets browsers revalidate the engine's .wasm cheaply.
func (st *static) etag(name string, rs io.ReadSeeker) string {
	st.mu.Lock()
	tag, ok := st.etags[name]
	st.mu.Unlock()
	if ok {
		return tag
	}
	h := sha256.New()
	if _, err := io.Copy(h, rs); err != nil {
		return ""
	}
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return ""
	}
	tag = `"` + hex.EncodeToString(h.Sum(nil)[:12]) + `"`
	st.mu.Lock()
	st.etags[name] = tag
	st.mu.Unlock()
	return tag
}

func (s *server) handleStatic(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		return errorf(CodeMethodNotAllowed, "%s is not allowed on %s; allowed: GET, HEAD", r.Method, r.URL.Path)
	}
	if s.web == nil {
		return errorf(CodeNotFound, "no page %s", r.URL.Path)
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" {
		name = "."
	}
	fi, err := fs.Stat(s.web.fsys, name)
	if err == nil && fi.IsDir() {
		name = path.Join(name, "index.html")
		fi, err = fs.Stat(s.web.fsys, name)
	}
	if err != nil || fi.IsDir() || strings.HasSuffix(name, ".go") || hidden(name) {
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return errorf(CodeNotFound, "no page %s", r.URL.Path)
	}
	f, err := s.web.fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		b, err := io.ReadAll(f)
		if err != nil {
			return err
		}
		rs = bytes.NewReader(b)
	}
	// Revalidate every time (the app and the engine must change together); the ETag makes
	// an unchanged file a 304.
	w.Header().Set("Cache-Control", "no-cache")
	if tag := s.web.etag(name, rs); tag != "" {
		w.Header().Set("ETag", tag)
	}
	http.ServeContent(w, r, name, fi.ModTime(), rs)
	return nil
}

// hidden reports whether a path has a segment starting with "." (editor and VCS files).
func hidden(name string) bool {
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") && seg != "." {
			return true
		}
	}
	return false
}
