package scoring

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// validate checks an Input against the rules of the submission document (docs/methodology.md,
// "The submission document"), adding one Problem per bad field to p.
func validate(in *Input, sh *sheet, p *problems) {
	if in.Methodology != "" && in.Methodology != Methodology {
		p.add("methodology", `must be "`+Methodology+`" (the methodology this engine implements) or absent`)
	}
	validateOrganization(&in.Organization, p)
	stage := func(v *int, path string) {
		if v != nil && (*v < 0 || *v > numStages) {
			p.add(path, "must be a stage from 0 to 7")
		}
	}
	stage(in.Maturity.EMRAM, "maturity.emram")
	stage(in.Maturity.OEMRAM, "maturity.oemram")
	stage(in.Maturity.INFRAM, "maturity.infram")
	for di := range theCatalog.domains {
		validateAnswers(sh, di, p)
	}
	if len(in.CaseStudies) > MaxCaseStudies {
		p.add("caseStudies", "must have at most "+strconv.Itoa(MaxCaseStudies)+" elements")
	}
	cases := at{key: "caseStudies"}
	for i := range in.CaseStudies {
		path := cases.elem(i)
		validateCaseStudy(&in.CaseStudies[i], &path, p)
		if j := firstID(in.CaseStudies[:i], in.CaseStudies[i].ID); j >= 0 {
			p.add(path.join("id"), "repeats the id of caseStudies."+strconv.Itoa(j))
		}
	}
	if in.Review != nil {
		// The review looks case studies up by id: index them (the first of a repeated id wins;
		// the last of the empty ids, as the checks below expect).
		ids := make(map[string]int, len(in.CaseStudies))
		for i := range in.CaseStudies {
			if _, dup := ids[in.CaseStudies[i].ID]; !dup || in.CaseStudies[i].ID == "" {
				ids[in.CaseStudies[i].ID] = i
			}
		}
		validateReview(in.Review, in.CaseStudies, ids, p)
	}
}

// firstID is the index of the first case study in cs with the id, or -1 (always -1 for "", which
// is reported as missing instead). A linear search: there are at most MaxCaseStudies, and no map
// to allocate for a valid document.
func firstID(cs []CaseStudy, id string) int {
	if id == "" {
		return -1
	}
	for j := range cs {
		if cs[j].ID == id {
			return j
		}
	}
	return -1
}

// at is where a value sits in the document: a member of, or an element of, the value at up. Its
// path string is built only when a problem is reported, so a valid document's checks build no
// strings at all (the browser validates on every keystroke).
type at struct {
	up     *at
	key    string // the member's name
	index  int    // the element's index, when isElem
	isElem bool
}

// elem is the path of element i of the array at a.
func (a *at) elem(i int) at { return at{up: a, index: i, isElem: true} }

// field is the path of member key of the object at a.
func (a *at) field(key string) at { return at{up: a, key: key} }

// join is the path string of member key of the object at a.
func (a *at) join(key string) string { return join(a.String(), key) }

func (a *at) String() string {
	if a == nil {
		return ""
	}
	return string(a.appendTo(nil))
}

func (a *at) appendTo(b []byte) []byte {
	if a.up != nil {
		b = append(a.up.appendTo(b), '.')
	}
	if a.isElem {
		return strconv.AppendInt(b, int64(a.index), 10)
	}
	return append(b, a.key...)
}

func validateOrganization(o *Organization, p *problems) {
	org := at{key: "organization"}
	requiredText(o.Name, &org, "name", MaxNameRunes, p)
	if o.CCN != "" && !isCCN(o.CCN) {
		p.add("organization.ccn", "must be a CMS Certification Number: 6 digits or upper-case letters")
	}
	if o.Type != "" && !oneOf(o.Type, OrgTypes) {
		p.add("organization.type", "must be one of "+quoted(OrgTypes))
	}
	if o.Beds != nil && (*o.Beds < 0 || *o.Beds > 10000) {
		p.add("organization.beds", "must be an integer from 0 to 10000")
	}
}

var answerValues = []string{string(AnswerYes), string(AnswerPartial), string(AnswerNo), string(AnswerNA)}

// validateAnswers checks one domain's answers in catalog order, then reports unknown ids sorted,
// so the problems come out in the same order however the answers were given.
func validateAnswers(sh *sheet, di int, p *problems) {
	from, to := domainRange(di)
	for i := from; i < to; i++ {
		if sh.marks[i] == markInvalid {
			p.add("infram."+theCatalog.domains[di]+"."+theCatalog.criteria[i].id, "must be one of "+answerList)
		}
	}
	if len(sh.unknown[di]) == 0 {
		return
	}
	unknown := make([]string, len(sh.unknown[di]))
	for i, u := range sh.unknown[di] {
		unknown[i] = u.id
	}
	sort.Strings(unknown)
	path := "infram." + theCatalog.domains[di]
	for _, id := range unknown {
		reason := "unknown criterion: not in the " + theCatalog.domains[di] + " domain of catalog " + theCatalog.cat.Version
		if i, ok := theCatalog.byID[id]; ok {
			reason = "criterion of the " + theCatalog.domains[theCatalog.criteria[i].domain] + " domain, not " + theCatalog.domains[di]
		}
		p.add(path+"."+id, reason)
	}
}

var (
	pillarValues    = []string{string(PillarSatisfaction), string(PillarTreatment), string(PillarElectronicData), string(PillarPatientEngagement), string(PillarSavings)}
	kindValues      = []string{string(KindExpected), string(KindUnique)}
	directionValues = []string{string(HigherIsBetter), string(LowerIsBetter)}
	decisionValues  = []string{string(Accepted), string(Rejected)}

	// The lists as problems quote them, written once.
	answerList    = quoted(answerValues)
	pillarList    = quoted(pillarValues)
	kindList      = quoted(kindValues)
	directionList = quoted(directionValues)
	decisionList  = quoted(decisionValues)
)

func validateCaseStudy(c *CaseStudy, path *at, p *problems) {
	validateID(c.ID, path, "id", p)
	requiredText(c.Title, path, "title", MaxNameRunes, p)
	if c.Pillar == "" {
		p.add(path.join("pillar"), "is required: one of "+pillarList)
	} else if !oneOf(string(c.Pillar), pillarValues) {
		p.add(path.join("pillar"), "must be one of "+pillarList)
	}
	optionalText(c.Problem, path, "problem", MaxTextRunes, p)
	optionalText(c.Intervention, path, "intervention", MaxTextRunes, p)
	optionalText(c.Governance, path, "governance", MaxTextRunes, p)
	optionalText(c.Outcomes, path, "outcomes", MaxTextRunes, p)
	optionalText(c.Lessons, path, "lessons", MaxTextRunes, p)
	measures := path.field("measures")
	if len(c.Measures) > MaxMeasures {
		p.add(measures.String(), "must have at most "+strconv.Itoa(MaxMeasures)+" elements")
	}
	for i := range c.Measures {
		mp := measures.elem(i)
		validateMeasure(&c.Measures[i], &mp, p)
		if j := firstMeasure(c.Measures[:i], c.Measures[i].ID); j >= 0 {
			p.add(mp.join("id"), "repeats the id of "+measures.String()+"."+strconv.Itoa(j))
		}
	}
	if c.Cost != nil {
		cost := path.field("cost")
		magnitude(&c.Cost.Amount, &cost, "amount", 0, p)
		if !isCurrency(c.Cost.Currency) {
			p.add(cost.join("currency"), `must be an ISO 4217 currency code: three upper-case letters ("USD")`)
		}
	}
	if pr := c.Perceived; pr != nil {
		perceived := path.field("perceived")
		for _, f := range [...]struct {
			v    int
			name string
		}{{pr.DataCapture, "dataCapture"}, {pr.Processes, "processes"}, {pr.Outcomes, "outcomes"}} {
			if f.v < 0 || f.v > 5 {
				p.add(perceived.join(f.name), "must be an integer from 0 to 5")
			}
		}
	}
}

// firstMeasure is the index of the first measure in ms with the id, or -1 (always -1 for "").
func firstMeasure(ms []Measure, id string) int {
	if id == "" {
		return -1
	}
	for j := range ms {
		if ms[j].ID == id {
			return j
		}
	}
	return -1
}

func validateMeasure(m *Measure, path *at, p *problems) {
	validateID(m.ID, path, "id", p)
	requiredText(m.Name, path, "name", MaxNameRunes, p)
	enum(string(m.Kind), path, "kind", kindValues, kindList, p)
	enum(string(m.Direction), path, "direction", directionValues, directionList, p)
	magnitude(m.Baseline, path, "baseline", -MaxMagnitude, p)
	magnitude(m.Post, path, "post", -MaxMagnitude, p)
	optionalText(m.Unit, path, "unit", MaxNameRunes, p)
	optionalText(m.Period, path, "period", MaxNameRunes, p)
}

func validateReview(r *Review, cases []CaseStudy, ids map[string]int, p *problems) {
	review := at{key: "review"}
	requiredText(r.Reviewer, &review, "reviewer", MaxNameRunes, p)
	optionalText(r.Notes, &review, "notes", MaxTextRunes, p)
	if len(r.CaseStudies) > MaxCaseStudies {
		p.add("review.caseStudies", "must have at most "+strconv.Itoa(MaxCaseStudies)+" elements")
	}
	reviewed := review.field("caseStudies")
	decided := make(map[string]int, len(r.CaseStudies))
	for i := range r.CaseStudies {
		cr := &r.CaseStudies[i]
		path := reviewed.elem(i)
		ci, ok := ids[cr.ID]
		switch {
		case cr.ID == "":
			p.add(path.join("id"), "is required: the id of a case study of the submission")
		case !ok:
			p.add(path.join("id"), "no case study has the id "+strconv.Quote(cr.ID))
		default:
			if j, dup := decided[cr.ID]; dup {
				p.add(path.join("id"), "repeats the decision of review.caseStudies."+strconv.Itoa(j))
			}
			decided[cr.ID] = i
		}
		validateDecision(cr.Decision, cr.Reason, &path, p)
		measures := path.field("measures")
		if len(cr.Measures) > MaxMeasures {
			p.add(measures.String(), "must have at most "+strconv.Itoa(MaxMeasures)+" elements")
		}
		seen := make(map[string]int, len(cr.Measures))
		for j := range cr.Measures {
			mr := &cr.Measures[j]
			mp := measures.elem(j)
			switch {
			case mr.ID == "":
				p.add(mp.join("id"), "is required: the id of a measure of case study "+strconv.Quote(cr.ID))
			case ok && !hasMeasure(&cases[ci], mr.ID):
				p.add(mp.join("id"), "case study "+strconv.Quote(cr.ID)+" has no measure with the id "+strconv.Quote(mr.ID))
			default:
				if k, dup := seen[mr.ID]; dup {
					p.add(mp.join("id"), "repeats the decision of "+measures.String()+"."+strconv.Itoa(k))
				}
				seen[mr.ID] = j
			}
			validateDecision(mr.Decision, mr.Reason, &mp, p)
		}
	}
}

func hasMeasure(c *CaseStudy, id string) bool {
	for i := range c.Measures {
		if c.Measures[i].ID == id {
			return true
		}
	}
	return false
}

// The checks below report a problem at member key of the object at in.

func validateDecision(d Decision, reason string, in *at, p *problems) {
	enum(string(d), in, "decision", decisionValues, decisionList, p)
	optionalText(reason, in, "reason", MaxTextRunes, p)
	if d == Rejected && strings.TrimSpace(reason) == "" {
		p.add(in.join("reason"), "is required when the decision is \"rejected\"")
	}
}

// enum checks that v is one of values, which list quotes.
func enum(v string, in *at, key string, values []string, list string, p *problems) {
	if v == "" {
		p.add(in.join(key), "is required: one of "+list)
	} else if !oneOf(v, values) {
		p.add(in.join(key), "must be one of "+list)
	}
}

func magnitude(v *float64, in *at, key string, min float64, p *problems) {
	if v == nil {
		return
	}
	if math.IsNaN(*v) || *v < min || *v > MaxMagnitude {
		p.add(in.join(key), "must be a number from "+strconv.FormatFloat(min, 'g', -1, 64)+" to "+strconv.FormatFloat(MaxMagnitude, 'g', -1, 64))
	}
}

func validateID(id string, in *at, key string, p *problems) {
	if id == "" {
		p.add(in.join(key), "is required: 1–64 characters of A–Z a–z 0–9 _ -")
		return
	}
	if len(id) > MaxIDRunes {
		p.add(in.join(key), "must be at most 64 characters")
		return
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			p.add(in.join(key), "must use only A–Z a–z 0–9 _ -")
			return
		}
	}
}

func requiredText(s string, in *at, key string, max int, p *problems) {
	if strings.TrimSpace(s) == "" {
		p.add(in.join(key), "is required")
		return
	}
	optionalText(s, in, key, max, p)
}

func optionalText(s string, in *at, key string, max int, p *problems) {
	if len(s) > max && utf8.RuneCountInString(s) > max {
		p.add(in.join(key), "must be at most "+strconv.Itoa(max)+" characters")
	}
}

func isCCN(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

func isCurrency(s string) bool {
	return len(s) == 3 && 'A' <= s[0] && s[0] <= 'Z' && 'A' <= s[1] && s[1] <= 'Z' && 'A' <= s[2] && s[2] <= 'Z'
}

func oneOf(v string, values []string) bool {
	for _, x := range values {
		if v == x {
			return true
		}
	}
	return false
}

func quoted(values []string) string {
	var b strings.Builder
	for i, v := range values {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(v))
	}
	return b.String()
}
