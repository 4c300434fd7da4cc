package server

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"openvalue/scoring"
)

func TestTopLevel(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want map[string]string
	}{
		{`{}`, map[string]string{}},
		{` { "a" : 1 , "b":"x,}" ,"c":{"d":[1,{"e":"]"}]},"f":[ ] } `, map[string]string{"a": "1", "b": `"x,}"`, "c": `{"d":[1,{"e":"]"}]}`, "f": "[ ]"}},
		{`{"a\"b":true,"\u0061":null}`, map[string]string{`a"b`: "true", "a": "null"}},
		{`{"a":1,"a":2}`, map[string]string{"a": "2"}},
		{`{"s":"\\"}`, map[string]string{"s": `"\\"`}},
		{`{"broken":`, nil},
		{`{"a":1,}`, nil},
		{`{"a" 1}`, nil},
		{`{"a":{"b":1]}`, nil},
		{`{"a":1} x`, nil},
		{`[1]`, nil},
		{``, nil},
		{`null`, nil},
		{`{"a":"x`, nil},
		{"{\"a\":\"\x01\"}", nil},
	} {
		got, ok := topLevel([]byte(tc.in))
		if tc.want == nil {
			if ok {
				t.Errorf("topLevel(%q) = %q, ok; want not ok", tc.in, got)
			}
			continue
		}
		gs := map[string]string{}
		for k, v := range got {
			gs[k] = string(v)
		}
		if !ok || !reflect.DeepEqual(gs, tc.want) {
			t.Errorf("topLevel(%q) = %q, %v; want %q", tc.in, gs, ok, tc.want)
		}
	}
}

// FuzzTopLevel: whenever encoding/json decodes an object, topLevel finds the same members
// with the same values.
func FuzzTopLevel(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":1,"b":[{"c":"]"}]}`, `{"submission":{},"estimate":null}`, `{"a\n":"\"}"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var want map[string]json.RawMessage
		// Invalid UTF-8 is refused by the scoring core; encoding/json would rewrite such keys.
		if !utf8.Valid(b) || json.Unmarshal(b, &want) != nil || want == nil {
			return
		}
		got, ok := topLevel(b)
		if !ok || len(got) != len(want) {
			t.Fatalf("topLevel(%q) = %q, %v; encoding/json finds %q", b, got, ok, want)
		}
		for k, v := range want {
			var a, c any
			json.Unmarshal(v, &a)
			if json.Unmarshal(got[k], &c) != nil || !reflect.DeepEqual(a, c) {
				t.Fatalf("member %q: %q; want %q", k, got[k], v)
			}
		}
	})
}

func TestReadAll(t *testing.T) {
	body := strings.Repeat("x", 5000)
	for _, announced := range []int64{-1, 0, 1, 4999, 5000, 5001, 100000} {
		got, err := readAll(iotest.OneByteReader(strings.NewReader(body)), announced)
		if err != nil || string(got) != body {
			t.Errorf("readAll(announced %d) = %d bytes, %v; want %d", announced, len(got), err, len(body))
		}
	}
	if _, err := readAll(iotest.ErrReader(errors.New("boom")), 10); err == nil {
		t.Error("readAll hid a read error")
	}
}

// stringSpecial finds a quote, a backslash or a control character at every position of a
// word, and nothing else (every byte value, in every position, over a background of 'a').
func TestStringSpecial(t *testing.T) {
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			w := []byte("aaaaaaaa")
			w[pos] = byte(c)
			want := c == '"' || c == '\\' || c < 0x20
			if got := stringSpecial(binary.LittleEndian.Uint64(w)); got != want {
				t.Errorf("stringSpecial(%q) = %v, want %v", w, got, want)
			}
		}
	}
}

// skipString ends strings at the right quote whatever their alignment to the 8-byte steps.
func TestSkipStringAligned(t *testing.T) {
	for n := 0; n < 40; n++ {
		for _, body := range []string{strings.Repeat("é", n), strings.Repeat("x", n) + `\"` + strings.Repeat("y", n),
			strings.Repeat("z", n) + `\\`} {
			s := `"` + body + `"` + `,"next"`
			if got := skipString([]byte(s), 0); got != len(body)+2 {
				t.Errorf("skipString(%q) = %d, want %d", s, got, len(body)+2)
			}
		}
		bad := `"` + strings.Repeat("x", n) + "\x01" + `"`
		if got := skipString([]byte(bad), 0); got != -1 {
			t.Errorf("skipString(%q) = %d, want -1", bad, got)
		}
		open := `"` + strings.Repeat("x", n) + `\`
		if got := skipString([]byte(open), 0); got != -1 {
			t.Errorf("skipString(%q) = %d, want -1", open, got)
		}
	}
}

// BenchmarkTopLevel scans the bodies the load generator sends.
func BenchmarkTopLevel(b *testing.B) {
	docs := benchDocs(b)
	var n int64
	for _, d := range docs {
		n += int64(len(d))
	}
	b.SetBytes(n / int64(len(docs)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, ok := topLevel(docs[i%len(docs)]); !ok {
			b.Fatal("not an object")
		}
	}
}

// Skipping the scan (mayHave false) gives the same answer: every body the scan refuses, the
// scoring core refuses too with the same error document, and every body it accepts is the
// document itself.
func TestMayHaveSkipsScanSafely(t *testing.T) {
	bodies := []string{`{}`, ` {} `, `{"a":1} x`, `{"a":1,}`, `[1]`, `null`, ``, `{"a":"x`, "{\"a\":\"\x01\"}",
		`{"a" 1}`, `{"a":{"b":1]}`, `123`, `"str"`, `{"a":1,"a":2}`, "{\"a\":\"\xff\"}", `{"organization":{"name":"x"}`,
		`{"organization":{"name":"x"}}}`, "{\"organization\":{}}\x00"}
	for _, g := range goldens(t) {
		bodies = append(bodies, string(g.in))
	}
	skipped := 0
	for _, b := range bodies {
		body := []byte(b)
		if mayHave(body, quotedSubmission, quotedReview) {
			continue
		}
		skipped++
		out, serr := scoring.ScoreJSON(body)
		for name, err := range map[string]error{
			"verify":     func() error { _, doc, _, _, err := parseVerifyScan(body); return check(doc, body, err) }(),
			"submission": func() error { doc, _, err := parseSubmissionScan(body); return check(doc, body, err) }(),
		} {
			if err == nil {
				continue
			}
			var e *Error
			if serr == nil || !errors.As(err, &e) || !bytes.Equal(e.document(), out) {
				t.Errorf("%s %.60q: the scan refuses it (%v) but the core answers %.80s, %v", name, b, err, out, serr)
			}
		}
	}
	if skipped < 10 {
		t.Errorf("only %d bodies take the fast path", skipped)
	}
	for _, b := range []string{`{"submission":{}}`, `{"review":{}}`, `{"\u0073ubmission":{}}`, `{"x":"a\"review\""}`} {
		if !mayHave([]byte(b), quotedSubmission, quotedReview) {
			t.Errorf("mayHave(%s) = false", b)
		}
	}
}

// check is nil when a parse kept the body as the document, else err (or a mismatch).
func check(doc, body []byte, err error) error {
	if err == nil && !bytes.Equal(doc, body) {
		return errors.New("the document is not the body")
	}
	return err
}

// quotedName.in is bytes.Contains, found by the name's rare byte.
func TestQuotedNameIn(t *testing.T) {
	bodies := []string{``, `"`, `"submission`, `submission"`, `"submission"`, `x"submission"`, `"submission"x`,
		`""submission""`, `"subbmission"`, `"su"submission"`, `bbbbbbbbbbbbbbbb"submission"`, `"review"`, `"revie"`,
		`review"`, `"review`, `w"review"w`, `"reviewww"`, `{"a":"b","review":{}}`, `{"submission":{},"review":null}`,
		strings.Repeat("wb", 40) + `"review"` + strings.Repeat("bw", 40), strings.Repeat(`"submissio"`, 9)}
	for _, g := range goldens(t) {
		bodies = append(bodies, string(g.in))
	}
	for _, b := range bodies {
		for _, n := range []quotedName{quotedSubmission, quotedReview} {
			// Every prefix and suffix too: the name cut at each end of the body.
			for i := 0; i <= len(b); i += 1 + len(b)/64 {
				for _, s := range []string{b[:i], b[i:]} {
					if got, want := n.in([]byte(s)), strings.Contains(s, string(n.q)); got != want {
						t.Errorf("%s in %.80q = %v, want %v", n.q, s, got, want)
					}
				}
			}
		}
	}
}

func FuzzQuotedNameIn(f *testing.F) {
	f.Add([]byte(`{"submission":{},"review":{}}`))
	f.Add([]byte(`"subbmission" "revieww"`))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, n := range []quotedName{quotedSubmission, quotedReview} {
			if got, want := n.in(b), bytes.Contains(b, n.q); got != want {
				t.Errorf("%s in %q = %v, want %v", n.q, b, got, want)
			}
		}
	})
}

// BenchmarkMayHave is the check of every POST /submissions body before the scan it may skip.
func BenchmarkMayHave(b *testing.B) {
	docs := benchDocs(b)
	var n int64
	for _, d := range docs {
		n += int64(len(d))
	}
	b.SetBytes(n / int64(len(docs)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if mayHave(docs[i%len(docs)], quotedSubmission, quotedReview) {
			b.Fatal("a bench document names a wrapper member")
		}
	}
}
