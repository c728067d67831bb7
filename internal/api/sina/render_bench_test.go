package sina

import (
	"encoding/json"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// benchTimeline is a home-timeline page as the core hands it to render: 20
// statuses by 10 authors, every 4th a repost embedding its original, about
// the shape and size (~30 KB of JSON) of a seeded data set's pages.
func benchTimeline() *core.StatusList {
	at := time.Date(2026, 11, 23, 8, 30, 0, 0, time.UTC)
	app := &domain.App{ID: 7, Name: "微博 weibo.com", URL: "https://weibo.com"}
	users := make([]*core.UserView, 10)
	for i := range users {
		users[i] = &core.UserView{User: &domain.User{
			ID: 3395481472 + int64(i)<<20, ScreenName: fmt.Sprintf("快乐的小猫%d", 1000+i), Description: "热爱生活，记录生活点滴",
			Location: "北京 海淀区", Province: 11, City: 8, Gender: "f", Lang: "zh-cn", VerifiedType: -1,
			CreatedAt: at.Add(-400 * 24 * time.Hour), FollowersCount: 1234 + i, FriendsCount: 98, BiFollowersCount: 12,
			StatusesCount: 321,
		}, Rel: domain.Relationship{Following: true}}
	}
	st := func(i int) *domain.Status {
		return &domain.Status{ID: 247185395240832 + int64(i)*4096, UserID: users[i%10].User.ID, AppID: 7,
			Text: "爸爸参加了一个讲座，求推荐！[太开心] #读书打卡# @快乐的小猫1003 http://t.cn/Rx7aBcD " +
				"今天天气不错，下班路上拍到了很美的晚霞 <3 & 大家觉得呢",
			CreatedAt: at.Add(-time.Duration(i) * time.Minute), RepostsCount: i, CommentsCount: 2 * i, AttitudesCount: 3}
	}
	l := &core.StatusList{}
	for i := 0; i < 20; i++ {
		v := &core.StatusView{Status: st(i), User: users[i%10], App: app}
		if i%4 == 3 {
			orig := st(100 + i)
			v.Status.RetweetedID, v.Status.ParentID = orig.ID, orig.ID
			v.Status.Text = "转发微博"
			v.Retweeted = &core.StatusView{Status: orig, User: users[(i+3)%10], App: app}
		}
		l.Items = append(l.Items, v)
	}
	return l
}

func benchAPI() *API {
	return New(core.New(core.Deps{}, core.Options{Media: core.MediaOptions{BaseURL: "http://127.0.0.1:8080/media"}}), Options{BaseURL: "http://127.0.0.1:8080"})
}

// BenchmarkRenderTimeline renders and encodes a 20-status home timeline,
// as the handler does for every home_timeline call.
func BenchmarkRenderTimeline(b *testing.B) {
	a, l := benchAPI(), benchTimeline()
	n, err := encodedSize(a, l)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		if err := json.NewEncoder(io.Discard).Encode(a.timeline(l, renderOpts{})); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderTimelineObjects is the object-building half alone.
func BenchmarkRenderTimelineObjects(b *testing.B) {
	a, l := benchAPI(), benchTimeline()
	b.ReportAllocs()
	for b.Loop() {
		_ = a.timeline(l, renderOpts{})
	}
}

type countWriter struct{ n int }

func (c *countWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

func encodedSize(a *API, l *core.StatusList) (int, error) {
	var c countWriter
	err := json.NewEncoder(&c).Encode(a.timeline(l, renderOpts{}))
	return c.n, err
}

// TestPageMemoSameBytes: sharing author objects within a page must not
// change a byte of the answer.
func TestPageMemoSameBytes(t *testing.T) {
	a, l := benchAPI(), benchTimeline()
	shared, err := json.Marshal(a.statuses(l.Items, renderOpts{}))
	if err != nil {
		t.Fatal(err)
	}
	each := make([]*Status, len(l.Items))
	for i, v := range l.Items {
		each[i] = a.status(v, renderOpts{})
	}
	alone, err := json.Marshal(each)
	if err != nil {
		t.Fatal(err)
	}
	if string(shared) != string(alone) {
		t.Fatalf("memoised rendering differs:\n%s\n%s", shared, alone)
	}
}

// BenchmarkRenderTimelineJSON is what handlers do: the cached, spliced
// encoding (warm: every status and author already encoded once).
func BenchmarkRenderTimelineJSON(b *testing.B) {
	a, l := benchAPI(), benchTimeline()
	out, err := a.timelineJSON(l, renderOpts{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(out)))
	b.ReportAllocs()
	for b.Loop() {
		out, err := a.timelineJSON(l, renderOpts{})
		if err != nil {
			b.Fatal(err)
		}
		putPageBuf(out)
	}
}
