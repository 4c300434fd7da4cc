// Package decimal reads the plain decimal numbers that CMS files and submission documents are
// mostly made of exactly as strconv.ParseFloat does, without its general machinery. It is
// standard library only, so both the scoring core and the CMS importer can use it.
package decimal

// Parse reads an optional '-', digits with at most one '.', and at most 15 significant digits,
// exactly as strconv.ParseFloat does: the digits form an integer below 2^53 and the power of ten
// is at most 10^15, both exact in a float64, so the one division is correctly rounded (strconv's
// own exact fast path). Anything else (an exponent, a sign '+', more digits, no digit at all)
// gives ok=false, for the caller's general path.
func Parse(s string) (v float64, ok bool) {
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		neg, i = true, 1
	}
	var m uint64
	digits, frac, dot := 0, 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if m == 0 && c == '0' && !dot {
				digits = max(digits, 1) // leading zeros are not significant
				continue
			}
			m = m*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 || frac > 15 {
		return 0, false
	}
	v = float64(m) / pow10[frac]
	if neg {
		v = -v // -0 stays -0, as ParseFloat reads "-0"
	}
	return v, true
}

var pow10 = [16]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}
