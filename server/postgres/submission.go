package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"openvalue/server"
)

const submissionColumns = `id, token_hash, status, version, created_at, updated_at, result, receipt, document`

// CreateSubmission inserts a submission with its first result and receipt; server.ErrConflict if
// the id exists. It returns once the submission is committed.
func (db *DB) CreateSubmission(ctx context.Context, s server.Submission) error {
	tag, err := db.pool.Exec(ctx, `INSERT INTO submissions (`+submissionColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
		s.ID, blob(s.TokenHash), s.Status, s.Version, s.CreatedAt, s.UpdatedAt, blob(s.Result), blob(s.Receipt), blob(s.Document))
	if err == nil && tag.RowsAffected() == 0 {
		err = server.ErrConflict
	}
	if err != nil {
		return fmt.Errorf("postgres: create submission %s: %w", s.ID, err)
	}
	return nil
}

// GetSubmission loads a submission; server.ErrNotFound if absent.
func (db *DB) GetSubmission(ctx context.Context, id string) (server.Submission, error) {
	s, err := scanSubmission(db.pool.QueryRow(ctx, `SELECT `+submissionColumns+` FROM submissions WHERE id = $1`, id))
	if err != nil {
		return server.Submission{}, fmt.Errorf("postgres: get submission %s: %w", id, notFound(err))
	}
	return s, nil
}

// ListSubmissions returns up to limit submissions with the given status, oldest first; a limit
// of 0 or less means no limit.
func (db *DB) ListSubmissions(ctx context.Context, status string, limit int) ([]server.Submission, error) {
	var lim *int64 // LIMIT NULL: no limit
	if limit > 0 {
		l := int64(limit)
		lim = &l
	}
	rows, err := db.pool.Query(ctx, `SELECT `+submissionColumns+` FROM submissions
		WHERE status = $1 ORDER BY created_at, seq LIMIT $2`, status, lim)
	if err != nil {
		return nil, fmt.Errorf("postgres: list submissions %q: %w", status, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (server.Submission, error) { return scanSubmission(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: list submissions %q: %w", status, err)
	}
	return out, nil
}

func scanSubmission(r pgx.Row) (server.Submission, error) {
	var s server.Submission
	if err := r.Scan(&s.ID, &s.TokenHash, &s.Status, &s.Version, &s.CreatedAt, &s.UpdatedAt,
		&s.Result, &s.Receipt, &s.Document); err != nil {
		return server.Submission{}, err
	}
	s.CreatedAt, s.UpdatedAt = utc(s.CreatedAt), utc(s.UpdatedAt)
	return s, nil
}
