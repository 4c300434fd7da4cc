// Package pdf renders a submission's PDF summary (GET /api/v1/submissions/{id}/summary.pdf):
// the organization, its stages, the Value Score by value type and by STEPS pillar, strengths,
// opportunities and targets per pillar, the review, the methodology version and the receipt.
//
// It is a package of its own so package server, which the edge compiles to WebAssembly, does
// not link the PDF library; cmd/openvalue injects Render as server.Config.PDF.
package pdf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"openvalue/receipt"
	"openvalue/scoring"
	"openvalue/server"
)

// Layout, in millimetres on A4 portrait.
const (
	margin    = 18.0
	lineH     = 5.0
	pageWidth = 210.0 - 2*margin
)

// Render makes the PDF summary of a stored submission. It reads the result document (and the
// submission's maturity stages) with the scoring core's own types.
func Render(s server.Summary) ([]byte, error) {
	var res scoring.Result
	if err := json.Unmarshal(s.Result, &res); err != nil {
		return nil, fmt.Errorf("pdf: result document: %w", err)
	}
	var in scoring.Input
	_ = json.Unmarshal(s.Document, &in) // the maturity stages are a courtesy; the result is what counts
	var rc receipt.Receipt
	_ = json.Unmarshal(s.Receipt, &rc)

	d := fpdf.New("P", "mm", "A4", "")
	d.SetMargins(margin, margin, margin)
	d.SetAutoPageBreak(true, margin)
	stamp := s.UpdatedAt
	if stamp.IsZero() {
		stamp = time.Unix(0, 0)
	}
	d.SetCatalogSort(true)   // deterministic object order
	d.SetCreationDate(stamp) // same submission state, same bytes
	d.SetModificationDate(stamp)
	d.SetTitle("Value Score summary: "+res.Organization.Name, true)
	d.SetCreator("openvalue "+res.Methodology, true)
	cp1252 := d.UnicodeTranslatorFromDescriptor("") // UTF-8 to the core fonts' cp1252
	tr := func(s string) string { return cp1252(ascii.Replace(s)) }
	w := &writer{d: d, tr: tr}
	d.SetFooterFunc(func() {
		d.SetY(-12)
		d.SetFont("Helvetica", "", 8)
		d.SetTextColor(110, 110, 110)
		d.CellFormat(0, 4, tr(fmt.Sprintf("Submission %s · receipt %s · methodology %s · page %d",
			s.SubmissionID, orNone(s.ReceiptID), res.Methodology, d.PageNo())), "", 0, "C", false, 0, "")
	})
	d.AddPage()

	// Heading.
	d.SetFont("Helvetica", "B", 18)
	w.para(res.Organization.Name, 8)
	d.SetFont("Helvetica", "", 10)
	var profile []string
	if res.Organization.CCN != "" {
		profile = append(profile, "CCN "+res.Organization.CCN)
	}
	if res.Organization.Type != "" {
		profile = append(profile, strings.ReplaceAll(res.Organization.Type, "_", " "))
	}
	if res.Organization.Beds != nil {
		profile = append(profile, strconv.Itoa(*res.Organization.Beds)+" staffed beds")
	}
	if len(profile) > 0 {
		w.para(strings.Join(profile, " · "), lineH)
	}
	status := "Estimated Value Score (submitted, awaiting review)"
	if s.Status == receipt.StatusVerified {
		status = "Verified Value Score"
	}
	w.para(fmt.Sprintf("%s · submission %s · submitted %s · updated %s", status, s.SubmissionID,
		s.CreatedAt.UTC().Format("2006-01-02 15:04 UTC"), s.UpdatedAt.UTC().Format("2006-01-02 15:04 UTC")), lineH)
	d.Ln(3)

	// Total and value types.
	vs := res.ValueScore
	d.SetFont("Helvetica", "B", 28)
	w.para(fmt.Sprintf("%s / %s", num(vs.Total), num(vs.Max)), 12)
	d.SetFont("Helvetica", "", 10)
	if res.Status == scoring.StatusVerified && vs.EstimatedTotal != vs.Total {
		w.para(fmt.Sprintf("Estimated before review: %s", num(vs.EstimatedTotal)), lineH)
	}
	w.heading("Value Score by value type")
	rows := [][]string{}
	for _, t := range vs.Types {
		rows = append(rows, []string{title(t.Type), num(t.Points), num(t.Max)})
	}
	w.table([]string{"Value type", "Points", "Of"}, []float64{80, 30, 30}, rows)

	w.heading("Value Score by STEPS pillar")
	rows = rows[:0]
	for _, p := range vs.Pillars {
		rows = append(rows, []string{p.Name, num(p.Points), num(p.Max), num(p.Percent) + " %", p.Level})
	}
	w.table([]string{"Pillar", "Points", "Of", "Percent", "Level"}, []float64{62, 22, 18, 26, 36}, rows)

	// Stages.
	w.heading("Maturity stages")
	rows = [][]string{{"INFRAM (computed from the questionnaire)", strconv.Itoa(res.Infram.Stage) + " of 7"}}
	if res.Infram.DeclaredStage != nil {
		rows = append(rows, []string{"INFRAM (declared)", strconv.Itoa(*res.Infram.DeclaredStage)})
	}
	for _, dom := range res.Infram.Domains {
		rows = append(rows, []string{"INFRAM " + dom.Name, strconv.Itoa(dom.Stage)})
	}
	if in.Maturity.EMRAM != nil {
		rows = append(rows, []string{"EMRAM", strconv.Itoa(*in.Maturity.EMRAM)})
	}
	if in.Maturity.OEMRAM != nil {
		rows = append(rows, []string{"O-EMRAM", strconv.Itoa(*in.Maturity.OEMRAM)})
	}
	w.table([]string{"Model", "Stage"}, []float64{110, 30}, rows)

	// Strengths, opportunities and targets per pillar.
	w.heading("Strengths, opportunities and targets")
	for _, p := range vs.Pillars {
		d.SetFont("Helvetica", "B", 11)
		w.para(fmt.Sprintf("%s: %s of %s points (%s)", p.Name, num(p.Points), num(p.Max), p.Level), 6)
		w.list("Strengths", p.Strengths)
		w.list("Opportunities", p.Opportunities)
		if p.Target != nil {
			w.list(fmt.Sprintf("Target: %s (%s %%), %s more points", p.Target.Level, num(p.Target.Percent), num(p.Target.PointsNeeded)), p.Target.Actions)
		}
		d.Ln(2)
	}

	if r := res.Review; r != nil {
		w.heading("Review")
		d.SetFont("Helvetica", "", 10)
		w.para(fmt.Sprintf("Reviewed by %s. Case studies: %d accepted, %d rejected, %d undecided. Measures: %d accepted, %d rejected, %d undecided.",
			r.Reviewer, r.CaseStudiesAccepted, r.CaseStudiesRejected, r.CaseStudiesUndecided, r.MeasuresAccepted, r.MeasuresRejected, r.MeasuresUndecided), lineH)
		if r.Notes != "" {
			w.para("Notes: "+r.Notes, lineH)
		}
	}

	// Provenance.
	w.heading("Methodology and receipt")
	d.SetFont("Helvetica", "", 9)
	w.para("Methodology "+res.Methodology+"; INFRAM criteria catalog "+res.Infram.Catalog+". The server recomputed this result with the open scoring core; the receipt below is an Ed25519 signature over the SHA-256 of the submission and of the result (check it with `openvalue receipt verify` and the keys at /api/v1/keys).", lineH)
	if rc.Signature != "" {
		w.para(fmt.Sprintf("Receipt %s · status %s · issued %s · key %s", s.ReceiptID, rc.Status, rc.IssuedAt, rc.KeyID), lineH)
		d.SetFont("Courier", "", 7.5)
		w.para("submission sha256 "+rc.SubmissionSHA256, 4)
		if rc.ReviewSHA256 != "" {
			w.para("review sha256     "+rc.ReviewSHA256, 4)
		}
		w.para("result sha256     "+rc.ResultSHA256, 4)
	} else {
		w.para("No receipt: this server signs none.", lineH)
	}

	var b bytes.Buffer
	if err := d.Output(&b); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return b.Bytes(), nil
}

// ascii spells the characters the results use that cp1252 (the core fonts' encoding) lacks.
var ascii = strings.NewReplacer("≥", ">=", "≤", "<=", "−", "-", "→", "->", "≈", "~", "≠", "!=")

// writer holds the document and its text translator.
type writer struct {
	d  *fpdf.Fpdf
	tr func(string) string
}

func (w *writer) para(s string, h float64) { w.d.MultiCell(pageWidth, h, w.tr(s), "", "L", false) }

func (w *writer) heading(s string) {
	w.d.Ln(3)
	w.d.SetFont("Helvetica", "B", 13)
	w.d.SetTextColor(20, 60, 110)
	w.para(s, 7)
	w.d.SetTextColor(0, 0, 0)
	w.d.SetFont("Helvetica", "", 10)
}

func (w *writer) list(label string, items []string) {
	if len(items) == 0 {
		return
	}
	w.d.SetFont("Helvetica", "I", 10)
	w.para(label, lineH)
	w.d.SetFont("Helvetica", "", 10)
	for _, it := range items {
		w.d.SetX(margin + 4)
		w.d.MultiCell(pageWidth-4, lineH, w.tr("- "+it), "", "L", false)
	}
}

func (w *writer) table(head []string, widths []float64, rows [][]string) {
	w.d.SetFont("Helvetica", "B", 10)
	w.d.SetFillColor(230, 236, 245)
	for i, h := range head {
		w.d.CellFormat(widths[i], 6, w.tr(h), "B", 0, "L", true, 0, "")
	}
	w.d.Ln(-1)
	w.d.SetFont("Helvetica", "", 10)
	for _, r := range rows {
		for i, c := range r {
			w.d.CellFormat(widths[i], 5.5, w.tr(c), "", 0, "L", false, 0, "")
		}
		w.d.Ln(-1)
	}
}

// num prints a score as the result document holds it (at most two decimals, no trailing zeros).
func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
