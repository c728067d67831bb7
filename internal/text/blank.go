package text

import "unicode"

// Blank reports whether s shows nothing: it holds only white space, control
// characters and characters that are invisible by themselves — zero-width
// spaces and joiners, the byte-order mark, soft hyphens, direction marks and
// other format characters, variation selectors, Hangul fillers and the
// braille blank. A status or comment that is Blank is empty content however
// long it is: "\u200b\u200b" must not post an invisible status.
func Blank(s string) bool {
	for _, r := range s {
		if !invisible(r) {
			return false
		}
	}
	return true
}

func invisible(r rune) bool {
	return unicode.IsSpace(r) || r == '\u2800' ||
		unicode.In(r, unicode.Cc, unicode.Cf, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point)
}
