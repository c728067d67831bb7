package storetest

import (
	"fmt"
	"sync"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
)

// picID makes a distinct picture id of the media package's shape.
func picID(n int, format byte) string { return fmt.Sprintf("%031x%c", n, format) }

func (f *fx) register(p *domain.Picture, owner int64) {
	f.t.Helper()
	f.tx(func(tx domain.Tx) error { return tx.RegisterPicture(f.ctx, p, owner) })
}

func (f *fx) picture(id string) *domain.Picture {
	f.t.Helper()
	p, err := f.s.PictureByID(f.ctx, id)
	f.ok("PictureByID "+id, err)
	return p
}

func (f *fx) owned(user int64, kind string, ids ...string) map[string]bool {
	f.t.Helper()
	m, err := f.s.OwnedPictures(f.ctx, user, kind, ids)
	f.ok("OwnedPictures", err)
	return m
}

// testPictures: registering, owning, referencing and releasing uploads.
func testPictures(f *fx) {
	alice, bob := f.user("alice"), f.user("bob")
	at := f.tick()
	pic := &domain.Picture{ID: picID(1, 'j'), Kind: domain.PictureKindStatus, Width: 800, Height: 600, Bytes: 12345, CreatedAt: at}
	anim := &domain.Picture{ID: picID(2, 'g'), Kind: domain.PictureKindStatus, Width: 10, Height: 20, Animated: true, Bytes: 99, CreatedAt: at}
	avatar := &domain.Picture{ID: picID(3, 'p'), Kind: domain.PictureKindAvatar, Width: 180, Height: 180, Bytes: 5, CreatedAt: at}
	f.register(pic, alice.ID)
	f.register(anim, alice.ID)
	f.register(avatar, alice.ID)
	want := *pic
	want.ReleasedAt = at
	f.eq("a new picture: unreferenced, released when uploaded", &want, f.picture(pic.ID))
	f.eq("animated", true, f.picture(anim.ID).Animated)
	_, err := f.s.PictureByID(f.ctx, picID(99, 'j'))
	f.kind("PictureByID of an unknown id", err, domain.KindNotFound, "")

	// Ownership is per uploader and per kind.
	f.eq("alice's pictures", map[string]bool{pic.ID: true, anim.ID: true},
		f.owned(alice.ID, domain.PictureKindStatus, pic.ID, anim.ID, avatar.ID, picID(99, 'j'), pic.ID))
	f.eq("alice's avatars", map[string]bool{avatar.ID: true}, f.owned(alice.ID, domain.PictureKindAvatar, pic.ID, avatar.ID))
	f.eq("bob owns none", map[string]bool{}, f.owned(bob.ID, domain.PictureKindStatus, pic.ID, anim.ID))
	f.eq("no ids", map[string]bool{}, f.owned(alice.ID, domain.PictureKindStatus))

	// The same bytes uploaded again, by bob, later: both own it, and the
	// unreferenced picture's retention starts over; its facts stay.
	later := f.tick()
	again := *pic
	again.CreatedAt, again.Width = later, 1 // a second upload describes the same picture
	f.register(&again, bob.ID)
	got := f.picture(pic.ID)
	f.eq("released again by the new upload", later, got.ReleasedAt)
	f.eq("created when first uploaded", at, got.CreatedAt)
	f.eq("width of the first upload", 800, got.Width)
	f.eq("bob owns it too", map[string]bool{pic.ID: true}, f.owned(bob.ID, domain.PictureKindStatus, pic.ID))

	// References.
	f.tx(func(tx domain.Tx) error { return tx.RetainPictures(f.ctx, []string{pic.ID, anim.ID}) })
	f.tx(func(tx domain.Tx) error { return tx.RetainPictures(f.ctx, []string{pic.ID}) })
	f.eq("refs after three retains", 2, f.picture(pic.ID).Refs)
	f.register(&domain.Picture{ID: pic.ID, Kind: pic.Kind, CreatedAt: f.tick()}, alice.ID)
	f.eq("a referenced picture's release time does not move", later, f.picture(pic.ID).ReleasedAt)
	err = f.txErr(func(tx domain.Tx) error { return tx.RetainPictures(f.ctx, []string{anim.ID, picID(99, 'j')}) })
	f.kind("RetainPictures of an unknown id", err, domain.KindNotFound, "")
	f.eq("a failed retain rolls back with its transaction", 1, f.picture(anim.ID).Refs)

	released := f.tick()
	f.tx(func(tx domain.Tx) error { return tx.ReleasePictures(f.ctx, []string{pic.ID, picID(99, 'j')}, released) })
	f.eq("one reference left", 1, f.picture(pic.ID).Refs)
	f.eq("still held: not released", later, f.picture(pic.ID).ReleasedAt)
	last := f.tick()
	f.tx(func(tx domain.Tx) error { return tx.ReleasePictures(f.ctx, []string{pic.ID}, last) })
	f.tx(func(tx domain.Tx) error { return tx.ReleasePictures(f.ctx, []string{pic.ID}, f.tick()) })
	got = f.picture(pic.ID)
	f.eq("never below zero", 0, got.Refs)
	f.eq("released when the last reference went", last, got.ReleasedAt)

	// Avatars.
	f.tx(func(tx domain.Tx) error { return tx.SetAvatar(f.ctx, alice.ID, avatar.ID) })
	u, err := f.s.UserByID(f.ctx, alice.ID)
	f.ok("UserByID", err)
	f.eq("avatar", avatar.ID, u.Avatar)
	f.tx(func(tx domain.Tx) error { return tx.SetAvatar(f.ctx, alice.ID, "") })
	u, _ = f.s.UserByID(f.ctx, alice.ID)
	f.eq("back to the default", "", u.Avatar)
	f.kind("SetAvatar of an unknown user", f.txErr(func(tx domain.Tx) error { return tx.SetAvatar(f.ctx, 987654, avatar.ID) }),
		domain.KindNotFound, domain.ReasonUserNotFound)
}

// testPictureSweep: which pictures a sweep sees, claims and deletes, and
// how a claimed picture refuses new uses until it is gone.
func testPictureSweep(f *fx) {
	u := f.user("u")
	base := f.tick()
	var ids []string
	for i := range 4 {
		p := &domain.Picture{ID: picID(10+i, 'j'), Kind: domain.PictureKindStatus, CreatedAt: base.Add(time.Duration(i) * time.Minute)}
		f.register(p, u.ID)
		ids = append(ids, p.ID)
	}
	// ids[3] is in use.
	f.tx(func(tx domain.Tx) error { return tx.RetainPictures(f.ctx, ids[3:]) })
	never := time.Time{}
	sweepable := func(releasedBefore, claimedBefore time.Time, limit int) []string {
		f.t.Helper()
		ps, err := f.s.SweepablePictures(f.ctx, releasedBefore, claimedBefore, limit)
		f.ok("SweepablePictures", err)
		out := []string{}
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	cutoff := base.Add(150 * time.Second) // after ids[0..2]'s uploads
	f.eq("unreferenced and old enough, oldest first", []string{ids[0], ids[1], ids[2]}, sweepable(cutoff, never, 10))
	f.eq("limit", []string{ids[0]}, sweepable(cutoff, never, 1))
	f.eq("nothing released before the first upload", []string{}, sweepable(base, never, 10))
	f.eq("limit 0", []string{}, sweepable(cutoff, never, 0))

	now := f.tick()
	claim := func(id string, releasedBefore, claimedBefore, at time.Time) bool {
		f.t.Helper()
		var ok bool
		f.tx(func(tx domain.Tx) error {
			var err error
			ok, err = tx.ClaimPicture(f.ctx, id, releasedBefore, claimedBefore, at)
			return err
		})
		return ok
	}
	f.eq("claim", true, claim(ids[0], cutoff, never, now))
	f.eq("a second claim fails", false, claim(ids[0], cutoff, never, now))
	f.eq("a referenced picture is never claimed", false, claim(ids[3], now, now, now))
	f.eq("a picture released after the cutoff is not claimed", false, claim(ids[2], base, never, now))

	// While claimed: not owned, not retainable, not registrable, not listed.
	f.eq("a claimed picture is nobody's", map[string]bool{ids[1]: true}, f.owned(u.ID, domain.PictureKindStatus, ids[0], ids[1]))
	f.kind("retain a claimed picture", f.txErr(func(tx domain.Tx) error { return tx.RetainPictures(f.ctx, ids[:1]) }), domain.KindNotFound, "")
	err := f.txErr(func(tx domain.Tx) error {
		return tx.RegisterPicture(f.ctx, &domain.Picture{ID: ids[0], Kind: domain.PictureKindStatus, CreatedAt: f.tick()}, u.ID)
	})
	f.kind("register a claimed picture", err, domain.KindConflict, "")
	f.eq("a claimed picture is not listed again", []string{ids[1], ids[2]}, sweepable(cutoff, never, 10))
	// A sweep that stopped halfway: its claim is taken over once stale.
	f.eq("a stale claim is listed", []string{ids[0], ids[1], ids[2]}, sweepable(cutoff, now.Add(time.Second), 10))
	f.eq("and claimed again", true, claim(ids[0], cutoff, now.Add(time.Second), f.tick()))

	// DeletePicture removes only a claimed picture, and its owners.
	f.tx(func(tx domain.Tx) error { return tx.DeletePicture(f.ctx, ids[1]) })
	f.picture(ids[1]) // not claimed: still there
	f.tx(func(tx domain.Tx) error { return tx.DeletePicture(f.ctx, ids[0]) })
	_, err = f.s.PictureByID(f.ctx, ids[0])
	f.kind("a deleted picture", err, domain.KindNotFound, "")
	f.tx(func(tx domain.Tx) error { return tx.DeletePicture(f.ctx, ids[0]) }) // twice: nothing to do

	// Uploaded again after its deletion it is a new picture, owned afresh.
	other := f.user("other")
	f.register(&domain.Picture{ID: ids[0], Kind: domain.PictureKindStatus, CreatedAt: f.tick()}, other.ID)
	f.eq("the old owner is gone", map[string]bool{}, f.owned(u.ID, domain.PictureKindStatus, ids[0]))
	f.eq("the new owner", map[string]bool{ids[0]: true}, f.owned(other.ID, domain.PictureKindStatus, ids[0]))
	f.eq("unreferenced", 0, f.picture(ids[0]).Refs)
}

// testConcurrentClaimRetain: a sweep claiming a picture and a post
// retaining it, at once: never both (a status showing deleted files).
func testConcurrentClaimRetain(f *fx) {
	u := f.user("u")
	created := f.tick()
	const n = 12
	ids := make([]string, n)
	for i := range ids {
		ids[i] = picID(100+i, 'j')
		f.register(&domain.Picture{ID: ids[i], Kind: domain.PictureKindStatus, CreatedAt: created}, u.ID)
	}
	cutoff, now := f.tick(), f.tick()
	var wg sync.WaitGroup
	claimed := make([]bool, n)
	retained := make([]bool, n)
	for i, id := range ids {
		wg.Add(2)
		go func() {
			defer wg.Done()
			_ = f.s.InTx(f.ctx, func(tx domain.Tx) error {
				ok, err := tx.ClaimPicture(f.ctx, id, cutoff, time.Time{}, now)
				claimed[i] = ok
				return err
			})
		}()
		go func() {
			defer wg.Done()
			err := f.s.InTx(f.ctx, func(tx domain.Tx) error { return tx.RetainPictures(f.ctx, []string{id}) })
			retained[i] = err == nil
		}()
	}
	wg.Wait()
	for i, id := range ids {
		if claimed[i] == retained[i] {
			f.t.Errorf("picture %s: claimed %v, retained %v; exactly one must win", id, claimed[i], retained[i])
		}
	}
}
