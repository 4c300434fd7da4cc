package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"

	"openvalue/server/migration"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrate applies the pending migrations, each in its own BEGIN IMMEDIATE transaction (the write
// connection's lock mode) that also records it. The version is read inside that transaction, so
// two processes opening a new file at once apply each migration exactly once.
func migrate(ctx context.Context, db *sql.DB) error {
	ms, err := migration.Load(migrationFS)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := apply(ctx, db, m); err != nil {
			return fmt.Errorf("%s: %w", m.Name, err)
		}
	}
	// A file migrated by a newer openvalue has tables this one does not know how to keep right.
	var newest int
	if err := db.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&newest); err != nil {
		return err
	}
	if latest := ms[len(ms)-1].Version; newest > latest {
		return fmt.Errorf("the database is at schema version %d, newer than this program's %d: %w", newest, latest, ErrNewerSchema)
	}
	return nil
}

// ErrNewerSchema is returned by Open for a database migrated by a newer version of the program.
var ErrNewerSchema = errors.New("database schema is newer than this program")

func apply(ctx context.Context, db *sql.DB, m migration.Step) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
	)`); err != nil {
		return err
	}
	var done int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", m.Version).Scan(&done); err != nil {
		return err
	}
	if done > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", m.Version, m.Name); err != nil {
		return err
	}
	return tx.Commit()
}
