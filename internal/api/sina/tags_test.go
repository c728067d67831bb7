package sina_test

import (
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/sinaspec"
)

// Status tags: private labels on one's own statuses, through an app of the
// advanced level (tags.md part A).
func TestStatusTags(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		alice, bob := k.NewUser("alice"), k.NewUser("bob")
		adv, bobAdv := advancedClient(t, k, alice), advancedClient(t, k, bob)
		s1 := stPost(t, alice, "去了杭州")
		s2 := stPost(t, alice, "又去了杭州")
		s3 := stPost(t, alice, "上班")
		bobs := stPost(t, bob, "bob 的")

		mustFail(t, alice.Client, alice.Post("/2/statuses/tags/create.json", reqParams("tag", "旅行")), 403, 10014, "")
		mustFail(t, alice.Client, alice.Get("/2/statuses/tags.json", nil), 403, 10014, "")

		// create: names of at most 7 Chinese / 14 half-width characters,
		// no spaces, one per name whatever its case.
		travel := mustDecode[sinaspec.NewStatusTag](t, adv.Post("/2/statuses/tags/create.json", reqParams("tag", " 旅行 ")))
		if travel.ID == 0 || travel.Tag != "旅行" {
			t.Fatalf("create: %+v", travel)
		}
		work := mustDecode[sinaspec.NewStatusTag](t, adv.Post("/2/statuses/tags/create.json", reqParams("tag", "Work")))
		mustDecode[sinaspec.NewStatusTag](t, adv.Post("/2/statuses/tags/create.json", reqParams("tag", "abcdefghijklmn")))
		mustFail(t, adv, adv.Post("/2/statuses/tags/create.json", reqParams("tag", "WORK")), 400, 20701, "")
		mustFail(t, adv, adv.Post("/2/statuses/tags/create.json", reqParams("tag", "abcdefghijklmno")), 400, 21002, "")
		mustFail(t, adv, adv.Post("/2/statuses/tags/create.json", reqParams("tag", "一二三四五六七八")), 400, 21002, "")
		mustFail(t, adv, adv.Post("/2/statuses/tags/create.json", reqParams("tag", "a b")), 400, 20703, "")
		mustFail(t, adv, adv.Post("/2/statuses/tags/create.json", reqParams("tag", "a/b")), 400, 20703, "")
		mustFail(t, adv, adv.Post("/2/statuses/tags/create.json", nil), 400, 10016, "tag")
		mustDecode[sinaspec.NewStatusTag](t, bobAdv.Post("/2/statuses/tags/create.json", reqParams("tag", "旅行")))

		// update_tags: own statuses only; unknown names are left out.
		ts := mustDecode[sinaspec.TaggedStatus](t, adv.Post("/2/statuses/update_tags.json", reqParams("id", s1.IDStr, "tags", "旅行,work,没有这个")))
		if ts.ID != s1.ID || ts.UID != alice.ID || strings.Join(ts.Tags, ",") != "旅行,Work" {
			t.Fatalf("update_tags: %+v", ts)
		}
		mustDecode[sinaspec.TaggedStatus](t, adv.Post("/2/statuses/update_tags.json", reqParams("id", s2.IDStr, "tags", "旅行")))
		mustDecode[sinaspec.TaggedStatus](t, adv.Post("/2/statuses/update_tags.json", reqParams("id", s3.IDStr, "tags", "Work")))
		if ts := mustDecode[sinaspec.TaggedStatus](t, adv.Post("/2/statuses/update_tags.json", reqParams("id", s3.IDStr, "tags", "没有"))); len(ts.Tags) != 0 {
			t.Fatalf("unknown tags did not clear: %+v", ts.Tags)
		}
		mustDecode[sinaspec.TaggedStatus](t, adv.Post("/2/statuses/update_tags.json", reqParams("id", s3.IDStr, "tags", "Work")))
		mustFail(t, adv, adv.Post("/2/statuses/update_tags.json", reqParams("id", bobs.IDStr, "tags", "旅行")), 403, 20102, "")
		mustFail(t, adv, adv.Post("/2/statuses/update_tags.json", reqParams("id", s1.IDStr, "tags", "a,b,c,d,e,f")), 400, 20702, "")
		mustFail(t, adv, adv.Post("/2/statuses/update_tags.json", reqParams("id", "4503599627370495", "tags", "旅行")), 400, 20101, "")
		mustFail(t, adv, adv.Post("/2/statuses/update_tags.json", reqParams("tags", "旅行")), 400, 20109, "")

		// statuses/tags: most used first (ties: newest first), with counts;
		// bob's are his own.
		tags := mustDecode[sinaspec.StatusTags](t, adv.Get("/2/statuses/tags.json", nil))
		if tags.TotalNumber != 3 || len(tags.Tags) != 3 || tags.Tags[0].ID != work.ID || tags.Tags[0].Count != 2 ||
			tags.Tags[1].ID != travel.ID || tags.Tags[1].Count != 2 || tags.Tags[2].Count != 0 {
			t.Fatalf("statuses/tags: %+v", tags)
		}
		if tags := mustDecode[sinaspec.StatusTags](t, adv.Get("/2/statuses/tags.json", reqParams("count", "1"))); len(tags.Tags) != 1 || tags.TotalNumber != 3 {
			t.Fatalf("statuses/tags count=1: %+v", tags)
		}
		if tags := mustDecode[sinaspec.StatusTags](t, bobAdv.Get("/2/statuses/tags.json", nil)); tags.TotalNumber != 1 || tags.Tags[0].Count != 0 {
			t.Fatalf("bob's statuses/tags: %+v", tags)
		}

		// show_batch: the viewer's labels only.
		batch := mustDecode[sinaspec.StatusTagsBatch](t, adv.Get("/2/statuses/tags/show_batch.json", reqParams("ids", s1.IDStr+","+bobs.IDStr)))
		if len(batch.Result) != 2 || batch.Result[0].StatusID != s1.ID || strings.Join(batch.Result[0].Tags, ",") != "旅行,Work" || len(batch.Result[1].Tags) != 0 {
			t.Fatalf("show_batch: %+v", batch)
		}
		if b := mustDecode[sinaspec.StatusTagsBatch](t, bobAdv.Get("/2/statuses/tags/show_batch.json", reqParams("ids", s1.IDStr))); len(b.Result[0].Tags) != 0 {
			t.Fatalf("bob sees alice's labels: %+v", b)
		}
		mustFail(t, adv, adv.Get("/2/statuses/tags/show_batch.json", nil), 400, 20001, "")
		many := make([]string, 51)
		for i := range many {
			many[i] = idString(int64(i + 1))
		}
		mustFail(t, adv, adv.Get("/2/statuses/tags/show_batch.json", reqParams("ids", strings.Join(many, ","))), 400, 20009, "")

		// tag_timeline/ids: newest first, paged.
		ids := mustDecode[sinaspec.IDTimeline](t, adv.Get("/2/statuses/tag_timeline/ids.json", reqParams("tag", "旅行")))
		if strings.Join(ids.Statuses, ",") != s2.IDStr+","+s1.IDStr || ids.TotalNumber != 2 {
			t.Fatalf("tag_timeline/ids: %+v", ids)
		}
		ids = mustDecode[sinaspec.IDTimeline](t, adv.Get("/2/statuses/tag_timeline/ids.json", reqParams("tag", "旅行", "max_id", idString(s2.ID-1))))
		if strings.Join(ids.Statuses, ",") != s1.IDStr {
			t.Fatalf("tag_timeline/ids max_id: %+v", ids)
		}
		mustFail(t, adv, adv.Get("/2/statuses/tag_timeline/ids.json", reqParams("tag", "没有")), 400, 10017, "tag")
		mustFail(t, adv, adv.Get("/2/statuses/tag_timeline/ids.json", nil), 400, 10016, "tag")
		mustFail(t, bobAdv, bobAdv.Get("/2/statuses/tag_timeline/ids.json", reqParams("tag", "Work")), 400, 10017, "tag")

		// A deleted status leaves the counts and the timeline.
		mustOK(t, alice.Post("/2/statuses/destroy.json", reqParams("id", s2.IDStr)))
		ids = mustDecode[sinaspec.IDTimeline](t, adv.Get("/2/statuses/tag_timeline/ids.json", reqParams("tag", "旅行")))
		if strings.Join(ids.Statuses, ",") != s1.IDStr || ids.TotalNumber != 1 {
			t.Fatalf("tag_timeline/ids after delete: %+v", ids)
		}

		// update (rename) and destroy.
		r := mustDecode[sinaspec.RenamedStatusTag](t, adv.Post("/2/statuses/tags/update.json", reqParams("old_tag", "旅行", "new_tag", "出游")))
		if !r.Result || r.ID != travel.ID || r.Tag != "出游" {
			t.Fatalf("rename: %+v", r)
		}
		mustFail(t, adv, adv.Post("/2/statuses/tags/update.json", reqParams("old_tag", "出游", "new_tag", "work")), 400, 20701, "")
		mustFail(t, adv, adv.Post("/2/statuses/tags/update.json", reqParams("old_tag", "旅行", "new_tag", "x")), 400, 10017, "old_tag")
		mustFail(t, adv, adv.Post("/2/statuses/tags/update.json", reqParams("old_tag", "出游", "new_tag", "x y")), 400, 20703, "")
		mustFail(t, adv, adv.Post("/2/statuses/tags/update.json", reqParams("old_tag", "出游")), 400, 10016, "new_tag")
		batch = mustDecode[sinaspec.StatusTagsBatch](t, adv.Get("/2/statuses/tags/show_batch.json", reqParams("ids", s1.IDStr)))
		if strings.Join(batch.Result[0].Tags, ",") != "出游,Work" {
			t.Fatalf("labels after rename: %+v", batch)
		}
		mustOK(t, adv.Post("/2/statuses/tags/destroy.json", reqParams("tag", "work")))
		mustFail(t, adv, adv.Post("/2/statuses/tags/destroy.json", reqParams("tag", "work")), 400, 10017, "tag")
		batch = mustDecode[sinaspec.StatusTagsBatch](t, adv.Get("/2/statuses/tags/show_batch.json", reqParams("ids", s1.IDStr+","+s3.IDStr)))
		if strings.Join(batch.Result[0].Tags, ",") != "出游" || len(batch.Result[1].Tags) != 0 {
			t.Fatalf("labels after destroy: %+v", batch)
		}
		if tags := mustDecode[sinaspec.StatusTags](t, adv.Get("/2/statuses/tags.json", nil)); tags.TotalNumber != 2 {
			t.Fatalf("statuses/tags after destroy: %+v", tags)
		}
	})
}

func userTagTexts(tags []sinaspec.UserTag) string {
	var out []string
	for _, t := range tags {
		out = append(out, t.Tag)
	}
	return strings.Join(out, ",")
}

// User tags: public keywords from one dictionary (tags.md part B).
func TestUserTags(t *testing.T) {
	eachDB(t, func(t *testing.T, k *testkit.Kit) {
		alice, bob, carol := k.NewUser("alice"), k.NewUser("bob"), k.NewUser("carol")
		follow(t, carol, alice.ID)
		follow(t, carol, bob.ID)

		created := mustDecode[[]sinaspec.TagID](t, alice.Post("/2/tags/create.json", reqParams("tags", "80后, 摄影,80后,hip hop")))
		if len(created) != 3 || created[0].TagID == 0 {
			t.Fatalf("create: %+v", created)
		}
		eighties, photo := created[0].TagID, created[1].TagID
		again := mustDecode[[]sinaspec.TagID](t, alice.Post("/2/tags/create.json", reqParams("tags", "摄影")))
		if len(again) != 1 || again[0].TagID != photo {
			t.Fatalf("a tag carried already is reported, not added: %+v", again)
		}
		k.Clock.Advance(1e9)
		bobs := mustDecode[[]sinaspec.TagID](t, bob.Post("/2/tags/create.json", reqParams("tags", "摄影,旅行")))
		if bobs[0].TagID != photo {
			t.Fatalf("one text, one id for all users: %d and %d", photo, bobs[0].TagID)
		}

		// tags: anyone reads anyone's, newest first, with weights.
		tags := mustDecode[[]sinaspec.UserTag](t, carol.Get("/2/tags.json", reqParams("uid", idString(alice.ID))))
		if len(tags) != 3 {
			t.Fatalf("tags: %+v", tags)
		}
		weights := map[int64]int{}
		for _, tg := range tags {
			weights[tg.ID] = tg.Weight
		}
		if weights[photo] != 2 || weights[eighties] != 1 {
			t.Fatalf("weights: %+v", tags)
		}
		if tags := mustDecode[[]sinaspec.UserTag](t, carol.Get("/2/tags.json", reqParams("uid", idString(bob.ID), "count", "1"))); userTagTexts(tags) != "摄影" && userTagTexts(tags) != "旅行" {
			t.Fatalf("tags count=1: %+v", tags)
		}
		mustFail(t, carol.Client, carol.Get("/2/tags.json", nil), 400, 10016, "uid")
		mustFail(t, carol.Client, carol.Get("/2/tags.json", reqParams("uid", "4503599627370495")), 400, 20003, "")

		// tags_batch: one entry per uid, none for strangers.
		batch := mustDecode[[]sinaspec.UserTagsOf](t, carol.Get("/2/tags/tags_batch.json", reqParams("uids", idString(bob.ID)+","+idString(carol.ID))))
		if len(batch) != 2 || batch[0].ID != bob.ID || len(batch[0].Tags) != 2 || batch[1].ID != carol.ID || len(batch[1].Tags) != 0 {
			t.Fatalf("tags_batch: %+v", batch)
		}
		mustFail(t, carol.Client, carol.Get("/2/tags/tags_batch.json", nil), 400, 20002, "")
		many := make([]string, 21)
		for i := range many {
			many[i] = idString(int64(i + 1))
		}
		mustFail(t, carol.Client, carol.Get("/2/tags/tags_batch.json", reqParams("uids", strings.Join(many, ","))), 400, 20009, "")

		// suggestions: what the people carol follows carry most, not hers.
		mustOK(t, carol.Post("/2/tags/create.json", reqParams("tags", "80后")))
		sug := mustDecode[[]sinaspec.TagSuggestion](t, carol.Get("/2/tags/suggestions.json", nil))
		if len(sug) != 3 || sug[0].Value != "摄影" || sug[0].ID != idString(photo) {
			t.Fatalf("suggestions: %+v", sug)
		}
		for _, s := range sug {
			if s.Value == "80后" {
				t.Fatalf("suggested a tag carol carries: %+v", sug)
			}
		}
		if sug := mustDecode[[]sinaspec.TagSuggestion](t, carol.Get("/2/tags/suggestions.json", reqParams("count", "1"))); len(sug) != 1 {
			t.Fatalf("suggestions count=1: %+v", sug)
		}

		// create's errors.
		mustFail(t, alice.Client, alice.Post("/2/tags/create.json", nil), 400, 21001, "")
		mustFail(t, alice.Client, alice.Post("/2/tags/create.json", reqParams("tags", "一二三四五六七八")), 400, 21002, "")
		mustFail(t, alice.Client, alice.Post("/2/tags/create.json", reqParams("tags", "a,,b")), 400, 20703, "")
		mustFail(t, alice.Client, alice.Post("/2/tags/create.json", reqParams("tags", "a,b,c,d,e,f,g,h,i,j,k")), 400, 20702, "")
		mustFail(t, alice.Client, alice.Post("/2/tags/create.json", reqParams("tags", "a,b,c,d,e,f,g,h")), 400, 20702, "")
		if tags := mustDecode[[]sinaspec.UserTag](t, alice.Get("/2/tags.json", reqParams("uid", idString(alice.ID)))); len(tags) != 3 {
			t.Fatalf("a refused create added tags: %+v", tags)
		}

		// destroy and destroy_batch.
		mustOK(t, alice.Post("/2/tags/destroy.json", reqParams("tag_id", idString(photo))))
		mustFail(t, alice.Client, alice.Post("/2/tags/destroy.json", reqParams("tag_id", idString(photo))), 400, 10017, "tag_id")
		mustFail(t, alice.Client, alice.Post("/2/tags/destroy.json", nil), 400, 10016, "tag_id")
		if tags := mustDecode[[]sinaspec.UserTag](t, bob.Get("/2/tags.json", reqParams("uid", idString(bob.ID)))); len(tags) != 2 {
			t.Fatalf("bob's tags: %+v", tags)
		} else {
			for _, tg := range tags {
				if tg.ID == photo && tg.Weight != 1 {
					t.Fatalf("weight after destroy: %+v", tg)
				}
			}
		}
		gone := mustDecode[[]sinaspec.TagID](t, alice.Post("/2/tags/destroy_batch.json", reqParams("ids", idString(eighties)+","+idString(photo))))
		if len(gone) != 1 || gone[0].TagID != eighties {
			t.Fatalf("destroy_batch: %+v", gone)
		}
		mustFail(t, alice.Client, alice.Post("/2/tags/destroy_batch.json", nil), 400, 20001, "")
		mustFail(t, alice.Client, alice.Post("/2/tags/destroy_batch.json", reqParams("ids", strings.Join(many[:11], ","))), 400, 20009, "")
		if tags := mustDecode[[]sinaspec.UserTag](t, alice.Get("/2/tags.json", reqParams("uid", idString(alice.ID)))); userTagTexts(tags) != "hip hop" {
			t.Fatalf("alice's tags at the end: %+v", tags)
		}
	})
}
