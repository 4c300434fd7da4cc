package jsonscan

import (
	"encoding/json"
	"testing"
)

// FuzzValue: the scanner accepts exactly the documents encoding/json accepts as one value (its
// messages may differ: it says "unexpected EOF" for every truncated document).
func FuzzValue(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":[1,-2.5e+3,true,false,null,"\u00e9\n"]}`, `{`, `[1,]`, `01`, `"\x"`, `1.`, `-`, ` "a" `, `nul`, "\"\xff\"", `{"a" 1}`, `[1 2]`, `"\u12g4"`, `1e`, `-0.0e-0`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		end, err := Value(b, 0)
		ok := err == nil && SkipSpace(b, end) == len(b)
		if want := json.Valid(b); ok != want {
			t.Fatalf("Value(%q) = %d, %v; json.Valid %v", b, end, err, want)
		}
	})
}

func TestValue_Errors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"a":1,}`, `invalid character '}' looking for beginning of object key string (offset 7)`},
		{`[1 2]`, `invalid character '2' after array element (offset 3)`},
		{`{"a" 1}`, `invalid character '1' after object key (offset 5)`},
		{`"a\x"`, `invalid character 'x' in string escape code (offset 3)`},
		{`01`, ``}, // one value, 0, then more: Value stops after it
		{`[1,`, `unexpected EOF`},
		{`tru`, `unexpected EOF`},
		{`trux`, `invalid character 'x' in literal true (expecting 'e') (offset 3)`},
		{`?`, `invalid character '?' looking for beginning of value (offset 0)`},
	} {
		_, err := Value([]byte(c.in), 0)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("Value(%s): %q, want %q", c.in, got, c.want)
		}
	}
}

// EachMember and EachElement give the keys, unescaped, and the bounds of each value.
func TestEachMemberElement(t *testing.T) {
	b := []byte(` { "a\u00e9" : [ 1 , {"x":null} ] , "b":"s" } `)
	var got []string
	err := EachMember(b, 0, func(key string, start, end int) error {
		got = append(got, key+"="+string(b[start:end]))
		if key == "a\u00e9" {
			return EachElement(b, start, func(s, e int) error {
				got = append(got, "elem "+string(b[s:e]))
				return nil
			})
		}
		return nil
	})
	want := []string{`aé=[ 1 , {"x":null} ]`, "elem 1", `elem {"x":null}`, `b="s"`}
	if err != nil || len(got) != len(want) {
		t.Fatalf("got %q, %v; want %q", got, err, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %q; want %q", got, want)
		}
	}
}
