package scoring

import (
	"errors"
	"math"
	"strconv"
	"sync"
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
	d := decoder{p: &p, sheet: sh}
	tb := tokenBuffers.Get().(*[]token)
	defer tokenBuffers.Put(tb)
	toks, res := scan(doc, (*tb)[:0])
	*tb = toks[:0]
	switch res {
	case scanTooDeep:
		p.add(RootPath, "the document nests objects and arrays deeper than "+strconv.Itoa(MaxDepth)+" levels")
		return in, sh, p
	case scanInvalid:
		p.add(RootPath, "the document is not valid JSON")
		return in, sh, p
	}
	d.doc, d.toks = string(doc), toks
	root := d.value(0)
	if !root.IsObject() {
		p.add(RootPath, "the document must be a JSON object")
		return in, sh, p
	}
	d.root(root, &in)
	return in, sh, p
}

// decoder walks a parsed document into an Input, adding a Problem for every wrong type and unknown
// or repeated field.
//
// It keeps the path of the value it is at as a stack of keys and indexes, joined into a string only
// for a problem, and it takes the numbers, costs, ratings and measures that Input points to from
// blocks it allocates a few at a time: a valid document then costs a handful of allocations, which
// matters most under wasm, where the collector runs on the page's one thread.
type decoder struct {
	// doc is the document (one copy: every string of the Input is a substring of it), toks its
	// values and keys from scan.
	doc  string
	toks []token

	p     *problems
	sheet *sheet             // the INFRAM answers
	steps []step             // the path of the current value
	stack [MaxDepth + 2]step // steps' first backing array (the walk goes at most 7 steps deep)

	ints      []int
	floats    []float64
	costs     []Cost
	perceived []Perceived
	measures  []Measure
}

// step is one step of a path: a member key, or an element index when elem.
type step struct {
	key   string
	index int
	elem  bool
}

func (d *decoder) push(key string) { d.steps = append(d.steps, step{key: key}) }
func (d *decoder) pushIndex(i int) { d.steps = append(d.steps, step{index: i, elem: true}) }
func (d *decoder) pop()            { d.steps = d.steps[:len(d.steps)-1] }

// path is the current value's path ("caseStudies.0.measures.1.post"; "" at the root).
func (d *decoder) path() string {
	var b []byte
	for i, s := range d.steps {
		if i > 0 {
			b = append(b, '.')
		}
		if s.elem {
			b = strconv.AppendInt(b, int64(s.index), 10)
		} else {
			b = append(b, s.key...)
		}
	}
	return string(b)
}

// problem reports a problem with the current value.
func (d *decoder) problem(reason string) { d.p.add(d.path(), reason) }

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// each calls f with the key ("" in an array) and value of each member or element of the object or
// array v until f returns false. It walks scan's tokens, which say where every key and value ends,
// so no value is scanned again to find its end (gjson's ForEach scans each nested value once per
// level); gjson reads the numbers and unescapes the strings that have escapes, plain strings are
// substrings of the document.
func (d *decoder) each(v value, f func(key string, val value) bool) {
	end := int(d.toks[v.k].next)
	for k := v.k + 1; k < end; k = int(d.toks[k].next) {
		var key string
		if v.obj {
			key = d.string(k)
			k++
		}
		if !f(key, d.value(k)) {
			break
		}
	}
}

// A value is a value of the document: its token and JSON type, and for gjson.JSON whether it is
// an object (or an array).
type value struct {
	k   int
	typ gjson.Type
	obj bool
}

func (v value) IsObject() bool { return v.typ == gjson.JSON && v.obj }
func (v value) IsArray() bool  { return v.typ == gjson.JSON && !v.obj }

// value returns the value of token k.
func (d *decoder) value(k int) value {
	switch d.doc[d.toks[k].start] {
	case '{':
		return value{k, gjson.JSON, true}
	case '[':
		return value{k, gjson.JSON, false}
	case '"':
		return value{k: k, typ: gjson.String}
	case 't':
		return value{k: k, typ: gjson.True}
	case 'f':
		return value{k: k, typ: gjson.False}
	case 'n':
		return value{k: k, typ: gjson.Null}
	}
	return value{k: k, typ: gjson.Number}
}

// string returns the string of token k: a substring of the document, or gjson's unescaping of it.
func (d *decoder) string(k int) string {
	raw, esc := d.toks[k].text(d.doc)
	if esc {
		return gjson.Parse(raw).Str
	}
	return raw[1 : len(raw)-1]
}

// num returns the number of token k as gjson reads it.
func (d *decoder) num(k int) float64 {
	raw, _ := d.toks[k].text(d.doc)
	return gjson.Parse(raw).Num
}

// tokenBuffers keeps scan's token slices between calls: a full submission has about 900 tokens.
var tokenBuffers = sync.Pool{New: func() any { return new([]token) }}

// object calls field for each member of the object v, with the member's key pushed on the path;
// field returns the member's index among the object's known fields (< 64), or -1 when the name is
// unknown. Repeated names are problems.
func (d *decoder) object(v value, field func(key string, v value) int) bool {
	if !v.IsObject() {
		d.problem("must be an object")
		return false
	}
	var seen uint64
	d.each(v, func(k string, val value) bool {
		d.push(k)
		i := field(k, val)
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
func (d *decoder) array(v value, max int, elem func(i int, v value)) {
	if v.typ == gjson.Null {
		return
	}
	if !v.IsArray() {
		d.problem("must be an array")
		return
	}
	i := 0
	d.each(v, func(_ string, val value) bool {
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
func (d *decoder) str(v value) string {
	switch v.typ {
	case gjson.String:
		return d.string(v.k)
	case gjson.Null:
		return ""
	}
	d.problem("must be a string")
	return ""
}

// integer returns an integer member (a JSON number with no fraction, |n| ≤ 1e9); null counts as absent.
func (d *decoder) integer(v value) *int {
	switch v.typ {
	case gjson.Null:
		return nil
	case gjson.Number:
		if n := d.num(v.k); n == math.Trunc(n) && math.Abs(n) <= 1e9 {
			if len(d.ints) == cap(d.ints) {
				d.ints = make([]int, 0, 32)
			}
			d.ints = append(d.ints, int(n))
			return &d.ints[len(d.ints)-1]
		}
	}
	d.problem("must be an integer")
	return nil
}

// number returns a number member; null counts as absent.
func (d *decoder) number(v value) *float64 {
	switch v.typ {
	case gjson.Null:
		return nil
	case gjson.Number:
		if n := d.num(v.k); !math.IsInf(n, 0) && !math.IsNaN(n) {
			if len(d.floats) == cap(d.floats) {
				d.floats = make([]float64, 0, 32)
			}
			d.floats = append(d.floats, n)
			return &d.floats[len(d.floats)-1]
		}
		d.problem("must be a finite number")
		return nil
	}
	d.problem("must be a number")
	return nil
}

func (d *decoder) root(v value, in *Input) {
	d.steps = d.stack[:0]
	d.object(v, func(k string, v value) int {
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
			d.array(v, MaxCaseStudies, func(i int, v value) {
				if in.CaseStudies == nil {
					in.CaseStudies = make([]CaseStudy, 0, 8)
				}
				in.CaseStudies = append(in.CaseStudies, CaseStudy{})
				d.caseStudy(v, &in.CaseStudies[len(in.CaseStudies)-1])
			})
			return 4
		case "review":
			if v.typ != gjson.Null {
				in.Review = &Review{}
				d.review(v, in.Review)
			}
			return 5
		}
		return -1
	})
}

func (d *decoder) organization(v value, o *Organization) {
	if v.typ == gjson.Null {
		return
	}
	d.object(v, func(k string, v value) int {
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

func (d *decoder) maturity(v value, m *Maturity) {
	if v.typ == gjson.Null {
		return
	}
	d.object(v, func(k string, v value) int {
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

func (d *decoder) infram(v value) {
	if v.typ == gjson.Null {
		return
	}
	d.object(v, func(k string, v value) int {
		i := domainIndex(k)
		if i >= 0 {
			d.answers(v, i)
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
func (d *decoder) answers(v value, di int) {
	d.sheet.clear(di)
	if v.typ == gjson.Null {
		return
	}
	if !v.IsObject() {
		d.problem("must be an object")
		return
	}
	d.sheet.given[di] = true
	d.each(v, func(k string, val value) bool {
		isStr := val.typ == gjson.String
		var a Answer
		if isStr {
			a = Answer(d.string(val.k))
		}
		switch {
		case !d.sheet.set(di, k, a, isStr):
			d.push(k)
			d.problem("field given more than once")
			d.pop()
		case !isStr:
			d.push(k)
			d.problem(`must be a string: one of "yes","partial","no","na"`)
			d.pop()
		}
		return true
	})
}

func (d *decoder) caseStudy(v value, c *CaseStudy) {
	d.object(v, func(k string, v value) int {
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
			if v.typ != gjson.Null {
				if len(d.costs) == cap(d.costs) {
					d.costs = make([]Cost, 0, 8)
				}
				d.costs = append(d.costs, Cost{})
				c.Cost = &d.costs[len(d.costs)-1]
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
			if v.typ != gjson.Null {
				if len(d.perceived) == cap(d.perceived) {
					d.perceived = make([]Perceived, 0, 8)
				}
				d.perceived = append(d.perceived, Perceived{})
				c.Perceived = &d.perceived[len(d.perceived)-1]
				d.perceivedImpact(v, c.Perceived)
			}
			return 10
		}
		return -1
	})
}

// measureList decodes a case study's measures. They go to one block shared by every case study
// (each case study's slice ends where its measures end, so no append can reach the next one's).
func (d *decoder) measureList(v value, c *CaseStudy) {
	// "measures" given twice: the second array's measures add to the first's, in their own slice.
	shared := c.Measures == nil
	start := len(d.measures)
	d.array(v, MaxMeasures, func(i int, v value) {
		if !shared {
			c.Measures = append(c.Measures, Measure{})
			d.measure(v, &c.Measures[len(c.Measures)-1])
			return
		}
		if len(d.measures) == cap(d.measures) {
			// A new block; this case study's measures so far move along, earlier case studies
			// keep theirs in the old block.
			d.measures = append(make([]Measure, 0, max(16, 2*(len(d.measures)-start))), d.measures[start:]...)
			start = 0
		}
		d.measures = append(d.measures, Measure{})
		d.measure(v, &d.measures[len(d.measures)-1])
	})
	if n := len(d.measures); shared && n > start {
		c.Measures = d.measures[start:n:n]
	}
}

func (d *decoder) measure(v value, m *Measure) {
	d.object(v, func(k string, v value) int {
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

func (d *decoder) cost(v value, c *Cost) {
	hasAmount := false
	ok := d.object(v, func(k string, v value) int {
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

func (d *decoder) perceivedImpact(v value, pr *Perceived) {
	set := func(dst *int, v value) {
		if n := d.integer(v); n != nil {
			*dst = *n
		} else if !d.p.has(d.path()) {
			d.problem("must be an integer 0–5")
		}
	}
	d.object(v, func(k string, v value) int {
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

func (d *decoder) review(v value, r *Review) {
	d.object(v, func(k string, v value) int {
		switch k {
		case "reviewer":
			r.Reviewer = d.str(v)
			return 0
		case "notes":
			r.Notes = d.str(v)
			return 1
		case "caseStudies":
			d.array(v, MaxCaseStudies, func(i int, v value) {
				r.CaseStudies = append(r.CaseStudies, CaseStudyReview{})
				d.caseStudyReview(v, &r.CaseStudies[len(r.CaseStudies)-1])
			})
			return 2
		}
		return -1
	})
}

func (d *decoder) caseStudyReview(v value, c *CaseStudyReview) {
	d.object(v, func(k string, v value) int {
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
			d.array(v, MaxMeasures, func(i int, v value) {
				c.Measures = append(c.Measures, MeasureReview{})
				m := &c.Measures[len(c.Measures)-1]
				d.object(v, func(k string, v value) int {
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
