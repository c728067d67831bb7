package core

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/media"
)

// Pictures and avatars (issue 9). An upload is checked and rendered by the
// media package, registered in the store (which counts what shows it), then
// its renditions are written to the blob port under keys derived from its
// content. Statuses carry picture ids; every dialect renders their URLs from
// PictureURL and AvatarURL, below the public media base.
//
// Retention: a picture nothing references (an upload_pic id never attached,
// the pictures of a deleted status, an avatar replaced by another) stays
// reachable for MediaOptions.Retention after it was last released, then the
// sweep (SweepPictures, run by the app's ticker) deletes its files and its
// row. Re-uploading or attaching it in the meantime keeps it.

// MaxStatusPictures is how many pictures one status may show (Sina's nine).
const MaxStatusPictures = 9

// MediaOptions configure pictures.
type MediaOptions struct {
	// BaseURL is the public URL the blob keys are served below, without a
	// trailing slash ("https://example.com/media" or a CDN's).
	BaseURL string
	// Limits bound one upload (bytes, pixels, GIF frames).
	Limits media.Limits
	// Retention is how long an unreferenced picture stays before the
	// sweep deletes it.
	Retention time.Duration
	// SweepClaimAge is how long a sweep's claim on a picture holds before
	// another sweep may take the picture over (the first one died).
	SweepClaimAge time.Duration
	// Workers is how many uploads are decoded and rendered at once: each
	// holds a decoded picture (4 bytes a pixel), so this bounds memory.
	Workers int
}

func (o *MediaOptions) setDefaults() {
	o.BaseURL = strings.TrimSuffix(o.BaseURL, "/")
	if o.BaseURL == "" {
		o.BaseURL = "/media"
	}
	o.Limits = o.Limits.WithDefaults()
	if o.Retention <= 0 {
		o.Retention = DefaultMediaRetention
	}
	if o.SweepClaimAge <= 0 {
		o.SweepClaimAge = 10 * time.Minute
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
}

// DefaultMediaRetention: a client attaches an upload_pic id within minutes;
// a day also leaves the pictures of a status deleted by mistake reachable
// for a while, as Weibo's do.
const DefaultMediaRetention = 24 * time.Hour

// PictureURL is the public URL of one size (media.Thumbnail, Bmiddle or
// Large) of a status picture.
func (s *Service) PictureURL(id, size string) string {
	return s.opts.Media.BaseURL + "/" + media.Key(media.KindPicture, size, id)
}

// AvatarURL is the public URL of one size (media.Avatar50, Avatar180,
// AvatarHD, ...) of a user's avatar: their upload, or the default avatar
// when avatarID is "".
func (s *Service) AvatarURL(avatarID, size string) string {
	if avatarID == "" {
		avatarID = s.defaultAvatarID
	}
	return s.opts.Media.BaseURL + "/" + media.Key(media.KindAvatar, size, avatarID)
}

// MediaLimits are the effective upload limits.
func (s *Service) MediaLimits() media.Limits { return s.opts.Media.Limits }

// EnsureDefaultAvatar writes the default avatar's renditions to the blob
// store where they are missing; the app calls it at start.
func (s *Service) EnsureDefaultAvatar(ctx context.Context) error {
	up, err := media.DefaultAvatar()
	if err != nil {
		return fmt.Errorf("default avatar: %w", err)
	}
	return s.putRenditions(ctx, up)
}

// PictureInfo is a stored status picture: its id and URLs.
type PictureInfo struct {
	ID                           string
	Thumbnail, Bmiddle, Original string
}

func (s *Service) pictureInfo(id string) *PictureInfo {
	return &PictureInfo{ID: id, Thumbnail: s.PictureURL(id, media.Thumbnail),
		Bmiddle: s.PictureURL(id, media.Bmiddle), Original: s.PictureURL(id, media.Large)}
}

// UploadPicture checks and stores a status picture uploaded by the viewer
// (statuses/upload_pic); its id may then be attached to their statuses.
// Until it is, the retention sweep may delete it.
func (s *Service) UploadPicture(ctx context.Context, v domain.Viewer, data []byte) (*PictureInfo, error) {
	up, err := s.process(ctx, data, media.ProcessPicture)
	if err != nil {
		return nil, err
	}
	if err := s.storeUpload(ctx, v.UserID, up); err != nil {
		return nil, err
	}
	return s.pictureInfo(up.ID), nil
}

// PostPictureStatus is statuses/upload: a status with one uploaded picture,
// in one action. The text and options are checked before the picture costs
// anything, and a rejected picture creates no status.
func (s *Service) PostPictureStatus(ctx context.Context, v domain.Viewer, in PostStatusInput, data []byte) (*StatusView, error) {
	if _, _, err := s.prepareStatus(v, &in); err != nil {
		return nil, err
	}
	pic, err := s.UploadPicture(ctx, v, data)
	if err != nil {
		return nil, err
	}
	in.PicIDs = []string{pic.ID}
	return s.PostStatus(ctx, v, in)
}

// FetchPictureStatus is statuses/upload_url_text with a url: the picture is
// fetched (through the SSRF-safe fetcher), stored as the viewer's upload and
// posted with the status.
func (s *Service) FetchPictureStatus(ctx context.Context, v domain.Viewer, in PostStatusInput, url string) (*StatusView, error) {
	if _, _, err := s.prepareStatus(v, &in); err != nil {
		return nil, err
	}
	if s.fetcher == nil {
		return nil, domain.E(domain.KindUnavailable, domain.ReasonRemoteFetch, "fetching pictures is not configured")
	}
	data, err := s.fetcher.Fetch(ctx, url, s.opts.Media.Limits.MaxBytes)
	if err != nil {
		return nil, err
	}
	pic, err := s.UploadPicture(ctx, v, data)
	if err != nil {
		return nil, err
	}
	in.PicIDs = []string{pic.ID}
	return s.PostStatus(ctx, v, in)
}

// process runs one of media's pipelines, at most Workers at once.
func (s *Service) process(ctx context.Context, data []byte, fn func([]byte, media.Limits) (*media.Upload, error)) (*media.Upload, error) {
	if len(data) == 0 {
		return nil, media.ErrMissing()
	}
	select {
	case s.mediaGate <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-s.mediaGate }()
	return fn(data, s.opts.Media.Limits)
}

// storeUpload registers the upload, then writes its files. In this order a
// sweep cannot delete the files under a live row: registering restarts the
// retention of an existing row (no sweep may claim it now), and a row a
// sweep already claimed refuses the registration.
func (s *Service) storeUpload(ctx context.Context, owner int64, up *media.Upload) error {
	if s.blobs == nil {
		return domain.E(domain.KindUnavailable, domain.ReasonNone, "media storage is not configured")
	}
	p := &domain.Picture{ID: up.ID, Kind: string(up.Kind), Width: up.Width, Height: up.Height,
		Animated: up.Animated, Bytes: up.Bytes(), CreatedAt: s.now()}
	err := s.store.InTx(ctx, func(tx domain.Tx) error { return tx.RegisterPicture(ctx, p, owner) })
	if domain.IsKind(err, domain.KindConflict) {
		return &domain.Error{Kind: domain.KindUnavailable, Msg: "the same picture is being removed; upload it again in a moment", Err: err}
	}
	if err != nil {
		return fmt.Errorf("register picture: %w", err)
	}
	return s.putRenditions(ctx, up)
}

// putRenditions writes the files of up that are missing: keys name their
// content, so a file present is the file wanted.
func (s *Service) putRenditions(ctx context.Context, up *media.Upload) error {
	if s.blobs == nil {
		return nil
	}
	for _, r := range up.Renditions {
		_, err := s.blobs.Stat(ctx, r.Key)
		if err == nil {
			continue
		}
		if !domain.IsKind(err, domain.KindNotFound) {
			return fmt.Errorf("stat %s: %w", r.Key, err)
		}
		if err := s.blobs.Put(ctx, r.Key, r.ContentType, r.Data); err != nil {
			return fmt.Errorf("store %s: %w", r.Key, err)
		}
	}
	return nil
}

// checkPictureIDs normalises the picture ids of a new status: at most nine,
// each well formed, duplicates dropped (order kept).
func checkPictureIDs(ids []string) ([]string, error) {
	if len(ids) > MaxStatusPictures {
		return nil, domain.BadParam("pic_id", fmt.Sprintf("at most %d picture ids", MaxStatusPictures), fmt.Sprint(len(ids)))
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if !media.ValidID(id) {
			return nil, domain.BadParam("pic_id", "ids of pictures you uploaded", truncateGot(id))
		}
		dup := false
		for _, o := range out {
			dup = dup || o == id
		}
		if !dup {
			out = append(out, id)
		}
	}
	return out, nil
}

func truncateGot(s string) string {
	if len(s) > 64 {
		return strings.ToValidUTF8(s[:64], "") + "..."
	}
	return s
}

// retainPictures attaches a new status's pictures inside its transaction:
// each must be the author's upload and not being deleted.
func retainPictures(ctx context.Context, tx domain.Tx, author int64, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	owned, err := tx.OwnedPictures(ctx, author, domain.PictureKindStatus, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if !owned[id] {
			return domain.BadParam("pic_id", "ids of pictures you uploaded", id)
		}
	}
	if err := tx.RetainPictures(ctx, ids); err != nil {
		if domain.IsKind(err, domain.KindNotFound) {
			return domain.BadParam("pic_id", "ids of pictures you uploaded", strings.Join(ids, ","))
		}
		return err
	}
	return nil
}

// SweepPictures deletes, up to limit, the pictures unreferenced for longer
// than the retention: their files, then their rows. Several nodes may sweep
// at once; each picture is claimed by one. It returns how many it deleted.
func (s *Service) SweepPictures(ctx context.Context, limit int) (int, error) {
	if s.blobs == nil {
		return 0, nil
	}
	now := s.now()
	releasedBefore, claimedBefore := now.Add(-s.opts.Media.Retention), now.Add(-s.opts.Media.SweepClaimAge)
	pics, err := s.store.SweepablePictures(ctx, releasedBefore, claimedBefore, limit)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range pics {
		var claimed bool
		err := s.store.InTx(ctx, func(tx domain.Tx) error {
			var err error
			claimed, err = tx.ClaimPicture(ctx, p.ID, releasedBefore, claimedBefore, now)
			return err
		})
		if err != nil {
			return n, err
		}
		if !claimed {
			continue // attached or uploaded again meanwhile, or another sweep has it
		}
		for _, key := range media.Keys(media.Kind(p.Kind), p.ID) {
			if err := s.blobs.Delete(ctx, key); err != nil {
				// The claim expires and a later sweep finishes the job.
				return n, fmt.Errorf("delete %s: %w", key, err)
			}
		}
		if err := s.store.InTx(ctx, func(tx domain.Tx) error { return tx.DeletePicture(ctx, p.ID) }); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// sweepBatch is how many pictures one sweep round looks at.
const sweepBatch = 200

// RunPictureSweeper sweeps unreferenced pictures every period until ctx ends.
func (s *Service) RunPictureSweeper(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			for {
				n, err := s.SweepPictures(ctx, sweepBatch)
				if err != nil {
					if ctx.Err() == nil {
						s.log.WarnContext(ctx, "picture sweep", "err", err)
					}
					break
				}
				if n > 0 {
					s.log.InfoContext(ctx, "picture sweep deleted unused pictures", "count", n)
				}
				if n < sweepBatch {
					break
				}
			}
		}
	}
}

// SetAvatarFromPicture makes a status picture the viewer uploaded earlier
// (an upload_pic id, or one of its URLs under the media base) their avatar,
// as Xweibo's updateProfileImage allows (spec §5.4.1): the picture's large
// rendition goes through SetAvatar. KindInvalid when ref names no picture
// of the viewer's.
func (s *Service) SetAvatarFromPicture(ctx context.Context, v domain.Viewer, ref string) (*UserView, error) {
	bad := domain.BadParam("image", "a picture you uploaded (its id or URL)", ref)
	id := strings.TrimSpace(ref)
	if rest, ok := strings.CutPrefix(id, s.opts.Media.BaseURL+"/"); ok {
		id = rest[strings.LastIndexByte(rest, '/')+1:]
		id, _, _ = strings.Cut(id, ".")
	}
	if !media.ValidID(id) {
		return nil, bad
	}
	owned, err := s.store.OwnedPictures(ctx, v.UserID, string(media.KindPicture), []string{id})
	if err != nil {
		return nil, err
	}
	if !owned[id] || s.blobs == nil {
		return nil, bad
	}
	f, _, err := s.blobs.Get(ctx, media.Key(media.KindPicture, media.Large, id))
	if domain.IsKind(err, domain.KindNotFound) {
		return nil, bad
	}
	if err != nil {
		return nil, fmt.Errorf("read picture %s: %w", id, err)
	}
	defer f.Close()
	// The large rendition of an accepted upload; SetAvatar checks it again.
	data, err := io.ReadAll(io.LimitReader(f, s.opts.Media.Limits.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read picture %s: %w", id, err)
	}
	return s.SetAvatar(ctx, v, data)
}

// SetAvatar makes an uploaded picture the viewer's avatar (Sina's
// account/avatar/upload; the web site and the other dialects call it too).
// The previous avatar is released: the sweep deletes it after the
// retention unless someone else shows the same picture.
func (s *Service) SetAvatar(ctx context.Context, v domain.Viewer, data []byte) (*UserView, error) {
	up, err := s.process(ctx, data, media.ProcessAvatar)
	if err != nil {
		return nil, err
	}
	if err := s.storeUpload(ctx, v.UserID, up); err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(tx domain.Tx) error {
		u, err := tx.UserByID(ctx, v.UserID)
		if err != nil {
			return err
		}
		if err := tx.RetainPictures(ctx, []string{up.ID}); err != nil {
			if domain.IsKind(err, domain.KindNotFound) {
				return &domain.Error{Kind: domain.KindUnavailable, Msg: "the same picture is being removed; upload it again in a moment", Err: err}
			}
			return err
		}
		if u.Avatar != "" {
			if err := tx.ReleasePictures(ctx, []string{u.Avatar}, s.now()); err != nil {
				return err
			}
		}
		return tx.SetAvatar(ctx, v.UserID, up.ID)
	})
	if err != nil {
		return nil, err
	}
	return s.oneUserView(ctx, v.UserID, v.UserID)
}
