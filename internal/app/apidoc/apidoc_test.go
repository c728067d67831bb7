package apidoc_test

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/app/apidoc"
)

// docs/API.md is what the route tables give today: a route added, removed
// or changed without regenerating fails here.
func TestAPIDocIsCurrent(t *testing.T) {
	want, err := apidoc.Generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../../docs/API.md")
	if err != nil {
		t.Fatalf("docs/API.md: %v (run go generate ./internal/app/apidoc)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("docs/API.md is stale: run go generate ./internal/app/apidoc\n%s",
			cmp.Diff(strings.Split(string(got), "\n"), strings.Split(string(want), "\n")))
	}
}

// The committed spec index parses, is sorted, and holds an endpoint of each
// spec layout.
func TestCommittedSpecIndex(t *testing.T) {
	spec, err := apidoc.Spec()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.IsSortedFunc(spec, func(a, b apidoc.SpecEndpoint) int {
		return strings.Compare(a.Dialect+" "+a.Path, b.Dialect+" "+b.Path)
	}) {
		t.Error("spec_endpoints.tsv is not sorted")
	}
	for _, want := range []apidoc.SpecEndpoint{
		{Dialect: "sina", Path: "/2/statuses/update.json", Methods: []string{"POST"}, File: "sina-v2/statuses.md"},
		{Dialect: "sina", Path: "/oauth2/authorize", Methods: []string{"GET", "POST"}, File: "sina-v2/oauth2.md"},
		{Dialect: "sina", Path: "/2/notification/send.json", Methods: []string{"POST"}, File: "sina-v2/notification.md"},
		{Dialect: "tencent", Path: "/api/t/add", Methods: []string{"POST"}, File: "tencent-v1.md"},
		{Dialect: "tencent", Path: "/cgi-bin/request_token", Methods: []string{"GET"}, File: "tencent-v1.md"},
		{Dialect: "xweibo", Path: "/index.php?m=api/weibo/action.update", Methods: []string{"POST"}, File: "xweibo.md"},
	} {
		i := slices.IndexFunc(spec, func(e apidoc.SpecEndpoint) bool { return e.Dialect == want.Dialect && e.Path == want.Path })
		if i < 0 {
			t.Errorf("spec index lacks %s %s", want.Dialect, want.Path)
			continue
		}
		if diff := cmp.Diff(want, spec[i]); diff != "" {
			t.Errorf("spec index entry %s (-want +got):\n%s", want.Path, diff)
		}
	}
}

func TestTSVRoundTrip(t *testing.T) {
	eps := []apidoc.SpecEndpoint{
		{Dialect: "xweibo", Path: "/index.php?m=api/weibo/action.update", Methods: []string{"POST"}, File: "xweibo.md"},
		{Dialect: "sina", Path: "/2/a.json", Methods: []string{"GET", "POST"}, File: "sina-v2/a.md", Note: "optional"},
		{Dialect: "sina", Path: "/2/b.json", File: "sina-v2/a.md"},
	}
	var b bytes.Buffer
	if err := apidoc.WriteTSV(&b, eps); err != nil {
		t.Fatal(err)
	}
	got, err := apidoc.ParseTSV(&b)
	if err != nil {
		t.Fatal(err)
	}
	want := []apidoc.SpecEndpoint{eps[1], eps[2], eps[0]}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}

	for _, bad := range []string{
		"sina\t/2/a.json\tGET\tf.md\n",                                  // 4 fields
		"sina\t2/a.json\tGET\tf.md\t\n",                                 // no leading slash
		"sina\t/2/a.json\tGET\tf.md\t\nsina\t/2/A.json\tPOST\tf.md\t\n", // twice
		"\t/2/a.json\tGET\tf.md\t\n",                                    // no dialect
	} {
		if _, err := apidoc.ParseTSV(strings.NewReader(bad)); err == nil {
			t.Errorf("ParseTSV(%q) accepted it", bad)
		}
	}
}

// Render matches routes to spec endpoints by path, alias or query route,
// without case; lists the rest of the spec as not served; counts both; and
// gives the same bytes whatever the order of its input.
func TestRender(t *testing.T) {
	routes := []apiutil.RouteInfo{
		{Dialect: "sina", Methods: []string{"GET"}, Path: "/2/statuses/show.json", Aliases: []string{"/2/statuses/show"},
			Auth: apiutil.AuthOptional, Params: []apiutil.ParamInfo{apiutil.P("id", apiutil.KindID).Of("status").Req()}},
		{Dialect: "sina", Methods: []string{"POST"}, Path: "/2/extra.json", Auth: apiutil.AuthUser, Scope: "email",
			Params: []apiutil.ParamInfo{apiutil.P("type", apiutil.KindText).OneOf("a|b", "c")}},
		{Dialect: "sina", Methods: []string{"POST"}, Path: "/2/alias_only.json", Aliases: []string{"/2/other/spelling.json"}, Auth: apiutil.AuthUser},
		{Dialect: "xweibo", Methods: []string{"POST"}, Path: "/index.php", Query: "m=api/weibo/action.update", Auth: apiutil.AuthUser},
	}
	spec := []apidoc.SpecEndpoint{
		{Dialect: "sina", Path: "/2/statuses/show.json", Methods: []string{"GET"}, File: "sina-v2/statuses.md"},
		{Dialect: "sina", Path: "/2/other/spelling.json", Methods: []string{"POST"}, File: "sina-v2/other.md"},
		{Dialect: "sina", Path: "/2/statuses/update.json", Methods: []string{"POST"}, File: "sina-v2/statuses.md"},
		{Dialect: "tencent", Path: "/api/t/add", Methods: []string{"POST"}, File: "tencent-v1.md"},
		{Dialect: "tencent", Path: "/api/tag/list", File: "tencent-v1.md", Note: "no contract in the spec"},
		{Dialect: "xweibo", Path: "/index.php?m=api/weibo/action.UPDATE", Methods: []string{"POST"}, File: "xweibo.md"},
	}
	out := string(apidoc.Render(routes, spec))
	for _, want := range []string{
		"| [sina](#sina) | 3 | 2 of 3 | 1 |\n",
		"| [tencent](#tencent) | 0 | 0 of 2 | 2 |\n",
		"| [xweibo](#xweibo) | 1 | 1 of 1 | 0 |\n",
		"| `/2/statuses/show.json` (also `/2/statuses/show`) | GET | optional | — | `id`* id of status | sina-v2/statuses.md |\n",
		"| `/2/extra.json` | POST | user | email | `type` a\\|b/c | not in the spec |\n",
		"| `/2/alias_only.json` (also `/2/other/spelling.json`) | POST | user | — | — | sina-v2/other.md |\n",
		"| `/index.php?m=api/weibo/action.update` | POST | user | — | — | xweibo.md |\n",
		"| `/2/statuses/update.json` | POST | sina-v2/statuses.md |  |\n",
		"| `/api/tag/list` | — | tencent-v1.md | no contract in the spec |\n",
		"## tencent\n\nServed: 0 routes, 0 of the 2 endpoints of the spec.\n\n### Served (0)\n\nNone yet.\n",
		"## xweibo\n\nServed: 1 routes, 1 of the 1 endpoints of the spec.\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("render lacks %q", want)
		}
	}
	if strings.Count(out, "`/2/statuses/show.json`") != 1 {
		t.Error("a served spec endpoint is also listed as not served")
	}
	if t.Failed() {
		t.Logf("render:\n%s", out)
	}

	slices.Reverse(routes)
	slices.Reverse(spec)
	if again := string(apidoc.Render(routes, spec)); again != out {
		t.Errorf("render depends on input order:\n%s", cmp.Diff(out, again))
	}
}

// Extract reads each spec layout: Sina's numbered, backticked, multi-path
// and unnumbered headings and its table fallback, Tencent's OAuth headings
// and section 9 tables, Xweibo's table of contents and section 8 table.
func TestExtract(t *testing.T) {
	spec := fstest.MapFS{
		"sina-v2/README.md":  {Data: []byte("# x\n## 1. statuses/nothing\n")},
		"sina-v2/objects.md": {Data: []byte("## 1. statuses/object\n")},
		"sina-v2/statuses.md": {Data: []byte(`# statuses — 2 endpoints
## 1. statuses/public_timeline

* ` + "`GET /2/statuses/public_timeline.json`" + ` — login yes — normal.

## 20. emotions
* ` + "`GET /2/emotions.json`" + `
`)},
		"sina-v2/oauth2.md": {Data: []byte("## 1. oauth2/authorize\n\n* `GET` or `POST https://api.weibo.com/oauth2/authorize` — no token.\n")},
		"sina-v2/account.md": {Data: []byte(`## register/verify_nickname (注册)

* ` + "`GET /2/register/verify_nickname.json`" + ` — login yes.
`)},
		"sina-v2/location.md": {Data: []byte("### 16. GET `location/line/bus_station`\n### location/error2 — v2 geo error codes\n| 21901 | x |\n")},
		"sina-v2/trends.md": {Data: []byte("### 3–5. GET `trends/hourly`, `trends/daily`, `trends/weekly`\n" +
			"### A7. POST `statuses/update_tags` — set\n### 25. POST `place/pois/add_tip` / 26. POST `place/pois/add_todo`\n" +
			"## Sources\n### 9. GET `trends/hourly`\n")},
		"sina-v2/notification.md": {Data: []byte("| path | method |\n| --- | --- |\n| `notification/send` | POST | yes |\n")},
		"tencent-v1.md": {Data: []byte(`## 3. OAuth 1.0a flow
### 3.1 GET ` + "`/cgi-bin/request_token`" + `
### 3.2 ` + "`/cgi-bin/authorize`" + ` (opened in a browser)
## 8. Objects
| path | method |
|---|---|
| t/nothere | GET |
## 9. Endpoint reference
### 9.1 Timelines: 7 endpoints, all GET

| path | extra params | ` + "`data`" + ` fields |
|---|---|---|
| statuses/home_timeline | A: pageflag | x |

### 9.2 Tweets

| path | method | params | ` + "`data`" + ` |
|---|---|---|---|
| t/add_pic | POST, multipart | **content** | x |
| tag/list | — | **not provided** | — |
## 10. Endpoint count
| t/counted | GET |
`)},
		"xweibo.md": {Data: []byte(`## 7. Actions
**5.1.1 ` + "`update`" + `**: post a weibo (seed).
**5.8.3 (the table of contents skips this number)**: unknown.
## 8. Further actions
| action | params | rst |
|---|---|---|
| saveShow (likely 5.8.3) | x | ` + "`true`" + ` |
| addSubject / deleteSubject | ` + "`text`" + ` | x |
## 9. Server recommendations
| notanaction | x |
`)},
	}
	got, err := apidoc.Extract(spec)
	if err != nil {
		t.Fatal(err)
	}
	opt := "optional: in the 2.1 controller, not in the table of contents"
	want := []apidoc.SpecEndpoint{
		{Dialect: "sina", Path: "/2/emotions.json", Methods: []string{"GET"}, File: "sina-v2/statuses.md"},
		{Dialect: "sina", Path: "/2/location/line/bus_station.json", Methods: []string{"GET"}, File: "sina-v2/location.md"},
		{Dialect: "sina", Path: "/2/notification/send.json", Methods: []string{"POST"}, File: "sina-v2/notification.md"},
		{Dialect: "sina", Path: "/2/place/pois/add_tip.json", Methods: []string{"POST"}, File: "sina-v2/trends.md"},
		{Dialect: "sina", Path: "/2/place/pois/add_todo.json", Methods: []string{"POST"}, File: "sina-v2/trends.md"},
		{Dialect: "sina", Path: "/2/register/verify_nickname.json", Methods: []string{"GET"}, File: "sina-v2/account.md"},
		{Dialect: "sina", Path: "/2/statuses/public_timeline.json", Methods: []string{"GET"}, File: "sina-v2/statuses.md"},
		{Dialect: "sina", Path: "/2/statuses/update_tags.json", Methods: []string{"POST"}, File: "sina-v2/trends.md"},
		{Dialect: "sina", Path: "/2/trends/daily.json", Methods: []string{"GET"}, File: "sina-v2/trends.md"},
		{Dialect: "sina", Path: "/2/trends/hourly.json", Methods: []string{"GET"}, File: "sina-v2/trends.md"},
		{Dialect: "sina", Path: "/2/trends/weekly.json", Methods: []string{"GET"}, File: "sina-v2/trends.md"},
		{Dialect: "sina", Path: "/oauth2/authorize", Methods: []string{"GET", "POST"}, File: "sina-v2/oauth2.md"},
		{Dialect: "tencent", Path: "/api/statuses/home_timeline", Methods: []string{"GET"}, File: "tencent-v1.md"},
		{Dialect: "tencent", Path: "/api/t/add_pic", Methods: []string{"POST"}, File: "tencent-v1.md"},
		{Dialect: "tencent", Path: "/api/tag/list", File: "tencent-v1.md", Note: "no contract in the spec"},
		{Dialect: "tencent", Path: "/cgi-bin/authorize", File: "tencent-v1.md"},
		{Dialect: "tencent", Path: "/cgi-bin/request_token", Methods: []string{"GET"}, File: "tencent-v1.md"},
		{Dialect: "xweibo", Path: "/index.php?m=api/weibo/action.addSubject", Methods: []string{"POST"}, File: "xweibo.md", Note: opt},
		{Dialect: "xweibo", Path: "/index.php?m=api/weibo/action.deleteSubject", Methods: []string{"POST"}, File: "xweibo.md", Note: opt},
		{Dialect: "xweibo", Path: "/index.php?m=api/weibo/action.saveShow", Methods: []string{"POST"}, File: "xweibo.md", Note: opt},
		{Dialect: "xweibo", Path: "/index.php?m=api/weibo/action.update", Methods: []string{"POST"}, File: "xweibo.md"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("Extract (-want +got):\n%s", diff)
	}
}
