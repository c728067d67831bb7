package text

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

var countTests = []struct {
	name string
	in   string
	want int
}{
	{"empty", "", 0},
	{"one ASCII letter rounds up", "a", 1},
	{"two ASCII letters are one unit", "ab", 1},
	{"one Chinese character", "中", 1},
	{"140 Chinese characters pass", strings.Repeat("微", 140), 140},
	{"141 Chinese characters", strings.Repeat("微", 141), 141},
	{"280 ASCII letters", strings.Repeat("a", 280), 140},
	{"281 ASCII letters", strings.Repeat("a", 281), 141},
	{"Latin-1 letters are single", "éàü", 2}, // 3 half-units
	{"U+00FF single, U+0100 double", "\u00ff\u0100", 2},
	{"full-width punctuation is double", "，。！：", 4},
	{"ideographic space is double", "\u3000", 1},
	{"emoji is double", "😀", 1},
	{"mixed emoji and ASCII", "a😀", 2},                   // 1+2 = 3
	{"emoji ZWJ sequence is per code point", "👨‍👩‍👧", 5}, // 3 emoji + 2 U+200D = 10
	{"mixed emoji, CJK and letters", "好😀ok👍", 4},         // 2+2+1+1+2 = 8
	{"CRLF counts as one line break", "\r\n\r\n", 1},     // 2 half-units, not 4
	{"lone CR is a character", "\r\r", 1},                //
	{"LF", "a\nb", 2},                                    // 3
	{"CRLF within text", "好\r\n好", 3},                    // 2+1+2 = 5
	{"a link costs 10", "http://example.com/abc", 10},    //
	{"https link costs 10", "https://example.com/a", 10}, // inferred: modern clients
	{"upper-case scheme is a link", "HTTP://EXAMPLE.COM/A", 10},
	{"link with query and fragment", "http://www.example.org/p/x?a=1&b=2#frag", 10},
	{"link plus text", "看看 http://example.com/x", 13},                  // 4+1+20 = 25
	{"link in Chinese text ends at CJK", "看http://example.com/x看", 12}, // 2+20+2 = 24
	{"two links", "http://a.com/1 http://b.com/2", 21},                 // 20+1+20 = 41
	{"link of 140 bytes costs 10", "http://example.com/" + strings.Repeat("a", 121), 10},
	{"link of 141 bytes costs 11", "http://example.com/" + strings.Repeat("a", 122), 11}, // 141-140+20 = 21
	{"link of 200 bytes", "http://example.com/" + strings.Repeat("a", 181), 40},          // 80
	{"t.cn link costs its length", "http://t.cn/zOXAaic", 10},                            // 19 → 10
	{"t.cn https link", "https://t.cn/zOXAaicXYZ", 12},                                   // 23
	{"t.cn with text", "ab http://t.cn/zOXAaic", 11},                                     // 3+19 = 22
	{"weibo.com short link is real length", "http://weibo.com/1234567890/yfcLPlKKn", 19}, // 37
	{"weibo.com 41 bytes", "http://weibo.com/" + strings.Repeat("x", 24), 21},            // 41
	{"weibo.com 42 bytes costs 10", "http://weibo.com/" + strings.Repeat("x", 25), 10},   //
	{"weibo.com long", "http://weibo.com/" + strings.Repeat("x", 183), 40},               // 200 → 80
	{"weibo.cn", "http://weibo.cn/u/1", 10},                                              // 19
	{"t.sina.com.cn", "http://t.sina.com.cn/n/a", 12},                                    // 24
	{"t.sina.cn", "http://t.sina.cn/a", 9},                                               // 18
	{"weibo subdomain", "http://www.weibo.com/u/1", 12},                                  // 24
	{"lookalike domain is ordinary", "http://weibo.com.example.org/u", 10},               // 30 bytes but 20
	{"not a weibo domain", "http://notweibo.com/u", 10},                                  // 21 bytes but 20
	{"host without dot is text", "http://localhost/x", 9},                                // 18
	{"scheme alone is text", "http://", 4},                                               // 7
	{"ftp is text", "ftp://example.com/x", 10},                                           // 19
	{"hyphenated host is a link", "http://my-site.com/page", 10},
	{"URL stops at space", "http://a.com/x y", 11},              // 20+1+1
	{"URL takes trailing punctuation", "http://a.com/x.,!", 10}, // all part of the link
	{"URL stops at full-width", "http://a.com/x，", 11},          // 20+2
	{"link directly after text", "xhttp://a.com", 11},           // 1+20 = 21
	{"invalid UTF-8 bytes count double", "\xff\xfe", 2},         // 4
	{"truncated UTF-8 sequence", "\xe4\xb8", 2},                 // 2 invalid bytes
	{"mention and topic cost as text", "@张三 #话题#", 6},           // 1+4+1+1+4+1 = 12
	{"repost chain", "//@新浪科技:转发微博", 10},                        // 3+8+1+8 = 20
	{"realistic status", benchStatus, 0},                        // fixed up below: must be <= 140
	{"140 Chinese plus a link", strings.Repeat("微", 130) + "http://example.com/x", 140},
}

func TestCount(t *testing.T) {
	for _, tc := range countTests {
		t.Run(tc.name, func(t *testing.T) {
			got := Count(tc.in)
			if tc.name == "realistic status" {
				if got < 120 || got > MaxStatusLen {
					t.Fatalf("benchmark status counts %d, want a realistic 120..140", got)
				}
				return
			}
			if got != tc.want {
				t.Errorf("Count(%q) = %d, want %d", tc.in, got, tc.want)
			}
		})
	}
}

func TestCountAgainstReference(t *testing.T) {
	// An independent, slower transcription of the §9 rule (string
	// replacement and rune loop, as STK does it) must agree with Count on
	// every table input and on some composed ones.
	inputs := []string{}
	for _, tc := range countTests {
		inputs = append(inputs, tc.in)
	}
	for _, a := range inputs[:12] {
		for _, b := range inputs[len(inputs)-20:] {
			inputs = append(inputs, a+" "+b, b+a)
		}
	}
	for _, in := range inputs {
		if got, want := Count(in), referenceCount(in); got != want {
			t.Errorf("Count(%q) = %d, reference %d", in, got, want)
		}
	}
}

// referenceURL is matchURL written as a regular expression, so the
// reference below does not share the scanner it checks.
var referenceURL = regexp.MustCompile(`(?i)https?://([a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)+)[-a-z0-9_$.+!*()/,:;@&=?~#%]*`)

// referenceCount follows spec §9 step by step with no shortcuts: normalise,
// find and charge the links, remove them, count what is left, halve.
func referenceCount(s string) int {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	urlBytes := 0
	var rest strings.Builder
	last := 0
	for _, m := range referenceURL.FindAllStringSubmatchIndex(s, -1) {
		n := m[1] - m[0]
		host := strings.ToLower(s[m[2]:m[3]])
		weibo := false
		for _, d := range []string{"weibo.com", "weibo.cn", "t.sina.com.cn", "t.sina.cn"} {
			weibo = weibo || host == d || strings.HasSuffix(host, "."+d)
		}
		switch {
		case host == "t.cn":
			urlBytes += n
		case weibo && n <= 41:
			urlBytes += n
		case n <= 140:
			urlBytes += 20
		default:
			urlBytes += n - 140 + 20
		}
		rest.WriteString(s[last:m[0]])
		last = m[1]
	}
	rest.WriteString(s[last:])
	textBytes := 0
	for _, r := range rest.String() { // invalid bytes range as U+FFFD
		if r <= 0xFF {
			textBytes++
		} else {
			textBytes += 2
		}
	}
	total := urlBytes + textBytes
	return total/2 + total%2
}

func TestCountNeverExceedsBytes(t *testing.T) {
	for _, tc := range countTests {
		if n := Count(tc.in); n < 0 || n > len(tc.in) {
			t.Errorf("Count(%q) = %d outside [0, %d]", tc.in, n, len(tc.in))
		}
	}
}

func BenchmarkCount(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(benchStatus)))
	for b.Loop() {
		Count(benchStatus)
	}
}

func FuzzCount(f *testing.F) {
	for _, tc := range countTests {
		f.Add(tc.in)
	}
	for _, s := range []string{"http://", "https://a.b", "http://a.b.", "http://a-.b-", "hTtPs://T.CN/x", "\r", "\r\n\r", "\xf0\x9f\x98"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Count(s)
		if n < 0 || n > len(s) {
			t.Fatalf("Count(%q) = %d outside [0, %d]", s, n, len(s))
		}
		if utf8.ValidString(s) {
			if want := referenceCount(s); n != want {
				t.Fatalf("Count(%q) = %d, reference %d", s, n, want)
			}
		}
	})
}

func TestShortened(t *testing.T) {
	for _, c := range []struct {
		link string
		want bool
	}{
		{"http://example.com/a", true},
		{"https://example.com", true},
		{"http://t.cn/zOXAaic", false},
		{"HTTPS://T.CN/abc", false},
		{"http://weibo.com/1234/abcd", false},                                             // 26 bytes: as short as it gets
		{"http://weibo.com/1234567890/abcdefghijklmnopqrstuvwxyz", true},                  // over 41 bytes
		{"http://m.weibo.cn/x", false},                                                    // a subdomain
		{"http://weibo.com.example.org/x", true},                                          // not Sina's
		{"http://" + strings.Repeat("a", 200) + ".com/" + strings.Repeat("p", 300), true}, // charged past 140
		{"not a link", false},
		{"http://localhost/x", false},
	} {
		if got := Shortened(c.link); got != c.want {
			t.Errorf("Shortened(%q) = %v, want %v", c.link, got, c.want)
		}
	}
}

func TestReplaceLinks(t *testing.T) {
	up := func(l string) (string, bool) {
		if strings.Contains(l, "skip") {
			return "", false
		}
		return "<" + strings.ToUpper(l) + ">", true
	}
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"no links here", "no links here"},
		{"http://a.com", "<HTTP://A.COM>"},
		{"see http://a.com/x, and http://a.com.", "see <HTTP://A.COM/X>, and <HTTP://A.COM>."},
		{"戳http://b.cn/q看 http://skip.com/", "戳<HTTP://B.CN/Q>看 http://skip.com/"},
		{"(http://a.com/p) http://a.com/p/q", "(<HTTP://A.COM/P>) <HTTP://A.COM/P/Q>"},
		{"http://localhost/x", "http://localhost/x"},
	} {
		if got := ReplaceLinks(c.in, up); got != c.want {
			t.Errorf("ReplaceLinks(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// Nothing replaced: the same string comes back, not a copy.
	s := "plain http://skip.com"
	if got := ReplaceLinks(s, up); got != s {
		t.Errorf("got %q", got)
	}
}
