package sina

import (
	"context"

	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/domain"
)

// The social area's endpoints: privacy, friend groups and the friendships
// extras. Every rule is the core's (core/privacy.go, core/group.go, ...).
func (a *API) socialRoutes() []route {
	return append(a.groupRoutes(),
		route{path: "account/get_privacy", methods: "GET", rate: core.RateGeneral, h: a.getPrivacy},
	)
}

// Privacy is objects.md §6.
type Privacy struct {
	Comment  int `json:"comment"`
	Geo      int `json:"geo"`
	Message  int `json:"message"`
	Realname int `json:"realname"`
	Badge    int `json:"badge"`
	Mobile   int `json:"mobile"`
	Webim    int `json:"webim"`
}

func b01(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (a *API) getPrivacy(ctx context.Context, c *call) (any, error) {
	p, err := a.svc.Privacy(ctx, c.v.UserID)
	if err != nil {
		return nil, err
	}
	return privacyObject(p), nil
}

func privacyObject(p domain.Privacy) Privacy {
	return Privacy{Comment: int(p.Comment), Geo: b01(p.Geo), Message: int(p.Message), Realname: b01(p.RealName),
		Badge: b01(p.Badge), Mobile: b01(p.Mobile), Webim: b01(p.WebIM)}
}
