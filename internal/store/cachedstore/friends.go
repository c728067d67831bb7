package cachedstore

import "context"

// A remark is part of the follower's cached relationship to the followee.
func (r *recTx) SetRemark(ctx context.Context, follower, followee int64, remark string) error {
	r.record(func(k *keys) { k.rels = append(k.rels, relKey{follower, followee}) })
	return r.tx.SetRemark(ctx, follower, followee, remark)
}
