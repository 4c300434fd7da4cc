package scoring

import (
	"strconv"
	"sync"

	"openvalue/internal/jsonstr"
)

// The result document's encoder. It writes exactly what encoding/json.Marshal writes for Result
// (TestEncode_MatchesEncodingJSON holds it to that, byte for byte) but without reflection, because
// the browser re-scores on every keystroke and encoding was most of the cost.

// The append functions take the member's key already written as JSON with its separators
// (`,"stage":`), so each member costs one append of a constant.
func appendKey(b []byte, k string) []byte {
	return append(b, k...)
}

func appendInt(b []byte, k string, v int) []byte {
	return appendWhole(appendKey(b, k), int64(v))
}

// appendWhole is strconv.AppendInt in base 10, writing the small numbers a result is made of
// (stages, counts, weights, percents) without the call.
func appendWhole(b []byte, n int64) []byte {
	switch {
	case n >= 0 && n < 10:
		return append(b, byte('0'+n))
	case n >= 10 && n < 100:
		return append(b, byte('0'+n/10), byte('0'+n%10))
	}
	return strconv.AppendInt(b, n, 10)
}

func appendBool(b []byte, k string, v bool) []byte {
	return strconv.AppendBool(appendKey(b, k), v)
}

func appendFloatField(b []byte, k string, v float64) []byte {
	return appendFloat(appendKey(b, k), v)
}

// appendFloat appends f as encoding/json does (jsonstr.AppendFloat). Result numbers are whole
// tenths or hundredths, which take a fast path that writes the same digits as strconv's shortest
// formatting (TestAppendFloat checks the two agree).
func appendFloat(b []byte, f float64) []byte {
	if f > -1e12 && f < 1e12 {
		// The nearest whole number of hundredths (rounding half away from zero, as math.Round
		// does, without its call): used only when it gives f back exactly.
		x := f * 100
		n := int64(x + 0.5)
		if x < 0 {
			n = int64(x - 0.5)
		}
		if float64(n)/100 == f {
			if n < 0 {
				b = append(b, '-')
				n = -n
			}
			b = appendWhole(b, n/100)
			switch frac := n % 100; {
			case frac == 0:
			case frac%10 == 0:
				b = append(b, '.', byte('0'+frac/10))
			default:
				b = append(b, '.', byte('0'+frac/10), byte('0'+frac%10))
			}
			return b
		}
	}
	return jsonstr.AppendFloat(b, f)
}

func appendStr(b []byte, k, v string) []byte {
	b = appendKey(b, k)
	b = jsonstr.Append(b, v)
	return b
}

func appendStrs(b []byte, k string, v []string) []byte {
	b = appendKey(b, k)
	if v == nil {
		b = append(b, "null"...)
		return b
	}
	b = append(b, '[')
	for i, s := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonstr.Append(b, s)
	}
	b = append(b, ']')
	return b
}

// buffers recycles ScoreJSON's working buffer: each result then costs one allocation of its
// exact size, not a fresh 32 KiB that the collector must reclaim (which under wasm, where the
// collector runs on the page's one thread, shows up as slow calls).
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

func appendResult(b []byte, r *Result) []byte {
	b = append(b, "{"...)
	b = appendStr(b, `"methodology":`, r.Methodology)
	b = appendStr(b, `,"status":`, r.Status)
	b = appendKey(b, `,"organization":`)
	b = appendOrganization(b, &r.Organization)
	b = appendKey(b, `,"infram":`)
	b = appendInfram(b, &r.Infram)
	b = appendKey(b, `,"valueScore":`)
	b = appendValueScore(b, &r.ValueScore)
	if r.Review != nil {
		b = appendKey(b, `,"review":`)
		b = appendReview(b, r.Review)
	}
	b = append(b, "}"...)
	return b
}

func appendOrganization(b []byte, o *Organization) []byte {
	b = append(b, "{"...)
	b = appendStr(b, `"name":`, o.Name)
	if o.CCN != "" {
		b = appendStr(b, `,"ccn":`, o.CCN)
	}
	if o.Type != "" {
		b = appendStr(b, `,"type":`, o.Type)
	}
	if o.Beds != nil {
		b = appendInt(b, `,"beds":`, *o.Beds)
	}
	b = append(b, "}"...)
	return b
}

func appendStages(b []byte, k string, ss []StageResult) []byte {
	b = appendKey(b, k)
	if ss == nil {
		b = append(b, "null"...)
		return b
	}
	b = append(b, "["...)
	for i := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		s := &ss[i]
		// A result has 56 of these: the constant runs are written in one piece each (every
		// append is a call in WebAssembly).
		if s.Stage >= 1 && s.Stage <= numStages {
			b = append(b, stageOpen[s.Stage]...)
		} else {
			b = appendInt(append(b, '{'), `"stage":`, s.Stage)
			b = append(b, `,"percent":`...)
		}
		b = appendFloat(b, s.Percent)
		b = appendFloatField(b, `,"earned":`, s.Earned)
		b = appendInt(b, `,"possible":`, s.Possible)
		b = append(b, stageClose[btoi(s.Met)][btoi(s.Achieved)]...)
	}
	b = append(b, "]"...)
	return b
}

// stageOpen[n] is a stage result's start up to its percent; stageClose[met][achieved] its end.
var (
	stageOpen = func() (o [numStages + 1]string) {
		for n := 1; n <= numStages; n++ {
			o[n] = `{"stage":` + strconv.Itoa(n) + `,"percent":`
		}
		return o
	}()
	stageClose = [2][2]string{
		{`,"met":false,"achieved":false}`, `,"met":false,"achieved":true}`},
		{`,"met":true,"achieved":false}`, `,"met":true,"achieved":true}`},
	}
)

func btoi(v bool) int {
	if v {
		return 1
	}
	return 0
}

func appendInfram(b []byte, r *InframResult) []byte {
	b = append(b, "{"...)
	b = appendStr(b, `"catalog":`, r.Catalog)
	b = appendInt(b, `,"stage":`, r.Stage)
	if r.DeclaredStage != nil {
		b = appendInt(b, `,"declaredStage":`, *r.DeclaredStage)
	}
	b = appendInt(b, `,"answered":`, r.Answered)
	b = appendInt(b, `,"criteria":`, r.Criteria)
	b = appendStages(b, `,"stages":`, r.Stages)
	b = appendKey(b, `,"domains":`)
	if r.Domains == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, "["...)
		for i := range r.Domains {
			if i > 0 {
				b = append(b, ',')
			}
			d := &r.Domains[i]
			b = append(b, "{"...)
			b = appendStr(b, `"domain":`, d.Domain)
			b = appendStr(b, `,"name":`, d.Name)
			b = appendInt(b, `,"stage":`, d.Stage)
			b = appendInt(b, `,"answered":`, d.Answered)
			b = appendInt(b, `,"criteria":`, d.Criteria)
			b = appendStages(b, `,"stages":`, d.Stages)
			b = append(b, "}"...)
		}
		b = append(b, "]"...)
	}
	b = appendKey(b, `,"roadmap":`)
	b = appendRoadmap(b, &r.Roadmap)
	b = appendKey(b, `,"comparison":`)
	b = appendComparison(b, &r.Comparison)
	b = append(b, "}"...)
	return b
}

func appendRoadmap(b []byte, r *Roadmap) []byte {
	b = append(b, "{"...)
	b = appendKey(b, `"nextStage":`)
	if r.NextStage == nil {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendInt(b, int64(*r.NextStage), 10)
	}
	b = appendFloatField(b, `,"percent":`, r.Percent)
	b = appendFloatField(b, `,"weightNeeded":`, r.WeightNeeded)
	b = appendKey(b, `,"items":`)
	if r.Items == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, "["...)
		for i := range r.Items {
			if i > 0 {
				b = append(b, ',')
			}
			it := &r.Items[i]
			b = append(b, "{"...)
			b = appendStr(b, `"id":`, it.ID)
			b = appendStr(b, `,"domain":`, it.Domain)
			b = appendInt(b, `,"stage":`, it.Stage)
			b = appendInt(b, `,"weight":`, it.Weight)
			b = appendStr(b, `,"answer":`, it.Answer)
			b = appendFloatField(b, `,"gain":`, it.Gain)
			b = appendStr(b, `,"text":`, it.Text)
			b = append(b, "}"...)
		}
		b = append(b, "]"...)
	}
	b = append(b, "}"...)
	return b
}

func appendStageComparison(b []byte, c *StageComparison) []byte {
	b = append(b, "{"...)
	if c.Domain != "" {
		b = appendStr(b, `"domain":`, c.Domain)
		b = append(b, ',')
	}
	b = appendInt(b, `"stage":`, c.Stage)
	b = appendFloatField(b, `,"average":`, c.Average)
	b = appendFloatField(b, `,"difference":`, c.Difference)
	b = appendStr(b, `,"position":`, c.Position)
	b = append(b, "}"...)
	return b
}

func appendComparison(b []byte, c *Comparison) []byte {
	b = append(b, "{"...)
	b = appendStr(b, `"source":`, c.Source)
	b = appendInt(b, `,"mostCommonStage":`, c.MostCommonStage)
	b = appendKey(b, `,"overall":`)
	b = appendStageComparison(b, &c.Overall)
	b = appendKey(b, `,"domains":`)
	if c.Domains == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, "["...)
		for i := range c.Domains {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendStageComparison(b, &c.Domains[i])
		}
		b = append(b, "]"...)
	}
	b = append(b, "}"...)
	return b
}

func appendValueScore(b []byte, v *ValueScoreResult) []byte {
	b = append(b, "{"...)
	b = appendFloatField(b, `"total":`, v.Total)
	b = appendFloatField(b, `,"max":`, v.Max)
	b = appendFloatField(b, `,"estimatedTotal":`, v.EstimatedTotal)
	b = appendKey(b, `,"types":`)
	if v.Types == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, "["...)
		for i := range v.Types {
			if i > 0 {
				b = append(b, ',')
			}
			t := &v.Types[i]
			b = append(b, "{"...)
			b = appendStr(b, `"type":`, t.Type)
			b = appendFloatField(b, `,"points":`, t.Points)
			b = appendFloatField(b, `,"max":`, t.Max)
			b = append(b, "}"...)
		}
		b = append(b, "]"...)
	}
	b = appendKey(b, `,"pillars":`)
	if v.Pillars == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, "["...)
		for i := range v.Pillars {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendPillar(b, &v.Pillars[i])
		}
		b = append(b, "]"...)
	}
	b = appendKey(b, `,"caseStudies":`)
	if v.CaseStudies == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, "["...)
		for i := range v.CaseStudies {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendCaseStudy(b, &v.CaseStudies[i])
		}
		b = append(b, "]"...)
	}
	b = appendKey(b, `,"explain":`)
	if v.Explain == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, "["...)
		for i := range v.Explain {
			if i > 0 {
				b = append(b, ',')
			}
			x := &v.Explain[i]
			b = append(b, "{"...)
			b = appendStr(b, `"rule":`, x.Rule)
			b = appendStr(b, `,"type":`, x.Type)
			if x.Pillar != "" {
				b = appendStr(b, `,"pillar":`, x.Pillar)
			}
			if x.CaseStudy != "" {
				b = appendStr(b, `,"caseStudy":`, x.CaseStudy)
			}
			b = appendFloatField(b, `,"points":`, x.Points)
			b = appendFloatField(b, `,"max":`, x.Max)
			b = appendStr(b, `,"detail":`, x.Detail)
			b = append(b, "}"...)
		}
		b = append(b, "]"...)
	}
	b = append(b, "}"...)
	return b
}

func appendPillar(b []byte, p *PillarResult) []byte {
	b = append(b, "{"...)
	b = appendStr(b, `"pillar":`, p.Pillar)
	b = appendStr(b, `,"name":`, p.Name)
	b = appendFloatField(b, `,"points":`, p.Points)
	b = appendFloatField(b, `,"max":`, p.Max)
	b = appendFloatField(b, `,"percent":`, p.Percent)
	b = appendStr(b, `,"level":`, p.Level)
	b = appendFloatField(b, `,"perceived":`, p.Perceived)
	b = appendFloatField(b, `,"recognized":`, p.Recognized)
	b = appendFloatField(b, `,"innovative":`, p.Innovative)
	b = appendStrs(b, `,"caseStudies":`, p.CaseStudies)
	b = appendStrs(b, `,"strengths":`, p.Strengths)
	b = appendStrs(b, `,"opportunities":`, p.Opportunities)
	b = appendKey(b, `,"target":`)
	if t := p.Target; t == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, "{"...)
		b = appendStr(b, `"level":`, t.Level)
		b = appendFloatField(b, `,"percent":`, t.Percent)
		b = appendFloatField(b, `,"pointsNeeded":`, t.PointsNeeded)
		b = appendStrs(b, `,"actions":`, t.Actions)
		b = append(b, "}"...)
	}
	b = append(b, "}"...)
	return b
}

func appendCaseStudy(b []byte, c *CaseStudyResult) []byte {
	b = append(b, "{"...)
	b = appendStr(b, `"id":`, c.ID)
	b = appendStr(b, `,"pillar":`, c.Pillar)
	b = appendStr(b, `,"review":`, c.Review)
	if c.ReviewReason != "" {
		b = appendStr(b, `,"reviewReason":`, c.ReviewReason)
	}
	b = appendBool(b, `,"counted":`, c.Counted)
	b = appendInt(b, `,"completeness":`, c.Completeness)
	b = appendFloatField(b, `,"evidence":`, c.Evidence)
	b = appendStr(b, `,"strength":`, c.Strength)
	b = appendFloatField(b, `,"perceived":`, c.Perceived)
	b = appendFloatField(b, `,"recognized":`, c.Recognized)
	b = appendFloatField(b, `,"innovative":`, c.Innovative)
	b = appendKey(b, `,"measures":`)
	if c.Measures == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, "["...)
		for i := range c.Measures {
			if i > 0 {
				b = append(b, ',')
			}
			m := &c.Measures[i]
			b = append(b, "{"...)
			b = appendStr(b, `"id":`, m.ID)
			b = appendStr(b, `,"kind":`, m.Kind)
			b = appendKey(b, `,"improvement":`)
			if m.Improvement == nil {
				b = append(b, "null"...)
			} else {
				b = appendFloat(b, *m.Improvement)
			}
			b = appendFloatField(b, `,"points":`, m.Points)
			b = appendStr(b, `,"review":`, m.Review)
			if m.ReviewReason != "" {
				b = appendStr(b, `,"reviewReason":`, m.ReviewReason)
			}
			b = appendBool(b, `,"counted":`, m.Counted)
			b = append(b, "}"...)
		}
		b = append(b, "]"...)
	}
	b = appendStrs(b, `,"strengthen":`, c.Strengthen)
	b = append(b, "}"...)
	return b
}

func appendReview(b []byte, r *ReviewSummary) []byte {
	b = append(b, "{"...)
	b = appendStr(b, `"reviewer":`, r.Reviewer)
	if r.Notes != "" {
		b = appendStr(b, `,"notes":`, r.Notes)
	}
	b = appendInt(b, `,"caseStudiesAccepted":`, r.CaseStudiesAccepted)
	b = appendInt(b, `,"caseStudiesRejected":`, r.CaseStudiesRejected)
	b = appendInt(b, `,"caseStudiesUndecided":`, r.CaseStudiesUndecided)
	b = appendInt(b, `,"measuresAccepted":`, r.MeasuresAccepted)
	b = appendInt(b, `,"measuresRejected":`, r.MeasuresRejected)
	b = appendInt(b, `,"measuresUndecided":`, r.MeasuresUndecided)
	b = append(b, "}"...)
	return b
}
