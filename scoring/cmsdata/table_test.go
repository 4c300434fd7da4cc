package cmsdata

import (
	"errors"
	"strings"
	"testing"
)

func TestReadTable(t *testing.T) {
	cases := []struct {
		name    string
		in      string
		header  []string
		rows    int
		lines   []int
		wantErr string
	}{
		{"crlf quoted bom", "\xef\xbb\xbf\"Facility ID\",\"Score\"\r\n010001,1.04\r\n010005,Not Available\r\n", []string{"Facility ID", "Score"}, 2, []int{2, 3}, ""},
		{"lf unquoted", "Facility ID,Score\n010001,1\n", []string{"Facility ID", "Score"}, 1, []int{2}, ""},
		{"multiline header", "\"a\nb [x]\",c\n1,2\n", []string{"a\nb [x]", "c"}, 1, []int{3}, ""},
		{"quoted comma cell", "id,name\n1,\"A, B\"\n", []string{"id", "name"}, 1, []int{2}, ""},
		{"blank lines", "id,v\n\n1,2\n\n", []string{"id", "v"}, 1, []int{3}, ""},
		{"ragged short", "id,v,w\n1,2,3\n1,2\n", nil, 0, nil, "f.csv:3:2: wrong number of fields: 2 fields, header has 3"},
		{"ragged long", "id,v\n1,2,3\n", nil, 0, nil, "f.csv:2:3: wrong number of fields"},
		{"bad quote", "id,v\n1,\"2\n", nil, 0, nil, "f.csv:2:"},
		{"empty", "", nil, 0, nil, "f.csv:1: empty file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tab, err := ReadTable("f.csv", strings.NewReader(c.in))
			if c.wantErr != "" {
				var pe *ParseError
				if err == nil || !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), c.wantErr) {
					t.Fatalf("ReadTable(%q) error = %v; want *ParseError starting %q", c.in, err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ReadTable(%q): %v", c.in, err)
			}
			if strings.Join(tab.Header, "|") != strings.Join(c.header, "|") || len(tab.Rows) != c.rows {
				t.Fatalf("ReadTable(%q) = header %q, %d rows; want %q, %d", c.in, tab.Header, len(tab.Rows), c.header, c.rows)
			}
			for i, l := range c.lines {
				if tab.Line(i) != l {
					t.Errorf("Line(%d) = %d; want %d", i, tab.Line(i), l)
				}
			}
		})
	}
}

func TestReadTable_Latin1(t *testing.T) {
	tab, err := ReadTable("rand.csv", strings.NewReader("name [n]\nPe\xf1a\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.Rows[0][0]; got != "Peña" {
		t.Errorf("latin-1 cell = %q; want %q", got, "Peña")
	}
}

func TestCol(t *testing.T) {
	tab, _ := ReadTable("f", strings.NewReader("\"Facility ID\",PSI_90_W_Z_SCORE,\"PSI-90 Footnote\"\n1,2,3\n"))
	cases := []struct {
		names []string
		want  int
	}{
		{[]string{"facility_id"}, 0},
		{[]string{"Provider ID", "FACILITY-ID"}, 0},
		{[]string{"PSI 90 W Z Score"}, 1},
		{[]string{"psi90footnote"}, 2},
		{[]string{"nope"}, -1},
	}
	for _, c := range cases {
		if got := tab.Col(c.names...); got != c.want {
			t.Errorf("Col(%q) = %d; want %d", c.names, got, c.want)
		}
	}
}

func TestParseFloat(t *testing.T) {
	cases := []struct {
		in     string
		want   float64
		ok     bool
		errNum bool
	}{
		{"1.04", 1.04, true, false},
		{" 0.3756 ", 0.3756, true, false},
		{"7.0000*", 7, true, false},
		{"53.50%", 53.5, true, false},
		{"$25,753.96", 25753.96, true, false},
		{"-0.5", -0.5, true, false},
		{"-$1,000", -1000, true, false},
		{"1e3", 1000, true, false},
		{"Not Available", 0, false, false},
		{"N/A", 0, false, false},
		{"NA", 0, false, false},
		{"", 0, false, false},
		{".", 0, false, false},
		{"--", 0, false, false},
		{"3 out of 10", 0, false, true},
		{"NaN", 0, false, true},
		{"Inf", 0, false, true},
		{"abc", 0, false, true},
	}
	for _, c := range cases {
		v, ok, err := ParseFloat(c.in)
		if (err != nil) != c.errNum || ok != c.ok || v != c.want {
			t.Errorf("ParseFloat(%q) = %v, %v, %v; want %v, %v, err=%v", c.in, v, ok, err, c.want, c.ok, c.errNum)
		}
		if c.errNum && !errors.Is(err, ErrNotNumber) {
			t.Errorf("ParseFloat(%q) error %v does not wrap ErrNotNumber", c.in, err)
		}
	}
}

func TestTableFloat_ErrorNamesColumn(t *testing.T) {
	tab, _ := ReadTable("x.csv", strings.NewReader("id,\"HAI-1 Achievement Points\"\n1,3 out of 10\n"))
	_, _, err := tab.Float(0, 1)
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 2 || pe.Column != 2 || !strings.Contains(err.Error(), `"HAI-1 Achievement Points"`) {
		t.Fatalf("Float error = %v; want x.csv:2:2 naming the column", err)
	}
	if _, ok, err := tab.Float(0, -1); ok || err != nil {
		t.Errorf("Float(col -1) = ok %v err %v; want missing", ok, err)
	}
}

func TestCCN(t *testing.T) {
	cases := map[string]string{"10001": "010001", "010001": "010001", " 220071 ": "220071", "01014f": "01014F", "": "", "1": "000001", "A1": "A1", "67013F": "67013F", "\"12345": "012345", " 12345": "012345", "12345a": "12345A"}
	for in, want := range cases {
		if got := CCN(in); got != want {
			t.Errorf("CCN(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestParseFloat_Refuses(t *testing.T) {
	for _, in := range []string{"0x1p4", "Infinity", "-inf", "nan", "1_000", "$0x10"} {
		if _, ok, err := ParseFloat(in); ok || !errors.Is(err, ErrNotNumber) {
			t.Errorf("ParseFloat(%q) = ok %v, err %v; want ErrNotNumber", in, ok, err)
		}
	}
}
