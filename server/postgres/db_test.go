package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"openvalue/server"
	"openvalue/server/postgres"
	"openvalue/server/storetest"
)

// dsnEnv names the PostgreSQL server the tests use; `make test-postgres` starts a throwaway one
// and sets it. Each test works in a schema of its own, dropped afterwards.
const dsnEnv = "OPENVALUE_TEST_POSTGRES"

// requireDSN returns the server's DSN, or skips the test when none is configured.
func requireDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv(dsnEnv)
	if dsn == "" {
		tb.Skipf("%s is not set: skipping the PostgreSQL tests (`make test-postgres` runs them against a throwaway PostgreSQL 15)", dsnEnv)
	}
	return dsn
}

// MustSchema returns a DSN whose connections use a new, empty schema, dropped when the test ends.
func MustSchema(tb testing.TB) string {
	tb.Helper()
	dsn := requireDSN(tb)
	var raw [6]byte
	rand.Read(raw[:])
	schema := "t_" + hex.EncodeToString(raw[:])
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatalf("connect %s: %v", dsnEnv, err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		c, err := pgx.Connect(ctx, dsn)
		if err != nil {
			tb.Errorf("connect to drop schema: %v", err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			tb.Errorf("drop schema: %v", err)
		}
	})
	if strings.Contains(dsn, "://") {
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		return dsn + sep + "search_path=" + schema
	}
	return dsn + " search_path=" + schema
}

// MustOpen opens a store on a new schema and closes it at the end of the test.
func MustOpen(tb testing.TB, dsn string) *postgres.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("Open = %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestStore(t *testing.T) {
	requireDSN(t)
	storetest.Run(t, func(t *testing.T) server.Store { return MustOpen(t, MustSchema(t)) })
}

// TestOpen_Concurrent starts several stores on one new schema at once, as several servers
// starting together would: the advisory lock lets one migrate, the others find it done.
func TestOpen_Concurrent(t *testing.T) {
	dsn := MustSchema(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	dbs := make([]*postgres.DB, 6)
	errs := make([]error, len(dbs))
	for i := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dbs[i], errs[i] = postgres.Open(ctx, dsn)
		}()
	}
	wg.Wait()
	for i, db := range dbs {
		if errs[i] != nil {
			t.Fatalf("Open #%d = %v", i, errs[i])
		}
		defer db.Close()
		if err := db.CreateDraft(ctx, server.Draft{ID: fmt.Sprintf("d-%d", i), TokenHash: []byte{byte(i)}, Document: []byte(`{}`)}); err != nil {
			t.Errorf("CreateDraft on store #%d = %v", i, err)
		}
	}
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	var n, distinct int
	if err := c.QueryRow(ctx, "SELECT count(*), count(DISTINCT version) FROM schema_migrations").Scan(&n, &distinct); err != nil {
		t.Fatal(err)
	}
	if n == 0 || n != distinct {
		t.Errorf("schema_migrations has %d rows for %d versions; want each version once", n, distinct)
	}
	// Reopening an up-to-date schema migrates nothing and works.
	db := MustOpen(t, dsn)
	if _, err := db.GetDraft(ctx, "d-0"); err != nil {
		t.Errorf("GetDraft after reopen = %v", err)
	}
}

// TestOpen_NewerSchema refuses a database migrated by a newer program.
func TestOpen_NewerSchema(t *testing.T) {
	dsn := MustSchema(t)
	ctx := context.Background()
	MustOpen(t, dsn)
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future.sql')"); err != nil {
		t.Fatal(err)
	}
	if db, err := postgres.Open(ctx, dsn); !errors.Is(err, postgres.ErrNewerSchema) {
		if db != nil {
			db.Close()
		}
		t.Errorf("Open(newer schema) = %v; want ErrNewerSchema", err)
	}
}

func TestOpen_BadDSN(t *testing.T) {
	_, err := postgres.Open(context.Background(), "postgres://user:s3cret@127.0.0.1:notaport/db")
	if err == nil {
		t.Fatal("Open(bad dsn) = nil error")
	}
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Open(bad dsn) error %q reveals the password", err)
	}
}
