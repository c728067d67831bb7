// Package config is the one Config struct of the binary: defaults, flags,
// WEIBO_* environment variables and validation. It is read once in main and
// passed down as values; nothing reads settings from globals.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Config holds every setting of `weibo serve` and of the CLI commands.
type Config struct {
	Addr    string
	DataDir string
	DB      string // DSN; empty = SQLite at DataDir/weibo.db
	NATS    string // URL; empty = embedded JetStream under DataDir/nats
	// NATSPrefix names what this deployment uses on the NATS cluster: the
	// stream (upper case), the event subjects <prefix>.events.> and the
	// live notices <prefix>.live.<uid>, so that two deployments (or test
	// runs) can share a cluster.
	NATSPrefix string
	// NATSReplicas is the replica count of the stream on a NATS cluster
	// (3 on a three-node cluster survives the loss of one).
	NATSReplicas int
	TLSCert      string
	TLSKey       string
	TrustProxy   bool
	RequireTLS   bool
	BaseURL      string
	// EmotionsURL is where emoticon images are linked from; "" means this
	// server's own /emotions/ (EmotionsBase).
	EmotionsURL string
	// ShortURLBase is the public URL short links are made below; "" means
	// this server's own /t/ (ShortLinkBase).
	ShortURLBase string
	Timezone     string
	LogLevel     string
	// Node is the node number of the ids; -1 leases the lowest free one.
	Node int
	// Sync is the durability of an acknowledged write: "normal" survives
	// the death of the process, "full" also power loss (an fsync per commit).
	Sync string

	// Redis is the URL of the Redis (one server, Sentinel or Cluster) that
	// holds what every node must share: home windows, rate-limit counters
	// and login throttles, OAuth 1.0a nonces, cache invalidations. Empty
	// keeps them in this process (one node).
	Redis string
	// RedisPrefix starts every key this deployment makes in Redis, so that
	// several deployments (or tests) can share one.
	RedisPrefix string

	AccessTokenTTL     time.Duration
	HomeWindow         int
	CelebrityFollowers int
	RateLimits         bool
	MaxBody            int64
	CacheTTL           time.Duration
	// DebugAddr, when set, is a second, private listener with /debug/pprof
	// and /metrics (profiling a running node without exposing it).
	DebugAddr string
	// PublicMetrics serves /metrics on the public listener too.
	PublicMetrics bool
	// FirstUserAdmin makes the first account of an empty instance an admin.
	FirstUserAdmin bool
	// Registrations: open, approval, invite or closed (core.Registrations*).
	Registrations string
	// DeletedNameHold is how long a deleted account's screen name is held
	// back before anyone may take it.
	DeletedNameHold time.Duration

	// MediaDir holds the media files (picture and avatar renditions);
	// empty means DataDir/media. Several nodes must share it (or use an
	// object store).
	MediaDir string
	// S3Endpoint, when set, keeps the media files in an S3-compatible
	// bucket instead of MediaDir (host[:port], no scheme; S3Secure says
	// HTTPS). The bucket is made at start unless it exists.
	S3Endpoint  string
	S3Bucket    string
	S3AccessKey string
	S3SecretKey string
	S3Region    string
	S3Secure    bool
	// MediaURL is the public URL the media files are served below (a CDN
	// or bucket in front of MediaDir); empty means BaseURL + "/media",
	// served by this server.
	MediaURL string
	// MediaMaxBytes and MediaMaxPixels bound one uploaded picture: its
	// file size, and its width × height (checked before decoding).
	MediaMaxBytes  int64
	MediaMaxPixels int64
	// MediaRetention is how long a picture nothing shows (never attached,
	// or of a deleted status) stays before it is deleted.
	MediaRetention time.Duration
	// FetchTimeout bounds a fetch of a picture by URL; FetchAllowPrivate
	// lets such fetches reach loopback and private addresses (tests and
	// development only: it opens the server to SSRF).
	FetchTimeout      time.Duration
	FetchAllowPrivate bool
	// RoutingURL is an OSRM server (HTTP API v5) that plans
	// location/line/drive_route; empty: drive routes are not served.
	RoutingURL string
	// SearchDict is a dictionary file for the Chinese segmenter (gse's
	// "word frequency [pos]" lines); empty uses the embedded one.
	SearchDict string

	// The login guard (core.LoginLimits); all but LoginConcurrency are off
	// with RateLimits false.
	LoginIPFailures   int           // failed sign-ins per client address per hour
	LoginFreeFailures int           // failures per account and address before delays
	LoginDelay        time.Duration // first delay, doubled per further failure
	LoginMaxDelay     time.Duration // longest delay
	LoginConcurrency  int           // password checks at once
	LoginPending      int           // sign-ins in progress before more are refused

	// The Xweibo API (/?m=api/weibo/action.NAME, spec/xweibo.md): off
	// while XweiboAPIKey is empty. XweiboAppKey names the registered app
	// whose key and secret are the signature's AKEY and SKEY.
	XweiboAPIKey string
	XweiboAppKey string
	// XweiboAllowAnonymous and XweiboAllowOthers are the action lists of
	// spec §3 (comma-separated): run without a user, or as
	// XweiboDefaultUser, when api_uid names nobody.
	XweiboAllowAnonymous string
	XweiboAllowOthers    string
	XweiboDefaultUser    string
	// XweiboTimeWindow is how far api_time may lie from the server's
	// time; XweiboAcceptOld accepts any past api_time, as Xweibo 2.1 did.
	XweiboTimeWindow time.Duration
	XweiboAcceptOld  bool
	// XweiboAllowIPs, when set, is the only callers (addresses or CIDR
	// prefixes, comma-separated) the API answers (3010000 otherwise).
	XweiboAllowIPs string
}

// Defaults returns the embedded-mode defaults.
func Defaults() Config {
	return Config{
		Addr: ":8080", DataDir: "./data", Registrations: "open", DeletedNameHold: 30 * 24 * time.Hour, NATSPrefix: "weibo", NATSReplicas: 1, Timezone: "Asia/Shanghai", LogLevel: "info",
		AccessTokenTTL: 30 * 24 * time.Hour, HomeWindow: 800, CelebrityFollowers: 10000,
		MediaMaxBytes: 5 << 20, MediaMaxPixels: 40_000_000, MediaRetention: 24 * time.Hour,
		FetchTimeout: 10 * time.Second,
		S3Bucket:     "weibo-media", S3Secure: true, RedisPrefix: "weibo:",
		XweiboTimeWindow: 10 * time.Minute,
		RateLimits:       true, MaxBody: 6 << 20, CacheTTL: time.Minute, PublicMetrics: true, Node: -1, Sync: "normal",
		LoginIPFailures: 100, LoginFreeFailures: 5, LoginDelay: time.Second, LoginMaxDelay: 15 * time.Minute,
		// argon2id is CPU-bound: more checks at once than CPUs only add memory.
		LoginConcurrency: runtime.GOMAXPROCS(0), LoginPending: 16 * runtime.GOMAXPROCS(0),
	}
}

// envName is the environment variable of a flag: --tls-cert → WEIBO_TLS_CERT.
func envName(flagName string) string {
	return "WEIBO_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// binder registers flags whose defaults come from the environment, and
// remembers environment values that did not parse.
type binder struct {
	fs   *flag.FlagSet
	errs []error
}

func (b *binder) env(name string) (string, bool) {
	return os.LookupEnv(envName(name))
}

func (b *binder) str(p *string, name, usage string) {
	if v, ok := b.env(name); ok {
		*p = v
	}
	b.fs.StringVar(p, name, *p, usage+" ($"+envName(name)+")")
}

func (b *binder) boolean(p *bool, name, usage string) {
	if v, ok := b.env(name); ok {
		x, err := strconv.ParseBool(v)
		if err != nil {
			b.errs = append(b.errs, fmt.Errorf("$%s: %w", envName(name), err))
		}
		*p = x
	}
	b.fs.BoolVar(p, name, *p, usage+" ($"+envName(name)+")")
}

func (b *binder) integer(p *int, name, usage string) {
	if v, ok := b.env(name); ok {
		x, err := strconv.Atoi(v)
		if err != nil {
			b.errs = append(b.errs, fmt.Errorf("$%s: %w", envName(name), err))
		}
		*p = x
	}
	b.fs.IntVar(p, name, *p, usage+" ($"+envName(name)+")")
}

func (b *binder) int64(p *int64, name, usage string) {
	if v, ok := b.env(name); ok {
		x, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			b.errs = append(b.errs, fmt.Errorf("$%s: %w", envName(name), err))
		}
		*p = x
	}
	b.fs.Int64Var(p, name, *p, usage+" ($"+envName(name)+")")
}

func (b *binder) duration(p *time.Duration, name, usage string) {
	if v, ok := b.env(name); ok {
		x, err := time.ParseDuration(v)
		if err != nil {
			b.errs = append(b.errs, fmt.Errorf("$%s: %w", envName(name), err))
		}
		*p = x
	}
	b.fs.DurationVar(p, name, *p, usage+" ($"+envName(name)+")")
}

// Storage binds the flags every command that touches the data needs.
func (c *Config) Storage(fs *flag.FlagSet) func() error {
	b := &binder{fs: fs}
	b.str(&c.DataDir, "data", "data directory (SQLite database, embedded queue, media)")
	b.str(&c.DB, "db", "database DSN: empty for SQLite in the data directory, or postgres://user@host:5432/db")
	b.str(&c.LogLevel, "log-level", "log level: debug, info, warn, error")
	b.str(&c.Sync, "sync", "durability of acknowledged writes on SQLite and the embedded queue: normal (survives a crash of the process) or full (also power loss; an fsync per commit)")
	return func() error { return errors.Join(b.errs...) }
}

// Deletion binds the flags of account deletion (serve, user delete).
func (c *Config) Deletion(fs *flag.FlagSet) func() error {
	b := &binder{fs: fs}
	b.duration(&c.DeletedNameHold, "deleted-name-hold", "how long the screen name of a deleted account is held back before anyone may sign up or rename to it (e.g. 720h)")
	return func() error { return errors.Join(b.errs...) }
}

// Search binds the flags of the full-text index (serve, reindex).
func (c *Config) Search(fs *flag.FlagSet) {
	b := &binder{fs: fs}
	b.str(&c.SearchDict, "search-dict", "dictionary file for Chinese word segmentation (gse format: word frequency [pos] per line; empty: the embedded 140k-word one)")
}

// Serve binds every flag of `weibo serve`.
func (c *Config) Serve(fs *flag.FlagSet) func() error {
	storageErrs := c.Storage(fs)
	deletionErrs := c.Deletion(fs)
	c.Search(fs)
	b := &binder{fs: fs}
	b.str(&c.Addr, "addr", "address to listen on")
	b.str(&c.NATS, "nats", "NATS URL for the queue (nats://host:4222); empty runs JetStream in-process")
	b.str(&c.NATSPrefix, "nats-prefix", "name of this deployment on the NATS cluster: stream PREFIX, subjects prefix.events.> and prefix.live.<uid> (letters, digits, _ and -)")
	b.str(&c.Redis, "redis", "Redis URL for the state every node shares (home windows, rate limits, login throttles, OAuth 1.0a nonces, cache invalidations): redis://[user:pass@]host:6379/0 (rediss:// for TLS); Sentinel: redis://sentinel:26379?master_name=NAME&addr=sentinel2:26379; Cluster: redis://node:7000?cluster=true&addr=node2:7000; empty keeps them in this process (one node only)")
	b.str(&c.RedisPrefix, "redis-prefix", "prefix of every key this deployment makes in Redis")
	b.integer(&c.NATSReplicas, "nats-replicas", "replicas of the event stream on the NATS cluster (1 to 5; 3 on a three-node cluster survives losing one); ignored by the embedded queue")
	b.str(&c.TLSCert, "tls-cert", "TLS certificate file (serve HTTPS; needs --tls-key)")
	b.str(&c.TLSKey, "tls-key", "TLS private key file")
	b.boolean(&c.TrustProxy, "trust-proxy", "trust X-Forwarded-For/-Proto from a reverse proxy")
	b.boolean(&c.RequireTLS, "require-tls", "refuse OAuth2 and token-carrying API calls over plain HTTP from non-loopback clients (21320)")
	b.str(&c.BaseURL, "base-url", "public URL of the site, for links (default http://localhost:PORT of --addr)")
	b.str(&c.Timezone, "timezone", "time zone of created_at in API answers")
	b.integer(&c.Node, "node", "node number 0-31 of the ids this process makes; -1 leases the lowest free one (a number held by a live process is refused)")
	b.duration(&c.AccessTokenTTL, "token-ttl", "lifetime of OAuth2 access tokens")
	b.integer(&c.HomeWindow, "home-window", "status ids kept per home timeline window")
	b.integer(&c.CelebrityFollowers, "celebrity-followers", "followers above which posts are merged at read time instead of pushed")
	b.boolean(&c.RateLimits, "rate-limits", "enforce Sina's hourly rate limits and the login limits below (false: all off)")
	b.integer(&c.LoginIPFailures, "login-ip-failures", "failed sign-ins one client address (IPv6: its /64) may make per hour, then 10022 (0: no limit)")
	b.integer(&c.LoginFreeFailures, "login-free-failures", "failed sign-ins per account and address (per UTC day) before delays start")
	b.duration(&c.LoginDelay, "login-delay", "wait after the first failure past --login-free-failures, doubled per further failure, 21303 meanwhile (0: no delays)")
	b.duration(&c.LoginMaxDelay, "login-max-delay", "longest wait between failed sign-ins of one account from one address")
	b.integer(&c.LoginConcurrency, "login-concurrency", "password checks (argon2id, 19 MiB each) running at once; holds even with --rate-limits=false (default: CPUs)")
	b.integer(&c.LoginPending, "login-pending", "sign-ins in progress at once, waiting for a check included, before more are refused with 21303 (0: no limit; default: 16 × CPUs)")
	b.int64(&c.MaxBody, "max-body", "largest request body in bytes")
	b.duration(&c.CacheTTL, "cache-ttl", "how long cached statuses, users and tokens may be served")
	b.str(&c.DebugAddr, "debug-addr", "private address for /debug/pprof and /metrics (empty: no debug listener; never expose it)")
	b.str(&c.Registrations, "registrations", "who may sign up (web sign-up and any API path creating users): open, approval (a moderator approves each account: weibo user approve), invite (with a code from weibo invite create or a user's settings) or closed; accounts made with weibo user create always can")
	b.boolean(&c.FirstUserAdmin, "first-user-admin", "make the first account created on an empty instance (sign-up or CLI) an admin; logged and audited (off: use weibo user create --role admin or weibo user role)")
	b.boolean(&c.PublicMetrics, "public-metrics", "also serve /metrics on --addr (false: only on --debug-addr)")
	b.str(&c.EmotionsURL, "emotions-url", "public URL below which the emoticon images are found (default: /emotions/ of --base-url, served by this server)")
	b.str(&c.ShortURLBase, "short-url-base", "public URL below which short links are made, e.g. https://t.example/ proxied to this server's /t/ (default: /t/ of --base-url, served by this server)")
	b.str(&c.MediaDir, "media-dir", "directory of uploaded pictures and avatars (default: media in the data directory; shared by every node)")
	s3Errs := c.S3(fs)
	b.str(&c.MediaURL, "media-url", "public URL the media files are served below, e.g. a CDN in front of --media-dir (default: --base-url/media, served by this server)")
	b.int64(&c.MediaMaxBytes, "media-max-bytes", "largest picture upload in bytes (20006 above it; --max-body grows to fit it)")
	b.int64(&c.MediaMaxPixels, "media-max-pixels", "largest picture in pixels, width × height, checked before decoding (20006 above it)")
	b.duration(&c.FetchTimeout, "fetch-timeout", "longest fetch of a picture given by URL (statuses/upload_url_text), redirects included")
	b.boolean(&c.FetchAllowPrivate, "fetch-allow-private", "let picture fetches by URL reach loopback, private and link-local addresses (tests and development only: this opens the server to SSRF)")
	b.str(&c.RoutingURL, "routing-url", "OSRM server (HTTP API v5, e.g. http://osrm:5000) that plans location/line/drive_route; empty: drive routes answer 21903, as there is no road network")
	b.str(&c.XweiboAPIKey, "xweibo-api-key", "API_KEY of the Xweibo API (/?m=api/weibo/action.NAME): the key shared with partner sites, the last part of api_sign; empty turns the Xweibo API off")
	b.str(&c.XweiboAppKey, "xweibo-app-key", "app key of the registered app whose key and secret are the AKEY and SKEY of Xweibo's api_sign (needed with --xweibo-api-key)")
	b.str(&c.XweiboAllowAnonymous, "xweibo-allow-anonymous", "Xweibo actions (comma-separated) that run without a user when api_uid names nobody ($allow_anonymous)")
	b.str(&c.XweiboAllowOthers, "xweibo-allow-others", "Xweibo actions (comma-separated) that run as --xweibo-default-user when api_uid names nobody ($allow_others)")
	b.str(&c.XweiboDefaultUser, "xweibo-default-user", "screen name of the site's default account, which the --xweibo-allow-others actions run as")
	b.duration(&c.XweiboTimeWindow, "xweibo-time-window", "how far api_time may lie from the server's time, either way (3010001 beyond)")
	b.boolean(&c.XweiboAcceptOld, "xweibo-accept-old-time", "accept any past api_time, as Xweibo 2.1 did (only future times beyond --xweibo-time-window are refused)")
	b.str(&c.XweiboAllowIPs, "xweibo-allow-ips", "only these callers (addresses or CIDR prefixes, comma-separated) may use the Xweibo API (empty: any)")
	b.duration(&c.MediaRetention, "media-retention", "how long a picture no status or user shows (an unused upload_pic, the pictures of a deleted status) stays before it is deleted")
	return func() error { return errors.Join(storageErrs(), deletionErrs(), s3Errs(), errors.Join(b.errs...)) }
}

// S3 binds the flags of the S3-compatible media store (serve, migrate-data).
func (c *Config) S3(fs *flag.FlagSet) func() error {
	b := &binder{fs: fs}
	b.str(&c.S3Endpoint, "s3-endpoint", "S3-compatible endpoint host[:port] (no scheme) for media files instead of --media-dir, e.g. s3.eu-west-1.amazonaws.com or minio:9000")
	b.str(&c.S3Bucket, "s3-bucket", "bucket of the media files (made at start unless it exists)")
	b.str(&c.S3AccessKey, "s3-access-key", "S3 access key id")
	b.str(&c.S3SecretKey, "s3-secret-key", "S3 secret access key (prefer the environment variable to the flag: flags show in ps)")
	b.str(&c.S3Region, "s3-region", "S3 region of the bucket (empty: ask the endpoint)")
	b.boolean(&c.S3Secure, "s3-secure", "talk HTTPS to --s3-endpoint")
	return func() error { return errors.Join(b.errs...) }
}

func validNATSName(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// DSN is the database to open.
func (c Config) DSN() string {
	if c.DB != "" {
		return c.DB
	}
	return "sqlite:" + filepath.Join(c.DataDir, "weibo.db")
}

// MediaPath is the directory media files are kept in.
func (c Config) MediaPath() string {
	if c.MediaDir != "" {
		return c.MediaDir
	}
	return filepath.Join(c.DataDir, "media")
}

// PublicMediaURL is MediaURL, or the /media path of PublicURL.
func (c Config) PublicMediaURL() string {
	if c.MediaURL != "" {
		return strings.TrimSuffix(c.MediaURL, "/")
	}
	return c.PublicURL() + "/media"
}

// BodyLimit is the request body limit: MaxBody, raised to fit an upload of
// MediaMaxBytes with its other fields.
func (c Config) BodyLimit() int64 {
	return max(c.MaxBody, c.MediaMaxBytes+1<<20)
}

// EmotionsBase is the URL the emoticon images are linked below, ending in "/".
func (c Config) EmotionsBase() string {
	if c.EmotionsURL != "" {
		return strings.TrimSuffix(c.EmotionsURL, "/") + "/"
	}
	return c.PublicURL() + "/emotions/"
}

// ShortLinkBase is the URL short links are made below, ending in "/".
func (c Config) ShortLinkBase() string {
	if c.ShortURLBase != "" {
		return strings.TrimSuffix(c.ShortURLBase, "/") + "/"
	}
	return c.PublicURL() + "/t/"
}

// PublicURL is BaseURL, or when it is unset the URL a browser on this
// machine reaches Addr by ("http://localhost:8080" for ":8080").
func (c Config) PublicURL() string {
	if c.BaseURL != "" {
		return strings.TrimSuffix(c.BaseURL, "/")
	}
	scheme := "http"
	if c.TLSCert != "" {
		scheme = "https"
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return scheme + "://localhost"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

// Validate checks the settings once, before anything starts.
func (c Config) Validate() error {
	var errs []error
	if c.DataDir == "" {
		errs = append(errs, errors.New("--data must not be empty"))
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		errs = append(errs, errors.New("--tls-cert and --tls-key go together"))
	}
	if c.DeletedNameHold < 0 {
		errs = append(errs, fmt.Errorf("--deleted-name-hold %v: want 0 or more", c.DeletedNameHold))
	}
	switch c.Registrations {
	case "", "open", "approval", "invite", "closed":
	default:
		errs = append(errs, fmt.Errorf("--registrations %q: want open, approval, invite or closed", c.Registrations))
	}
	if c.Node < -1 || c.Node > 31 {
		errs = append(errs, errors.New("--node must be -1 (any free number) or 0 to 31"))
	}
	if c.HomeWindow < 20 {
		errs = append(errs, errors.New("--home-window must be at least 20"))
	}
	if c.CelebrityFollowers < 1 {
		errs = append(errs, errors.New("--celebrity-followers must be positive"))
	}
	if c.AccessTokenTTL < time.Minute {
		errs = append(errs, errors.New("--token-ttl must be at least 1m"))
	}
	if c.LoginIPFailures < 0 || c.LoginFreeFailures < 0 || c.LoginPending < 0 {
		errs = append(errs, errors.New("--login-ip-failures, --login-free-failures and --login-pending must not be negative"))
	}
	if c.LoginDelay < 0 || c.LoginMaxDelay < c.LoginDelay || c.LoginMaxDelay > 24*time.Hour {
		errs = append(errs, errors.New("--login-delay must not be negative, and --login-max-delay must lie between it and 24h"))
	}
	if c.MediaMaxBytes < 1 || c.MediaMaxPixels < 1 {
		errs = append(errs, errors.New("--media-max-bytes and --media-max-pixels must be positive"))
	}
	if c.MediaRetention < time.Minute {
		errs = append(errs, errors.New("--media-retention must be at least 1m"))
	}
	if c.FetchTimeout <= 0 {
		errs = append(errs, errors.New("--fetch-timeout must be positive"))
	}
	if c.MediaURL != "" {
		if u, err := url.Parse(c.MediaURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, errors.New("--media-url must be an http or https URL"))
		}
	}
	if c.NATSReplicas < 1 || c.NATSReplicas > 5 {
		errs = append(errs, errors.New("--nats-replicas must be 1 to 5"))
	}
	if !validNATSName(c.NATSPrefix) {
		errs = append(errs, fmt.Errorf("--nats-prefix %q: want 1 to 32 letters, digits, _ or -", c.NATSPrefix))
	}
	if c.S3Endpoint != "" {
		if strings.Contains(c.S3Endpoint, "/") {
			errs = append(errs, errors.New("--s3-endpoint is host[:port], without a scheme or path (--s3-secure chooses HTTPS)"))
		}
		if c.S3Bucket == "" {
			errs = append(errs, errors.New("--s3-bucket must not be empty with --s3-endpoint"))
		}
	}
	if c.ShortURLBase != "" {
		if u, err := url.Parse(c.ShortURLBase); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, errors.New("--short-url-base must be an http or https URL"))
		}
	}
	if c.XweiboAPIKey != "" && c.XweiboAppKey == "" {
		errs = append(errs, errors.New("--xweibo-api-key needs --xweibo-app-key: the app whose key and secret sign Xweibo calls"))
	}
	if c.XweiboTimeWindow < time.Second {
		errs = append(errs, errors.New("--xweibo-time-window must be at least 1s"))
	}
	for _, s := range strings.Split(c.XweiboAllowIPs, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if _, err := netip.ParsePrefix(s); err != nil {
			if _, err := netip.ParseAddr(s); err != nil {
				errs = append(errs, fmt.Errorf("--xweibo-allow-ips: %q is neither an address nor a CIDR prefix", s))
			}
		}
	}
	if c.LoginConcurrency < 1 {
		errs = append(errs, errors.New("--login-concurrency must be at least 1"))
	}
	if c.MaxBody < 1<<10 {
		errs = append(errs, errors.New("--max-body must be at least 1024"))
	}
	if _, err := time.LoadLocation(c.Timezone); err != nil {
		errs = append(errs, fmt.Errorf("--timezone: %w", err))
	}
	if c.Redis != "" {
		if u, err := url.Parse(c.Redis); err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
			errs = append(errs, errors.New("--redis must be a redis:// or rediss:// URL"))
		}
		if c.RedisPrefix == "" {
			errs = append(errs, errors.New("--redis-prefix must not be empty"))
		}
	}
	if c.Sync != "normal" && c.Sync != "full" {
		errs = append(errs, fmt.Errorf("--sync %q: want normal or full", c.Sync))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("--log-level %q: want debug, info, warn or error", c.LogLevel))
	}
	return errors.Join(errs...)
}
