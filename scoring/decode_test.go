package scoring

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// sameDecoding fails t unless the one-pass decoder and the gjson walk (refDecode) read doc to the
// same Input, the same INFRAM answers and the same problems, in the same order.
func sameDecoding(t *testing.T, doc []byte) {
	t.Helper()
	in, sh, p := decode(string(doc), new(workspace))
	rin, rsh, rp := refDecode(doc)
	switch {
	case !reflect.DeepEqual(p.list, rp.list) || p.total != rp.total:
		t.Fatalf("%.300q:\nproblems %d %v\ngjson walk %d %v", doc, p.total, p.list, rp.total, rp.list)
	case !reflect.DeepEqual(in, rin):
		t.Fatalf("%.300q:\nInput %+v\ngjson walk %+v", doc, in, rin)
	case !reflect.DeepEqual(sh, rsh):
		t.Fatalf("%.300q: the INFRAM answers differ from the gjson walk's", doc)
	}
}

// variants are what TestDecode_MatchesGjsonWalk puts in place of a value: one of each JSON type,
// numbers at the edges of what the core takes, escapes, nesting just within and just past
// MaxDepth from the root, and broken JSON.
var variants = []string{
	`null`, `true`, `false`, `0`, `-0`, `1.5`, `-3e2`, `1e9`, `1000000001`, `1e400`, `"x"`, `""`,
	`"caf\u00e9 \"q\" \\ \n"`, `"yes"`, `"partial"`, `[]`, `{}`, `[1,{"a":[null]}]`, `{"zz":1,"id":"d"}`,
	strings.Repeat("[", 10) + strings.Repeat("]", 10), strings.Repeat("[", 20) + strings.Repeat("]", 20),
	`[`, `{"a"}`, `tru`, `01`, `"\x"`, `1.`, `]`,
}

// TestDecode_MatchesGjsonWalk holds the one-pass decoder to the gjson walk on every golden input
// and on every document made from one by replacing one of its values with each variant, by
// repeating one of its members, or by cutting it short.
func TestDecode_MatchesGjsonWalk(t *testing.T) {
	ins, _ := filepath.Glob("../testdata/golden/*.in.json")
	if len(ins) < 12 {
		t.Fatalf("%d golden inputs", len(ins))
	}
	// Every 4th value of each input (every 24th under wasm, six times slower), a different 4th
	// in each input, keeps the test to a few seconds; the fuzz test goes further.
	stride := 4
	if runtime.GOOS == "js" {
		stride = 24
	}
	docs := 0
	for f, name := range ins {
		doc, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sameDecoding(t, doc)
		for n, v := range values(gjson.ParseBytes(doc)) {
			if n%stride != f%stride {
				continue
			}
			at, end := v.Index, v.Index+len(v.Raw)
			for _, x := range variants {
				sameDecoding(t, splice(doc, at, end, x))
				docs++
			}
			// The value's member again, right after it (a repeated field), and the document cut
			// just after the value.
			if k := memberStart(doc, at); k >= 0 {
				sameDecoding(t, splice(doc, end, end, ","+string(doc[k:end])))
				docs++
			}
			sameDecoding(t, doc[:end])
			docs++
		}
	}
	t.Logf("%d documents", docs)
}

// values lists every value inside v, depth first, each with its position in the document.
func values(v gjson.Result) []gjson.Result {
	var all []gjson.Result
	v.ForEach(func(_, x gjson.Result) bool {
		all = append(all, x)
		if x.IsObject() || x.IsArray() {
			all = append(all, values(x)...) // (ForEach gives x's values positions in the document)
		}
		return true
	})
	return all
}

func splice(doc []byte, at, end int, s string) []byte {
	out := append([]byte(nil), doc[:at]...)
	out = append(out, s...)
	return append(out, doc[end:]...)
}

// memberStart is where the member whose value starts at doc[at] starts (its key's quote), or -1
// for an array element.
func memberStart(doc []byte, at int) int {
	i := at - 1
	for i >= 0 && strings.IndexByte(" \t\r\n", doc[i]) >= 0 {
		i--
	}
	if i < 0 || doc[i] != ':' {
		return -1
	}
	for i--; i >= 0 && doc[i] != '"'; i-- { // the key's closing quote
	}
	for i--; i > 0 && !(doc[i] == '"' && doc[i-1] != '\\'); i-- {
	}
	return i
}

// FuzzDecode_MatchesGjsonWalk: on any input, the one-pass decoder reads what the gjson walk reads.
func FuzzDecode_MatchesGjsonWalk(f *testing.F) {
	ins, _ := filepath.Glob("../testdata/golden/*.in.json")
	for _, name := range ins {
		if doc, err := os.ReadFile(name); err == nil {
			f.Add(doc)
		}
	}
	for _, s := range variants {
		f.Add([]byte(`{"organization":` + s + `,"infram":{"security":` + s + `}}`))
	}
	f.Fuzz(func(t *testing.T, doc []byte) { sameDecoding(t, doc) })
}

// TestAppendScore: AppendScore appends exactly ScoreJSON's document, with the same error, after
// whatever dst holds, and reuses dst's array when it has room.
func TestAppendScore(t *testing.T) {
	ins, _ := filepath.Glob("../testdata/golden/*.in.json")
	buf := make([]byte, 0, 64<<10)
	for _, name := range ins {
		doc, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		want, wantErr := ScoreJSON(doc)
		got, gotErr := AppendScore(append(buf[:0], "prefix"...), string(doc))
		if string(got) != "prefix"+string(want) || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%s: AppendScore = %.80q, %v; ScoreJSON = %.80q, %v", name, got, gotErr, want, wantErr)
		}
		if &got[0] != &buf[:1][0] {
			t.Errorf("%s: AppendScore did not append in place", name)
		}
	}
}

// The questionnaire's usual members take a shortcut (plainAnswer); every way a member can leave
// it must read as the general path reads it.
func TestDecode_PlainAnswers(t *testing.T) {
	for _, answers := range []string{
		`{}`,
		`{"s1_q1":"yes","s1_q2":"no","s1_q3":"partial","s1_q4":"na"}`,
		`{ "s1_q1" : "yes" , "s1_q2":"no" }`,
		"{\n\t\"s1_q1\":\t\"yes\",\r\n\"s1_q2\": \"no\"\n}",
		`{"s1_q1":"yes","s1_q1":"no"}`,                                             // repeated: the second is a problem
		`{"s1_q1":"maybe","s1_q2":"yes"}`,                                          // not one of the answers
		`{"s1_q1":"Yes","s1_q2":""}`,                                               // case and empty
		`{"s1_q1":"yes\"","s1_q2":"y\u0065s","s1_q3":"ye\\s"}`,                     // escapes
		`{"s1_q1":1,"s1_q2":null,"s1_q3":["yes"],"s1_q4":"yes"}`,                   // not strings
		`{"x9_q1":"yes","s9_q1":"yes","s1_q0":"yes","s1_q99":"yes","d1_q1":"yes"}`, // not criteria of this domain
		`{"s1_q1":"yes","s1_q2":"partial"`,                                         // cut short
		`{"s1_q1":"yes",}`,                                                         // trailing comma
		`{"s1_q1":"yes""s1_q2":"no"}`,                                              // missing comma
		`{"s1_q1":"yes","s1_q\u0032":"no"}`,                                        // escaped key
		`{"s1_q1""yes"}`, `{"s1_q1":yes}`, `{"s1_q1":"partial-ish"}`, `{"s1_q1":"na","`,
	} {
		for _, domain := range []string{"security", "dataCenter"} {
			sameDecoding(t, []byte(`{"organization":{"name":"n"},"infram":{"`+domain+`":`+answers+`}}`))
		}
	}
	// The golden inputs compacted, as a browser sends them (the files are indented).
	ins, _ := filepath.Glob("../testdata/golden/*.in.json")
	for _, name := range ins {
		doc, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if json.Compact(&b, doc) == nil {
			sameDecoding(t, b.Bytes())
		}
	}
}

// FuzzNumberValue: numberValue reads every JSON number as strconv.ParseFloat does, bit for bit
// (the sign of zero included).
func FuzzNumberValue(f *testing.F) {
	for _, s := range []string{"0", "-0", "-0.0", "12.5", "0.1", "0.3", "123456789012345", "1234567890123456",
		"99999999999999.9", "0.000000000000001", "1e5", "-2.5E-3", "9007199254740993", "3.66", "100"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || number(s, 0) != len(s) {
			return // not one JSON number
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return // out of range: the decoder refuses it before (MaxMagnitude)
		}
		if got := numberValue(s); math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("numberValue(%q) = %v; strconv.ParseFloat %v", s, got, want)
		}
	})
}
