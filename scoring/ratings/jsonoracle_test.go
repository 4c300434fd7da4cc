package ratings

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"sort"
	"strings"
	"testing"

	"openvalue/scoring"
)

// The encoding/json forms of the hand-written encoders (Output.JSON, Result.WriteJSON):
// the oracles their tests compare them with.

// jsonFloat marshals NaN as null.
type jsonFloat float64

func (f jsonFloat) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
		return []byte("null"), nil
	}
	return []byte(num(float64(f))), nil
}

type metricJSON struct {
	ID         string    `json:"id"`
	Value      jsonFloat `json:"value"`
	Percentile jsonFloat `json:"percentile"`
}

type domainJSON struct {
	Reported            int          `json:"reported"`
	Average             jsonFloat    `json:"average"`
	ReportingAdjustment jsonFloat    `json:"reportingAdjustment"`
	ChangeAdjustment    *jsonFloat   `json:"changeAdjustment"`
	Adjusted            jsonFloat    `json:"adjusted"`
	Score               jsonFloat    `json:"score"`
	Excluded            bool         `json:"excluded"`
	Metrics             []metricJSON `json:"metrics"`
}

func toDomainJSON(d Domain, dr DomainResult) domainJSON {
	j := domainJSON{Reported: dr.Reported, Average: jsonFloat(dr.Average), ReportingAdjustment: jsonFloat(dr.ReportingAdjustment),
		Adjusted: jsonFloat(dr.Adjusted), Score: jsonFloat(dr.Score), Excluded: dr.Excluded}
	if dr.HasChange {
		c := jsonFloat(dr.ChangeAdjustment)
		j.ChangeAdjustment = &c
	}
	for m, def := range DomainRules[d].Metrics {
		j.Metrics = append(j.Metrics, metricJSON{ID: def.ID, Value: jsonFloat(dr.Values[m]), Percentile: jsonFloat(round6(dr.Percentiles[m]))})
	}
	return j
}

// writeJSONReflect is WriteJSON through encoding/json, TestWriteJSON's oracle.
func (res *Result) writeJSONReflect(w io.Writer) error {
	type hosp struct {
		FacilityID       string     `json:"facilityId"`
		Name             string     `json:"name"`
		State            string     `json:"state"`
		Safety           domainJSON `json:"safety"`
		HACTotalScore    jsonFloat  `json:"hacTotalScore"`
		HACWorstQuartile bool       `json:"hacWorstQuartile"`
		Cost             domainJSON `json:"cost"`
	}
	doc := struct {
		Methodology    string              `json:"methodology"`
		OmittedDomains []string            `json:"omittedDomains"`
		Note           string              `json:"note"`
		Sources        map[string][]string `json:"sources"`
		HACP75         jsonFloat           `json:"hacP75"`
		Hospitals      []hosp              `json:"hospitals"`
	}{Methodology: Methodology, OmittedDomains: OmittedDomains, Note: omittedNote,
		Sources: map[string][]string{"safety": res.Sources[Safety], "cost": res.Sources[Cost]}, HACP75: jsonFloat(res.HACP75)}
	for _, r := range res.Ratings {
		doc.Hospitals = append(doc.Hospitals, hosp{r.FacilityID, r.Name, r.State, toDomainJSON(Safety, r.Domains[Safety]),
			jsonFloat(r.HACTotalScore), r.HACWorstQuartile, toDomainJSON(Cost, r.Domains[Cost])})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

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

// decodeInputJSON is DecodeInput through encoding/json. DecodeInput hands it the documents
// that are not one valid JSON value, for its messages; FuzzDecodeInput compares the two on all.
func decodeInputJSON(b []byte) (Input, error) {
	in := Input{HACTotalScore: math.NaN()}
	for d, r := range DomainRules {
		in.Values[d] = nanSlice(len(r.Metrics))
	}
	var p []scoring.Problem
	add := func(path, reason string) { p = append(p, scoring.Problem{Path: path, Reason: reason}) }
	if len(b) > maxInput {
		add(scoring.RootPath, fmt.Sprintf("document is %d bytes; at most %d", len(b), maxInput))
		return in, verr(p)
	}
	var top map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&top); err != nil || top == nil {
		add(scoring.RootPath, "must be a JSON object")
		return in, verr(p)
	}
	if dec.More() {
		add(scoring.RootPath, "must hold one JSON object only")
		return in, verr(p)
	}
	domainValues := func(path string, raw json.RawMessage, d Domain) []float64 {
		out := nanSlice(len(DomainRules[d].Metrics))
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil || (obj == nil && string(bytes.TrimSpace(raw)) != "null") {
			add(path, "must be an object of metric values")
			return out
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			m := metricIndex(d, k)
			if m < 0 {
				add(path+"."+k, "unknown "+d.String()+" metric; one of "+metricIDs(d))
				continue
			}
			v := strings.TrimSpace(string(obj[k]))
			if v == "null" {
				continue
			}
			var f float64
			if err := json.Unmarshal(obj[k], &f); err != nil {
				add(path+"."+k, "must be a number or null")
				continue
			}
			def := DomainRules[d].Metrics[m]
			switch {
			case f < 0:
				add(path+"."+k, "must not be negative")
			case strings.HasPrefix(def.Unit, "percent of") && f > 100:
				add(path+"."+k, "is a percentage: must be 0 to 100")
			default:
				out[m] = f
			}
		}
		return out
	}
	keys := make([]string, 0, len(top))
	for k := range top {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		raw := top[k]
		switch k {
		case "safety":
			in.Values[Safety] = domainValues("safety", raw, Safety)
		case "cost":
			in.Values[Cost] = domainValues("cost", raw, Cost)
		case "prior":
			var pr map[string]json.RawMessage
			if err := json.Unmarshal(raw, &pr); err != nil {
				add("prior", "must be an object with safety and/or cost")
				continue
			}
			pk := make([]string, 0, len(pr))
			for k := range pr {
				pk = append(pk, k)
			}
			sort.Strings(pk)
			for _, k2 := range pk {
				switch k2 {
				case "safety":
					in.Prior[Safety] = domainValues("prior.safety", pr[k2], Safety)
				case "cost":
					in.Prior[Cost] = domainValues("prior.cost", pr[k2], Cost)
				default:
					add("prior."+k2, "unknown field; prior holds safety and cost")
				}
			}
		case "hacTotalScore":
			if strings.TrimSpace(string(raw)) == "null" {
				continue
			}
			var f float64
			if err := json.Unmarshal(raw, &f); err != nil {
				add(k, "must be a number or null")
				continue
			}
			in.HACTotalScore = f
		case "facilityId", "name", "state":
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				add(k, "must be a string")
			}
		default:
			add(k, "unknown field; the input holds safety, cost, prior, hacTotalScore (and optional facilityId, name, state)")
		}
	}
	return in, verr(p)
}
