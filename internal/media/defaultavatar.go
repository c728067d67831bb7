package media

import (
	_ "embed"
	"sync"
)

// defaultAvatarPNG is the avatar of users who have not set one: a grey
// head-and-shoulders silhouette, 256 × 256, drawn for this project.
//
//go:embed assets/default-avatar.png
var defaultAvatarPNG []byte

var defaultAvatar struct {
	once sync.Once
	up   *Upload
	err  error
}

// DefaultAvatar returns the renditions of the default avatar, made once.
// Its id lives in a namespace of its own: no upload can have it, so the
// sweep of unused uploads never meets it.
func DefaultAvatar() (*Upload, error) {
	defaultAvatar.once.Do(func() {
		defaultAvatar.up, defaultAvatar.err = processAvatar("avatar-default", defaultAvatarPNG, Limits{})
	})
	return defaultAvatar.up, defaultAvatar.err
}
