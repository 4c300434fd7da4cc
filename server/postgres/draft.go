package postgres

import (
	"context"
	"fmt"
	"time"

	"openvalue/server"
)

// CreateDraft inserts a new draft; server.ErrConflict if the id exists.
func (db *DB) CreateDraft(ctx context.Context, d server.Draft) error {
	tag, err := db.pool.Exec(ctx, `INSERT INTO drafts (id, token_hash, created_at, updated_at, document)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
		d.ID, blob(d.TokenHash), d.CreatedAt, d.UpdatedAt, blob(d.Document))
	if err == nil && tag.RowsAffected() == 0 {
		err = server.ErrConflict
	}
	if err != nil {
		return fmt.Errorf("postgres: create draft %s: %w", d.ID, err)
	}
	return nil
}

// UpdateDraft replaces the document of a draft; server.ErrNotFound if absent.
func (db *DB) UpdateDraft(ctx context.Context, id string, doc []byte, at time.Time) error {
	tag, err := db.pool.Exec(ctx, `UPDATE drafts SET document = $1, updated_at = $2 WHERE id = $3`, blob(doc), at, id)
	if err == nil && tag.RowsAffected() == 0 {
		err = server.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("postgres: update draft %s: %w", id, err)
	}
	return nil
}

// GetDraft loads a draft; server.ErrNotFound if absent.
func (db *DB) GetDraft(ctx context.Context, id string) (server.Draft, error) {
	d := server.Draft{ID: id}
	err := db.pool.QueryRow(ctx, `SELECT token_hash, created_at, updated_at, document FROM drafts WHERE id = $1`, id).
		Scan(&d.TokenHash, &d.CreatedAt, &d.UpdatedAt, &d.Document)
	if err != nil {
		return server.Draft{}, fmt.Errorf("postgres: get draft %s: %w", id, notFound(err))
	}
	d.CreatedAt, d.UpdatedAt = utc(d.CreatedAt), utc(d.UpdatedAt)
	return d, nil
}
