package receipt

import (
	"encoding/json"
	"testing"
)

// FuzzAppendString holds the hand-written string encoder to encoding/json's bytes.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", "<a&b>", "\u2028\u2029", "\xff\xfe", "\x00\x1f\x7f", "é\"\\\b\f\n\r\t", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendString(nil, s); string(got) != string(want) {
			t.Fatalf("appendString(%q) = %s; encoding/json %s", s, got, want)
		}
	})
}

// FuzzScanValue: the scanner accepts exactly the documents encoding/json accepts as one value
// (its messages may differ: it says "unexpected EOF" for every truncated document).
func FuzzScanValue(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":[1,-2.5e+3,true,false,null,"\u00e9\n"]}`, `{`, `[1,]`, `01`, `"\x"`, `1.`, `-`, ` "a" `, `nul`, "\"\xff\""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		end, err := scanValue(b, 0)
		ok := err == nil && skipSpace(b, end) == len(b)
		if want := json.Valid(b); ok != want {
			t.Fatalf("scanValue(%q) = %d, %v; json.Valid %v", b, end, err, want)
		}
	})
}

// Parse reads what Marshal writes, whatever the strings hold.
func FuzzParseMarshal(f *testing.F) {
	f.Add("sub1", "valuescore-2026.1", "<\u2028>")
	f.Fuzz(func(t *testing.T, id, m, sig string) {
		r := Receipt{Type: Type, Algorithm: Algorithm, KeyID: "k", SubmissionID: id, Methodology: m, Signature: sig}
		var want Receipt
		if err := json.Unmarshal(r.Marshal(), &want); err != nil {
			t.Fatal(err)
		}
		start := 0
		end, err := scanValue(r.Marshal(), start)
		if err != nil || end != len(r.Marshal()) {
			t.Fatalf("scanValue(Marshal) = %d, %v", end, err)
		}
		got, err := parseMembers(r.Marshal())
		if err != nil || got != want {
			t.Fatalf("parseMembers(%s) = %+v, %v; encoding/json %+v", r.Marshal(), got, err, want)
		}
	})
}
