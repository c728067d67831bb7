package apiutil

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/weibo-server/weibo/internal/domain"
)

func params(q string) Params {
	v, err := url.ParseQuery(q)
	if err != nil {
		panic(err)
	}
	return NewParams(v)
}

// wantErr checks err against an expected reason ("" = no error).
func wantErr(t *testing.T, err error, reason domain.Reason) {
	t.Helper()
	if reason == "" {
		if err != nil {
			t.Fatalf("unexpected error %v", err)
		}
		return
	}
	var de *domain.Error
	if !errors.As(err, &de) {
		t.Fatalf("error %v (%T) is not a *domain.Error, want reason %q", err, err, reason)
	}
	if de.Reason != reason {
		t.Fatalf("reason %q (%v), want %q", de.Reason, de, reason)
	}
}

const (
	missing   = domain.ReasonMissingParam
	bad       = domain.ReasonBadParam
	tooMuch   = domain.ReasonIDsTooMany
	bodyLarge = domain.ReasonBodyTooLarge
)

func TestStringReaders(t *testing.T) {
	p := params("status=+hi+&empty=&blank=%20")
	if got := p.String("status"); got != " hi " {
		t.Errorf("String keeps spaces: got %q", got)
	}
	// Blank is absent for Has, as for every reader (a blank id once passed
	// Has and then indexed the empty list a list reader made of it).
	if p.Has("empty") || p.Has("blank") || p.Has("nope") || !p.Has("status") {
		t.Errorf("Has: empty=%v blank=%v nope=%v status=%v", p.Has("empty"), p.Has("blank"), p.Has("nope"), p.Has("status"))
	}
	// Given tells a text sent empty from one not sent.
	if !p.Given("empty") || !p.Given("blank") || p.Given("nope") {
		t.Errorf("Given: empty=%v blank=%v nope=%v", p.Given("empty"), p.Given("blank"), p.Given("nope"))
	}
	_, err := p.RequiredString("empty")
	wantErr(t, err, missing)
	_, err = p.RequiredString("blank")
	wantErr(t, err, missing)
	_, err = p.RequiredString("nope")
	wantErr(t, err, missing)
	s, err := p.RequiredString("status")
	wantErr(t, err, "")
	if s != " hi " {
		t.Errorf("RequiredString = %q", s)
	}
	var de *domain.Error
	_, err = p.RequiredString("nope")
	if errors.As(err, &de); de.Param != "nope" || de.Kind != domain.KindInvalid {
		t.Errorf("MissingParam error = %+v", de)
	}
}

func TestInt64(t *testing.T) {
	tests := []struct {
		q      string
		def    int64
		want   int64
		reason domain.Reason
	}{
		{"", 7, 7, ""},
		{"id=", 7, 7, ""},
		{"id=+42", 0, 42, ""},
		{"id=%2042%20", 0, 42, ""},
		{"id=-3", 0, -3, ""},
		{"id=9223372036854775807", 0, 9223372036854775807, ""},
		{"id=9223372036854775808", 0, 0, bad},
		{"id=abc", 0, 0, bad},
		{"id=1.5", 0, 0, bad},
		{"id=0x10", 0, 0, bad},
	}
	for _, tt := range tests {
		got, err := params(tt.q).Int64("id", tt.def)
		wantErr(t, err, tt.reason)
		if got != tt.want {
			t.Errorf("Int64(%q) = %d, want %d", tt.q, got, tt.want)
		}
	}
	_, err := params("").RequiredInt64("id")
	wantErr(t, err, missing)
	_, err = params("id=x").RequiredInt64("id")
	wantErr(t, err, bad)
	n, err := params("id=5").RequiredInt64("id")
	wantErr(t, err, "")
	if n != 5 {
		t.Errorf("RequiredInt64 = %d", n)
	}
	var de *domain.Error
	_, err = params("id=abc").Int64("id", 0)
	errors.As(err, &de)
	if de.Param != "id" || de.Want != "int64" || de.Got != "abc" {
		t.Errorf("BadParam fields = %+v", de)
	}
}

func TestInt(t *testing.T) {
	tests := []struct {
		q      string
		want   int
		reason domain.Reason
	}{
		{"", 20, ""},
		{"count=1", 1, ""},
		{"count=100", 100, ""},
		{"count=101", 100, ""},                     // clamped
		{"count=99999999999999999999999", 100, ""}, // overflow is still "above max"
		{"count=0", 0, bad},
		{"count=-1", 0, bad},
		{"count=-99999999999999999999999", 0, bad},
		{"count=ten", 0, bad},
		{"count=1e2", 0, bad},
	}
	for _, tt := range tests {
		got, err := params(tt.q).Int("count", 20, 1, 100)
		wantErr(t, err, tt.reason)
		if got != tt.want {
			t.Errorf("Int(%q) = %d, want %d", tt.q, got, tt.want)
		}
	}
	if _, err := params("page=6").IntIn("page", 1, 1, 5); err == nil {
		t.Error("IntIn does not clamp")
	}
	if n, _ := params("page=5").IntIn("page", 1, 1, 5); n != 5 {
		t.Errorf("IntIn = %d", n)
	}
}

func TestBoolEnum(t *testing.T) {
	tests := []struct {
		q      string
		def    bool
		want   bool
		reason domain.Reason
	}{
		{"", true, true, ""},
		{"b=1", false, true, ""},
		{"b=0", true, false, ""},
		{"b=true", false, true, ""},
		{"b=FALSE", true, false, ""},
		{"b=2", false, false, bad},
		{"b=yes", false, false, bad},
	}
	for _, tt := range tests {
		got, err := params(tt.q).Bool01("b", tt.def)
		wantErr(t, err, tt.reason)
		if got != tt.want {
			t.Errorf("Bool01(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
	got, err := params("").Enum("type", "a", "a", "b")
	if got != "a" || err != nil {
		t.Errorf("Enum default = %q, %v", got, err)
	}
	got, err = params("type=b").Enum("type", "a", "a", "b")
	if got != "b" || err != nil {
		t.Errorf("Enum = %q, %v", got, err)
	}
	_, err = params("type=c").Enum("type", "a", "a", "b")
	wantErr(t, err, bad)
}

func TestInt64List(t *testing.T) {
	tests := []struct {
		q      string
		want   []int64
		reason domain.Reason
	}{
		{"", nil, ""},
		{"ids=", nil, ""},
		{"ids=1", []int64{1}, ""},
		{"ids=3,1,2", []int64{3, 1, 2}, ""},
		{"ids=+1+,+2", []int64{1, 2}, ""},
		{"ids=1,1,2,1", []int64{1, 2}, ""},
		{"ids=1,2,3", []int64{1, 2, 3}, ""},
		{"ids=1,2,3,3,3", []int64{1, 2, 3}, ""}, // duplicates do not count against the limit
		{"ids=1,2,3,4", nil, tooMuch},
		{"ids=1,,2", nil, bad},
		{"ids=1,", nil, bad},
		{"ids=,1", nil, bad},
		{"ids=1,x", nil, bad},
		{"ids=0", nil, bad},
		{"ids=-5", nil, bad},
	}
	for _, tt := range tests {
		got, err := params(tt.q).Int64List("ids", 3)
		wantErr(t, err, tt.reason)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Int64List(%q) (-want +got):\n%s", tt.q, diff)
		}
	}
	_, err := params("ids=1").Int64List("ids", 0)
	wantErr(t, err, tooMuch)
	_, err = params("ids=1").Int64List("ids", -1)
	wantErr(t, err, tooMuch)
}

func TestStringList(t *testing.T) {
	tests := []struct {
		q      string
		want   []string
		reason domain.Reason
	}{
		{"", nil, ""},
		{"n=a", []string{"a"}, ""},
		{"n=b,+a+,b", []string{"b", "a"}, ""},
		{"n=a,,b", nil, bad},
		{"n=a,b,c", nil, tooMuch},
	}
	for _, tt := range tests {
		got, err := params(tt.q).StringList("n", 2)
		wantErr(t, err, tt.reason)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("StringList(%q) (-want +got):\n%s", tt.q, diff)
		}
	}
}

func TestFloatLatLong(t *testing.T) {
	tests := []struct {
		q      string
		lat    float64
		ok     bool
		reason domain.Reason
	}{
		{"", 0, false, ""},
		{"lat=39.9", 39.9, true, ""},
		{"lat=-90", -90, true, ""},
		{"lat=90.0001", 0, false, bad},
		{"lat=NaN", 0, false, bad},
		{"lat=Inf", 0, false, bad},
		{"lat=north", 0, false, bad},
	}
	for _, tt := range tests {
		got, ok, err := params(tt.q).Lat("lat")
		wantErr(t, err, tt.reason)
		if got != tt.lat || ok != tt.ok {
			t.Errorf("Lat(%q) = %v, %v; want %v, %v", tt.q, got, ok, tt.lat, tt.ok)
		}
	}
	if _, _, err := params("long=180").Long("long"); err != nil {
		t.Errorf("Long(180): %v", err)
	}
	_, _, err := params("long=-180.5").Long("long")
	wantErr(t, err, bad)
	f, ok, err := params("x=1e3").Float("x")
	if f != 1000 || !ok || err != nil {
		t.Errorf("Float = %v %v %v", f, ok, err)
	}
}

func TestCallback(t *testing.T) {
	good := []string{"cb", "jQuery1720_1234", "$", "_x", "ns.cb", "a.b.c", "STK.x$1"}
	badNames := []string{"1cb", "a..b", ".a", "a.", "a b", "alert(1)", "a;b", "a-b", "a[0]", "中文",
		"a/**/", strings.Repeat("a", 129)}
	for _, s := range good {
		if !ValidCallback(s) {
			t.Errorf("ValidCallback(%q) = false", s)
		}
		got, err := NewParams(url.Values{"callback": {s}}).Callback("callback")
		if got != s || err != nil {
			t.Errorf("Callback(%q) = %q, %v", s, got, err)
		}
	}
	for _, s := range badNames {
		if ValidCallback(s) {
			t.Errorf("ValidCallback(%q) = true", s)
		}
		_, err := NewParams(url.Values{"callback": {s}}).Callback("callback")
		wantErr(t, err, bad)
	}
	if cb, err := params("").Callback("callback"); cb != "" || err != nil {
		t.Errorf("absent callback = %q, %v", cb, err)
	}
}

func TestTruncateGot(t *testing.T) {
	long := strings.Repeat("微", 100)
	_, err := NewParams(url.Values{"id": {long}}).Int64("id", 0)
	var de *domain.Error
	errors.As(err, &de)
	if len(de.Got) > maxGot+3 || !strings.HasSuffix(de.Got, "...") || !strings.HasPrefix(long, strings.TrimSuffix(de.Got, "...")) {
		t.Errorf("Got not truncated on a rune boundary: %q", de.Got)
	}
}

func newForm(method, target, body string) *http.Request {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func newMultipart(t *testing.T, target string, fields map[string]string, file []byte) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if file != nil {
		fw, err := mw.CreateFormFile("pic", "a.png")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	mw.Close()
	r := httptest.NewRequest(http.MethodPost, target, &buf)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return r
}

func TestFromRequest(t *testing.T) {
	t.Run("query and body merge, body wins", func(t *testing.T) {
		r := newForm("POST", "/2/statuses/update.json?access_token=t&status=q&only_q=1", "status=%E4%BD%A0b&only_b=2")
		p, err := FromRequest(r, 0)
		wantErr(t, err, "")
		want := map[string]string{"access_token": "t", "status": "你b", "only_q": "1", "only_b": "2"}
		for k, v := range want {
			if got := p.String(k); got != v {
				t.Errorf("%s = %q, want %q", k, got, v)
			}
		}
		if r.FormValue("status") != "你b" {
			t.Errorf("r.FormValue disagrees: %q", r.FormValue("status"))
		}
		// A second call (handler after auth middleware) sees the same values.
		p2, err := FromRequest(r, 0)
		wantErr(t, err, "")
		if diff := cmp.Diff(p.Values(), p2.Values()); diff != "" {
			t.Errorf("second parse differs:\n%s", diff)
		}
	})
	t.Run("GET ignores body", func(t *testing.T) {
		r := newForm("GET", "/x?a=1", "a=2&b=3")
		p, err := FromRequest(r, 0)
		wantErr(t, err, "")
		if p.String("a") != "1" || p.Has("b") {
			t.Errorf("GET params = %v", p.Values())
		}
	})
	t.Run("missing content type is a form", func(t *testing.T) {
		r := httptest.NewRequest("POST", "/x", strings.NewReader("a=2"))
		p, err := FromRequest(r, 0)
		wantErr(t, err, "")
		if p.String("a") != "2" {
			t.Errorf("params = %v", p.Values())
		}
	})
	t.Run("json body left alone", func(t *testing.T) {
		r := httptest.NewRequest("POST", "/x?a=1", strings.NewReader(`{"a":2}`))
		r.Header.Set("Content-Type", "application/json")
		p, err := FromRequest(r, 0)
		wantErr(t, err, "")
		if p.String("a") != "1" {
			t.Errorf("params = %v", p.Values())
		}
	})
	t.Run("content type with charset", func(t *testing.T) {
		r := httptest.NewRequest("POST", "/x", strings.NewReader("a=2"))
		r.Header.Set("Content-Type", "Application/X-WWW-Form-Urlencoded; charset=UTF-8")
		p, err := FromRequest(r, 0)
		wantErr(t, err, "")
		if p.String("a") != "2" {
			t.Errorf("params = %v", p.Values())
		}
	})
	t.Run("multipart values and file", func(t *testing.T) {
		r := newMultipart(t, "/2/statuses/upload.json?status=q&access_token=t", map[string]string{"status": "from body"}, []byte("PNG"))
		p, err := FromRequest(r, 0)
		wantErr(t, err, "")
		if p.String("status") != "from body" || p.String("access_token") != "t" {
			t.Errorf("params = %v", p.Values())
		}
		if fh := r.MultipartForm.File["pic"]; len(fh) != 1 || fh[0].Size != 3 {
			t.Errorf("pic part = %v", fh)
		}
		p2, err := FromRequest(r, 0)
		wantErr(t, err, "")
		if p2.String("status") != "from body" {
			t.Errorf("second parse = %v", p2.Values())
		}
	})
	t.Run("malformed bodies", func(t *testing.T) {
		_, err := FromRequest(newForm("POST", "/x", "a=%zz"), 0)
		wantErr(t, err, bad)
		r := httptest.NewRequest("POST", "/x", strings.NewReader("garbage"))
		r.Header.Set("Content-Type", "multipart/form-data; boundary=xyz")
		_, err = FromRequest(r, 0)
		wantErr(t, err, bad)
		r = httptest.NewRequest("POST", "/x", strings.NewReader("garbage"))
		r.Header.Set("Content-Type", "multipart/form-data")
		_, err = FromRequest(r, 0)
		wantErr(t, err, bad)
		_, err = FromRequest(httptest.NewRequest("GET", "/x?a=%zz", nil), 0)
		wantErr(t, err, bad)
	})
	t.Run("text only, named", func(t *testing.T) {
		// Every dialect's parameters are UTF-8 text without control
		// characters but tab, LF and CR, at most MaxValueLen bytes: in the
		// query, the body, multipart values and names alike. The error
		// names the parameter (the first by name when several are bad).
		for _, tc := range []struct {
			r     func() *http.Request
			param string
		}{
			{func() *http.Request { return httptest.NewRequest("GET", "/x?status=ab%00cd", nil) }, "status"},
			{func() *http.Request { return httptest.NewRequest("GET", "/x?screen_name=a%00b&a=1", nil) }, "screen_name"},
			{func() *http.Request { return newForm("POST", "/x", "status=%ff%fe") }, "status"},
			{func() *http.Request { return newForm("POST", "/x", "z=%01&b=%1b&c=ok") }, "b"},
			{func() *http.Request { return newForm("POST", "/x", "status=%ED%A0%80") }, "status"}, // an encoded surrogate
			{func() *http.Request { return newForm("POST", "/x?q=%C3", "") }, "q"},                // cut in the middle of a character
			{func() *http.Request { return newForm("POST", "/x", "rip="+strings.Repeat("1", MaxValueLen+1)) }, "rip"},
			{func() *http.Request { return newForm("POST", "/x", "a%00b=1") }, `"a\x00b"`},
			{func() *http.Request { return newMultipart(t, "/x", map[string]string{"status": "\x00"}, []byte("PNG")) }, "status"},
		} {
			r := tc.r()
			_, err := FromRequest(r, 0)
			wantErr(t, err, bad)
			if de := domain.AsError(err); de.Param != tc.param {
				t.Errorf("%s %s: error names %q, want %q", r.Method, r.URL, de.Param, tc.param)
			}
		}
		// What clients do send: line breaks (CRLF from browsers), tabs,
		// any script, emoji, and a value of exactly MaxValueLen bytes.
		r := newForm("POST", "/x", url.Values{"status": {"一\r\n二\t三\n😀 ü"}, "long": {strings.Repeat("汉", MaxValueLen/3)}}.Encode())
		p, err := FromRequest(r, 0)
		wantErr(t, err, "")
		if p.String("status") != "一\r\n二\t三\n😀 ü" {
			t.Errorf("status = %q", p.String("status"))
		}
	})
	t.Run("too large", func(t *testing.T) {
		body := "a=" + strings.Repeat("x", 100)
		_, err := FromRequest(newForm("POST", "/x", body), 50)
		wantErr(t, err, bodyLarge)
		if !domain.IsKind(err, domain.KindTooLarge) {
			t.Errorf("kind = %v", domain.AsError(err).Kind)
		}
		// Unknown length (chunked): the limit is found while reading.
		r := newForm("POST", "/x", body)
		r.ContentLength = -1
		_, err = FromRequest(r, 50)
		wantErr(t, err, bodyLarge)
		r = newMultipart(t, "/x", map[string]string{"a": "b"}, bytes.Repeat([]byte("x"), 1000))
		r.ContentLength = -1
		_, err = FromRequest(r, 200)
		wantErr(t, err, bodyLarge)
		// Exactly at the limit is fine.
		_, err = FromRequest(newForm("POST", "/x", body), int64(len(body)))
		wantErr(t, err, "")
		// An outer http.MaxBytesReader (the server's body limit) is honoured too.
		r = newForm("POST", "/x", body)
		r.ContentLength = -1
		r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, 10)
		_, err = FromRequest(r, 0)
		wantErr(t, err, bodyLarge)
	})
}

func TestCleanText(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"", true}, {"abc", true}, {"你好", true}, {"😀", true}, {"a\tb\nc\r\n", true}, {"\u200b", true}, {"\x7f", true},
		{"\x00", false}, {"a\x00", false}, {"\x01", false}, {"\x1f", false}, {"\x1b[2J", false}, {"\v", false}, {"\f", false},
		{"\xff", false}, {"\xc3", false}, {"a\xc3(", false}, {"\xed\xa0\x80", false}, {"\xf4\x90\x80\x80", false},
	} {
		if got := CleanText(tt.s); got != tt.want {
			t.Errorf("CleanText(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
