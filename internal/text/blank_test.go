package text

import "testing"

func TestBlank(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"", true},
		{"   ", true},
		{"\t\r\n", true},
		{"\u3000", true},             // ideographic space
		{"\u00a0", true},             // no-break space
		{"\u200b\u200b", true},       // zero-width spaces
		{"\u200c\u200d\u2060", true}, // zero-width non-joiner, joiner, word joiner
		{"\ufeff", true},             // byte-order mark
		{"\u00ad", true},             // soft hyphen
		{"\u200e\u200f\u202e", true}, // direction marks and overrides
		{"\ufe0f", true},             // a variation selector alone
		{"\u3164\u115f\uffa0", true}, // Hangul fillers
		{"\u2800", true},             // braille blank
		{"\u007f\u0085", true},       // DEL, NEL
		{"\U000e0041", true},         // a tag character
		{"a", false},
		{"\u200b字\u200b", false},
		{"😀", false},
		{"\u2764\ufe0f", false}, // a heart with its variation selector
		{".", false},
		{"\u0301", false}, // a combining accent shows (on a dotted circle)
	} {
		if got := Blank(tt.s); got != tt.want {
			t.Errorf("Blank(%+q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
