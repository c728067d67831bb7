package web

import (
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

type settingsView struct {
	Profile domain.ProfileChange
	Privacy domain.Privacy
	// NewApp is the app just created, with its secret shown this once.
	NewApp *newApp
	Avatar string
	// Apps are the apps holding the person's tokens (authorised apps).
	Apps    []appItem
	Saved   string // what was just saved: profile, avatar, password
	Error   string
	Section string // the form the error is about
}

func (s *Site) mountSettings(reg Registrar) {
	reg.Handle("GET /settings", s.page(s.signedIn(s.settingsPage)))
	reg.Handle("POST /settings/profile", s.page(s.signedIn(s.saveProfile)))
	reg.Handle("POST /settings/avatar", s.page(s.signedIn(s.saveAvatar)))
	reg.Handle("POST /settings/password", s.page(s.signedIn(s.savePassword)))
	reg.Handle("POST /settings/signout-all", s.page(s.signedIn(s.signOutAll)))
	reg.Handle("POST /settings/privacy", s.page(s.signedIn(s.savePrivacy)))
	reg.Handle("POST /settings/apps", s.page(s.signedIn(s.createApp)))
	reg.Handle("POST /settings/revoke", s.page(s.signedIn(s.revokeApp)))
	reg.Handle("POST /settings/deactivate", s.page(s.signedIn(s.deactivate)))
	reg.Handle("POST /settings/export", s.page(s.signedIn(s.exportData)))
	reg.Handle("POST /settings/delete", s.page(s.signedIn(s.deleteAccount)))
}

func (s *Site) settingsView(rq *request) (*settingsView, error) {
	u := rq.me
	sv := &settingsView{Profile: domain.ProfileChange{ScreenName: u.ScreenName, Description: u.Description,
		Location: u.Location, Gender: u.Gender}, Privacy: u.Privacy, Avatar: s.svc.AvatarURL(u.Avatar, "180")}
	apps, err := s.svc.AuthorizedApps(rq.r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range apps {
		sv.Apps = append(sv.Apps, appItem{Name: a.App.Name, Key: a.App.Key, URL: a.App.URL,
			Since: s.when(rq, a.Grant.Since), SinceISO: a.Grant.Since.UTC().Format("2006-01-02T15:04:05Z")})
	}
	return sv, nil
}

// appItem is an authorised app as the settings page lists it.
type appItem struct {
	Name, Key, URL  string
	Since, SinceISO string // when it was first authorised
}

// settingsPage is /settings: profile, avatar, password, sessions.
func (s *Site) settingsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	sv, err := s.settingsView(rq)
	if err != nil {
		return err
	}
	switch saved := r.URL.Query().Get("saved"); saved {
	case "profile", "avatar", "password", "privacy", "revoked":
		sv.Saved = saved
	}
	s.render(w, rq, "settings", sv)
	return nil
}

// settingsError shows the settings page again with what was wrong, for the
// errors a person can fix; others are error pages.
func (s *Site) settingsError(w http.ResponseWriter, rq *request, section string, err error, sv *settingsView) error {
	de := domain.AsError(err)
	switch de.Kind {
	case domain.KindInvalid, domain.KindConflict, domain.KindUnauthenticated, domain.KindTooLarge:
	default:
		return err
	}
	if sv == nil {
		var err error
		if sv, err = s.settingsView(rq); err != nil {
			return err
		}
	}
	sv.Section = section
	switch {
	case errors.Is(err, core.ErrNameHeld):
		sv.Error = rq.T("这个昵称属于一个已删除的帐号，暂时保留，不能使用。")
	case de.Kind == domain.KindConflict:
		sv.Error = rq.T("这个昵称已被使用。")
	case de.Param == "screen_name":
		sv.Error = rq.T("昵称只能使用中英文、数字、下划线和减号，不能全是数字，最多30个字符。")
	case de.Param == "description":
		sv.Error = rq.T("简介最多70个字。")
	case de.Param == "location":
		sv.Error = rq.T("所在地最多30个字。")
	case de.Param == "name":
		sv.Error = rq.T("应用名称需要1到50个字符。")
	case de.Param == "redirect_uri":
		sv.Error = rq.T("回调地址需要是完整的网址，如 https://example.com/callback。")
	case de.Param == "password":
		sv.Error = rq.T("密码需要6到256个字符。")
	case de.Reason == domain.ReasonBadPassword:
		sv.Error = rq.T("当前密码不正确。")
	case de.Reason == domain.ReasonImageType || de.Reason == domain.ReasonImageMissing:
		sv.Error = rq.T("请选择一张 JPEG、PNG、GIF 或 WebP 图片。")
	case de.Reason == domain.ReasonImageTooLarge:
		sv.Error = rq.T("图片太大。")
	default:
		sv.Error = s.message(rq, de)
	}
	rq.status = http.StatusUnprocessableEntity
	s.render(w, rq, "settings", sv)
	return nil
}

func (s *Site) saveProfile(w http.ResponseWriter, r *http.Request, rq *request) error {
	p := domain.ProfileChange{ScreenName: r.PostFormValue("screen_name"), Description: r.PostFormValue("description"),
		Location: r.PostFormValue("location"), Gender: r.PostFormValue("gender")}
	if _, err := s.svc.UpdateProfile(r.Context(), rq.viewer(s), p); err != nil {
		sv, verr := s.settingsView(rq)
		if verr != nil {
			return verr
		}
		sv.Profile = p // what was typed, to fix
		return s.settingsError(w, rq, "profile", err, sv)
	}
	return seeOther(w, r, "/settings?saved=profile")
}

func (s *Site) saveAvatar(w http.ResponseWriter, r *http.Request, rq *request) error {
	f, h, err := r.FormFile("avatar")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) || (err == nil && h.Size == 0) {
		return s.settingsError(w, rq, "avatar", domain.E(domain.KindInvalid, domain.ReasonImageMissing, "no picture"), nil)
	}
	if err != nil {
		return s.settingsError(w, rq, "avatar", domain.E(domain.KindInvalid, domain.ReasonImageMissing, "unreadable picture"), nil)
	}
	defer f.Close()
	if max := s.svc.MediaLimits().MaxBytes; max > 0 && h.Size > max {
		return s.settingsError(w, rq, "avatar", domain.E(domain.KindTooLarge, domain.ReasonImageTooLarge, "too large"), nil)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return s.settingsError(w, rq, "avatar", domain.E(domain.KindInvalid, domain.ReasonImageMissing, "unreadable picture"), nil)
	}
	if _, err := s.svc.SetAvatar(r.Context(), rq.viewer(s), data); err != nil {
		return s.settingsError(w, rq, "avatar", err, nil)
	}
	return seeOther(w, r, "/settings?saved=avatar")
}

// savePassword changes the password; every other browser signed in as the
// person is signed out, this one stays.
func (s *Site) savePassword(w http.ResponseWriter, r *http.Request, rq *request) error {
	err := s.svc.ChangePassword(r.Context(), rq.viewer(s), r.PostFormValue("current"), r.PostFormValue("password"), rq.secret)
	if err != nil {
		return s.settingsError(w, rq, "password", err, nil)
	}
	return seeOther(w, r, "/settings?saved=password")
}

// signOutAll ends every session of the person, this one included.
func (s *Site) signOutAll(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := s.svc.SignOutEverywhere(r.Context(), rq.me.ID); err != nil {
		return err
	}
	s.clearCookie(w, r, SessionCookie)
	return seeOther(w, r, "/")
}

// savePrivacy sets who may comment and send messages, and the switches.
func (s *Site) savePrivacy(w http.ResponseWriter, r *http.Request, rq *request) error {
	level := func(name string) domain.PrivacyLevel {
		switch r.PostFormValue(name) {
		case "1":
			return domain.PrivacyFollowed
		case "2":
			return domain.PrivacyTrusted
		case "0":
			return domain.PrivacyEveryone
		}
		return -1 // refused by the core
	}
	p := rq.me.Privacy
	p.Comment, p.Message = level("comment"), level("message")
	p.Geo = r.PostFormValue("geo") == "1"
	p.FindByEmail = r.PostFormValue("find_by_email") == "1"
	if _, err := s.svc.SetPrivacy(r.Context(), rq.me.ID, p); err != nil {
		return s.settingsError(w, rq, "privacy", err, nil)
	}
	return seeOther(w, r, "/settings?saved=privacy")
}

type newApp struct {
	Name, Key, Secret, RedirectURI string
}

// createApp registers an app for a developer and shows its key and secret,
// the secret this once (only its hash is kept).
func (s *Site) createApp(w http.ResponseWriter, r *http.Request, rq *request) error {
	in := core.CreateAppInput{Name: r.PostFormValue("name"), RedirectURI: r.PostFormValue("redirect_uri")}
	app, secret, err := s.svc.CreateApp(r.Context(), in)
	if err != nil {
		return s.settingsError(w, rq, "apps", err, nil)
	}
	sv, err := s.settingsView(rq)
	if err != nil {
		return err
	}
	sv.NewApp = &newApp{Name: app.Name, Key: app.Key, Secret: secret, RedirectURI: in.RedirectURI}
	s.render(w, rq, "settings", sv)
	return nil
}

// revokeApp revokes every token the person gave an app (field app_key):
// its next call is refused.
func (s *Site) revokeApp(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := s.svc.RevokeApp(r.Context(), rq.viewer(s), r.PostFormValue("app_key")); err != nil {
		return err
	}
	return seeOther(w, r, "/settings?saved=revoked#authorized")
}

// deactivate closes the person's account after their password (field
// password): core.DeactivateAccount says what that does. The browser is
// signed out and shown the welcome page.
func (s *Site) deactivate(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := s.svc.DeactivateAccount(r.Context(), rq.viewer(s), r.PostFormValue("password")); err != nil {
		return s.settingsError(w, rq, "deactivate", err, nil)
	}
	s.clearCookie(w, r, SessionCookie)
	return seeOther(w, r, "/?deactivated=1")
}

// deleteAccount deletes the person's account after their password (field
// password): core.DeleteAccount says what goes and what is kept. The
// browser is signed out and shown the welcome page.
func (s *Site) deleteAccount(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := s.svc.DeleteAccount(r.Context(), rq.viewer(s), r.PostFormValue("password")); err != nil {
		return s.settingsError(w, rq, "delete", err, nil)
	}
	s.clearCookie(w, r, SessionCookie)
	return seeOther(w, r, "/?deleted=1")
}

// exportData streams the person's data as a zip archive (core.ExportMine).
// Headers go out with the first bytes, so an error before any (too many
// exports at once) is still an error page; one after them cuts the
// archive short, which no unzip takes for whole (its directory is last).
func (s *Site) exportData(w http.ResponseWriter, r *http.Request, rq *request) error {
	zw := &lazyDownload{w: w, name: core.ExportName(rq.me, time.Now())}
	err := s.svc.ExportMine(r.Context(), rq.viewer(s), zw)
	if err != nil && !zw.started {
		return err
	}
	if err != nil {
		s.log.WarnContext(r.Context(), "export cut short", "user", rq.me.ID, "err", err)
	}
	return nil
}

// exportWriteTimeout bounds the time a download of one's data may take.
const exportWriteTimeout = 30 * time.Minute

// lazyDownload sets the download's headers on its first write.
type lazyDownload struct {
	w       http.ResponseWriter
	name    string
	started bool
}

func (d *lazyDownload) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		// The server's write timeout is for ordinary answers; an archive
		// of many pictures takes longer, but not without end.
		_ = http.NewResponseController(d.w).SetWriteDeadline(time.Now().Add(exportWriteTimeout))
		h := d.w.Header()
		h.Set("Content-Type", "application/zip")
		h.Set("Content-Disposition", `attachment; filename="`+d.name+`"`)
		d.w.WriteHeader(http.StatusOK)
	}
	return d.w.Write(p)
}
