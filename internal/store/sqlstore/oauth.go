package sqlstore

import (
	"context"

	"github.com/weibo-server/weibo/internal/domain"
)

// RevokeCodeTokens revokes the tokens issued from one authorization code and
// returns their access hashes (tokens_code_hash finds them).
func (t *tx) RevokeCodeTokens(ctx context.Context, codeHash string) ([]string, error) {
	if codeHash == "" {
		return nil, nil // tokens of other grants have no code: never match them
	}
	rows, err := t.c.query(ctx, "UPDATE tokens SET revoked = 1 WHERE code_hash = ? RETURNING access_hash", codeHash)
	if err != nil {
		return nil, dbErr(err, "revoke code tokens", "")
	}
	defer rows.Close()
	var hashes []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, dbErr(err, "revoke code tokens", "")
		}
		hashes = append(hashes, h)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err, "revoke code tokens", "")
	}
	return hashes, nil
}

var _ domain.OAuthWriter = (*tx)(nil)
