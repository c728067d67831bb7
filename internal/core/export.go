package core

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/media"
)

// Data export (issue 17): a person's own data as a zip archive, before
// they delete their account or to keep a copy. The archive is written to
// the caller's writer as it is read, a batch at a time: nothing holds the
// whole archive, nor a whole list, in memory. It is bounded: at most
// ExportMaxItems entries per list and ExportMaxPictures pictures of at most
// ExportMaxPictureBytes together (what is left out is named in
// README.txt), and MaxConcurrentExports run at once on a node.
//
//	README.txt       what the files are, and what was left out
//	profile.json     the account: id, names, e-mail, profile text, counts
//	statuses.json    every status of theirs not deleted, oldest first
//	comments.json    every comment they wrote, oldest first
//	following.json   whom they follow ({id, screen_name}; screen_name is
//	followers.json   who follows them   absent for an account now hidden)
//	favorites.json   their favourites, newest first ({status_id, created_at})
//	pictures/ID.EXT  the original of every picture of their statuses
//	avatar/ID.EXT    their avatar as uploaded (the largest rendition)

// Export bounds.
const (
	ExportMaxItems        = 100_000
	ExportMaxPictures     = 10_000
	ExportMaxPictureBytes = 2 << 30
	MaxConcurrentExports  = 2
	exportBatch           = 200
)

type exportStatus struct {
	ID          int64     `json:"id"`
	CreatedAt   time.Time `json:"created_at"`
	Text        string    `json:"text"`
	RetweetedID int64     `json:"retweeted_status_id,omitempty"`
	ParentID    int64     `json:"parent_id,omitempty"`
	Visible     int       `json:"visible"`
	ListID      int64     `json:"list_id,omitempty"`
	Pictures    []string  `json:"pic_ids,omitempty"`
	Lat         *float64  `json:"lat,omitempty"`
	Long        *float64  `json:"long,omitempty"`
	Annotations string    `json:"annotations,omitempty"`
	Reposts     int       `json:"reposts_count"`
	Comments    int       `json:"comments_count"`
	Attitudes   int       `json:"attitudes_count"`
}

type exportComment struct {
	ID        int64     `json:"id"`
	StatusID  int64     `json:"status_id"`
	ReplyID   int64     `json:"reply_id,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	Text      string    `json:"text"`
}

type exportUser struct {
	ID         int64  `json:"id"`
	ScreenName string `json:"screen_name,omitempty"`
}

type exportFavorite struct {
	StatusID  int64     `json:"status_id"`
	CreatedAt time.Time `json:"created_at"`
}

type exportProfile struct {
	ID          int64     `json:"id"`
	ScreenName  string    `json:"screen_name"`
	Email       string    `json:"email,omitempty"`
	Description string    `json:"description,omitempty"`
	Location    string    `json:"location,omitempty"`
	URL         string    `json:"url,omitempty"`
	Domain      string    `json:"domain,omitempty"`
	Gender      string    `json:"gender"`
	CreatedAt   time.Time `json:"created_at"`
	Avatar      string    `json:"avatar,omitempty"`
	Followers   int       `json:"followers_count"`
	Friends     int       `json:"friends_count"`
	Statuses    int       `json:"statuses_count"`
	Favourites  int       `json:"favourites_count"`
	ExportedAt  time.Time `json:"exported_at"`
}

// ExportMine writes the viewer's own data (see above).
func (s *Service) ExportMine(ctx context.Context, v domain.Viewer, w io.Writer) error {
	acc, err := s.store.AccountByID(ctx, v.UserID)
	if err != nil {
		return err
	}
	return s.export(ctx, Actor{UserID: v.UserID, IP: v.IP}, acc, w)
}

// ExportUser writes the named account's data (an admin, or the operator
// at the terminal), in any state but deleted.
func (s *Service) ExportUser(ctx context.Context, a Actor, name string, w io.Writer) error {
	if err := s.RequireAdmin(ctx, a); err != nil {
		return err
	}
	acc, err := s.Account(ctx, name)
	if err != nil {
		return err
	}
	return s.export(ctx, a, acc, w)
}

// ExportName is the file name offered for an export of u.
func ExportName(u *domain.User, at time.Time) string {
	return fmt.Sprintf("weibo-%d-%s.zip", u.ID, at.UTC().Format("20060102"))
}

func (s *Service) export(ctx context.Context, a Actor, acc *domain.Account, w io.Writer) error {
	if acc.State == domain.UserDeleted {
		return domain.E(domain.KindConflict, domain.ReasonNone, "the account is deleted; nothing is left to export")
	}
	select {
	case s.exports <- struct{}{}:
		defer func() { <-s.exports }()
	default:
		return &domain.Error{Kind: domain.KindRateLimited, Reason: domain.ReasonNone, RetryAfter: time.Minute,
			Msg: "too many exports are running; try again in a minute"}
	}
	err := s.store.InTx(ctx, func(tx domain.Tx) error {
		return s.audit(ctx, tx, a, AuditExport, acc.User.ID, 0, "")
	})
	if err != nil {
		return err
	}
	x := &exporter{s: s, zw: zip.NewWriter(w), u: acc.User, pics: map[string]bool{}}
	if err := x.run(ctx); err != nil {
		return err
	}
	return x.zw.Close()
}

type exporter struct {
	s         *Service
	zw        *zip.Writer
	u         *domain.User
	pics      map[string]bool // picture ids to include, in statuses' order of first use
	picOrder  []string
	truncated []string
}

func (x *exporter) run(ctx context.Context) error {
	u := x.u
	p := exportProfile{ID: u.ID, ScreenName: u.ScreenName, Email: u.Email, Description: u.Description,
		Location: u.Location, URL: u.URL, Domain: u.Domain, Gender: u.Gender, CreatedAt: u.CreatedAt, Avatar: u.Avatar,
		Followers: u.FollowersCount, Friends: u.FriendsCount, Statuses: u.StatusesCount, Favourites: u.FavouritesCount,
		ExportedAt: x.s.now()}
	if err := x.writeJSON("profile.json", p); err != nil {
		return err
	}
	steps := []struct {
		name string
		list func(context.Context, *jsonList) error
	}{
		{"statuses.json", x.statuses},
		{"comments.json", x.comments},
		{"following.json", func(ctx context.Context, l *jsonList) error { return x.users(ctx, l, x.s.fresh.FriendIDsAfter) }},
		{"followers.json", func(ctx context.Context, l *jsonList) error { return x.users(ctx, l, x.s.fresh.FollowerIDsAfter) }},
		{"favorites.json", x.favorites},
	}
	for _, st := range steps {
		f, err := x.zw.Create(st.name)
		if err != nil {
			return fmt.Errorf("export %s: %w", st.name, err)
		}
		l := &jsonList{w: f}
		if err := st.list(ctx, l); err != nil {
			return fmt.Errorf("export %s: %w", st.name, err)
		}
		if err := l.close(); err != nil {
			return fmt.Errorf("export %s: %w", st.name, err)
		}
		if l.n >= ExportMaxItems {
			x.truncated = append(x.truncated, fmt.Sprintf("%s: only the first %d entries", st.name, ExportMaxItems))
		}
	}
	if err := x.pictures(ctx); err != nil {
		return err
	}
	return x.readme()
}

func (x *exporter) writeJSON(name string, v any) error {
	f, err := x.zw.Create(name)
	if err != nil {
		return fmt.Errorf("export %s: %w", name, err)
	}
	enc := json.NewEncoder(f)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("export %s: %w", name, err)
	}
	return nil
}

// jsonList writes a JSON array one element at a time.
type jsonList struct {
	w io.Writer
	n int
}

// add writes v; false once the list is full (ExportMaxItems).
func (l *jsonList) add(v any) (bool, error) {
	if l.n >= ExportMaxItems {
		return false, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return false, err
	}
	sep := ",\n"
	if l.n == 0 {
		sep = "[\n"
	}
	if _, err := io.WriteString(l.w, sep); err != nil {
		return false, err
	}
	if _, err := l.w.Write(b); err != nil {
		return false, err
	}
	l.n++
	return l.n < ExportMaxItems, nil
}

func (l *jsonList) close() error {
	end := "\n]\n"
	if l.n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(l.w, end)
	return err
}

func (x *exporter) statuses(ctx context.Context, l *jsonList) error {
	var after int64
	for {
		ids, err := x.s.fresh.OwnStatusIDsAfter(ctx, x.u.ID, after, exportBatch)
		if err != nil || len(ids) == 0 {
			return err
		}
		after = ids[len(ids)-1]
		m, err := x.s.fresh.StatusesByIDs(ctx, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			st := m[id]
			if st == nil {
				continue
			}
			e := exportStatus{ID: st.ID, CreatedAt: st.CreatedAt, Text: st.Text, RetweetedID: st.RetweetedID,
				Visible: st.Visible.Type, ListID: st.Visible.ListID, Pictures: st.PicIDs, Annotations: st.Annotations,
				Reposts: st.RepostsCount, Comments: st.CommentsCount, Attitudes: st.AttitudesCount}
			if st.ParentID != st.RetweetedID {
				e.ParentID = st.ParentID
			}
			if st.Geo != nil {
				e.Lat, e.Long = &st.Geo.Lat, &st.Geo.Long
			}
			for _, p := range st.PicIDs {
				if !x.pics[p] && len(x.picOrder) < ExportMaxPictures {
					x.pics[p] = true
					x.picOrder = append(x.picOrder, p)
				}
			}
			more, err := l.add(e)
			if err != nil || !more {
				return err
			}
		}
	}
}

func (x *exporter) comments(ctx context.Context, l *jsonList) error {
	var after int64
	for {
		ids, err := x.s.fresh.OwnCommentIDsAfter(ctx, x.u.ID, after, exportBatch)
		if err != nil || len(ids) == 0 {
			return err
		}
		after = ids[len(ids)-1]
		m, err := x.s.fresh.CommentsByIDs(ctx, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			c := m[id]
			if c == nil {
				continue
			}
			more, err := l.add(exportComment{ID: c.ID, StatusID: c.StatusID, ReplyID: c.ReplyID, CreatedAt: c.CreatedAt, Text: c.Text})
			if err != nil || !more {
				return err
			}
		}
	}
}

func (x *exporter) users(ctx context.Context, l *jsonList, page func(context.Context, int64, int64, int) ([]int64, error)) error {
	var after int64
	for {
		ids, err := page(ctx, x.u.ID, after, exportBatch)
		if err != nil || len(ids) == 0 {
			return err
		}
		after = ids[len(ids)-1]
		m, err := x.s.store.UsersByIDs(ctx, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			e := exportUser{ID: id}
			if u := m[id]; u != nil {
				e.ScreenName = u.ScreenName
			}
			more, err := l.add(e)
			if err != nil || !more {
				return err
			}
		}
	}
}

func (x *exporter) favorites(ctx context.Context, l *jsonList) error {
	// Favourites page by offset, which reaches MaxPageDepth; past it the
	// ids alone (one bounded query) are listed.
	seen := 0
	for pg := 1; ; pg++ {
		p := domain.Page{Count: exportBatch, Page: pg}
		if p.PastDepth() {
			break
		}
		favs, _, err := x.s.fresh.Favorites(ctx, x.u.ID, 0, p)
		if err != nil {
			return err
		}
		for _, f := range favs {
			more, err := l.add(exportFavorite{StatusID: f.StatusID, CreatedAt: f.CreatedAt})
			if err != nil || !more {
				return err
			}
			seen++
		}
		if len(favs) < exportBatch {
			return nil
		}
	}
	ids, err := x.s.fresh.FavoriteStatusIDs(ctx, x.u.ID, ExportMaxItems)
	if err != nil {
		return err
	}
	for _, id := range ids[min(seen, len(ids)):] {
		more, err := l.add(exportFavorite{StatusID: id})
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// pictures copies the originals of the statuses' pictures and the avatar
// from the blob store, one at a time, up to ExportMaxPictureBytes.
func (x *exporter) pictures(ctx context.Context) error {
	if x.s.blobs == nil {
		if len(x.picOrder) > 0 || x.u.Avatar != "" {
			x.truncated = append(x.truncated, "pictures: this command has no media store; pass --media-dir or the S3 settings")
		}
		return nil
	}
	if len(x.picOrder) >= ExportMaxPictures {
		x.truncated = append(x.truncated, fmt.Sprintf("pictures: only the first %d", ExportMaxPictures))
	}
	var total int64
	copyBlob := func(key, name string) error {
		r, info, err := x.s.blobs.Get(ctx, key)
		if domain.IsKind(err, domain.KindNotFound) {
			x.truncated = append(x.truncated, name+": missing from the media store")
			return nil
		}
		if err != nil {
			return fmt.Errorf("export %s: %w", name, err)
		}
		defer r.Close()
		if total+info.Size > ExportMaxPictureBytes {
			x.truncated = append(x.truncated, name+": left out, the archive's pictures reached their size limit")
			return nil
		}
		f, err := x.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: info.ModTime})
		if err != nil {
			return fmt.Errorf("export %s: %w", name, err)
		}
		n, err := io.Copy(f, io.LimitReader(r, ExportMaxPictureBytes-total))
		total += n
		if err != nil {
			return fmt.Errorf("export %s: %w", name, err)
		}
		return nil
	}
	for _, id := range x.picOrder {
		if !media.ValidID(id) {
			continue
		}
		if err := copyBlob(media.Key(media.KindPicture, media.Large, id), "pictures/"+id+media.FormatOf(id).Ext()); err != nil {
			return err
		}
	}
	if x.u.Avatar != "" && media.ValidID(x.u.Avatar) {
		return copyBlob(media.Key(media.KindAvatar, media.AvatarHD, x.u.Avatar), "avatar/"+x.u.Avatar+media.FormatOf(x.u.Avatar).Ext())
	}
	return nil
}

func (x *exporter) readme() error {
	f, err := x.zw.Create("README.txt")
	if err != nil {
		return fmt.Errorf("export README.txt: %w", err)
	}
	text := fmt.Sprintf(`Weibo data export of @%s (id %d), made %s.

profile.json     the account
statuses.json    your statuses not deleted, oldest first (pic_ids name files in pictures/)
comments.json    your comments, oldest first
following.json   whom you follow
followers.json   who follows you
favorites.json   your favourites, newest first
pictures/        the original of each picture of your statuses
avatar/          your avatar

Times are UTC (RFC 3339).
`, x.u.ScreenName, x.u.ID, x.s.now().UTC().Format(time.RFC3339))
	if len(x.truncated) > 0 {
		text += "\nLeft out (the export's limits):\n"
		for _, t := range x.truncated {
			text += "  " + t + "\n"
		}
	}
	_, err = io.WriteString(f, text)
	return err
}
