// Package hostile is the hostile-client test: it walks the route table of
// every dialect the assembled server mounts (app.App.Routes, built from each
// dialect's Routes()) and sends each route what a broken or malicious client
// would: every numeric parameter its extremes, every id blanks, unknown ids
// and ids of other users' private things, every text NUL, invalid UTF-8,
// control characters and oversized values, oversized and garbage bodies,
// wrong methods and bad credentials. It asserts that no answer is a 5xx,
// that errors are in the dialect's own format, that nothing is logged at
// ERROR (no panic, no "System error"), and that /healthz still answers after
// each route. It also fails when a declared parameter is never read (a
// stale table), while the servers testkit starts refuse reads of undeclared
// ones (apiutil.RouteInfo.CheckRead): the route tables stay the truth.
//
// # Adding a dialect
//
// A dialect joins by doing two things:
//
//  1. Export its route table as []apiutil.RouteInfo (a Routes() method built
//     from the same table it mounts, with every parameter its handlers read
//     declared) and have internal/app append it to App.Routes where it
//     mounts the dialect, and to app.RouteTables (docs/API.md is generated
//     from it: run go generate ./internal/app/apidoc); pass
//     app.Hooks.ParamHook into its options and check reads with
//     RouteInfo.CheckRead, as internal/api/sina does.
//  2. Register a Dialect here (see sina.go): how to sign a request as a
//     user (a Signer: an OAuth2 bearer token, OAuth1 HMAC-SHA1 over the
//     query and form parameters, an md5 api_sign), what its error answers
//     look like, and valid values for parameters only it can know (an app
//     key, a redirect URI).
//
// The test fails when App.Routes holds a dialect with no registration, so a
// dialect cannot be mounted without being walked.
package hostile

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/weibo-server/weibo/internal/api/apiutil"
	"github.com/weibo-server/weibo/internal/testkit"
)

// Outgoing is a request before it is sent: a Signer adds its credentials
// to it. Form is nil when the body is not an urlencoded form (a raw or
// multipart body, which signatures do not cover). Fields are the text
// fields of a multipart body built after signing (nil for any other
// body): a scheme that carries its credentials in the body's fields (an
// Xweibo api_sign) adds them there; OAuth signatures leave them alone.
type Outgoing struct {
	Method string
	Path   string
	Query  url.Values
	Form   url.Values
	Fields url.Values
	Header http.Header
}

// Signer authenticates requests as one user with one set of credentials.
type Signer interface {
	Sign(o *Outgoing) error
}

// Dialect is what the test needs to know of a dialect beyond its routes.
type Dialect struct {
	// Login returns a signer with fresh credentials for u: each route gets
	// its own, since a route may revoke what it is given.
	Login func(t testing.TB, k *testkit.Kit, u *testkit.User) Signer
	// Forged returns signers whose credentials are wrong (an unknown
	// token, a bad signature, bytes no credential holds), by label.
	Forged func() map[string]Signer
	// CheckError returns nil when resp, a 4xx answer of rt, is in the
	// dialect's error format.
	CheckError func(rt *apiutil.RouteInfo, resp *Response) error
	// Valid, when it knows the parameter, returns the valid values to send
	// for it (the first is the baseline); ok false leaves it to the kind.
	Valid func(rt *apiutil.RouteInfo, p apiutil.ParamInfo, fx *Fixture) (values []string, ok bool)
	// Session, when set, opens what a route needs before its requests
	// (the consent page's CSRF cookie): headers every request of the route
	// carries and valid values of parameters that go with them; nil, nil
	// when the route needs none.
	Session func(t testing.TB, k *testkit.Kit, rt *apiutil.RouteInfo, fx *Fixture) (http.Header, map[string]string)
	// Unread lists declared parameters a run cannot reach, "path param"
	// → why.
	Unread map[string]string // keyed by RouteInfo.Address
}

// Dialects are the registered dialects by name (RouteInfo.Dialect).
var Dialects = map[string]Dialect{}

// Response is a finished request.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// probe is one hostile request.
type probe struct {
	label  string
	method string
	query  url.Values
	form   url.Values // urlencoded body (nil: none or raw)
	raw    []byte     // a raw body with contentType
	ctype  string
	// fields, files and parts make a multipart body after signing: the
	// text fields, the route's file parts, and what each holds (absent: a
	// valid picture).
	fields url.Values
	files  []string
	parts  map[string][]byte
	// rawQuery, when set, is sent as the query as is.
	rawQuery string
	// chunked sends raw without a Content-Length.
	chunked bool
	// big marks a request over a limit net/http or the body limit enforces
	// itself: 431 (headers) is allowed, and a connection the server closes
	// while the body is still being sent is not a failure.
	big    bool
	signer Signer // nil: unsigned
}

// Runner walks the routes of one kit.
type Runner struct {
	T  *testing.T
	K  *testkit.Kit
	Fx *Fixture
	// Workers is how many routes run at once.
	Workers int

	client *http.Client
	reqN   atomic.Int64
	mu     sync.Mutex
	labels map[string]string // request id → what it was
	sent   atomic.Int64
}

// Run walks every route of every dialect of the kit's server.
func (r *Runner) Run() {
	t := r.T
	r.client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r.labels = map[string]string{}
	routes := r.K.App.Routes
	if len(routes) == 0 {
		t.Fatal("the app describes no routes")
	}
	for _, rt := range routes {
		if _, ok := Dialects[rt.Dialect]; !ok {
			t.Fatalf("dialect %q (route %s) has no hostile.Dialect registration", rt.Dialect, rt.Path)
		}
	}
	workers := max(r.Workers, 1)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				rt := &routes[i]
				t.Run(strings.TrimPrefix(rt.Address(), "/"), func(t *testing.T) { r.route(t, rt) })
			}
		}()
	}
	for i := range routes {
		next <- i
	}
	close(next)
	wg.Wait()
	r.checkCoverage(routes)
	t.Logf("%d routes, %d requests", len(routes), r.sent.Load())
}

// LabelOf returns what the request with the given id was, for attributing
// a log line.
func (r *Runner) LabelOf(id string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.labels[id]
}

func (r *Runner) checkCoverage(routes []apiutil.RouteInfo) {
	reads := r.K.ParamReads()
	for _, rt := range routes {
		d := Dialects[rt.Dialect]
		for _, p := range rt.Params {
			if p.Kind == apiutil.KindFile {
				continue // files are not read through Params
			}
			if reads[testkit.ParamRead{Dialect: rt.Dialect, Path: rt.Address(), Name: p.Name}] {
				continue
			}
			if _, ok := d.Unread[rt.Address()+" "+p.Name]; ok {
				continue
			}
			r.T.Errorf("%s declares parameter %q but no request read it: a stale declaration, or a documented parameter ignored", rt.Address(), p.Name)
		}
	}
}

// route sends one route its hostile requests.
func (r *Runner) route(t *testing.T, rt *apiutil.RouteInfo) {
	d := Dialects[rt.Dialect]
	signer := d.Login(t, r.K, r.Fx.Alice)
	fx := r.Fx.forRoute(t)
	if d.Session != nil {
		fx.header, fx.values = d.Session(t, r.K, rt, r.Fx)
	}
	method := rt.Methods[0]
	base := r.baseline(rt, d, fx, 0, true)
	var files []string // the route's file parts: every request is multipart
	for _, p := range rt.Params {
		if p.Kind == apiutil.KindFile {
			files = append(files, p.Name)
		}
	}
	var probes []probe
	// Each request goes out in every method the route answers: a page
	// and its form (GET and POST) read different parameters.
	addFiles := func(label string, vals url.Values, parts map[string][]byte, big bool) {
		for _, m := range rt.Methods {
			p := probe{label: label, method: m, signer: signer, big: big}
			if len(rt.Methods) > 1 {
				p.label = m + " " + label
			}
			switch {
			case len(files) > 0:
				p.fields, p.files, p.parts = vals, files, parts
			case m == http.MethodGet:
				p.query = vals
			default:
				p.form = vals
			}
			probes = append(probes, p)
		}
	}
	add := func(label string, vals url.Values, big bool) { addFiles(label, vals, nil, big) }
	for _, f := range files {
		for _, hf := range hostileFiles() {
			addFiles(f+": "+hf.label, clone(base), map[string][]byte{f: hf.data}, false)
		}
	}
	// The valid requests first, in every variant: they reach the reads
	// behind the first checks.
	for v := 0; v < r.variants(rt, d, fx); v++ {
		add(fmt.Sprintf("valid#%d", v), r.baseline(rt, d, fx, v, true), false)
		add(fmt.Sprintf("minimal#%d", v), r.baseline(rt, d, fx, v, false), false)
	}
	for _, p := range rt.Params {
		for _, hv := range r.hostileValues(p, fx) {
			vals := clone(base)
			vals.Set(p.Name, hv.v)
			add(p.Name+"="+hv.label, vals, hv.big)
		}
		if p.Kind != apiutil.KindFile {
			// Given twice: readers take the first, nothing may take both.
			vals := clone(base)
			vals[p.Name] = []string{"1", "abc\x00"}
			add(p.Name+" twice", vals, false)
		}
	}
	// Wrong methods.
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch, http.MethodOptions} {
		if slices.Contains(rt.Methods, m) {
			continue
		}
		probes = append(probes, probe{label: "method " + m, method: m, query: clone(base), signer: signer})
	}
	// Credentials: none, and forged.
	if rt.Auth == apiutil.AuthUser || rt.Auth == apiutil.AuthOptional {
		add("no credentials", clone(base), false)
		probes[len(probes)-1].signer = nil
	}
	for label, f := range d.Forged() {
		add("forged credentials: "+label, clone(base), false)
		probes[len(probes)-1].signer = f
	}
	// A query string that is not url-encoding.
	probes = append(probes, probe{label: "bad query", method: method, signer: signer, rawQuery: "a=%zz&=&&b=%"})
	// Bodies: over the limit (announced and chunked), garbage multipart.
	probes = append(probes, r.bodyProbes(method, base, signer)...)

	// A double tap first, on fresh objects: the valid requests of each
	// variant four at once (two follows of the same user, two deletes of
	// the same status must not both reach the store as if alone).
	var burst sync.WaitGroup
	for i := range probes {
		if !strings.Contains(probes[i].label, "valid#") {
			continue
		}
		p := probes[i]
		p.label = "at once: " + p.label
		for range 4 {
			burst.Add(1)
			go func() {
				defer burst.Done()
				r.send(t, rt, d, fx, p)
			}()
		}
	}
	burst.Wait()
	for _, p := range probes {
		r.send(t, rt, d, fx, p)
	}
	r.healthy(t, rt)
}

// variants is how many valid baselines the route has: the most valid
// values any one of its parameters offers.
func (r *Runner) variants(rt *apiutil.RouteInfo, d Dialect, fx *routeFixture) int {
	n := 1
	for _, p := range rt.Params {
		vs, _ := r.valid(rt, d, p, fx)
		n = max(n, len(vs))
	}
	return n
}

// baseline is a valid request at the variant'th valid value of each
// parameter: the required ones and those the dialect knows, and with full
// also the optional numbers, switches and user ids (not the optional texts
// and status ids, which would narrow it to nothing).
func (r *Runner) baseline(rt *apiutil.RouteInfo, d Dialect, fx *routeFixture, variant int, full bool) url.Values {
	vals := url.Values{}
	for _, p := range rt.Params {
		vs, known := r.valid(rt, d, p, fx)
		if len(vs) == 0 {
			continue
		}
		if !p.Required && !known && !(full && inFullBaseline(p)) {
			continue
		}
		vals.Set(p.Name, vs[min(variant, len(vs)-1)])
	}
	return vals
}

func inFullBaseline(p apiutil.ParamInfo) bool {
	switch p.Kind {
	case apiutil.KindText, apiutil.KindList, apiutil.KindIDs, apiutil.KindFile:
		return false
	case apiutil.KindID:
		return p.Object == "user"
	}
	return true
}

// valid returns the valid values of p, known true when the dialect gave them.
func (r *Runner) valid(rt *apiutil.RouteInfo, d Dialect, p apiutil.ParamInfo, fx *routeFixture) (vs []string, known bool) {
	if v, ok := fx.values[p.Name]; ok {
		return []string{v}, true
	}
	if d.Valid != nil {
		if vs, ok := d.Valid(rt, p, r.Fx); ok {
			return vs, true
		}
	}
	switch p.Kind {
	case apiutil.KindID, apiutil.KindIDs:
		return fx.validIDs(p.Object), false
	case apiutil.KindText:
		return []string{"hostile " + strconv.FormatInt(r.reqN.Add(1), 10)}, false
	case apiutil.KindList:
		return []string{fx.validIDs("status")[0]}, false
	case apiutil.KindEnum:
		return p.Values, false
	case apiutil.KindFloat:
		return []string{"30.5"}, false
	case apiutil.KindTime:
		return []string{"1700000000"}, false
	case apiutil.KindCount:
		return []string{"200"}, false // the most a page may hold: the largest allocation
	case apiutil.KindPage:
		return []string{"1"}, false
	case apiutil.KindCursor:
		return []string{"0"}, false
	case apiutil.KindBool:
		return []string{"0", "1"}, false
	case apiutil.KindInt:
		if p.Required {
			return []string{"1"}, false
		}
		return []string{"0"}, false
	}
	return nil, false
}

type hostileValue struct {
	label, v string
	big      bool
}

var (
	tenKDigits = strings.Repeat("9", 10<<10)
	tenKText   = strings.Repeat("x", 10<<10)
	oneMText   = strings.Repeat("微", (1<<20)/3)
	// nearLimit is text just under apiutil.MaxValueLen: accepted by the
	// parameter readers, so whatever is behind them must cope.
	nearLimit = strings.Repeat("中", (apiutil.MaxValueLen-8)/3)
)

var numericValues = []hostileValue{
	{"0", "0", false}, {"-1", "-1", false}, {"2^31-1", "2147483647", false},
	{"2^63-1", "9223372036854775807", false}, {"2^63", "9223372036854775808", false},
	{"abc", "abc", false}, {"blank", "", false}, {"1.5", "1.5", false}, {"10KB digits", tenKDigits, false},
}

var textValues = []hostileValue{
	{"NUL", "a\x00b", false}, {"invalid UTF-8", "\xff\xfe", false}, {"control", "a\x01\x1b[2Jb", false},
	{"zero-width", "\u200b\u200b", false}, {"blank", "", false}, {"spaces", "   ", false},
	{"sql", "' OR 1=1 --%_\\", false}, {"near limit", nearLimit, false},
	{"10KB", tenKText, false}, {"1MB", oneMText, true},
}

// hostileValues are the values p is sent, one request each.
func (r *Runner) hostileValues(p apiutil.ParamInfo, fx *routeFixture) []hostileValue {
	var out []hostileValue
	switch p.Kind {
	case apiutil.KindText:
		return textValues
	case apiutil.KindFile:
		return nil // bodyProbes
	case apiutil.KindID:
		out = append(out, numericValues...)
		out = append(out, fx.hostileIDs(p.Object)...)
	case apiutil.KindIDs:
		out = append(out, numericValues...)
		out = append(out, fx.hostileIDs(p.Object)...)
		many := make([]string, 0, 1001)
		for i := range 1001 {
			many = append(many, strconv.Itoa(i+1))
		}
		own := fx.validIDs(p.Object)[0]
		out = append(out, hostileValue{"comma", ",", false}, hostileValue{"empty element", own + ",,1", false},
			hostileValue{"trailing comma", own + ",", false}, hostileValue{"1001 ids", strings.Join(many, ","), false},
			hostileValue{"same id 1000 times", strings.Repeat(own+",", 999) + own, false})
	case apiutil.KindList:
		out = append(out, textValues...)
		out = append(out, hostileValue{"comma", ",", false}, hostileValue{"empty element", "a,,b", false},
			hostileValue{"1000 elements", strings.Repeat("a,", 999) + "a", false})
	case apiutil.KindFloat:
		out = append(out, numericValues...)
		out = append(out, hostileValue{"NaN", "NaN", false}, hostileValue{"Inf", "-Inf", false},
			hostileValue{"1e309", "1e309", false}, hostileValue{"91", "91", false})
	case apiutil.KindEnum:
		out = append(out, numericValues...)
		out = append(out, textValues[:4]...)
	default: // int, count, page, cursor, time, bool
		out = append(out, numericValues...)
	}
	return out
}

func (r *Runner) bodyProbes(method string, base url.Values, signer Signer) []probe {
	maxBody := r.K.App.Cfg.MaxBody
	over := bytes.Repeat([]byte("a"), int(maxBody)+1)
	copy(over, base.Encode()+"&x=")
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	for k, vs := range base {
		_ = mw.WriteField(k, vs[0])
	}
	fw, _ := mw.CreateFormFile("pic", "x.jpg")
	_, _ = fw.Write([]byte("\xff\xd8\xff\xe0 not really a jpeg"))
	_ = mw.Close()
	good := mp.Bytes()
	ctype := mw.FormDataContentType()
	manyParts := &bytes.Buffer{}
	mw2 := multipart.NewWriter(manyParts)
	for i := range 3000 {
		_ = mw2.WriteField("f"+strconv.Itoa(i), "v")
	}
	_ = mw2.Close()
	garbage := make([]byte, 4096)
	_, _ = rand.Read(garbage)
	bigPart := &bytes.Buffer{}
	mw3 := multipart.NewWriter(bigPart)
	fw3, _ := mw3.CreateFormFile("pic", "big.jpg")
	_, _ = fw3.Write(bytes.Repeat([]byte{0xff}, int(maxBody)+1))
	_ = mw3.Close()
	form := "application/x-www-form-urlencoded"
	return []probe{
		{label: "body over the limit", method: http.MethodPost, raw: over, ctype: form, big: true, signer: signer},
		{label: "chunked body over the limit", method: http.MethodPost, raw: over, ctype: form, chunked: true, big: true, signer: signer},
		{label: "multipart over the limit", method: http.MethodPost, raw: bigPart.Bytes(), ctype: mw3.FormDataContentType(), big: true, signer: signer},
		{label: "multipart with a fake picture", method: method, raw: good, ctype: ctype, signer: signer},
		{label: "multipart truncated", method: http.MethodPost, raw: good[:len(good)/2], ctype: ctype, signer: signer},
		{label: "multipart without boundary", method: http.MethodPost, raw: good, ctype: "multipart/form-data", signer: signer},
		{label: "multipart wrong boundary", method: http.MethodPost, raw: good, ctype: "multipart/form-data; boundary=nope", signer: signer},
		{label: "multipart 3000 parts", method: http.MethodPost, raw: manyParts.Bytes(), ctype: mw2.FormDataContentType(), signer: signer},
		{label: "multipart random bytes", method: http.MethodPost, raw: garbage, ctype: ctype, signer: signer},
		{label: "form random bytes", method: http.MethodPost, raw: garbage, ctype: form, signer: signer},
		{label: "json body", method: http.MethodPost, raw: []byte(`{"status":"x"}`), ctype: "application/json", signer: signer},
	}
}

func clone(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// send sends p to rt and checks the answer.
func (r *Runner) send(t *testing.T, rt *apiutil.RouteInfo, d Dialect, fx *routeFixture, p probe) {
	t.Helper()
	r.sent.Add(1)
	// The probe's maps are shared by the concurrent sends of a burst, and
	// signers write into Query: each send signs its own copies.
	o := &Outgoing{Method: p.method, Path: rt.Path, Query: clone(p.query), Header: fx.header.Clone()}
	// A route selected by its query (Xweibo's m=) carries it in every
	// request; the signer sees it.
	routeQuery, _ := url.ParseQuery(rt.Query)
	for k, vs := range routeQuery {
		o.Query[k] = vs
	}
	if p.form != nil {
		o.Form = clone(p.form)
	}
	if p.files != nil {
		o.Fields = clone(p.fields)
	}
	if o.Header == nil {
		o.Header = http.Header{}
	}
	if p.signer != nil {
		if err := p.signer.Sign(o); err != nil {
			t.Fatalf("sign %s: %v", p.label, err)
		}
	}
	u := r.K.URL + o.Path
	if q := o.Query.Encode(); p.rawQuery != "" && rt.Query != "" {
		u += "?" + rt.Query + "&" + p.rawQuery
	} else if p.rawQuery != "" {
		u += "?" + p.rawQuery
	} else if q != "" {
		u += "?" + q
	}
	if p.files != nil {
		p.raw, p.ctype = multipartBody(o.Fields, p.files, p.parts)
	}
	var body io.Reader
	switch {
	case o.Form != nil:
		body = strings.NewReader(o.Form.Encode())
	case p.raw != nil && p.chunked:
		body = io.MultiReader(bytes.NewReader(p.raw)) // no Len: sent chunked
	case p.raw != nil:
		body = bytes.NewReader(p.raw)
	}
	req, err := http.NewRequest(p.method, u, body)
	if err != nil {
		t.Fatalf("%s: %v", p.label, err)
	}
	req.Header = o.Header
	switch {
	case o.Form != nil:
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	case p.ctype != "":
		req.Header.Set("Content-Type", p.ctype)
	}
	id := fmt.Sprintf("hostile-%d", r.reqN.Add(1))
	req.Header.Set("X-Request-Id", id)
	label := fmt.Sprintf("%s %s [%s]", p.method, rt.Path, p.label)
	r.mu.Lock()
	r.labels[id] = label
	r.mu.Unlock()
	resp, err := r.client.Do(req)
	if err != nil {
		if p.big {
			return // the server closed the connection on an oversized request
		}
		t.Errorf("%s: %v", label, err)
		return
	}
	var b []byte
	if ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); ct == "text/event-stream" && resp.StatusCode == http.StatusOK {
		// An event stream stays open: its first event is its answer.
		b, err = firstEvent(resp.Body)
	} else {
		b, err = io.ReadAll(resp.Body)
	}
	resp.Body.Close()
	if err != nil {
		t.Errorf("%s: read body: %v", label, err)
		return
	}
	res := &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
	switch {
	case res.Status >= 500:
		t.Errorf("%s: HTTP %d: %.300s", label, res.Status, b)
	case res.Status == http.StatusRequestHeaderFieldsTooLarge && p.big:
		// net/http's own answer to a request line over its limit.
	case res.Status >= 400:
		if err := d.CheckError(rt, res); err != nil {
			t.Errorf("%s: HTTP %d not in the dialect's error format: %v: %.300s", label, res.Status, err, b)
		}
	case res.Status >= 300:
	default:
		if ct, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type")); ct == "application/json" && !json.Valid(b) {
			t.Errorf("%s: HTTP %d with a body that is not JSON: %.300s", label, res.Status, b)
		}
	}
}

// healthy checks the server still answers after a route's requests.
func (r *Runner) healthy(t *testing.T, rt *apiutil.RouteInfo) {
	resp, err := r.client.Get(r.K.URL + "/healthz")
	if err != nil {
		t.Fatalf("after %s: /healthz: %v", rt.Path, err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("after %s: /healthz answered %d", rt.Path, resp.StatusCode)
	}
}

// multipartBody is vals as multipart fields plus the route's file parts:
// parts[name] where given, else a small valid PNG.
func multipartBody(vals url.Values, files []string, parts map[string][]byte) ([]byte, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range vals {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		data, ok := parts[f]
		if !ok {
			data = validPNG
		}
		w, _ := mw.CreateFormFile(f, "picture.png")
		_, _ = w.Write(data)
	}
	_ = mw.Close()
	return b.Bytes(), mw.FormDataContentType()
}

type hostileFile struct {
	label string
	data  []byte
}

var validPNG = func() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}()

// pngClaiming is validPNG whose header claims w×h pixels: a decompression
// bomb's header, which must be refused before anything is sized from it.
func pngClaiming(w, h uint32) []byte {
	b := bytes.Clone(validPNG)
	// signature (8) | length (4) | "IHDR" (4) | width | height | ... | crc
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

// hostileFiles are what a hostile client uploads as a picture.
func hostileFiles() []hostileFile {
	return []hostileFile{
		{"empty", nil},
		{"text", []byte("this is not a picture")},
		{"truncated png", validPNG[:len(validPNG)/2]},
		{"png claiming 65535x65535", pngClaiming(65535, 65535)},
		{"png claiming 2^31-1 x 1", pngClaiming(1<<31-1, 1)},
		{"jpeg start only", []byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0}},
		{"gif header only", []byte("GIF89a\xff\xff\xff\xff")},
		{"random", bytes.Repeat([]byte{0x5a, 0xa5, 0x00, 0xff}, 4096)},
	}
}

// firstEvent reads an event stream up to the end of its first event (a
// blank line), at most 1 MiB.
func firstEvent(r io.Reader) ([]byte, error) {
	br := bufio.NewReader(io.LimitReader(r, 1<<20))
	var out []byte
	for {
		line, err := br.ReadBytes('\n')
		out = append(out, line...)
		if err != nil {
			return out, fmt.Errorf("event stream ended before its first event: %w", err)
		}
		if len(bytes.TrimRight(line, "\r\n")) == 0 && len(out) > len(line) {
			return out, nil
		}
	}
}
