package receipt

import (
	"encoding/json"
	"testing"

	"openvalue/internal/jsonscan"
)

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
		end, err := jsonscan.Value(r.Marshal(), start)
		if err != nil || end != len(r.Marshal()) {
			t.Fatalf("jsonscan.Value(Marshal) = %d, %v", end, err)
		}
		got, err := parseMembers(r.Marshal())
		if err != nil || got != want {
			t.Fatalf("parseMembers(%s) = %+v, %v; encoding/json %+v", r.Marshal(), got, err, want)
		}
	})
}
