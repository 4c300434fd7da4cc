package sqlite

import (
	"context"
	"path/filepath"
	"testing"
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
	if _, err := db.read.ExecContext(ctx, "DELETE FROM submissions"); err == nil {
		t.Errorf("write through the read pool succeeded; want query_only to refuse it")
	}
}

// TestMigrations_Embedded checks the embedded migrations parse and are in strict version order.
func TestMigrations_Embedded(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatal("no migrations embedded")
	}
	for i, m := range ms {
		if m.version != i+1 {
			t.Errorf("migration %d is %s (version %d); want versions 1, 2, ... without gaps", i, m.name, m.version)
		}
	}
}
