package storetest

import (
	"slices"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// testCodeTokens: tokens remember the code they came from, and revoking a
// code's tokens touches those and no other token of the user or app.
func testCodeTokens(f *fx) {
	exp := f.now.Add(30 * 24 * time.Hour)
	fromCode := &domain.Token{AccessHash: "c-a1", UserID: 1, AppID: 10, Scopes: []string{"all"}, CreatedAt: f.tick(),
		ExpiresAt: exp, CodeHash: "code-1"}
	refreshed := &domain.Token{AccessHash: "c-a2", RefreshHash: "c-r2", UserID: 1, AppID: 10, CreatedAt: f.tick(),
		ExpiresAt: exp, CodeHash: "code-1"}
	password := &domain.Token{AccessHash: "p-a1", RefreshHash: "p-r1", UserID: 1, AppID: 10, CreatedAt: f.tick(), ExpiresAt: exp}
	otherCode := &domain.Token{AccessHash: "c-b1", UserID: 1, AppID: 10, CreatedAt: f.tick(), ExpiresAt: exp, CodeHash: "code-2"}
	all := []*domain.Token{fromCode, refreshed, password, otherCode}
	f.tx(func(tx domain.Tx) error {
		for _, t := range all {
			if err := tx.CreateToken(f.ctx, t); err != nil {
				return err
			}
		}
		return nil
	})
	for _, want := range all {
		got, err := f.s.TokenByAccessHash(f.ctx, want.AccessHash)
		f.ok("TokenByAccessHash", err)
		f.eq("TokenByAccessHash "+want.AccessHash, want, got)
	}
	got, err := f.s.TokenByRefreshHash(f.ctx, "c-r2")
	f.ok("TokenByRefreshHash", err)
	f.eq("TokenByRefreshHash keeps the code", refreshed, got)

	revoke := func(code string) []string {
		f.t.Helper()
		var hashes []string
		f.tx(func(tx domain.Tx) error {
			var err error
			hashes, err = tx.RevokeCodeTokens(f.ctx, code)
			return err
		})
		slices.Sort(hashes)
		return hashes
	}
	revoked := func() map[string]bool {
		f.t.Helper()
		out := map[string]bool{}
		for _, t := range all {
			got, err := f.s.TokenByAccessHash(f.ctx, t.AccessHash)
			f.ok("TokenByAccessHash", err)
			out[t.AccessHash] = got.Revoked
		}
		return out
	}
	f.eq("RevokeCodeTokens(code-1)", []string{"c-a1", "c-a2"}, revoke("code-1"))
	f.eq("after RevokeCodeTokens(code-1)", map[string]bool{"c-a1": true, "c-a2": true, "p-a1": false, "c-b1": false}, revoked())
	// Again: the same hashes, still no error; an unknown code and the empty
	// code (every token of another grant) revoke nothing.
	f.eq("RevokeCodeTokens(code-1) again", []string{"c-a1", "c-a2"}, revoke("code-1"))
	f.eq("RevokeCodeTokens(unknown)", []string(nil), revoke("nope"))
	f.eq("RevokeCodeTokens(empty)", []string(nil), revoke(""))
	f.eq("after the no-ops", map[string]bool{"c-a1": true, "c-a2": true, "p-a1": false, "c-b1": false}, revoked())

	// Rolled back: nothing revoked.
	err = f.txErr(func(tx domain.Tx) error {
		if _, err := tx.RevokeCodeTokens(f.ctx, "code-2"); err != nil {
			return err
		}
		return domain.ErrConflict
	})
	f.kind("rolled back", err, domain.KindConflict, domain.ReasonNone)
	f.eq("after a rolled-back RevokeCodeTokens", map[string]bool{"c-a1": true, "c-a2": true, "p-a1": false, "c-b1": false}, revoked())
}
