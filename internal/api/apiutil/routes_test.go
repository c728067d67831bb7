package apiutil

import (
	"net/url"
	"strings"
	"testing"
)

func TestCheckRead(t *testing.T) {
	ri := &RouteInfo{Path: "/2/x.json", Params: []ParamInfo{
		P("id", KindID).Of("status").Req(), P("count", KindCount), P("status", KindText), P("ids", KindIDs).Of("user"),
		P("mode", KindText).OneOf("a", "b"),
	}}
	ok := []struct {
		name string
		rd   Reader
	}{
		{"id", ReadInt64}, {"id", ReadRequiredInt64}, {"id", ReadHas}, {"id", ReadString}, {"count", ReadInt},
		{"count", ReadIntIn}, {"status", ReadRequiredString}, {"status", ReadGiven}, {"ids", ReadInt64List},
		{"mode", ReadEnum}, {"mode", ReadString},
	}
	for _, c := range ok {
		if err := ri.CheckRead(c.name, c.rd); err != nil {
			t.Errorf("CheckRead(%s, %s) = %v, want nil", c.name, c.rd, err)
		}
	}
	bad := []struct {
		name string
		rd   Reader
		want string
	}{
		{"other", ReadString, "does not declare"},
		{"id", ReadInt64List, "declared id"},
		{"count", ReadBool01, "declared count"},
		{"status", ReadInt64, "declared text"},
		{"ids", ReadInt64, "declared ids"},
	}
	for _, c := range bad {
		err := ri.CheckRead(c.name, c.rd)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "/2/x.json") {
			t.Errorf("CheckRead(%s, %s) = %v, want an error with %q", c.name, c.rd, err, c.want)
		}
	}
	if p, ok := ri.Param("mode"); !ok || p.Kind != KindEnum || len(p.Values) != 2 {
		t.Errorf("Param(mode) = %+v, %v", p, ok)
	}
}

func TestWatchSeesEveryReader(t *testing.T) {
	var got []string
	p := NewParams(url.Values{"a": {"1"}}).Watch(func(name string, rd Reader) { got = append(got, name+":"+string(rd)) })
	p.Has("a")
	p.Given("b")
	_ = p.String("c")
	_, _ = p.RequiredString("d")
	_, _ = p.Int64("e", 0)
	_, _ = p.RequiredInt64("f")
	_, _ = p.Int("g", 0, 0, 1)
	_, _ = p.IntIn("h", 0, 0, 1)
	_, _ = p.Bool01("i", false)
	_, _ = p.Enum("j", "")
	_, _ = p.Int64List("k", 1)
	_, _ = p.StringList("l", 1)
	_, _, _ = p.Lat("m")
	_, _ = p.Callback("n")
	joined := strings.Join(got, " ")
	for _, want := range []string{"a:Has", "b:Given", "c:String", "d:RequiredString", "e:Int64", "f:RequiredInt64",
		"g:Int", "h:IntIn", "i:Bool01", "j:Enum", "k:Int64List", "l:StringList", "m:Float", "n:Callback"} {
		if !strings.Contains(joined, want) {
			t.Errorf("watch missed %s in %s", want, joined)
		}
	}
	// The zero Params and an unwatched one report nothing and do not fail.
	var z Params
	z.Has("a")
}
