package cmsdata

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"openvalue/internal/testdir"
)

// extracts are the small copies in testdata/cms (see its PROVENANCE.md).
func extracts(t *testing.T) string { return filepath.Join(testdir.Root(), "testdata", "cms") }

func readExtract(t *testing.T, rel string) *Table {
	t.Helper()
	f, err := os.Open(filepath.Join(extracts(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err := ReadTable(rel, f)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func TestLoadFS_Extracts(t *testing.T) {
	b, err := LoadFS(os.DirFS(filepath.Join(extracts(t), "cur")), LoadOptions{Want: func(k Kind) bool { return k != KindGeneralInfo }})
	if err != nil {
		t.Fatal(err)
	}
	got := map[Kind]bool{}
	for _, f := range b.Files {
		got[f.Kind] = f.Table != nil
	}
	want := map[Kind]bool{KindHAC: true, KindStarAllData: true, KindMSPB6: true, KindGeneralInfo: false}
	for k, parsed := range want {
		if p, ok := got[k]; !ok || p != parsed {
			t.Errorf("kind %s: found %v parsed %v; want found, parsed %v", k, ok, p, parsed)
		}
	}
	if len(b.Unknown) != 0 {
		t.Errorf("unknown files %v", b.Unknown)
	}
}

func TestLoadFS_UnknownAndMalformed(t *testing.T) {
	fsys := fstest.MapFS{
		"notes.csv":   {Data: []byte("what,is,this\n1,2,3\n")},
		"readme.md":   {Data: []byte("# not read")},
		"mspb.csv":    {Data: []byte("\"Facility ID\",\"Measure ID\",\"Value\",\"Footnote\",\"Start Date\",\"End Date\"\r\n010001,MSPB-1,1.040798,,01/01/2022,12/31/2022\r\n")},
		"sub/x.csv":   {Data: []byte("a\n")},
		".hidden.csv": {Data: []byte("a\n")},
	}
	b, err := LoadFS(fsys, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(b.Unknown, ",") != "notes.csv" || len(b.Files) != 1 || b.Files[0].Kind != KindMSPB6 {
		t.Fatalf("LoadFS = files %+v unknown %v; want mspb.csv known, notes.csv unknown", b.Files, b.Unknown)
	}
	fsys["bad.csv"] = &fstest.MapFile{Data: []byte("\"Facility ID\",\"Measure ID\",\"Value\",\"Footnote\",\"Start Date\",\"End Date\"\r\n010001,MSPB-1,1.04,,01/01/2022\r\n")}
	_, err = LoadFS(fsys, LoadOptions{})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.File != "bad.csv" || pe.Line != 2 || pe.Column != 5 {
		t.Fatalf("LoadFS(bad.csv) error = %v; want bad.csv:2:5", err)
	}
}

func TestFacilitiesAndColumns_Extracts(t *testing.T) {
	gi := readExtract(t, "cur/Hospital_General_Information.csv")
	fs, err := Facilities(gi)
	if err != nil {
		t.Fatal(err)
	}
	if f := fs["220071"]; f.Name != "MASSACHUSETTS GENERAL HOSPITAL" || f.State != "MA" || f.Type != "Acute Care Hospitals" {
		t.Errorf("Facilities[220071] = %+v", f)
	}
	all := readExtract(t, "cur/alldata_2024jul.csv")
	sep, ok, err := Column(all, "SEP_1")
	if err != nil || !ok || sep["010001"] != 0.65 {
		t.Errorf("Column(SEP_1)[010001] = %v, %v, %v; want 0.65", sep["010001"], ok, err)
	}
	if _, ok, _ := Column(all, "NO_SUCH"); ok {
		t.Error("Column(NO_SUCH) found")
	}
	m, err := MSPB(readExtract(t, "cur/HOSPITAL_QUARTERLY_MSPB_6_DECIMALS.csv"))
	if err != nil || m["010001"] != 1.040798 {
		t.Errorf("MSPB[010001] = %v, %v; want 1.040798", m["010001"], err)
	}
}

// TestRAND_Extract: bracketed headers over several lines, 5-digit provider numbers padded,
// '.' missing, Latin-1 names decoded.
func TestRAND_Extract(t *testing.T) {
	tab := readExtract(t, "rand_hcris_free_2022_11_01.csv")
	if k, ok := Detect(tab.Header); !ok || k != KindRANDHCRIS {
		t.Fatalf("Detect(RAND) = %v", k)
	}
	reps, err := RAND(tab, "all_inpat_discharges", "impact_cmi", "mdcr_inpat_costreim_acute_cost")
	if err != nil {
		t.Fatal(err)
	}
	r, ok := reps["010001"]
	if !ok {
		t.Fatalf("010001 (RAND prvdr_num 10001) missing; have %d reports", len(reps))
	}
	if _, ok := r.Get("mdcr_inpat_costreim_acute_cost"); ok {
		t.Error("a '.' cell read as a value")
	}
	if v, ok := r.Get("impact_cmi"); !ok || v <= 0 {
		t.Errorf("impact_cmi = %v, %v", v, ok)
	}
	id, hcr := tab.idCol(), tab.RANDCol("cbsa_name")
	found := false
	for r := range tab.Rows {
		if CCN(tab.Cell(r, id)) == "320011" {
			found = true
			if n := tab.Cell(r, hcr); n != "Española, NM Micro SA" {
				t.Errorf("Latin-1 market name of 320011 = %q; want Española, NM Micro SA", n)
			}
		}
	}
	if !found {
		t.Error("320011 not read")
	}
}

// TestLong: the long-format Care Compare layout (Timely and Effective Care), with
// non-numeric scores of measures not asked for ignored and of asked measures refused.
func TestLong(t *testing.T) {
	in := "\"Facility ID\",\"Facility Name\",\"Condition\",\"Measure ID\",\"Measure Name\",\"Score\",\"Sample\",\"Footnote\"\r\n" +
		"010001,A,Emergency Department,OP_22,Left before being seen,2,1000,\r\n" +
		"010001,A,Emergency Department,EDV,Emergency department volume,high,,\r\n" +
		"10005,B,Sepsis,SEP_1,Sepsis care,Not Available,,5\r\n" +
		"010005,B,Emergency Department,OP_22,Left before being seen,3,1000,\r\n"
	tab, err := ReadTable("te.csv", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if k, _ := Detect(tab.Header); k != KindTimelyEffective {
		t.Fatalf("Detect = %v", k)
	}
	l, err := Long(tab, "OP_22", "SEP-1")
	if err != nil {
		t.Fatal(err)
	}
	if l["OP_22"]["010001"] != 2 || l["OP_22"]["010005"] != 3 || len(l["SEP-1"]) != 0 {
		t.Errorf("Long = %v", l)
	}
	if _, err := Long(tab, "EDV"); err == nil || !strings.Contains(err.Error(), "te.csv:3:6") {
		t.Errorf("Long(EDV) error = %v; want te.csv:3:6", err)
	}
}

// slowFS delays opening one file, to stand in for a large folder on a slow disk.
type slowFS struct {
	fstest.MapFS
	slow string
}

func (s slowFS) Open(name string) (fs.File, error) {
	if name == s.slow {
		time.Sleep(1100 * time.Millisecond)
	}
	return s.MapFS.Open(name)
}

// TestLoadFS_Progress: a load that takes more than a second reports progress; a quick one is quiet.
func TestLoadFS_Progress(t *testing.T) {
	m := fstest.MapFS{
		"a.csv": {Data: []byte("\"Facility ID\",\"Measure ID\",\"Value\"\n010001,MSPB-1,1\n")},
		"b.csv": {Data: []byte("\"Facility ID\",\"Measure ID\",\"Value\"\n010005,MSPB-1,1\n")},
	}
	var quick, slow strings.Builder
	if _, err := LoadFS(m, LoadOptions{Progress: &quick}); err != nil || quick.Len() != 0 {
		t.Errorf("quick load: %v, progress %q; want none", err, quick.String())
	}
	if _, err := LoadFS(slowFS{m, "b.csv"}, LoadOptions{Progress: &slow}); err != nil || !strings.Contains(slow.String(), "files read") {
		t.Errorf("slow load: %v, progress %q; want progress lines", err, slow.String())
	}
}
