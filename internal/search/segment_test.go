package search

import (
	"slices"
	"testing"
)

func TestIndexTokensAndTerms(t *testing.T) {
	s := NewSegmenterText("test", TestDictionary)
	toks, err := s.IndexTokens("我今天去公园散步了！http://t.cn/abc #周末# Hello")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"公园", "散步", "今天", "公", "园", "hello", "周末"} {
		if !slices.Contains(toks, want) {
			t.Errorf("tokens %q lack %q", toks, want)
		}
	}
	for _, not := range []string{"http", "cn", "abc", "！", "#", ""} {
		if slices.Contains(toks, not) {
			t.Errorf("tokens %q hold %q", toks, not)
		}
	}
	terms, err := s.Terms("公园 的 中华人民共和国")
	if err != nil {
		t.Fatal(err)
	}
	if len(terms) != 2 || terms[0].Word != "公园" || terms[1].Word != "中华人民共和国" {
		t.Fatalf("terms %+v", terms)
	}
	if !slices.Contains(terms[1].Parts, "人民") || !slices.Contains(terms[1].Parts, "共和国") {
		t.Errorf("parts of 中华人民共和国: %q", terms[1].Parts)
	}
	// A query of stop words only keeps them.
	if terms, _ := s.Terms("的"); len(terms) != 1 || terms[0].Word != "的" {
		t.Errorf("stop-word query: %+v", terms)
	}
	kws, err := s.Keywords("今天和朋友在北京吃烤鸭，烤鸭真好吃", 3)
	if err != nil {
		t.Fatal(err)
	}
	ky, pe := slices.Index(kws, "烤鸭"), slices.Index(kws, "朋友")
	if len(kws) != 3 || ky < 0 || (pe >= 0 && pe < ky) {
		t.Errorf("keywords %q: want 3, 烤鸭 (rarer) before 朋友", kws)
	}
}

func TestDefaultDictionary(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the full dictionary")
	}
	s := NewSegmenter("")
	toks, err := s.IndexTokens("中华人民共和国成立了")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"中华人民共和国", "人民", "共和国", "成立"} {
		if !slices.Contains(toks, want) {
			t.Errorf("tokens %q lack %q", toks, want)
		}
	}
	if ok, took := s.Loaded(); !ok {
		t.Error("not loaded")
	} else {
		t.Logf("default dictionary loaded in %s", took)
	}
}
