package sqlite_test

import (
	"path/filepath"
	"testing"

	"openvalue/server"
	"openvalue/server/sqlite"
	"openvalue/server/storetest"
)

// MustOpen opens a store for a test and closes it at the end.
func MustOpen(tb testing.TB, dsn string) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(dsn)
	if err != nil {
		tb.Fatalf("Open(%q) = %v", dsn, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestStore_Memory(t *testing.T) {
	storetest.Run(t, func(t *testing.T) server.Store { return MustOpen(t, ":memory:") })
}

// TestStore_File runs the suite on a WAL file, with the separate read pool and group commit.
func TestStore_File(t *testing.T) {
	storetest.Run(t, func(t *testing.T) server.Store {
		return MustOpen(t, filepath.Join(t.TempDir(), "openvalue.db"))
	})
}
