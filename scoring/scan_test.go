package scoring

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
)

func scanOnly(doc []byte) scanResult {
	_, res := scan(doc, nil)
	return res
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
		toks, got := scan([]byte(tc.doc), nil)
		if got != tc.want {
			t.Errorf("scan(%.40q) = %v; want %v", tc.doc, got, tc.want)
		}
		if got == scanOK {
			checkTokens(t, []byte(tc.doc), toks)
		}
	}
}

// checkTokens holds scan's structural index to encoding/json's tokens: one token per key and
// value in document order, each starting where encoding/json's does and ending where it ends (an
// object or array where its closing bracket does, with next just past the tokens inside it), and
// strings marked as escaped exactly when they hold a backslash.
func checkTokens(t *testing.T, doc []byte, toks []token) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber() // a number too large for a float64 is still a token
	var open []int // indexes into toks
	k := 0
	for {
		before := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			o := toks[open[len(open)-1]]
			open = open[:len(open)-1]
			if int(o.end) != int(dec.InputOffset()) || int(o.next) != k {
				t.Fatalf("%q: token %v should end at %d with next %d", doc, o, dec.InputOffset(), k)
			}
			continue
		}
		start := before
		for strings.IndexByte(" \t\r\n,:", doc[start]) >= 0 {
			start++
		}
		if k >= len(toks) || int(toks[k].start) != start {
			t.Fatalf("%q: token %d should start at %d; tokens %v", doc, k, start, toks)
		}
		raw, esc := toks[k].text(string(doc))
		switch tok.(type) {
		case json.Delim:
			open = append(open, k)
		default:
			if int(toks[k].next) != k+1 || start+len(raw) != int(dec.InputOffset()) {
				t.Fatalf("%q: token %v should end at %d with next %d", doc, toks[k], dec.InputOffset(), k+1)
			}
			if want := doc[start] == '"' && strings.IndexByte(raw, '\\') >= 0; esc != want {
				t.Fatalf("%q: token %v escaped = %v", doc, toks[k], esc)
			}
		}
		k++
	}
	if k != len(toks) {
		t.Fatalf("%q: %d tokens; encoding/json reads %d", doc, len(toks), k)
	}
}

// FuzzScan: scan agrees with encoding/json.Valid on every document it does not refuse as too deep.
func FuzzScan(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":[1,2,{"b":null}]}`, `"\u00e9"`, `-1.5e-3`, `[`, `{"a":1,}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		toks, got := scan(doc, nil)
		if got == scanTooDeep {
			return
		}
		if want := json.Valid(doc); (got == scanOK) != want {
			t.Fatalf("scan(%q) = %v; json.Valid = %v", doc, got, want)
		}
		if got == scanOK {
			checkTokens(t, doc, toks)
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
					if got, want := scanOnly(doc) == scanOK, json.Valid(doc); got != want {
						t.Errorf("scan(%q) OK = %v; json.Valid = %v", doc, got, want)
					}
				}
			}
		}
	}
}
