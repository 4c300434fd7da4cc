// Package postgres keeps the server's drafts, submissions, reviews and reviewers in PostgreSQL
// through github.com/jackc/pgx/v5 (pgxpool), for deployments where several server processes
// share one database. *DB implements server.Store and passes server/storetest, like server/sqlite,
// with the same tables.
//
// Durability: every write is one transaction, and a method returns after COMMIT, which with
// PostgreSQL's defaults (fsync=on, synchronous_commit=on) has flushed the WAL.
//
// Concurrency: SaveReview updates the submission row only if its version is still the review's
// BaseVersion; the row lock that UPDATE takes makes concurrent reviews of one submission queue up,
// and the loser sees the new version and gets server.ErrConflict. Creates rely on unique
// constraints (INSERT ... ON CONFLICT DO NOTHING), so racing servers cannot both win an id.
//
// Migrations are embedded (migrations/NNNN_name.sql) and applied at Open in one transaction that
// first takes a transaction-scoped advisory lock: when several servers start at once, one
// migrates and the others wait, then find nothing left to do.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"openvalue/server"
)

// DB is an open PostgreSQL store. It is safe for concurrent use.
type DB struct {
	pool *pgxpool.Pool
}

var _ server.Store = (*DB)(nil)

// Open connects to dsn (a postgres:// URL or key=value string, as libpq and pgx accept) and
// migrates the database to the latest schema. Pool settings travel in the dsn as pgxpool reads
// them (pool_max_conns=N; the default is max(4, number of CPUs) per server process).
func Open(ctx context.Context, dsn string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// The error may quote the dsn, password included: keep only the reason.
		var pe *pgconn.ParseConfigError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("postgres: open: invalid dsn: %w", pe.Unwrap())
		}
		return nil, fmt.Errorf("postgres: open: invalid dsn")
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: open: migrate: %w", err)
	}
	return &DB{pool: pool}, nil
}

// Close closes every connection, waiting for those in use to be released.
func (db *DB) Close() error {
	db.pool.Close() // idempotent
	return nil
}

// blob sends nil as an empty bytea: the columns are NOT NULL, and an absent value is still a value.
func blob(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// utc normalises times read back: pgx returns timestamptz in the local zone.
func utc(t time.Time) time.Time { return t.UTC() }

// notFound maps pgx's "no rows" to server.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return server.ErrNotFound
	}
	return err
}
