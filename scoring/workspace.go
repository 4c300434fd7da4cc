package scoring

import (
	"strconv"
	"sync"

	"openvalue/internal/jsonstr"
)

// workspace is the memory one call decodes and scores a submission in: blocks that the Input's and
// the Result's slices are cut from, the INFRAM answer sheet and tallies, and the buffer the result's
// texts are written to. AppendScore takes one from a pool and gives it back once the result is
// written, so that a call in the steady state allocates only its texts (one string, none when they
// are the last call's) and the decoder's problems (48 bytes). That keeps
// the collector idle: at about 25 KB of garbage per call it ran every couple of hundred calls and
// made the median call half again slower than the fastest (docs/benchmarks.md). Score and Decode,
// whose callers keep what they return, each use a fresh workspace, which then allocates as needed.
type workspace struct {
	// Decoding.
	steps     []step // the decoder's path
	sheet     sheet
	cases     []CaseStudy
	measures  []Measure
	ints      []int
	floats    []float64
	costs     []Cost
	perceived []Perceived

	// Scoring.
	staging    staging
	stages     []StageResult
	domains    []DomainResult
	comparison []StageComparison
	items      []RoadmapItem
	evals      []caseEval
	caseRes    []CaseStudyResult
	measureRes []MeasureResult
	imps       []float64
	explain    []Explain
	pillars    []PillarResult
	types      []TypeResult
	targets    []Target
	strs       []string
	texts      texts
}

var workspaces = sync.Pool{New: func() any { return new(workspace) }}

// maxPooledBytes caps the memory a pooled workspace may keep: one that served a huge document
// goes to the collector instead of pinning its blocks. release estimates the size from the blocks
// that grow with a document (its texts, measures and lists); the others are bounded by the
// catalog and the document limits.
const maxPooledBytes = 1 << 20

// measureBytes is the size of a Measure: six strings and two pointers (a test keeps it true).
const measureBytes = 6*16 + 2*8

// release resets w and returns it to the pool, unless it grew too large.
func (w *workspace) release() {
	w.reset()
	if cap(w.texts.b)+cap(w.measures)*measureBytes+cap(w.strs)*16 > maxPooledBytes {
		return
	}
	workspaces.Put(w)
}

// reset forgets the call's data (so that a pooled workspace holds no strings of the document it
// served) and keeps the blocks.
func (w *workspace) reset() {
	reset(&w.cases)
	reset(&w.measures)
	reset(&w.ints)
	reset(&w.floats)
	reset(&w.costs)
	reset(&w.perceived)
	reset(&w.stages)
	reset(&w.domains)
	reset(&w.comparison)
	reset(&w.items)
	reset(&w.evals)
	reset(&w.caseRes)
	reset(&w.measureRes)
	reset(&w.imps)
	reset(&w.explain)
	reset(&w.pillars)
	reset(&w.types)
	reset(&w.targets)
	reset(&w.strs)
	w.texts.reset()
	clear(w.texts.refs[:cap(w.texts.refs)])
	clear(w.steps[:cap(w.steps)])
	w.sheet.reset()
}

// cut returns n zero elements from *block. A full block is replaced by one twice its size: what
// was cut from it before stays where it is, so pointers into it remain good.
func cut[T any](block *[]T, n int) []T {
	b := *block
	if n == 0 {
		return []T{} // empty, not nil: it is written as [], not null
	}
	if cap(b)-len(b) < n {
		b = make([]T, 0, max(2*cap(b), n, 8))
	}
	at := len(b)
	*block = b[:at+n]
	return b[at : at+n : at+n]
}

// reset zeroes what was cut from *block and makes it all free again, so that cut returns zeroed
// elements without clearing them itself.
func reset[T any](block *[]T) {
	clear(*block)
	*block = (*block)[:0]
}

// texts builds the generated texts of one result (explanations, strengths, opportunities, actions)
// in one buffer, and done makes them strings with one allocation, as substrings of one string,
// instead of one allocation each. A text's place is given when it starts (start for a field, add
// for a new last element of a list); more, num, tenth and appends to b go on with it.
type texts struct {
	b    []byte
	refs []textRef
	// last is the previous call's texts, kept across resets: the browser scores the same
	// document again on every keystroke, and most keystrokes (in a free-text answer, say) leave
	// the generated texts as they were, which then cost no allocation.
	last string
	// plain: done found that every text of this call is written in JSON as it is (no '"', '\\',
	// control character, '<', '>', '&', U+2028 or U+2029, valid UTF-8), so the encoder copies them
	// without looking at each; lastPlain is the same for last.
	plain, lastPlain bool
}

// textRef is where a text goes: *s, or element i of *list (a list may still grow, and move, after
// its text is started).
type textRef struct {
	s        *string
	list     *[]string
	i        int
	from, to int
}

func (t *texts) reset() { t.b, t.refs = t.b[:0], t.refs[:0] }

// start begins a text for *s.
func (t *texts) start(s *string, parts ...string) {
	t.end()
	t.refs = append(t.refs, textRef{s: s, from: len(t.b), to: -1})
	t.more(parts...)
}

// add appends an empty string to *list and begins its text.
func (t *texts) add(list *[]string, parts ...string) {
	t.end()
	*list = append(*list, "")
	t.refs = append(t.refs, textRef{list: list, i: len(*list) - 1, from: len(t.b), to: -1})
	t.more(parts...)
}

func (t *texts) more(parts ...string) {
	for _, p := range parts {
		t.b = append(t.b, p...)
	}
}

func (t *texts) num(n int) { t.b = strconv.AppendInt(t.b, int64(n), 10) }

// tenth writes n tenths as a decimal ("12.5", "3"). appendFloat writes what
// strconv.AppendFloat(b, f, 'f', -1, 64) does for every number a text holds (none is below 1e-6 or
// at or above 1e21, where one of them would switch to an exponent).
func (t *texts) tenth(n int) { t.b = appendFloat(t.b, tenths(n)) }

// end closes the text being built.
func (t *texts) end() {
	if n := len(t.refs); n > 0 && t.refs[n-1].to < 0 {
		t.refs[n-1].to = len(t.b)
	}
}

// done fills in every text.
func (t *texts) done() {
	t.end()
	t.plain = true
	if len(t.refs) == 0 {
		return
	}
	all := t.last
	if string(t.b) != all {
		all = string(t.b)
		t.last, t.lastPlain = all, jsonstr.Verbatim(t.b)
	}
	t.plain = t.lastPlain || len(all) == 0
	for _, r := range t.refs {
		if r.list != nil {
			(*r.list)[r.i] = all[r.from:r.to]
		} else {
			*r.s = all[r.from:r.to]
		}
	}
}
