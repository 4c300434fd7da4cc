package postgres

import (
	"context"
	"fmt"

	"openvalue/server"
)

// AddReviewer inserts a reviewer; server.ErrConflict if the id, name or token hash exists.
func (db *DB) AddReviewer(ctx context.Context, r server.Reviewer) error {
	tag, err := db.pool.Exec(ctx, `INSERT INTO reviewers (id, name, token_hash, created_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, r.ID, r.Name, blob(r.TokenHash), r.CreatedAt)
	if err == nil && tag.RowsAffected() == 0 {
		err = server.ErrConflict
	}
	if err != nil {
		return fmt.Errorf("postgres: add reviewer %q: %w", r.Name, err)
	}
	return nil
}

// ReviewerByTokenHash finds the reviewer holding a token; server.ErrNotFound if none.
func (db *DB) ReviewerByTokenHash(ctx context.Context, hash []byte) (server.Reviewer, error) {
	var r server.Reviewer
	err := db.pool.QueryRow(ctx, `SELECT id, name, token_hash, created_at FROM reviewers WHERE token_hash = $1`, blob(hash)).
		Scan(&r.ID, &r.Name, &r.TokenHash, &r.CreatedAt)
	if err != nil {
		return server.Reviewer{}, fmt.Errorf("postgres: reviewer by token: %w", notFound(err))
	}
	r.CreatedAt = utc(r.CreatedAt)
	return r, nil
}
