package sina

import (
	"net/http"
	"slices"
	"sort"
	"testing"

	"github.com/weibo-server/weibo/internal/api/apiutil"
)

type patterns []string

func (p *patterns) Handle(pattern string, _ http.Handler) { *p = append(*p, pattern) }

// Routes describes exactly what Mount mounts, and each description is
// complete enough to test and document the route.
func TestRoutesDescribeWhatIsMounted(t *testing.T) {
	a := New(nil, Options{})
	var mounted patterns
	a.Mount(&mounted)
	var described []string
	seen := map[string]bool{}
	for _, rt := range a.Routes() {
		if seen[rt.Path] {
			t.Errorf("%s described twice", rt.Path)
		}
		seen[rt.Path] = true
		described = append(described, rt.Path)
		described = append(described, rt.Aliases...)
		if rt.Dialect != "sina" || len(rt.Methods) == 0 || rt.Auth == "" || (rt.Response != "json" && rt.Response != "html" && rt.Response != "event-stream") {
			t.Errorf("%s: incomplete description %+v", rt.Path, rt)
		}
		names := map[string]bool{}
		for _, p := range rt.Params {
			if names[p.Name] {
				t.Errorf("%s declares %q twice", rt.Path, p.Name)
			}
			names[p.Name] = true
			if (p.Kind == apiutil.KindID || p.Kind == apiutil.KindIDs) && p.Object == "" {
				t.Errorf("%s: id parameter %q does not say what it names", rt.Path, p.Name)
			}
			if p.Kind == apiutil.KindEnum && len(p.Values) == 0 {
				t.Errorf("%s: enum %q has no values", rt.Path, p.Name)
			}
		}
		for _, m := range rt.Methods {
			if !slices.Contains([]string{http.MethodGet, http.MethodPost}, m) {
				t.Errorf("%s: method %q", rt.Path, m)
			}
		}
	}
	mounted = slices.DeleteFunc(mounted, func(s string) bool { return s == "/2/" }) // the not-found catch-all
	sort.Strings(mounted)
	sort.Strings(described)
	if !slices.Equal(mounted, described) {
		t.Errorf("mounted and described paths differ:\nmounted   %q\ndescribed %q", mounted, described)
	}
}
