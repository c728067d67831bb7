package text

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// Names are found by what people type into a suggestion box: the start of
// the name in any case, or of its pinyin, or of its pinyin initials
// (张小明: "张小", "zhangx", "zxm"). Pinyin comes from
// github.com/mozillazg/go-pinyin (MIT), the most common reading of each
// character, without tones.

var pinyinArgs = pinyin.NewArgs() // Normal style: no tones

// nameParts splits s into lower-cased pieces: the pinyin of each Han
// character, and runs of other letters and digits (punctuation dropped).
// han reports, per piece, whether it is a Han syllable.
func nameParts(s string) (parts []string, han []bool) {
	var run strings.Builder
	flush := func() {
		if run.Len() > 0 {
			parts, han = append(parts, run.String()), append(han, false)
			run.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			flush()
			if py := pinyin.SinglePinyin(r, pinyinArgs); len(py) > 0 && py[0] != "" {
				parts, han = append(parts, py[0]), append(han, true)
			} else {
				run.WriteRune(r)
				flush()
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			run.WriteRune(unicode.ToLower(r))
		}
	}
	flush()
	return parts, han
}

// foldName is s lower-cased with only its letters and digits.
func foldName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// NameKeys are the keys a name is found under by prefix: the name folded
// (lower case, letters and digits), its full pinyin and its pinyin
// initials. Distinct, non-empty.
func NameKeys(name string) []string {
	keys := []string{foldName(name)}
	parts, han := nameParts(name)
	if hasHan(han) {
		var full, initials strings.Builder
		for i, p := range parts {
			full.WriteString(p)
			if han[i] {
				initials.WriteString(p[:1])
			} else {
				initials.WriteString(p)
			}
		}
		keys = append(keys, full.String(), initials.String())
	}
	out := keys[:0]
	for _, k := range keys {
		if k != "" && !containsString(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// QueryKeys are the prefixes a typed query q looks names up by: q folded,
// and for Chinese input its pinyin too (so 张 also finds the homophone 章).
func QueryKeys(q string) []string {
	keys := []string{foldName(q)}
	if parts, han := nameParts(q); hasHan(han) {
		keys = append(keys, strings.Join(parts, ""))
	}
	out := keys[:0]
	for _, k := range keys {
		if k != "" && !containsString(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// MatchName reports whether name is found by query q (see NameKeys), and
// whether it is by the name itself rather than its sound.
func MatchName(name, q string) (match, exact bool) {
	qs := QueryKeys(q)
	if len(qs) == 0 {
		return false, false
	}
	if strings.HasPrefix(foldName(name), qs[0]) {
		return true, true
	}
	for _, k := range NameKeys(name) {
		for _, p := range qs {
			if strings.HasPrefix(k, p) {
				return true, false
			}
		}
	}
	return false, false
}

func hasHan(han []bool) bool {
	for _, h := range han {
		if h {
			return true
		}
	}
	return false
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Initial is the letter name is filed under in an A–Z index: its first
// letter upper-cased, or the initial of the pinyin of its first Han
// character. 0 when it starts with neither (a digit, say).
func Initial(name string) byte {
	for _, r := range name {
		switch {
		case r < 0x80 && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'):
			return byte(unicode.ToUpper(r))
		case unicode.Is(unicode.Han, r):
			if py := pinyin.SinglePinyin(r, pinyinArgs); len(py) > 0 && py[0] != "" {
				return byte(unicode.ToUpper(rune(py[0][0])))
			}
			return 0
		case unicode.IsSpace(r) || unicode.IsPunct(r):
			continue
		default:
			return 0
		}
	}
	return 0
}
