package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"openvalue/scoring/cmsdata"
	"openvalue/scoring/hvbp"
)

// runCMSHVBP recomputes the HVBP domain files of a folder and prints, per hospital, the
// computed and published TPS, domain scores and measure points, then a summary on stderr.
func runCMSHVBP(e env, args []string) error {
	fs := flag.NewFlagSet("cms hvbp", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	ssi := fs.String("ssi", "published", "combined SSI score when both procedures are scored: published (CMS's figure; the predicted-infection weights are not in the files) or mean (estimate)")
	from := fs.String("from", "auto", "start from: measures (the four domain files' rates), domains (the TPS file's published unweighted domain scores: checks the weighting only), auto (measures when a domain file is present)")
	fyFlag := fs.Int("fy", 0, "fiscal year, when no file has a Fiscal Year column")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() != 1 {
		return usageError{"cms hvbp: want exactly one DIR"}
	}
	switch *from {
	case "auto", "measures", "domains":
	default:
		return usageError{fmt.Sprintf("cms hvbp: -from %q: want auto, measures or domains", *from)}
	}
	mode := hvbp.SSIPublished
	switch *ssi {
	case "published":
	case "mean":
		mode = hvbp.SSIMean
	default:
		return usageError{fmt.Sprintf("cms hvbp: -ssi %q: want published or mean", *ssi)}
	}
	dir := fs.Arg(0)
	kinds := map[cmsdata.Kind]bool{cmsdata.KindHVBPTPS: true, cmsdata.KindHVBPClinical: true, cmsdata.KindHVBPPerson: true,
		cmsdata.KindHVBPSafety: true, cmsdata.KindHVBPEfficiency: true}
	b, err := cmsdata.LoadFS(os.DirFS(dir), cmsdata.LoadOptions{Want: func(k cmsdata.Kind) bool { return kinds[k] }, Progress: e.stderr})
	if err != nil {
		return fmt.Errorf("cms hvbp: %s: %w", dir, err)
	}
	for k := range kinds {
		if n := len(b.Tables(k)); n > 1 {
			return fmt.Errorf("cms hvbp: %s holds %d files of kind %s; keep one fiscal year per folder", dir, n, k)
		}
	}
	data, err := cmsdata.ReadHVBP(b.Table(cmsdata.KindHVBPTPS), b.Table(cmsdata.KindHVBPClinical), b.Table(cmsdata.KindHVBPPerson),
		b.Table(cmsdata.KindHVBPSafety), b.Table(cmsdata.KindHVBPEfficiency))
	if err != nil {
		return fmt.Errorf("cms hvbp: %s: %w", dir, err)
	}
	fy := data.FiscalYear
	if *fyFlag != 0 {
		fy = *fyFlag
	}
	var rules hvbp.Rules
	if fy == 0 {
		// The FY2020 TPS file has no Fiscal Year column; every TPS year since FY2017 has the same
		// four 25% domains and minimums.
		rules, _ = hvbp.RulesFor(2024)
		rules.FiscalYear = 0
		fmt.Fprintf(e.stderr, "warning: no Fiscal Year column in %s: using the FY2017-onward rules (give -fy to name the year)\n", dir)
	} else if rules, err = hvbp.RulesFor(fy); err != nil {
		return usageError{err.Error()}
	}
	domainFiles := 0
	for _, k := range []cmsdata.Kind{cmsdata.KindHVBPClinical, cmsdata.KindHVBPPerson, cmsdata.KindHVBPSafety, cmsdata.KindHVBPEfficiency} {
		if b.Table(k) != nil {
			domainFiles++
		}
	}
	fromDomains := *from == "domains" || *from == "auto" && domainFiles == 0
	if fromDomains && b.Table(cmsdata.KindHVBPTPS) == nil {
		return fmt.Errorf("cms hvbp: -from domains needs the TPS file in %s", dir)
	}
	if !fromDomains {
		for _, k := range []cmsdata.Kind{cmsdata.KindHVBPClinical, cmsdata.KindHVBPPerson, cmsdata.KindHVBPSafety, cmsdata.KindHVBPEfficiency} {
			if b.Table(k) == nil {
				fmt.Fprintf(e.stderr, "warning: no %s file in %s: that domain is not scored\n", k, dir)
			}
		}
	}
	hs := make([]hvbp.Hospital, len(data.Hospitals))
	for i := range data.Hospitals {
		if hs[i], err = hvbpHospital(&data.Hospitals[i]); err != nil {
			return fmt.Errorf("cms hvbp: %w", err)
		}
	}
	results := make([]hvbp.Result, len(hs))
	for i, h := range hs {
		if fromDomains {
			results[i] = fromPublishedDomains(&data.Hospitals[i], rules)
		} else {
			results[i] = hvbp.Score(h, rules, mode)
		}
	}
	sum := writeHVBP(e.stdout, data, results)
	start := "the domain files' rates"
	if fromDomains {
		start = "the published unweighted domain scores (weighting only)"
	}
	fmt.Fprintf(e.stderr, "FY%d Hospital VBP from %s: %d hospitals, %d in the TPS file\n", fy, start, len(hs), sum.published)
	fmt.Fprintf(e.stderr, "measure points equal to published: %d of %d cells\n", sum.cellsEqual, sum.cells)
	for d := hvbp.Domain(0); d < hvbp.NumDomains; d++ {
		fmt.Fprintf(e.stderr, "  %-32s domain score within 1e-9: %d of %d\n", d, sum.domEqual[d], sum.domN[d])
	}
	fmt.Fprintf(e.stderr, "combined SSI: %d hospitals scored on both procedures (-ssi %s); equal to published %d of %d\n", sum.ssiBoth, *ssi, sum.ssiEqual, sum.ssiN)
	fmt.Fprintf(e.stderr, "TPS within 1e-6: %d of %d; max |difference| %.6f\n", sum.exact, sum.published, sum.maxDiff)
	fmt.Fprintf(e.stderr, "matched %d of %d (tps within 0.01), points equal %d of %d\n", sum.within01, sum.published, sum.cellsEqual, sum.cells)
	return nil
}

// hvbpHospital maps the files' rows onto the computation's input. The direction of each
// measure follows from its benchmark: below the achievement threshold means lower is better.
func hvbpHospital(h *cmsdata.HVBPHospital) (hvbp.Hospital, error) {
	out := hvbp.Hospital{ID: h.CCN}
	doms := [4]hvbp.Domain{hvbp.ClinicalOutcomes, hvbp.PersonCommunity, hvbp.Safety, hvbp.Efficiency}
	for k, ms := range h.Measures {
		for _, m := range ms {
			if m.Performance.OK && (!m.Threshold.OK || !m.Benchmark.OK) {
				return out, fmt.Errorf("hospital %s, measure %s: a performance rate without an achievement threshold and benchmark", h.CCN, m.ID)
			}
			out.Measures = append(out.Measures, hvbp.Measure{
				ID: m.ID, Domain: doms[k], LowerIsBetter: lowerIsBetter(m),
				Threshold: m.Threshold.Value, Benchmark: m.Benchmark.Value,
				Floor: m.Floor.Value, HasFloor: m.Floor.OK,
				Baseline: m.Baseline.Value, HasBaseline: m.Baseline.OK,
				Performance: m.Performance.Value, HasPerf: m.Performance.OK,
			})
		}
	}
	if h.CombinedSSI.OK {
		out.PublishedCombinedSSI, out.HasPublishedCombinedSSI = h.CombinedSSI.Points, true
	}
	return out, nil
}

func lowerIsBetter(m cmsdata.HVBPMeasure) bool {
	if m.Threshold.OK && m.Benchmark.OK && m.Threshold.Value != m.Benchmark.Value {
		return m.Benchmark.Value < m.Threshold.Value
	}
	// Thresholds equal or absent: CMS's measure definitions.
	id := strings.ToUpper(m.ID)
	return strings.HasPrefix(id, "HAI-") || strings.HasPrefix(id, "MSPB") || strings.HasPrefix(id, "COMP-") || strings.HasPrefix(id, "PC-01")
}

type hvbpSummary struct {
	published, within01, exact int
	maxDiff                    float64
	cells, cellsEqual          int
	domN, domEqual             [hvbp.NumDomains]int
	ssiBoth, ssiN, ssiEqual    int
}

// fromPublishedDomains recomputes only the TPS, from CMS's unweighted domain scores.
func fromPublishedDomains(h *cmsdata.HVBPHospital, rules hvbp.Rules) hvbp.Result {
	res := hvbp.Result{ID: h.CCN}
	for d := range res.Domains {
		res.Domains[d], res.HasDomain[d] = h.Unweighted[d].Value, h.Unweighted[d].OK
	}
	res.Weighted, res.TPS, res.HasTPS = hvbp.TPS(res.Domains, res.HasDomain, rules)
	return res
}

func writeHVBP(w io.Writer, data *cmsdata.HVBPData, results []hvbp.Result) hvbpSummary {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	header := []string{"facility_id", "tps", "published_tps", "tps_difference"}
	for d := hvbp.Domain(0); d < hvbp.NumDomains; d++ {
		k := d.Key()
		header = append(header, k, "published_"+k, k+"_difference")
	}
	header = append(header, "hcahps_base", "published_hcahps_base", "hcahps_consistency", "published_hcahps_consistency",
		"combined_ssi", "published_combined_ssi", "combined_ssi_source")
	for _, ids := range data.MeasureIDs {
		for _, id := range ids {
			k := columnKey(id)
			header = append(header, k+"_achievement", "published_"+k+"_achievement", k+"_improvement",
				"published_"+k+"_improvement", k+"_score", "published_"+k+"_score")
		}
	}
	cw.Write(header)
	var sum hvbpSummary
	for i, res := range results {
		src := &data.Hospitals[i]
		row := []string{res.ID, optF(res.TPS, res.HasTPS, 12), optF(src.TPS.Value, src.TPS.OK, 12), ""}
		if src.TPS.OK {
			sum.published++
			if res.HasTPS {
				d := math.Abs(res.TPS - src.TPS.Value)
				row[3] = strconv.FormatFloat(res.TPS-src.TPS.Value, 'f', 6, 64)
				sum.maxDiff = math.Max(sum.maxDiff, d)
				if d <= 0.01+1e-9 {
					sum.within01++
				}
				if d <= 1e-6 {
					sum.exact++
				}
			}
		}
		for d := hvbp.Domain(0); d < hvbp.NumDomains; d++ {
			p := src.Unweighted[d]
			diff := ""
			if src.InTPS {
				sum.domN[d]++
				if res.HasDomain[d] == p.OK && (!p.OK || math.Abs(res.Domains[d]-p.Value) <= 1e-9) {
					sum.domEqual[d]++
				}
			}
			if res.HasDomain[d] && p.OK {
				diff = strconv.FormatFloat(res.Domains[d]-p.Value, 'f', 6, 64)
			}
			row = append(row, optF(res.Domains[d], res.HasDomain[d], 12), optF(p.Value, p.OK, 12), diff)
		}
		row = append(row, optI(res.Base, res.HasHCAHPS), optI(src.Base.Points, src.Base.OK),
			optI(res.Consistency, res.HasHCAHPS), optI(src.Consistency.Points, src.Consistency.OK),
			optI(res.CombinedSSI, res.HasCombinedSSI), optI(src.CombinedSSI.Points, src.CombinedSSI.OK), res.SSISource)
		if res.HasCombinedSSI && (res.SSISource == "published" || res.SSISource == "mean") {
			sum.ssiBoth++
		}
		cell := func(got int, gotOK bool, want cmsdata.HVBPPoints) {
			if !gotOK && !want.OK {
				return
			}
			sum.cells++
			if gotOK == want.OK && got == want.Points {
				sum.cellsEqual++
			}
		}
		if res.Measures != nil { // measures were computed (not -from domains)
			cell(res.Base, res.HasHCAHPS, src.Base)
			cell(res.Consistency, res.HasHCAHPS, src.Consistency)
		}
		if res.Measures != nil && (res.HasCombinedSSI || src.CombinedSSI.OK) {
			sum.ssiN++
			if res.HasCombinedSSI == src.CombinedSSI.OK && res.CombinedSSI == src.CombinedSSI.Points {
				sum.ssiEqual++
			}
		}
		j := 0
		for dom, ids := range data.MeasureIDs {
			ms := src.Measures[dom]
			for k := range ids {
				if ms == nil { // the hospital has no row in this domain file
					row = append(row, "", "", "", "", "", "")
					continue
				}
				pm := ms[k]
				if j >= len(res.Measures) { // -from domains: no measure computed
					row = append(row, "", optI(pm.Achievement.Points, pm.Achievement.OK), "", optI(pm.Improvement.Points, pm.Improvement.OK), "", optI(pm.Score.Points, pm.Score.OK))
					continue
				}
				r := res.Measures[j]
				j++
				cell(r.Achievement, r.Scored, pm.Achievement)
				cell(r.Improvement, r.HasImprovement, pm.Improvement)
				cell(r.Score, r.Scored, pm.Score)
				row = append(row, optI(r.Achievement, r.Scored), optI(pm.Achievement.Points, pm.Achievement.OK),
					optI(r.Improvement, r.HasImprovement), optI(pm.Improvement.Points, pm.Improvement.OK),
					optI(r.Score, r.Scored), optI(pm.Score.Points, pm.Score.OK))
			}
		}
		cw.Write(row)
	}
	cw.Flush()
	w.Write(buf.Bytes())
	return sum
}

// columnKey turns a measure id into a CSV column stem: "MORT-30-AMI" → "mort_30_ami".
func columnKey(id string) string {
	var b strings.Builder
	us := false
	for _, r := range strings.ToLower(id) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			us = false
		} else if !us && b.Len() > 0 {
			b.WriteByte('_')
			us = true
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

func optI(v int, ok bool) string {
	if !ok {
		return ""
	}
	return strconv.Itoa(v)
}
