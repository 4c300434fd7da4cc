package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"openvalue/internal/testdir"
	"openvalue/scoring/ratings"
)

// cmsExtracts is testdata/cms: byte-exact extracts of the public files (see PROVENANCE.md).
func cmsExtracts() string { return filepath.Join(testdir.Root(), "testdata", "cms") }

func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var o, e bytes.Buffer
	err = run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &o, &e)
	return o.String(), e.String(), err
}

func TestRate_Extracts(t *testing.T) {
	d := cmsExtracts()
	out, stderr, err := runCmd(t, "rate", "--current", filepath.Join(d, "cur"), "--prior", filepath.Join(d, "prior"),
		"--costs", filepath.Join(d, "rand_hcris_free_2022_11_01.csv"))
	if err != nil {
		t.Fatalf("rate: %v\n%s", err, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, c := range []string{"facility_id", "name", "state", "safety_reported", "safety_average", "safety_reporting_adjustment",
		"safety_change_adjustment", "safety_score", "safety_excluded", "hac_worst_quartile", "cost_reported", "cost_average",
		"cost_reporting_adjustment", "cost_change_adjustment", "cost_score", "cost_excluded", "safety_psi_90_value", "cost_mspb_percentile"} {
		if _, ok := col[c]; !ok {
			t.Errorf("no column %s", c)
		}
	}
	var mgh []string
	for _, r := range rows[1:] {
		if r[0] == "220071" {
			mgh = r
		}
	}
	if mgh == nil || mgh[col["name"]] != "MASSACHUSETTS GENERAL HOSPITAL" || mgh[col["state"]] != "MA" || mgh[col["safety_reported"]] != "9" ||
		mgh[col["safety_change_adjustment"]] == "" || mgh[col["omitted_domains"]] != "outcomes;risk;engagement" {
		t.Errorf("220071 row = %v", mgh)
	}
	if !strings.Contains(stderr, "outcomes, risk and engagement are not specified") {
		t.Errorf("stderr does not say the unspecified domains are omitted: %q", stderr)
	}

	js, _, err := runCmd(t, "rate", "--current", filepath.Join(d, "cur"), "--prior", filepath.Join(d, "prior"),
		"--costs", filepath.Join(d, "rand_hcris_free_2022_11_01.csv"), "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Methodology    string
		OmittedDomains []string
		Hospitals      []struct{ FacilityID string }
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil || doc.Methodology != ratings.Methodology || len(doc.OmittedDomains) != 3 || len(doc.Hospitals) != len(rows)-1 {
		t.Errorf("json: %v; %+v", err, doc)
	}
}

func TestRate_Errors(t *testing.T) {
	d := cmsExtracts()
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "hac.csv"), []byte("\"Facility Name\",\"Facility ID\",\"State\",\"Fiscal Year\",\"Total HAC Score\"\r\nA,010001,AL,2024,0.2\r\nB,010005,AL,2024\r\n"), 0o644)
	os.WriteFile(filepath.Join(bad, "notes.csv"), []byte("x,y\n1,2\n"), 0o644)
	junk := t.TempDir()
	os.WriteFile(filepath.Join(junk, "notes.csv"), []byte("x,y\n1,2\n"), 0o644)
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no current", []string{"rate"}, 2, "--current"},
		{"bad format", []string{"rate", "--current", d, "--format", "xml"}, 2, "csv or json"},
		{"missing dir", []string{"rate", "--current", filepath.Join(d, "nope")}, 1, "no such file"},
		{"costs not RAND", []string{"rate", "--current", filepath.Join(d, "cur"), "--costs", filepath.Join(d, "cur", "alldata_2024jul.csv")}, 2, "not a RAND HCRIS extract"},
		{"ragged file", []string{"rate", "--current", bad}, 1, "hac.csv:3:4: wrong number of fields"},
		{"unknown file reported", []string{"rate", "--current", junk}, 0, "notes.csv: header not recognised"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, err := runCmd(t, c.args...)
			var msg bytes.Buffer
			code := exitCode(err, &msg)
			all := stderr + msg.String()
			if code != c.code || !strings.Contains(all, c.stderr) {
				t.Errorf("rate %v: exit %d, %q; want exit %d mentioning %q", c.args, code, all, c.code, c.stderr)
			}
		})
	}
}

// TestCohort_SameAsRate: the snapshot written by `openvalue cohort` rates a hospital of the
// cohort exactly as `openvalue rate` did.
func TestCohort_SameAsRate(t *testing.T) {
	d := cmsExtracts()
	out := filepath.Join(t.TempDir(), "cohort.json")
	if _, stderr, err := runCmd(t, "cohort", "--current", filepath.Join(d, "cur"), "--costs", filepath.Join(d, "rand_hcris_free_2022_11_01.csv"), "--out", out); err != nil {
		t.Fatalf("cohort: %v %s", err, stderr)
	}
	snap, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	js, _, err := runCmd(t, "rate", "--current", filepath.Join(d, "cur"), "--costs", filepath.Join(d, "rand_hcris_free_2022_11_01.csv"), "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	type metric struct {
		ID         string
		Value      *float64
		Percentile *float64
	}
	type dom struct {
		Score   *float64
		Metrics []metric
	}
	var batch struct {
		Hospitals []struct {
			FacilityID string
			Safety     dom
			Cost       dom
		}
	}
	if err := json.Unmarshal([]byte(js), &batch); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, h := range batch.Hospitals {
		in := map[string]map[string]float64{"safety": {}, "cost": {}}
		for name, d := range map[string]dom{"safety": h.Safety, "cost": h.Cost} {
			for _, m := range d.Metrics {
				if m.Value != nil {
					in[name][m.ID] = *m.Value
				}
			}
		}
		b, _ := json.Marshal(in)
		res, err := ratings.RateJSON(b, snap)
		if err != nil {
			t.Fatalf("%s: %v", h.FacilityID, err)
		}
		var one struct{ Safety, Cost dom }
		if err := json.Unmarshal(res, &one); err != nil {
			t.Fatal(err)
		}
		for _, pair := range [][2]dom{{h.Safety, one.Safety}, {h.Cost, one.Cost}} {
			a, b := pair[0], pair[1]
			if (a.Score == nil) != (b.Score == nil) || a.Score != nil && *a.Score != *b.Score {
				t.Errorf("%s: batch score %v, snapshot %v", h.FacilityID, a.Score, b.Score)
			}
			for i := range a.Metrics {
				pa, pb := a.Metrics[i].Percentile, b.Metrics[i].Percentile
				if (pa == nil) != (pb == nil) || pa != nil && *pa != *pb {
					t.Errorf("%s %s: batch percentile %v, snapshot %v", h.FacilityID, a.Metrics[i].ID, pa, pb)
				}
			}
		}
		checked++
	}
	if checked < 30 {
		t.Errorf("checked %d hospitals", checked)
	}
	var ve interface{ Error() string }
	if _, err := ratings.RateJSON([]byte(`{"safety":{"x":1}}`), snap); err == nil || !errors.As(err, &ve) {
		t.Errorf("invalid input accepted")
	}
}
