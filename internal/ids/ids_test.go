package ids

import (
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock; the Generator calls it under its own lock,
// but tests move it between calls from the same goroutine only.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func mustNew(t testing.TB, node int, now func() time.Time) *Generator {
	t.Helper()
	g, err := New(node, now)
	if err != nil {
		t.Fatalf("New(%d): %v", node, err)
	}
	return g
}

func TestLayoutFitsIn53Bits(t *testing.T) {
	if msBits+nodeBits+seqBits > 53 {
		t.Fatalf("layout uses %d bits, JSON-safe ids need <= 53", msBits+nodeBits+seqBits)
	}
	if MaxID >= 1<<53 {
		t.Fatalf("MaxID = %d >= 2^53", MaxID)
	}
	end := TimeOf(MaxID)
	if want := time.Date(2093, 9, 6, 15, 47, 35, 551e6, time.UTC); !end.Equal(want) {
		t.Errorf("last representable time = %v, want %v (update the package comment if the layout changes)", end, want)
	}
}

func TestNewRejectsBadNodes(t *testing.T) {
	for _, tc := range []struct {
		node int
		ok   bool
	}{
		{-1, false}, {0, true}, {1, true}, {MaxNode, true}, {MaxNode + 1, false}, {1 << 20, false},
	} {
		g, err := New(tc.node, nil)
		if (err == nil) != tc.ok {
			t.Errorf("New(%d) error = %v, want ok=%v", tc.node, err, tc.ok)
		}
		if tc.ok && g.Next() <= 0 {
			t.Errorf("New(%d).Next() not positive", tc.node)
		}
	}
}

func TestNextEmbedsTimeAndNode(t *testing.T) {
	at := time.Date(2025, 6, 1, 12, 30, 45, 123456789, time.UTC)
	for _, node := range []int{0, 7, MaxNode} {
		g := mustNew(t, node, func() time.Time { return at })
		id := g.Next()
		if got, want := TimeOf(id), at.Truncate(time.Millisecond); !got.Equal(want) {
			t.Errorf("node %d: TimeOf = %v, want %v", node, got, want)
		}
		if got := int(id>>seqBits) & MaxNode; got != node {
			t.Errorf("node field = %d, want %d", got, node)
		}
		if id < MinIDAt(at) || id >= MinIDAt(at.Add(time.Millisecond)) {
			t.Errorf("id %d outside [MinIDAt(t), MinIDAt(t+1ms)) = [%d, %d)", id, MinIDAt(at), MinIDAt(at.Add(time.Millisecond)))
		}
	}
}

func TestNodesNeverCollide(t *testing.T) {
	// Same frozen instant on every node: only the node bits keep them apart,
	// including after each spills into the following milliseconds.
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	seen := map[int64]int{}
	for node := 0; node <= MaxNode; node++ {
		g := mustNew(t, node, func() time.Time { return at })
		for range 3*(maxSeq+1) + 5 {
			id := g.Next()
			if other, dup := seen[id]; dup {
				t.Fatalf("id %d produced by node %d and node %d", id, other, node)
			}
			seen[id] = node
		}
	}
}

func TestSequenceSpillsIntoNextMillisecond(t *testing.T) {
	at := time.Date(2025, 3, 3, 3, 3, 3, 0, time.UTC)
	g := mustNew(t, 3, func() time.Time { return at })
	var prev int64
	for i := range 2*(maxSeq+1) + 1 {
		id := g.Next()
		if id <= prev {
			t.Fatalf("id %d = %d not above previous %d", i, id, prev)
		}
		prev = id
		wantMs := at.Add(time.Duration(i/(maxSeq+1)) * time.Millisecond)
		if got := TimeOf(id); !got.Equal(wantMs) {
			t.Fatalf("id %d: TimeOf = %v, want %v", i, got, wantMs)
		}
		if seq := id & maxSeq; seq != int64(i%(maxSeq+1)) {
			t.Fatalf("id %d: sequence %d, want %d", i, seq, i%(maxSeq+1))
		}
	}
}

func TestClockGoingBackwards(t *testing.T) {
	clk := &fakeClock{t: time.Date(2025, 5, 5, 5, 5, 5, 0, time.UTC)}
	g := mustNew(t, 1, clk.now)
	steps := []time.Duration{
		0, time.Millisecond, -time.Hour, -time.Second, 0, 2 * time.Hour, -24 * 365 * time.Hour,
	}
	var prev int64
	var ids []int64
	for _, step := range steps {
		clk.t = clk.t.Add(step)
		for range maxSeq + 10 { // enough to exhaust a millisecond each step
			id := g.Next()
			if id <= prev {
				t.Fatalf("after clock step %v: id %d not above previous %d", step, id, prev)
			}
			prev = id
			ids = append(ids, id)
		}
	}
	// While the clock is behind, ids keep the last millisecond used, never an
	// earlier one.
	last := ids[len(ids)-1]
	if TimeOf(last).Before(time.Date(2025, 5, 5, 6, 5, 4, 0, time.UTC)) {
		t.Errorf("TimeOf(last) = %v went back with the clock", TimeOf(last))
	}
}

func TestClockBeforeEpoch(t *testing.T) {
	g := mustNew(t, 0, func() time.Time { return time.Unix(0, 0) })
	a, b := g.Next(), g.Next()
	if a < 0 || b <= a {
		t.Fatalf("ids before epoch: %d, %d; want non-negative and increasing", a, b)
	}
	if MinIDAt(time.Unix(0, 0)) != 0 {
		t.Errorf("MinIDAt(1970) = %d, want 0", MinIDAt(time.Unix(0, 0)))
	}
}

func TestClockBeyondLifetimePanics(t *testing.T) {
	g := mustNew(t, MaxNode, func() time.Time { return time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC) })
	defer func() {
		if recover() == nil {
			t.Fatal("Next past the lifetime did not panic")
		}
	}()
	g.Next()
}

func TestLastMillisecondStaysBelow2p53(t *testing.T) {
	last := TimeOf(MaxID)
	g := mustNew(t, MaxNode, func() time.Time { return last })
	for range maxSeq + 1 {
		if id := g.Next(); id >= 1<<53 || id > MaxID {
			t.Fatalf("id %d >= 2^53", id)
		}
	}
	if got := MinIDAt(last.Add(time.Hour)); got != MinIDAt(last) {
		t.Errorf("MinIDAt past lifetime = %d, want clamp to %d", got, MinIDAt(last))
	}
}

func TestMinIDAt(t *testing.T) {
	for _, tc := range []struct {
		at   time.Time
		want int64
	}{
		{Epoch, 0},
		{Epoch.Add(-time.Hour), 0},
		{Epoch.Add(time.Millisecond), 1 << msShift},
		{Epoch.Add(time.Millisecond + 999*time.Microsecond), 1 << msShift},
		{Epoch.Add(time.Second), 1000 << msShift},
	} {
		if got := MinIDAt(tc.at); got != tc.want {
			t.Errorf("MinIDAt(%v) = %d, want %d", tc.at, got, tc.want)
		}
	}
	// Ordering across times and nodes: an id made at t1 < t2 on any node is
	// below MinIDAt(t2).
	t1 := time.Date(2026, 2, 2, 2, 2, 2, 0, time.UTC)
	g := mustNew(t, MaxNode, func() time.Time { return t1 })
	if id := g.Next(); id >= MinIDAt(t1.Add(time.Millisecond)) {
		t.Errorf("id at t1 %d >= MinIDAt(t1+1ms) %d", id, MinIDAt(t1.Add(time.Millisecond)))
	}
}

func TestTimeOrderedWithRealClock(t *testing.T) {
	g := mustNew(t, 5, nil)
	before := time.Now().Truncate(time.Millisecond)
	a := g.Next()
	time.Sleep(3 * time.Millisecond)
	b := g.Next()
	if b <= a {
		t.Fatalf("later id %d <= earlier id %d", b, a)
	}
	if TimeOf(a).Before(before) || TimeOf(b).Sub(TimeOf(a)) < 3*time.Millisecond {
		t.Errorf("TimeOf does not follow the clock: %v then %v (started %v)", TimeOf(a), TimeOf(b), before)
	}
}

func TestUniqueUnderConcurrency(t *testing.T) {
	const goroutines, perG = 8, 50000
	g := mustNew(t, 9, nil)
	out := make([][]int64, goroutines)
	var wg sync.WaitGroup
	for w := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ids := make([]int64, perG)
			for i := range ids {
				ids[i] = g.Next()
			}
			out[w] = ids
		}()
	}
	wg.Wait()
	seen := make(map[int64]struct{}, goroutines*perG)
	for w, ids := range out {
		for i, id := range ids {
			// Each goroutine's ids are taken one after another, so they must
			// increase even though other goroutines interleave.
			if i > 0 && id <= ids[i-1] {
				t.Fatalf("goroutine %d: id %d = %d not above previous %d", w, i, id, ids[i-1])
			}
			if id <= 0 || id >= 1<<53 {
				t.Fatalf("id %d outside (0, 2^53)", id)
			}
			if _, dup := seen[id]; dup {
				t.Fatalf("duplicate id %d", id)
			}
			seen[id] = struct{}{}
		}
	}
}

func BenchmarkNext(b *testing.B) {
	g := mustNew(b, 1, nil)
	b.ReportAllocs()
	for b.Loop() {
		g.Next()
	}
}

func BenchmarkNextParallel(b *testing.B) {
	g := mustNew(b, 1, nil)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			g.Next()
		}
	})
}
