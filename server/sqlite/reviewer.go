package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"openvalue/server"
)

const (
	sqlInsertReviewer = `INSERT INTO reviewers (id, name, token_hash, created_at)
		VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`
	sqlReviewerByToken = `SELECT id, name, token_hash, created_at FROM reviewers WHERE token_hash = ?`
)

// AddReviewer inserts a reviewer; server.ErrConflict if the id, name or token hash exists.
func (db *DB) AddReviewer(ctx context.Context, r server.Reviewer) error {
	err := db.exec(ctx, func(ctx context.Context, tx *sql.Tx) error {
		n, err := rowsAffected(tx.StmtContext(ctx, db.st.insertReviewer).ExecContext(ctx,
			r.ID, r.Name, blob(r.TokenHash), micros(r.CreatedAt)))
		return changedOr(n, err, server.ErrConflict)
	})
	if err != nil {
		return fmt.Errorf("sqlite: add reviewer %q: %w", r.Name, err)
	}
	return nil
}

// ReviewerByTokenHash finds the reviewer holding a token; server.ErrNotFound if none.
func (db *DB) ReviewerByTokenHash(ctx context.Context, hash []byte) (server.Reviewer, error) {
	var r server.Reviewer
	var created int64
	err := db.st.reviewerByToken.QueryRowContext(ctx, blob(hash)).Scan(&r.ID, &r.Name, &r.TokenHash, &created)
	if errors.Is(err, sql.ErrNoRows) {
		err = server.ErrNotFound
	}
	if err != nil {
		return server.Reviewer{}, fmt.Errorf("sqlite: reviewer by token: %w", err)
	}
	r.CreatedAt = fromMicros(created)
	return r, nil
}
