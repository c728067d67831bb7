package oauthsig

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dghubble/oauth1"
)

func TestEncode(t *testing.T) {
	for in, want := range map[string]string{
		"":                "",
		"abcXYZ019-._~":   "abcXYZ019-._~",
		"a b":             "a%20b",
		"a+b=c&d":         "a%2Bb%3Dc%26d",
		"你":               "%E4%BD%A0",
		"/?#[]@!$'()*,;:": "%2F%3F%23%5B%5D%40%21%24%27%28%29%2A%2C%3B%3A",
		"\x00\xff":        "%00%FF",
	} {
		if got := Encode(in); got != want {
			t.Errorf("Encode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBaseURI(t *testing.T) {
	for _, c := range []struct{ scheme, host, path, want string }{
		{"HTTP", "Open.T.QQ.com", "/api/t/add", "http://open.t.qq.com/api/t/add"},
		{"http", "example.com:80", "/r", "http://example.com/r"},
		{"https", "example.com:443", "/r", "https://example.com/r"},
		{"http", "example.com:8080", "/r", "http://example.com:8080/r"},
		{"https", "example.com:80", "/r", "https://example.com:80/r"},
		{"http", "[::1]:80", "/r", "http://[::1]/r"},
		{"http", "[::1]", "", "http://[::1]/"},
	} {
		if got := BaseURI(c.scheme, c.host, c.path); got != c.want {
			t.Errorf("BaseURI(%q, %q, %q) = %q, want %q", c.scheme, c.host, c.path, got, c.want)
		}
	}
}

func pairs(kv ...string) []Pair {
	var out []Pair
	for i := 0; i < len(kv); i += 2 {
		out = append(out, Pair{Name: kv[i], Value: kv[i+1]})
	}
	return out
}

// The vectors of spec/tencent-v1.md §3.5.
func TestSpecVectors(t *testing.T) {
	base := BaseString("GET", "https://open.t.qq.com/cgi-bin/request_token", pairs(
		"oauth_callback", "http://qunmgr.qq.com/oauthapi/callback.php",
		"oauth_consumer_key", "0aae7ba5c10d4b939694b0b3b9ffe8ac",
		"oauth_nonce", "b788149731e0ed75daa03a6e1e30427c",
		"oauth_signature_method", "HMAC-SHA1",
		"oauth_timestamp", "1288932298",
		"oauth_version", "1.0",
		"oauth_signature", "ignored",
	))
	wantBase := "GET&https%3A%2F%2Fopen.t.qq.com%2Fcgi-bin%2Frequest_token&oauth_callback%3Dhttp%253A%252F%252Fqunmgr.qq.com%252Foauthapi%252Fcallback.php%26oauth_consumer_key%3D0aae7ba5c10d4b939694b0b3b9ffe8ac%26oauth_nonce%3Db788149731e0ed75daa03a6e1e30427c%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1288932298%26oauth_version%3D1.0"
	if base != wantBase {
		t.Fatalf("request_token base string\n got %s\nwant %s", base, wantBase)
	}
	if k := Key("test_consumer_secret", ""); k != "test_consumer_secret&" {
		t.Errorf("key = %q", k)
	}
	if sig := Sign(base, "test_consumer_secret", ""); sig != "Ly8WKrwJ7ILGPMksG08GauN+D4A=" {
		t.Errorf("request_token signature = %s", sig)
	}
	if !Verify("Ly8WKrwJ7ILGPMksG08GauN+D4A=", base, "test_consumer_secret", "") {
		t.Error("Verify refuses the right signature")
	}

	base = BaseString("POST", "http://open.t.qq.com/api/t/add", pairs(
		"format", "json", "content", "你好 world", "clientip", "127.0.0.1", "jing", "110.5", "wei", "23.4",
		"oauth_consumer_key", "0aae7ba5c10d4b939694b0b3b9ffe8ac",
		"oauth_nonce", "0123456789abcdef0123456789abcdef",
		"oauth_signature_method", "HMAC-SHA1",
		"oauth_timestamp", "1290668241",
		"oauth_token", "adfbbe3c7f1043d2932878e95350eecb",
		"oauth_version", "1.0",
	))
	prefix := "POST&http%3A%2F%2Fopen.t.qq.com%2Fapi%2Ft%2Fadd&clientip%3D127.0.0.1%26content%3D%25E4%25BD%25A0%25E5%25A5%25BD%2520world%26format%3Djson%26jing%3D110.5%26oauth_consumer_key"
	if !strings.HasPrefix(base, prefix) {
		t.Fatalf("t/add base string %s\ndoes not begin %s", base, prefix)
	}
	if k := Key("test_consumer_secret", "test_token_secret"); k != "test_consumer_secret&test_token_secret" {
		t.Errorf("key = %q", k)
	}
	if sig := Sign(base, "test_consumer_secret", "test_token_secret"); sig != "GidUn5WVu8HoouwPP8ZtGoakr7Y=" {
		t.Errorf("t/add signature = %s", sig)
	}
	for _, bad := range []struct{ sig, cs, ts string }{
		{"GidUn5WVu8HoouwPP8ZtGoakr7Y=", "test_consumer_secret", "other"},
		{"GidUn5WVu8HoouwPP8ZtGoakr7Y=", "other", "test_token_secret"},
		{"GidUn5WVu8HoouwPP8ZtGoakr7Z=", "test_consumer_secret", "test_token_secret"},
		{"not base64!", "test_consumer_secret", "test_token_secret"},
		{"", "test_consumer_secret", "test_token_secret"},
	} {
		if Verify(bad.sig, base, bad.cs, bad.ts) {
			t.Errorf("Verify(%q, %q, %q) accepted", bad.sig, bad.cs, bad.ts)
		}
	}
}

// Repeated names are all signed, sorted by value (RFC 5849 §3.4.1.3.2).
func TestBaseStringSortsRepeatedNames(t *testing.T) {
	got := BaseString("get", "http://x/", pairs("b", "2", "a", "z", "b", "1", "a", ""))
	want := "GET&http%3A%2F%2Fx%2F&a%3D%26a%3Dz%26b%3D1%26b%3D2"
	if got != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}
}

func TestParseHeader(t *testing.T) {
	ps, ok, err := ParseHeader(`OAuth realm="Example", oauth_consumer_key="k%20y", oauth_nonce="n",oauth_signature="a%2Bb%3D"`)
	if !ok || err != nil {
		t.Fatalf("ok=%v err=%v", ok, err)
	}
	want := pairs("oauth_consumer_key", "k y", "oauth_nonce", "n", "oauth_signature", "a+b=")
	if len(ps) != len(want) {
		t.Fatalf("got %v", ps)
	}
	for i := range want {
		if ps[i] != want[i] {
			t.Errorf("pair %d = %v, want %v", i, ps[i], want[i])
		}
	}
	for _, h := range []string{"", "Bearer x", "OAuth2 2.00abc", "Basic Zm9v"} {
		if _, ok, err := ParseHeader(h); ok || err != nil {
			t.Errorf("ParseHeader(%q) = ok %v, err %v; want not OAuth", h, ok, err)
		}
	}
	for _, h := range []string{`OAuth a=b`, `OAuth a="b`, `OAuth ="x"`, `OAuth a="%zz"`, `OAuth a`} {
		if _, ok, err := ParseHeader(h); !ok || err == nil {
			t.Errorf("ParseHeader(%q) = ok %v, err %v; want malformed", h, ok, err)
		}
	}
}

// capture is a RoundTripper that keeps the request a client would send.
type capture struct{ req *http.Request }

func (c *capture) RoundTrip(r *http.Request) (*http.Response, error) {
	c.req = r
	return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
}

// Requests signed by an independent OAuth1 client verify here.
func TestVerifiesAnIndependentClient(t *testing.T) {
	cfg := oauth1.NewConfig("0aae7ba5c10d4b939694b0b3b9ffe8ac", "consumer secret/+")
	tok := oauth1.NewToken("adfbbe3c7f1043d2932878e95350eecb", "token secret&=")
	for _, c := range []struct {
		method, url string
		form        url.Values
	}{
		{"GET", "http://open.t.qq.com/api/statuses/home_timeline?format=json&pageflag=0&reqnum=20&pagetime=0", nil},
		{"POST", "http://127.0.0.1:8080/api/t/add", url.Values{"content": {"你好 world +&="}, "format": {"xml"}, "clientip": {"127.0.0.1"}}},
		{"POST", "https://Example.COM:443/api/t/add?format=json", url.Values{"content": {"a b"}}}, // (the client keeps one value per name)
	} {
		cp := &capture{}
		ctx := context.WithValue(context.Background(), oauth1.HTTPClient, &http.Client{Transport: cp})
		client := cfg.Client(ctx, tok)
		var err error
		if c.form != nil {
			_, err = client.PostForm(c.url, c.form)
		} else {
			_, err = client.Get(c.url)
		}
		if err != nil {
			t.Fatal(err)
		}
		r := cp.req
		hdr, ok, err := ParseHeader(r.Header.Get("Authorization"))
		if !ok || err != nil {
			t.Fatalf("header %q: %v", r.Header.Get("Authorization"), err)
		}
		var params []Pair
		var sig string
		for _, p := range hdr {
			if p.Name == "oauth_signature" {
				sig = p.Value
			}
			params = append(params, p)
		}
		for k, vs := range r.URL.Query() {
			for _, v := range vs {
				params = append(params, Pair{Name: k, Value: v})
			}
		}
		for k, vs := range c.form {
			for _, v := range vs {
				params = append(params, Pair{Name: k, Value: v})
			}
		}
		base := BaseString(r.Method, BaseURI(r.URL.Scheme, r.URL.Host, r.URL.EscapedPath()), params)
		if !Verify(sig, base, "consumer secret/+", "token secret&=") {
			t.Errorf("%s %s: signature %s does not verify over %s", c.method, c.url, sig, base)
		}
		if Verify(sig, base, "consumer secret/+", "wrong") {
			t.Errorf("%s %s: verifies under the wrong token secret", c.method, c.url)
		}
	}
}
