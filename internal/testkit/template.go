package testkit

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/weibo-server/weibo/internal/store/sqlstore"
)

// A kit's SQLite database starts as a copy of a template with every
// migration applied, instead of migrating from nothing: under -race,
// running the hundred-odd migrations was about 2 s of a kit's 2.3 s start,
// and the suite starts hundreds of kits. The template is made once per
// schema (sqlstore.SchemaDigest) in the temporary directory and shared by
// every test binary; a new or edited migration makes a new one. The copy
// is then opened as any database is, so the migrations still run (and
// find nothing to do), and a broken template only costs the migration.

var template struct {
	once sync.Once
	path string
	err  error
}

// migratedSQLite returns the template's path, making it on first use.
func migratedSQLite() (string, error) {
	template.once.Do(func() {
		dir := filepath.Join(os.TempDir(), "weibo-testkit")
		path := filepath.Join(dir, "schema-"+sqlstore.SchemaDigest()[:20]+".db")
		if _, err := os.Stat(path); err == nil {
			template.path = path
			return
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			template.err = err
			return
		}
		// Built aside and renamed into place: test binaries running at once
		// may each build one, and none ever sees another's half-written file.
		tmp, err := os.MkdirTemp(dir, "build-")
		if err != nil {
			template.err = err
			return
		}
		defer os.RemoveAll(tmp)
		built := filepath.Join(tmp, "weibo.db")
		s, err := sqlstore.Open(context.Background(), "sqlite:"+built, sqlstore.Options{})
		if err != nil {
			template.err = err
			return
		}
		if err := s.Close(); err != nil {
			template.err = err
			return
		}
		// Closing the last connection folds the write-ahead log into the
		// file; a log left behind would make the file alone incomplete.
		if fi, err := os.Stat(built + "-wal"); err == nil && fi.Size() > 0 {
			template.err = fmt.Errorf("template %s kept a write-ahead log", built)
			return
		}
		if err := os.Rename(built, path); err != nil {
			template.err = err
			return
		}
		template.path = path
	})
	return template.path, template.err
}

// copyTemplate puts a migrated database at dst (a new kit's weibo.db).
func copyTemplate(dst string) error {
	src, err := migratedSQLite()
	if err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
