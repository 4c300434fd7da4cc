package scoring

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
)

func goldenInputs(tb testing.TB) [][]byte {
	names, _ := filepath.Glob("../testdata/golden/*.in.json")
	if len(names) == 0 {
		tb.Fatal("no golden inputs")
	}
	var docs [][]byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, b)
	}
	return docs
}

// A workspace serving one document after another, or the same one twice, answers each as a fresh
// one does, and a reset leaves nothing of the last call in its blocks (no document is pinned by the
// pool but for the last call's generated texts).
func TestWorkspace_ReuseLeavesNoTrace(t *testing.T) {
	docs := goldenInputs(t)
	w := new(workspace)
	for round := range 3 {
		for k := range docs {
			// Each round in another order, so that every document follows a different one.
			doc := string(docs[(k*(round+1)+round)%len(docs)])
			want, wantErr := new(workspace).appendScore(nil, doc)
			got, err := w.appendScore(nil, doc)
			if !bytes.Equal(got, want) || (err == nil) != (wantErr == nil) {
				t.Fatalf("round %d: reused workspace answered\n%s\nwant\n%s", round, got, want)
			}
			w.reset()
			if field, ok := allZero(w); !ok {
				t.Fatalf("round %d: after reset, workspace.%s still holds data", round, field)
			}
			// The same document again, as the browser sends it on every keystroke: its texts
			// are the last call's.
			if again, _ := w.appendScore(nil, doc); !bytes.Equal(again, want) {
				t.Fatalf("round %d: the same document again answered\n%s\nwant\n%s", round, again, want)
			}
			w.reset()
		}
	}
}

// allZero reports whether every block of w is zero up to its capacity, and if not, which.
func allZero(w *workspace) (string, bool) {
	v := reflect.ValueOf(w).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if f.Kind() != reflect.Slice {
			continue
		}
		full := f.Slice(0, f.Cap())
		for j := range full.Len() {
			if !full.Index(j).IsZero() {
				return v.Type().Field(i).Name, false
			}
		}
	}
	if w.sheet.raw != nil || w.sheet.given != [numDomains]bool{} {
		return "sheet", false
	}
	for _, m := range w.sheet.marks {
		if m != unanswered {
			return "sheet.marks", false
		}
	}
	for _, r := range w.texts.refs[:cap(w.texts.refs)] {
		if r != (textRef{}) {
			return "texts.refs", false
		}
	}
	return "", true
}

func TestWorkspace_MeasureBytes(t *testing.T) {
	if got := reflect.TypeFor[Measure]().Size(); got != measureBytes {
		t.Fatalf("a Measure takes %d bytes, measureBytes says %d", got, measureBytes)
	}
}

// FuzzWorkspaceReuse: after any document, a reset workspace scores any other document as a
// fresh one does.
func FuzzWorkspaceReuse(f *testing.F) {
	docs := goldenInputs(f)
	for i := range docs {
		f.Add(docs[i], docs[(i+1)%len(docs)])
	}
	f.Fuzz(func(t *testing.T, first, second []byte) {
		w := new(workspace)
		w.appendScore(nil, string(first))
		w.reset()
		got, err := w.appendScore(nil, string(second))
		want, wantErr := new(workspace).appendScore(nil, string(second))
		if !bytes.Equal(got, want) || (err == nil) != (wantErr == nil) {
			t.Fatalf("after %q, a reused workspace answered\n%s\nwant\n%s", first, got, want)
		}
	})
}

// Goroutines scoring different documents at once each get their own workspace from the pool, and
// answer as a lone call does (run with -race too: make test does).
func TestAppendScore_Concurrent(t *testing.T) {
	docs := goldenInputs(t)
	want := make([][]byte, len(docs))
	for i, d := range docs {
		want[i], _ = new(workspace).appendScore(nil, string(d))
	}
	errs := make(chan string, 8)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for n := range 200 {
				i := (g*7 + n) % len(docs)
				buf, _ = AppendScore(buf[:0], string(docs[i]))
				if !bytes.Equal(buf, want[i]) {
					errs <- fmt.Sprintf("goroutine %d, call %d: document %d answered differently", g, n, i)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
