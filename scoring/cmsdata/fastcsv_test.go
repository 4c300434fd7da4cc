package cmsdata

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"openvalue/internal/testdir"
)

// slowTable is parseTable through encoding/csv only: the oracle of the fast path.
func slowTable(data []byte) (*Table, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	var recs [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		l, _ := cr.FieldPos(0)
		recs = append(recs, rec)
		lines = append(lines, l)
	}
	if len(recs) == 0 {
		return nil, io.EOF
	}
	for _, r := range recs[1:] {
		if len(r) != len(recs[0]) {
			return nil, ErrRagged
		}
	}
	return &Table{Header: recs[0], Rows: recs[1:], lines: lines[1:]}, nil
}

func sameAsSlow(t *testing.T, name string, data []byte) {
	t.Helper()
	recs, lines, ok := fastSplit(string(data))
	want, err := slowTable(data)
	if !ok {
		return // the fast path declined; encoding/csv decides
	}
	if err != nil {
		if len(recs) == 0 && err == io.EOF {
			return
		}
		t.Fatalf("%s: fast path accepted what encoding/csv refuses (%v): %q", name, err, recs)
	}
	if !reflect.DeepEqual(recs[0], want.Header) || len(recs)-1 != len(want.Rows) {
		t.Fatalf("%s: fast header %q, %d rows; encoding/csv %q, %d rows", name, recs[0], len(recs)-1, want.Header, len(want.Rows))
	}
	for i := range want.Rows {
		if !reflect.DeepEqual(recs[i+1], want.Rows[i]) || lines[i+1] != want.lines[i] {
			t.Fatalf("%s: row %d: fast %q line %d; encoding/csv %q line %d", name, i, recs[i+1], lines[i+1], want.Rows[i], want.lines[i])
		}
	}
}

// TestFastSplit_RealFiles: the fast path reads every public CMS file exactly like encoding/csv.
func TestFastSplit_RealFiles(t *testing.T) {
	eachCMSFile(t, func(p string, data []byte) {
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
		if _, _, ok := fastSplit(string(data)); !ok {
			t.Errorf("%s: fast path declined a CMS file", p)
		}
		sameAsSlow(t, p, data)
	})
}

// eachCMSFile calls fn with the path and bytes of every public CMS .csv file (skipping the
// test when the files are absent), and fails the test if fewer than 30 were compared.
func eachCMSFile(t *testing.T, fn func(path string, data []byte)) {
	t.Helper()
	dir := testdir.CMS(t)
	n := 0
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".csv") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fn(p, data)
		n++
		return nil
	})
	if n < 30 {
		t.Errorf("compared %d files; want all", n)
	}
}

var csvCases = []string{
	"a,b\n1,2\n", "a,b\r\n1,2\r\n", "a,b\n1,2", "a,b\n\n1,2\n\n", "\"a\",\"b\"\n\"x,y\",\"q\"\"r\"\n",
	"a,b\n\"multi\nline\",2\n3,4\n", "a,b\n\"crlf\r\ninside\",2\r\n", "a,b\n1,\n", "a,b\n1,", "a\n\"\"\n",
	"a,b\n1,2,3\n", "a,b\n1\"x,2\n", "a,b\n\"1\"x,2\n", "a,b\n\"open,2\n", "a,b\r\n1,2\r", "a,b\n1\r2,3\n",
	" a , b \n 1 , 2 \n", "a,b\n\r\n1,2\n",
	// long lines (the eight-bytes-at-a-time path) with quoted fields in every place
	"aaaaaaaa,bbbbbbbbb,cccccccccc\n\"x,yyyyyyyyy\",\"\",longfield12345\n12345678,\"q\"\"r\",zzzzzzzzzz\r\n",
	"aaaaaaaa,bbbbbbbbb,cccccccccc\n123456789,\"quoted, with comma\",\"end\"\r\n\"010001\",2,3333333333333\n",
	"aaaaaaaa,bbbbbbbbb\n\"spans\nlines\",123456789012\n1234567890,\"x\"tail\n",
	"aaaaaaaa,bbbbbbbbb\n123456789012345,67890\r123\n", "aaaaaaaa,bbbbbbbbb\n1234567890123,45,6789012\n",
	"aaaaaaaa,bbbbbbbbb\n12345678\"9012,345\n", "aaaaaaaa,bbbbbbbbb\n\"abc\r\",\"x\"\n", "aaaaaaaa,bbbbbbbbb\n123456789012,\"x\"\r",
}

func TestFastSplit_Cases(t *testing.T) {
	for _, c := range csvCases {
		sameAsSlow(t, c, []byte(c))
	}
}

func FuzzFastSplit(f *testing.F) {
	for _, c := range csvCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameAsSlow(t, "fuzz", data)
		// and the public entry point never panics
		ParseTable("fuzz", data)
	})
}

// sameProjected: a table projected to some columns reads, in those columns, exactly what
// the whole table reads (same rows, lines, cells after Latin-1 decoding).
func sameProjected(t *testing.T, name string, data []byte, pick func(i int) bool) {
	t.Helper()
	full, ferr := ParseTable(name, data)
	var kept []int
	proj, perr := parseProjected(name, string(data), func(h *Table) []int {
		kept = kept[:0]
		for i := range h.Header {
			if pick(i) {
				kept = append(kept, i)
			}
		}
		return kept
	})
	if (ferr == nil) != (perr == nil) {
		t.Fatalf("%s: whole table error %v, projected error %v", name, ferr, perr)
	}
	if ferr != nil {
		if ferr.Error() != perr.Error() {
			t.Fatalf("%s: whole table error %v, projected error %v", name, ferr, perr)
		}
		return
	}
	if !reflect.DeepEqual(full.Header, proj.Header) || full.NumRows() != proj.NumRows() {
		t.Fatalf("%s: header or row count differs: %q %d vs %q %d", name, full.Header, full.NumRows(), proj.Header, proj.NumRows())
	}
	for r := range full.NumRows() {
		if full.Line(r) != proj.Line(r) {
			t.Fatalf("%s: row %d line %d vs %d", name, r, full.Line(r), proj.Line(r))
		}
		for _, c := range kept {
			if full.raw(r, c) != proj.raw(r, c) {
				t.Fatalf("%s: row %d col %d: %q vs %q", name, r, c, full.raw(r, c), proj.raw(r, c))
			}
		}
	}
}

func TestProjected_RealFiles(t *testing.T) {
	eachCMSFile(t, func(p string, data []byte) {
		sameProjected(t, p, data, func(i int) bool { return i%3 != 1 })
	})
}

func TestProjected_Cases(t *testing.T) {
	for _, c := range append(csvCases, "a,b\n\xe9,\xff\n", "\xef\xbb\xbfa,b\n1,2\n", "a,b\n1,2,\n", "") {
		sameProjected(t, c, []byte(c), func(i int) bool { return i != 0 })
		sameProjected(t, c, []byte(c), func(i int) bool { return true })
	}
}

func FuzzProjected(f *testing.F) {
	for _, c := range csvCases {
		f.Add([]byte(c), uint8(5))
	}
	f.Fuzz(func(t *testing.T, data []byte, mask uint8) {
		sameProjected(t, "fuzz", data, func(i int) bool { return mask>>(i%8)&1 == 1 })
	})
}
