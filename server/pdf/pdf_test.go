package pdf

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"openvalue/internal/testdir"
	"openvalue/receipt"
	"openvalue/scoring"
	"openvalue/server"
)

// summaryOf scores a document and signs a receipt for it, as the server would.
func summaryOf(t *testing.T, doc []byte, status string) server.Summary {
	t.Helper()
	res, err := scoring.ScoreJSON(doc)
	if err != nil {
		t.Fatalf("ScoreJSON: %v", err)
	}
	k, err := receipt.ParseKeyring([]byte("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 26, 23, 30, 0, 0, time.UTC)
	rc, err := k.Sign(receipt.Claims{SubmissionID: "sub123", SubmissionSHA256: receipt.Hash(doc), Methodology: scoring.Methodology,
		ResultSHA256: receipt.Hash(res), Status: status, IssuedAt: at})
	if err != nil {
		t.Fatal(err)
	}
	return server.Summary{SubmissionID: "sub123", Status: status, Document: doc, Result: res, Receipt: rc.Marshal(),
		ReceiptID: rc.ID(), CreatedAt: at, UpdatedAt: at}
}

// pdfText extracts the text of a PDF with poppler's pdftotext (installed by mk/server.mk).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("OPENVALUE_REQUIRE_POPPLER") != "" {
			t.Fatal("pdftotext not found; install Debian poppler-utils")
		}
		t.Skip("pdftotext (Debian poppler-utils) not installed; `make test` installs it")
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "s.pdf")
	if err := os.WriteFile(f, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", f, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v: %s", err, out)
	}
	if _, err := exec.LookPath("pdftoppm"); err == nil { // and it rasterizes without complaint
		if out, err := exec.Command("pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", f, filepath.Join(dir, "p")).CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("pdftoppm: %v %s", err, out)
		}
	}
	return string(out)
}

func goldenDocs(t *testing.T) map[string][]byte {
	ins, _ := filepath.Glob(filepath.Join(testdir.Golden(), "*.in.json"))
	docs := map[string][]byte{}
	for _, p := range ins {
		b, _ := os.ReadFile(p)
		if _, err := scoring.ScoreJSON(b); err == nil {
			docs[filepath.Base(p)] = b
		}
	}
	if len(docs) == 0 {
		t.Fatal("no valid golden case")
	}
	return docs
}

// The PDF shows the organization, the scores by type and pillar, the stages, the methodology
// and the receipt id: checked on the text poppler extracts from it.
func TestRender_Golden(t *testing.T) {
	for name, doc := range goldenDocs(t) {
		t.Run(name, func(t *testing.T) {
			status := receipt.StatusSubmitted
			if bytes.Contains(doc, []byte(`"review"`)) {
				status = receipt.StatusVerified
			}
			s := summaryOf(t, doc, status)
			b, err := Render(s)
			if err != nil {
				t.Fatalf("Render = %v", err)
			}
			if !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Fatalf("not a PDF: %.20q", b)
			}
			text := pdfText(t, b)
			flat := strings.Join(strings.Fields(text), " ")
			var want []string
			res := mustResult(t, s.Result)
			want = append(want, res.Organization.Name, num(res.ValueScore.Total)+" / 100", res.Methodology, s.ReceiptID, "INFRAM")
			if status == receipt.StatusVerified {
				want = append(want, "Verified Value Score", "Reviewed by "+res.Review.Reviewer)
			} else {
				want = append(want, "Estimated Value Score")
			}
			for _, ty := range res.ValueScore.Types {
				want = append(want, title(ty.Type)+" "+num(ty.Points))
			}
			for _, p := range res.ValueScore.Pillars {
				want = append(want, p.Name+" "+num(p.Points))
				for _, o := range p.Opportunities {
					if len(o) > 30 {
						want = append(want, strings.Join(strings.Fields(o[:30]), " "))
					}
				}
			}
			for _, w := range want {
				if !strings.Contains(flat, strings.Join(strings.Fields(w), " ")) {
					t.Errorf("PDF text lacks %q", w)
				}
			}
			again, _ := Render(s)
			if !bytes.Equal(again, b) {
				t.Error("two renders of the same summary differ")
			}
		})
	}
}

func TestRender_BadResult(t *testing.T) {
	if _, err := Render(server.Summary{Result: []byte("{")}); err == nil {
		t.Error("Render of a broken result document succeeded")
	}
}

func mustResult(t *testing.T, b []byte) scoring.Result {
	t.Helper()
	var r scoring.Result
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}
