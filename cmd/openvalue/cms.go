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

	"openvalue/scoring/cmsdata"
	"openvalue/scoring/hac"
)

func init() {
	register("cms", command{summary: "reproduce CMS programs from their files: cms hac FILE | cms hvbp DIR", run: runCMS})
}

func runCMS(e env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "usage: openvalue cms hac [-from auto|file|recovered|published] [-fy YEAR] FILE\n       openvalue cms hvbp [-ssi published|mean] DIR")
		return usageError{"cms: missing program (hac or hvbp)"}
	}
	switch args[0] {
	case "hac":
		return runCMSHAC(e, args[1:])
	case "hvbp":
		return runCMSHVBP(e, args[1:])
	}
	return usageError{fmt.Sprintf("cms: unknown program %q (want hac or hvbp)", args[0])}
}

// runCMSHAC recomputes a HAC Reduction Program file and prints, per hospital, the computed
// and the published measure scores, Total HAC Score and payment flag, then a summary on stderr.
func runCMSHAC(e env, args []string) error {
	fs := flag.NewFlagSet("cms hac", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	from := fs.String("from", "auto", "what to start from: auto (raw PSI 90 values and SIRs when the file has them; each measure's statistics from the file's hospitals, "+
		"or recovered from the published W Z scores where the file withholds results, footnote 11), file (raw values, statistics from the file's hospitals only; alias raw), "+
		"recovered (raw values, every measure's statistics recovered from the published W Z scores), published (CMS's W Z scores or decile points)")
	fyFlag := fs.Int("fy", 0, "fiscal year, when the file has no Fiscal Year column")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() != 1 {
		return usageError{"cms hac: want exactly one FILE"}
	}
	switch *from {
	case "auto", "file", "raw", "recovered", "published":
	default:
		return usageError{fmt.Sprintf("cms hac: -from %q: want auto, file, recovered or published", *from)}
	}
	name := fs.Arg(0)
	data, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("cms hac: %w", err)
	}
	t, err := cmsdata.ParseTable(name, data)
	if err != nil {
		return err
	}
	f, err := cmsdata.ReadHAC(t)
	if err != nil {
		return err
	}
	fy := f.FiscalYear
	if *fyFlag != 0 {
		fy = *fyFlag
	}
	if fy == 0 {
		// No Fiscal Year column: the header style still tells the method, except for the decile
		// years (whose domain weights differ by year).
		domains := false
		for _, r := range f.Rows {
			domains = domains || r.Domain1.OK || r.Domain2.OK
		}
		switch {
		case !f.HasWZ:
			return usageError{fmt.Sprintf("cms hac: %s has no Fiscal Year column and decile scores (FY2015–FY2017 weigh the domains differently); give -fy", name)}
		case domains:
			fy = 2019
		default:
			fy = 2024
		}
		fmt.Fprintf(e.stderr, "warning: %s has no Fiscal Year column; scoring with the FY%d rules (give -fy to name the year)\n", name, fy)
	}
	rules, err := hac.RulesFor(fy)
	if err != nil {
		return usageError{err.Error()}
	}
	hs := hacHospitals(f)
	src := hac.FromPublished
	switch *from {
	case "file", "raw":
		src = hac.FromRaw
	case "recovered":
		src = hac.FromRawRecovered
	case "auto":
		if f.HasRaw && rules.Method != hac.Decile {
			src = hac.FromRawAuto
		}
	}
	res, err := hac.Compute(hs, rules, src)
	if err != nil {
		return fmt.Errorf("cms hac: %s: %w", name, err)
	}
	// The "from the published scores alone" recomputation, shown beside the raw one.
	var pub *hac.Result
	if src != hac.FromPublished {
		if p, err := hac.Compute(hs, rules, hac.FromPublished); err == nil {
			pub = &p
		}
	}
	sum := writeHAC(e.stdout, hs, res, pub)
	fmt.Fprintf(e.stderr, "FY%d HAC Reduction Program: %s, from %s; %d hospitals\n", fy, rules.Method, src, len(hs))
	if src != hac.FromPublished {
		for m := hac.Measure(0); m < hac.NumMeasures; m++ {
			st := res.Stats[m]
			if st.N > 0 {
				fmt.Fprintf(e.stderr, "  %-6s n=%d bounds %.4f..%.4f mean %.6f sd %.6f worst z %.4f; statistics: %s\n",
					m, st.N, noNegZero(hac.Round4(st.Low)), st.High, st.Mean, st.SD, st.WorstScore, st.Reason)
			}
		}
	}
	fmt.Fprintf(e.stderr, "threshold %.4f (75th percentile of %d non-Maryland scores)\n", res.Threshold, res.ThresholdN)
	if rules.Suppressed {
		fmt.Fprintf(e.stderr, "FY%d was suppressed by CMS (COVID-19): no scores or flags; total_hac_score_if_scored is computed from the measures the file has, for information\n", fy)
	}
	fmt.Fprintf(e.stderr, "total within 0.01: %d of %d; max |difference| %.4f\n", sum.within01, sum.scored, sum.maxDiff)
	if src != hac.FromPublished {
		// One line per measure whose statistics the file's population cannot give (docs/fidelity.md).
		for m := hac.Measure(0); m < hac.NumMeasures; m++ {
			st := res.Stats[m]
			switch {
			case st.Recovered:
				fmt.Fprintf(e.stderr, "%s statistics %s: line through the published W Z of %d hospitals (largest residual %.4f), each hospital's fitted without its own score\n",
					m, st.Reason, st.Fitted, st.MaxResidual)
			case st.Withheld > 0:
				fmt.Fprintf(e.stderr, "%s statistics from the %s\n", m, st.Reason)
			}
		}
	}
	if !rules.Suppressed {
		// The other two ways from the raw values, for comparison: the file's statistics alone
		// (the limit of the public file) and CMS's statistics recovered for every measure.
		for _, alt := range []struct {
			src  hac.Source
			name string
		}{{hac.FromRaw, "with statistics from the file alone (-from file)"}, {hac.FromRawRecovered, "with CMS's statistics recovered from the published W Z for every measure (-from recovered)"}} {
			if src == hac.FromPublished || alt.src == src {
				continue
			}
			if r, err := hac.Compute(hs, rules, alt.src); err == nil {
				a := writeHAC(io.Discard, hs, r, nil)
				fmt.Fprintf(e.stderr, "%s: total within 0.005 %d of %d, within 0.01 %d, max |difference| %.4f; flags equal %d of %d\n",
					alt.name, a.within005, a.scored, a.within01, a.maxDiff, a.flagsEqual, a.flagged)
			}
		}
	}
	if pub != nil {
		fmt.Fprintf(e.stderr, "from published W Z alone: total equal %d of %d, within 0.0001 %d of %d; flags equal %d of %d\n", sum.pubExact, sum.scored, sum.pubWithin, sum.scored, sum.pubFlags, sum.flagged)
	}
	fmt.Fprintf(e.stderr, "matched %d of %d (total within 0.005), flags equal %d of %d\n", sum.within005, sum.scored, sum.flagsEqual, sum.flagged)
	return nil
}

// hacHospitals maps a HAC file's rows onto the computation's input.
func hacHospitals(f *cmsdata.HACFile) []hac.Hospital {
	hs := make([]hac.Hospital, len(f.Rows))
	anyTotal := false // a file of CMS's results, not just measure values
	for _, r := range f.Rows {
		anyTotal = anyTotal || r.Total.OK
	}
	for i, r := range f.Rows {
		h := hac.Hospital{ID: r.CCN, PublishedPayment: r.Payment}
		// Maryland: the state column, or the CCN's state code 21 when the file has none.
		h.Maryland = r.State == "MD" || (r.State == "" && len(r.CCN) == 6 && r.CCN[:2] == "21")
		for m := range h.Measures {
			raw, sc := r.Raw[m], r.Score[m]
			h.Measures[m] = hac.Value{
				Raw: raw.Value, HasRaw: raw.OK,
				NoData:    !raw.OK && (raw.Footnote("18") || raw.Footnote("11")),
				Withheld:  !raw.OK && raw.Footnote("11"),
				Published: sc.Value, HasPublished: sc.OK,
			}
		}
		// Footnote 5 ("results are not available for this reporting period") marks FY2023's
		// placeholder 0.0000 totals: not a result.
		if r.Total.OK && !r.Total.Footnote("5") {
			h.PublishedTotal, h.HasPublishedTotal = r.Total.Value, true
		}
		// CMS left the total empty although measures were scored (51 hospitals in FY2018,
		// footnote 4 "data suppressed by CMS"): CMS did not score the hospital that year, an
		// eligibility fact the measure columns do not carry. (FY2023's suppressed totals are
		// 0.0000 with footnote 5, not empty.)
		h.Unscored = anyTotal && !r.Total.OK
		hs[i] = h
	}
	return hs
}

type hacSummary struct {
	scored, within005, within01 int
	maxDiff                     float64
	flagged, flagsEqual         int
	pubExact, pubWithin         int
	pubFlags                    int
}

func writeHAC(w io.Writer, hs []hac.Hospital, res hac.Result, pub *hac.Result) hacSummary {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	unit := "w_z"
	if res.Rules.Method == hac.Decile {
		unit = "points"
	}
	header := []string{"facility_id", "total_hac_score", "published_total_hac_score", "total_hac_score_difference",
		"payment_reduction", "published_payment_reduction"}
	if res.Rules.Method != hac.WZEqual {
		header = append(header, "domain_1_score", "domain_2_score")
	}
	if pub != nil {
		header = append(header, "total_hac_score_from_published_w_z", "payment_reduction_from_published_w_z")
	}
	if res.Rules.Suppressed {
		header = append(header, "total_hac_score_if_scored")
	}
	for m := hac.Measure(0); m < hac.NumMeasures; m++ {
		k := m.Key()
		if res.Source != hac.FromPublished {
			header = append(header, k+"_value", k+"_statistics")
		}
		header = append(header, k+"_"+unit, "published_"+k+"_"+unit, k+"_"+unit+"_difference")
	}
	cw.Write(header)
	var sum hacSummary
	for i, h := range hs {
		s := res.Hospitals[i]
		// In a suppressed year (FY2023) CMS scored nobody: the total computed from the measures
		// the file has is shown apart, for information, and total_hac_score stays empty.
		total, hasTotal := s.Total, s.HasTotal && !res.Rules.Suppressed
		row := []string{h.ID, opt4(total, hasTotal), opt4(h.PublishedTotal, h.HasPublishedTotal),
			diff4(total, hasTotal, h.PublishedTotal, h.HasPublishedTotal), s.Payment, h.PublishedPayment}
		if res.Rules.Method != hac.WZEqual {
			row = append(row, opt4(s.Domain1, s.HasDomain1), opt4(s.Domain2, s.HasDomain2))
		}
		if h.HasPublishedTotal {
			sum.scored++
			d := -1.0
			if s.HasTotal {
				d = math.Abs(s.Total - h.PublishedTotal)
				sum.maxDiff = math.Max(sum.maxDiff, d)
			}
			if d >= 0 && d <= 0.005+1e-9 {
				sum.within005++
			}
			if d >= 0 && d <= 0.01+1e-9 {
				sum.within01++
			}
		}
		if h.PublishedPayment == "Yes" || h.PublishedPayment == "No" {
			sum.flagged++
			if s.Payment == h.PublishedPayment {
				sum.flagsEqual++
			}
		}
		if pub != nil {
			p := pub.Hospitals[i]
			row = append(row, opt4(p.Total, p.HasTotal), p.Payment)
			if h.HasPublishedTotal && p.HasTotal {
				d := math.Abs(p.Total - h.PublishedTotal)
				if d < 1e-9 {
					sum.pubExact++
				}
				if d <= 0.0001+1e-9 {
					sum.pubWithin++
				}
			}
			if (h.PublishedPayment == "Yes" || h.PublishedPayment == "No") && p.Payment == h.PublishedPayment {
				sum.pubFlags++
			}
		}
		if res.Rules.Suppressed {
			row = append(row, opt4(s.Total, s.HasTotal))
		}
		for m := hac.Measure(0); m < hac.NumMeasures; m++ {
			v := h.Measures[m]
			if res.Source != hac.FromPublished {
				// Where the statistics of this hospital's score come from: "file" or "recovered"
				// (from the other hospitals' published W Z); the reason is on stderr.
				origin := ""
				if s.Has[m] {
					origin = "file"
					if s.Stats[m].Recovered {
						origin = "recovered"
					}
				}
				row = append(row, optF(v.Raw, v.HasRaw, -1), origin)
			}
			row = append(row, opt4(s.Measures[m], s.Has[m]), opt4(v.Published, v.HasPublished),
				diff4(hac.Round4(s.Measures[m]), s.Has[m], v.Published, v.HasPublished))
		}
		cw.Write(row)
	}
	cw.Flush()
	w.Write(buf.Bytes())
	return sum
}

// opt4 formats a score to 4 decimals, or "" when absent.
func opt4(v float64, ok bool) string {
	if !ok {
		return ""
	}
	return strconv.FormatFloat(noNegZero(hac.Round4(v)), 'f', 4, 64)
}

// noNegZero maps -0 (and values that round to it) to 0, so no "-0.0000" is printed.
func noNegZero(x float64) float64 {
	if math.Abs(x) < 5e-7 {
		return 0
	}
	return x
}

// optF formats v with prec decimals (-1: as many as it takes), or "" when absent.
func optF(v float64, ok bool, prec int) string {
	if !ok {
		return ""
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// diff4 is computed − published, to 4 decimals, or "" when either is absent.
func diff4(a float64, aok bool, b float64, bok bool) string {
	if !aok || !bok {
		return ""
	}
	return strconv.FormatFloat(noNegZero(hac.Round4(a-b)), 'f', 4, 64)
}
