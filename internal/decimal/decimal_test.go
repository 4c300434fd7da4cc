package decimal

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestParse_MatchesStrconv: Parse gives the same float64, bit for bit, as strconv.ParseFloat,
// or declines.
func TestParse_MatchesStrconv(t *testing.T) {
	cases := []string{"0", "-0", "0.0", "1.", ".5", "-.5", "007", "0.05", "12345.67", "-0.1234", "999999999999999",
		"9999999999999999", "0.000000000000001", "0.0000000000000001", "123456789.123456", "1.2345678901234567",
		"3.14159265358979", "", ".", "-", "--", "1e5", "1,234", " 5", "5 ", "+5", "1.2.3", "0x10", "NaN"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		n := rng.IntN(18) + 1
		b := make([]byte, 0, n+2)
		if rng.IntN(4) == 0 {
			b = append(b, '-')
		}
		dot := rng.IntN(n + 2)
		for i := range n {
			if i == dot {
				b = append(b, '.')
			}
			b = append(b, byte('0'+rng.IntN(10)))
		}
		cases = append(cases, string(b))
	}
	for _, c := range cases {
		checkParse(t, c)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("12.5")
	f.Add("-0.000123")
	f.Fuzz(checkParse)
}

// checkParse: Parse(s) declines, or gives strconv.ParseFloat's float64 bit for bit.
func checkParse(t *testing.T, s string) {
	got, ok := Parse(s)
	if !ok {
		return
	}
	want, err := strconv.ParseFloat(s, 64)
	if err != nil || math.Float64bits(got) != math.Float64bits(want) {
		t.Fatalf("Parse(%q) = %v; strconv gives %v, %v", s, got, want, err)
	}
}
