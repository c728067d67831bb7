package sina

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// slowTimeline is the reference: the objects encoded by encoding/json.
func slowTimeline(t *testing.T, a *API, l *core.StatusList, o renderOpts) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(a.timeline(l, o)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func slowStatus(t *testing.T, a *API, v *core.StatusView, o renderOpts) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(a.status(v, o)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// checkSame renders l both ways, twice (the second time from the cache),
// and each status alone, and fails on any differing byte.
func checkSame(t *testing.T, a *API, name string, l *core.StatusList) {
	t.Helper()
	for _, o := range []renderOpts{{}, {trimUser: true}} {
		want := slowTimeline(t, a, l, o)
		for round := range 2 {
			got, err := a.timelineJSON(l, o)
			if err != nil {
				t.Fatalf("%s: timelineJSON: %v", name, err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s (trim_user=%v, round %d): fast path differs\nfast: %s\nslow: %s", name, o.trimUser, round, got, want)
			}
		}
		for i, v := range l.Items {
			got, err := a.statusJSON(v, o)
			if err != nil {
				t.Fatalf("%s: statusJSON: %v", name, err)
			}
			if want := slowStatus(t, a, v, o); !bytes.Equal(got, want) {
				t.Fatalf("%s: status %d differs\nfast: %s\nslow: %s", name, i, got, want)
			}
		}
	}
}

// TestFastRenderSameBytes: the cached, spliced encoding of timelines and
// statuses is byte-identical to encoding/json's, in every shape a status
// takes, and follows every change of its inputs.
func TestFastRenderSameBytes(t *testing.T) {
	a := benchAPI()
	l := benchTimeline()
	checkSame(t, a, "bench page", l)

	// Per-viewer values differ on the same cached bytes.
	for i, v := range l.Items {
		v.Favorited = i%3 == 0
		v.User = &core.UserView{User: v.User.User, Rel: domain.Relationship{Following: i%2 == 0, FollowedBy: i%4 < 2}}
		if i%3 == 1 {
			v.User.Rel.Remark = `老"同学" <&>` // the viewer's remark, escaped as encoding/json does
		}
	}
	checkSame(t, a, "per-viewer values", l)

	// Keys the splice looks for, written by users inside strings.
	tricky := l.Items[0].Status
	tricky.Text = `"favorited":false ,"reposts_count": <b>&amp;</b> "following":false` + "\xff\u2028 \\ 中文"
	u := *l.Items[0].User.User
	u.Description, u.ScreenName = `"following":false "remark":"" "follow_me":false </script>`, `名字"&<>`
	l.Items[0].User = &core.UserView{User: &u, Rel: domain.Relationship{Following: true}}
	checkSame(t, a, "keys inside strings", l)

	// A status changes (a counter, its text): the cache must not answer with
	// the old bytes, whether the change comes as a new object or in place.
	changed := *l.Items[1].Status
	changed.CommentsCount += 7
	changed.RepostsCount++
	l.Items[1].Status = &changed
	checkSame(t, a, "counters changed", l)
	l.Items[1].Status.Text = "改过的文字"
	checkSame(t, a, "text changed in place", l)
	l.Items[2].User.User.FollowersCount += 1000 // shared by several statuses on the page
	checkSame(t, a, "author changed in place", l)

	// Geo, annotations, group visibility, no app, an app without a URL.
	at := time.Date(2026, 11, 23, 1, 2, 3, 0, time.UTC)
	author := &core.UserView{User: &domain.User{ID: 9, ScreenName: "geo", CreatedAt: at, Gender: "m"}}
	odd := []*core.StatusView{
		{Status: &domain.Status{ID: 901, UserID: 9, Text: "在这里", CreatedAt: at, Geo: &domain.Geo{Lat: 39.9042, Long: 116.4074},
			Annotations: `[{"place":{"poiid":"B2094"}}]`, Visible: domain.Visibility{Type: domain.VisibleGroup, ListID: 77}}, User: author},
		{Status: &domain.Status{ID: 902, UserID: 9, AppID: 3, Text: "app", CreatedAt: at}, User: author,
			App: &domain.App{ID: 3, Name: `我的<应用>&`}},
		// The same status under another app renders another source.
		{Status: &domain.Status{ID: 902, UserID: 9, AppID: 4, Text: "app", CreatedAt: at}, User: author,
			App: &domain.App{ID: 4, Name: "另一个", URL: "https://example.com/?a=1&b=2"}},
		// A repost whose original is gone, and one whose original is hidden.
		{Status: &domain.Status{ID: 903, UserID: 9, Text: "转发", CreatedAt: at, RetweetedID: 800}, User: author,
			Retweeted: &core.StatusView{Status: &domain.Status{ID: 800, Deleted: true, Text: core.DeletedStatusText}}},
		{Status: &domain.Status{ID: 904, UserID: 9, Text: "转发", CreatedAt: at, RetweetedID: 801}, User: author,
			Retweeted: &core.StatusView{Status: &domain.Status{ID: 801, UserID: 10, CreatedAt: at, Deleted: true, Text: core.DeletedStatusText}}},
		// An author carrying a latest status (user objects elsewhere do).
		{Status: &domain.Status{ID: 905, UserID: 9, Text: "latest", CreatedAt: at},
			User: &core.UserView{User: author.User, Latest: &domain.Status{ID: 905}}},
		// No author at all.
		{Status: &domain.Status{ID: 906, UserID: 9, Text: "no user", CreatedAt: at}},
	}
	checkSame(t, a, "odd statuses", &core.StatusList{Items: odd, Total: 99, Hidden: true})
	odd[0].Status.Geo.Lat = 31.2304 // in place, behind the same pointer
	checkSame(t, a, "geo moved", &core.StatusList{Items: odd})

	// Pictures: one, nine, a repost of a picture status, an author with an
	// avatar of their own; then the pictures and the avatar change, in
	// place and as new objects, and the cache must follow.
	pics := []string{"0123456789abcdef0123456789abcdej", "0123456789abcdef0123456789abcdep"}
	nine := make([]string, 9)
	for i := range nine {
		nine[i] = fmt.Sprintf("%031xg", i+1)
	}
	face := &core.UserView{User: &domain.User{ID: 12, ScreenName: "face", CreatedAt: at, Avatar: "fedcba9876543210fedcba987654321j"}}
	pictured := []*core.StatusView{
		{Status: &domain.Status{ID: 1001, UserID: 12, Text: "一张", CreatedAt: at, PicIDs: pics[:1]}, User: face},
		{Status: &domain.Status{ID: 1002, UserID: 12, Text: "九张", CreatedAt: at, PicIDs: nine}, User: face},
		{Status: &domain.Status{ID: 1003, UserID: 9, Text: "转发", CreatedAt: at, RetweetedID: 1002}, User: author,
			Retweeted: &core.StatusView{Status: &domain.Status{ID: 1002, UserID: 12, Text: "九张", CreatedAt: at, PicIDs: nine}, User: face}},
		{Status: &domain.Status{ID: 1004, UserID: 12, Text: "删了", CreatedAt: at, PicIDs: pics, Deleted: true}, User: face},
	}
	checkSame(t, a, "pictures", &core.StatusList{Items: pictured})
	if b, _ := a.timelineJSON(&core.StatusList{Items: pictured[:1]}, renderOpts{}); !bytes.Contains(b, []byte(`"bmiddle_pic":"http://127.0.0.1:8080/media/bmiddle/`+pics[0]+`.jpg"`)) ||
		!bytes.Contains(b, []byte(`"profile_image_url":"http://127.0.0.1:8080/media/avatar/50/fedcba9876543210fedcba987654321j.jpg"`)) {
		t.Fatalf("picture or avatar URLs missing: %s", b)
	}
	pictured[0].Status.PicIDs = pics // in place: a second picture
	checkSame(t, a, "picture added in place", &core.StatusList{Items: pictured})
	pictured[0].Status.PicIDs[1] = nine[0] // in place, same length
	checkSame(t, a, "picture replaced in place", &core.StatusList{Items: pictured})
	face.User.Avatar = "" // back to the default avatar
	checkSame(t, a, "avatar reset", &core.StatusList{Items: pictured})
	face.User.Avatar = "00000000000000000000000000000ffp"
	checkSame(t, a, "avatar set", &core.StatusList{Items: pictured})

	checkSame(t, a, "empty page", &core.StatusList{})
	checkSame(t, a, "empty page with total", &core.StatusList{Total: 5, Hidden: true})
}

// TestSameStatusComparesEveryField: a field added to domain.Status must be
// added to sameStatus too, or the render cache would serve stale bytes.
func TestSameStatusComparesEveryField(t *testing.T) {
	base := domain.Status{ID: 1, UserID: 2, AppID: 3, Text: "t", CreatedAt: time.Unix(5, 0), RetweetedID: 6,
		ParentID: 7, Visible: domain.Visibility{Type: 1, ListID: 8}, Geo: &domain.Geo{Lat: 1, Long: 2},
		Annotations: "[]", PicIDs: []string{"p"}, RIP: "1.2.3.4", RepostsCount: 9, CommentsCount: 10, AttitudesCount: 11}
	typ := reflect.TypeFor[domain.Status]()
	for i := range typ.NumField() {
		c := base
		c.Geo = &domain.Geo{Lat: 1, Long: 2}
		c.PicIDs = []string{"p"}
		if !sameStatus(&base, &c) {
			t.Fatal("equal copies compare unequal")
		}
		f := reflect.ValueOf(&c).Elem().Field(i)
		switch f.Kind() {
		case reflect.Int, reflect.Int64:
			f.SetInt(f.Int() + 100)
		case reflect.String:
			f.SetString(f.String() + "x")
		case reflect.Bool:
			f.SetBool(!f.Bool())
		case reflect.Slice:
			f.Set(reflect.ValueOf([]string{"q"}))
		case reflect.Pointer:
			c.Geo = &domain.Geo{Lat: 3, Long: 2}
		case reflect.Struct:
			switch f.Interface().(type) {
			case time.Time:
				f.Set(reflect.ValueOf(time.Unix(6, 0)))
			case domain.Visibility:
				f.Set(reflect.ValueOf(domain.Visibility{Type: 3, ListID: 8}))
			default:
				t.Fatalf("field %s: teach this test how to change a %s", typ.Field(i).Name, f.Type())
			}
		default:
			t.Fatalf("field %s: teach this test how to change a %s", typ.Field(i).Name, f.Type())
		}
		if sameStatus(&base, &c) {
			t.Errorf("sameStatus ignores field %s", typ.Field(i).Name)
		}
	}
}
