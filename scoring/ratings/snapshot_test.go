package ratings

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"openvalue/internal/testdir"
	"openvalue/scoring"
)

func snapshot2024(tb testing.TB) (*Result, *Snapshot, []byte) {
	tb.Helper()
	res := cohort2024(tb)
	b, err := NewSnapshot(res, SnapshotProvenance{Hospitals: len(res.Ratings)}).Encode()
	if err != nil {
		tb.Fatal(err)
	}
	s, err := ParseSnapshot(b)
	if err != nil {
		tb.Fatal(err)
	}
	return res, s, b
}

// inputOf is a cohort hospital's own values as an Input (what it would type in).
func inputOf(r Rating, prior *Period) Input {
	in := Input{HACTotalScore: r.HACTotalScore}
	for d := range r.Domains {
		in.Values[d] = r.Domains[d].Values
		if prior != nil {
			if j := prior.Index(r.FacilityID); j >= 0 {
				in.Prior[d] = make([]float64, len(DomainRules[d].Metrics))
				for m := range in.Prior[d] {
					in.Prior[d][m] = prior.Values[d][m][j]
				}
			}
		}
	}
	return in
}

// TestSnapshot_SameAsBatch: every hospital of the cohort, rated alone against the
// snapshot (after a JSON round trip), gets exactly the batch run's percentiles,
// adjustments and final scores, in both domains, with the prior period's change.
func TestSnapshot_SameAsBatch(t *testing.T) {
	res, s, _ := snapshot2024(t)
	prior := loadFiles(t, prior2023...)
	for _, r := range res.Ratings {
		out := s.Rate(inputOf(r, prior))
		for d := range r.Domains {
			a, b := r.Domains[d], out.Domains[d]
			same := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }
			for m := range a.Percentiles {
				if !same(a.Percentiles[m], b.Percentiles[m]) {
					t.Fatalf("%s %s metric %s: snapshot percentile %v; batch %v", r.FacilityID, Domain(d), DomainRules[d].Metrics[m].ID, b.Percentiles[m], a.Percentiles[m])
				}
			}
			if !same(a.Average, b.Average) || a.ReportingAdjustment != b.ReportingAdjustment || a.ChangeAdjustment != b.ChangeAdjustment ||
				a.HasChange != b.HasChange || !same(a.Score, b.Score) || a.Excluded != b.Excluded {
				t.Fatalf("%s %s: snapshot %+v; batch %+v", r.FacilityID, Domain(d), b, a)
			}
		}
		if (out.HACWorstQuartile != nil && *out.HACWorstQuartile) != r.HACWorstQuartile {
			t.Fatalf("%s: HAC flag differs", r.FacilityID)
		}
	}
}

// TestCommittedSnapshot: web/cohort.json parses and is small enough to fetch once.
func TestCommittedSnapshot(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(testdir.Root(), "web", "cohort.json"))
	if err != nil {
		t.Skip(err)
	}
	s, err := ParseSnapshot(b)
	if err != nil {
		t.Fatalf("web/cohort.json: %v", err)
	}
	if s.Provenance.Hospitals < 3000 || len(s.adj[Safety]) < 2500 || len(s.adj[Cost]) < 2000 {
		t.Errorf("web/cohort.json: %d hospitals, %d/%d rated; want a full cohort", s.Provenance.Hospitals, len(s.adj[Safety]), len(s.adj[Cost]))
	}
}

// TestWhatIf: the best option really gives the score it claims, and no single option
// given beats it.
func TestWhatIf(t *testing.T) {
	res, s, _ := snapshot2024(t)
	r := find(t, res, "220071")
	in := inputOf(r, nil)
	out := s.Rate(in)
	opts := out.WhatIf[Safety]
	if len(opts) == 0 {
		t.Fatal("no what-if option for Massachusetts General")
	}
	best := opts[0]
	for _, o := range opts[1:] {
		if o.Gain > best.Gain {
			t.Errorf("option %+v beats the best %+v", o, best)
		}
	}
	if best.ScoreFrom != out.Domains[Safety].Score || best.Gain <= 0 {
		t.Errorf("best what-if %+v; current score %v", best, out.Domains[Safety].Score)
	}
	// OP-23 is unreported there: reporting it at the median is one of the options.
	found := false
	for _, o := range opts {
		if o.Metric == "op_23" && o.Action == "report" {
			found = true
		}
		if o.Action == "improve" && o.PercentileTo < o.PercentileFrom+WhatIfStep-1e-9 && o.PercentileTo < 100 {
			t.Errorf("option %+v does not reach +%v percentile points", o, WhatIfStep)
		}
	}
	if !found {
		t.Errorf("no 'report op_23' option in %+v", opts)
	}
}

func TestRateJSON(t *testing.T) {
	_, _, snap := snapshot2024(t)
	good := `{"facilityId":"220071","safety":{"psi_90":0.9233,"op_22":4,"pc_01":0,"sep_1":67,"clabsi":0.714,"cauti":0.919,"ssi":1.169,"mrsa":0.511,"cdi":1.013},"cost":{"mspb":1.0,"occupancy":80},"hacTotalScore":0.2013}`
	out, err := RateJSON([]byte(good), snap)
	if err != nil {
		t.Fatalf("RateJSON: %v", err)
	}
	var doc struct {
		Safety struct {
			Reported int
			Average  float64
			Score    *float64
			WhatIf   struct{ Best *struct{ Metric string } }
		}
		Cost struct {
			Reported int
			Excluded bool
			Score    *float64
		}
		HACWorstQuartile *bool
		OmittedDomains   []string
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if doc.Safety.Reported != 9 || math.Abs(doc.Safety.Average-46.921846) > 1e-6 || doc.Safety.Score == nil || doc.Safety.WhatIf.Best == nil {
		t.Errorf("safety = %+v; want 9 reported, average 46.921846, a score and a what-if", doc.Safety)
	}
	if doc.Cost.Reported != 2 || !doc.Cost.Excluded || doc.Cost.Score != nil {
		t.Errorf("cost = %+v; want 2 reported, excluded, no score", doc.Cost)
	}
	if doc.HACWorstQuartile == nil || *doc.HACWorstQuartile || len(doc.OmittedDomains) != 3 {
		t.Errorf("hac flag %v, omitted %v", doc.HACWorstQuartile, doc.OmittedDomains)
	}
	again, _ := RateJSON([]byte(good), snap)
	if string(again) != string(out) {
		t.Error("RateJSON is not deterministic")
	}

	bad := []struct{ in, path, reason string }{
		{`[]`, "$", "must be a JSON object"},
		{`{"safety":{"psi90":1}}`, "safety.psi90", "unknown safety metric"},
		{`{"safety":{"sep_1":"61"}}`, "safety.sep_1", "must be a number"},
		{`{"safety":{"sep_1":161}}`, "safety.sep_1", "0 to 100"},
		{`{"cost":{"mspb":-1}}`, "cost.mspb", "negative"},
		{`{"cost":[1]}`, "cost", "must be an object"},
		{`{"prior":{"outcomes":{}}}`, "prior.outcomes", "unknown field"},
		{`{"extra":1}`, "extra", "unknown field"},
		{`{"safety":{}} {}`, "$", "one JSON object"},
		{`not json`, "$", "must be a JSON object"},
	}
	for _, c := range bad {
		out, err := RateJSON([]byte(c.in), snap)
		var ve *scoring.ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, scoring.ErrInvalidInput) {
			t.Errorf("RateJSON(%s) error = %v; want a ValidationError", c.in, err)
			continue
		}
		if ve.Problems[0].Path != c.path || !strings.Contains(ve.Problems[0].Reason, c.reason) {
			t.Errorf("RateJSON(%s) problem = %+v; want %s: …%s…", c.in, ve.Problems[0], c.path, c.reason)
		}
		if !strings.Contains(strings.ReplaceAll(string(out), " ", ""), `"code":"invalid_input"`) {
			t.Errorf("RateJSON(%s) document = %s", c.in, out)
		}
	}
	if _, err := RateJSON([]byte(`{}`), []byte(`{"format":"x"}`)); err == nil || !strings.Contains(err.Error(), "$snapshot") {
		t.Errorf("bad snapshot error = %v; want one naming $snapshot", err)
	}
}

func FuzzRateJSON(f *testing.F) {
	b, err := os.ReadFile(filepath.Join(testdir.Root(), "web", "cohort.json"))
	if err != nil {
		f.Skip(err)
	}
	for _, s := range []string{`{}`, `{"safety":{"psi_90":1,"sep_1":50,"cdi":0.5}}`, `{"cost":{"mspb":1,"occupancy":50,"cost_per_de":9000}}`, `{"prior":{"safety":{"cdi":1}}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := RateJSON(in, b)
		if err != nil {
			if !errors.Is(err, scoring.ErrInvalidInput) {
				t.Fatalf("RateJSON(%q): non-validation error %v", in, err)
			}
			return
		}
		if !json.Valid(out) {
			t.Fatalf("RateJSON(%q) = invalid JSON %s", in, out)
		}
	})
}

// BenchmarkSnapshotRate: one hospital against the parsed snapshot, what-if included.
func BenchmarkSnapshotRate(b *testing.B) {
	res, s, _ := snapshot2024(b)
	in := inputOf(find(b, res, "220071"), nil)
	b.ResetTimer()
	for b.Loop() {
		s.Rate(in)
	}
}

// BenchmarkRateJSON: the whole wire call (decode input, cached snapshot, rate, what-if, encode).
func BenchmarkRateJSON(b *testing.B) {
	_, _, snap := snapshot2024(b)
	in := []byte(`{"safety":{"psi_90":0.9233,"op_22":4,"pc_01":0,"sep_1":67,"clabsi":0.714,"cauti":0.919,"ssi":1.169,"mrsa":0.511,"cdi":1.013},"cost":{"cost_per_de":11727.07,"occupancy":85.39,"mspb":1.04}}`)
	if _, err := RateJSON(in, snap); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		RateJSON(in, snap)
	}
}

// BenchmarkRateNoWhatIf: the percentiles and scores alone.
func BenchmarkRateNoWhatIf(b *testing.B) {
	res, s, _ := snapshot2024(b)
	in := inputOf(find(b, res, "220071"), nil)
	b.ResetTimer()
	for b.Loop() {
		for d := range DomainRules {
			s.rateDomain(Domain(d), in.Values[d], in.Prior[d])
		}
	}
}

// TestOutputJSON: the hand-written encoder gives exactly encoding/json's bytes, for
// every hospital of the cohort (rated, excluded, with and without what-if options).
func TestOutputJSON(t *testing.T) {
	res, s, _ := snapshot2024(t)
	prior := loadFiles(t, prior2023...)
	for i, r := range res.Ratings {
		if i%7 != 0 {
			continue
		}
		out := s.Rate(inputOf(r, prior))
		got, want := out.JSON(s), out.jsonReflect(s)
		if string(got) != string(want) {
			t.Fatalf("%s:\n got %s\nwant %s", r.FacilityID, got, want)
		}
	}
}
