package scoring

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/tidwall/gjson"
)

// catalogJSON is the INFRAM criteria catalog: this project's own criteria, modelled on the public
// INFRAM stage themes (seed 001; docs/methodology.md "INFRAM staging"), not HIMSS's official ones.
//
//go:embed catalog/infram.json
var catalogJSON []byte

// Catalog is the INFRAM criteria catalog the questionnaire is answered against.
type Catalog struct {
	// Version is the catalog's version; it is part of Methodology.
	Version string `json:"version"`
	// Notice says whose criteria these are.
	Notice string `json:"notice"`
	// Domains are the five domains in result order.
	Domains []CatalogDomain `json:"domains"`
}

// CatalogDomain is one INFRAM domain's criteria.
type CatalogDomain struct {
	// Key is the domain's key in the submission ("security", "dataCenter", ...).
	Key string `json:"key"`
	// Name is the display name.
	Name string `json:"name"`
	// Prefix starts every criterion id of the domain ("s" → "s3_q2").
	Prefix string `json:"prefix"`
	// Stages are stages 1–7 in order.
	Stages []CatalogStage `json:"stages"`
}

// CatalogStage is one stage of one domain.
type CatalogStage struct {
	// Stage is 1–7.
	Stage int `json:"stage"`
	// Theme summarizes the stage in this domain.
	Theme string `json:"theme"`
	// Criteria are the stage's criteria (at least 6).
	Criteria []Criterion `json:"criteria"`
}

// Criterion is one capability criterion.
type Criterion struct {
	// ID is "<prefix><stage>_q<n>", unique in the catalog.
	ID string `json:"id"`
	// Weight is the criterion's relative importance within its stage, 1–10.
	Weight int `json:"weight"`
	// Text states the capability.
	Text string `json:"text"`
	// Source is "public" when the capability is named in a public INFRAM stage summary
	// (docs/methodology.md lists them), "project" when it is this project's own.
	Source string `json:"source"`
}

// The INFRAM model's shape (seed 001): stages 1–7 over five domains.
const (
	numStages  = 7
	numDomains = 5
	// minCriteria is the fewest criteria a stage of a domain may have.
	minCriteria = 6
)

// criterion is the flat, scoring-ready form of a Criterion.
type criterion struct {
	id     string
	domain int // index into catalog.Domains
	stage  int // 1–7
	weight int // 1–10
	text   string
}

// compiled is the catalog prepared once for scoring.
type compiled struct {
	cat      Catalog
	criteria []criterion    // in catalog order: domain, stage, criterion
	byID     map[string]int // id → index into criteria
	domains  []string       // domain keys in order
	// first and count locate each domain's stages in criteria, so index can find a criterion
	// from its id's parts without hashing the id (the decoder looks up every answer).
	first, count [numDomains][numStages]int
}

// index returns the index in criteria of the criterion id of domain di, or -1 when id is not a
// criterion of that domain. Ids are "<prefix><stage>_q<n>" (compileCatalog checks it), so the
// index is the stage's first criterion + n − 1.
func (c *compiled) index(di int, id string) int {
	prefix := c.cat.Domains[di].Prefix
	if len(id) < len(prefix)+4 || id[:len(prefix)] != prefix {
		return -1
	}
	rest := id[len(prefix):]
	stage := int(rest[0]) - '0'
	if stage < 1 || stage > numStages || rest[1] != '_' || rest[2] != 'q' || rest[3] == '0' {
		return -1
	}
	n := 0
	for _, ch := range []byte(rest[3:]) {
		if ch < '0' || ch > '9' || n > 1000 {
			return -1
		}
		n = n*10 + int(ch-'0')
	}
	if n < 1 || n > c.count[di][stage-1] {
		return -1
	}
	return c.first[di][stage-1] + n - 1
}

// theCatalog is the compiled embedded catalog. It starts as static data, catalog_data.go, which
// TestCatalogData writes from compileCatalog(catalogJSON) and checks against it: parsing the
// 42 KB JSON at start-up took the in-browser engine 8–27 ms of its cold start (cold wasm code,
// docs/benchmarks.md "In-browser engine"); the static data costs nothing but the id index.
var theCatalog = withIndex(&catalogData)

// withIndex fills c.byID from c.criteria (a map cannot be static data).
func withIndex(c *compiled) *compiled {
	c.byID = make(map[string]int, len(c.criteria))
	for i, q := range c.criteria {
		c.byID[q.id] = i
	}
	return c
}

// CatalogJSON returns the embedded catalog document (for the web form). The caller must not modify it.
func CatalogJSON() []byte { return catalogJSON }

// InframCatalog returns the parsed catalog. The caller must not modify it.
func InframCatalog() Catalog { return theCatalog.cat }

// compileCatalog parses and checks a catalog: five domains, stages 1–7 each with ≥ 6 criteria,
// ids "<prefix><stage>_q<n>" unique, weights 1–10, text present.
func compileCatalog(b []byte) (*compiled, error) {
	cat, err := parseCatalog(b)
	if err != nil {
		return nil, err
	}
	if cat.Version == "" {
		return nil, fmt.Errorf("no version")
	}
	if len(cat.Domains) != numDomains {
		return nil, fmt.Errorf("%d domains, want %d", len(cat.Domains), numDomains)
	}
	c := &compiled{cat: cat, byID: make(map[string]int)}
	for di, d := range cat.Domains {
		if d.Key == "" || d.Name == "" || d.Prefix == "" {
			return nil, fmt.Errorf("domain %d: key, name and prefix are required", di)
		}
		c.domains = append(c.domains, d.Key)
		if len(d.Stages) != numStages {
			return nil, fmt.Errorf("domain %s: %d stages, want %d", d.Key, len(d.Stages), numStages)
		}
		for si, s := range d.Stages {
			if s.Stage != si+1 {
				return nil, fmt.Errorf("domain %s: stage %d listed as %d", d.Key, si+1, s.Stage)
			}
			c.first[di][si], c.count[di][si] = len(c.criteria), len(s.Criteria)
			if len(s.Criteria) < minCriteria {
				return nil, fmt.Errorf("domain %s stage %d: %d criteria, want at least %d", d.Key, s.Stage, len(s.Criteria), minCriteria)
			}
			for qi, q := range s.Criteria {
				want := d.Prefix + strconv.Itoa(s.Stage) + "_q" + strconv.Itoa(qi+1)
				if q.ID != want {
					return nil, fmt.Errorf("domain %s stage %d: criterion %q, want id %q", d.Key, s.Stage, q.ID, want)
				}
				if q.Weight < 1 || q.Weight > 10 {
					return nil, fmt.Errorf("%s: weight %d outside 1–10", q.ID, q.Weight)
				}
				if q.Text == "" {
					return nil, fmt.Errorf("%s: no text", q.ID)
				}
				if q.Source != "public" && q.Source != "project" {
					return nil, fmt.Errorf("%s: source %q, want public or project", q.ID, q.Source)
				}
				if _, dup := c.byID[q.ID]; dup {
					return nil, fmt.Errorf("%s: duplicate id", q.ID)
				}
				c.byID[q.ID] = len(c.criteria)
				c.criteria = append(c.criteria, criterion{id: q.ID, domain: di, stage: s.Stage, weight: q.Weight, text: q.Text})
			}
		}
	}
	return c, nil
}

// parseCatalog reads a catalog document with gjson, one pass over each object, filling Catalog
// as encoding/json would (absent members stay zero, unknown ones are ignored, a repeated name's
// last value wins) but refusing members of the wrong type. It runs at start-up, where
// encoding/json's reflection cost the browser tens of milliseconds before the engine was ready
// (docs/benchmarks.md, "In-browser engine").
func parseCatalog(b []byte) (Catalog, error) {
	var cat Catalog
	if !gjson.ValidBytes(b) {
		return cat, errors.New("not valid JSON")
	}
	root := gjson.ParseBytes(b)
	if !root.IsObject() {
		return cat, errors.New("not a JSON object")
	}
	var r catalogReader
	r.members(root, func(k string, v gjson.Result) {
		switch k {
		case "version":
			r.str(v, "version", &cat.Version)
		case "notice":
			r.str(v, "notice", &cat.Notice)
		case "domains":
			r.each(v, "domains", func(v gjson.Result) { cat.Domains = append(cat.Domains, r.domain(v)) })
		}
	})
	return cat, r.err
}

// catalogReader reads the parts of a catalog document, keeping the first error.
type catalogReader struct{ err error }

func (r *catalogReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, args...)
	}
}

// members calls f for each member of the object v.
func (r *catalogReader) members(v gjson.Result, f func(key string, v gjson.Result)) {
	if !v.IsObject() {
		r.fail("not an object: %.40s", v.Raw)
		return
	}
	v.ForEach(func(k, x gjson.Result) bool { f(k.Str, x); return r.err == nil })
}

// each calls f for each element of the array v (null: none).
func (r *catalogReader) each(v gjson.Result, name string, f func(gjson.Result)) {
	switch {
	case v.IsArray():
		v.ForEach(func(_, x gjson.Result) bool { f(x); return r.err == nil })
	case v.Type != gjson.Null:
		r.fail("%s: not an array", name)
	}
}

func (r *catalogReader) str(v gjson.Result, name string, dst *string) {
	switch v.Type {
	case gjson.String:
		*dst = v.Str
	case gjson.Null:
	default:
		r.fail("%s: not a string", name)
	}
}

func (r *catalogReader) integer(v gjson.Result, name string, dst *int) {
	switch {
	case v.Type == gjson.Number && v.Num == math.Trunc(v.Num) && math.Abs(v.Num) < 1e9:
		*dst = int(v.Num)
	case v.Type != gjson.Null:
		r.fail("%s: not an integer", name)
	}
}

func (r *catalogReader) domain(v gjson.Result) CatalogDomain {
	var d CatalogDomain
	r.members(v, func(k string, v gjson.Result) {
		switch k {
		case "key":
			r.str(v, "domain key", &d.Key)
		case "name":
			r.str(v, "domain name", &d.Name)
		case "prefix":
			r.str(v, "domain prefix", &d.Prefix)
		case "stages":
			r.each(v, "stages", func(v gjson.Result) { d.Stages = append(d.Stages, r.stage(v)) })
		}
	})
	return d
}

func (r *catalogReader) stage(v gjson.Result) CatalogStage {
	var s CatalogStage
	r.members(v, func(k string, v gjson.Result) {
		switch k {
		case "stage":
			r.integer(v, "stage", &s.Stage)
		case "theme":
			r.str(v, "stage theme", &s.Theme)
		case "criteria":
			r.each(v, "criteria", func(v gjson.Result) { s.Criteria = append(s.Criteria, r.criterion(v)) })
		}
	})
	return s
}

func (r *catalogReader) criterion(v gjson.Result) Criterion {
	var q Criterion
	r.members(v, func(k string, v gjson.Result) {
		switch k {
		case "id":
			r.str(v, "criterion id", &q.ID)
		case "weight":
			r.integer(v, "criterion weight", &q.Weight)
		case "text":
			r.str(v, "criterion text", &q.Text)
		case "source":
			r.str(v, "criterion source", &q.Source)
		}
	})
	return q
}
