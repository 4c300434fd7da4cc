package ratings

import (
	"io"
	"math"
	"strconv"
	"strings"

	"openvalue/internal/jsonstr"
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
	// The second half of the rows is formatted on another goroutine meanwhile (into memory;
	// the first half is written as it goes).
	half := len(res.Ratings) / 2
	var second []byte
	done := make(chan struct{})
	go func() {
		defer close(done)
		rows := res.Ratings[half:]
		second = make([]byte, 0, len(rows)*320)
		for i := range rows {
			second = appendCSVRow(second, &rows[i])
		}
	}()
	var err error
	for i := range res.Ratings[:half] {
		buf = appendCSVRow(buf, &res.Ratings[i])
		if len(buf) > 1<<15 {
			if _, err = w.Write(buf); err != nil {
				break
			}
			buf = buf[:0]
		}
	}
	<-done
	if err == nil {
		_, err = w.Write(buf)
	}
	if err == nil {
		_, err = w.Write(second)
	}
	return err
}

// appendCSVRow appends one hospital's line of WriteCSV.
func appendCSVRow(buf []byte, r *Rating) []byte {
	f := func(b []byte, x float64) []byte {
		b = append(b, ',')
		if math.IsNaN(x) {
			return b
		}
		return appendDecimal(b, x)
	}
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
	return append(buf, '\n')
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

// WriteJSON writes {"methodology", "omittedDomains", "note", "sources", "hacP75", "hospitals": [...]}
// and a new line: compact, numbers as the CSV writes them, null for not applicable (the bytes
// encoding/json wrote for the same document, which TestWriteJSON checks).
func (res *Result) WriteJSON(w io.Writer) error {
	b := make([]byte, 0, 1<<20)
	b = append(b, `{"methodology":`...)
	b = jsonstr.AppendNoHTML(b, Methodology)
	b = append(b, `,"omittedDomains":`...)
	b = appendJSONStrings(b, OmittedDomains)
	b = append(b, `,"note":`...)
	b = jsonstr.AppendNoHTML(b, omittedNote)
	b = append(b, `,"sources":{"cost":`...)
	b = appendJSONStrings(b, res.Sources[Cost])
	b = append(b, `,"safety":`...)
	b = appendJSONStrings(b, res.Sources[Safety])
	b = append(b, `},"hacP75":`...)
	b = appendNum(b, res.HACP75)
	b = append(b, `,"hospitals":`...)
	if len(res.Ratings) == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, r := range res.Ratings {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"facilityId":`...)
			b = jsonstr.AppendNoHTML(b, r.FacilityID)
			b = append(b, `,"name":`...)
			b = jsonstr.AppendNoHTML(b, r.Name)
			b = append(b, `,"state":`...)
			b = jsonstr.AppendNoHTML(b, r.State)
			b = append(b, `,"safety":`...)
			b = appendBatchDomain(b, Safety, r.Domains[Safety])
			b = append(b, `,"hacTotalScore":`...)
			b = appendNum(b, r.HACTotalScore)
			b = append(b, `,"hacWorstQuartile":`...)
			b = strconv.AppendBool(b, r.HACWorstQuartile)
			b = append(b, `,"cost":`...)
			b = appendBatchDomain(b, Cost, r.Domains[Cost])
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, "}\n"...)
	_, err := w.Write(b)
	return err
}

// appendBatchDomain appends one domain of a hospital in WriteJSON's document.
func appendBatchDomain(b []byte, d Domain, dr DomainResult) []byte {
	b = appendDomainHead(b, dr)
	if len(DomainRules[d].Metrics) == 0 {
		return append(b, "null}"...)
	}
	b = appendMetrics(b, d, dr)
	return append(b, '}')
}

// appendDomainHead appends a domain's members up to its metrics, `{"reported":…,"metrics":`,
// the part the batch document (WriteJSON) and RateJSON's answer share.
func appendDomainHead(b []byte, dr DomainResult) []byte {
	b = append(b, `{"reported":`...)
	b = strconv.AppendInt(b, int64(dr.Reported), 10)
	b = append(b, `,"average":`...)
	b = appendNum(b, dr.Average)
	b = append(b, `,"reportingAdjustment":`...)
	b = appendNum(b, dr.ReportingAdjustment)
	b = append(b, `,"changeAdjustment":`...)
	if dr.HasChange {
		b = appendNum(b, dr.ChangeAdjustment)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"adjusted":`...)
	b = appendNum(b, dr.Adjusted)
	b = append(b, `,"score":`...)
	b = appendNum(b, dr.Score)
	b = append(b, `,"excluded":`...)
	b = strconv.AppendBool(b, dr.Excluded)
	return append(b, `,"metrics":`...)
}

// appendMetrics appends a domain's metrics as an array of {id, value, percentile}.
func appendMetrics(b []byte, d Domain, dr DomainResult) []byte {
	b = append(b, '[')
	for m, def := range DomainRules[d].Metrics {
		if m > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = jsonstr.AppendNoHTML(b, def.ID)
		b = append(b, `,"value":`...)
		b = appendNum(b, dr.Values[m])
		b = append(b, `,"percentile":`...)
		b = appendNum(b, round6(dr.Percentiles[m]))
		b = append(b, '}')
	}
	return append(b, ']')
}

// Methodology is the version of the ratings rules; it changes whenever a rule changes.
const Methodology = "valuescore-ratings/1"

const omittedNote = "Outcomes, Risk and Engagement are not specified by the ValueSCORE seed and are not part of any score."
