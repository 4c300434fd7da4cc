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

// Three kinds of string reach a result, and only the last needs looking at as it is written
// (escaping was a fifth of the encoder's time):
//   - the core's own words (its constants, the catalog's ids, names and texts) and input values
//     that validation holds to a fixed set (pillar, kind, answer, organization type) or to the id
//     alphabet A–Z a–z 0–9 _ - (ids, CCN): appendName writes them as they are.
//     TestLiteralsVerbatim checks that every string literal of the files that build results needs
//     no escape, and FuzzScore compares whole results with encoding/json's;
//   - the generated texts (explanations, strengths, opportunities, actions), which hold measure
//     names and review reasons: they are built in one buffer per call, which texts.done checks
//     once; appendText writes them as they are when it needed no escape (plain), else escaped;
//   - the submission's free text (organization name, review reasons, reviewer, notes): appendStr.
func appendStr(b []byte, k, v string) []byte {
	b = appendKey(b, k)
	b = jsonstr.Append(b, v)
	return b
}

func appendName(b []byte, k, v string) []byte {
	b = append(b, k...)
	b = append(b, '"')
	b = append(b, v...)
	return append(b, '"')
}

func appendText(b []byte, k, v string, plain bool) []byte {
	if plain {
		return appendName(b, k, v)
	}
	return appendStr(b, k, v)
}

// appendList writes a list of names (plain) or of strings to escape.
func appendList(b []byte, k string, v []string, plain bool) []byte {
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
		if plain {
			b = append(b, '"')
			b = append(b, s...)
			b = append(b, '"')
		} else {
			b = jsonstr.Append(b, s)
		}
	}
	b = append(b, ']')
	return b
}

// buffers recycles ScoreJSON's working buffer: each result then costs one allocation of its
// exact size, not a fresh 32 KiB that the collector must reclaim (which under wasm, where the
// collector runs on the page's one thread, shows up as slow calls).
var buffers = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

// appendResult writes r; plain says that its generated texts need no escape (texts.plain of the
// call that scored it).
func appendResult(b []byte, r *Result, plain bool) []byte {
	b = append(b, "{"...)
	b = appendName(b, `"methodology":`, r.Methodology)
	b = appendName(b, `,"status":`, r.Status)
	b = appendKey(b, `,"organization":`)
	b = appendOrganization(b, &r.Organization)
	b = appendKey(b, `,"infram":`)
	b = appendInfram(b, &r.Infram)
	b = appendKey(b, `,"valueScore":`)
	b = appendValueScore(b, &r.ValueScore, plain)
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
		b = appendName(b, `,"ccn":`, o.CCN)
	}
	if o.Type != "" {
		b = appendName(b, `,"type":`, o.Type)
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
	b = appendName(b, `"catalog":`, r.Catalog)
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
			b = appendName(b, `"domain":`, d.Domain)
			b = appendName(b, `,"name":`, d.Name)
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
			b = appendName(b, `"id":`, it.ID)
			b = appendName(b, `,"domain":`, it.Domain)
			b = appendInt(b, `,"stage":`, it.Stage)
			b = appendInt(b, `,"weight":`, it.Weight)
			b = appendName(b, `,"answer":`, it.Answer)
			b = appendFloatField(b, `,"gain":`, it.Gain)
			b = appendName(b, `,"text":`, it.Text)
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
		b = appendName(b, `"domain":`, c.Domain)
		b = append(b, ',')
	}
	b = appendInt(b, `"stage":`, c.Stage)
	b = appendFloatField(b, `,"average":`, c.Average)
	b = appendFloatField(b, `,"difference":`, c.Difference)
	b = appendName(b, `,"position":`, c.Position)
	b = append(b, "}"...)
	return b
}

func appendComparison(b []byte, c *Comparison) []byte {
	b = append(b, "{"...)
	b = appendName(b, `"source":`, c.Source)
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

func appendValueScore(b []byte, v *ValueScoreResult, plain bool) []byte {
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
			b = appendName(b, `"type":`, t.Type)
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
			b = appendPillar(b, &v.Pillars[i], plain)
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
			b = appendName(b, `"rule":`, x.Rule)
			b = appendName(b, `,"type":`, x.Type)
			if x.Pillar != "" {
				b = appendName(b, `,"pillar":`, x.Pillar)
			}
			if x.CaseStudy != "" {
				b = appendName(b, `,"caseStudy":`, x.CaseStudy)
			}
			b = appendFloatField(b, `,"points":`, x.Points)
			b = appendFloatField(b, `,"max":`, x.Max)
			b = appendText(b, `,"detail":`, x.Detail, plain)
			b = append(b, "}"...)
		}
		b = append(b, "]"...)
	}
	b = append(b, "}"...)
	return b
}

func appendPillar(b []byte, p *PillarResult, plain bool) []byte {
	b = append(b, "{"...)
	b = appendName(b, `"pillar":`, p.Pillar)
	b = appendName(b, `,"name":`, p.Name)
	b = appendFloatField(b, `,"points":`, p.Points)
	b = appendFloatField(b, `,"max":`, p.Max)
	b = appendFloatField(b, `,"percent":`, p.Percent)
	b = appendName(b, `,"level":`, p.Level)
	b = appendFloatField(b, `,"perceived":`, p.Perceived)
	b = appendFloatField(b, `,"recognized":`, p.Recognized)
	b = appendFloatField(b, `,"innovative":`, p.Innovative)
	b = appendList(b, `,"caseStudies":`, p.CaseStudies, true)
	b = appendList(b, `,"strengths":`, p.Strengths, plain)
	b = appendList(b, `,"opportunities":`, p.Opportunities, plain)
	b = appendKey(b, `,"target":`)
	if t := p.Target; t == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, "{"...)
		b = appendName(b, `"level":`, t.Level)
		b = appendFloatField(b, `,"percent":`, t.Percent)
		b = appendFloatField(b, `,"pointsNeeded":`, t.PointsNeeded)
		b = appendList(b, `,"actions":`, t.Actions, plain)
		b = append(b, "}"...)
	}
	b = append(b, "}"...)
	return b
}

func appendCaseStudy(b []byte, c *CaseStudyResult) []byte {
	b = append(b, "{"...)
	b = appendName(b, `"id":`, c.ID)
	b = appendName(b, `,"pillar":`, c.Pillar)
	b = appendName(b, `,"review":`, c.Review)
	if c.ReviewReason != "" {
		b = appendStr(b, `,"reviewReason":`, c.ReviewReason)
	}
	b = appendBool(b, `,"counted":`, c.Counted)
	b = appendInt(b, `,"completeness":`, c.Completeness)
	b = appendFloatField(b, `,"evidence":`, c.Evidence)
	b = appendName(b, `,"strength":`, c.Strength)
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
			b = appendName(b, `"id":`, m.ID)
			b = appendName(b, `,"kind":`, m.Kind)
			b = appendKey(b, `,"improvement":`)
			if m.Improvement == nil {
				b = append(b, "null"...)
			} else {
				b = appendFloat(b, *m.Improvement)
			}
			b = appendFloatField(b, `,"points":`, m.Points)
			b = appendName(b, `,"review":`, m.Review)
			if m.ReviewReason != "" {
				b = appendStr(b, `,"reviewReason":`, m.ReviewReason)
			}
			b = appendBool(b, `,"counted":`, m.Counted)
			b = append(b, "}"...)
		}
		b = append(b, "]"...)
	}
	b = appendList(b, `,"strengthen":`, c.Strengthen, true)
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
