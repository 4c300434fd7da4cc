package server

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
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
