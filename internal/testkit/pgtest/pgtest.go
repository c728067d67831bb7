// Package pgtest gives a test a PostgreSQL schema of its own on the server
// that WEIBO_TEST_POSTGRES names, so tests can share one database and run in
// parallel without seeing each other's rows.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// DSN returns WEIBO_TEST_POSTGRES, skipping the test when it is unset. A set
// but unreachable server fails the test instead: CI must not go green
// without it.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("WEIBO_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("WEIBO_TEST_POSTGRES not set")
	}
	return dsn
}

var (
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
)

// Admin is a connection pool on WEIBO_TEST_POSTGRES itself, shared by the
// tests of one binary.
func Admin(t testing.TB) *sql.DB {
	t.Helper()
	dsn := DSN(t)
	adminOnce.Do(func() {
		admin, adminErr = sql.Open("pgx", dsn)
		if adminErr == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			adminErr = admin.PingContext(ctx)
		}
	})
	if adminErr != nil {
		t.Fatalf("WEIBO_TEST_POSTGRES is set but the server is unreachable: %v", adminErr)
	}
	return admin
}

// Schema creates a schema named prefix + a random suffix, dropped (with
// everything in it) when the test ends, and returns a DSN whose connections
// use it (search_path).
func Schema(t testing.TB, prefix string) string {
	t.Helper()
	db := Admin(t)
	b := make([]byte, 6)
	rand.Read(b)
	schema := prefix + hex.EncodeToString(b)
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	return WithSchema(t, schema)
}

// WithSchema returns WEIBO_TEST_POSTGRES with its search_path set to schema.
func WithSchema(t testing.TB, schema string) string {
	t.Helper()
	u, err := url.Parse(DSN(t))
	if err != nil {
		t.Fatalf("WEIBO_TEST_POSTGRES: %v", err)
	}
	qs := u.Query()
	qs.Set("search_path", schema)
	u.RawQuery = qs.Encode()
	return u.String()
}
