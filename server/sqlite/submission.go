package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"openvalue/server"
)

const (
	submissionColumns   = `id, token_hash, status, version, created_at, updated_at, result, receipt, document`
	sqlInsertSubmission = `INSERT INTO submissions (` + submissionColumns + `)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`
	sqlGetSubmission   = `SELECT ` + submissionColumns + ` FROM submissions WHERE id = ?`
	sqlListSubmissions = `SELECT ` + submissionColumns + ` FROM submissions
		WHERE status = ? ORDER BY created_at, seq LIMIT ?`
)

// CreateSubmission inserts a submission with its first result and receipt; server.ErrConflict if
// the id exists. It returns once the submission is durable.
func (db *DB) CreateSubmission(ctx context.Context, s server.Submission) error {
	err := db.exec(ctx, func(ctx context.Context, tx *sql.Tx) error {
		n, err := rowsAffected(tx.StmtContext(ctx, db.st.insertSubmission).ExecContext(ctx,
			s.ID, blob(s.TokenHash), s.Status, s.Version, micros(s.CreatedAt), micros(s.UpdatedAt),
			blob(s.Result), blob(s.Receipt), blob(s.Document)))
		return changedOr(n, err, server.ErrConflict)
	})
	if err != nil {
		return fmt.Errorf("sqlite: create submission %s: %w", s.ID, err)
	}
	return nil
}

// GetSubmission loads a submission; server.ErrNotFound if absent.
func (db *DB) GetSubmission(ctx context.Context, id string) (server.Submission, error) {
	s, err := scanSubmission(db.st.getSubmission.QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		err = server.ErrNotFound
	}
	if err != nil {
		return server.Submission{}, fmt.Errorf("sqlite: get submission %s: %w", id, err)
	}
	return s, nil
}

// ListSubmissions returns up to limit submissions with the given status, oldest first; a limit
// of 0 or less means no limit.
func (db *DB) ListSubmissions(ctx context.Context, status string, limit int) ([]server.Submission, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := db.st.listStatus.QueryContext(ctx, status, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list submissions %q: %w", status, err)
	}
	defer rows.Close()
	var out []server.Submission
	for rows.Next() {
		s, err := scanSubmission(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list submissions %q: %w", status, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list submissions %q: %w", status, err)
	}
	return out, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanSubmission(r scanner) (server.Submission, error) {
	var s server.Submission
	var created, updated int64
	if err := r.Scan(&s.ID, &s.TokenHash, &s.Status, &s.Version, &created, &updated,
		&s.Result, &s.Receipt, &s.Document); err != nil {
		return server.Submission{}, err
	}
	s.CreatedAt, s.UpdatedAt = fromMicros(created), fromMicros(updated)
	return s, nil
}
