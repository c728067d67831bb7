package text

import (
	"slices"
	"testing"
)

func TestNameKeys(t *testing.T) {
	for _, tc := range []struct {
		name string
		want []string
	}{
		{"张小明", []string{"张小明", "zhangxiaoming", "zxm"}},
		{"Alice_W", []string{"alicew"}},
		{"快乐的Cat9", []string{"快乐的cat9", "kuailedecat9", "kldcat9"}},
		{"!!!", nil},
	} {
		got := NameKeys(tc.name)
		if !slices.Equal(got, tc.want) {
			t.Errorf("NameKeys(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	for _, tc := range []struct {
		name, q      string
		match, exact bool
	}{
		{"张小明", "张", true, true},
		{"张小明", "zhang", true, false},
		{"张小明", "ZXM", true, false},
		{"张小明", "章", true, false}, // homophone, by sound
		{"张小明", "小明", false, false},
		{"Alice", "al", true, true},
		{"Alice", "", false, false},
		{"Alice", "bob", false, false},
	} {
		m, e := MatchName(tc.name, tc.q)
		if m != tc.match || e != tc.exact {
			t.Errorf("MatchName(%q, %q) = %v %v, want %v %v", tc.name, tc.q, m, e, tc.match, tc.exact)
		}
	}
}

func TestInitial(t *testing.T) {
	for _, c := range []struct {
		name string
		want byte
	}{
		{"北京大学", 'B'}, {"清华大学", 'Q'}, {"Peking University", 'P'}, {"apple", 'A'},
		{"  (香港)中文大學", 'X'}, {"2nd Military Medical University", 0}, {"", 0}, {"Été", 0},
	} {
		if got := Initial(c.name); got != c.want {
			t.Errorf("Initial(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
