package server

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// static serves the embedded web app. Go sources (the embed package's own files) and
// directory listings are never served.
type static struct {
	fsys fs.FS
}

func newStatic(fsys fs.FS) *static { return &static{fsys: fsys} }

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
	// Revalidate every time: the app and the engine must change together.
	w.Header().Set("Cache-Control", "no-cache")
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
