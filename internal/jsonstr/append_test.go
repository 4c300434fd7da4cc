package jsonstr

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestAppend: Append and AppendNoHTML escape exactly what
// encoding/json escapes, with and without HTML escaping, wherever the special
// byte falls in the string.
func TestAppend(t *testing.T) {
	specials := []string{"\"", "\\", "<", ">", "&", "\x00", "\x1f", "\x7f", " ", "é", "\u2028", "\xff", "🏥", "a",
		// Near misses of the eight-byte test's masks, and of U+2028's first bytes.
		"'", "#", "=", "?", "$", "\u00a2", "\u00a6", "\u00bc", "\u00be", "\u2029", "\u20ac", "\u2027", "\u202a", "\xe2\x80", "\xe2"}
	r := rand.New(rand.NewPCG(3, 4))
	check := func(s string) {
		want, _ := json.Marshal(s)
		if got := Append(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("Append(%q) = %s; want %s", s, got, want)
		}
		if got := Verbatim([]byte(s)); got != (string(want) == `"`+s+`"`) {
			t.Fatalf("Verbatim(%q) = %v; encoding/json writes %s", s, got, want)
		}
		// The same string as an Encoder with SetEscapeHTML(false) writes it.
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		want = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		if got := AppendNoHTML(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("AppendNoHTML(%q) = %s; want %s", s, got, want)
		}
	}
	for _, sp := range specials {
		for pre := 0; pre < 20; pre++ {
			for post := 0; post < 10; post++ {
				check(strings.Repeat("x", pre) + sp + strings.Repeat("y", post))
			}
		}
	}
	for range 20000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.IntN(256))
			if r.IntN(2) == 0 {
				b[i] = byte(' ' + r.IntN(95))
			}
		}
		check(string(b))
	}
}

// FuzzAppend: any string is written as encoding/json.Marshal writes it, and Verbatim says whether
// that is the string as it is.
func FuzzAppend(f *testing.F) {
	for _, s := range []string{"", "plain", "<a&b>", "\u2028\u2029", "\xff\xfe", "\x00\x1f\x7f", "é\"\\\b\f\n\r\t", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := Append(nil, s); string(got) != string(want) {
			t.Fatalf("Append(%q) = %s; encoding/json %s", s, got, want)
		}
		if got := Verbatim([]byte(s)); got != (string(want) == `"`+s+`"`) {
			t.Fatalf("Verbatim(%q) = %v; encoding/json writes %s", s, got, want)
		}
	})
}

// FuzzAppendNoHTML: encoding/json's bytes for a string with SetEscapeHTML(false).
func FuzzAppendNoHTML(f *testing.F) {
	for _, s := range []string{"", "plain", "<a&b>", "\u2028\u2029", "\xff\xfe", "\x00\x1f\x7f", "é\"\\\b\f\n\r\t", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got, want := string(AppendNoHTML(nil, s)), string(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))); got != want {
			t.Fatalf("AppendNoHTML(%q) = %s; encoding/json %s", s, got, want)
		}
	})
}

// FuzzAppendFloat: encoding/json's bytes for a finite float64.
func FuzzAppendFloat(f *testing.F) {
	for _, x := range []float64{0, -0.0, 1, 1e-7, 1e21, 123456789e-20, -2.5e-300, 1.7976931348623157e308, 0.1, 5e-324} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x float64) {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return
		}
		want, _ := json.Marshal(x)
		if got := AppendFloat(nil, x); string(got) != string(want) {
			t.Fatalf("AppendFloat(%v) = %s; encoding/json %s", x, got, want)
		}
	})
}
