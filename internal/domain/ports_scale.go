package domain

import "context"

// Broadcast carries small messages from one node of a deployment to every
// other node: what a node caches in its own memory (cachedstore's rows, the
// core's celebrity lists) is told through it that another node changed the
// truth underneath. It is fire-and-forget — at most once, no persistence —
// so every subscriber also learns, through reset, when messages may have
// been lost (its connection dropped and came back) and must then forget
// everything such a message could have corrected. With no Broadcast (one
// node) nothing is sent and nothing is needed.
type Broadcast interface {
	// Publish sends msg on topic to the other nodes' handlers of topic
	// (never to this node's own). It returns once the message is handed to
	// the transport; delivery is not awaited.
	Publish(ctx context.Context, topic string, msg []byte) error
	// Subscribe registers fn for the messages on topic from other nodes,
	// delivered one at a time in the order each node published them, and
	// reset for when messages may have been missed. Register before the
	// node serves; fn and reset must not block for long.
	Subscribe(topic string, fn func(msg []byte), reset func())
}

// Uncacheable is implemented by a Store that caches reads (cachedstore):
// Uncached reads the database itself. The event handlers decide from the
// statuses they read what they write for good (the search index, the home
// windows), and on a cluster an event can reach a node before another
// node's invalidation of the row has: they read past the cache.
type Uncacheable interface {
	Uncached() Reader
}
