package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrationLock is the advisory lock key migrations hold: the first 8 bytes of "openvalu", so
// another application on the same database is unlikely to pick it.
const migrationLock int64 = 0x6f70656e76616c75

// migration is one schema step, migrations/NNNN_name.sql, applied once, in version order.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the embedded migrations in version order. A shipped migration is never
// edited; a change is a new file.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	seen := map[int]string{}
	for _, path := range names {
		name := strings.TrimPrefix(path, "migrations/")
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("%s: name must be NNNN_description.sql", path)
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("%s: version %d already used by %s", path, v, prev)
		}
		seen[v] = name
		b, err := migrationFS.ReadFile(path)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate applies the pending migrations in one transaction holding the migration advisory lock,
// so servers starting together serialise here and each migration runs once. DDL is transactional
// in PostgreSQL: a failed migration leaves the schema as it was.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	ms, err := migrations()
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
			if done[m.version] {
				continue
			}
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("%s: %w", m.name, err)
			}
			if _, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", m.version, m.name); err != nil {
				return fmt.Errorf("%s: %w", m.name, err)
			}
		}
		// A database migrated by a newer openvalue has tables this one does not know how to keep right.
		newest := 0
		for _, v := range applied {
			newest = max(newest, int(v))
		}
		if latest := ms[len(ms)-1].version; newest > latest {
			return fmt.Errorf("the database is at schema version %d, newer than this program's %d: %w", newest, latest, ErrNewerSchema)
		}
		return nil
	})
}

// ErrNewerSchema is returned by Open for a database migrated by a newer version of the program.
var ErrNewerSchema = errors.New("database schema is newer than this program")
