package storetest

import (
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// testNodeLeases: node numbers go to one live holder at a time; an expired
// or released number goes to the next with the ceiling of the last as its
// floor. Expiry is tested with leases that expire at once (a negative ttl),
// not by waiting.
func testNodeLeases(f *fx) {
	nl, ok := f.s.(domain.NodeLeases)
	if !ok {
		f.t.Skip("the store does not lease node numbers")
	}
	const maxNode, ttl = 3, time.Minute
	holder := func(name string, node int, ceiling int64) domain.NodeLease {
		return domain.NodeLease{Node: node, Holder: name, PID: 100 + len(name), Host: "host-" + name,
			Purpose: "weibo " + name, Ceiling: ceiling}
	}

	a, err := nl.AcquireNode(f.ctx, holder("a", -1, 5000), maxNode, ttl)
	f.ok("acquire any (a)", err)
	f.eq("a's node", 0, a.Node)
	f.eq("a's floor (never held before)", int64(0), a.Floor)
	f.eq("a's ceiling", int64(5000), a.Ceiling)
	if a.Holder != "a" || a.PID != 101 || a.Host != "host-a" || a.Purpose != "weibo a" || !a.Expires.After(a.Since) {
		f.t.Errorf("a's lease: %+v", a)
	}
	b, err := nl.AcquireNode(f.ctx, holder("bb", -1, 5000), maxNode, ttl)
	f.ok("acquire any (b)", err)
	f.eq("b's node: the lowest free", 1, b.Node)

	// A number held by a live lease is refused, naming the holder.
	_, err = nl.AcquireNode(f.ctx, holder("ccc", 0, 5000), maxNode, ttl)
	f.kind("acquire a held node", err, domain.KindConflict, domain.ReasonNone)
	if err == nil || !strings.Contains(err.Error(), "pid 101") || !strings.Contains(err.Error(), "weibo a") ||
		!strings.Contains(err.Error(), "host-a") {
		f.t.Errorf("refusal does not name the holder: %v", err)
	}
	// A given free number is taken even if lower ones are free too.
	c, err := nl.AcquireNode(f.ctx, holder("ccc", 3, 5000), maxNode, ttl)
	f.ok("acquire node 3", err)
	f.eq("c's node", 3, c.Node)

	// Renewing raises the ceiling, never lowers it, and extends the lease.
	a2, err := nl.RenewNode(f.ctx, a, 9000, ttl)
	f.ok("renew a", err)
	f.eq("a's ceiling after renewal", int64(9000), a2.Ceiling)
	a3, err := nl.RenewNode(f.ctx, a2, 7000, ttl)
	f.ok("renew a lower", err)
	f.eq("a's ceiling after a lower renewal", int64(9000), a3.Ceiling)
	if a3.Expires.Before(a.Expires) {
		f.t.Errorf("renewal moved expiry back: %v then %v", a.Expires, a3.Expires)
	}

	// b's lease runs out (renewed with a negative ttl: expired now); d takes
	// number 1 and starts at b's ceiling.
	_, err = nl.RenewNode(f.ctx, b, 6000, -time.Second)
	f.ok("renew b into the past", err)
	d, err := nl.AcquireNode(f.ctx, holder("dddd", -1, 100), maxNode, ttl)
	f.ok("acquire any (d)", err)
	f.eq("d's node: b's, expired", 1, d.Node)
	f.eq("d's floor: b's ceiling", int64(6000), d.Floor)
	if d.Ceiling <= d.Floor {
		f.t.Errorf("d's ceiling %d not above its floor %d", d.Ceiling, d.Floor)
	}
	// b, back from a pause, cannot renew what d holds, nor release it.
	_, err = nl.RenewNode(f.ctx, b, 6500, ttl)
	f.kind("renew a lease taken over", err, domain.KindNotFound, domain.ReasonNone)
	f.ok("release a lease taken over", nl.ReleaseNode(f.ctx, b, 6500))
	_, err = nl.RenewNode(f.ctx, d, d.Ceiling, ttl)
	f.ok("d still holds node 1", err)

	// Every number held: unavailable.
	_, err = nl.AcquireNode(f.ctx, holder("eeeee", -1, 100), maxNode, ttl)
	f.ok("acquire the last free number", err)
	_, err = nl.AcquireNode(f.ctx, holder("ffffff", -1, 100), maxNode, ttl)
	f.kind("acquire with every number held", err, domain.KindUnavailable, domain.ReasonNone)

	// Released: free at once, and the next holder starts at the ceiling
	// recorded on release.
	f.ok("release a", nl.ReleaseNode(f.ctx, a3, 12000))
	g, err := nl.AcquireNode(f.ctx, holder("ggggggg", -1, 100), maxNode, ttl)
	f.ok("acquire after a's release", err)
	f.eq("g's node: a's", 0, g.Node)
	f.eq("g's floor: a's released ceiling", int64(12000), g.Floor)
}
