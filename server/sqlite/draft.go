package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"openvalue/server"
)

const (
	sqlInsertDraft = `INSERT INTO drafts (id, token_hash, created_at, updated_at, document)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
	sqlUpdateDraft = `UPDATE drafts SET document = ?, updated_at = ? WHERE id = ?`
	sqlGetDraft    = `SELECT token_hash, created_at, updated_at, document FROM drafts WHERE id = ?`
)

// CreateDraft inserts a new draft; server.ErrConflict if the id exists.
func (db *DB) CreateDraft(ctx context.Context, d server.Draft) error {
	err := db.exec(ctx, func(ctx context.Context, tx *sql.Tx) error {
		n, err := rowsAffected(tx.StmtContext(ctx, db.st.insertDraft).ExecContext(ctx,
			d.ID, blob(d.TokenHash), micros(d.CreatedAt), micros(d.UpdatedAt), blob(d.Document)))
		return changedOr(n, err, server.ErrConflict)
	})
	if err != nil {
		return fmt.Errorf("sqlite: create draft %s: %w", d.ID, err)
	}
	return nil
}

// UpdateDraft replaces the document of a draft; server.ErrNotFound if absent.
func (db *DB) UpdateDraft(ctx context.Context, id string, doc []byte, at time.Time) error {
	err := db.exec(ctx, func(ctx context.Context, tx *sql.Tx) error {
		n, err := rowsAffected(tx.StmtContext(ctx, db.st.updateDraft).ExecContext(ctx, blob(doc), micros(at), id))
		return changedOr(n, err, server.ErrNotFound)
	})
	if err != nil {
		return fmt.Errorf("sqlite: update draft %s: %w", id, err)
	}
	return nil
}

// GetDraft loads a draft; server.ErrNotFound if absent.
func (db *DB) GetDraft(ctx context.Context, id string) (server.Draft, error) {
	d := server.Draft{ID: id}
	var created, updated int64
	err := db.st.getDraft.QueryRowContext(ctx, id).Scan(&d.TokenHash, &created, &updated, &d.Document)
	if errors.Is(err, sql.ErrNoRows) {
		err = server.ErrNotFound
	}
	if err != nil {
		return server.Draft{}, fmt.Errorf("sqlite: get draft %s: %w", id, err)
	}
	d.CreatedAt, d.UpdatedAt = fromMicros(created), fromMicros(updated)
	return d, nil
}
