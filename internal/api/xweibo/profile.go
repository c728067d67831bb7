package xweibo

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The account (spec §5.4, §8): saveProfile, updateProfile,
// updateProfileImage and upload_pic.

var pGender = apiutil.P("gender", apiutil.KindEnum).OneOf("m", "f")

func (a *API) profileRoutes() []route {
	place := []apiutil.ParamInfo{apiutil.P("province", apiutil.KindInt), apiutil.P("city", apiutil.KindInt),
		apiutil.P("description", apiutil.KindText)}
	return []route{
		{name: "saveProfile", rate: core.RateGeneral, h: a.saveProfile, params: append([]apiutil.ParamInfo{
			apiutil.P("nick", apiutil.KindText).Req(), pGender.Req()}, place...)},
		{name: "updateProfile", rate: core.RateGeneral, h: a.updateProfile, params: append([]apiutil.ParamInfo{
			apiutil.P("name", apiutil.KindText), pGender}, place...)},
		{name: "updateProfileImage", rate: core.RateGeneral, upload: true, h: a.updateProfileImage,
			params: []apiutil.ParamInfo{apiutil.P("image", apiutil.KindFile)}},
		{name: "upload_pic", rate: core.RateGeneral, upload: true, h: a.uploadPic, params: []apiutil.ParamInfo{
			apiutil.P("pic", apiutil.KindFile).Req(), apiutil.P("callback", apiutil.KindText)}},
	}
}

// profileInput is what saveProfile and updateProfile send: each field nil
// when it was not.
type profileInput struct {
	name, gender, description *string
	province, city            *int
}

// placeCode reads a province or city code: "" is nil, anything but a
// number is the given row.
func placeCode(p apiutil.Params, name string, bad row) (*int, error) {
	s := strings.TrimSpace(p.String(name))
	if s == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return nil, fail(bad)
	}
	return &n, nil
}

// saveProfile is the settings form of 2.1 (spec §5.4.2): nick and gender
// required, province a number, city a number when given.
func (a *API) saveProfile(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	nick := strings.TrimSpace(c.p.String("nick"))
	if nick == "" {
		return nil, fail(errNickEmpty)
	}
	if !c.p.Has("gender") {
		return nil, fail(errGender)
	}
	gender, err := c.p.Enum("gender", "", "m", "f")
	if err != nil {
		return nil, fail(errGender)
	}
	prov, err := placeCode(c.p, "province", errProvince)
	if err != nil {
		return nil, err
	}
	if prov == nil {
		return nil, fail(errProvince)
	}
	city, err := placeCode(c.p, "city", errCity)
	if err != nil {
		return nil, err
	}
	if city == nil {
		zero := 0
		city = &zero
	}
	desc := c.p.String("description")
	return a.changeProfile(ctx, c, profileInput{name: &nick, gender: &gender, description: &desc, province: prov, city: city})
}

// updateProfile sends what it is given; a call with nothing to change is
// 1010000 (spec §8).
func (a *API) updateProfile(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	var in profileInput
	if c.p.Has("name") {
		s := strings.TrimSpace(c.p.String("name"))
		in.name = &s
	}
	if c.p.Has("gender") {
		g, err := c.p.Enum("gender", "", "m", "f")
		if err != nil {
			return nil, fail(errGender)
		}
		in.gender = &g
	}
	if c.p.Given("description") {
		s := c.p.String("description")
		in.description = &s
	}
	var err error
	if in.province, err = placeCode(c.p, "province", errProvince); err != nil {
		return nil, err
	}
	if in.city, err = placeCode(c.p, "city", errCity); err != nil {
		return nil, err
	}
	if in.province != nil && in.city == nil {
		zero := 0
		in.city = &zero
	}
	if in == (profileInput{}) {
		return nil, fail(errEmpty)
	}
	return a.changeProfile(ctx, c, in)
}

// changeProfile applies in over the caller's profile.
func (a *API) changeProfile(ctx context.Context, c *call, in profileInput) (any, error) {
	u, err := a.svc.UserByID(ctx, c.v.UserID)
	if err != nil {
		return nil, err
	}
	ch := domain.ProfileChange{ScreenName: u.ScreenName, Description: u.Description, Location: u.Location,
		Gender: u.Gender, Province: in.province, City: in.city}
	if in.name != nil {
		ch.ScreenName = *in.name
	}
	if in.gender != nil {
		ch.Gender = *in.gender
	}
	if in.description != nil {
		ch.Description = *in.description
	}
	if in.city != nil && in.province == nil {
		// A city is a city of the province the user has.
		p := u.Province
		ch.Province = &p
	}
	if ch.Gender == "" {
		ch.Gender = "n"
	}
	if _, err := a.svc.UpdateProfile(ctx, c.v, ch); err != nil {
		de := domain.AsError(err)
		switch {
		case de.Kind == domain.KindConflict:
			return nil, fail(errNickTaken)
		case de.Param == "screen_name":
			return nil, fail(errNickBad)
		case de.Param == "description":
			return nil, fail(errDescription)
		case de.Param == "province":
			return nil, fail(errProvince)
		case de.Param == "city":
			return nil, fail(errCity)
		}
		return nil, err
	}
	return true, nil
}

// updateProfileImage makes the caller's avatar the multipart part image,
// or the picture the field image names: an upload_pic id (or its URL) the
// caller uploaded earlier (spec §5.4.1: 2.1 read a file on its own server;
// a partner sends the file or what upload_pic answered).
func (a *API) updateProfileImage(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	if ref := c.p.String("image"); ref != "" && (c.r.MultipartForm == nil || len(c.r.MultipartForm.File["image"]) == 0) {
		if _, err := a.svc.SetAvatarFromPicture(ctx, c.v, ref); err != nil {
			return nil, err
		}
		return true, nil
	}
	data, err := apiutil.FilePart(c.r, a.svc.MediaLimits().MaxBytes, "image")
	if err != nil {
		return nil, err
	}
	if _, err := a.svc.SetAvatar(ctx, c.v, data); err != nil {
		return nil, err
	}
	return true, nil
}

// Pic is upload_pic's rst: msg, the id update's pic takes.
type Pic struct {
	Msg string `json:"msg"`
}

// htmlAnswer is an answer that is a page, not JSON (upload_pic's).
type htmlAnswer struct{ body string }

// uploadPic stores the multipart part pic for a later update (spec §8).
// 2.1 answered an upload iframe with <script>callback(envelope)</script>;
// with callback (a JavaScript name, from the query) so does this, errors
// included, and without one the envelope is answered as JSON.
func (a *API) uploadPic(ctx context.Context, c *call) (any, error) {
	if _, err := c.user(); err != nil {
		return nil, err
	}
	cb, err := c.p.Callback("callback")
	if err != nil {
		return nil, fail(errFormat)
	}
	env := &Envelope{Rst: false}
	data, err := apiutil.FilePart(c.r, a.svc.MediaLimits().MaxBytes, "pic")
	if err == nil {
		var p *core.PictureInfo
		if p, err = a.svc.UploadPicture(ctx, c.v, data); err == nil {
			env = &Envelope{Rst: &Pic{Msg: p.ID}, Err: ""}
		}
	}
	if cb == "" {
		if err != nil {
			return nil, err
		}
		return env.Rst, nil
	}
	if err != nil {
		env = a.failure(c.w, c.r, c.name, err)
	}
	body, err := json.Marshal(env)
	if err != nil {
		return nil, err
	}
	return htmlAnswer{body: `<script language="javascript">` + cb + "(" + string(body) + ");</script>"}, nil
}
