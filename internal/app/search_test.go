package app

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/weibo-server/weibo/internal/search"
	"github.com/weibo-server/weibo/internal/search/searchtest"
	"github.com/weibo-server/weibo/internal/store/sqlstore"
	"github.com/weibo-server/weibo/internal/testkit/pgtest"
)

// The search engines live in the store's database, whose schema only the
// store migrates: the composition root is where both may be opened.

func TestSearchEngineSQLite(t *testing.T) {
	st, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "weibo.db"), sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	searchtest.Run(t, NewSearcher(st, search.NewSegmenterText("test", search.TestDictionary)))
}

func TestSearchEnginePostgres(t *testing.T) {
	pgtest.DSN(t)
	st, err := sqlstore.Open(context.Background(), pgtest.Schema(t, "weibo_search_"), sqlstore.Options{MaxOpenConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	searchtest.Run(t, NewSearcher(st, search.NewSegmenterText("test", search.TestDictionary)))
}
