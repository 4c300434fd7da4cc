package receipt

import (
	"encoding/json"
	"testing"
)

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
