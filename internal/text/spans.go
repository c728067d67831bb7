package text

// SpanKind says what a Span of a text is.
type SpanKind int

// The kinds of span.
const (
	SpanText    SpanKind = iota // plain text
	SpanMention                 // "@name": Value is the name
	SpanTopic                   // "#topic#": Value is the trimmed topic
	SpanURL                     // a link: Value is the link without trailing sentence punctuation
)

// Span is a piece of a text: Text is exactly the bytes it covers, so the
// spans of a text joined give the text back.
type Span struct {
	Kind  SpanKind
	Text  string
	Value string
}

// Spans cuts s into plain text, @mentions, #topics# and links, by the same
// rules as Extract (so a page links exactly what the core resolved), for
// renderers that turn the entities into links. Where a topic encloses a
// mention or a link ("#问@张三#"), the topic wins: links do not nest. A
// link's trailing punctuation, which Extract leaves out of it, is a plain
// span after it.
func Spans(s string) []Span {
	var out []Span
	plain := 0 // start of the pending plain text
	emit := func(start, end int, sp Span) {
		if start > plain {
			out = append(out, Span{Kind: SpanText, Text: s[plain:start]})
		}
		out = append(out, sp)
		plain = end
	}
	open := -1                   // byte offset of a '#' waiting for its partner
	openSpans, openPlain := 0, 0 // out and plain as they were at that '#'
	mentionEnd := -1
	for i := 0; i < len(s); {
		switch s[i] {
		case 'h', 'H':
			if u, ok := matchURL(s, i); ok {
				link := trimURL(s[i:u.end])
				emit(i, i+len(link), Span{Kind: SpanURL, Text: link, Value: link})
				i = u.end
				continue
			}
		case '@':
			if i == mentionEnd || !afterWordChar(s, i) {
				name, end := scanName(s, i+1)
				if name != "" {
					emit(i, end, Span{Kind: SpanMention, Text: s[i:end], Value: name})
					mentionEnd = end
				}
				i = end
				continue
			}
		case '#':
			if open >= 0 {
				if t, ok := topic(s[open+1 : i]); ok {
					// Take back what was emitted since the opening '#'.
					out, plain = out[:openSpans], openPlain
					emit(open, i+1, Span{Kind: SpanTopic, Text: s[open : i+1], Value: t})
					open = -1
					i++
					continue
				}
			}
			open = i
			openSpans, openPlain = len(out), plain
		}
		i++
	}
	if plain < len(s) {
		out = append(out, Span{Kind: SpanText, Text: s[plain:]})
	}
	return out
}
