package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/weibo-server/weibo/internal/domain"
)

const userCols = `id, screen_name, email, description, location, url, avatar, domain,
	gender, province, city, verified, verified_type, verified_reason, lang, created_at,
	followers_count, friends_count, bi_followers_count, statuses_count, favourites_count,
	privacy_comment, privacy_message, privacy_geo, privacy_find_by_email, privacy_realname,
	privacy_badge, privacy_mobile, privacy_webim, role, silenced_at`

// activeUser limits a user read to active accounts: one that is not
// (deactivated, domain.UserDeactivated) is "not found" to every reader, which
// is how it disappears from every read path at once (docs/ARCHITECTURE.md).
const activeUser = " AND state = 0"

// nameKey is the case-insensitive key of a screen name or email.
func nameKey(s string) string { return strings.ToLower(s) }

type rowScanner interface{ Scan(dest ...any) error }

func scanUser(r rowScanner) (*domain.User, error) {
	var u domain.User
	var email, dom sql.NullString
	var verified int
	var created int64
	var geo, byEmail, realname, badge, mobile, webim int
	var silenced int64
	err := r.Scan(&u.ID, &u.ScreenName, &email, &u.Description, &u.Location, &u.URL, &u.Avatar, &dom,
		&u.Gender, &u.Province, &u.City, &verified, &u.VerifiedType, &u.VerifiedReason, &u.Lang, &created,
		&u.FollowersCount, &u.FriendsCount, &u.BiFollowersCount, &u.StatusesCount, &u.FavouritesCount,
		&u.Privacy.Comment, &u.Privacy.Message, &geo, &byEmail, &realname, &badge, &mobile, &webim,
		&u.Role, &silenced)
	if err != nil {
		return nil, err
	}
	u.Silenced = silenced != 0
	u.Privacy.Geo, u.Privacy.FindByEmail, u.Privacy.RealName = geo != 0, byEmail != 0, realname != 0
	u.Privacy.Badge, u.Privacy.Mobile, u.Privacy.WebIM = badge != 0, mobile != 0, webim != 0
	u.Email, u.Domain = email.String, dom.String
	u.Verified = verified != 0
	u.CreatedAt = fromMillis(created)
	return &u, nil
}

func (r *reads) userWhere(ctx context.Context, what string, reason domain.Reason, where string, arg any) (*domain.User, error) {
	u, err := scanUser(r.c.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE "+where+activeUser, arg))
	if err != nil {
		return nil, dbErr(err, what, reason)
	}
	return u, nil
}

func (r *reads) UserByID(ctx context.Context, id int64) (*domain.User, error) {
	return r.userWhere(ctx, "user by id", domain.ReasonUserNotFound, "id = ?", id)
}

func (r *reads) UserByScreenName(ctx context.Context, name string) (*domain.User, error) {
	return r.userWhere(ctx, "user by screen name", domain.ReasonUserNotFound, "screen_name_key = ?", nameKey(name))
}

func (r *reads) UserByEmail(ctx context.Context, email string) (*domain.User, error) {
	if email == "" {
		return nil, notFound("user by email", domain.ReasonUserNotFound)
	}
	return r.userWhere(ctx, "user by email", domain.ReasonUserNotFound, "email_key = ?", nameKey(email))
}

func (r *reads) UserByDomain(ctx context.Context, d string) (*domain.User, error) {
	if d == "" {
		return nil, notFound("user by domain", domain.ReasonDomainNotFound)
	}
	return r.userWhere(ctx, "user by domain", domain.ReasonDomainNotFound, "domain = ?", d)
}

func (r *reads) usersIn(ctx context.Context, col string, keys []any, fn func(u *domain.User)) error {
	rows, err := r.c.query(ctx, "SELECT "+userCols+" FROM users WHERE "+col+" IN ("+placeholders(len(keys))+")"+activeUser, keys...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return err
		}
		fn(u)
	}
	return rows.Err()
}

func (r *reads) UsersByIDs(ctx context.Context, ids []int64) (map[int64]*domain.User, error) {
	ids = uniqueIDs(ids)
	out := make(map[int64]*domain.User, len(ids))
	err := inChunks(ids, func(part []int64) error {
		return r.usersIn(ctx, "id", int64Args(part), func(u *domain.User) { out[u.ID] = u })
	})
	if err != nil {
		return nil, dbErr(err, "users by ids", "")
	}
	return out, nil
}

// UsersByScreenNames matches case-insensitively and keys the result by the
// names as requested (so "@Alice" finds the user "alice" under "Alice").
func (r *reads) UsersByScreenNames(ctx context.Context, names []string) (map[string]*domain.User, error) {
	byKey := make(map[string][]string, len(names))
	var keys []any
	for _, n := range names {
		if n == "" {
			continue
		}
		k := nameKey(n)
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], n)
	}
	out := make(map[string]*domain.User, len(keys))
	for len(keys) > 0 {
		part := keys[:min(len(keys), maxBatch)]
		keys = keys[len(part):]
		err := r.usersIn(ctx, "screen_name_key", part, func(u *domain.User) {
			for _, n := range byKey[nameKey(u.ScreenName)] {
				out[n] = u
			}
		})
		if err != nil {
			return nil, dbErr(err, "users by screen names", "")
		}
	}
	return out, nil
}

func (r *reads) CredentialsOf(ctx context.Context, userID int64) (*domain.Credentials, error) {
	c := domain.Credentials{UserID: userID}
	err := r.c.queryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", userID).Scan(&c.PasswordHash)
	if err != nil {
		return nil, dbErr(err, "credentials", domain.ReasonUserNotFound)
	}
	return &c, nil
}

func (t *tx) CreateUser(ctx context.Context, u *domain.User, c *domain.Credentials) error {
	var hash string
	if c != nil {
		hash = c.PasswordHash
	}
	var emailKey any
	if u.Email != "" {
		emailKey = nameKey(u.Email)
	}
	_, err := t.c.exec(ctx, `INSERT INTO users (id, screen_name, screen_name_key, email, email_key, password_hash,
		description, location, url, avatar, domain, gender, province, city, verified, verified_type,
		verified_reason, lang, created_at, followers_count, friends_count, bi_followers_count, statuses_count,
		favourites_count, privacy_comment, privacy_message, privacy_geo, privacy_find_by_email, privacy_realname,
		privacy_badge, privacy_mobile, privacy_webim, role)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.ScreenName, nameKey(u.ScreenName), nullString(u.Email), emailKey, hash,
		u.Description, u.Location, u.URL, u.Avatar, nullString(u.Domain), u.Gender, u.Province, u.City,
		boolInt(u.Verified), u.VerifiedType, u.VerifiedReason, u.Lang, toMillis(u.CreatedAt),
		u.FollowersCount, u.FriendsCount, u.BiFollowersCount, u.StatusesCount, u.FavouritesCount,
		int(u.Privacy.Comment), int(u.Privacy.Message), boolInt(u.Privacy.Geo), boolInt(u.Privacy.FindByEmail),
		boolInt(u.Privacy.RealName), boolInt(u.Privacy.Badge), boolInt(u.Privacy.Mobile), boolInt(u.Privacy.WebIM), u.Role)
	return newRowErr(err, "create user")
}

func (t *tx) AddUserCounts(ctx context.Context, userID int64, d domain.UserCounts) error {
	if d == (domain.UserCounts{}) {
		return nil
	}
	var b builder
	b.add("UPDATE users SET ")
	sep := ""
	for _, f := range []struct {
		col string
		n   int
	}{
		{"followers_count", d.Followers},
		{"friends_count", d.Friends},
		{"bi_followers_count", d.BiFollowers},
		{"statuses_count", d.Statuses},
		{"favourites_count", d.Favourites},
	} {
		if f.n != 0 {
			b.add(sep+f.col+" = "+t.c.d.clampAdd(f.col), f.n)
			sep = ", "
		}
	}
	b.add(" WHERE id = ?", userID)
	res, err := t.c.exec(ctx, b.String(), b.args...)
	if err != nil {
		return dbErr(err, "add user counts", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("add user counts", domain.ReasonUserNotFound)
	}
	return nil
}

// SetPrivacy replaces the user's privacy settings.
func (t *tx) SetPrivacy(ctx context.Context, userID int64, p domain.Privacy) error {
	res, err := t.c.exec(ctx, `UPDATE users SET privacy_comment = ?, privacy_message = ?, privacy_geo = ?,
		privacy_find_by_email = ?, privacy_realname = ?, privacy_badge = ?, privacy_mobile = ?, privacy_webim = ?
		WHERE id = ?`, int(p.Comment), int(p.Message), boolInt(p.Geo), boolInt(p.FindByEmail), boolInt(p.RealName),
		boolInt(p.Badge), boolInt(p.Mobile), boolInt(p.WebIM), userID)
	if err != nil {
		return dbErr(err, "set privacy", "")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return notFound("set privacy", domain.ReasonUserNotFound)
	}
	return nil
}
