package scoring

import (
	"encoding/json"
	"strings"
	"testing"
)

// scan checks that doc is one JSON value (RFC 8259) nesting at most MaxDepth objects and arrays,
// as the decoder does while it reads: the tests hold scanValue to encoding/json.Valid through it,
// and the reference decoder (refdecode_test.go) checks documents with it.
func scan(doc []byte) scanResult {
	s := string(doc)
	end, r := scanValue(s, skipSpace(s, 0), MaxDepth)
	if r == scanOK && skipSpace(s, end) != len(s) {
		return scanInvalid
	}
	return r
}

func TestScan(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want scanResult
	}{
		{`{}`, scanOK}, {` [ ] `, scanOK}, {`{"a":[1,-2.5e+3,true,false,null,"x\"\\\/\b\f\n\r\t\u00e9"]}`, scanOK},
		{`0`, scanOK}, {`-0.0e0`, scanOK}, {`""`, scanOK},
		{``, scanInvalid}, {`{`, scanInvalid}, {`{"a"}`, scanInvalid}, {`{"a":}`, scanInvalid}, {`[1,]`, scanInvalid},
		{`{"a":1,}`, scanInvalid}, {`01`, scanInvalid}, {`1.`, scanInvalid}, {`.5`, scanInvalid}, {`1e`, scanInvalid},
		{`"\x"`, scanInvalid}, {`"\u12"`, scanInvalid}, {"\"\x01\"", scanInvalid}, {`tru`, scanInvalid},
		{`{} {}`, scanInvalid}, {`[}`, scanInvalid}, {`{]`, scanInvalid}, {`{1:2}`, scanInvalid}, {`"abc`, scanInvalid},
		{strings.Repeat("[", 16) + strings.Repeat("]", 16), scanOK},
		{strings.Repeat("[", 17) + strings.Repeat("]", 17), scanTooDeep},
		{strings.Repeat(`{"a":`, 100000), scanTooDeep},
		{`["` + strings.Repeat("[", 100) + `"]`, scanOK},
		{`["\"[[[[[[[[[[[[[[[[[[[[[[[[\\"]`, scanOK},
	} {
		if got := scan([]byte(tc.doc)); got != tc.want {
			t.Errorf("scan(%.40q) = %v; want %v", tc.doc, got, tc.want)
		}
	}
}

// FuzzScan: scan agrees with encoding/json.Valid on every document it does not refuse as too deep.
func FuzzScan(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":[1,2,{"b":null}]}`, `"\u00e9"`, `-1.5e-3`, `[`, `{"a":1,}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		got := scan(doc)
		if got == scanTooDeep {
			return
		}
		if want := json.Valid(doc); (got == scanOK) != want {
			t.Fatalf("scan(%q) = %v; json.Valid = %v", doc, got, want)
		}
	})
}

// TestScan_Positions: the eight-bytes-at-a-time string scan finds a quote, backslash or control
// character wherever it falls in a word, with plain and UTF-8 bytes around it.
func TestScan_Positions(t *testing.T) {
	for _, special := range []string{`"`, `\"`, `\\`, `\u00e9`, "\x00", "\x1f", `\x`, "é", "\xff", "\x7f", " "} {
		for _, filler := range []string{"a", "é", "\x80"} {
			for pre := 0; pre < 17; pre++ {
				for post := 0; post < 10; post++ {
					doc := []byte(`["` + strings.Repeat(filler, pre) + special + strings.Repeat(filler, post) + `"]`)
					if got, want := scan(doc) == scanOK, json.Valid(doc); got != want {
						t.Errorf("scan(%q) OK = %v; json.Valid = %v", doc, got, want)
					}
				}
			}
		}
	}
}
