package core

import (
	"context"
	"errors"

	"github.com/weibo-server/weibo/internal/domain"
)

// newIDAttempts bounds the runs of a transaction whose generated id was
// already in use.
const newIDAttempts = 3

// inTxNewIDs is store.InTx for a transaction that inserts rows under ids
// from the generator; fn must take those ids from s.ids inside, so that a
// second run takes new ones.
//
// Two processes make the same id only if they share a node number, which
// the node lease prevents (ids.Lease). Should it happen anyway (a database
// restored next to a live one, a number forced by hand), the insert fails on
// the primary key with domain.ErrIDTaken, and running again with a new id is
// exactly right: nothing of the failed run was kept, and the client's
// request did nothing wrong. Answering it "already exists" would be a lie.
//
// A generator that cannot make ids for now (its node lease could not be
// renewed: domain.IDFence) refuses the write before it starts, as
// unavailable, rather than stalling inside the transaction.
func (s *Service) inTxNewIDs(ctx context.Context, fn func(tx domain.Tx) error) error {
	if f, ok := s.ids.(domain.IDFence); ok {
		if err := f.Ready(ctx); err != nil {
			return err
		}
	}
	for attempt := 1; ; attempt++ {
		err := s.store.InTx(ctx, fn)
		if err == nil || !errors.Is(err, domain.ErrIDTaken) || attempt == newIDAttempts {
			return err
		}
		s.log.WarnContext(ctx, "generated id already in use; running the transaction again with new ids",
			"attempt", attempt, "err", err)
	}
}
