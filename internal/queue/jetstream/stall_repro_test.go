package jetstream

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	natsjs "github.com/nats-io/nats.go/jetstream"
)

func TestStallRepro(t *testing.T) {
	srv, err := StartEmbedded(t.Context(), t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()
	nc, err := nats.Connect("", nats.InProcessServer(srv))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := natsjs.New(nc)
	ctx := t.Context()
	_, err = js.CreateOrUpdateStream(ctx, natsjs.StreamConfig{Name: "S", Subjects: []string{"s.>"}, Retention: natsjs.WorkQueuePolicy})
	if err != nil {
		t.Fatal(err)
	}
	cons, err := js.CreateOrUpdateConsumer(ctx, "S", natsjs.ConsumerConfig{Durable: "c", AckPolicy: natsjs.AckExplicitPolicy, FilterSubject: "s.>"})
	if err != nil {
		t.Fatal(err)
	}
	max, _ := strconv.Atoi(os.Getenv("MAXMSG"))
	if max == 0 {
		max = 4
	}
	var n atomic.Int32
	cc, err := cons.Consume(func(m natsjs.Msg) {
		if os.Getenv("ASYNC") != "" {
			go func() { time.Sleep(time.Millisecond); m.Ack(); n.Add(1) }()
			return
		}
		m.Ack()
		n.Add(1)
	}, natsjs.PullMaxMessages(max), natsjs.ConsumeErrHandler(func(_ natsjs.ConsumeContext, err error) { t.Log(err) }))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Stop()
	for i := range 200 {
		if _, err := js.Publish(ctx, "s.x", []byte(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for n.Load() < 200 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n.Load() < 200 {
		ci, _ := cons.Info(context.Background())
		t.Fatalf("stalled at %d: pending %d ackpending %d waiting %d", n.Load(), ci.NumPending, ci.NumAckPending, ci.NumWaiting)
	}
}
