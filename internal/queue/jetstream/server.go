package jetstream

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server is an in-process NATS server with JetStream, the queue of the
// embedded (single binary) mode. It opens no network listener: clients reach
// it through nats.InProcessServer(srv), so nothing is exposed and no port is
// taken, yet the client code is exactly the one that talks to a cluster.
type Server struct {
	ns  *server.Server
	log *slog.Logger
}

// EmbeddedOptions tune the embedded server.
type EmbeddedOptions struct {
	// SyncAlways fsyncs every stored message before the publish is
	// acknowledged, so that an acknowledged event survives power loss. By
	// default JetStream writes through the OS page cache at once (a
	// publish survives the death of the process) and syncs every 2 minutes.
	SyncAlways bool
}

// StartEmbedded starts a NATS server with JetStream storing its files under
// dir (it creates dir/jetstream) and returns once the server accepts
// connections and JetStream is enabled, or fails if ctx ends before that.
func StartEmbedded(ctx context.Context, dir string, log *slog.Logger) (*Server, error) {
	return StartEmbeddedWith(ctx, dir, log, EmbeddedOptions{})
}

// StartEmbeddedWith is StartEmbedded with options.
func StartEmbeddedWith(ctx context.Context, dir string, log *slog.Logger, eo EmbeddedOptions) (*Server, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("component", "nats")
	ns, err := server.NewServer(&server.Options{
		ServerName: "weibo-embedded",
		JetStream:  true,
		StoreDir:   dir,
		DontListen: true,
		SyncAlways: eo.SyncAlways,
		// The host process owns the signals; the server must not install
		// handlers that would shut it down behind the app's back.
		NoSigs: true,
	})
	if err != nil {
		return nil, fmt.Errorf("jetstream: new embedded server: %w", err)
	}
	sl := &serverLogger{log: log}
	ns.SetLoggerV2(sl, log.Enabled(ctx, slog.LevelDebug), false, false)

	// Start recovers the streams from disk before it returns and cannot be
	// interrupted; running it aside would only let Shutdown race it (it
	// could still be writing under dir after we return). ctx bounds the
	// wait for readiness that follows.
	ns.Start()
	for !ns.ReadyForConnections(25 * time.Millisecond) {
		if err := ctx.Err(); err != nil {
			ns.Shutdown()
			ns.WaitForShutdown()
			return nil, fmt.Errorf("jetstream: embedded server not ready: %w", err)
		}
		if msg := sl.fatal(); msg != "" {
			ns.Shutdown()
			ns.WaitForShutdown()
			return nil, fmt.Errorf("jetstream: embedded server: %s", msg)
		}
	}
	if !ns.JetStreamEnabled() {
		// JetStream failing to start (unwritable dir, corrupt store) is only
		// logged by the server, which otherwise runs on as a plain NATS.
		msg := sl.fatal()
		ns.Shutdown()
		ns.WaitForShutdown()
		if msg == "" {
			msg = "JetStream is not enabled"
		}
		return nil, errors.New("jetstream: embedded server: " + msg)
	}
	log.Info("embedded NATS JetStream started", "store_dir", dir)
	return &Server{ns: ns, log: log}, nil
}

// SyncAlways reports whether the server fsyncs every stored message.
func (s *Server) SyncAlways() bool {
	cfg := s.ns.JetStreamConfig()
	return cfg != nil && cfg.SyncAlways
}

// InProcessConn makes *Server a nats.InProcessConnProvider, so that
// nats.Connect("", nats.InProcessServer(srv)) reaches it without a socket.
func (s *Server) InProcessConn() (net.Conn, error) { return s.ns.InProcessConn() }

// Shutdown stops the server and waits until it has flushed its stores.
// Close the queues using it first so that they can drain.
func (s *Server) Shutdown() {
	s.ns.Shutdown()
	s.ns.WaitForShutdown()
	s.log.Info("embedded NATS JetStream stopped")
}

// serverLogger adapts slog to the nats-server logger. The server's notices
// (a start-up banner of a dozen lines, config dumps) are debug material for
// an embedded component, so they go to Debug; we log one line of our own.
type serverLogger struct {
	log *slog.Logger

	mu       sync.Mutex
	fatalMsg string
}

func (l *serverLogger) fatal() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fatalMsg
}

func (l *serverLogger) Noticef(format string, v ...any) { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l *serverLogger) Warnf(format string, v ...any)   { l.log.Warn(fmt.Sprintf(format, v...)) }
func (l *serverLogger) Errorf(format string, v ...any)  { l.log.Error(fmt.Sprintf(format, v...)) }
func (l *serverLogger) Debugf(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l *serverLogger) Tracef(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }

// Fatalf must not exit: the server is a guest in our process. The message is
// kept so that StartEmbedded can return it as the error.
func (l *serverLogger) Fatalf(format string, v ...any) {
	msg := fmt.Sprintf(format, v...)
	l.log.Error(msg)
	l.mu.Lock()
	if l.fatalMsg == "" {
		l.fatalMsg = msg
	}
	l.mu.Unlock()
}
