package server

import (
	"bytes"
	"compress/gzip"
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
	gz    map[string][]byte // file name -> its gzip encoding, made on first request
}

func newStatic(fsys fs.FS) *static {
	return &static{fsys: fsys, etags: map[string]string{}, gz: map[string][]byte{}}
}

// compressible are the file types worth sending gzipped (the engine's .wasm shrinks 3.5×).
var compressible = map[string]bool{".wasm": true, ".js": true, ".mjs": true, ".json": true, ".html": true, ".css": true, ".svg": true, ".txt": true, ".md": true}

// gzipped returns the gzip encoding of a file, compressing it once.
func (st *static) gzipped(name string, rs io.ReadSeeker) ([]byte, error) {
	st.mu.Lock()
	b, ok := st.gz[name]
	st.mu.Unlock()
	if ok {
		return b, nil
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := io.Copy(zw, rs); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	st.mu.Lock()
	st.gz[name] = buf.Bytes()
	st.mu.Unlock()
	return buf.Bytes(), nil
}

// acceptsGzip reports whether the client takes gzip (and does not refuse it with q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

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
	tag := s.web.etag(name, rs)
	if compressible[path.Ext(name)] && fi.Size() > 1024 {
		w.Header().Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			gz, err := s.web.gzipped(name, rs)
			if err != nil {
				return err
			}
			w.Header().Set("Content-Encoding", "gzip")
			if tag != "" {
				w.Header().Set("ETag", strings.TrimSuffix(tag, `"`)+`-gz"`)
			}
			http.ServeContent(w, r, name, fi.ModTime(), bytes.NewReader(gz))
			return nil
		}
	}
	if tag != "" {
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
