package cmsdata

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
)

// File is one file of a loaded folder: its name, the kind Detect gave it and, when the
// caller asked for that kind, its table.
type File struct {
	Name  string
	Kind  Kind
	Table *Table // nil when the kind was not wanted (only the header was read)
}

// Bundle is every file of a folder, recognised by header.
type Bundle struct {
	Files   []File   // recognised files, sorted by name
	Unknown []string // files whose header matched no known kind (reported, not skipped silently)
}

// Tables returns the parsed tables of one kind, in file-name order.
func (b *Bundle) Tables(k Kind) []*Table {
	var ts []*Table
	for _, f := range b.Files {
		if f.Kind == k && f.Table != nil {
			ts = append(ts, f.Table)
		}
	}
	return ts
}

// Table returns the first parsed table of a kind, or nil.
func (b *Bundle) Table(k Kind) *Table {
	ts := b.Tables(k)
	if len(ts) == 0 {
		return nil
	}
	return ts[0]
}

// LoadOptions tunes LoadFS.
type LoadOptions struct {
	// Want says which kinds to parse fully; others are only detected. Nil parses all.
	Want func(Kind) bool
	// Choose, when set, is called once every header is read, with the number of files of
	// each kind in the folder, and its answer replaces Want: a caller can skip a file that
	// another one makes redundant (the 2-decimal MSPB file when the 6-decimal one is there).
	Choose func(present map[Kind]int) func(Kind) bool
	// Columns, when set, picks from a wanted file's header the columns the caller will
	// read (nil: all); the other columns are split but never stored, and the table is
	// projected (see Table). A file of 112 columns of which 19 are read then costs 19.
	Columns func(k Kind, header *Table) []int
	// ReadFile, when set, reads a whole file of the folder (by its name in fsys) instead of
	// fsys: a caller can hand over memory-mapped files, which saves copying and faulting in
	// fresh memory for every byte. The strings must stay valid while the tables are used.
	ReadFile func(name string) (string, error)
	// Progress, when set, receives one line per file once a load has run for more than a
	// second (small loads stay quiet).
	Progress io.Writer
}

// LoadFS reads every regular file at the top of fsys whose name ends in .csv or .txt
// (case-insensitive), detects its kind by header and parses the wanted kinds. Files in
// sub-folders are not read. Unknown headers are listed in Bundle.Unknown. The first
// malformed wanted file stops the load with its *ParseError.
//
// Files are parsed concurrently; the result does not depend on the order they finish in.
func LoadFS(fsys fs.FS, opt LoadOptions) (*Bundle, error) {
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("cmsdata: read folder: %w", err)
	}
	var names []string
	for _, e := range ents {
		n := e.Name()
		low := strings.ToLower(n)
		if strings.HasPrefix(n, ".") || !(strings.HasSuffix(low, ".csv") || strings.HasSuffix(low, ".txt")) {
			continue
		}
		if e.IsDir() {
			continue
		}
		names = append(names, n)
	}
	sort.Strings(names)
	start := time.Now()
	files := make([]File, len(names))
	data := make([]string, len(names))
	errs := make([]error, len(names))
	unknown := make([]bool, len(names))
	var mu sync.Mutex
	done := 0
	report := func(i int) {
		if opt.Progress == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		done++
		if el := time.Since(start); el > time.Second {
			fmt.Fprintf(opt.Progress, "cmsdata: %d/%d files read (%s, %s) in %.1fs\n", done, len(names), names[i], files[i].Kind, el.Seconds())
		}
	}
	// parallel runs f(i) for every file, two at a time (the machine's cores are few).
	parallel := func(f func(i int)) {
		sem := make(chan struct{}, 2)
		var wg sync.WaitGroup
		for i := range names {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				f(i)
			}()
		}
		wg.Wait()
	}
	// 1: detect every file from its first 16 KiB (the whole file when the header does not
	// end inside them)
	full := make([]bool, len(names))
	parallel(func(i int) {
		b, whole, err := readPrefix(fsys, names[i], headerPrefix)
		if err != nil {
			errs[i] = &ParseError{File: names[i], Err: err}
			return
		}
		ht, err := parseTable(path.Base(names[i]), decode(b), true)
		if (err != nil || !ht.headerEnded) && !whole {
			if b, err = readWhole(fsys, names[i], opt); err != nil {
				errs[i] = &ParseError{File: names[i], Err: err}
				return
			}
			whole = true
			ht, err = parseTable(path.Base(names[i]), decode(b), true)
		}
		if err != nil {
			errs[i] = err
			return
		}
		k, ok := Detect(ht.Header)
		files[i], unknown[i], full[i] = File{Name: path.Base(names[i]), Kind: k}, !ok, whole
		if whole {
			data[i] = b
		}
	})
	for i := range names {
		if errs[i] != nil {
			return nil, errs[i]
		}
	}
	want := opt.Want
	if opt.Choose != nil {
		present := map[Kind]int{}
		for i := range names {
			if !unknown[i] {
				present[files[i].Kind]++
			}
		}
		want = opt.Choose(present)
	}
	// 2: parse the wanted ones
	parallel(func(i int) {
		if !unknown[i] && (want == nil || want(files[i].Kind)) {
			b := data[i]
			if !full[i] {
				var err error
				if b, err = readWhole(fsys, names[i], opt); err != nil {
					errs[i] = &ParseError{File: names[i], Err: err}
					return
				}
			}
			files[i].Table, errs[i] = parseProjected(files[i].Name, b, columnsOf(opt, files[i].Kind))
		}
		data[i] = ""
		report(i)
	})
	b := &Bundle{}
	for i := range names {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if unknown[i] {
			b.Unknown = append(b.Unknown, names[i])
			continue
		}
		b.Files = append(b.Files, files[i])
	}
	return b, nil
}

// headerPrefix is how much of a file detection reads first: every CMS header is shorter
// (RAND's, the longest, is 8.6 KB).
const headerPrefix = 16 << 10

// columnsOf is opt.Columns for one kind, or nil (all columns).
func columnsOf(opt LoadOptions, k Kind) func(*Table) []int {
	if opt.Columns == nil {
		return nil
	}
	return func(t *Table) []int { return opt.Columns(k, t) }
}

// readPrefix reads at most n bytes of a file; whole says the file had no more.
func readPrefix(fsys fs.FS, name string, n int) (b string, whole bool, err error) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", false, err
	}
	defer f.Close()
	buf := make([]byte, n+1)
	m, err := io.ReadFull(f, buf)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		return string(buf[:m]), true, nil
	}
	if err != nil {
		return "", false, err
	}
	return string(buf[:n]), false, nil
}

// readWhole reads a whole file with opt.ReadFile, or through fsys.
func readWhole(fsys fs.FS, name string, opt LoadOptions) (string, error) {
	if opt.ReadFile != nil {
		return opt.ReadFile(name)
	}
	return readString(fsys, name)
}

// readString reads a whole file into a string without the copy a []byte → string
// conversion makes (strings.Builder hands over its buffer).
func readString(fsys fs.FS, name string) (string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		b.Grow(int(st.Size()) + 1)
	}
	if _, err := io.Copy(&b, f); err != nil {
		return "", err
	}
	return b.String(), nil
}

// LoadBytes detects one file held in memory and parses it when want (nil: always) accepts
// its kind. known is false for an unrecognised header.
func LoadBytes(name string, data []byte, want func(Kind) bool) (f File, known bool, err error) {
	return LoadString(name, string(data), LoadOptions{Want: want})
}

// LoadString is LoadBytes for a file held in a string, with opt.Want and opt.Columns
// (Choose and Progress do not apply to one file).
func LoadString(name, data string, opt LoadOptions) (f File, known bool, err error) {
	// the header from the first 16 KiB, as LoadFS detects (the whole file when it does not end there)
	ht, err := parseTable(name, decode(data[:min(len(data), headerPrefix)]), true)
	if (err != nil || !ht.headerEnded) && len(data) > headerPrefix {
		ht, err = parseTable(name, decode(data), true)
	}
	if err != nil {
		return File{}, false, err
	}
	k, ok := Detect(ht.Header)
	if !ok {
		return File{Name: name}, false, nil
	}
	f = File{Name: name, Kind: k}
	if opt.Want == nil || opt.Want(k) {
		t, err := parseProjected(name, data, columnsOf(opt, k))
		if err != nil {
			return File{}, true, err
		}
		f.Table = t
	}
	return f, true, nil
}
