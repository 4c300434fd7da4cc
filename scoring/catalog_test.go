package scoring

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestCatalog checks the embedded catalog's shape: five domains × seven stages, at least six criteria
// each, and the public INFRAM capabilities the issue names present as "public" criteria.
func TestCatalog(t *testing.T) {
	cat := InframCatalog()
	if len(theCatalog.criteria) < numDomains*numStages*minCriteria {
		t.Fatalf("%d criteria, want at least %d", len(theCatalog.criteria), numDomains*numStages*minCriteria)
	}
	want := []string{"security", "dataCenter", "mobility", "transport", "collaboration"}
	for i, d := range cat.Domains {
		if d.Key != want[i] {
			t.Errorf("domain %d is %q, want %q", i, d.Key, want[i])
		}
	}
	if !strings.Contains(cat.Notice, "not HIMSS's official criteria") {
		t.Errorf("catalog notice does not say the criteria are the project's own: %q", cat.Notice)
	}
	public := map[string]string{ // public INFRAM stage summaries (docs/methodology.md) → a criterion's text
		"s2": "intrusion detection", "m4": "most of the premises", "c4": "Multiparty video",
		"t6": "validates the user experience", "t7": "Adaptive, flexible network control", "m7": "tele-monitored at home",
	}
	for prefix, phrase := range public {
		found := false
		for _, c := range theCatalog.criteria {
			if strings.HasPrefix(c.id, prefix+"_") && strings.Contains(c.text, phrase) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s criterion mentions %q", prefix, phrase)
		}
	}
}

func TestCompileCatalog_Errors(t *testing.T) {
	for _, tc := range []struct{ name, doc, want string }{
		{"not JSON", `{`, "not valid JSON"},
		{"wrong type", `{"version":"v","domains":[{"key":"k","stages":[{"stage":"1"}]}]}`, "stage: not an integer"},
		{"no version", `{"domains":[]}`, "no version"},
		{"four domains", `{"version":"v","domains":[{},{},{},{}]}`, "4 domains"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := compileCatalog([]byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("compileCatalog(%s) = %v; want an error containing %q", tc.doc, err, tc.want)
			}
		})
	}
}

// TestStaging_Boundary decides 69.9% and 70.0% in integers (seed 001: "70% or better").
func TestStaging_Boundary(t *testing.T) {
	for _, tc := range []struct {
		earned10, possible int
		percent10          int
		met                bool
	}{
		{1175, 168, 699, false}, // 69.94%: shown as 69.9, not met
		{1190, 170, 700, true},  // exactly 70.0%
		{1309, 187, 700, true},  // exactly 70%, odd denominator
		{1308, 187, 699, false}, // 69.95%: truncated to 69.9, not met (never rounded up into a pass)
		{0, 0, 0, false},        // nothing applicable: not met
		{1870, 187, 1000, true},
	} {
		tl := tally{earned10: tc.earned10, possible: tc.possible}
		if got := tl.percent10(); got != tc.percent10 {
			t.Errorf("percent10(%d/%d) = %d; want %d", tc.earned10, tc.possible, got, tc.percent10)
		}
		if got := tl.met(); got != tc.met {
			t.Errorf("met(%d/%d) = %v; want %v", tc.earned10, tc.possible, got, tc.met)
		}
	}
}

func TestImprovement(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		name   string
		m      Measure
		want   int
		wantOK bool
	}{
		{"higher better", Measure{Direction: HigherIsBetter, Baseline: f(50), Post: f(60)}, 200, true},
		{"lower better", Measure{Direction: LowerIsBetter, Baseline: f(0.84), Post: f(0.51)}, 393, true},
		{"worse", Measure{Direction: LowerIsBetter, Baseline: f(9), Post: f(9.6)}, -67, true},
		{"zero baseline better", Measure{Direction: HigherIsBetter, Baseline: f(0), Post: f(64)}, 1000, true},
		{"zero baseline worse", Measure{Direction: LowerIsBetter, Baseline: f(0), Post: f(3)}, 0, true},
		{"negative baseline", Measure{Direction: HigherIsBetter, Baseline: f(-10), Post: f(-5)}, 500, true},
		{"clamped", Measure{Direction: HigherIsBetter, Baseline: f(1e-9), Post: f(1e12)}, 1000000, true},
		{"no post", Measure{Direction: HigherIsBetter, Baseline: f(1)}, 0, false},
	} {
		got, ok := improvement10(&tc.m)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("improvement10(%s) = %d, %v; want %d, %v", tc.name, got, ok, tc.want, tc.wantOK)
		}
	}
}

// TestCatalogIndex: the arithmetic id lookup the decoder uses agrees with the catalog's id map.
func TestCatalogIndex(t *testing.T) {
	for di := range theCatalog.domains {
		for _, id := range []string{"", "s", "s1", "s1_q", "s1_q0", "s1_q01", "s0_q1", "s8_q1", "s1_q99", "s1_q1x",
			"s1-q1", "s1_p1", "s1_q1000000000000000000000", "d1_q1", "m7_q6", "t3_q2", "c5_q5", "s7_q6", "s7_q7"} {
			want := -1
			if i, ok := theCatalog.byID[id]; ok && theCatalog.criteria[i].domain == di {
				want = i
			}
			if got := theCatalog.index(di, id); got != want {
				t.Errorf("index(%d, %q) = %d; want %d", di, id, got, want)
			}
		}
		for i, c := range theCatalog.criteria {
			if c.domain == di {
				if got := theCatalog.index(di, c.id); got != i {
					t.Errorf("index(%d, %q) = %d; want %d", di, c.id, got, i)
				}
			}
		}
	}
}

// TestTextHelpers: atLeastRunes's shortcut agrees with counting runes.
func TestTextHelpers(t *testing.T) {
	for _, s := range []string{"", "a", "plain name", `say "hi"`, `back\slash`, "tab\there", "é", "日本語", "\xff", "~!@#", "\x7f",
		strings.Repeat("x", 39), strings.Repeat("x", 40), strings.Repeat("é", 39), strings.Repeat("é", 40), strings.Repeat("\xff", 40), "abc\xffdef",
		strings.Repeat("abcdefgh", 4) + "日本語", strings.Repeat("é", 80), strings.Repeat("日", 13) + "x", strings.Repeat("x", 160)} {
		for _, n := range []int{1, 3, 39, 40, 41} {
			count := 0
			for range s {
				count++
			}
			if got, want := atLeastRunes(s, n), count >= n; got != want {
				t.Errorf("atLeastRunes(%q, %d) = %v; want %v", s, n, got, want)
			}
		}
	}
}

// TestParseCatalog: the gjson reading of the embedded catalog equals what encoding/json reads.
func TestParseCatalog(t *testing.T) {
	var want Catalog
	if err := json.Unmarshal(catalogJSON, &want); err != nil {
		t.Fatal(err)
	}
	got, err := parseCatalog(catalogJSON)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseCatalog differs from encoding/json's reading of the catalog")
	}
}

var updateCatalog = flag.Bool("update-catalog", false, "rewrite catalog_data.go from catalog/infram.json")

// TestCatalogData checks that catalog_data.go, the compiled catalog the package starts with, is
// exactly what compileCatalog makes of the embedded catalog/infram.json (so the JSON stays the one
// source, and every check of compileCatalog still applies to it). With -update it rewrites the
// file: `go test ./scoring -run TestCatalogData -update-catalog` after editing catalog/infram.json.
func TestCatalogData(t *testing.T) {
	want, err := compileCatalog(catalogJSON)
	if err != nil {
		t.Fatal(err)
	}
	src := catalogDataSource(want)
	if *updateCatalog {
		if err := os.WriteFile("catalog_data.go", src, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !reflect.DeepEqual(theCatalog, want) {
		t.Errorf("catalog_data.go differs from compileCatalog(catalog/infram.json); run go test ./scoring -run TestCatalogData -update-catalog")
	}
	if old, err := os.ReadFile("catalog_data.go"); err != nil || !bytes.Equal(old, src) {
		t.Errorf("catalog_data.go is not what TestCatalogData writes (%v); run go test ./scoring -run TestCatalogData -update-catalog", err)
	}
}

// catalogDataSource writes c (without byID, which withIndex builds) as the Go source of catalog_data.go.
func catalogDataSource(c *compiled) []byte {
	var b bytes.Buffer
	q := strconv.Quote
	b.WriteString("// Code generated by TestCatalogData from catalog/infram.json; DO NOT EDIT.\n\n")
	b.WriteString("package scoring\n\n")
	b.WriteString("// catalogData is compileCatalog(catalogJSON) as static data: the catalog costs the engine\n")
	b.WriteString("// nothing at start-up (catalog.go, theCatalog).\n")
	b.WriteString("var catalogData = compiled{\n")
	fmt.Fprintf(&b, "cat: Catalog{Version: %s, Notice: %s, Domains: []CatalogDomain{\n", q(c.cat.Version), q(c.cat.Notice))
	for _, d := range c.cat.Domains {
		fmt.Fprintf(&b, "{Key: %s, Name: %s, Prefix: %s, Stages: []CatalogStage{\n", q(d.Key), q(d.Name), q(d.Prefix))
		for _, s := range d.Stages {
			fmt.Fprintf(&b, "{Stage: %d, Theme: %s, Criteria: []Criterion{\n", s.Stage, q(s.Theme))
			for _, k := range s.Criteria {
				fmt.Fprintf(&b, "{ID: %s, Weight: %d, Text: %s, Source: %s},\n", q(k.ID), k.Weight, q(k.Text), q(k.Source))
			}
			b.WriteString("}},\n")
		}
		b.WriteString("}},\n")
	}
	b.WriteString("}},\n")
	b.WriteString("criteria: []criterion{\n")
	for _, k := range c.criteria {
		fmt.Fprintf(&b, "{id: %s, domain: %d, stage: %d, weight: %d, text: %s},\n", q(k.id), k.domain, k.stage, k.weight, q(k.text))
	}
	b.WriteString("},\n")
	b.WriteString("domains: []string{")
	for i, d := range c.domains {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(q(d))
	}
	b.WriteString("},\n")
	for _, f := range []struct {
		name string
		v    *[numDomains][numStages]int
	}{{"first", &c.first}, {"count", &c.count}} {
		fmt.Fprintf(&b, "%s: [numDomains][numStages]int{\n", f.name)
		for _, row := range f.v {
			b.WriteString("{")
			for i, n := range row {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(strconv.Itoa(n))
			}
			b.WriteString("},\n")
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		panic("catalogDataSource: " + err.Error())
	}
	return src
}
