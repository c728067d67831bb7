package cachedstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/weibo-server/weibo/internal/domain"
	"github.com/weibo-server/weibo/internal/store/cachedstore"
	"github.com/weibo-server/weibo/internal/store/sqlstore"
	"github.com/weibo-server/weibo/internal/store/storetest"
)

// The decorator must be indistinguishable from the store it wraps: the same
// conformance suite, run through the caches, proves every write invalidates
// what it must (a stale read would fail the suite's read-back checks).
func TestConformanceOverSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) domain.Store {
		inner, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "weibo.db"), sqlstore.Options{})
		if err != nil {
			t.Fatalf("open sqlstore: %v", err)
		}
		t.Cleanup(func() { _ = inner.Close() })
		return cachedstore.New(inner, cachedstore.Options{})
	})
}
