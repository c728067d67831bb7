package loadgen

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"
)

// StaticHandler answers every request with the same body of n bytes, as
// cheaply as net/http allows: the ceiling any handler on this machine, with
// this load generator, can reach for responses of that size.
func StaticHandler(n int) http.Handler {
	body := staticBody(n)
	size := strconv.Itoa(len(body))
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		h["Content-Type"] = []string{"application/json;charset=UTF-8"}
		h["Content-Length"] = []string{size}
		_, _ = w.Write(body)
	})
}

// staticBody is a JSON object of exactly n bytes (at least its braces).
func staticBody(n int) []byte {
	const head, tail = `{"statuses":[],"pad":"`, `"}`
	if n < len(head)+len(tail) {
		return []byte("{}")
	}
	b := make([]byte, 0, n)
	b = append(b, head...)
	for len(b) < n-len(tail) {
		b = append(b, 'x')
	}
	return append(b, tail...)
}

// StartStatic serves StaticHandler(n) on a loopback port until stop.
func StartStatic(n int) (baseURL string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("loadgen: static listener: %w", err)
	}
	srv := &http.Server{Handler: StaticHandler(n), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// ServeStatic serves StaticHandler(n) on addr until ctx ends, for running
// the static side in its own process as the server under test runs in its own.
func ServeStatic(ctx context.Context, addr string, n int) error {
	srv := &http.Server{Addr: addr, Handler: StaticHandler(n), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("loadgen: static server: %w", err)
	}
	return nil
}

// CompareStatic runs the static workload with res's concurrency, duration
// and mean response size against a static handler in this process, and
// records the ratio on res.
func CompareStatic(ctx context.Context, opts Options, res *Result) error {
	n := int(res.MeanBytes)
	if n <= 0 {
		return errors.New("loadgen: no successful responses to size the static body by")
	}
	base, stop, err := StartStatic(n)
	if err != nil {
		return err
	}
	defer stop()
	opts.URL, opts.Workload, opts.Fixture, opts.Client = base, "static", nil, nil
	st, err := Run(ctx, opts)
	if err != nil {
		return err
	}
	res.Static = st
	if st.Throughput > 0 {
		ratio := res.Throughput / st.Throughput
		res.Ratio = &ratio
	}
	return nil
}
