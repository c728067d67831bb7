package archtest

import (
	"bufio"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// ours stands, in a rule's never list, for every package of this module.
const ours = "<any package of ours>"

// Our packages are written relative to the module root ("internal/core");
// anything else in a never list is a standard or third-party import path.
// Both match the path itself and everything below it, at a "/" boundary:
// "internal/web" covers internal/web/static but not internal/webhooks, and
// "net/http" covers net/http/httptest.
var (
	adapters = []string{"internal/store", "internal/feed", "internal/cache", "internal/queue", "internal/search", "internal/blob", "internal/fetch", "internal/live", "internal/routing"}
	dialects = []string{"internal/api/sina", "internal/api/tencent", "internal/api/xweibo"}
)

// rule says that the packages at or below pkg, except those at or below one
// of exceptPkgs, never import anything matched by never, unless it is also
// matched by allow.
type rule struct {
	pkg        string
	exceptPkgs []string
	never      []string
	allow      []string
}

// rules is DESIGN.md §2's "never imports" table, row for row.
var rules = []rule{
	// domain: any package of ours; net/http, database/sql, encoding/json, encoding/xml.
	{pkg: "internal/domain", never: list(ours, "net/http", "database/sql", "encoding/json", "encoding/xml")},

	// text, ids, oauthsig: any package of ours but domain.
	{pkg: "internal/text", never: list(ours), allow: list("internal/domain")},
	{pkg: "internal/ids", never: list(ours), allow: list("internal/domain")},
	{pkg: "internal/oauthsig", never: list(ours), allow: list("internal/domain")},
	// staticmap: a leaf with data (its font) over geo's tables. Like
	// emotions it may touch files only because its generator (genfont.go,
	// go generate) reads the font's source; the package itself embeds it.
	{pkg: "internal/staticmap", never: list(ours, "net"), allow: list("internal/domain", "internal/geo")},
	// schools: a data leaf (the school list), like geo.
	{pkg: "internal/schools", never: list(ours), allow: list("internal/domain")},

	// media: any package of ours but domain; no network or disk I/O (its
	// data is embedded; its tests embed their fixtures too).
	{pkg: "internal/media", never: list(ours, noIO), allow: list("internal/domain")},
	// emotions: a data leaf (the emoticons and their embedded images), like
	// schools: its generator (gen.go, go generate) writes the images.
	{pkg: "internal/emotions", never: list(ours), allow: list("internal/domain")},

	// core: api/*, web, server, store/*, feed/*, cache/*, queue/*, search/*, blob/*, config, app; net/http, database/sql.
	{pkg: "internal/core", never: list("internal/api", "internal/web", "internal/server", adapters,
		"internal/config", "internal/app", "net/http", "database/sql")},

	// api/<dialect>: another dialect, web, any adapter, config, app, server.
	{pkg: "internal/api/sina", never: list(otherThan(dialects, "internal/api/sina"), "internal/web", adapters,
		"internal/config", "internal/app", "internal/server")},
	{pkg: "internal/api/tencent", never: list(otherThan(dialects, "internal/api/tencent"), "internal/web", adapters,
		"internal/config", "internal/app", "internal/server")},
	{pkg: "internal/api/xweibo", never: list(otherThan(dialects, "internal/api/xweibo"), "internal/web", adapters,
		"internal/config", "internal/app", "internal/server")},

	// api/mediahttp serves the blob port's files: no core, no engine.
	{pkg: "internal/api/mediahttp", never: list(dialects, "internal/web", adapters, "internal/core",
		"internal/config", "internal/app", "internal/server")},

	// web: api/<dialect> (api/apiutil is fine), any adapter, config, app.
	{pkg: "internal/web", never: list(dialects, adapters, "internal/config", "internal/app")},

	// adapters: core, api/*, web, server, app, config, each other. Within a
	// family anything goes: store/storetest → store/sqlstore, feed/memory → feed.
	{pkg: "internal/store", never: list(notForAdapters, otherThan(adapters, "internal/store"))},
	{pkg: "internal/feed", never: list(notForAdapters, otherThan(adapters, "internal/feed"))},
	{pkg: "internal/cache", never: list(notForAdapters, otherThan(adapters, "internal/cache"))},
	{pkg: "internal/queue", never: list(notForAdapters, otherThan(adapters, "internal/queue"))},
	{pkg: "internal/search", never: list(notForAdapters, otherThan(adapters, "internal/search"))},
	{pkg: "internal/blob", never: list(notForAdapters, otherThan(adapters, "internal/blob"))},
	{pkg: "internal/fetch", never: list(notForAdapters, otherThan(adapters, "internal/fetch"))},
	{pkg: "internal/routing", never: list(notForAdapters, otherThan(adapters, "internal/routing"))},

	// everything but cmd/weibo and testkit: app (app itself may have subpackages).
	{pkg: "", exceptPkgs: list("cmd/weibo", "internal/testkit", "internal/app"), never: list("internal/app")},
}

// noIO is what a leaf with data may not import: the file system and the network.
var noIO = []string{"os", "io/ioutil", "net", "syscall"}

var notForAdapters = []string{"internal/core", "internal/api", "internal/web", "internal/server", "internal/app", "internal/config"}

// list flattens strings and string slices, so rows can name groups.
func list(items ...any) []string {
	var out []string
	for _, it := range items {
		switch v := it.(type) {
		case string:
			out = append(out, v)
		case []string:
			out = append(out, v...)
		default:
			panic(fmt.Sprintf("list: %T", it))
		}
	}
	return out
}

func otherThan(group []string, self string) []string {
	var out []string
	for _, g := range group {
		if g != self {
			out = append(out, g)
		}
	}
	return out
}

// under reports whether path is prefix or below it; "" is above everything.
func under(path, prefix string) bool {
	return prefix == "" || path == prefix || strings.HasPrefix(path, prefix+"/")
}

func underAny(path string, prefixes []string) bool {
	for _, p := range prefixes {
		if under(path, p) {
			return true
		}
	}
	return false
}

// isOurPattern tells module-relative patterns from other import paths. No
// importable standard or third-party path starts with "internal/" or "cmd/".
func isOurPattern(p string) bool {
	return p == ours || strings.HasPrefix(p, "internal/") || strings.HasPrefix(p, "cmd/")
}

// matches reports whether import imp (module-relative if isOurs) is named by
// one of patterns.
func matches(patterns []string, imp string, isOurs bool) bool {
	for _, p := range patterns {
		switch {
		case p == ours:
			if isOurs {
				return true
			}
		case isOurPattern(p) == isOurs && under(imp, p):
			return true
		}
	}
	return false
}

// violations returns, for package pkg (module-relative) importing importPath
// (as written in the source), a description of every rule the import breaks.
func violations(modPath, pkg, importPath string) []string {
	imp, isOurs := importPath, false
	if importPath == modPath {
		imp, isOurs = "", true
	} else if rel, ok := strings.CutPrefix(importPath, modPath+"/"); ok {
		imp, isOurs = rel, true
	}
	var out []string
	for _, r := range rules {
		if !under(pkg, r.pkg) || underAny(pkg, r.exceptPkgs) {
			continue
		}
		if matches(r.never, imp, isOurs) && !matches(r.allow, imp, isOurs) {
			who := r.pkg
			if who == "" {
				who = "everything but " + strings.Join(r.exceptPkgs, ", ")
			}
			out = append(out, fmt.Sprintf("%s never imports %s", who, describe(r)))
		}
	}
	return out
}

func describe(r rule) string {
	s := strings.Join(r.never, ", ")
	if len(r.allow) > 0 {
		s += " but " + strings.Join(r.allow, ", ")
	}
	return s
}

func TestRuleMatching(t *testing.T) {
	// If matching were broken so that nothing matched, the real scan would
	// pass vacuously; these rows pin both directions.
	const mod = "github.com/weibo-server/weibo"
	for _, tc := range []struct {
		pkg, imp  string
		forbidden bool
	}{
		// domain
		{"internal/domain", "errors", false},
		{"internal/domain", "time", false},
		{"internal/domain", "encoding/json", true},
		{"internal/domain", "encoding/xml", true},
		{"internal/domain", "net/http", true},
		{"internal/domain", "net/http/httptest", true},
		{"internal/domain", "database/sql", true},
		{"internal/domain", mod + "/internal/ids", true},
		{"internal/domain", mod, true},
		// leaf libraries
		{"internal/text", mod + "/internal/domain", false},
		{"internal/text", "unicode/utf8", false},
		{"internal/text", mod + "/internal/ids", true},
		{"internal/ids", mod + "/internal/text", true},
		{"internal/oauthsig", mod + "/internal/core", true},
		{"internal/oauthsig", "crypto/hmac", false},
		{"internal/media", mod + "/internal/domain", false},
		{"internal/media", "github.com/disintegration/imaging", false},
		{"internal/media", "embed", false},
		{"internal/media", "os", true},
		{"internal/media", "net/http", true},
		{"internal/media", mod + "/internal/blob", true},
		{"internal/media", "io/fs", false},
		// core
		{"internal/core", mod + "/internal/domain", false},
		{"internal/core", mod + "/internal/text", false},
		{"internal/core", mod + "/internal/store/sqlstore", true},
		{"internal/core", mod + "/internal/store", true},
		{"internal/core/timeline", mod + "/internal/feed/memory", true},
		{"internal/core", mod + "/internal/api/apiutil", true},
		{"internal/core", mod + "/internal/config", true},
		{"internal/core", "net/http", true},
		{"internal/core", "database/sql", true},
		{"internal/core", "encoding/json", false},
		// dialects
		{"internal/api/sina", mod + "/internal/core", false},
		{"internal/api/sina", mod + "/internal/api/apiutil", false},
		{"internal/api/sina", "net/http", false},
		{"internal/api/sina", mod + "/internal/api/tencent", true},
		{"internal/api/xweibo", mod + "/internal/api/sina", true},
		{"internal/api/tencent", mod + "/internal/oauthsig", false},
		{"internal/api/tencent", mod + "/internal/store/sqlstore", true},
		{"internal/api/sina", mod + "/internal/web", true},
		{"internal/api/sina", mod + "/internal/server", true},
		{"internal/api/sina", mod + "/internal/app", true},
		// web
		{"internal/web", mod + "/internal/api/apiutil", false},
		{"internal/web", mod + "/internal/core", false},
		{"internal/web", mod + "/internal/api/sina", true},
		{"internal/web", mod + "/internal/cache/memory", true},
		{"internal/web", mod + "/internal/config", true},
		// adapters
		{"internal/store/sqlstore", mod + "/internal/domain", false},
		{"internal/store/storetest", mod + "/internal/store/sqlstore", false},
		{"internal/store/cachedstore", mod + "/internal/store", false},
		{"internal/feed/memory", mod + "/internal/feed", false},
		{"internal/feed/redis", "github.com/redis/go-redis/v9", false},
		{"internal/feed/memory", mod + "/internal/cache", true},
		{"internal/store/cachedstore", mod + "/internal/cache/memory", true},
		{"internal/queue/jetstream", mod + "/internal/core", true},
		{"internal/search/fts5", mod + "/internal/config", true},
		{"internal/blob/s3", mod + "/internal/api/apiutil", true},
		{"internal/blob/disk", mod + "/internal/blob", false},
		{"internal/fetch", mod + "/internal/domain", false},
		{"internal/fetch", mod + "/internal/blob", true},
		{"internal/core", mod + "/internal/fetch", true},
		{"internal/core", mod + "/internal/media", false},
		{"internal/api/mediahttp", mod + "/internal/media", false},
		{"internal/api/mediahttp", mod + "/internal/blob/disk", true},
		{"internal/api/mediahttp", mod + "/internal/core", true},
		{"internal/api/sina", mod + "/internal/media", false},
		// app
		{"cmd/weibo", mod + "/internal/app", false},
		{"internal/testkit", mod + "/internal/app", false},
		{"internal/app", mod + "/internal/app/wire", false},
		{"internal/server", mod + "/internal/app", true},
		{"cmd/other", mod + "/internal/app", true},
		// seed and loadgen serve cmd/weibo's seed and bench but stay below app.
		{"internal/seed", mod + "/internal/app", true},
		{"internal/loadgen", mod + "/internal/app", true},
		{"internal/loadgen", mod + "/internal/testkit", false},
		// "/" boundaries: neither prefix of a longer name nor of another module.
		{"internal/webhooks", mod + "/internal/api/sina", false},
		{"internal/coreutil", "net/http", false},
		{"internal/domain", "github.com/weibo-server/weibox/x", false},
		{"internal/core", mod + "/internal/configx", false},
		{"internal/core", mod + "/internal/application", false},
	} {
		got := violations(mod, tc.pkg, tc.imp)
		if (len(got) > 0) != tc.forbidden {
			t.Errorf("%s importing %s: violations %q, want forbidden=%v", tc.pkg, tc.imp, got, tc.forbidden)
		}
	}
}

// moduleRoot walks up from the working directory to go.mod and returns the
// directory and the module path.
func moduleRoot(t *testing.T) (string, string) {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		f, err := os.Open(filepath.Join(dir, "go.mod"))
		if err == nil {
			defer f.Close()
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				line := strings.TrimSpace(sc.Text())
				if rest, ok := strings.CutPrefix(line, "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
					rest, _, _ = strings.Cut(rest, "//")
					mod := strings.TrimSpace(rest)
					if uq, err := strconv.Unquote(mod); err == nil {
						mod = uq
					}
					return dir, mod
				}
			}
			t.Fatalf("%s/go.mod has no module line", dir)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

func TestImportsFollowDesign(t *testing.T) {
	root, mod := moduleRoot(t)
	if mod == "" {
		t.Fatal("empty module path in go.mod")
	}
	fset := token.NewFileSet()
	files := map[string]int{} // package → files parsed
	imports := 0
	var bad []string
	for _, top := range []string{"internal", "cmd"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(path string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) && path == filepath.Join(root, top) {
				return fs.SkipDir // cmd/ may not exist yet
			}
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				// The go tool ignores these directories; so do we.
				if path != filepath.Join(root, top) && (name == "testdata" || name == "vendor" ||
					strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
					return fs.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(name, ".go") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return nil
			}
			rel, err := filepath.Rel(root, filepath.Dir(path))
			if err != nil {
				return err
			}
			pkg := filepath.ToSlash(rel)
			// Every file regardless of build tags or _test suffix: a test
			// that imports an adapter from core is the same wrong arrow.
			f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
			if err != nil {
				bad = append(bad, fmt.Sprintf("%s: cannot parse imports: %v", path, err))
				return nil
			}
			files[pkg]++
			for _, spec := range f.Imports {
				imp, err := strconv.Unquote(spec.Path.Value)
				if err != nil {
					return err
				}
				imports++
				for _, v := range violations(mod, pkg, imp) {
					relFile, _ := filepath.Rel(root, path)
					bad = append(bad, fmt.Sprintf("%s imports %q: %s (DESIGN.md §2)", filepath.ToSlash(relFile), imp, v))
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// Guard against a vacuous pass: a wrong root or a broken walk would
	// check nothing.
	if files["internal/domain"] == 0 {
		t.Fatalf("found no files in internal/domain under %s; the walk is broken", root)
	}
	if imports == 0 {
		t.Fatal("found no imports at all; the walk is broken")
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Error(b)
	}
	t.Logf("checked %d imports in %d packages against %d rules", imports, len(files), len(rules))
}
