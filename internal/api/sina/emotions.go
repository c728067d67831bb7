package sina

import (
	"context"
	"strings"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/core"
	"github.com/weibo-server/weibo/internal/emotions"
)

// emotions (statuses.md §20): the server's own emoticons, images served
// from its own host (or --emotions-url).
func (a *API) emotionRoutes() []route {
	return []route{
		{path: "emotions", methods: "GET", auth: authOptional, rate: core.RateGeneral,
			params: ps(apiutil.P("type", apiutil.KindEnum).OneOf(emotions.TypeFace, emotions.TypeAni, emotions.TypeCartoon),
				apiutil.P("language", apiutil.KindEnum).OneOf("cnname", "twname")), h: a.emotions},
	}
}

// Emotion is objects.md §14.
type Emotion struct {
	Phrase   string `json:"phrase"`
	Type     string `json:"type"`
	URL      string `json:"url"`
	Hot      bool   `json:"hot"`
	Common   bool   `json:"common"`
	Category string `json:"category"`
	Icon     string `json:"icon"`
	Value    string `json:"value"`
	Picid    string `json:"picid"`
}

func (a *API) emotionsBase() string {
	if a.opts.EmotionsURL != "" {
		return a.opts.EmotionsURL
	}
	return strings.TrimSuffix(a.opts.BaseURL, "/") + "/emotions/"
}

func (a *API) emotions(_ context.Context, c *call) (any, error) {
	typ, err := c.p.Enum("type", emotions.TypeFace, emotions.TypeFace, emotions.TypeAni, emotions.TypeCartoon)
	if err != nil {
		return nil, err
	}
	lang, err := c.p.Enum("language", "cnname", "cnname", "twname")
	if err != nil {
		return nil, err
	}
	base := a.emotionsBase()
	list := emotions.Of(typ)
	out := make([]Emotion, len(list))
	for i, e := range list {
		phrase := e.Phrase
		if lang == "twname" {
			phrase = e.Traditional
		}
		url := base + e.File
		out[i] = Emotion{Phrase: phrase, Type: e.Type, URL: url, Hot: e.Hot, Common: e.Common,
			Category: e.Category, Icon: url, Value: phrase}
	}
	return out, nil
}
