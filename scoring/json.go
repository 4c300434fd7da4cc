package scoring

import (
	"errors"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// ScoreJSON decodes, validates and scores one submission document and returns the result document
// (compact JSON in the field order of the Go types, no trailing newline; the CLI adds one, and the
// golden .out.json files hold exactly what the CLI prints). For an invalid document it returns the error document bytes
// AND a *ValidationError (wrapping ErrInvalidInput), so every runner can send the bytes as they are.
// Any other error is a bug.
func ScoreJSON(doc []byte) ([]byte, error) {
	in, sh, p := decode(doc)
	if !p.has(RootPath) { // a document that is not a JSON object has no fields to check
		validate(&in, sh, &p)
	}
	if err := p.err(); err != nil {
		var ve *ValidationError
		errors.As(err, &ve)
		return ve.JSON(), err
	}
	res := score(&in, sh)
	return encodeResult(&res), nil
}

// Decode reads a submission document into an Input, checking the JSON itself: size, nesting,
// syntax, field names and types. It does not check values against the rules (Score does), so a
// decoded Input may still be invalid. Errors are *ValidationError.
func Decode(doc []byte) (Input, error) {
	in, sh, p := decode(doc)
	sh.answers(&in.Infram)
	return in, p.err()
}

// decode does Decode's work, except that the INFRAM answers go to the sheet, not to in.Infram's
// maps, and returns the problems for validate to add to.
func decode(doc []byte) (Input, *sheet, problems) {
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
	d := decoder{p: &p, sheet: sh}
	d.root(root, &in)
	return in, sh, p
}

// decoder walks a parsed document into an Input, adding a Problem for every wrong type and unknown
// or repeated field.
type decoder struct {
	p     *problems
	sheet *sheet // the INFRAM answers
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return path + "." + strconv.Itoa(i) }

// object calls field for each member of the object v; field returns the member's index among the
// object's known fields (< 64), or -1 when the name is unknown. Repeated names are problems.
//
// The member's path is passed as a lazyPath, joined into a string only when it is needed (a
// problem, or a nested object), so a valid document costs no string building.
func (d *decoder) object(v gjson.Result, path string, field func(key string, v gjson.Result, path lazyPath) int) bool {
	if !v.IsObject() {
		d.p.add(path, "must be an object")
		return false
	}
	var seen uint64
	v.ForEach(func(k, val gjson.Result) bool {
		lp := lazyPath{path, k.Str}
		i := field(k.Str, val, lp)
		switch {
		case i < 0:
			d.p.add(lp.String(), "unknown field")
		case seen&(1<<uint(i)) != 0:
			d.p.add(lp.String(), "field given more than once")
		default:
			seen |= 1 << uint(i)
		}
		return true
	})
	return true
}

// lazyPath is the path of an object member: the object's path and the member's key.
type lazyPath struct{ parent, key string }

func (l lazyPath) String() string { return join(l.parent, l.key) }

// array calls elem for each element of the array v, refusing more than max elements.
func (d *decoder) array(v gjson.Result, path string, max int, elem func(i int, v gjson.Result, path string)) {
	if v.Type == gjson.Null {
		return
	}
	if !v.IsArray() {
		d.p.add(path, "must be an array")
		return
	}
	i := 0
	v.ForEach(func(_, val gjson.Result) bool {
		if i == max {
			d.p.add(path, "must have at most "+strconv.Itoa(max)+" elements")
			return false
		}
		elem(i, val, index(path, i))
		i++
		return true
	})
}

// str returns a string member; null counts as absent.
func (d *decoder) str(v gjson.Result, path lazyPath) string {
	switch v.Type {
	case gjson.String:
		return v.Str
	case gjson.Null:
		return ""
	}
	d.p.add(path.String(), "must be a string")
	return ""
}

// integer returns an integer member (a JSON number with no fraction, |n| ≤ 1e9); null counts as absent.
func (d *decoder) integer(v gjson.Result, path lazyPath) *int {
	switch v.Type {
	case gjson.Null:
		return nil
	case gjson.Number:
		if v.Num == math.Trunc(v.Num) && math.Abs(v.Num) <= 1e9 {
			n := int(v.Num)
			return &n
		}
	}
	d.p.add(path.String(), "must be an integer")
	return nil
}

// number returns a number member; null counts as absent.
func (d *decoder) number(v gjson.Result, path lazyPath) *float64 {
	switch v.Type {
	case gjson.Null:
		return nil
	case gjson.Number:
		if !math.IsInf(v.Num, 0) && !math.IsNaN(v.Num) {
			f := v.Num
			return &f
		}
		d.p.add(path.String(), "must be a finite number")
		return nil
	}
	d.p.add(path.String(), "must be a number")
	return nil
}

func (d *decoder) root(v gjson.Result, in *Input) {
	d.object(v, "", func(k string, v gjson.Result, path lazyPath) int {
		switch k {
		case "methodology":
			in.Methodology = d.str(v, path)
			return 0
		case "organization":
			d.organization(v, path.String(), &in.Organization)
			return 1
		case "maturity":
			d.maturity(v, path.String(), &in.Maturity)
			return 2
		case "infram":
			d.infram(v, path.String(), &in.Infram)
			return 3
		case "caseStudies":
			d.array(v, path.String(), MaxCaseStudies, func(i int, v gjson.Result, path string) {
				in.CaseStudies = append(in.CaseStudies, CaseStudy{})
				d.caseStudy(v, path, &in.CaseStudies[len(in.CaseStudies)-1])
			})
			return 4
		case "review":
			if v.Type != gjson.Null {
				in.Review = &Review{}
				d.review(v, path.String(), in.Review)
			}
			return 5
		}
		return -1
	})
}

func (d *decoder) organization(v gjson.Result, path string, o *Organization) {
	if v.Type == gjson.Null {
		return
	}
	d.object(v, path, func(k string, v gjson.Result, path lazyPath) int {
		switch k {
		case "name":
			o.Name = d.str(v, path)
			return 0
		case "ccn":
			o.CCN = d.str(v, path)
			return 1
		case "type":
			o.Type = d.str(v, path)
			return 2
		case "beds":
			o.Beds = d.integer(v, path)
			return 3
		}
		return -1
	})
}

func (d *decoder) maturity(v gjson.Result, path string, m *Maturity) {
	if v.Type == gjson.Null {
		return
	}
	d.object(v, path, func(k string, v gjson.Result, path lazyPath) int {
		switch k {
		case "emram":
			m.EMRAM = d.integer(v, path)
			return 0
		case "oemram":
			m.OEMRAM = d.integer(v, path)
			return 1
		case "infram":
			m.INFRAM = d.integer(v, path)
			return 2
		}
		return -1
	})
}

func (d *decoder) infram(v gjson.Result, path string, a *InframAnswers) {
	if v.Type == gjson.Null {
		return
	}
	d.object(v, path, func(k string, v gjson.Result, path lazyPath) int {
		i := domainIndex(k)
		if i >= 0 {
			d.answers(v, path.String(), i)
		}
		return i
	})
}

// domainIndex is the index of a domain key in the catalog, or -1.
func domainIndex(key string) int {
	for i, k := range theCatalog.domains {
		if k == key {
			return i
		}
	}
	return -1
}

// domain returns the answers of the domain with catalog index i.
func (a *InframAnswers) domain(i int) *map[string]Answer {
	switch theCatalog.domains[i] {
	case "security":
		return &a.Security
	case "dataCenter":
		return &a.DataCenter
	case "mobility":
		return &a.Mobility
	case "transport":
		return &a.Transport
	default:
		return &a.Collaboration
	}
}

// answers decodes the answers of domain di into the sheet. Criterion ids are checked by
// validate, which also serves Go callers of Score.
func (d *decoder) answers(v gjson.Result, path string, di int) {
	d.sheet.clear(di)
	if v.Type == gjson.Null {
		return
	}
	if !v.IsObject() {
		d.p.add(path, "must be an object")
		return
	}
	d.sheet.given[di] = true
	v.ForEach(func(k, val gjson.Result) bool {
		isStr := val.Type == gjson.String
		var a Answer
		if isStr {
			a = Answer(val.Str)
		}
		if !d.sheet.set(di, k.Str, a, isStr) {
			d.p.add(join(path, k.Str), "field given more than once")
		} else if !isStr {
			d.p.add(join(path, k.Str), `must be a string: one of "yes","partial","no","na"`)
		}
		return true
	})
}

func (d *decoder) caseStudy(v gjson.Result, path string, c *CaseStudy) {
	d.object(v, path, func(k string, v gjson.Result, path lazyPath) int {
		switch k {
		case "id":
			c.ID = d.str(v, path)
			return 0
		case "title":
			c.Title = d.str(v, path)
			return 1
		case "pillar":
			c.Pillar = Pillar(d.str(v, path))
			return 2
		case "problem":
			c.Problem = d.str(v, path)
			return 3
		case "intervention":
			c.Intervention = d.str(v, path)
			return 4
		case "governance":
			c.Governance = d.str(v, path)
			return 5
		case "measures":
			d.array(v, path.String(), MaxMeasures, func(i int, v gjson.Result, path string) {
				c.Measures = append(c.Measures, Measure{})
				d.measure(v, path, &c.Measures[len(c.Measures)-1])
			})
			return 6
		case "cost":
			if v.Type != gjson.Null {
				c.Cost = &Cost{}
				d.cost(v, path.String(), c.Cost)
			}
			return 7
		case "outcomes":
			c.Outcomes = d.str(v, path)
			return 8
		case "lessons":
			c.Lessons = d.str(v, path)
			return 9
		case "perceived":
			if v.Type != gjson.Null {
				c.Perceived = &Perceived{}
				d.perceived(v, path.String(), c.Perceived)
			}
			return 10
		}
		return -1
	})
}

func (d *decoder) measure(v gjson.Result, path string, m *Measure) {
	d.object(v, path, func(k string, v gjson.Result, path lazyPath) int {
		switch k {
		case "id":
			m.ID = d.str(v, path)
			return 0
		case "name":
			m.Name = d.str(v, path)
			return 1
		case "kind":
			m.Kind = MeasureKind(d.str(v, path))
			return 2
		case "direction":
			m.Direction = Direction(d.str(v, path))
			return 3
		case "baseline":
			m.Baseline = d.number(v, path)
			return 4
		case "post":
			m.Post = d.number(v, path)
			return 5
		case "unit":
			m.Unit = d.str(v, path)
			return 6
		case "period":
			m.Period = d.str(v, path)
			return 7
		}
		return -1
	})
}

func (d *decoder) cost(v gjson.Result, path string, c *Cost) {
	hasAmount := false
	ok := d.object(v, path, func(k string, v gjson.Result, path lazyPath) int {
		switch k {
		case "amount":
			if f := d.number(v, path); f != nil {
				c.Amount, hasAmount = *f, true
			}
			return 0
		case "currency":
			c.Currency = d.str(v, path)
			return 1
		}
		return -1
	})
	if ok && !hasAmount {
		d.p.add(join(path, "amount"), "is required")
	}
}

func (d *decoder) perceived(v gjson.Result, path string, pr *Perceived) {
	set := func(dst *int, v gjson.Result, path lazyPath) {
		if n := d.integer(v, path); n != nil {
			*dst = *n
		} else if !d.p.has(path.String()) {
			d.p.add(path.String(), "must be an integer 0–5")
		}
	}
	d.object(v, path, func(k string, v gjson.Result, path lazyPath) int {
		switch k {
		case "dataCapture":
			set(&pr.DataCapture, v, path)
			return 0
		case "processes":
			set(&pr.Processes, v, path)
			return 1
		case "outcomes":
			set(&pr.Outcomes, v, path)
			return 2
		}
		return -1
	})
}

func (d *decoder) review(v gjson.Result, path string, r *Review) {
	d.object(v, path, func(k string, v gjson.Result, path lazyPath) int {
		switch k {
		case "reviewer":
			r.Reviewer = d.str(v, path)
			return 0
		case "notes":
			r.Notes = d.str(v, path)
			return 1
		case "caseStudies":
			d.array(v, path.String(), MaxCaseStudies, func(i int, v gjson.Result, path string) {
				r.CaseStudies = append(r.CaseStudies, CaseStudyReview{})
				d.caseStudyReview(v, path, &r.CaseStudies[len(r.CaseStudies)-1])
			})
			return 2
		}
		return -1
	})
}

func (d *decoder) caseStudyReview(v gjson.Result, path string, c *CaseStudyReview) {
	d.object(v, path, func(k string, v gjson.Result, path lazyPath) int {
		switch k {
		case "id":
			c.ID = d.str(v, path)
			return 0
		case "decision":
			c.Decision = Decision(d.str(v, path))
			return 1
		case "reason":
			c.Reason = d.str(v, path)
			return 2
		case "measures":
			d.array(v, path.String(), MaxMeasures, func(i int, v gjson.Result, path string) {
				c.Measures = append(c.Measures, MeasureReview{})
				m := &c.Measures[len(c.Measures)-1]
				d.object(v, path, func(k string, v gjson.Result, path lazyPath) int {
					switch k {
					case "id":
						m.ID = d.str(v, path)
						return 0
					case "decision":
						m.Decision = Decision(d.str(v, path))
						return 1
					case "reason":
						m.Reason = d.str(v, path)
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
