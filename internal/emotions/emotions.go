// Package emotions is the server's own set of emoticons (表情): the phrase
// codes clients type in text, like [哈哈], each with a small PNG image of
// our own, embedded. The images are drawn by gen.go (go generate) from
// simple shapes, so they carry no third party's copyright. A leaf with
// data, like media and geo: no I/O of its own.
package emotions

import (
	"embed"
	"slices"
)

//go:generate go run gen.go

// Files holds the images, img/<File>.
//
//go:embed img/*.png
var Files embed.FS

// Types of emoticon (statuses.md §20).
const (
	TypeFace    = "face"    // ordinary faces
	TypeAni     = "ani"     // "magic" ones
	TypeCartoon = "cartoon" // cartoon characters
)

// Emotion is one emoticon. Phrase is its simplified-Chinese code (what
// language=cnname lists), Traditional its traditional-Chinese one
// (language=twname); both are kept as typed in text.
type Emotion struct {
	Phrase      string
	Traditional string
	Type        string
	Category    string // "" for the default category
	Hot         bool
	Common      bool
	File        string // the image: img/<File>
}

// All lists every emoticon, in display order.
func All() []Emotion { return slices.Clone(all) }

// Of lists the emoticons of one type, in display order.
func Of(typ string) []Emotion {
	var out []Emotion
	for _, e := range all {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

var all = []Emotion{
	{"[哈哈]", "[哈哈]", TypeFace, "", true, true, "haha.png"},
	{"[呵呵]", "[呵呵]", TypeFace, "", true, true, "hehe.png"},
	{"[嘻嘻]", "[嘻嘻]", TypeFace, "", true, true, "xixi.png"},
	{"[偷笑]", "[偷笑]", TypeFace, "", true, true, "touxiao.png"},
	{"[爱你]", "[愛你]", TypeFace, "", true, true, "aini.png"},
	{"[亲亲]", "[親親]", TypeFace, "", false, true, "qinqin.png"},
	{"[害羞]", "[害羞]", TypeFace, "", false, true, "haixiu.png"},
	{"[太开心]", "[太開心]", TypeFace, "", true, true, "taikaixin.png"},
	{"[哭]", "[哭]", TypeFace, "", true, true, "ku.png"},
	{"[泪]", "[淚]", TypeFace, "", false, true, "lei.png"},
	{"[可怜]", "[可憐]", TypeFace, "", false, true, "kelian.png"},
	{"[衰]", "[衰]", TypeFace, "", false, true, "shuai.png"},
	{"[怒]", "[怒]", TypeFace, "", false, true, "nu.png"},
	{"[抓狂]", "[抓狂]", TypeFace, "", false, true, "zhuakuang.png"},
	{"[鄙视]", "[鄙視]", TypeFace, "", false, true, "bishi.png"},
	{"[吃惊]", "[吃驚]", TypeFace, "", false, true, "chijing.png"},
	{"[晕]", "[暈]", TypeFace, "", false, true, "yun.png"},
	{"[汗]", "[汗]", TypeFace, "", false, true, "han.png"},
	{"[困]", "[睏]", TypeFace, "", false, false, "kun.png"},
	{"[睡觉]", "[睡覺]", TypeFace, "", false, false, "shuijiao.png"},
	{"[思考]", "[思考]", TypeFace, "", false, false, "sikao.png"},
	{"[闭嘴]", "[閉嘴]", TypeFace, "", false, false, "bizui.png"},
	{"[酷]", "[酷]", TypeFace, "", false, false, "ku2.png"},
	{"[生病]", "[生病]", TypeFace, "", false, false, "shengbing.png"},
	{"[钱]", "[錢]", TypeFace, "", false, false, "qian.png"},
	{"[心]", "[心]", TypeAni, "心情", true, true, "xin.png"},
	{"[伤心]", "[傷心]", TypeAni, "心情", false, true, "shangxin.png"},
	{"[太阳]", "[太陽]", TypeAni, "天气", false, false, "taiyang.png"},
	{"[月亮]", "[月亮]", TypeAni, "天气", false, false, "yueliang.png"},
	{"[下雨]", "[下雨]", TypeAni, "天气", false, false, "xiayu.png"},
	{"[蛋糕]", "[蛋糕]", TypeAni, "节日", false, false, "dangao.png"},
	{"[礼物]", "[禮物]", TypeAni, "节日", false, false, "liwu.png"},
	{"[熊猫]", "[熊貓]", TypeCartoon, "动物", true, false, "xiongmao.png"},
	{"[兔子]", "[兔子]", TypeCartoon, "动物", false, false, "tuzi.png"},
	{"[小猫]", "[小貓]", TypeCartoon, "动物", false, false, "xiaomao.png"},
	{"[小狗]", "[小狗]", TypeCartoon, "动物", false, false, "xiaogou.png"},
}
