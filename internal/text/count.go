// Package text holds the rules Weibo applies to the text of a status or a
// comment: how long it is (Count) and which @mentions, #topics# and links it
// carries (Extract). Every dialect and the web site go through here, so a
// status accepted by one client is accepted by all of them.
package text

import (
	"strings"
	"unicode/utf8"
)

// MaxStatusLen is the longest status, repost or comment, in Count's units
// ("内容不超过140个汉字", spec/sina-v2/README.md §9).
const MaxStatusLen = 140

// Costs of a link, in half-units (bytes of Sina's "double-byte" counter).
const (
	shortURLCost      = 20  // what any link up to urlMaxFree bytes costs: 10 units
	urlMaxFree        = 140 // longer links pay for every byte beyond this
	weiboURLRealUpTo  = 41  // weibo links this short are charged their real length
	shortLinkHostName = "t.cn"
)

// weiboHosts are Sina's own domains. STK charges their links by real length
// when short, because they are already as short as a t.cn link would be.
var weiboHosts = []string{"weibo.com", "weibo.cn", "t.sina.com.cn", "t.sina.cn"}

// Count returns the length of s by the Weibo rule (spec/sina-v2/README.md
// §9), which is the counter of Sina's STK web client: two ASCII or Latin-1
// characters cost one unit, any other character one unit, and a link
// normally costs 10 units whatever its length, because Sina shortens it to a
// t.cn link on posting. A status is allowed if Count(s) <= MaxStatusLen.
//
// In half-units ("bytes"), summed and then halved rounding up:
//   - "\r\n" counts as "\n" (browsers send textareas with CRLF; the user typed
//     one line break);
//   - a link (see matchURL) to t.cn costs its byte length (it is already
//     short and stays as typed);
//   - a link to weibo.com, weibo.cn, t.sina.com.cn or t.sina.cn (or a
//     subdomain) costs its byte length up to 41 bytes, else as any other link;
//   - any other link costs 20 up to 140 bytes, else bytes − 140 + 20;
//   - any other character costs 1 if it is in U+0000–U+00FF, else 2. That is
//     per code point: STK's JavaScript counted UTF-16 units, so an emoji
//     outside the BMP cost it 4; the spec settles on 2 and so do we.
//     Invalid UTF-8 bytes cost 2 each, like the U+FFFD they decode to.
//
// Count never exceeds len(s): no byte costs more than two half-units.
func Count(s string) int {
	half := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r <= 0xFF {
				half++
			} else {
				half += 2
			}
			i += size
			continue
		}
		if c == 'h' || c == 'H' {
			if u, ok := matchURL(s, i); ok {
				half += urlCost(s[i:u.end], s[u.hostStart:u.hostEnd])
				i = u.end
				continue
			}
		}
		if c == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++ // the '\n' that follows is counted alone
			continue
		}
		half++
		i++
	}
	return (half + 1) / 2
}

// urlCost is the half-unit cost of the link u whose host is host.
func urlCost(u, host string) int {
	n := len(u)
	switch {
	case strings.EqualFold(host, shortLinkHostName):
		return n
	case isWeiboHost(host) && n <= weiboURLRealUpTo:
		return n
	case n <= urlMaxFree:
		return shortURLCost
	default:
		return n - urlMaxFree + shortURLCost
	}
}

// isWeiboHost reports whether host is one of weiboHosts or below one. STK
// tested the URL with a prefix regexp (^http://(weibo.com|weibo.cn)), which
// also matched weibo.com.example.org; comparing hosts is the intent.
func isWeiboHost(host string) bool {
	for _, d := range weiboHosts {
		if len(host) == len(d) && strings.EqualFold(host, d) {
			return true
		}
		if len(host) > len(d) && host[len(host)-len(d)-1] == '.' && strings.EqualFold(host[len(host)-len(d):], d) {
			return true
		}
	}
	return false
}

// urlMatch is where a link starts its host, ends its host, and ends.
type urlMatch struct{ hostStart, hostEnd, end int }

// matchURL reports whether a link starts at s[i] and where it ends. It is a
// hand-written form of STK's expression, which is what the counter was
// calibrated with:
//
//	http://[a-zA-Z0-9]+(\.[a-zA-Z0-9]+)+([-A-Z0-9a-z_$.+!*()/,:;@&=?~#%]*)*   (case-insensitive)
//
// with two inferred extensions: "https://" as well as "http://" (modern
// clients send https links and Sina shortens them the same way), and '-'
// inside host labels (real host names have them; without it
// http://my-site.com would be charged as 18 bytes of text instead of
// as a link). Like the expression, it needs no word boundary before "http"
// and takes every path character that follows the host, trailing
// punctuation included.
func matchURL(s string, i int) (urlMatch, bool) {
	j := i
	if len(s)-j < len("http://") || !strings.EqualFold(s[j:j+4], "http") {
		return urlMatch{}, false
	}
	j += 4
	if s[j] == 's' || s[j] == 'S' {
		j++
	}
	if !strings.HasPrefix(s[j:], "://") {
		return urlMatch{}, false
	}
	j += 3
	host := j
	labels := 0
	for j < len(s) && isAlnum(s[j]) {
		for j < len(s) && (isAlnum(s[j]) || s[j] == '-') {
			j++
		}
		labels++
		if j+1 < len(s) && s[j] == '.' && isAlnum(s[j+1]) {
			j++
			continue
		}
		break
	}
	if labels < 2 { // "http://localhost" is not a link to STK
		return urlMatch{}, false
	}
	hostEnd := j
	for j < len(s) && urlPathChar[s[j]] {
		j++
	}
	return urlMatch{hostStart: host, hostEnd: hostEnd, end: j}, true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// urlPathChar is STK's character class for what may follow the host.
var urlPathChar = func() (t [256]bool) {
	for _, c := range []byte("-_$.+!*()/,:;@&=?~#%") {
		t[c] = true
	}
	for c := 0; c < 256; c++ {
		t[c] = t[c] || isAlnum(byte(c))
	}
	return t
}()

// Shortened reports whether Weibo turns link into a short link when it is
// posted: every link Count charges at the flat rate, that is all but t.cn
// links and links to Sina's own hosts of at most 41 bytes, which Count
// charges by their real length because they are as short already.
func Shortened(link string) bool {
	u, ok := matchURL(link, 0)
	if !ok {
		return false
	}
	host := link[u.hostStart:u.hostEnd]
	switch {
	case strings.EqualFold(host, shortLinkHostName):
		return false
	case isWeiboHost(host) && len(link) <= weiboURLRealUpTo:
		return false
	}
	return true
}

// ReplaceLinks returns s with each link Extract reports (found the same
// way, without its trailing sentence punctuation) replaced by repl(link)
// where repl reports true. s itself comes back when nothing is replaced.
func ReplaceLinks(s string, repl func(link string) (string, bool)) string {
	var b strings.Builder
	done := 0 // s[:done] is in b
	for i := 0; i < len(s); {
		if c := s[i]; c == 'h' || c == 'H' {
			if u, ok := matchURL(s, i); ok {
				link := trimURL(s[i:u.end])
				if r, ok := repl(link); ok {
					b.WriteString(s[done:i])
					b.WriteString(r)
					done = i + len(link)
				}
				i = u.end
				continue
			}
		}
		i++
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return b.String()
}
