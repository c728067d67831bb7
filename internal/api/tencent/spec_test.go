package tencent_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
)

// The objects of spec/tencent-v1.md §8, field by field: answers are decoded
// strictly into them (an unknown key fails the test).

type tweet struct {
	Text         string   `json:"text"`
	OrigText     string   `json:"origtext"`
	Count        int      `json:"count"`
	MCount       int      `json:"mcount"`
	From         string   `json:"from"`
	ID           int64    `json:"id"`
	Image        []string `json:"image"`
	Name         string   `json:"name"`
	Nick         string   `json:"nick"`
	UID          string   `json:"uid"`
	Self         int      `json:"self"`
	Timestamp    int64    `json:"timestamp"`
	Type         int      `json:"type"`
	Head         string   `json:"head"`
	Location     string   `json:"location"`
	CountryCode  string   `json:"country_code"`
	ProvinceCode string   `json:"province_code"`
	CityCode     string   `json:"city_code"`
	IsVip        int      `json:"isvip"`
	Geo          any      `json:"geo"`
	Status       int      `json:"status"`
	Source       *tweet   `json:"source"`
}

type profile struct {
	Name         string `json:"name"`
	Nick         string `json:"nick"`
	UID          string `json:"uid"`
	Head         string `json:"head"`
	Location     string `json:"location"`
	CountryCode  string `json:"country_code"`
	ProvinceCode string `json:"province_code"`
	CityCode     string `json:"city_code"`
	IsVip        int    `json:"isvip"`
	IsEnt        int    `json:"isent"`
	Introduction string `json:"introduction"`
	VerifyInfo   string `json:"verifyinfo"`
	BirthYear    string `json:"birth_year"`
	BirthMonth   string `json:"birth_month"`
	BirthDay     string `json:"birth_day"`
	Sex          int    `json:"sex"`
	FansNum      int    `json:"fansnum"`
	IdolNum      int    `json:"idolnum"`
	TweetNum     int    `json:"tweetnum"`
	Tag          []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"tag"`
	IsMyIdol  *int `json:"ismyidol"`
	IsMyFans  *int `json:"ismyfans"`
	IsMyBlack *int `json:"ismyblack"`
}

type timeline struct {
	Timestamp int64             `json:"timestamp"`
	HasNext   int               `json:"hasnext"`
	TotalNum  *int              `json:"totalnum"`
	Info      []tweet           `json:"info"`
	User      map[string]string `json:"user"`
}

type posted struct {
	ID        int64 `json:"id"`
	Timestamp int64 `json:"timestamp"`
}

// xmlRoot is the XML envelope (spec §5.2) as far as a test reads it.
type xmlRoot struct {
	XMLName xml.Name `xml:"root"`
	Ret     int      `xml:"ret"`
	Msg     string   `xml:"msg"`
	Errcode int      `xml:"errcode"`
	Data    struct {
		Inner []byte `xml:",innerxml"`
	} `xml:"data"`
}

// mustXML fails unless r is an XML envelope with ret 0; it decodes data
// into v (an XML-tagged struct) when v is not nil.
func mustXML(t *testing.T, r *testkit.Response, v any) {
	t.Helper()
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/xml") {
		t.Fatalf("want an XML 200, got %d %s: %s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	if !strings.HasPrefix(string(r.Body), xml.Header) {
		t.Fatalf("no XML declaration: %s", r.Body)
	}
	var root xmlRoot
	if err := xml.Unmarshal(r.Body, &root); err != nil {
		t.Fatalf("not XML: %v: %s", err, r.Body)
	}
	if root.Ret != 0 || root.Errcode != 0 || root.Msg != "ok" {
		t.Fatalf("want ret 0: %s", r.Body)
	}
	if v != nil {
		if err := xml.Unmarshal(append(append([]byte("<data>"), root.Data.Inner...), "</data>"...), v); err != nil {
			t.Fatalf("decode data: %v: %s", err, r.Body)
		}
	}
}

func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func idstr(id int64) string { return strconv.FormatInt(id, 10) }

// addTweet posts text through t/add and returns its id.
func addTweet(t *testing.T, c *testkit.TencentClient, text string) int64 {
	t.Helper()
	var p posted
	c.MustOK(c.Post("/api/t/add", vals("content", text, "clientip", "127.0.0.1")), &p)
	if p.ID == 0 || p.Timestamp == 0 {
		t.Fatalf("t/add answered %+v", p)
	}
	return p.ID
}

// jsonLoose decodes data into v, ignoring keys v does not name (for
// answers another test already checks field by field).
func jsonLoose(data []byte, v any) error { return json.Unmarshal(data, v) }

// mustXMLRoot decodes a whole XML envelope into v (its fields are the
// children of <root>), after the checks of mustXML.
func mustXMLRoot(t *testing.T, r *testkit.Response, v any) {
	t.Helper()
	mustXML(t, r, nil)
	if err := xml.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode: %v: %s", err, r.Body)
	}
}
