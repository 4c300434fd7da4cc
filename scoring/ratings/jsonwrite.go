package ratings

import (
	"math"
	"sort"
	"strconv"

	"openvalue/internal/jsonstr"
)

// The package writes its JSON by hand, not with encoding/json: the browser engine links it,
// and encoding/json with the reflection it brings is ≈ 12% of the engine's code. The bytes
// are encoding/json's with SetEscapeHTML(false) (TestSnapshotEncode and TestWriteJSON compare
// them; strings are written by jsonstr.AppendNoHTML).

// appendJSONStrings appends a []string (nil as null).
func appendJSONStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonstr.AppendNoHTML(b, s)
	}
	return append(b, ']')
}

// Encode writes the snapshot document: compact, deterministic (map keys sorted), every
// float in its shortest exact form, so ParseSnapshot gives back the same values. A snapshot
// holding a NaN or infinite value cannot be written.
func (s *Snapshot) Encode() ([]byte, error) {
	b := make([]byte, 0, 1<<16)
	b = append(b, `{"format":`...)
	b = jsonstr.AppendNoHTML(b, s.Format)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, int64(s.Version), 10)
	b = append(b, `,"methodology":`...)
	b = jsonstr.AppendNoHTML(b, s.Methodology)
	b = append(b, `,"provenance":{"current":`...)
	b = appendJSONStrings(b, s.Provenance.Current)
	b = append(b, `,"prior":`...)
	b = appendJSONStrings(b, s.Provenance.Prior)
	b = append(b, `,"hospitals":`...)
	b = strconv.AppendInt(b, int64(s.Provenance.Hospitals), 10)
	b = append(b, `,"note":`...)
	b = jsonstr.AppendNoHTML(b, s.Provenance.Note)
	b = append(b, `},"hacP75":`...)
	var err error
	if s.HACP75 == nil {
		b = append(b, "null"...)
	} else {
		b, err = appendFinite(b, *s.HACP75)
		if err != nil {
			return nil, err
		}
	}
	b = append(b, `,"domains":`...)
	if s.Domains == nil {
		b = append(b, "null"...)
	} else {
		names := make([]string, 0, len(s.Domains))
		for k := range s.Domains {
			names = append(names, k)
		}
		sort.Strings(names)
		b = append(b, '{')
		for i, k := range names {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonstr.AppendNoHTML(b, k)
			b = append(b, ':')
			if b, err = s.Domains[k].append(b); err != nil {
				return nil, err
			}
		}
		b = append(b, '}')
	}
	return append(b, "}\n"...), nil
}

func (d SnapshotDomain) append(b []byte) ([]byte, error) {
	var err error
	list := func(k string, ds []SnapshotDist) {
		b = append(b, k...)
		if ds == nil {
			b = append(b, "null"...)
			return
		}
		b = append(b, '[')
		for i, x := range ds {
			if i > 0 {
				b = append(b, ',')
			}
			if err == nil {
				b, err = x.append(b)
			}
		}
		b = append(b, ']')
	}
	list(`{"metrics":`, d.Metrics)
	list(`,"prior":`, d.Prior)
	b = append(b, `,"adjusted":`...)
	if err == nil {
		b, err = d.Adjusted.append(b)
	}
	return append(b, '}'), err
}

func (d SnapshotDist) append(b []byte) ([]byte, error) {
	b = append(b, '{')
	if d.ID != "" {
		b = append(b, `"id":`...)
		b = jsonstr.AppendNoHTML(b, d.ID)
		b = append(b, ',')
	}
	if d.LowerIsBetter {
		b = append(b, `"lowerIsBetter":true,`...)
	}
	b = append(b, `"values":`...)
	if d.Values == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, v := range d.Values {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendFinite(b, v); err != nil {
				return b, err
			}
		}
		b = append(b, ']')
	}
	b = append(b, `,"counts":`...)
	if d.Counts == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, c := range d.Counts {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(c), 10)
		}
		b = append(b, ']')
	}
	return append(b, '}'), nil
}

// errUnsupported is encoding/json's refusal of NaN and infinities, which JSON cannot hold.
type errUnsupported float64

func (e errUnsupported) Error() string {
	return "json: unsupported value: " + strconv.FormatFloat(float64(e), 'g', -1, 64)
}

func appendFinite(b []byte, x float64) ([]byte, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return b, errUnsupported(x)
	}
	return jsonstr.AppendFloat(b, x), nil
}
