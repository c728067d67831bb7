package nats_test

import (
	"os"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/weibo-server/weibo/internal/live/livetest"
	livenats "github.com/weibo-server/weibo/internal/live/nats"
)

// startServer runs a NATS server on a loopback port for the test.
func startServer(t *testing.T) string {
	t.Helper()
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, NoSigs: true, NoLog: true})
	if err != nil {
		t.Fatal(err)
	}
	ns.Start()
	if !ns.ReadyForConnections(5 * time.Second) {
		t.Fatal("nats server not ready")
	}
	t.Cleanup(func() { ns.Shutdown(); ns.WaitForShutdown() })
	return ns.ClientURL()
}

func connect(t *testing.T, url string) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatalf("connect %s: %v", url, err)
	}
	t.Cleanup(nc.Close)
	return nc
}

// pair opens two hubs on two connections: two nodes. Each pair has its own
// subject prefix, so subtests sharing a server do not hear each other.
func pair(url string) func(t *testing.T) livetest.Pair {
	n := 0
	return func(t *testing.T) livetest.Pair {
		n++
		prefix := "test" + time.Now().Format("150405.000000000") + string(rune('a'+n%26))
		prefix = "weibo.livetest." + sanitize(prefix)
		a := livenats.New(connect(t, url), livenats.Options{Prefix: prefix})
		b := livenats.New(connect(t, url), livenats.Options{Prefix: prefix})
		t.Cleanup(a.Close)
		t.Cleanup(b.Close)
		return livetest.Pair{Pub: a, Sub: b}
	}
}

func sanitize(s string) string {
	out := []rune{}
	for _, r := range s {
		if r == '.' {
			r = '_'
		}
		out = append(out, r)
	}
	return string(out)
}

// TestConformanceEmbedded: across two connections to an in-process server.
func TestConformanceEmbedded(t *testing.T) {
	livetest.Run(t, pair(startServer(t)))
}

// TestConformanceCI: against the NATS that CI runs (WEIBO_TEST_NATS); a set
// but unreachable server fails the run.
func TestConformanceCI(t *testing.T) {
	url := os.Getenv("WEIBO_TEST_NATS")
	if url == "" {
		t.Skip("WEIBO_TEST_NATS is not set")
	}
	livetest.Run(t, pair(url))
}

// TestStreamsAndClose: the node keeps one subscription per user however
// many streams; Close leaves open streams silent.
func TestStreamsAndClose(t *testing.T) {
	url := startServer(t)
	h := livenats.New(connect(t, url), livenats.Options{})
	_, c1 := h.Subscribe(1)
	_, c2 := h.Subscribe(1)
	ch3, c3 := h.Subscribe(2)
	if h.Streams() != 3 {
		t.Fatalf("streams %d", h.Streams())
	}
	c1()
	c2()
	if h.Streams() != 1 {
		t.Fatalf("streams %d", h.Streams())
	}
	h.Close()
	h.Close()
	c3()
	select {
	case n := <-ch3:
		t.Fatalf("after Close: %+v", n)
	default:
	}
}
