package core

import (
	"context"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/media"
	"github.com/weibo-server/weibo/internal/staticmap"
)

// MapImage draws the static map r asks for (location/base/get_map_image),
// stores it as a picture of the viewer's that nothing references, and
// returns its public URL. Like an upload_pic never attached, the file stays
// for the media retention (24 h by default), then the picture sweep deletes
// it; the same map asked for again meanwhile is the same file. Drawing runs
// under the media gate, which bounds the pictures in memory at once.
func (s *Service) MapImage(ctx context.Context, v domain.Viewer, r staticmap.Request, f media.Format) (string, error) {
	select {
	case s.mediaGate <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	up, err := media.Drawn(media.KindMap, staticmap.Render(r), f)
	<-s.mediaGate
	if err != nil {
		return "", err
	}
	if err := s.storeUpload(ctx, v.UserID, up); err != nil {
		return "", err
	}
	return s.opts.Media.BaseURL + "/" + up.Renditions[0].Key, nil
}
