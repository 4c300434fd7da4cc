package jsonstr

import (
	"encoding/json"
	"testing"
)

// reference is what Unquote must answer: json.Unmarshal into an empty string.
func reference(s []byte) string {
	var str string
	_ = json.Unmarshal(s, &str)
	return str
}

var cases = []struct{ name, in string }{
	{"plain", `"key"`},
	{"empty", `""`},
	{"spaces around", " \t\"k\"\r\n"},
	{"escapes", `"a\"b\\c\/d\be\ff\ng\rh\ti"`},
	{"unicode escape", `"caf\u00e9 \u20AC"`},
	{"surrogate pair", `"\ud83d\ude00"`},
	{"lone high surrogate", `"\ud83dx"`},
	{"high then non-low", `"\ud83d\u0041"`},
	{"lone low surrogate", `"\ude00\ud83d"`},
	{"high at end", `"\ud83d"`},
	{"invalid utf-8", "\"a\xffb\xc3\""},
	{"invalid utf-8 with escape", "\"\\n\xff\xe2\x82\""},
	{"replacement char itself", "\"\xef\xbf\xbd\""},
	{"multibyte", `"日本語"`},
	{"control char", "\"a\x01b\""},
	{"bad escape", `"\x41"`},
	{"short unicode escape", `"\u12"`},
	{"bad hex", `"\u12g4"`},
	{"unterminated", `"abc`},
	{"trailing data", `"a" "b"`},
	{"trailing comma", `"a",`},
	{"null", `null`},
	{"number", `12`},
	{"object", `{"a":1}`},
	{"nothing", ``},
	{"only space", `  `},
	{"backslash at end", `"\`},
}

func TestUnquote(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := Unquote([]byte(tc.in)), reference([]byte(tc.in)); got != want {
				t.Errorf("Unquote(%q) = %q, want %q (encoding/json)", tc.in, got, want)
			}
		})
	}
}

func FuzzUnquote(f *testing.F) {
	for _, tc := range cases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, s []byte) {
		if got, want := Unquote(s), reference(s); got != want {
			t.Errorf("Unquote(%q) = %q, want %q (encoding/json)", s, got, want)
		}
	})
}
