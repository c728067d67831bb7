package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

var _ domain.NodeLeases = (*Store)(nil)

const leaseCols = "node, holder, pid, host, purpose, since, expires_at, floor_ms, ceiling_ms"

func scanLease(r rowScanner) (domain.NodeLease, error) {
	var l domain.NodeLease
	var since, expires int64
	err := r.Scan(&l.Node, &l.Holder, &l.PID, &l.Host, &l.Purpose, &since, &expires, &l.Floor, &l.Ceiling)
	l.Since, l.Expires = fromMillis(since), fromMillis(expires)
	return l, err
}

// AcquireNode implements domain.NodeLeases. Each number is taken by one
// conditional upsert, atomic on both databases: it inserts the row, or
// takes it over when it is free or expired, and answers no row when it is
// held. Expiry is judged by the database's clock (dialect.nowMs), which all
// processes share.
func (s *Store) AcquireNode(ctx context.Context, want domain.NodeLease, maxNode int, ttl time.Duration) (domain.NodeLease, error) {
	if want.Holder == "" {
		return domain.NodeLease{}, errors.New("sqlstore: acquire node: empty holder")
	}
	c := conn{q: s.write, d: s.d, n: &s.n}
	now, g := s.d.nowMs, s.d.greatest
	// ceiling_ms: the holder's own, but at least one ttl past the floor it
	// inherits (the previous holder may have run ahead of this clock).
	upsert := "INSERT INTO node_leases (" + leaseCols + `)
		VALUES (?, ?, ?, ?, ?, ` + now + `, ` + now + ` + ?, 0, ?)
		ON CONFLICT (node) DO UPDATE SET holder = excluded.holder, pid = excluded.pid, host = excluded.host,
			purpose = excluded.purpose, since = excluded.since, expires_at = excluded.expires_at,
			floor_ms = node_leases.ceiling_ms,
			ceiling_ms = ` + g + `(excluded.ceiling_ms, node_leases.ceiling_ms + ?)
		WHERE node_leases.holder = '' OR node_leases.expires_at < ` + now + `
		RETURNING ` + leaseCols
	try := func(node int) (domain.NodeLease, bool, error) {
		l, err := scanLease(c.queryRow(ctx, upsert, node, want.Holder, want.PID, want.Host, want.Purpose,
			ttl.Milliseconds(), want.Ceiling, ttl.Milliseconds()))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return l, false, nil
		case err != nil:
			return l, false, dbErr(err, fmt.Sprintf("acquire node %d", node), "")
		}
		return l, true, nil
	}
	if want.Node >= 0 {
		l, ok, err := try(want.Node)
		if err != nil || ok {
			return l, err
		}
		held, err := scanLease(c.queryRow(ctx, "SELECT "+leaseCols+" FROM node_leases WHERE node = ?", want.Node))
		if err != nil {
			return domain.NodeLease{}, dbErr(err, fmt.Sprintf("node %d lease", want.Node), "")
		}
		return domain.NodeLease{}, &domain.Error{Kind: domain.KindConflict,
			Msg: fmt.Sprintf("node %d is leased to %s until %s", want.Node, DescribeLease(held),
				held.Expires.UTC().Format(time.RFC3339))}
	}
	// Any number: the ones that look free first, in order, then try each
	// (another process may take one between the look and the try).
	held := make(map[int]bool)
	rows, err := c.query(ctx, "SELECT node FROM node_leases WHERE holder <> '' AND expires_at >= "+now)
	if err != nil {
		return domain.NodeLease{}, dbErr(err, "node leases", "")
	}
	taken, err := scanIDs(rows)
	if err != nil {
		return domain.NodeLease{}, dbErr(err, "node leases", "")
	}
	for _, n := range taken {
		held[int(n)] = true
	}
	for node := 0; node <= maxNode; node++ {
		if held[node] {
			continue
		}
		l, ok, err := try(node)
		if err != nil || ok {
			return l, err
		}
	}
	return domain.NodeLease{}, &domain.Error{Kind: domain.KindUnavailable,
		Msg: fmt.Sprintf("all %d node numbers are leased to live processes", maxNode+1)}
}

// DescribeLease names a lease's holder for a person: "weibo serve (pid 12
// on host, since 2026-01-02T03:04:05Z)".
func DescribeLease(l domain.NodeLease) string {
	purpose := l.Purpose
	if purpose == "" {
		purpose = "a process"
	}
	return fmt.Sprintf("%s (pid %d on %s, since %s)", purpose, l.PID, l.Host, l.Since.UTC().Format(time.RFC3339))
}

// RenewNode implements domain.NodeLeases.
func (s *Store) RenewNode(ctx context.Context, l domain.NodeLease, ceiling int64, ttl time.Duration) (domain.NodeLease, error) {
	c := conn{q: s.write, d: s.d, n: &s.n}
	got, err := scanLease(c.queryRow(ctx, "UPDATE node_leases SET expires_at = "+s.d.nowMs+" + ?, ceiling_ms = "+
		s.d.greatest+"(ceiling_ms, ?) WHERE node = ? AND holder = ? RETURNING "+leaseCols,
		ttl.Milliseconds(), ceiling, l.Node, l.Holder))
	if errors.Is(err, sql.ErrNoRows) {
		return domain.NodeLease{}, &domain.Error{Kind: domain.KindNotFound,
			Msg: fmt.Sprintf("node %d is no longer leased to this process", l.Node), Err: err}
	}
	if err != nil {
		return domain.NodeLease{}, dbErr(err, fmt.Sprintf("renew node %d", l.Node), "")
	}
	return got, nil
}

// ReleaseNode implements domain.NodeLeases.
func (s *Store) ReleaseNode(ctx context.Context, l domain.NodeLease, ceiling int64) error {
	c := conn{q: s.write, d: s.d, n: &s.n}
	_, err := c.exec(ctx, "UPDATE node_leases SET holder = '', expires_at = 0, ceiling_ms = "+s.d.greatest+
		"(ceiling_ms, ?) WHERE node = ? AND holder = ?", ceiling, l.Node, l.Holder)
	return dbErr(err, fmt.Sprintf("release node %d", l.Node), "")
}
