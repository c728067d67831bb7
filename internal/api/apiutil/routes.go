package apiutil

import (
	"fmt"
	"slices"
)

// RouteInfo describes one route of a dialect, whatever its wire protocol:
// what it is mounted on, who may call it and which parameters it reads. Each
// dialect exports these straight from the route table it mounts (for Sina,
// (*sina.API).Routes()), so the hostile-client test (internal/testkit/hostile)
// and the API reference are generated from what is served and cannot miss a
// route.
type RouteInfo struct {
	// Dialect names the protocol: "sina", later "tencent", "xweibo", "web".
	Dialect string
	// Methods are the HTTP methods the route answers (HEAD follows GET).
	Methods []string
	// Path is the path as mounted, e.g. "/2/statuses/update.json". A dialect
	// that routes by query (Xweibo's ?m=) puts that in Query.
	Path string
	// Query, when set, is the query string that selects the route.
	Query string
	// Aliases are the other paths the same handler is mounted on.
	Aliases []string
	// Auth says what credentials the route needs.
	Auth Auth
	// Scope is the OAuth scope a token must carry, "" for none.
	Scope string
	// Response is what a success looks like: "json", "html" (a page for
	// people, such as the OAuth consent page) or "event-stream" (Server-Sent
	// Events, open until the client goes).
	Response string
	// Params are every parameter the route reads (Params readers), besides
	// the dialect's credentials (access_token, oauth_*, api_sign), which
	// belong to the dialect's auth.
	Params []ParamInfo
}

// Address is the route's main address: its path, with the query that
// selects it for a dialect that routes by query ("/index.php?m=…"). Tests
// key what they learn of a route by it.
func (ri *RouteInfo) Address() string {
	if ri.Query != "" {
		return ri.Path + "?" + ri.Query
	}
	return ri.Path
}

// Auth is what a route requires of the caller.
type Auth string

const (
	AuthNone     Auth = "none"     // nothing: anyone may call it
	AuthUser     Auth = "user"     // a signed-in user (a token, a signature)
	AuthOptional Auth = "optional" // a user if credentials are sent, an app key otherwise
	AuthClient   Auth = "client"   // the app's own credentials (client_id/client_secret)
)

// ParamKind is what a parameter holds. The hostile-client test picks the
// values it sends from it, the route check below which readers may read it.
type ParamKind string

const (
	KindInt    ParamKind = "int"    // a bounded integer: a type code, a number of seconds
	KindCount  ParamKind = "count"  // how many items a page holds
	KindPage   ParamKind = "page"   // a 1-based page number
	KindCursor ParamKind = "cursor" // a 0-based position in a list
	KindID     ParamKind = "id"     // one int64 id of Object
	KindIDs    ParamKind = "ids"    // comma-separated int64 ids of Object
	KindTime   ParamKind = "time"   // Unix seconds
	KindText   ParamKind = "text"   // free text
	KindList   ParamKind = "list"   // comma-separated strings
	KindEnum   ParamKind = "enum"   // one of Values
	KindBool   ParamKind = "bool"   // a 0/1 switch
	KindFloat  ParamKind = "float"  // a coordinate
	KindFile   ParamKind = "file"   // a multipart file part
)

// ParamInfo describes one parameter of a route.
type ParamInfo struct {
	Name string
	Kind ParamKind
	// Object is what an id names: "status", "comment", "user", "app"...
	Object string
	// Required is set when the route answers a missing-parameter error
	// without it.
	Required bool
	// Values are the values of an enum.
	Values []string
}

// P declares a parameter.
func P(name string, kind ParamKind) ParamInfo { return ParamInfo{Name: name, Kind: kind} }

// Of sets what an id or ids parameter names.
func (p ParamInfo) Of(object string) ParamInfo { p.Object = object; return p }

// Req marks the parameter required.
func (p ParamInfo) Req() ParamInfo { p.Required = true; return p }

// OneOf makes the parameter an enum of values.
func (p ParamInfo) OneOf(values ...string) ParamInfo {
	p.Kind, p.Values = KindEnum, values
	return p
}

// Param returns the declaration of name, ok false when the route has none.
func (ri *RouteInfo) Param(name string) (ParamInfo, bool) {
	for _, p := range ri.Params {
		if p.Name == name {
			return p, true
		}
	}
	return ParamInfo{}, false
}

// Reader names a Params method, as reported to a Watch function.
type Reader string

const (
	ReadHas            Reader = "Has"
	ReadGiven          Reader = "Given"
	ReadString         Reader = "String"
	ReadRequiredString Reader = "RequiredString"
	ReadInt64          Reader = "Int64"
	ReadRequiredInt64  Reader = "RequiredInt64"
	ReadInt            Reader = "Int"
	ReadIntIn          Reader = "IntIn"
	ReadBool01         Reader = "Bool01"
	ReadEnum           Reader = "Enum"
	ReadInt64List      Reader = "Int64List"
	ReadStringList     Reader = "StringList"
	ReadFloat          Reader = "Float"
	ReadCallback       Reader = "Callback"
)

// readerKinds says which kinds each typed reader may read: reading an id as
// text, or a page number as a boolean, is a declaration that lies to the
// test and to the docs. Has, Given and String read any kind (a presence
// check, the raw value echoed in an error).
var readerKinds = map[Reader][]ParamKind{
	ReadRequiredString: {KindText, KindList, KindEnum},
	ReadInt64:          {KindID, KindInt, KindTime},
	ReadRequiredInt64:  {KindID, KindInt, KindTime},
	ReadInt:            {KindInt, KindCount, KindPage, KindCursor, KindEnum, KindBool},
	ReadIntIn:          {KindInt, KindCount, KindPage, KindCursor, KindEnum, KindBool},
	ReadBool01:         {KindBool},
	ReadEnum:           {KindEnum},
	ReadInt64List:      {KindIDs},
	ReadStringList:     {KindList},
	ReadFloat:          {KindFloat},
	ReadCallback:       {KindText},
}

// CheckRead reports whether a handler of the route may read name with rd:
// an undeclared parameter, or one read as what it is not declared to be, is
// an error naming both. Dialects call it from their parameter watch when a
// test asks them to (see Params.Watch), so a route that grows a parameter
// without declaring it fails its own tests.
func (ri *RouteInfo) CheckRead(name string, rd Reader) error {
	p, ok := ri.Param(name)
	if !ok {
		return fmt.Errorf("route %s reads parameter %q (%s) that its table does not declare"+
			" (add it to the route's params, with its kind: see apiutil.ParamInfo)", ri.Path, name, rd)
	}
	kinds, typed := readerKinds[rd]
	if typed && !slices.Contains(kinds, p.Kind) {
		return fmt.Errorf("route %s reads parameter %q, declared %s, with %s", ri.Path, name, p.Kind, rd)
	}
	return nil
}

// ParamHook observes every parameter read of every route: the test
// infrastructure's way to learn which declared parameters a run reached.
// Production leaves it nil and pays nothing.
type ParamHook func(rt *RouteInfo, name string, rd Reader)
