package sqlite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	msqlite "modernc.org/sqlite"

	"openvalue/server"
	"openvalue/server/migration"
)

// TestOpen_Pragmas checks the settings durability rests on, as SQLite reports them on the
// connections themselves: WAL, synchronous=FULL on the writer, and query-only readers.
func TestOpen_Pragmas(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	for _, tc := range []struct {
		pool, pragma, want string
	}{
		{"write", "journal_mode", "wal"},
		{"write", "synchronous", "2"}, // FULL
		{"write", "foreign_keys", "1"},
		{"write", "busy_timeout", "10000"},
		{"read", "query_only", "1"},
		{"read", "busy_timeout", "10000"},
	} {
		pool := db.write
		if tc.pool == "read" {
			pool = db.read
		}
		var got string
		if err := pool.QueryRowContext(ctx, "PRAGMA "+tc.pragma).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", tc.pragma, err)
		}
		if got != tc.want {
			t.Errorf("%s PRAGMA %s = %q; want %q", tc.pool, tc.pragma, got, tc.want)
		}
	}
	if runtime.GOOS == "linux" && !msqlite.FdatasyncEnabled() {
		t.Errorf("commits sync with fsync; Open should have switched to fdatasync")
	}
	if _, err := db.read.ExecContext(ctx, "DELETE FROM submissions"); err == nil {
		t.Errorf("write through the read pool succeeded; want query_only to refuse it")
	}
}

// TestMigrations_Embedded checks the embedded migrations parse and are in strict version order.
func TestMigrations_Embedded(t *testing.T) {
	ms, err := migration.Load(migrationFS)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatal("no migrations embedded")
	}
	for i, m := range ms {
		if m.Version != i+1 {
			t.Errorf("migration %d is %s (version %d); want versions 1, 2, ... without gaps", i, m.Name, m.Version)
		}
	}
}

// TestCheckpointer checks that committed WAL frames reach the database file in the background:
// the writer's own automatic checkpoint is set far above what this test writes.
func TestCheckpointer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	doc := bytes.Repeat([]byte("0123456789abcdef"), 2048) // 32 KiB
	for i := 0; i < 150; i++ {
		s := server.Submission{ID: fmt.Sprint(i), TokenHash: []byte{1}, Document: doc, Status: "submitted", Version: 1}
		if err := db.CreateSubmission(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	const want = 150 * 32 << 10
	var size int64
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if size = fi.Size(); size >= want && db.fileSyncs.Load() > 0 {
			return
		}
	}
	t.Errorf("database file is %d bytes after 150 submissions of 32 KiB, synced %d times after checkpoints; want ≥ %d bytes and ≥ 1 sync",
		size, db.fileSyncs.Load(), want)
}

// TestCheckpointSync is the checkpointer's choice after a checkpoint, case by case.
func TestCheckpointSync(t *testing.T) {
	for _, tc := range []struct {
		err            error
		copied, synced int
		sync           bool
		after          int
	}{
		{nil, 0, 0, false, 0},                 // an empty WAL
		{errors.New("busy"), 40, 0, false, 0}, // the checkpoint failed
		{nil, 40, 40, false, 40},              // nothing copied since the last sync
		{nil, 60, 40, true, 60},               // pages copied: sync
		{nil, 10, 60, true, 10},               // the WAL started over since
	} {
		sync, after := checkpointSync(tc.err, tc.copied, tc.synced)
		if sync != tc.sync || after != tc.after {
			t.Errorf("checkpointSync(%v, %d, %d) = %v, %d; want %v, %d", tc.err, tc.copied, tc.synced, sync, after, tc.sync, tc.after)
		}
	}
}

// TestOpen_MainFile checks that the file the checkpointer syncs is the database's own, whatever
// form the dsn takes.
func TestOpen_MainFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, tc := range []struct{ dsn, path string }{
		{filepath.Join(dir, "plain.db"), filepath.Join(dir, "plain.db")},
		{"relative.db", filepath.Join(dir, "relative.db")},
		{"file:" + filepath.Join(dir, "uri.db") + "?_pragma=cache_size(-4000)", filepath.Join(dir, "uri.db")},
	} {
		db, err := Open(tc.dsn)
		if err != nil {
			t.Fatalf("Open(%q) = %v", tc.dsn, err)
		}
		want, err := os.Stat(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.file.Stat()
		if err != nil {
			t.Fatal(err)
		}
		if !os.SameFile(got, want) {
			t.Errorf("Open(%q) syncs %s; want %s", tc.dsn, got.Name(), tc.path)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	mem, err := Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if mem.file != nil {
		t.Errorf("Open(:memory:) opened a file to sync: %s", mem.file.Name())
	}
}

// TestCommit_FaultyWriteInBatch makes some writes fail inside group-committed batches (blobs over
// a lowered SQLITE_LIMIT_LENGTH): only they fail, and every other write of their batches is kept.
func TestCommit_FaultyWriteInBatch(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	c, err := db.write.Conn(ctx) // the writer's one connection, idle between batches
	if err != nil {
		t.Fatal(err)
	}
	if _, err := msqlite.Limit(c, 0 /* SQLITE_LIMIT_LENGTH */, 64<<10); err != nil {
		t.Fatal(err)
	}
	c.Close()

	const n = 400
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			doc := []byte(`{}`)
			if i%10 == 0 {
				doc = make([]byte, 100<<10) // over the limit
			}
			errs[i] = db.CreateSubmission(ctx, server.Submission{ID: fmt.Sprint(i), Document: doc, Status: "submitted", Version: 1})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		_, gerr := db.GetSubmission(ctx, fmt.Sprint(i))
		if i%10 == 0 {
			if err == nil || errors.Is(err, server.ErrConflict) || !errors.Is(gerr, server.ErrNotFound) {
				t.Errorf("oversized write %d = %v, then Get = %v; want a failure and nothing stored", i, err, gerr)
			}
		} else if err != nil || gerr != nil {
			t.Errorf("write %d = %v, then Get = %v; want it kept", i, err, gerr)
		}
	}
	if db.reruns.Load() == 0 {
		t.Skip("no faulty write shared a batch with others this time (the path this test is about)")
	}
	t.Logf("%d batches rerun one write at a time", db.reruns.Load())
}

// TestOpen_NewerSchema refuses a file migrated by a newer program.
func TestOpen_NewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "n.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.Exec("INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future.sql')"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err := Open(path); !errors.Is(err, ErrNewerSchema) {
		if db != nil {
			db.Close()
		}
		t.Errorf("Open(newer schema) = %v; want ErrNewerSchema", err)
	}
}
