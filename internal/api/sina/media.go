package sina

import (
	"context"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/media"
)

// Pictures: statuses/upload, statuses/upload_pic, statuses/upload_url_text
// (statuses.md §24, §25) and account/avatar/upload.

func (a *API) mediaRoutes() []route {
	return []route{
		{path: "statuses/upload", methods: "POST", rate: core.RatePost, upload: true,
			params: ps(postPs, pPic), h: a.upload},
		{path: "statuses/upload_pic", methods: "POST", rate: core.RateGeneral, upload: true,
			params: ps(pPic), h: a.uploadPic},
		{path: "statuses/upload_url_text", methods: "POST", rate: core.RatePost,
			params: ps(postPs, apiutil.P("pic_id", apiutil.KindList), apiutil.P("url", apiutil.KindText)), h: a.uploadURLText},
		{path: "account/avatar/upload", methods: "POST", rate: core.RateGeneral, upload: true,
			params: ps(apiutil.P("image", apiutil.KindFile).Req(), apiutil.P("pic", apiutil.KindFile)), h: a.avatarUpload},
	}
}

// pPic is the picture part of the uploads.
var pPic = apiutil.P("pic", apiutil.KindFile).Req()

// UploadedPic is statuses/upload_pic's answer.
type UploadedPic struct {
	PicID        string `json:"pic_id"`
	ThumbnailPic string `json:"thumbnail_pic"`
	BmiddlePic   string `json:"bmiddle_pic"`
	OriginalPic  string `json:"original_pic"`
}

// picturePart reads the multipart file part named by the first of fields
// the request has ("pic" by default): 20007 when the request is not
// multipart or has none, 20006 past the size limit (read no further).
func (a *API) picturePart(c *call, fields ...string) ([]byte, error) {
	if len(fields) == 0 {
		fields = []string{"pic"}
	}
	return apiutil.FilePart(c.r, a.svc.MediaLimits().MaxBytes, fields...)
}

// decodePart undoes the URL encoding SDKs apply to the text parts of a
// statuses/upload body (statuses.md §24: "decode if it looks encoded"). A
// value looks encoded when it holds a %XX escape and nothing an encoder
// would have escaped (no space, no non-ASCII character, none of "<>\"{}|\\^`#&=;,/?:@[]$");
// it is decoded only if that gives UTF-8 text. Anything else is the text
// as typed, "100%" and "1+1" included.
func decodePart(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	escaped := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("-_.~!*'()+", c) >= 0:
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return s
			}
			escaped = true
		default:
			return s
		}
	}
	if !escaped {
		return s
	}
	d, err := url.QueryUnescape(s)
	if err != nil || !utf8.ValidString(d) {
		return s
	}
	return d
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// upload is statuses/upload: multipart text fields and the picture "pic".
func (a *API) upload(ctx context.Context, c *call) (any, error) {
	if c.r.MultipartForm == nil {
		return nil, media.ErrMissing() // 20007: the body must be multipart
	}
	in, err := readPost(c)
	if err != nil {
		return nil, err
	}
	in.Text = decodePart(in.Text)
	data, err := a.picturePart(c)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.PostPictureStatus(ctx, c.v, in, data)
	if err != nil {
		return nil, err
	}
	return a.status(v, renderOpts{}), nil
}

// uploadPic is statuses/upload_pic: store a picture for a later post.
func (a *API) uploadPic(ctx context.Context, c *call) (any, error) {
	data, err := a.picturePart(c)
	if err != nil {
		return nil, err
	}
	p, err := a.svc.UploadPicture(ctx, c.v, data)
	if err != nil {
		return nil, err
	}
	return &UploadedPic{PicID: p.ID, ThumbnailPic: p.Thumbnail, BmiddlePic: p.Bmiddle, OriginalPic: p.Original}, nil
}

// uploadURLText is statuses/upload_url_text: a status with the pictures
// named by pic_id (up to nine upload_pic ids, in order), or else with the
// one picture fetched from url.
func (a *API) uploadURLText(ctx context.Context, c *call) (any, error) {
	in, err := readPost(c)
	if err != nil {
		return nil, err
	}
	if in.PicIDs, err = c.p.StringList("pic_id", core.MaxStatusPictures); err != nil {
		return nil, err
	}
	var v *core.StatusView
	switch raw := strings.TrimSpace(c.p.String("url")); {
	case len(in.PicIDs) > 0: // pic_id wins over url (statuses.md §25)
		v, err = a.svc.PostStatus(ctx, c.v, in)
	case raw != "":
		if !strings.HasPrefix(strings.ToLower(raw), "http") {
			return nil, domain.BadParam("url", "a URL starting with http", truncateValue(raw))
		}
		v, err = a.svc.FetchPictureStatus(ctx, c.v, in, raw)
	default:
		return nil, domain.MissingParam("url or pic_id")
	}
	if err != nil {
		return nil, err
	}
	return a.status(v, renderOpts{}), nil
}

func truncateValue(s string) string {
	if len(s) > 64 {
		return strings.ToValidUTF8(s[:64], "") + "..."
	}
	return s
}

// avatarUpload is account/avatar/upload: the multipart part "image" (the
// v2 documentation's name; "pic", as the status uploads call it, also
// works) becomes the user's avatar. The answer is the user.
func (a *API) avatarUpload(ctx context.Context, c *call) (any, error) {
	data, err := a.picturePart(c, "image", "pic")
	if err != nil {
		return nil, err
	}
	u, err := a.svc.SetAvatar(ctx, c.v, data)
	if err != nil {
		return nil, err
	}
	return a.user(u, renderOpts{}), nil
}

// renderPictures fills a status's picture fields from its ids: the first
// picture's three sizes, and every picture's thumbnail in pic_urls.
func (a *API) renderPictures(out *Status, ids []string) {
	if len(ids) == 0 {
		return
	}
	out.ThumbnailPic = a.svc.PictureURL(ids[0], media.Thumbnail)
	out.BmiddlePic = a.svc.PictureURL(ids[0], media.Bmiddle)
	out.OriginalPic = a.svc.PictureURL(ids[0], media.Large)
	out.PicURLs = make([]PicURL, len(ids))
	for i, id := range ids {
		out.PicURLs[i] = PicURL{ThumbnailPic: a.svc.PictureURL(id, media.Thumbnail)}
	}
	out.PicIDs = ids
}

// renderAvatar fills a user's avatar fields (objects.md §2).
func (a *API) renderAvatar(out *User, avatarID string) {
	out.ProfileImageURL = a.svc.AvatarURL(avatarID, media.Avatar50)
	out.AvatarLarge = a.svc.AvatarURL(avatarID, media.Avatar180)
	out.AvatarHD = a.svc.AvatarURL(avatarID, media.AvatarHD)
}
