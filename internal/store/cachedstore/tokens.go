package cachedstore

import (
	"context"
	"errors"
	"time"

	"github.com/maypok86/otter/v2"
	"github.com/maypok86/otter/v2/stats"

	"github.com/weibo-server/weibo/internal/domain"
)

// Access tokens are read by every authenticated API call, so they are cached
// by hash. A revoked token must stop working on this node as soon as the
// revoking transaction has returned:
//
//   - RevokeToken(hash) and CreateToken name the key: it is invalidated after
//     the commit, like any other key (see Store.InTx).
//   - RevokeTokens(user, app) names no hash. Instead of an index from (user,
//     app) to cached hashes (which would miss a token whose load is in flight
//     during the revocation), each cache entry carries revSeq as read before
//     its inner lookup started, and each committed RevokeTokens takes the next
//     revSeq value r and records revoked[(user, app)] = r. An entry whose
//     token belongs to a pair revoked with r > entry.seq may predate the
//     revocation: it is dropped and loaded again. An entry loaded with
//     seq >= r read revSeq after the increment, which follows the commit, so
//     its lookup saw the revocation.
//   - revoked needs no size bound and only a short memory: a token entry
//     expires TTL after its load started (not after it was stored), and any
//     entry that predates r started loading before r was taken, so it has
//     expired before revoked's record of r (kept 2×TTL) does.
type tokenEntry struct {
	tok   *domain.Token // nil: not found (negative entry)
	seq   uint64        // revSeq when the load started
	start int64         // clock (Unix ns) when the load started
}

type userApp struct{ user, app int64 }

// tokenRetries bounds how often a lookup drops an entry predating a
// revocation and loads again before it asks the inner store directly.
const tokenRetries = 3

func (s *Store) initTokens(clock otter.Clock, negative bool) {
	ttl, negTTL := s.opts.TTL, s.opts.NegativeTTL
	s.tokensStats = stats.NewCounter()
	s.tokens = otter.Must(&otter.Options[string, *tokenEntry]{
		MaximumSize: s.opts.MaxTokens,
		ExpiryCalculator: otter.ExpiryWritingFunc(func(e otter.Entry[string, *tokenEntry]) time.Duration {
			if e.Value.tok == nil {
				return negTTL
			}
			return max(ttl-time.Duration(s.now()-e.Value.start), time.Nanosecond)
		}),
		StatsRecorder: s.tokensStats,
		Clock:         clock,
	})
	s.revoked = otter.Must(&otter.Options[userApp, uint64]{
		ExpiryCalculator: otter.ExpiryWriting[userApp, uint64](2 * ttl),
		Clock:            clock,
	})
	s.tokenLoader = otter.LoaderFunc[string, *tokenEntry](func(ctx context.Context, hash string) (*tokenEntry, error) {
		e := &tokenEntry{start: s.now(), seq: s.revSeq.Load()}
		t, err := s.inner.TokenByAccessHash(ctx, hash)
		if err != nil {
			if negative && domain.IsKind(err, domain.KindNotFound) {
				return e, nil
			}
			return nil, err
		}
		if t == nil && !negative {
			return nil, otter.ErrNotFound
		}
		e.tok = t
		return e, nil
	})
}

// TokenByAccessHash returns the token from the cache or the inner store. A
// token revoked by a transaction that has returned is never served from the
// cache as not revoked.
func (s *Store) TokenByAccessHash(ctx context.Context, hash string) (*domain.Token, error) {
	for range tokenRetries {
		e, err := s.tokens.Get(ctx, hash, s.tokenLoader)
		if err != nil {
			if errors.Is(err, otter.ErrNotFound) {
				return nil, notFound("token", "", "")
			}
			return nil, err
		}
		if e.tok == nil {
			return nil, notFound("token", "", "")
		}
		if !s.predatesRevocation(e) {
			return copyToken(e.tok), nil
		}
		// Drop this very entry (not one a concurrent lookup may have loaded since).
		s.tokens.ComputeIfPresent(hash, func(old *tokenEntry) (*tokenEntry, otter.ComputeOp) {
			if old == e {
				return nil, otter.InvalidateOp
			}
			return old, otter.CancelOp
		})
	}
	return s.inner.TokenByAccessHash(ctx, hash)
}

// predatesRevocation reports whether e may have been read before a committed
// RevokeTokens of its (user, app).
func (s *Store) predatesRevocation(e *tokenEntry) bool {
	if e.seq == s.revSeq.Load() {
		return false // no RevokeTokens since the load started
	}
	r, ok := s.revoked.GetIfPresent(userApp{e.tok.UserID, e.tok.AppID})
	return ok && r > e.seq
}

// noteRevoked records a committed RevokeTokens(user, app).
func (s *Store) noteRevoked(p userApp) {
	r := s.revSeq.Add(1)
	s.revoked.Compute(p, func(old uint64, found bool) (uint64, otter.ComputeOp) {
		if found && old >= r {
			return old, otter.CancelOp
		}
		return r, otter.WriteOp
	})
}
