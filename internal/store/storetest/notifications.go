package storetest

import (
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// App secrets, notification templates, notices and who authorised an app
// (notification/send, weibo app rotate-secret).

func testNotifications(f *fx) {
	app := &domain.App{ID: f.id(), Key: "notice-app", SecretHash: "old", Name: "n", RedirectURI: "http://a.example/cb",
		Level: domain.AppLevelAdvanced, CreatedAt: f.tick()}
	f.tx(func(tx domain.Tx) error { return tx.CreateApp(f.ctx, app) })
	f.tx(func(tx domain.Tx) error { return tx.SetAppSecretHash(f.ctx, app.ID, "new") })
	h, err := f.s.AppSecretHash(f.ctx, app.ID)
	f.ok("AppSecretHash", err)
	f.eq("rotated secret hash", "new", h)
	_, err = f.s.AppSecretHash(f.ctx, 999_999)
	f.kind("AppSecretHash missing", err, domain.KindNotFound, domain.ReasonNone)
	f.kind("SetAppSecretHash missing", f.txErr(func(tx domain.Tx) error { return tx.SetAppSecretHash(f.ctx, 999_999, "x") }),
		domain.KindNotFound, domain.ReasonNone)

	now := f.tick().Truncate(time.Millisecond)
	t1 := &domain.NotificationTemplate{ID: f.id(), AppID: app.ID, Title: "{objects1}", Content: "c", Enabled: true, CreatedAt: now}
	t2 := &domain.NotificationTemplate{ID: f.id(), AppID: app.ID, Title: "t2", Content: "c2", Enabled: true, CreatedAt: now}
	f.tx(func(tx domain.Tx) error { return tx.CreateNotificationTemplate(f.ctx, t1) })
	f.tx(func(tx domain.Tx) error { return tx.CreateNotificationTemplate(f.ctx, t2) })
	f.tx(func(tx domain.Tx) error { return tx.SetNotificationTemplateEnabled(f.ctx, t2.ID, false) })
	got, err := f.s.NotificationTemplateByID(f.ctx, t1.ID)
	f.ok("NotificationTemplateByID", err)
	f.eq("template", *t1, *got)
	ts, err := f.s.NotificationTemplatesOf(f.ctx, app.ID)
	f.ok("NotificationTemplatesOf", err)
	t2.Enabled = false
	f.eq("templates", []domain.NotificationTemplate{*t1, *t2}, ts)
	_, err = f.s.NotificationTemplateByID(f.ctx, 999_999)
	f.kind("NotificationTemplateByID missing", err, domain.KindNotFound, domain.ReasonNone)
	f.kind("SetNotificationTemplateEnabled missing", f.txErr(func(tx domain.Tx) error {
		return tx.SetNotificationTemplateEnabled(f.ctx, 999_999, true)
	}), domain.KindNotFound, domain.ReasonNone)

	// Who authorised the app: a live OAuth2 token, a live OAuth1 access
	// token; not a revoked or expired one, nor another app's.
	us := f.users("nt_a", "nt_b", "nt_c", "nt_d", "nt_e")
	live := now.Add(time.Hour)
	for _, tk := range []*domain.Token{
		{AccessHash: "nt1", UserID: us[0].ID, AppID: app.ID, CreatedAt: now, ExpiresAt: live},
		{AccessHash: "nt2", UserID: us[2].ID, AppID: app.ID, CreatedAt: now, ExpiresAt: now.Add(-time.Hour)},
		{AccessHash: "nt3", UserID: us[3].ID, AppID: app.ID + 1, CreatedAt: now, ExpiresAt: live},
		{AccessHash: "nt4", UserID: us[4].ID, AppID: app.ID, CreatedAt: now, ExpiresAt: live},
	} {
		f.tx(func(tx domain.Tx) error { return tx.CreateToken(f.ctx, tk) })
	}
	f.tx(func(tx domain.Tx) error { return tx.RevokeTokens(f.ctx, us[4].ID, app.ID) })
	f.tx(func(tx domain.Tx) error {
		return tx.CreateOAuth1Token(f.ctx, &domain.OAuth1Token{TokenHash: "nt-o1", Secret: "s", Access: true, AppID: app.ID,
			UserID: us[1].ID, CreatedAt: now})
	})
	ids := []int64{us[0].ID, us[1].ID, us[2].ID, us[3].ID, us[4].ID, 999_999}
	auth, err := f.s.AuthorizedAmong(f.ctx, app.ID, ids, now)
	f.ok("AuthorizedAmong", err)
	f.eq("authorized", map[int64]bool{us[0].ID: true, us[1].ID: true}, auth)

	// Notices of every kind in one store: to several users (an app's),
	// to one, to everyone, newest first by the time they became available.
	n1 := &domain.Notice{ID: f.id(), Kind: domain.NoticeApp, UserID: us[0].ID, AppID: app.ID, TemplateID: t1.ID,
		SenderID: us[0].ID, Title: "a", Content: "b", ActionURL: "http://x.example/t/1", AvailableAt: now, CreatedAt: now}
	later := now.Add(time.Second)
	n2 := &domain.Notice{ID: f.id(), Kind: domain.NoticeModeration, UserID: us[1].ID, Ref: 77, Content: "d",
		AvailableAt: later, CreatedAt: later}
	all := &domain.Notice{ID: f.id(), Kind: domain.NoticeSystem, Title: "e", Content: "f", AvailableAt: later, CreatedAt: now}
	f.tx(func(tx domain.Tx) error {
		return tx.InsertNotice(f.ctx, n1, []int64{us[0].ID, us[1].ID, us[0].ID})
	})
	f.tx(func(tx domain.Tx) error { return tx.InsertNotice(f.ctx, n2, []int64{us[1].ID}) })
	f.tx(func(tx domain.Tx) error { return tx.InsertNotice(f.ctx, all, nil) })
	at := later.Add(time.Minute)
	list, total, err := f.s.NoticesOf(f.ctx, us[1].ID, 0, now, at, domain.Cursor{Count: 10})
	f.ok("NoticesOf", err)
	f.eq("notices of b, newest first", []any{3, []domain.Notice{*all, *n2, *n1}}, []any{total, list})
	list, total, err = f.s.NoticesOf(f.ctx, us[0].ID, 0, now, at, domain.Cursor{Count: 0})
	f.ok("NoticesOf count 0", err)
	f.eq("only counted", []any{2, 0}, []any{total, len(list)})
	list, _, err = f.s.NoticesOf(f.ctx, us[1].ID, 0, now, at, domain.Cursor{Cursor: 2, Count: 1})
	f.ok("NoticesOf cursor", err)
	f.eq("third page", []domain.Notice{*n1}, list)
	list, total, err = f.s.NoticesOf(f.ctx, us[2].ID, 0, at, at, domain.Cursor{Count: 10})
	f.ok("NoticesOf of one who joined after", err)
	f.eq("nothing for one who joined after", []any{0, 0}, []any{total, len(list)})
	list, total, err = f.s.NoticesOf(f.ctx, us[1].ID, app.ID, now, at, domain.Cursor{Count: 10})
	f.ok("NoticesOf an app", err)
	f.eq("b's notices of the app", []any{1, []domain.Notice{*n1}}, []any{total, list})
	mark, err := f.s.NoticeReadAt(f.ctx, us[1].ID)
	f.ok("NoticeReadAt", err)
	f.eq("no read mark", true, mark.IsZero())
	f.tx(func(tx domain.Tx) error { return tx.MarkNoticesRead(f.ctx, us[1].ID, now) })
	mark, err = f.s.NoticeReadAt(f.ctx, us[1].ID)
	f.ok("NoticeReadAt after marking", err)
	f.eq("read mark", now, mark)
	n, err := f.s.UnreadNotices(f.ctx, us[1].ID, now, at, 100)
	f.ok("UnreadNotices", err)
	f.eq("unread after the mark", 2, n)
}
