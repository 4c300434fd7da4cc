package scoring

import (
	"errors"
	"math"
	"math/bits"
	"strconv"
	"unicode/utf8"

	"github.com/tidwall/gjson"
	"openvalue/internal/decimal"
)

// ScoreJSON decodes, validates and scores one submission document and returns the result document
// (compact JSON in the field order of the Go types, no trailing newline; the CLI adds one, and the
// golden .out.json files hold exactly what the CLI prints). For an invalid document it returns the error document bytes
// AND a *ValidationError (wrapping ErrInvalidInput), so every runner can send the bytes as they are.
// Any other error is a bug.
func ScoreJSON(doc []byte) ([]byte, error) {
	buf := buffers.Get().(*[]byte)
	b, err := AppendScore((*buf)[:0], string(doc))
	out := append([]byte(nil), b...)
	if cap(b) <= 256<<10 { // a result of huge texts does not pin its buffer
		*buf = b
		buffers.Put(buf)
	}
	return out, err
}

// AppendScore is ScoreJSON for a document held as a string, appending the result or error
// document to dst: a caller that keeps its buffer between calls and has the document as a string
// (the browser engine, which gets it from JavaScript) then copies neither.
func AppendScore(dst []byte, doc string) ([]byte, error) {
	w := workspaces.Get().(*workspace)
	defer w.release()
	return w.appendScore(dst, doc)
}

// appendScore is AppendScore in w, which must be reset before it serves another call.
func (w *workspace) appendScore(dst []byte, doc string) ([]byte, error) {
	in, sh, p := decode(doc, w)
	if !p.has(RootPath) { // a document that is not a JSON object has no fields to check
		validate(&in, sh, &p)
	}
	if err := p.err(); err != nil {
		var ve *ValidationError
		errors.As(err, &ve)
		return AppendErrorDocument(dst, CodeInvalidInput, ve.message(), ve.Problems), err
	}
	res := score(&in, sh, w)
	return appendResult(dst, &res, w.texts.plain), nil
}

// Decode reads a submission document into an Input, checking the JSON itself: size, nesting,
// syntax, field names and types. It does not check values against the rules (Score does), so a
// decoded Input may still be invalid. Errors are *ValidationError.
func Decode(doc []byte) (Input, error) {
	in, sh, p := decode(string(doc), new(workspace))
	sh.answers(&in.Infram)
	return in, p.err()
}

// decode does Decode's work, except that the INFRAM answers go to the sheet, not to in.Infram's
// maps, and returns the problems for validate to add to. The Input's strings are substrings of doc;
// its slices and the sheet are w's.
func decode(doc string, w *workspace) (Input, *sheet, problems) {
	var p problems
	switch {
	case len(doc) > MaxDocumentBytes:
		p.add(RootPath, "the document is larger than the limit of "+strconv.Itoa(MaxDocumentBytes)+" bytes (1 MiB)")
		return Input{}, newSheet(), p
	case !utf8.ValidString(doc):
		p.add(RootPath, "the document is not valid UTF-8")
		return Input{}, newSheet(), p
	}
	var in Input
	d := decoder{doc: doc, p: &p, sheet: w.newSheet(), w: w}
	if cap(w.steps) < MaxDepth+2 { // the walk goes at most 7 steps deep
		w.steps = make([]step, 0, MaxDepth+2)
	}
	d.steps = w.steps[:0]
	d.ws()
	object := d.open('{')
	if object {
		d.root(&in)
	} else {
		d.skip() // it must still be one JSON value
	}
	if d.bad == scanOK && skipSpace(d.doc, d.i) != len(d.doc) {
		d.bad = scanInvalid
	}
	// A document that is not JSON, or nests too deep, has that one problem: what the walk found
	// before it reached the fault is dropped, as if it had never been read.
	var fault string
	switch {
	case d.bad == scanTooDeep:
		fault = "the document nests objects and arrays deeper than " + strconv.Itoa(MaxDepth) + " levels"
	case d.bad == scanInvalid:
		fault = "the document is not valid JSON"
	case !object:
		fault = "the document must be a JSON object"
	default:
		return in, d.sheet, p
	}
	p = problems{}
	p.add(RootPath, fault)
	return Input{}, newSheet(), p
}

// decoder reads a document into an Input in one pass over its bytes, checking the JSON syntax and
// nesting as it goes, and adds a Problem for every wrong type and unknown or repeated field. The
// reading follows the Input's shape, so the Go stack holds at most that depth; a value the Input
// has no place for (an unknown field, a wrong type) is checked and skipped by scanValue, which does
// not recurse. gjson reads the numbers and unescapes the strings with escapes; every other string
// is a substring of the document. (Walking with gjson's ForEach, as this package first did, costs
// twice as much: ForEach scans each nested value once per level to find its end, after a separate
// pass has checked the syntax. That decoder is kept as the tests' reference: refdecode_test.go.)
//
// It keeps the path of the value it is at as a stack of keys and indexes, joined into a string only
// for a problem, and it cuts the Input's slices and the numbers, costs and ratings it points to from
// the workspace's blocks: a pooled workspace's are kept from call to call, so a valid document
// costs no allocation, which matters most under wasm, where the collector runs on the page's one
// thread.
type decoder struct {
	doc   string     // the document: the Input's strings are substrings of it
	i     int        // where the reading is in doc
	depth int        // the objects and arrays open at i
	bad   scanResult // the first fault in the JSON itself; once set, doc reads as ended

	p     *problems
	sheet *sheet // the INFRAM answers
	steps []step // the path of the current value

	w *workspace // where the Input's slices and pointers are cut from
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

// The reading primitives. A value reader starts at the value's first byte and stops just after
// it; the member and element iterators skip the white space around keys and separators.

// fail records the first fault in the JSON and ends the reading: every primitive then sees the end
// of the document, so every loop stops.
func (d *decoder) fail(r scanResult) {
	if d.bad == scanOK {
		d.bad = r
	}
	d.i = len(d.doc)
}

func (d *decoder) ws() { d.i = skipSpace(d.doc, d.i) }

// peek is the byte the reading is at (0 at the end).
func (d *decoder) peek() byte {
	if d.i < len(d.doc) {
		return d.doc[d.i]
	}
	return 0
}

// skip checks and passes over the value at the reading position.
func (d *decoder) skip() {
	end, r := scanValue(d.doc, d.i, MaxDepth-d.depth)
	if r != scanOK {
		d.fail(r)
		return
	}
	d.i = end
}

// open enters the object ('{') or array ('[') at the reading position, or reports false when the
// value is something else.
func (d *decoder) open(c byte) bool {
	if d.peek() != c {
		return false
	}
	if d.depth == MaxDepth {
		d.fail(scanTooDeep)
		return false
	}
	d.depth++
	d.i++
	d.ws()
	return true
}

// firstKey and nextKey iterate over the members of the object just opened: each reads the next
// member's key and the colon, pushes the key on the path (done pops it) and stops at the value;
// at the closing brace they close the object and report false.
func (d *decoder) firstKey() (string, bool) {
	if d.peek() == '}' {
		d.i++
		d.depth--
		return "", false
	}
	return d.key()
}

func (d *decoder) nextKey() (string, bool) {
	d.ws()
	switch d.peek() {
	case '}':
		d.i++
		d.depth--
		return "", false
	case ',':
		d.i++
		d.ws()
		return d.key()
	}
	d.fail(scanInvalid)
	return "", false
}

func (d *decoder) key() (string, bool) {
	if d.peek() != '"' {
		d.fail(scanInvalid)
		return "", false
	}
	// A key is short and plain: look for its closing quote byte by byte first; a backslash or
	// control byte (or a key of 32 bytes or more) goes to the full string reader.
	var k string
	j := d.i + 1
	if j+8 <= len(d.doc) {
		// Eight bytes at a time: most keys end within the first word or two.
		for end := min(j+32, len(d.doc)-8); ; j += 8 {
			if m := special8(load64(d.doc, j)); m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				break
			}
			if j+8 > end {
				j = len(d.doc) // a long key: the full reader below
				break
			}
		}
	} else {
		for ; j < len(d.doc); j++ {
			if c := d.doc[j]; c == '"' || c == '\\' || c < 0x20 {
				break
			}
		}
	}
	if j < len(d.doc) && d.doc[j] == '"' {
		k, d.i = d.doc[d.i+1:j], j+1
	} else {
		var ok bool
		if k, ok = d.string(); !ok {
			return "", false
		}
	}
	d.ws()
	if d.peek() != ':' {
		d.fail(scanInvalid)
		return "", false
	}
	d.i++
	d.ws()
	d.push(k)
	return k, true
}

// done ends a member whose key is the f-th known field of its object (-1: unknown), reporting
// unknown and repeated fields, and pops its key.
func (d *decoder) done(f int, seen *uint64) {
	switch {
	case f < 0:
		d.problem("unknown field")
	case *seen&(1<<uint(f)) != 0:
		d.problem("field given more than once")
	default:
		*seen |= 1 << uint(f)
	}
	d.pop()
}

// firstElem and nextElem iterate over the elements of the array just opened, stopping at each
// element's value; at the closing bracket they close the array and report false.
func (d *decoder) firstElem() bool {
	if d.peek() == ']' {
		d.i++
		d.depth--
		return false
	}
	return true
}

func (d *decoder) nextElem() bool {
	d.ws()
	switch d.peek() {
	case ']':
		d.i++
		d.depth--
		return false
	case ',':
		d.i++
		d.ws()
		return true
	}
	d.fail(scanInvalid)
	return false
}

// object enters the object at the reading position; anything else is a problem, skipped.
func (d *decoder) object() bool {
	if d.open('{') {
		return true
	}
	d.problem("must be an object")
	d.skip()
	return false
}

// array enters the array at the reading position; null is an absent array, anything else a
// problem, skipped.
func (d *decoder) array() bool {
	if d.null() {
		return false
	}
	if d.open('[') {
		return true
	}
	d.problem("must be an array")
	d.skip()
	return false
}

// elements reads the array at the reading position, calling elem for each of its first max
// elements with its index pushed on the path; more elements are a problem (once), skipped.
func (d *decoder) elements(max int, elem func(i int)) {
	if !d.array() {
		return
	}
	n := 0
	for ok := d.firstElem(); ok; ok = d.nextElem() {
		if n == max {
			d.problem("must have at most " + strconv.Itoa(max) + " elements")
		}
		if n >= max {
			d.skip()
			n++
			continue
		}
		d.pushIndex(n)
		elem(n)
		d.pop()
		n++
	}
}

// null passes over a null at the reading position, reporting whether there was one.
func (d *decoder) null() bool {
	if d.peek() == 'n' {
		if j := literal(d.doc, d.i, "null"); j >= 0 {
			d.i = j
			return true
		}
	}
	return false
}

// string reads the string at the reading position.
func (d *decoder) string() (string, bool) {
	start := d.i
	end, esc := str(d.doc, start)
	if end < 0 {
		d.fail(scanInvalid)
		return "", false
	}
	d.i = end
	if esc {
		return gjson.Parse(d.doc[start:end]).Str, true
	}
	return d.doc[start+1 : end-1], true
}

// num reads the number at the reading position as gjson does, reporting false (and reading
// nothing) when the value is not a number.
func (d *decoder) num() (float64, bool) {
	if c := d.peek(); c != '-' && (c < '0' || c > '9') {
		return 0, false
	}
	start := d.i
	end := number(d.doc, start)
	if end < 0 {
		d.fail(scanInvalid)
		return 0, true
	}
	d.i = end
	return numberValue(d.doc[start:end]), true
}

// numberValue is the float64 that strconv.ParseFloat reads from the JSON number s: the usual
// numbers of a submission (stages, counts, measured values such as 12.5) exactly by
// decimal.Parse's shortcut, others (an exponent, more than 15 digits) by gjson.
func numberValue(s string) float64 {
	if v, ok := decimal.Parse(s); ok {
		return v
	}
	return gjson.Parse(s).Num
}

// str returns a string member; null counts as absent.
func (d *decoder) str() string {
	if d.peek() == '"' {
		s, _ := d.string()
		return s
	}
	if d.null() {
		return ""
	}
	d.problem("must be a string")
	d.skip()
	return ""
}

// integer returns an integer member (a JSON number with no fraction, |n| ≤ 1e9); null counts as absent.
func (d *decoder) integer() *int {
	if d.null() {
		return nil
	}
	n, ok := d.num()
	if !ok {
		d.skip()
	} else if n == math.Trunc(n) && math.Abs(n) <= 1e9 {
		p := &cut(&d.w.ints, 1)[0]
		*p = int(n)
		return p
	}
	d.problem("must be an integer")
	return nil
}

// number returns a number member; null counts as absent.
func (d *decoder) number() *float64 {
	if d.null() {
		return nil
	}
	n, ok := d.num()
	switch {
	case !ok:
		d.skip()
		d.problem("must be a number")
	case math.IsInf(n, 0) || math.IsNaN(n):
		d.problem("must be a finite number")
	default:
		p := &cut(&d.w.floats, 1)[0]
		*p = n
		return p
	}
	return nil
}

func (d *decoder) root(in *Input) {
	d.members(func(k string) int {
		switch k {
		case "methodology":
			in.Methodology = d.str()
			return 0
		case "organization":
			d.organization(&in.Organization)
			return 1
		case "maturity":
			d.maturity(&in.Maturity)
			return 2
		case "infram":
			d.infram()
			return 3
		case "caseStudies":
			d.elements(MaxCaseStudies, func(int) {
				if in.CaseStudies == nil {
					if cap(d.w.cases) == 0 {
						d.w.cases = make([]CaseStudy, 0, 8)
					}
					in.CaseStudies = d.w.cases[:0]
				}
				in.CaseStudies = append(in.CaseStudies, CaseStudy{})
				d.w.cases = in.CaseStudies // release clears it; the next call starts with this block
				d.caseStudy(&in.CaseStudies[len(in.CaseStudies)-1])
			})
			return 4
		case "review":
			if !d.null() {
				in.Review = &Review{}
				d.review(in.Review)
			}
			return 5
		}
		return -1
	})
}

// members reads the members of the object just opened: field decodes the value of member k and
// returns its index among the object's known fields (< 64), or -1 for a name it does not know,
// whose value members then skips; unknown and repeated names are problems (done). (Written out as
// one loop per object type instead, decoding took the same time natively and 1.5 % less in
// WebAssembly.)
func (d *decoder) members(field func(k string) int) {
	var seen uint64
	for k, ok := d.firstKey(); ok; k, ok = d.nextKey() {
		f := field(k)
		if f < 0 {
			d.skip()
		}
		d.done(f, &seen)
	}
}

func (d *decoder) organization(o *Organization) {
	if d.null() || !d.object() {
		return
	}
	d.members(func(k string) int {
		switch k {
		case "name":
			o.Name = d.str()
			return 0
		case "ccn":
			o.CCN = d.str()
			return 1
		case "type":
			o.Type = d.str()
			return 2
		case "beds":
			o.Beds = d.integer()
			return 3
		}
		return -1
	})
}

func (d *decoder) maturity(m *Maturity) {
	if d.null() || !d.object() {
		return
	}
	d.members(func(k string) int {
		switch k {
		case "emram":
			m.EMRAM = d.integer()
			return 0
		case "oemram":
			m.OEMRAM = d.integer()
			return 1
		case "infram":
			m.INFRAM = d.integer()
			return 2
		}
		return -1
	})
}

func (d *decoder) infram() {
	if d.null() || !d.object() {
		return
	}
	var seen uint64
	for k, ok := d.firstKey(); ok; k, ok = d.nextKey() {
		f := domainIndex(k)
		if f >= 0 {
			d.answers(f)
		} else {
			d.skip()
		}
		d.done(f, &seen)
	}
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
func (d *decoder) answers(di int) {
	d.sheet.clear(di)
	if d.null() || !d.object() {
		return
	}
	d.sheet.given[di] = true
	guess := theCatalog.first[di][0] // the criterion the next member is likely about
	for first := true; ; first = false {
		if d.plainAnswer(di, first, &guess) {
			continue
		}
		var k string
		var ok bool
		if first {
			k, ok = d.firstKey()
		} else {
			k, ok = d.nextKey()
		}
		if !ok {
			return
		}
		var a Answer
		isStr := d.peek() == '"'
		if isStr {
			s, _ := d.string()
			a = Answer(s)
		} else {
			d.skip()
		}
		switch {
		case !d.sheet.set(di, k, a, isStr):
			d.problem("field given more than once")
		case !isStr:
			d.problem(`must be a string: one of "yes","partial","no","na"`)
		}
		d.pop()
	}
}

// plainAnswer reads the usual member of a domain's answers, `"s1_q1": "yes"`: a criterion of the
// domain answered once with one of the four answers, preceded by its comma unless first. That is
// most of a questionnaire, and the general reading (nextKey, string, set, the path) took three
// times as long. Anything else reports false, having read nothing. A questionnaire is usually
// written in catalog order, so the member's id is first compared with *guess's, the criterion
// after the last one read, before it is parsed.
func (d *decoder) plainAnswer(di int, first bool, guess *int) bool {
	i, doc := d.i, d.doc
	if !first {
		if i = skipSpace(doc, i); i >= len(doc) || doc[i] != ',' {
			return false
		}
		i = skipSpace(doc, i+1)
	}
	if i >= len(doc) || doc[i] != '"' {
		return false
	}
	// The id: the guessed criterion's, else whatever the key holds (parsed by index).
	k := i + 1
	c, j := *guess, -1
	if crit := theCatalog.criteria; c < len(crit) && crit[c].domain == di && k+8 <= len(doc) {
		if idWords[c].is(load64(doc, k)) {
			j = k + len(crit[c].id)
		}
	}
	if j < 0 {
		for j = k; j < min(k+16, len(doc)) && doc[j] != '"'; j++ {
			if doc[j] == '\\' {
				return false
			}
		}
		if j >= len(doc) || doc[j] != '"' {
			return false
		}
		if c = theCatalog.index(di, doc[k:j]); c < 0 {
			return false
		}
	}
	if j = skipSpace(doc, j+1); j >= len(doc) || doc[j] != ':' {
		return false
	}
	if j = skipSpace(doc, j+1); j >= len(doc) || doc[j] != '"' {
		return false
	}
	// The answer, with its closing quote.
	var m mark
	e := j + 1
	if e+8 > len(doc) {
		return false
	}
	switch x := load64(doc, e); {
	case wordYes.is(x):
		m, e = markYes, e+3
	case wordNo.is(x):
		m, e = markNo, e+2
	case wordPartial.is(x):
		m, e = markPartial, e+7
	case wordNA.is(x):
		m, e = markNA, e+2
	default:
		return false
	}
	if d.sheet.marks[c] != unanswered {
		return false
	}
	d.sheet.marks[c] = m
	d.i = e + 1
	*guess = c + 1
	return true
}

// word is a string of at most eight bytes as a little-endian word, with the mask of its bytes
// (zero for a longer string, which no word matches), for plainAnswer's one-load comparisons.
type word struct{ w, mask uint64 }

func wordOf(s string) word {
	if len(s) == 0 || len(s) > 8 {
		return word{}
	}
	var w uint64
	for i := range len(s) {
		w |= uint64(s[i]) << (8 * i)
	}
	return word{w, ^uint64(0) >> (64 - 8*len(s))}
}

// is reports whether the eight bytes x start with the word.
func (p word) is(x uint64) bool { return p.mask != 0 && x&p.mask == p.w }

var (
	// The four answers with their closing quote.
	wordYes, wordNo, wordPartial, wordNA = wordOf(`yes"`), wordOf(`no"`), wordOf(`partial"`), wordOf(`na"`)
	// idWords holds each criterion's id with its closing quote.
	idWords = func() []word {
		ws := make([]word, len(theCatalog.criteria))
		for i, c := range theCatalog.criteria {
			ws[i] = wordOf(c.id + `"`)
		}
		return ws
	}()
)

func (d *decoder) caseStudy(c *CaseStudy) {
	if !d.object() {
		return
	}
	d.members(func(k string) int {
		switch k {
		case "id":
			c.ID = d.str()
			return 0
		case "title":
			c.Title = d.str()
			return 1
		case "pillar":
			c.Pillar = Pillar(d.str())
			return 2
		case "problem":
			c.Problem = d.str()
			return 3
		case "intervention":
			c.Intervention = d.str()
			return 4
		case "governance":
			c.Governance = d.str()
			return 5
		case "measures":
			d.measureList(c)
			return 6
		case "cost":
			if !d.null() {
				c.Cost = &cut(&d.w.costs, 1)[0]
				d.cost(c.Cost)
			}
			return 7
		case "outcomes":
			c.Outcomes = d.str()
			return 8
		case "lessons":
			c.Lessons = d.str()
			return 9
		case "perceived":
			if !d.null() {
				c.Perceived = &cut(&d.w.perceived, 1)[0]
				d.perceivedImpact(c.Perceived)
			}
			return 10
		}
		return -1
	})
}

// measureList decodes a case study's measures. They go to one block shared by every case study
// (each case study's slice ends where its measures end, so no append can reach the next one's).
func (d *decoder) measureList(c *CaseStudy) {
	// "measures" given twice: the second array's measures add to the first's, in their own slice.
	shared := c.Measures == nil
	block := &d.w.measures
	start := len(*block)
	d.elements(MaxMeasures, func(int) {
		if !shared {
			c.Measures = append(c.Measures, Measure{})
			d.measure(&c.Measures[len(c.Measures)-1])
			return
		}
		if len(*block) == cap(*block) {
			// A new block; this case study's measures so far move along, earlier case studies
			// keep theirs in the old block.
			*block = append(make([]Measure, 0, max(16, 2*cap(*block))), (*block)[start:]...)
			start = 0
		}
		*block = append(*block, Measure{})
		d.measure(&(*block)[len(*block)-1])
	})
	if n := len(*block); shared && n > start {
		c.Measures = (*block)[start:n:n]
	}
}

func (d *decoder) measure(m *Measure) {
	if !d.object() {
		return
	}
	d.members(func(k string) int {
		switch k {
		case "id":
			m.ID = d.str()
			return 0
		case "name":
			m.Name = d.str()
			return 1
		case "kind":
			m.Kind = MeasureKind(d.str())
			return 2
		case "direction":
			m.Direction = Direction(d.str())
			return 3
		case "baseline":
			m.Baseline = d.number()
			return 4
		case "post":
			m.Post = d.number()
			return 5
		case "unit":
			m.Unit = d.str()
			return 6
		case "period":
			m.Period = d.str()
			return 7
		}
		return -1
	})
}

func (d *decoder) cost(c *Cost) {
	if !d.object() {
		return
	}
	hasAmount := false
	d.members(func(k string) int {
		switch k {
		case "amount":
			if a := d.number(); a != nil {
				c.Amount, hasAmount = *a, true
			}
			return 0
		case "currency":
			c.Currency = d.str()
			return 1
		}
		return -1
	})
	if !hasAmount {
		d.push("amount")
		d.problem("is required")
		d.pop()
	}
}

func (d *decoder) perceivedImpact(pr *Perceived) {
	if !d.object() {
		return
	}
	set := func(dst *int) {
		if n := d.integer(); n != nil {
			*dst = *n
		} else if !d.p.has(d.path()) {
			d.problem("must be an integer 0–5")
		}
	}
	d.members(func(k string) int {
		switch k {
		case "dataCapture":
			set(&pr.DataCapture)
			return 0
		case "processes":
			set(&pr.Processes)
			return 1
		case "outcomes":
			set(&pr.Outcomes)
			return 2
		}
		return -1
	})
}

func (d *decoder) review(r *Review) {
	if !d.object() {
		return
	}
	d.members(func(k string) int {
		switch k {
		case "reviewer":
			r.Reviewer = d.str()
			return 0
		case "notes":
			r.Notes = d.str()
			return 1
		case "caseStudies":
			d.elements(MaxCaseStudies, func(int) {
				r.CaseStudies = append(r.CaseStudies, CaseStudyReview{})
				d.caseStudyReview(&r.CaseStudies[len(r.CaseStudies)-1])
			})
			return 2
		}
		return -1
	})
}

func (d *decoder) caseStudyReview(c *CaseStudyReview) {
	if !d.object() {
		return
	}
	d.members(func(k string) int {
		if k == "measures" {
			d.elements(MaxMeasures, func(int) {
				c.Measures = append(c.Measures, MeasureReview{})
				d.measureReview(&c.Measures[len(c.Measures)-1])
			})
			return 3
		}
		return d.decision(k, &c.ID, &c.Decision, &c.Reason)
	})
}

func (d *decoder) measureReview(m *MeasureReview) {
	if !d.object() {
		return
	}
	d.members(func(k string) int { return d.decision(k, &m.ID, &m.Decision, &m.Reason) })
}

// decision decodes member k of a case study's or a measure's decision if it is one of the members
// both have (id, decision, reason: field indexes 0–2), as members' field does.
func (d *decoder) decision(k string, id *string, dec *Decision, reason *string) int {
	switch k {
	case "id":
		*id = d.str()
		return 0
	case "decision":
		*dec = Decision(d.str())
		return 1
	case "reason":
		*reason = d.str()
		return 2
	}
	return -1
}
