package sqlite_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

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

// TestOpen_Reopen checks that writes survive a clean close and that reopening an up-to-date
// file applies no migration twice.
func TestOpen_Reopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reopen.db")
	ctx := context.Background()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	want := server.Submission{ID: "s-1", TokenHash: []byte{1, 2}, Document: []byte(`{"a":1}`), Status: "submitted",
		Result: []byte(`{}`), Receipt: []byte(`{}`), Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := db.CreateSubmission(ctx, want); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("Close() = %v", err)
	}
	if err := db.CreateSubmission(ctx, want); !errors.Is(err, sqlite.ErrClosed) {
		t.Errorf("CreateSubmission after Close = %v; want ErrClosed", err)
	}
	db = MustOpen(t, path)
	got, err := db.GetSubmission(ctx, "s-1")
	if err != nil || !bytes.Equal(got.Document, want.Document) {
		t.Errorf("GetSubmission after reopen = %+v, %v", got, err)
	}
	MustOpen(t, path) // a second store on the same file, as two processes would have
}

// TestOpen_Concurrent opens a new file from several goroutines at once (as several processes
// starting together would): each migration is applied once and every store works.
func TestOpen_Concurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "concurrent.db")
	var wg sync.WaitGroup
	dbs := make([]*sqlite.DB, 4)
	errs := make([]error, len(dbs))
	for i := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dbs[i], errs[i] = sqlite.Open(path)
		}()
	}
	wg.Wait()
	ctx := context.Background()
	for i, db := range dbs {
		if errs[i] != nil {
			t.Fatalf("Open #%d = %v", i, errs[i])
		}
		defer db.Close()
		d := server.Draft{ID: fmt.Sprintf("d-%d", i), TokenHash: []byte{byte(i)}, Document: []byte(`{}`)}
		if err := db.CreateDraft(ctx, d); err != nil {
			t.Errorf("CreateDraft on store #%d = %v", i, err)
		}
	}
	for _, db := range dbs {
		for i := range dbs {
			if _, err := db.GetDraft(ctx, fmt.Sprintf("d-%d", i)); err != nil {
				t.Errorf("GetDraft(d-%d) = %v", i, err)
			}
		}
	}
}
