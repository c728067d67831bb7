package sina_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
)

// A blank id is a missing id, everywhere: querymid?id=%20 once passed the
// "given" check, then indexed the empty list the list reader made of the
// blank, and answered 500 with a stack trace, without any token.
func TestBlankIDsAreMissing(t *testing.T) {
	k := testkit.Start(t)
	u := k.NewUser()
	anon := k.Anonymous()
	src := k.AppKey()
	for _, blank := range []string{" ", "\t", "", "\u3000"} {
		for _, batch := range []string{"0", "1"} {
			mustFail(t, anon, anon.Get("/2/statuses/querymid.json", reqParams("source", src, "id", blank, "is_batch", batch)), http.StatusBadRequest, 10016, "id")
			mustFail(t, anon, anon.Get("/2/statuses/queryid.json", reqParams("source", src, "mid", blank, "is_batch", batch)), http.StatusBadRequest, 10016, "mid")
			mustFail(t, anon, anon.Get("/2/statuses/queryid.json", reqParams("source", src, "mid", blank, "is_batch", batch, "isBase62", "1")), http.StatusBadRequest, 10016, "mid")
			mustFail(t, u.Client, u.Get("/2/statuses/querymid.json", reqParams("id", blank, "is_batch", batch)), http.StatusBadRequest, 10016, "id")
		}
		for _, tc := range []struct {
			method, path, param string
			status, code        int
		}{
			{"GET", "/2/statuses/count.json", "ids", 400, 20001},
			{"GET", "/2/users/counts.json", "uids", 400, 20001},
			{"GET", "/2/comments/show_batch.json", "cids", 400, 20001},
			{"POST", "/2/comments/destroy_batch.json", "cids", 400, 20001},
			{"GET", "/2/statuses/show.json", "id", 400, 10016},
			{"GET", "/2/statuses/repost_timeline.json", "id", 400, 10016},
			{"GET", "/2/comments/show.json", "id", 400, 10016},
			{"POST", "/2/comments/destroy.json", "cid", 400, 20204},
			{"POST", "/2/statuses/destroy.json", "id", 400, 10016},
			{"GET", "/2/users/show.json", "uid", 400, 10016},
			{"GET", "/2/users/domain_show.json", "domain", 400, 10016},
			{"POST", "/2/friendships/create.json", "uid", 400, 20502},
			{"GET", "/2/friendships/friends/in_common.json", "uid", 400, 10016},
			{"GET", "/2/friendships/followers.json", "uid", 400, 10016},
			{"POST", "/2/remind/set_count.json", "type", 400, 10016},
			{"GET", "/2/remind/unread_count.json", "uid", 400, 10016},
		} {
			v := url.Values{tc.param: {blank}}
			var r *testkit.Response
			if tc.method == "GET" {
				r = u.Get(tc.path, v)
			} else {
				r = u.Post(tc.path, v)
			}
			e := u.Fail(r, tc.status, tc.code)
			if tc.code == 10016 || tc.code == 10017 {
				mustFail(t, u.Client, r, tc.status, tc.code, tc.param)
			}
			_ = e
		}
	}
}
