package ratings

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"testing"

	"openvalue/scoring"
)

// The encoding/json form of Output.JSON: the oracle TestOutputJSON compares the
// hand-written encoder with.

type whatIfJSON struct {
	Metric         string    `json:"metric"`
	Action         string    `json:"action"`
	From           jsonFloat `json:"from"`
	To             jsonFloat `json:"to"`
	PercentileFrom jsonFloat `json:"percentileFrom"`
	PercentileTo   jsonFloat `json:"percentileTo"`
	ScoreFrom      jsonFloat `json:"scoreFrom"`
	ScoreTo        jsonFloat `json:"scoreTo"`
	Gain           jsonFloat `json:"gain"`
}

type domainOutJSON struct {
	domainJSON
	WhatIf struct {
		Best    *whatIfJSON  `json:"best"`
		Options []whatIfJSON `json:"options"`
	} `json:"whatIf"`
}

func (o Output) jsonReflect(s *Snapshot) []byte {
	doms := [2]domainOutJSON{}
	for d := range doms {
		doms[d].domainJSON = toDomainJSON(Domain(d), o.Domains[d])
		doms[d].WhatIf.Options = []whatIfJSON{}
		for _, w := range o.WhatIf[d] {
			doms[d].WhatIf.Options = append(doms[d].WhatIf.Options, whatIfJSON{w.Metric, w.Action, jsonFloat(w.From), jsonFloat(w.To),
				jsonFloat(round6(w.PercentileFrom)), jsonFloat(w.PercentileTo), jsonFloat(w.ScoreFrom), jsonFloat(w.ScoreTo), jsonFloat(w.Gain)})
		}
		if len(doms[d].WhatIf.Options) > 0 {
			b := doms[d].WhatIf.Options[0]
			doms[d].WhatIf.Best = &b
		}
	}
	doc := struct {
		Methodology string `json:"methodology"`
		Snapshot    struct {
			Version   int `json:"version"`
			Hospitals int `json:"hospitals"`
		} `json:"snapshot"`
		Safety           domainOutJSON `json:"safety"`
		HACTotalScore    jsonFloat     `json:"hacTotalScore"`
		HACWorstQuartile *bool         `json:"hacWorstQuartile"`
		Cost             domainOutJSON `json:"cost"`
		OmittedDomains   []string      `json:"omittedDomains"`
		Note             string        `json:"note"`
	}{Methodology: Methodology, Safety: doms[Safety], HACTotalScore: jsonFloat(o.HACTotalScore), HACWorstQuartile: o.HACWorstQuartile,
		Cost: doms[Cost], OmittedDomains: OmittedDomains, Note: omittedNote}
	doc.Snapshot.Version, doc.Snapshot.Hospitals = s.Version, s.Provenance.Hospitals
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		panic("ratings: encode output: " + err.Error()) // only numbers, strings and bools
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

func FuzzDecodeInput(f *testing.F) {
	for _, s := range []string{`{}`, `{"safety":{"psi_90":1,"sep_1":50,"cdi":null}}`, `{"cost":{"mspb":1e400}}`, `{"prior":null}`,
		`{"safety":{"x":1},"safety":{"sep_1":2}}`, `{"facilityId":7}`, `[1]`, `{"safety":{}} {}`, `{"hacTotalScore":"1"}`, `{"safety":null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, gerr := DecodeInput(b)
		want, werr := decodeInputJSON(b)
		if (gerr == nil) != (werr == nil) {
			t.Fatalf("DecodeInput(%q) error %v; encoding/json reading %v", b, gerr, werr)
		}
		if gerr != nil {
			ge, we := gerr.(*scoring.ValidationError), werr.(*scoring.ValidationError)
			if !reflect.DeepEqual(ge.Problems, we.Problems) {
				t.Fatalf("DecodeInput(%q) problems %v; encoding/json reading %v", b, ge.Problems, we.Problems)
			}
			return
		}
		same := func(a, b []float64) bool {
			if len(a) != len(b) {
				return false
			}
			for i := range a {
				if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
					return false
				}
			}
			return true
		}
		for d := range got.Values {
			if !same(got.Values[d], want.Values[d]) || !same(got.Prior[d], want.Prior[d]) || (got.Prior[d] == nil) != (want.Prior[d] == nil) {
				t.Fatalf("DecodeInput(%q) = %v; encoding/json reading %v", b, got, want)
			}
		}
		if !same([]float64{got.HACTotalScore}, []float64{want.HACTotalScore}) {
			t.Fatalf("DecodeInput(%q) hac %v; %v", b, got.HACTotalScore, want.HACTotalScore)
		}
	})
}
