package scoring

// This file is test code: the reference decoder.

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// refDecode is this package's first decoder, kept as the reference the one-pass decoder is held to
// (TestDecode_MatchesGjsonWalk, FuzzDecode_MatchesGjsonWalk): after scan has checked the syntax, it
// walks the document with gjson's ForEach, which is simple and plainly right, but scans every
// nested value once per level.
func refDecode(doc []byte) (Input, *sheet, problems) {
	var p problems
	var in Input
	sh := newSheet()
	switch {
	case len(doc) > MaxDocumentBytes:
		p.add(RootPath, "the document is larger than the limit of "+strconv.Itoa(MaxDocumentBytes)+" bytes (1 MiB)")
		return in, sh, p
	case !utf8.Valid(doc):
		p.add(RootPath, "the document is not valid UTF-8")
		return in, sh, p
	}
	switch scan(doc) {
	case scanTooDeep:
		p.add(RootPath, "the document nests objects and arrays deeper than "+strconv.Itoa(MaxDepth)+" levels")
		return in, sh, p
	case scanInvalid:
		p.add(RootPath, "the document is not valid JSON")
		return in, sh, p
	}
	root := gjson.ParseBytes(doc)
	if !root.IsObject() {
		p.add(RootPath, "the document must be a JSON object")
		return in, sh, p
	}
	d := refDecoder{decoder{p: &p, sheet: sh}}
	d.root(root, &in)
	return in, sh, p
}

// refDecoder walks a parsed document into an Input, adding a Problem for every wrong type and unknown
// or repeated field. It shares the one-pass decoder's state and path bookkeeping (push, pop,
// problem); its own methods read gjson.Results.
type refDecoder struct{ decoder }

// object calls field for each member of the object v, with the member's key pushed on the path;
// field returns the member's index among the object's known fields (< 64), or -1 when the name is
// unknown. Repeated names are problems.
func (d *refDecoder) object(v gjson.Result, field func(key string, v gjson.Result) int) bool {
	if !v.IsObject() {
		d.problem("must be an object")
		return false
	}
	var seen uint64
	v.ForEach(func(k, val gjson.Result) bool {
		d.push(k.Str)
		i := field(k.Str, val)
		switch {
		case i < 0:
			d.problem("unknown field")
		case seen&(1<<uint(i)) != 0:
			d.problem("field given more than once")
		default:
			seen |= 1 << uint(i)
		}
		d.pop()
		return true
	})
	return true
}

// array calls elem for each element of the array v, with its index pushed on the path, refusing
// more than max elements.
func (d *refDecoder) array(v gjson.Result, max int, elem func(i int, v gjson.Result)) {
	if v.Type == gjson.Null {
		return
	}
	if !v.IsArray() {
		d.problem("must be an array")
		return
	}
	i := 0
	v.ForEach(func(_, val gjson.Result) bool {
		if i == max {
			d.problem("must have at most " + strconv.Itoa(max) + " elements")
			return false
		}
		d.pushIndex(i)
		elem(i, val)
		d.pop()
		i++
		return true
	})
}

// str returns a string member; null counts as absent.
func (d *refDecoder) str(v gjson.Result) string {
	switch v.Type {
	case gjson.String:
		return v.Str
	case gjson.Null:
		return ""
	}
	d.problem("must be a string")
	return ""
}

// integer returns an integer member (a JSON number with no fraction, |n| ≤ 1e9); null counts as absent.
func (d *refDecoder) integer(v gjson.Result) *int {
	switch v.Type {
	case gjson.Null:
		return nil
	case gjson.Number:
		if v.Num == math.Trunc(v.Num) && math.Abs(v.Num) <= 1e9 {
			n := int(v.Num)
			return &n
		}
	}
	d.problem("must be an integer")
	return nil
}

// number returns a number member; null counts as absent.
func (d *refDecoder) number(v gjson.Result) *float64 {
	switch v.Type {
	case gjson.Null:
		return nil
	case gjson.Number:
		if !math.IsInf(v.Num, 0) && !math.IsNaN(v.Num) {
			n := v.Num
			return &n
		}
		d.problem("must be a finite number")
		return nil
	}
	d.problem("must be a number")
	return nil
}

func (d *refDecoder) root(v gjson.Result, in *Input) {
	d.steps = make([]step, 0, MaxDepth+2)
	d.object(v, func(k string, v gjson.Result) int {
		switch k {
		case "methodology":
			in.Methodology = d.str(v)
			return 0
		case "organization":
			d.organization(v, &in.Organization)
			return 1
		case "maturity":
			d.maturity(v, &in.Maturity)
			return 2
		case "infram":
			d.infram(v)
			return 3
		case "caseStudies":
			d.array(v, MaxCaseStudies, func(i int, v gjson.Result) {
				if in.CaseStudies == nil {
					in.CaseStudies = make([]CaseStudy, 0, 8)
				}
				in.CaseStudies = append(in.CaseStudies, CaseStudy{})
				d.caseStudy(v, &in.CaseStudies[len(in.CaseStudies)-1])
			})
			return 4
		case "review":
			if v.Type != gjson.Null {
				in.Review = &Review{}
				d.review(v, in.Review)
			}
			return 5
		}
		return -1
	})
}

func (d *refDecoder) organization(v gjson.Result, o *Organization) {
	if v.Type == gjson.Null {
		return
	}
	d.object(v, func(k string, v gjson.Result) int {
		switch k {
		case "name":
			o.Name = d.str(v)
			return 0
		case "ccn":
			o.CCN = d.str(v)
			return 1
		case "type":
			o.Type = d.str(v)
			return 2
		case "beds":
			o.Beds = d.integer(v)
			return 3
		}
		return -1
	})
}

func (d *refDecoder) maturity(v gjson.Result, m *Maturity) {
	if v.Type == gjson.Null {
		return
	}
	d.object(v, func(k string, v gjson.Result) int {
		switch k {
		case "emram":
			m.EMRAM = d.integer(v)
			return 0
		case "oemram":
			m.OEMRAM = d.integer(v)
			return 1
		case "infram":
			m.INFRAM = d.integer(v)
			return 2
		}
		return -1
	})
}

func (d *refDecoder) infram(v gjson.Result) {
	if v.Type == gjson.Null {
		return
	}
	d.object(v, func(k string, v gjson.Result) int {
		i := domainIndex(k)
		if i >= 0 {
			d.answers(v, i)
		}
		return i
	})
}

// answers decodes the answers of domain di into the sheet. Criterion ids are checked by
// validate, which also serves Go callers of Score.
func (d *refDecoder) answers(v gjson.Result, di int) {
	d.sheet.clear(di)
	if v.Type == gjson.Null {
		return
	}
	if !v.IsObject() {
		d.problem("must be an object")
		return
	}
	d.sheet.given[di] = true
	v.ForEach(func(k, val gjson.Result) bool {
		isStr := val.Type == gjson.String
		var a Answer
		if isStr {
			a = Answer(val.Str)
		}
		switch {
		case !d.sheet.set(di, k.Str, a, isStr):
			d.push(k.Str)
			d.problem("field given more than once")
			d.pop()
		case !isStr:
			d.push(k.Str)
			d.problem(`must be a string: one of "yes","partial","no","na"`)
			d.pop()
		}
		return true
	})
}

func (d *refDecoder) caseStudy(v gjson.Result, c *CaseStudy) {
	d.object(v, func(k string, v gjson.Result) int {
		switch k {
		case "id":
			c.ID = d.str(v)
			return 0
		case "title":
			c.Title = d.str(v)
			return 1
		case "pillar":
			c.Pillar = Pillar(d.str(v))
			return 2
		case "problem":
			c.Problem = d.str(v)
			return 3
		case "intervention":
			c.Intervention = d.str(v)
			return 4
		case "governance":
			c.Governance = d.str(v)
			return 5
		case "measures":
			d.measureList(v, c)
			return 6
		case "cost":
			if v.Type != gjson.Null {
				c.Cost = new(Cost)
				d.cost(v, c.Cost)
			}
			return 7
		case "outcomes":
			c.Outcomes = d.str(v)
			return 8
		case "lessons":
			c.Lessons = d.str(v)
			return 9
		case "perceived":
			if v.Type != gjson.Null {
				c.Perceived = new(Perceived)
				d.perceivedImpact(v, c.Perceived)
			}
			return 10
		}
		return -1
	})
}

// measureList decodes a case study's measures ("measures" given twice: the second array's
// measures add to the first's).
func (d *refDecoder) measureList(v gjson.Result, c *CaseStudy) {
	d.array(v, MaxMeasures, func(i int, v gjson.Result) {
		c.Measures = append(c.Measures, Measure{})
		d.measure(v, &c.Measures[len(c.Measures)-1])
	})
}

func (d *refDecoder) measure(v gjson.Result, m *Measure) {
	d.object(v, func(k string, v gjson.Result) int {
		switch k {
		case "id":
			m.ID = d.str(v)
			return 0
		case "name":
			m.Name = d.str(v)
			return 1
		case "kind":
			m.Kind = MeasureKind(d.str(v))
			return 2
		case "direction":
			m.Direction = Direction(d.str(v))
			return 3
		case "baseline":
			m.Baseline = d.number(v)
			return 4
		case "post":
			m.Post = d.number(v)
			return 5
		case "unit":
			m.Unit = d.str(v)
			return 6
		case "period":
			m.Period = d.str(v)
			return 7
		}
		return -1
	})
}

func (d *refDecoder) cost(v gjson.Result, c *Cost) {
	hasAmount := false
	ok := d.object(v, func(k string, v gjson.Result) int {
		switch k {
		case "amount":
			if f := d.number(v); f != nil {
				c.Amount, hasAmount = *f, true
			}
			return 0
		case "currency":
			c.Currency = d.str(v)
			return 1
		}
		return -1
	})
	if ok && !hasAmount {
		d.push("amount")
		d.problem("is required")
		d.pop()
	}
}

func (d *refDecoder) perceivedImpact(v gjson.Result, pr *Perceived) {
	set := func(dst *int, v gjson.Result) {
		if n := d.integer(v); n != nil {
			*dst = *n
		} else if !d.p.has(d.path()) {
			d.problem("must be an integer 0–5")
		}
	}
	d.object(v, func(k string, v gjson.Result) int {
		switch k {
		case "dataCapture":
			set(&pr.DataCapture, v)
			return 0
		case "processes":
			set(&pr.Processes, v)
			return 1
		case "outcomes":
			set(&pr.Outcomes, v)
			return 2
		}
		return -1
	})
}

func (d *refDecoder) review(v gjson.Result, r *Review) {
	d.object(v, func(k string, v gjson.Result) int {
		switch k {
		case "reviewer":
			r.Reviewer = d.str(v)
			return 0
		case "notes":
			r.Notes = d.str(v)
			return 1
		case "caseStudies":
			d.array(v, MaxCaseStudies, func(i int, v gjson.Result) {
				r.CaseStudies = append(r.CaseStudies, CaseStudyReview{})
				d.caseStudyReview(v, &r.CaseStudies[len(r.CaseStudies)-1])
			})
			return 2
		}
		return -1
	})
}

func (d *refDecoder) caseStudyReview(v gjson.Result, c *CaseStudyReview) {
	d.object(v, func(k string, v gjson.Result) int {
		switch k {
		case "id":
			c.ID = d.str(v)
			return 0
		case "decision":
			c.Decision = Decision(d.str(v))
			return 1
		case "reason":
			c.Reason = d.str(v)
			return 2
		case "measures":
			d.array(v, MaxMeasures, func(i int, v gjson.Result) {
				c.Measures = append(c.Measures, MeasureReview{})
				m := &c.Measures[len(c.Measures)-1]
				d.object(v, func(k string, v gjson.Result) int {
					switch k {
					case "id":
						m.ID = d.str(v)
						return 0
					case "decision":
						m.Decision = Decision(d.str(v))
						return 1
					case "reason":
						m.Reason = d.str(v)
						return 2
					}
					return -1
				})
			})
			return 3
		}
		return -1
	})
}
