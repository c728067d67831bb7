package ids

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/domain"
)

// Vectors from spec/sina-v2/README.md §7 plus edges of the grouping.
var midVectors = []struct {
	mid  int64
	code string
}{
	{3436240135184587, "yfcLPlKKn"}, // weiboclient4j
	{3436255091659029, "yfd9X6XAx"}, // weiboclient4j
	{3504803600502730, "z20XK26My"}, // computed with the spec's algorithm
	{0, "0"},
	{9, "9"},
	{61, "Z"},
	{62, "10"},
	{9999999, "FXsj"},            // largest single group
	{10000000, "10000"},          // second group all zeros: padded to 4
	{10000001, "10001"},          // "1" + "0000001"
	{99999999999999, "FXsjFXsj"}, // two full groups
}

func TestEncodeDecodeMidVectors(t *testing.T) {
	for _, v := range midVectors {
		if got := EncodeMid(v.mid); got != v.code {
			t.Errorf("EncodeMid(%d) = %q, want %q", v.mid, got, v.code)
		}
		got, err := DecodeMid(v.code)
		if err != nil || got != v.mid {
			t.Errorf("DecodeMid(%q) = %d, %v; want %d", v.code, got, err, v.mid)
		}
	}
}

func TestMidMaxInt64(t *testing.T) {
	// 9223372036854775807 → groups 92233 | 7203685 | 4775807.
	want := strings.Join([]string{
		string(appendBase62(nil, 92233, 0)),
		string(appendBase62(nil, 7203685, 4)),
		string(appendBase62(nil, 4775807, 4)),
	}, "")
	code := EncodeMid(math.MaxInt64)
	if code != want {
		t.Fatalf("EncodeMid(MaxInt64) = %q, want %q", code, want)
	}
	if got, err := DecodeMid(code); err != nil || got != math.MaxInt64 {
		t.Fatalf("DecodeMid(%q) = %d, %v", code, got, err)
	}
	// One more in the lowest group overflows int64.
	over := code[:len(code)-4] + string(appendBase62(nil, 4775808, 4))
	if _, err := DecodeMid(over); err == nil {
		t.Errorf("DecodeMid(%q) (MaxInt64+1) succeeded", over)
	}
}

func TestDecodeMidLeadingZeros(t *testing.T) {
	for _, code := range []string{"0yfcLPlKKn", "0000yfcLPlKKn", "000000000000000000000000000000yfcLPlKKn"} {
		if got, err := DecodeMid(code); err != nil || got != 3436240135184587 {
			t.Errorf("DecodeMid(%q) = %d, %v", code, got, err)
		}
	}
	for _, code := range []string{"0", "00", "0000", "00000"} {
		if got, err := DecodeMid(code); err != nil || got != 0 {
			t.Errorf("DecodeMid(%q) = %d, %v; want 0", code, got, err)
		}
	}
}

func TestDecodeMidRejects(t *testing.T) {
	for _, code := range []string{
		"",
		" yfcLPlKKn",
		"yfcLPlKKn ",
		"yfc-LPlKKn",
		"+1",
		"-1",
		"yfcLP lKKn",
		"yfcLPlKK\x00",
		"yfcLPlKKé",
		"ｙfcLPlKKn",        // full-width y
		"FXsk",             // 10,000,000: a group no encoder makes
		"1ZZZZ",            // 62^4-1 in a lower group
		"ZZZZZZZZZZZZZZZZ", // far beyond int64
		"1" + strings.Repeat("0000", 5),
	} {
		got, err := DecodeMid(code)
		if err == nil {
			t.Errorf("DecodeMid(%q) = %d, want error", code, got)
			continue
		}
		if !errors.Is(err, ErrBadMid) || !domain.IsKind(err, domain.KindInvalid) {
			t.Errorf("DecodeMid(%q) error %v: want ErrBadMid of kind invalid", code, err)
		}
	}
}

func TestEncodeMidNegative(t *testing.T) {
	for _, n := range []int64{-1, math.MinInt64} {
		if got := EncodeMid(n); got != "" {
			t.Errorf("EncodeMid(%d) = %q, want \"\"", n, got)
		}
	}
}

func TestMidRoundTripGeneratedIDs(t *testing.T) {
	g := mustNew(t, 4, nil)
	for range 1000 {
		id := g.Next()
		got, err := DecodeMid(EncodeMid(id))
		if err != nil || got != id {
			t.Fatalf("round trip of %d: %d, %v", id, got, err)
		}
	}
}

// canonicalMid is the form EncodeMid produces for whatever DecodeMid accepts:
// the same code without leading zeros ("0" for zero).
func canonicalMid(code string) string {
	if c := strings.TrimLeft(code, "0"); c != "" {
		return c
	}
	return "0"
}

func FuzzDecodeMid(f *testing.F) {
	for _, v := range midVectors {
		f.Add(v.code)
	}
	for _, s := range []string{"", "0", "00yfcLPlKKn", "FXsk", "ZZZZZZZZZZZZ", "7ZZZZZZZZZZZ", "a\x00", "é", "3z4efAo4lk"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		mid, err := DecodeMid(code)
		if err != nil {
			if !errors.Is(err, ErrBadMid) {
				t.Fatalf("DecodeMid(%q) error %v does not wrap ErrBadMid", code, err)
			}
			return
		}
		if mid < 0 {
			t.Fatalf("DecodeMid(%q) = %d < 0", code, mid)
		}
		if got, want := EncodeMid(mid), canonicalMid(code); got != want {
			t.Fatalf("EncodeMid(DecodeMid(%q)) = %q, want %q", code, got, want)
		}
	})
}

func FuzzEncodeMid(f *testing.F) {
	for _, v := range midVectors {
		f.Add(v.mid)
	}
	for _, n := range []int64{-1, math.MinInt64, 1 << 53, MaxID, 62*62*62*62 - 1} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, mid int64) {
		code := EncodeMid(mid)
		if mid < 0 {
			if code != "" {
				t.Fatalf("EncodeMid(%d) = %q, want \"\"", mid, code)
			}
			return
		}
		if code == "" || len(code) > 11 || strings.Trim(code, alphabet) != "" {
			t.Fatalf("EncodeMid(%d) = %q: not 1–11 base62 characters", mid, code)
		}
		if code != "0" && code[0] == '0' {
			t.Fatalf("EncodeMid(%d) = %q has a leading zero", mid, code)
		}
		got, err := DecodeMid(code)
		if err != nil || got != mid {
			t.Fatalf("DecodeMid(EncodeMid(%d) = %q) = %d, %v", mid, code, got, err)
		}
	})
}

// TestBase62 checks the plain numeral short links and appkey62 use, which
// (unlike a mid) has no 7-digit groups: 3436240135184587 is "fJKVWs5Wb" here
// but "yfcLPlKKn" as a mid.
func TestBase62(t *testing.T) {
	for _, c := range []struct {
		n    uint64
		want string
	}{
		{0, "0"}, {9, "9"}, {10, "a"}, {61, "Z"}, {62, "10"},
		{3436240135184587, "fJKVWs5Wb"}, {1 << 53, "FfGNdXsE8"}, {math.MaxUint64, "lYGhA16ahyf"},
	} {
		if got := Base62(c.n); got != c.want {
			t.Errorf("Base62(%d) = %q, want %q", c.n, got, c.want)
		}
		if n, ok := ParseBase62(c.want); !ok || n != c.n {
			t.Errorf("ParseBase62(%q) = %d, %v", c.want, n, ok)
		}
	}
	for _, bad := range []string{"", "a-b", "lYGhA16ahyg", "100000000000"} {
		if n, ok := ParseBase62(bad); ok {
			t.Errorf("ParseBase62(%q) = %d, want refused", bad, n)
		}
	}
}
