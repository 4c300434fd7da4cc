package server

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"openvalue/internal/testdir"
	"openvalue/scoring/ratings"
)

// POST /rate answers exactly what the ratings core answers with the web app's snapshot.
func TestRate(t *testing.T) {
	snapshot, err := os.ReadFile(filepath.Join(testdir.Root(), "web", "cohort.json"))
	if err != nil {
		t.Skipf("web/cohort.json: %v", err)
	}
	f := newFixture(t, func(c *Config) {
		c.Store = nil
		c.Web = fstest.MapFS{"cohort.json": {Data: snapshot}}
	})
	for _, tc := range []struct {
		in     string
		status int
	}{
		{`{"safety":{"psi_90":0.98,"sep_1":61},"cost":{"mspb":1.04}}`, 200},
		{`{}`, 200},
		{`{"safety":{"psi_90":"high"}}`, 422},
		{`{"nope":1}`, 422},
		{`[`, 400},
	} {
		w := f.do(t, "POST", "/api/v1/rate", tc.in, "")
		if w.Code != tc.status {
			t.Errorf("rate %s = %d %s; want %d", tc.in, w.Code, w.Body, tc.status)
			continue
		}
		if want, _ := ratings.RateJSON([]byte(tc.in), snapshot); tc.status != 400 && !bytes.Equal(w.Body.Bytes(), want) {
			t.Errorf("rate %s = %s; want the core's %s", tc.in, w.Body, want)
		}
	}
	noSnapshot := newFixture(t, func(c *Config) { c.Web = fstest.MapFS{} })
	if w := noSnapshot.do(t, "POST", "/api/v1/rate", `{}`, ""); w.Code != 501 {
		t.Errorf("rate without a snapshot = %d; want 501", w.Code)
	}
}
