package ratings

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"strings"
)

// Columns are the CSV columns of WriteCSV, in order. Per-metric columns follow these:
// <domain>_<metric>_value and <domain>_<metric>_percentile for each metric.
var Columns = []string{
	"facility_id", "name", "state",
	"safety_reported", "safety_average", "safety_reporting_adjustment", "safety_change_adjustment", "safety_score", "safety_excluded",
	"hac_total_score", "hac_worst_quartile",
	"cost_reported", "cost_average", "cost_reporting_adjustment", "cost_change_adjustment", "cost_score", "cost_excluded",
	"omitted_domains",
}

func num(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return string(appendDecimal(nil, x))
}

// appendDecimal appends x as num writes it: "0" for zero, else the shortest decimal that reads
// back as x ('f' format). Most values are rounded to 6 decimals or fewer (percentiles,
// averages, cents, CMS's own values): when x is the float64 nearest a decimal k/10⁶ with
// |k| < 10¹⁵, that decimal is the shortest one (two decimals of at most 15 significant
// digits never share a float64), so it is written from the integer k directly. Others go
// to strconv. A test compares both on many values.
func appendDecimal(b []byte, x float64) []byte {
	if x == 0 {
		return append(b, '0')
	}
	k := math.Round(x * 1e6)
	if !(k/1e6 == x && k < 1e15 && k > -1e15) {
		return strconv.AppendFloat(b, x, 'f', -1, 64)
	}
	if k < 0 {
		b = append(b, '-')
		k = -k
	}
	u := uint64(k)
	b = strconv.AppendUint(b, u/1e6, 10)
	if fp := u % 1e6; fp != 0 {
		var d [7]byte
		d[0] = '.'
		for i := 6; i >= 1; i-- {
			d[i] = byte('0' + fp%10)
			fp /= 10
		}
		n := 7
		for d[n-1] == '0' {
			n--
		}
		b = append(b, d[:n]...)
	}
	return b
}

func metricHeaders() []string {
	var h []string
	for d, r := range DomainRules {
		for _, m := range r.Metrics {
			p := Domain(d).String() + "_" + m.ID
			h = append(h, p+"_value", p+"_percentile")
		}
	}
	return h
}

// WriteCSV writes one row per hospital. Empty cells mean "not applicable": no value for an
// unreported metric, no score for an excluded hospital, no change adjustment without a
// prior-period rating. The omitted_domains column names the seed's unspecified domains
// (outcomes, risk, engagement), which are not part of any score. Numbers are written in
// their shortest exact form, so re-summing the printed parts reproduces the ranking.
func (res *Result) WriteCSV(w io.Writer) error {
	buf := make([]byte, 0, 1<<16)
	for i, h := range append(append([]string{}, Columns...), metricHeaders()...) {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, h...)
	}
	buf = append(buf, '\n')
	f := func(b []byte, x float64) []byte {
		b = append(b, ',')
		if math.IsNaN(x) {
			return b
		}
		return appendDecimal(b, x)
	}
	for _, r := range res.Ratings {
		buf = appendCSVField(buf, r.FacilityID)
		buf = append(buf, ',')
		buf = appendCSVField(buf, r.Name)
		buf = append(buf, ',')
		buf = appendCSVField(buf, r.State)
		for d := range r.Domains {
			dr := &r.Domains[d]
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, int64(dr.Reported), 10)
			buf = f(buf, dr.Average)
			buf = f(buf, dr.ReportingAdjustment)
			if dr.HasChange {
				buf = f(buf, dr.ChangeAdjustment)
			} else {
				buf = append(buf, ',')
			}
			buf = f(buf, dr.Score)
			buf = append(buf, ',')
			buf = strconv.AppendBool(buf, dr.Excluded)
			if Domain(d) == Safety {
				buf = f(buf, r.HACTotalScore)
				buf = append(buf, ',')
				buf = strconv.AppendBool(buf, r.HACWorstQuartile)
			}
		}
		buf = append(buf, ",outcomes;risk;engagement"...)
		for d := range r.Domains {
			dr := &r.Domains[d]
			for m := range dr.Values {
				buf = f(buf, dr.Values[m])
				buf = f(buf, round6(dr.Percentiles[m]))
			}
		}
		buf = append(buf, '\n')
		if len(buf) > 1<<15 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return err
}

// appendCSVField appends s, quoted as RFC 4180 wants when it holds a comma, quote or line break.
func appendCSVField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

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

// WriteJSON writes {"methodology", "omittedDomains", "sources", "hacP75", "hospitals": [...]}.
func (res *Result) WriteJSON(w io.Writer) error {
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

// Methodology is the version of the ratings rules; it changes whenever a rule changes.
const Methodology = "valuescore-ratings/1"

const omittedNote = "Outcomes, Risk and Engagement are not specified by the ValueSCORE seed and are not part of any score."
