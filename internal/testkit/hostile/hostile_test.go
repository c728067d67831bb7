package hostile

import (
	"bufio"
	"bytes"
	"image/png"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/weibo-server/weibo/internal/config"
	"github.com/weibo-server/weibo/internal/testkit"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"
)

// logSink keeps what the server logs.
type logSink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *logSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

var requestID = regexp.MustCompile(`request_id=(\S+)`)

func run(t *testing.T, dsn string) {
	sink := &logSink{}
	k := testkit.Start(t, testkit.Options{
		DB: dsn,
		// Authors with two followers are merged at read time: carol is, bob
		// is not, so every home timeline read takes both paths.
		CelebrityFollowers: celebrityFollowers,
		// A short window sends later pages to the store.
		HomeWindow: 20,
		Log:        sink,
		Config: func(c *config.Config) {
			c.RateLimits = false
			// A body limit of 1 MiB instead of 6 tests the same mechanism
			// for a sixth of the bytes (CI has two cores).
			c.MaxBody = 1 << 20
		},
	})
	fx := Seed(t, k)
	r := &Runner{T: t, K: k, Fx: fx, Workers: 2 * runtime.GOMAXPROCS(0)}
	r.Run()
	k.Drain()
	// Nothing may have been logged at ERROR: no panic, no "System error".
	sc := bufio.NewScanner(strings.NewReader(sink.String()))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if !strings.Contains(line, "level=ERROR") && !strings.Contains(line, "panic") {
			continue
		}
		what := "no request"
		if m := requestID.FindStringSubmatch(line); m != nil {
			what = r.LabelOf(m[1])
		}
		t.Errorf("server logged (%s): %.600s", what, line)
	}
}

func TestHostileClientsSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("walks every route")
	}
	run(t, "")
}

func TestHostileClientsPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("walks every route")
	}
	run(t, pgtest.Schema(t, "hostile_"))
}

// The bomb's header is a well-formed PNG header: a decoder believes it.
func TestPNGClaiming(t *testing.T) {
	cfg, err := png.DecodeConfig(bytes.NewReader(pngClaiming(65535, 4000)))
	if err != nil || cfg.Width != 65535 || cfg.Height != 4000 {
		t.Fatalf("DecodeConfig = %+v, %v", cfg, err)
	}
}
