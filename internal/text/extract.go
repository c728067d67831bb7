package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what Extract accepts as a name or a topic.
const (
	// MaxMentionLen is the longest screen name, in characters, Extract
	// reports. Weibo names are 4–30 characters (a CJK character counting as
	// two); a run of name characters longer than 30 cannot be a name under
	// any reading of that rule, so it is dropped rather than cut.
	MaxMentionLen = 30
	// MaxTopicLen is the longest #topic#, in characters after trimming.
	// Longer "topics" are nearly always two stray '#' around a sentence.
	MaxTopicLen = 32
)

// Entities are what Extract finds in a text, each list deduplicated and in
// order of first appearance; a nil list means none. They are substrings of
// the text, so valid UTF-8 in gives valid UTF-8 out.
type Entities struct {
	// Mentions are screen names after '@', without the '@'.
	Mentions []string
	// Topics are the texts between a pair of '#', trimmed.
	Topics []string
	// URLs are the http and https links.
	URLs []string
}

// Extract finds the @mentions, #topics# and links of s in one pass.
//
// Links are found first at each position, with the same matcher Count uses,
// and skipped whole: an '@' or '#' inside http://example.com/@x#frag is part
// of the link, not a mention or a topic.
//
// A mention is '@' followed by a run of name characters: letters of any
// script (CJK included), digits, '_' and '-'. Anything else ends it —
// whitespace, ASCII or full-width punctuation (":：，。！"), emoji, another
// '@' — so the repost chain "//@name:text" and "//@name：text" yield "name".
// Runs longer than MaxMentionLen characters are dropped. The 4-character
// minimum of Weibo names is not enforced: core resolves names against real
// users, so a short run costs one lookup, while enforcing it here would
// silently drop mentions of short legacy or test accounts. An '@' directly
// after an ASCII letter, digit or '_' is an e-mail address (bob@example.com),
// not a mention of "example"; "@a@b" still yields both names.
//
// A topic is the text between two '#' on the same line, trimmed of spaces,
// non-empty and at most MaxTopicLen characters. When a pair does not
// qualify, its closing '#' is tried as the opening of the next pair, so one
// stray '#' does not swallow a real topic after it.
//
// Links are reported without trailing sentence punctuation (".,;:!?" and an
// unbalanced ')'), which people type after a link but which is not part of
// it; Count still charges them as part of the link, as STK did.
func Extract(s string) Entities {
	var e Entities
	var mentions, topics, urls uniq
	open := -1       // byte offset of a '#' waiting for its partner
	mentionEnd := -1 // where the last mention ended, to let "@a@b" through
	for i := 0; i < len(s); {
		switch s[i] {
		case 'h', 'H':
			if u, ok := matchURL(s, i); ok {
				urls.add(&e.URLs, trimURL(s[i:u.end]))
				i = u.end
				continue
			}
		case '@':
			if i == mentionEnd || !afterWordChar(s, i) {
				name, end := scanName(s, i+1)
				if name != "" {
					mentions.add(&e.Mentions, name)
					mentionEnd = end
				}
				i = end
				continue
			}
		case '#':
			if open >= 0 {
				if t, ok := topic(s[open+1 : i]); ok {
					topics.add(&e.Topics, t)
					open = -1
					i++
					continue
				}
			}
			open = i
		}
		// Bytes of multi-byte characters never equal the ASCII triggers
		// above, so stepping byte by byte is safe and cheaper than decoding.
		i++
	}
	return e
}

// afterWordChar reports whether s[i] follows an ASCII letter, digit or '_',
// which makes an '@' there part of an e-mail address.
func afterWordChar(s string, i int) bool {
	if i == 0 {
		return false
	}
	c := s[i-1]
	return isAlnum(c) || c == '_'
}

// scanName returns the run of name characters starting at s[i] and where it
// ends; the name is "" if the run is empty or too long.
func scanName(s string, i int) (string, int) {
	j, n := i, 0
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if !isAlnum(c) && c != '_' && c != '-' {
				break
			}
			j++
			n++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			break // RuneError, CJK and full-width punctuation, emoji, spaces
		}
		j += size
		n++
	}
	if n == 0 || n > MaxMentionLen {
		return "", j
	}
	return s[i:j], j
}

// topic returns the topic between a pair of '#', if raw qualifies.
func topic(raw string) (string, bool) {
	if strings.ContainsAny(raw, "\r\n") {
		return "", false
	}
	t := strings.TrimSpace(raw) // also trims the ideographic space U+3000
	if t == "" || utf8.RuneCountInString(t) > MaxTopicLen {
		return "", false
	}
	return t, true
}

// trimURL removes sentence punctuation that ends a link.
func trimURL(u string) string {
	opens, closes := strings.Count(u, "("), strings.Count(u, ")")
	for {
		switch u[len(u)-1] {
		case '.', ',', ';', ':', '!', '?':
		case ')':
			if opens >= closes {
				return u // balanced: http://en.wikipedia.org/wiki/Go_(language)
			}
			closes--
		default:
			return u
		}
		u = u[:len(u)-1] // cannot empty u: the host ends on a letter, digit or '-'
	}
}

// uniq deduplicates a list. Statuses carry a handful of entities, so a linear
// scan is fastest; past a few dozen (only a hostile or pasted text has that
// many) it switches to a map so Extract stays linear in len(s).
type uniq struct{ seen map[string]struct{} }

const uniqLinearMax = 32

func (u *uniq) add(list *[]string, v string) {
	if u.seen != nil {
		if _, ok := u.seen[v]; ok {
			return
		}
		u.seen[v] = struct{}{}
		*list = append(*list, v)
		return
	}
	for _, x := range *list {
		if x == v {
			return
		}
	}
	*list = append(*list, v)
	if len(*list) > uniqLinearMax {
		u.seen = make(map[string]struct{}, 2*len(*list))
		for _, x := range *list {
			u.seen[x] = struct{}{}
		}
	}
}
