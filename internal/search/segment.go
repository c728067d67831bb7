// Package search holds what every full-text engine shares: the Chinese
// segmenter (github.com/go-ego/gse) that turns status text into index tokens
// and queries into terms. The engines (search/sqlite, search/postgres) store
// the tokens in an index their database already has.
//
// Chinese has no spaces, so words come from a dictionary-driven segmenter:
// at index time in search mode (a long word also yields the dictionary words
// inside it: 中华人民共和国 → 中华, 人民, 共和国, ...), plus every Han
// character of a longer word on its own, so that a one-character query (猫)
// finds 小猫; at query time in the precise mode, each query word being
// required. A query word the text was segmented differently around still
// matches through its own dictionary sub-words (see Term).
package search

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/weibo-server/weibo/internal/search/zhdict"
)

// Bounds on what a query may cost, whatever the client sends.
const (
	// MaxQueryRunes is how much of a query is segmented.
	MaxQueryRunes = 256
	// MaxTerms is how many words of a query are looked up.
	MaxTerms = 8
)

// TestDictionary is a tiny dictionary for tests: loading the real one takes
// about a second and tens of MB per process, which every test binary that
// boots a server would pay. Its words are those tests search for.
const TestDictionary = `公园 4609 n
散步 336 n
今天 8000 t
天气 3000 n
北京 9000 ns
上海 8000 ns
烤鸭 100 n
咖啡 900 n
咖啡馆 184 n
电影 5000 n
朋友 6000 n
周末 2000 t
火锅 500 n
中华 1000 nz
人民 20000 n
共和 800 n
共和国 3000 n
中华人民共和国 2000 ns
跑步 700 v
读书 900 v
猫咪 300 n
小猫 400 n
世界 9000 n
晚霞 100 n
`

// Segmenter cuts text into words. It loads its dictionary on first use,
// once: loading the default one takes about a second, which a process that
// never searches or indexes does not pay at start. Safe for concurrent use.
type Segmenter struct {
	source func() (string, error)
	name   string

	once     sync.Once
	seg      gse.Segmenter
	err      error
	loadTook time.Duration
	loaded   atomic.Bool
}

// NewSegmenter uses the dictionary file at path (gse's format: "word
// frequency [part of speech]" per line), or the embedded default when path
// is "".
func NewSegmenter(path string) *Segmenter {
	if path == "" {
		return NewSegmenterText("embedded", zhdict.Simplified)
	}
	return &Segmenter{name: path, source: func() (string, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("search: dictionary: %w", err)
		}
		return string(b), nil
	}}
}

// NewSegmenterText uses dict, a dictionary in gse's format, named name.
func NewSegmenterText(name, dict string) *Segmenter {
	return &Segmenter{name: name, source: func() (string, error) { return dict, nil }}
}

// gseLoad serializes dictionary loads (see load).
var gseLoad sync.Mutex

func (s *Segmenter) load() error {
	s.once.Do(func() {
		start := time.Now()
		dict, err := s.source()
		if err != nil {
			s.err = err
			return
		}
		s.seg.SkipLog = true
		// gse keeps its HMM model in package globals that every Segmenter
		// (re)fills while loading: two loading at once in one process
		// (two nodes in one test binary) race on them.
		gseLoad.Lock()
		defer gseLoad.Unlock()
		if err := s.seg.LoadDictStr(dict); err != nil {
			s.err = fmt.Errorf("search: load dictionary %s: %w", s.name, err)
			return
		}
		if err := s.seg.LoadStopEmbed(); err != nil {
			s.err = fmt.Errorf("search: load stop words: %w", err)
			return
		}
		s.loadTook = time.Since(start)
		s.loaded.Store(true)
	})
	return s.err
}

// Loaded reports whether the dictionary is loaded, and how long that took.
func (s *Segmenter) Loaded() (bool, time.Duration) {
	if !s.loaded.Load() {
		return false, 0
	}
	return true, s.loadTook
}

// Load loads the dictionary now (a server may warm up in the background).
func (s *Segmenter) Load() error { return s.load() }

var urlRE = regexp.MustCompile(`(?i)https?://[^\s]+`)

// clean keeps the letters and digits of a word, lower-cased: punctuation,
// emoji and spaces are no part of any token.
func clean(w string) string {
	ok := true
	for _, r := range w {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r)) || unicode.IsUpper(r) {
			ok = false
			break
		}
	}
	if ok {
		return w
	}
	var b strings.Builder
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// IndexTokens are the distinct tokens a status is indexed under: the words
// of its text in search mode, and each Han character of its longer words.
// Links are left out (their pieces are noise).
func (s *Segmenter) IndexTokens(text string) ([]string, error) {
	if err := s.load(); err != nil {
		return nil, err
	}
	text = urlRE.ReplaceAllString(text, " ")
	seen := make(map[string]struct{}, 32)
	out := make([]string, 0, 32)
	add := func(w string) {
		if _, dup := seen[w]; dup || w == "" {
			return
		}
		seen[w] = struct{}{}
		out = append(out, w)
	}
	for _, w := range s.seg.CutSearch(text, true) {
		w = clean(w)
		add(w)
		if utf8.RuneCountInString(w) > 1 {
			for _, r := range w {
				if isHan(r) {
					add(string(r))
				}
			}
		}
	}
	return out, nil
}

// Term is one word of a query. A status matches it when it holds Word as a
// token or, failing that, every one of Parts: the dictionary words inside a
// long Word (人民共和国 → 人民, 共和, 共和国), for texts segmented
// differently around it (中华人民共和国 is one word there).
type Term struct {
	Word  string
	Parts []string
}

// Terms segments a query into at most MaxTerms distinct terms. Stop words
// (的, 了, ...) are dropped unless nothing else is left.
func (s *Segmenter) Terms(q string) ([]Term, error) {
	if err := s.load(); err != nil {
		return nil, err
	}
	q = truncateRunes(urlRE.ReplaceAllString(q, " "), MaxQueryRunes)
	var words, stops []string
	for _, w := range s.seg.Cut(q, true) {
		w = clean(w)
		if w == "" || slices.Contains(words, w) || slices.Contains(stops, w) {
			continue
		}
		if s.seg.IsStop(w) {
			stops = append(stops, w)
		} else {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		words = stops
	}
	if len(words) > MaxTerms {
		words = words[:MaxTerms]
	}
	out := make([]Term, 0, len(words))
	for _, w := range words {
		t := Term{Word: w}
		if utf8.RuneCountInString(w) >= 3 {
			for _, p := range s.seg.CutSearch(w, false) {
				if p = clean(p); p != "" && p != w && !slices.Contains(t.Parts, p) {
					t.Parts = append(t.Parts, p)
				}
			}
		}
		out = append(out, t)
	}
	return out, nil
}

// Keywords are up to n distinct words of text worth searching for: no stop
// words, no single characters, rarest first (a word the dictionary does not
// know, a name, is the rarest of all).
func (s *Segmenter) Keywords(text string, n int) ([]string, error) {
	if err := s.load(); err != nil {
		return nil, err
	}
	text = truncateRunes(urlRE.ReplaceAllString(text, " "), 4*MaxQueryRunes)
	type kw struct {
		w    string
		freq float64
		at   int
	}
	var ks []kw
	for i, w := range s.seg.Cut(text, true) {
		w = clean(w)
		if utf8.RuneCountInString(w) < 2 || s.seg.IsStop(w) || slices.ContainsFunc(ks, func(k kw) bool { return k.w == w }) {
			continue
		}
		freq, _, _ := s.seg.Find(w)
		ks = append(ks, kw{w, freq, i})
	}
	slices.SortStableFunc(ks, func(a, b kw) int {
		switch {
		case a.freq < b.freq:
			return -1
		case a.freq > b.freq:
			return 1
		}
		return a.at - b.at
	})
	out := make([]string, 0, min(n, len(ks)))
	for _, k := range ks {
		if len(out) == n {
			break
		}
		out = append(out, k.w)
	}
	return out, nil
}

func truncateRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// Syntax spells a boolean query for an engine.
type Syntax struct {
	Quote   func(token string) string
	And, Or string
}

// Expr is the boolean expression of terms: every term (any one, with any)
// as Term describes, and every one of also (facet tokens). "" when there is
// nothing to match.
func Expr(terms []Term, anyTerm bool, also []string, sx Syntax) string {
	var parts []string
	for _, t := range terms {
		e := sx.Quote(t.Word)
		if len(t.Parts) > 0 {
			sub := make([]string, len(t.Parts))
			for i, p := range t.Parts {
				sub[i] = sx.Quote(p)
			}
			e = "(" + e + " " + sx.Or + " (" + strings.Join(sub, " "+sx.And+" ") + "))"
		}
		parts = append(parts, e)
	}
	var b strings.Builder
	if anyTerm && len(parts) > 1 {
		parts = []string{"(" + strings.Join(parts, " "+sx.Or+" ") + ")"}
	}
	for _, a := range also {
		parts = append(parts, sx.Quote(a))
	}
	b.WriteString(strings.Join(parts, " "+sx.And+" "))
	return b.String()
}
