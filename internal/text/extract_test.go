package text

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// benchStatus is a realistic full-length status: a repost chain mention, a
// topic, a t.cn link, full-width punctuation, 136 units by Count.
const benchStatus = "//@新浪体育：#世界杯# 梅西今晚又进球了，阿根廷队二比一逆转取得胜利！赛后他说这是职业生涯最难忘的比赛之一，" +
	"感谢所有球迷一直以来的支持与陪伴。完整集锦和赛后采访请戳 http://t.cn/A6ZxYhQk 大家觉得谁是本场最佳球员？下一场对阵法国队的比赛将在周六晚上八点开始，欢迎在评论区留言讨论"

func TestExtract(t *testing.T) {
	type E = Entities
	for _, tc := range []struct {
		name string
		in   string
		want E
	}{
		{"empty", "", E{}},
		{"plain text", "今天天气不错 nothing here", E{}},

		// Mentions.
		{"ASCII mention", "hi @bob_smith!", E{Mentions: []string{"bob_smith"}}},
		{"Chinese mention", "你好@张三 吃了吗", E{Mentions: []string{"张三"}}},
		{"mixed-script name with digits and hyphen", "@新浪-科技2013 hi", E{Mentions: []string{"新浪-科技2013"}}},
		{"repost chain ASCII colon", "转发//@name:text", E{Mentions: []string{"name"}}},
		{"repost chain full-width colon", "好//@新浪科技：转发微博", E{Mentions: []string{"新浪科技"}}},
		{"repost chain of several", "哈哈//@甲乙丙丁:同意//@Alice：+1//@甲乙丙丁:原文", E{Mentions: []string{"甲乙丙丁", "Alice"}}},
		{"full-width punctuation ends names", "@张三，@李四。@王五！@赵六？@孙七、@周八；", E{Mentions: []string{"张三", "李四", "王五", "赵六", "孙七", "周八"}}},
		{"ASCII punctuation ends names", "(@bob) @carol. @dave, @eve's", E{Mentions: []string{"bob", "carol", "dave", "eve"}}},
		{"ideographic space ends a name", "@张三\u3000你好", E{Mentions: []string{"张三"}}},
		{"emoji ends a name", "@张三😀", E{Mentions: []string{"张三"}}},
		{"adjacent mentions", "@bob@alice", E{Mentions: []string{"bob", "alice"}}},
		{"dedup keeps first order", "@b @a @b @a", E{Mentions: []string{"b", "a"}}},
		{"bare at", "@ @ 。@，", E{}},
		{"e-mail is not a mention", "mail bob@example.com or 张三@sina", E{Mentions: []string{"sina"}}},
		{"30-character name", "@" + strings.Repeat("名", 30), E{Mentions: []string{strings.Repeat("名", 30)}}},
		{"31-character run is not a name", "@" + strings.Repeat("a", 31) + " @ok", E{Mentions: []string{"ok"}}},
		{"mention inside a topic", "#问@张三#", E{Mentions: []string{"张三"}, Topics: []string{"问@张三"}}},

		// Topics.
		{"topic", "#世界杯# 开始了", E{Topics: []string{"世界杯"}}},
		{"topic trimmed", "# 春节 #", E{Topics: []string{"春节"}}},
		{"topic trimmed of ideographic space", "#\u3000春节\u3000#", E{Topics: []string{"春节"}}},
		{"two topics", "#a# and #b#", E{Topics: []string{"a", "b"}}},
		{"adjacent topics", "#a##b#", E{Topics: []string{"a", "b"}}},
		{"topic dedup", "#a# #b# #a#", E{Topics: []string{"a", "b"}}},
		{"empty pair then topic", "## #话题#", E{Topics: []string{"话题"}}},
		{"blank pair then topic", "# # #话题#", E{Topics: []string{"话题"}}},
		{"unclosed", "#话题", E{}},
		{"newline breaks a pair", "#a\nb# #c#", E{Topics: []string{"c"}}},
		{"CRLF breaks a pair", "#a\r\nb#", E{}},
		{"stray hash before topic", "第#1名 #话题#", E{Topics: []string{"1名"}}},
		{"32-character topic", "#" + strings.Repeat("题", 32) + "#", E{Topics: []string{strings.Repeat("题", 32)}}},
		{"33-character topic rejected", "#" + strings.Repeat("题", 33) + "# #y#", E{Topics: []string{"y"}}},

		// Links.
		{"http link", "看 http://example.com/a?b=1 吧", E{URLs: []string{"http://example.com/a?b=1"}}},
		{"https link", "https://t.cn/A6ZxYhQk", E{URLs: []string{"https://t.cn/A6ZxYhQk"}}},
		{"link ends at CJK", "戳http://t.cn/abc看", E{URLs: []string{"http://t.cn/abc"}}},
		{"trailing period trimmed", "see http://a.com/x.", E{URLs: []string{"http://a.com/x"}}},
		{"trailing punctuation trimmed", "http://a.com/x?!,", E{URLs: []string{"http://a.com/x"}}},
		{"unbalanced paren trimmed", "(http://a.com/x)", E{URLs: []string{"http://a.com/x"}}},
		{"balanced paren kept", "http://en.wikipedia.org/wiki/Go_(language)", E{URLs: []string{"http://en.wikipedia.org/wiki/Go_(language)"}}},
		{"link dedup", "http://a.com http://b.com http://a.com", E{URLs: []string{"http://a.com", "http://b.com"}}},
		{"not a link", "http://localhost ftp://a.com", E{}},
		{"@ and # inside a link are the link's", "http://a.com/@bob#x# @carol", E{Mentions: []string{"carol"}, URLs: []string{"http://a.com/@bob#x#"}}},

		// All together.
		{"status", benchStatus, E{
			Mentions: []string{"新浪体育"},
			Topics:   []string{"世界杯"},
			URLs:     []string{"http://t.cn/A6ZxYhQk"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Extract(tc.in)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Extract(%q)\n got  %#v\n want %#v", tc.in, got, tc.want)
			}
		})
	}
}

func TestExtractManyDistinct(t *testing.T) {
	// Past uniqLinearMax the dedup switches to a map; the result must not change.
	var b strings.Builder
	var want []string
	for i := range 100 {
		name := "u" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + string(rune('a'+i/26))
		b.WriteString("@" + name + " @" + name + " ")
		want = append(want, name)
	}
	got := Extract(b.String()).Mentions
	if !reflect.DeepEqual(got, want) {
		t.Errorf("mentions = %v\nwant %v", got, want)
	}
}

func BenchmarkExtract(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchStatus)))
	for b.Loop() {
		Extract(benchStatus)
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"", benchStatus, "@a@b", "//@name:text", "//@名字：文本", "#a##b#", "## #c#", "#a\nb#",
		"bob@example.com", "http://a.com/@b#c#", "(http://a.com/x)", "http://a.b.", "@\xff", "#\xff#", "@名\xe5",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := Extract(s)
		valid := utf8.ValidString(s)
		check := func(kind string, list []string, max int) {
			seen := map[string]bool{}
			for _, x := range list {
				if x == "" || !strings.Contains(s, x) {
					t.Fatalf("%s %q is empty or not in %q", kind, x, s)
				}
				if seen[x] {
					t.Fatalf("%s %q reported twice", kind, x)
				}
				seen[x] = true
				if valid && !utf8.ValidString(x) {
					t.Fatalf("%s %q is not valid UTF-8", kind, x)
				}
				if max > 0 && utf8.RuneCountInString(x) > max {
					t.Fatalf("%s %q longer than %d", kind, x, max)
				}
			}
		}
		check("mention", e.Mentions, MaxMentionLen)
		check("topic", e.Topics, MaxTopicLen)
		check("url", e.URLs, 0)
		for _, m := range e.Mentions {
			if strings.ContainsAny(m, "@#: \t\n，：") {
				t.Fatalf("mention %q contains a terminator", m)
			}
		}
		for _, u := range e.URLs {
			if !strings.HasPrefix(strings.ToLower(u), "http") {
				t.Fatalf("url %q does not start with http", u)
			}
		}
	})
}
