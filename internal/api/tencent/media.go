package tencent

import (
	"context"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
)

// The two uploads (spec §9.2 t/add_pic, §9.3 user/update_head): multipart
// bodies whose file part pic is never signed.

// uploadSlack is the room an upload's body has beside its picture.
const uploadSlack = 64 << 10

var pPic = apiutil.P("pic", apiutil.KindFile).Req()

func (a *API) mediaRoutes() []route {
	return []route{
		{path: "t/add_pic", methods: "POST", rate: core.RatePost, upload: true, params: ps(pContent, postPs, pPic), h: a.addPic},
		{path: "user/update_head", methods: "POST", rate: core.RateGeneral, upload: true, params: ps(pPic), h: a.updateHead},
	}
}

// picture reads the file part pic: missing, empty or not multipart is a
// missing picture; over the limit is too large (read no further).
func (a *API) picture(c *call) ([]byte, error) {
	return apiutil.FilePart(c.r, a.svc.MediaLimits().MaxBytes, "pic", "Pic", "PIC")
}

func (a *API) addPic(ctx context.Context, c *call) (*envelope, error) {
	text, err := readContent(c)
	if err != nil {
		return nil, err
	}
	ip, err := clientIP(c)
	if err != nil {
		return nil, err
	}
	g, err := geo(c)
	if err != nil {
		return nil, err
	}
	data, err := a.picture(c)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.PostPictureStatus(ctx, c.v, core.PostStatusInput{Text: text, RIP: ip, Geo: g}, data)
	if err != nil {
		return nil, err
	}
	return ok(Posted{ID: v.Status.ID, Timestamp: v.Status.CreatedAt.Unix()}), nil
}

func (a *API) updateHead(ctx context.Context, c *call) (*envelope, error) {
	data, err := a.picture(c)
	if err != nil {
		return nil, err
	}
	_, err = a.svc.SetAvatar(ctx, c.v, data)
	return nil, err
}
