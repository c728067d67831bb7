package ids

import (
	"errors"
	"fmt"
	"math"

	"github.com/weibo-server/weibo/internal/domain"
)

// The base62 "mid" code of weibo.com links (spec/sina-v2/README.md §7). It is
// not a plain base-62 numeral: the decimal mid is cut into groups of 7 digits
// from the right and each group becomes 4 base62 characters (62^4 =
// 14,776,336 > 9,999,999), the leftmost group unpadded. Codes handed out by
// Sina follow this rule, so we must too, or links and statuses/querymid
// disagree with every existing client.

// alphabet is in value order: 0-9, a-z, A-Z.
const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

const (
	midGroupDigits = 7        // decimal digits per group
	midGroupChars  = 4        // base62 characters per group
	midGroupBase   = 10000000 // 10^midGroupDigits
)

// digitValue maps a byte to its base62 value, or -1 for anything else.
var digitValue = func() (v [256]int8) {
	for i := range v {
		v[i] = -1
	}
	for i := 0; i < len(alphabet); i++ {
		v[alphabet[i]] = int8(i)
	}
	return v
}()

// ErrBadMid is wrapped by every error DecodeMid returns, so callers can tell
// a malformed code apart with errors.Is.
var ErrBadMid = errors.New("invalid base62 mid")

// EncodeMid returns the base62 code of mid, e.g. 3436240135184587 →
// "yfcLPlKKn". Negative numbers have no code and give "".
func EncodeMid(mid int64) string {
	if mid < 0 {
		return ""
	}
	// Cutting the decimal string into 7-digit groups from the right is the
	// same as taking the number apart by powers of 10^7; doing it with
	// arithmetic avoids formatting and re-parsing the string. An int64 has
	// at most 19 digits, so at most 3 groups and 3+4+4 = 11 characters.
	var groups [3]int64
	n := 0
	for {
		groups[n] = mid % midGroupBase
		n++
		mid /= midGroupBase
		if mid == 0 {
			break
		}
	}
	var buf [3 * midGroupChars]byte
	out := buf[:0]
	for i := n - 1; i >= 0; i-- {
		width := midGroupChars
		if i == n-1 {
			width = 0 // the leftmost group is not padded
		}
		out = appendBase62(out, groups[i], width)
	}
	// The leftmost decimal group never starts with 0 (unless mid is 0), so
	// its code has no leading zeros and the spec's "drop leading zeros of the
	// whole string" step has nothing left to do.
	return string(out)
}

// Base62 is n as a plain base-62 numeral in the mid alphabet (no 7-digit
// groups): the code of a short link, an app's appkey62.
func Base62(n uint64) string {
	var b [11]byte // 62^11 > 2^64
	i := len(b)
	for {
		i--
		b[i] = alphabet[n%62]
		n /= 62
		if n == 0 {
			return string(b[i:])
		}
	}
}

// ParseBase62 reads a Base62 numeral back; ok is false for an empty one, a
// character outside the alphabet or a value beyond uint64.
func ParseBase62(s string) (n uint64, ok bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		d := digitValue[s[i]]
		if d < 0 || n > (math.MaxUint64-uint64(d))/62 {
			return 0, false
		}
		n = n*62 + uint64(d)
	}
	return n, true
}

// appendBase62 appends v in base62, left-padded with '0' to width.
func appendBase62(dst []byte, v int64, width int) []byte {
	var tmp [midGroupChars]byte // v < 10^7 < 62^4
	i := len(tmp)
	for {
		i--
		tmp[i] = alphabet[v%62]
		v /= 62
		if v == 0 {
			break
		}
	}
	for len(tmp)-i < width {
		i--
		tmp[i] = '0'
	}
	return append(dst, tmp[i:]...)
}

// DecodeMid returns the mid of a base62 code, e.g. "yfcLPlKKn" →
// 3436240135184587. Leading zeros are accepted (they change nothing); the
// empty string, characters outside [0-9a-zA-Z], a 4-character group worth
// more than 9,999,999 (no encoder makes one) and values beyond int64 are
// rejected with a domain error of kind Invalid wrapping ErrBadMid.
func DecodeMid(code string) (int64, error) {
	if code == "" {
		return 0, badMid(code, "empty")
	}
	start := 0
	for i := 0; i < len(code); i++ {
		if digitValue[code[i]] < 0 {
			return 0, badMid(code, fmt.Sprintf("bad character %q at %d", code[i], i))
		}
		if code[i] == '0' && start == i {
			start = i + 1 // skip leading zeros: they would only form zero groups
		}
	}
	code = code[start:]
	var mid int64
	// Groups of 4 from the right, so the leftmost one takes the remainder.
	end := len(code) % midGroupChars
	if end == 0 {
		end = midGroupChars
	}
	for begin := 0; begin < len(code); begin, end = end, end+midGroupChars {
		var g int64
		for i := begin; i < end; i++ {
			g = g*62 + int64(digitValue[code[i]])
		}
		if g >= midGroupBase {
			return 0, badMid(code, fmt.Sprintf("group %q exceeds 7 decimal digits", code[begin:end]))
		}
		if mid > (math.MaxInt64-g)/midGroupBase {
			return 0, badMid(code, "overflows int64")
		}
		mid = mid*midGroupBase + g
	}
	return mid, nil
}

func badMid(code, why string) error {
	const maxShown = 32 // the code comes from a request; do not echo megabytes into logs
	if len(code) > maxShown {
		code = code[:maxShown] + "…"
	}
	return &domain.Error{Kind: domain.KindInvalid, Msg: fmt.Sprintf("mid %q: %s", code, why), Err: ErrBadMid}
}
