package apidoc

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// Extract reads the endpoint index out of the specs in spec (the
// shared/spec folder): every endpoint heading of sina-v2/*.md, the OAuth
// headings and endpoint tables of tencent-v1.md, and the actions of
// xweibo.md. The specs are prose written for people, in three layouts; the
// rules below follow those layouts, and the unit tests pin them on
// excerpts. A spec file that is missing is skipped, so a partial spec
// folder yields a partial index rather than an error.
func Extract(spec fs.FS) ([]SpecEndpoint, error) {
	var out []SpecEndpoint
	sina, err := extractSina(spec)
	if err != nil {
		return nil, err
	}
	out = append(out, sina...)
	for _, x := range []struct {
		file string
		f    func(file, text string) []SpecEndpoint
	}{{"tencent-v1.md", extractTencent}, {"xweibo.md", extractXweibo}} {
		b, err := fs.ReadFile(spec, x.file)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, fmt.Errorf("spec: %w", err)
		}
		out = append(out, x.f(x.file, string(b))...)
	}
	out = dedupe(out)
	SortSpec(out)
	return out, nil
}

// sinaSkip are the sina-v2 files that describe no endpoint of their own.
var sinaSkip = []string{"README.md", "SOURCES.md", "objects.md", "errors.md"}

var (
	heading    = regexp.MustCompile(`^#{2,4}\s+(.*)$`)
	numbered   = regexp.MustCompile(`^[A-Z]?\d+(?:[–-]\d+)?\.\s+(.*)$`)
	apiPath    = regexp.MustCompile(`^[a-z0-9_]+(?:/[a-z0-9_]+)*$`)
	backticked = regexp.MustCompile("`([^`]+)`")
	methodWord = regexp.MustCompile(`\b(GET|POST)\b`)
	// tableRow is a row whose first cell is a backticked path and whose
	// second names the method: notification.md's only endpoint.
	tableRow = regexp.MustCompile("^\\|\\s*`([a-z0-9_/]+)`\\s*\\|([^|]*)\\|")
)

// sinaPath is where a Sina spec path is served: /2/PATH.json, but the
// OAuth2 endpoints at /oauth2/NAME.
func sinaPath(p string) string {
	if strings.HasPrefix(p, "oauth2/") {
		return "/" + p
	}
	return "/2/" + p + ".json"
}

func extractSina(spec fs.FS) ([]SpecEndpoint, error) {
	files, err := fs.Glob(spec, "sina-v2/*.md")
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	var out []SpecEndpoint
	for _, f := range files {
		if slices.Contains(sinaSkip, path.Base(f)) {
			continue
		}
		b, err := fs.ReadFile(spec, f)
		if err != nil {
			return nil, fmt.Errorf("spec: %w", err)
		}
		out = append(out, extractSinaFile(f, string(b))...)
	}
	return out, nil
}

// extractSinaFile finds the endpoints of one sina-v2 file. An endpoint is a
// numbered heading ("## 1. statuses/show", "### A3. GET `statuses/tags`",
// "### 3–5. GET `trends/hourly`, `trends/daily`, `trends/weekly`"), or an
// unnumbered heading that is a path whose section shows its URL
// ("## register/verify_nickname (注册)" and "* `GET
// /2/register/verify_nickname.json`"). Methods come from the heading, or
// else from the section's first bullet that names one. A file with no
// endpoint heading lists its endpoints in a table (notification.md).
func extractSinaFile(file, text string) []SpecEndpoint {
	type section struct {
		paths   []string
		methods []string
		body    []string
		unnum   bool
	}
	var secs []*section
	var cur *section
	lines := strings.Split(text, "\n")
	for _, line := range lines {
		m := heading.FindStringSubmatch(line)
		if m == nil {
			if cur != nil {
				cur.body = append(cur.body, line)
			}
			continue
		}
		cur = nil
		h := m[1]
		if n := numbered.FindStringSubmatch(h); n != nil {
			rest := n[1]
			var paths []string
			if ticks := backticked.FindAllStringSubmatch(rest, -1); ticks != nil {
				for _, t := range ticks {
					if apiPath.MatchString(t[1]) {
						paths = append(paths, t[1])
					}
				}
			} else if f := strings.Fields(rest); len(f) > 0 && apiPath.MatchString(f[0]) {
				paths = []string{f[0]}
			}
			if paths != nil {
				cur = &section{paths: paths, methods: methodsIn(backticked.ReplaceAllString(rest, ""))}
				secs = append(secs, cur)
			}
			continue
		}
		if f := strings.Fields(h); len(f) > 0 && strings.Contains(f[0], "/") && apiPath.MatchString(f[0]) {
			cur = &section{paths: []string{f[0]}, unnum: true}
			secs = append(secs, cur)
		}
	}
	var out []SpecEndpoint
	for _, s := range secs {
		if s.unnum && !strings.Contains(strings.Join(s.body, "\n"), sinaPath(s.paths[0])) {
			continue // a heading that names a path but documents no endpoint (an error table)
		}
		methods := s.methods
		if methods == nil {
			for _, l := range s.body {
				if strings.HasPrefix(l, "* `") {
					if methods = methodsIn(l); methods != nil {
						break
					}
				}
			}
		}
		for _, p := range s.paths {
			out = append(out, SpecEndpoint{Dialect: "sina", Path: sinaPath(p), Methods: methods, File: file})
		}
	}
	if len(out) == 0 {
		for _, l := range lines {
			if m := tableRow.FindStringSubmatch(l); m != nil && strings.Contains(m[1], "/") {
				if ms := methodsIn(m[2]); ms != nil {
					out = append(out, SpecEndpoint{Dialect: "sina", Path: sinaPath(m[1]), Methods: ms, File: file})
				}
			}
		}
	}
	return out
}

// methodsIn returns the HTTP methods s names, in order, once each.
func methodsIn(s string) []string {
	var ms []string
	for _, m := range methodWord.FindAllString(s, -1) {
		if !slices.Contains(ms, m) {
			ms = append(ms, m)
		}
	}
	return ms
}

var (
	tencentOAuth = regexp.MustCompile("^###\\s+3\\.\\d+\\s+(?:(GET|POST)\\s+)?`(/cgi-bin/[a-z_]+)`")
	tencentPath  = regexp.MustCompile(`^[a-z]+/[a-z_]+$`)
)

// extractTencent finds the OAuth endpoints (section 3's "### 3.1 GET
// `/cgi-bin/request_token`" headings) and the API endpoints (the tables of
// section 9, "| t/show | GET | ..."; a table without a method column takes
// the method its heading names: "all GET"). A row whose method is "—" has
// no contract (tag/list, trends/t): it is kept, with a note saying so.
func extractTencent(file, text string) []SpecEndpoint {
	var out []SpecEndpoint
	in9 := false
	var headMethods []string
	methodCol := -1
	for _, line := range strings.Split(text, "\n") {
		if m := tencentOAuth.FindStringSubmatch(line); m != nil {
			var ms []string
			if m[1] != "" {
				ms = []string{m[1]}
			}
			out = append(out, SpecEndpoint{Dialect: "tencent", Path: m[2], Methods: ms, File: file})
			continue
		}
		if strings.HasPrefix(line, "## ") {
			in9 = strings.HasPrefix(line, "## 9.")
			continue
		}
		if !in9 {
			continue
		}
		if strings.HasPrefix(line, "### ") {
			headMethods, methodCol = methodsIn(line), -1
			continue
		}
		if !strings.HasPrefix(line, "|") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if cells[0] == "path" {
			methodCol = slices.Index(cells, "method")
			continue
		}
		if !tencentPath.MatchString(cells[0]) {
			continue
		}
		e := SpecEndpoint{Dialect: "tencent", Path: "/api/" + cells[0], Methods: headMethods, File: file}
		if methodCol >= 0 && methodCol < len(cells) {
			e.Methods = methodsIn(cells[methodCol])
			if cells[methodCol] == "—" {
				e.Note = "no contract in the spec"
			}
		}
		out = append(out, e)
	}
	return out
}

var (
	xweiboAction = regexp.MustCompile("^\\*\\*5\\.\\d+\\.\\d+ `([A-Za-z_][A-Za-z0-9_]*)`\\*\\*")
	xweiboName   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*`)
)

// xweiboPath is where Xweibo's action NAME is served: every action is one
// query of /index.php.
func xweiboPath(name string) string { return "/index.php?m=api/weibo/action." + name }

// extractXweibo finds the actions of the table of contents (section 7's
// "**5.1.1 `update`**" entries) and those of section 8's table of the 2.1
// controller ("| addSubject / deleteSubject / isSubjectFollowed | ..."),
// which the spec calls optional. Every action is POST (section 1).
func extractXweibo(file, text string) []SpecEndpoint {
	var out []SpecEndpoint
	in8 := false
	for _, line := range strings.Split(text, "\n") {
		if m := xweiboAction.FindStringSubmatch(line); m != nil {
			out = append(out, SpecEndpoint{Dialect: "xweibo", Path: xweiboPath(m[1]), Methods: []string{"POST"}, File: file})
			continue
		}
		if strings.HasPrefix(line, "## ") {
			in8 = strings.HasPrefix(line, "## 8.")
			continue
		}
		if !in8 || !strings.HasPrefix(line, "| ") {
			continue
		}
		first := strings.TrimSpace(strings.Split(strings.Trim(line, "|"), "|")[0])
		if first == "action" || strings.HasPrefix(first, "---") {
			continue
		}
		for _, part := range strings.Split(first, "/") {
			if name := xweiboName.FindString(strings.TrimSpace(part)); name != "" {
				out = append(out, SpecEndpoint{Dialect: "xweibo", Path: xweiboPath(name), Methods: []string{"POST"},
					File: file, Note: "optional: in the 2.1 controller, not in the table of contents"})
			}
		}
	}
	return out
}

// dedupe keeps the first listing of each path of a dialect (paths compared
// without case, as Tencent and Xweibo route), with the methods of all.
func dedupe(eps []SpecEndpoint) []SpecEndpoint {
	idx := map[string]int{}
	var out []SpecEndpoint
	for _, e := range eps {
		key := e.Dialect + " " + strings.ToLower(e.Path)
		if i, ok := idx[key]; ok {
			for _, m := range e.Methods {
				if !slices.Contains(out[i].Methods, m) {
					out[i].Methods = append(out[i].Methods, m)
				}
			}
			continue
		}
		idx[key] = len(out)
		out = append(out, e)
	}
	return out
}
