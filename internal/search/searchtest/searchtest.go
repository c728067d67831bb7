// Package searchtest is the conformance suite of domain.Searcher engines:
// Chinese words, every facet, id bounds, order, counting, replacing and
// removing documents, clearing and the rebuild checkpoint. An engine's
// database needs the schema's migrations, which only the composition root
// may open alongside an engine, so internal/app runs it.
package searchtest

import (
	"context"
	"slices"
	"testing"

	"github.com/weibo-server/weibo/internal/domain"
)

// Run runs the suite on a new, empty engine.
func Run(t *testing.T, e domain.Searcher) {
	ctx := context.Background()
	docs := []domain.SearchDoc{
		{ID: 101, UserID: 1, AppID: 7, Text: "我今天去公园散步了", Province: 11, City: 5},
		{ID: 102, UserID: 2, Text: "北京的公园很大 http://t.cn/abc", HasPic: true, Province: 11, City: 6},
		{ID: 103, UserID: 1, Text: "转发微博//@user2:北京的公园很大", Repost: true, Province: 11, City: 5},
		{ID: 104, UserID: 3, AppID: 7, Text: "中华人民共和国 Hello World", Province: 31},
		{ID: 105, UserID: 2, Text: "家里的小猫咪", HasPic: true},
	}
	if err := e.Index(ctx, docs); err != nil {
		t.Fatalf("Index: %v", err)
	}
	search := func(what string, q domain.StatusSearch, want ...int64) {
		t.Helper()
		if q.Limit == 0 {
			q.Limit = 10
		}
		got, err := e.Search(ctx, q)
		if err != nil {
			t.Fatalf("%s: Search: %v", what, err)
		}
		if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("%s: got %v, want %v", what, got, want)
		}
		n, err := e.Count(ctx, q, 100)
		if err != nil {
			t.Fatalf("%s: Count: %v", what, err)
		}
		if len(want) < q.Limit && n != len(want) {
			t.Errorf("%s: Count %d, want %d", what, n, len(want))
		}
	}
	search("word", domain.StatusSearch{Words: "公园"}, 103, 102, 101)
	search("two words", domain.StatusSearch{Words: "公园散步"}, 101)
	search("any word", domain.StatusSearch{Words: "散步 小猫", AnyWord: true}, 105, 101)
	search("one character", domain.StatusSearch{Words: "猫"}, 105)
	search("latin, any case", domain.StatusSearch{Words: "HELLO"}, 104)
	search("sub-words of a long word", domain.StatusSearch{Words: "共和国"}, 104)
	search("no match", domain.StatusSearch{Words: "火锅"})
	search("links are not indexed", domain.StatusSearch{Words: "abc"})
	search("everything", domain.StatusSearch{}, 105, 104, 103, 102, 101)
	search("limit", domain.StatusSearch{Limit: 2}, 105, 104)
	search("author", domain.StatusSearch{Words: "公园", AuthorID: 1}, 103, 101)
	search("app", domain.StatusSearch{AppID: 7}, 104, 101)
	search("originals", domain.StatusSearch{Words: "公园", Ori: 1}, 102, 101)
	search("reposts", domain.StatusSearch{Words: "公园", Ori: 2}, 103)
	search("pictures", domain.StatusSearch{Pic: 1}, 105, 102)
	search("no pictures", domain.StatusSearch{Words: "公园", Pic: 2}, 103, 101)
	search("province", domain.StatusSearch{Province: 11}, 103, 102, 101)
	search("city", domain.StatusSearch{Province: 11, City: 5}, 103, 101)
	search("id bounds", domain.StatusSearch{SinceID: 101, MaxID: 103}, 103, 102)
	search("blank query is no word", domain.StatusSearch{Words: " ！ "}, 105, 104, 103, 102, 101)

	// Replacing a document re-indexes it; removing drops it (twice is fine).
	if err := e.Index(ctx, []domain.SearchDoc{{ID: 101, UserID: 1, Text: "今天吃火锅"}}); err != nil {
		t.Fatalf("re-Index: %v", err)
	}
	search("replaced: old words gone", domain.StatusSearch{Words: "散步"})
	search("replaced: new words", domain.StatusSearch{Words: "火锅"}, 101)
	for range 2 {
		if err := e.Remove(ctx, []int64{102, 999}); err != nil {
			t.Fatalf("Remove: %v", err)
		}
	}
	search("removed", domain.StatusSearch{Words: "公园"}, 103)

	kws, err := e.Keywords(ctx, "今天和朋友在北京吃烤鸭", 2)
	if err != nil || len(kws) != 2 {
		t.Errorf("Keywords: %q, %v", kws, err)
	}

	// The checkpoint of a rebuild.
	if _, ok, err := e.Checkpoint(ctx); err != nil || ok {
		t.Fatalf("Checkpoint on a new index: ok=%v err=%v", ok, err)
	}
	if err := e.SetCheckpoint(ctx, 103, true); err != nil {
		t.Fatalf("SetCheckpoint: %v", err)
	}
	if err := e.SetCheckpoint(ctx, 104, true); err != nil {
		t.Fatalf("SetCheckpoint again: %v", err)
	}
	if id, ok, err := e.Checkpoint(ctx); err != nil || !ok || id != 104 {
		t.Fatalf("Checkpoint: %d %v %v, want 104", id, ok, err)
	}
	if err := e.SetCheckpoint(ctx, 0, false); err != nil {
		t.Fatalf("SetCheckpoint end: %v", err)
	}
	if _, ok, err := e.Checkpoint(ctx); err != nil || ok {
		t.Fatalf("Checkpoint after the end: ok=%v err=%v", ok, err)
	}
	if err := e.Clear(ctx); err != nil {
		t.Fatalf("Clear: %v", err)
	}
	search("cleared", domain.StatusSearch{})
}
