package app_test

import (
	"encoding/json"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/weibo-server/weibo/internal/testkit"
)

// The Grafana dashboard in docs/ queries only metrics the server exports:
// every metric name of every PromQL expression (panels and template
// variables) is looked for in the real server's /metrics.
func TestGrafanaDashboardMetricsExist(t *testing.T) {
	raw, err := os.ReadFile("../../docs/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels     []dashPanel `json:"panels"`
		Templating struct {
			List []struct {
				Query any `json:"query"`
			} `json:"list"`
		} `json:"templating"`
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatalf("docs/grafana-dashboard.json: %v", err)
	}
	want := map[string]bool{}
	var exprs []string
	var walk func(ps []dashPanel)
	walk = func(ps []dashPanel) {
		for _, p := range ps {
			for _, tg := range p.Targets {
				exprs = append(exprs, tg.Expr)
			}
			walk(p.Panels)
		}
	}
	walk(dash.Panels)
	if len(exprs) < 10 {
		t.Fatalf("only %d expressions in the dashboard", len(exprs))
	}
	for _, e := range exprs {
		names := promQLMetrics(e)
		if len(names) == 0 {
			t.Errorf("no metric in %q", e)
		}
		for _, n := range names {
			want[n] = true
		}
	}
	for _, v := range dash.Templating.List {
		q, _ := v.Query.(map[string]any)
		if s, ok := q["query"].(string); ok {
			if m := labelValuesRE.FindStringSubmatch(s); m != nil {
				want[m[1]] = true
			}
		}
	}

	// Traffic first, so the request and cache series exist.
	k := testkit.Start(t)
	alice := k.NewUser("alice")
	alice.Must(alice.Post("/2/statuses/update.json", url.Values{"status": {"仪表盘"}}), nil)
	alice.Must(alice.Get("/2/statuses/home_timeline.json", nil), nil)
	k.Drain()
	r := k.Anonymous().Get("/metrics", nil)
	if r.Status != 200 {
		t.Fatalf("/metrics: %d", r.Status)
	}
	have := map[string]bool{}
	for _, line := range strings.Split(string(r.Body), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if i := strings.IndexAny(line, "{ "); i > 0 {
			have[line[:i]] = true
		}
	}
	var missing []string
	for n := range want {
		if !have[n] {
			missing = append(missing, n)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("the dashboard queries metrics /metrics lacks: %v", missing)
	}
	// The areas the dashboard is for are all there.
	for _, n := range []string{"weibo_http_requests_total", "weibo_http_request_duration_seconds_bucket", "weibo_queue_pending",
		"weibo_cache_hits_total", "go_sql_in_use_connections", "go_goroutines"} {
		if !want[n] {
			t.Errorf("the dashboard does not query %s", n)
		}
	}
}

type dashPanel struct {
	Targets []struct {
		Expr string `json:"expr"`
	} `json:"targets"`
	Panels []dashPanel `json:"panels"`
}

var (
	labelValuesRE = regexp.MustCompile(`label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)`)
	promStringRE  = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`)
	promBracesRE  = regexp.MustCompile(`\{[^{}]*\}|\[[^\[\]]*\]`)
	promGroupRE   = regexp.MustCompile(`\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)`)
	promIdentRE   = regexp.MustCompile(`[a-zA-Z_:][a-zA-Z0-9_:]*`)
	promKeywords  = []string{"and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"}
)

// promQLMetrics returns the metric names a PromQL expression selects: the
// identifiers left once strings, label matchers, ranges and grouping
// clauses are removed, that are not functions (followed by "(") nor
// keywords.
func promQLMetrics(expr string) []string {
	e := promStringRE.ReplaceAllString(expr, `""`)
	for {
		next := promBracesRE.ReplaceAllString(e, " ")
		if next == e {
			break
		}
		e = next
	}
	e = promGroupRE.ReplaceAllString(e, " ")
	var out []string
	for _, loc := range promIdentRE.FindAllStringIndex(e, -1) {
		id := e[loc[0]:loc[1]]
		if loc[0] > 0 && (e[loc[0]-1] == '$' || e[loc[0]-1] >= '0' && e[loc[0]-1] <= '9' || e[loc[0]-1] == '.') {
			continue // a variable or part of a number
		}
		if rest := strings.TrimLeft(e[loc[1]:], " \t\n"); strings.HasPrefix(rest, "(") {
			continue // a function or an aggregation
		}
		if slices.Contains(promKeywords, strings.ToLower(id)) {
			continue
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func TestPromQLMetrics(t *testing.T) {
	for expr, want := range map[string][]string{
		`sum by (route) (rate(weibo_http_requests_total{instance=~"$instance",status=~"5.."}[$__rate_interval]))`: {"weibo_http_requests_total"},
		`histogram_quantile(0.95, sum by (le, route) (rate(x_bucket[5m])))`:                                       {"x_bucket"},
		`a / on (job) group_left (b) c_total offset 5m`:                                                           {"a", "c_total"},
		`topk(10, up) > bool 1e3`: {"up"},
	} {
		if got := promQLMetrics(expr); !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", expr, got, want)
		}
	}
}
