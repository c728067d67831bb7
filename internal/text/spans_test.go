package text

import (
	"slices"
	"strings"
	"testing"
)

func TestSpans(t *testing.T) {
	type S = Span
	for _, tc := range []struct {
		in   string
		want []Span
	}{
		{"", nil},
		{"plain", []S{{SpanText, "plain", ""}}},
		{"hi @bob!", []S{{SpanText, "hi ", ""}, {SpanMention, "@bob", "bob"}, {SpanText, "!", ""}}},
		{"#世界杯# 开始", []S{{SpanTopic, "#世界杯#", "世界杯"}, {SpanText, " 开始", ""}}},
		{"a #问@张三# b", []S{{SpanText, "a ", ""}, {SpanTopic, "#问@张三#", "问@张三"}, {SpanText, " b", ""}}},
		{"see http://x.com/a. ok", []S{{SpanText, "see ", ""}, {SpanURL, "http://x.com/a", "http://x.com/a"}, {SpanText, ". ok", ""}}},
		{"@a@b", []S{{SpanMention, "@a", "a"}, {SpanMention, "@b", "b"}}},
		{"bob@example.com", []S{{SpanText, "bob@example.com", ""}}},
		{"第#1名 #话题#", []S{{SpanText, "第", ""}, {SpanTopic, "#1名 #", "1名"}, {SpanText, "话题#", ""}}},
		{"#a\nb# @c", []S{{SpanText, "#a\nb# ", ""}, {SpanMention, "@c", "c"}}},
	} {
		got := Spans(tc.in)
		if !slices.Equal(got, tc.want) {
			t.Errorf("Spans(%q) =\n %+v\nwant\n %+v", tc.in, got, tc.want)
		}
	}
}

// FuzzSpans checks that the spans give the text back and link what Extract
// finds (nothing more; a topic may swallow an entity inside it).
func FuzzSpans(f *testing.F) {
	for _, s := range []string{benchStatus, "#问@张三# http://a.b/#x @c", "##@a#b#c#", "http://t.cn/abc), @张三：#话题#"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		e := Extract(s)
		for _, sp := range Spans(s) {
			b.WriteString(sp.Text)
			var list []string
			switch sp.Kind {
			case SpanMention:
				list = e.Mentions
			case SpanTopic:
				list = e.Topics
			case SpanURL:
				list = e.URLs
			default:
				continue
			}
			if !slices.Contains(list, sp.Value) {
				t.Fatalf("Spans(%q) links %q, which Extract does not report (%+v)", s, sp.Value, e)
			}
		}
		if b.String() != s {
			t.Fatalf("Spans(%q) joined = %q", s, b.String())
		}
	})
}
