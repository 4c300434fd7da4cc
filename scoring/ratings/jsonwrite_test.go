package ratings

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"openvalue/internal/testdir"
)

func encodeReflect(t *testing.T, s *Snapshot) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSnapshotEncode: the hand-written encoder writes encoding/json's bytes, for the 2024
// cohort and for a snapshot with odd provenance strings and no prior period.
func TestSnapshotEncode(t *testing.T) {
	_, s, b := snapshot2024(t)
	if want := encodeReflect(t, s); !bytes.Equal(b, want) {
		t.Errorf("Encode differs from encoding/json (%d bytes; want %d)", len(b), len(want))
	}
	odd := &Snapshot{Format: "f<&>\u2028", Version: -3, Provenance: SnapshotProvenance{Current: []string{"a\"b", "\xff"}, Note: "x\ny"},
		Domains: map[string]SnapshotDomain{"b": {Metrics: []SnapshotDist{{ID: "m", LowerIsBetter: true, Values: []float64{1e-9, 0.5, 3e21}, Counts: []int{1, 2, 3}}}},
			"a": {Adjusted: SnapshotDist{Values: []float64{}, Counts: []int{}}}}}
	got, err := odd.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if want := encodeReflect(t, odd); !bytes.Equal(got, want) {
		t.Errorf("Encode = %s\nwant %s", got, want)
	}
	if _, err := (&Snapshot{HACP75: new(float64)}).Encode(); err != nil {
		t.Errorf("Encode(empty) = %v", err)
	}
	nan := math.NaN()
	if _, err := (&Snapshot{HACP75: &nan}).Encode(); err == nil {
		t.Error("Encode wrote a NaN")
	}
}

// TestParseSnapshot: the gjson reader gives what encoding/json.Unmarshal gave, for the
// committed web/cohort.json and the 2024 cohort.
func TestParseSnapshot(t *testing.T) {
	docs := [][]byte{}
	if b, err := os.ReadFile(filepath.Join(testdir.Root(), "web", "cohort.json")); err == nil {
		docs = append(docs, b)
	}
	_, _, b := snapshot2024(t)
	docs = append(docs, b)
	for _, b := range docs {
		got, err := ParseSnapshot(b)
		if err != nil {
			t.Fatal(err)
		}
		var want Snapshot
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Provenance, want.Provenance) || !reflect.DeepEqual(got.Domains, want.Domains) ||
			!reflect.DeepEqual(got.HACP75, want.HACP75) || got.Format != want.Format || got.Version != want.Version || got.Methodology != want.Methodology {
			t.Errorf("ParseSnapshot differs from encoding/json's reading")
		}
	}
	for _, bad := range []string{`{"format":1}`, `{"domains":[]}`, `{"domains":{"safety":{"metrics":[{"values":["x"]}]}}}`, `{`, `[]`} {
		if _, err := ParseSnapshot([]byte(bad)); err == nil {
			t.Errorf("ParseSnapshot(%s) succeeded", bad)
		}
	}
}

// TestWriteJSON: the batch document is encoding/json's bytes.
func TestWriteJSON(t *testing.T) {
	res := cohort2024(t)
	var got, want bytes.Buffer
	if err := res.WriteJSON(&got); err != nil {
		t.Fatal(err)
	}
	if err := res.writeJSONReflect(&want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		g, w := got.Bytes(), want.Bytes()
		i := 0
		for i < len(g) && i < len(w) && g[i] == w[i] {
			i++
		}
		t.Errorf("WriteJSON differs from encoding/json at byte %d: %.200s\nwant %.200s", i, g[i:], w[i:])
	}
	var empty bytes.Buffer
	if err := (&Result{HACP75: math.NaN()}).WriteJSON(&empty); err != nil {
		t.Fatal(err)
	}
	var emptyWant bytes.Buffer
	(&Result{HACP75: math.NaN()}).writeJSONReflect(&emptyWant)
	if empty.String() != emptyWant.String() {
		t.Errorf("WriteJSON(empty) = %s; want %s", empty.String(), emptyWant.String())
	}
}
