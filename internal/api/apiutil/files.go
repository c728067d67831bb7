package apiutil

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/http"

	"github.com/weibo-server/weibo/internal/domain"
)

// FilePart reads the first file part of r's multipart body named one of
// names (in that order of preference), at most limit bytes: no multipart
// body, no such part or an empty one is ReasonImageMissing, more than limit
// is ReasonImageTooLarge (read no further). The body must have been parsed
// (FromRequest does).
func FilePart(r *http.Request, limit int64, names ...string) ([]byte, error) {
	missing := domain.E(domain.KindInvalid, domain.ReasonImageMissing, "the request carries no image")
	mf := r.MultipartForm
	if mf == nil {
		return nil, missing
	}
	var fh *multipart.FileHeader
	for _, n := range names {
		if len(mf.File[n]) > 0 {
			fh = mf.File[n][0]
			break
		}
	}
	if fh == nil {
		return nil, missing
	}
	if fh.Size > limit {
		return nil, fileTooLarge(fh.Size, limit)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("open the uploaded part: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read the uploaded part: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, fileTooLarge(int64(len(data)), limit)
	}
	if len(data) == 0 {
		return nil, missing
	}
	return data, nil
}

func fileTooLarge(n, limit int64) error {
	return &domain.Error{Kind: domain.KindTooLarge, Reason: domain.ReasonImageTooLarge,
		Msg: fmt.Sprintf("the image is %d bytes; at most %d are accepted", n, limit)}
}
