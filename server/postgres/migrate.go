package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"openvalue/server/migration"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrationLock is the advisory lock key migrations hold: the first 8 bytes of "openvalu", so
// another application on the same database is unlikely to pick it.
const migrationLock int64 = 0x6f70656e76616c75

// migrate applies the pending migrations in one transaction holding the migration advisory lock,
// so servers starting together serialise here and each migration runs once. DDL is transactional
// in PostgreSQL: a failed migration leaves the schema as it was.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	ms, err := migration.Load(migrationFS)
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLock); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    integer PRIMARY KEY,
			name       text NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, "SELECT version FROM schema_migrations")
		if err != nil {
			return err
		}
		applied, err := pgx.CollectRows(rows, pgx.RowTo[int32])
		if err != nil {
			return err
		}
		done := map[int]bool{}
		for _, v := range applied {
			done[int(v)] = true
		}
		for _, m := range ms {
			if done[m.Version] {
				continue
			}
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("%s: %w", m.Name, err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.Version, m.Name); err != nil {
				return fmt.Errorf("%s: %w", m.Name, err)
			}
		}
		// A database migrated by a newer openvalue has tables this one does not know how to keep right.
		newest := 0
		for _, v := range applied {
			newest = max(newest, int(v))
		}
		if latest := ms[len(ms)-1].Version; newest > latest {
			return fmt.Errorf("the database is at schema version %d, newer than this program's %d: %w", newest, latest, ErrNewerSchema)
		}
		return nil
	})
}

// ErrNewerSchema is returned by Open for a database migrated by a newer version of the program.
var ErrNewerSchema = errors.New("database schema is newer than this program")
